//! The page's build identifier and offline state, both set on `<html>` by the build and the
//! start script (`scripts/postbuild.mjs`, `assets/start.js`).

use crate::offline::Offline;
use gloo::events::EventListener;
use yew::prelude::*;

/// The event the start script fires on `window` when `data-offline` changes.
const CHANGED: &str = "rostercheck-offline";
/// The event this page fires on `window` to switch to a downloaded new version.
const UPDATE: &str = "rostercheck-update";

fn root_attribute(name: &str) -> Option<String> {
    gloo::utils::document()
        .document_element()
        .and_then(|root| root.get_attribute(name))
        .filter(|value| !value.is_empty())
}

/// This build's identifier (`<html data-build>`: crate version, git commit and build date, e.g.
/// `0.1.0+cb1f7d1.2026-11-28`), or the crate version when the page carries none.
pub fn build_id() -> String {
    root_attribute("data-build").unwrap_or_else(|| rostercheck_core::VERSION.to_owned())
}

/// Asks the start script to switch to the new version (it reloads the page).
pub fn apply_update() {
    if let Ok(event) = web_sys::Event::new(UPDATE) {
        let _ = gloo::utils::window().dispatch_event(&event);
    }
}

/// The offline state, kept current.
#[hook]
pub fn use_offline() -> Offline {
    let read = || Offline::parse(&root_attribute("data-offline").unwrap_or_default());
    let state = use_state_eq(read);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            // The start script may have reported before the app started.
            state.set(read());
            let listener =
                EventListener::new(&gloo::utils::window(), CHANGED, move |_| state.set(read()));
            move || drop(listener)
        });
    }
    *state
}
