//! The scroll position and size of a scrolling element, for the virtualised findings table.

use gloo::events::EventListener;
use yew::prelude::*;

/// What is visible of a scrolling element.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScrollView {
    /// Pixels scrolled from the top.
    pub top: f64,
    /// Visible height in pixels.
    pub height: f64,
    /// Visible width in pixels.
    pub width: f64,
}

fn measure(node: &NodeRef) -> Option<ScrollView> {
    let element = node.cast::<web_sys::Element>()?;
    Some(ScrollView {
        top: f64::from(element.scroll_top()),
        height: f64::from(element.client_height()),
        width: f64::from(element.client_width()),
    })
}

/// Tracks `node`'s scroll position and size (on scroll and on window resize).
#[hook]
pub fn use_scroll_view(node: NodeRef) -> UseStateHandle<ScrollView> {
    let view = use_state_eq(ScrollView::default);
    {
        let view = view.clone();
        use_effect_with(node, move |node| {
            let update = {
                let node = node.clone();
                let view = view.clone();
                move || {
                    if let Some(now) = measure(&node) {
                        view.set(now);
                    }
                }
            };
            update();
            let on_scroll = node.cast::<web_sys::Element>().map(|element| {
                let update = update.clone();
                EventListener::new(&element, "scroll", move |_| update())
            });
            let on_resize = EventListener::new(&gloo::utils::window(), "resize", move |_| update());
            move || {
                drop(on_scroll);
                drop(on_resize);
            }
        });
    }
    view
}
