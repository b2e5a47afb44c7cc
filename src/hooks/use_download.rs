//! Downloads made in the page: a `Blob`, an object URL and a click on a temporary link.

use crate::state::Body;
use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A file to download.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    /// The file name offered to the person.
    pub name: String,
    /// Its bytes, or the `Blob` that holds them.
    pub body: Body,
    /// Its media type.
    pub mime: &'static str,
}

/// How many object URLs stay alive (revoked when dropped, oldest first): a URL revoked right
/// after the click could cancel a download the browser has not started yet.
const KEEP: usize = 4;

/// A callback that downloads a file.
#[hook]
pub fn use_download() -> Callback<Download> {
    let urls = use_mut_ref(Vec::<ObjectUrl>::new);
    Callback::from(move |download: Download| {
        let blob = match &download.body {
            Body::Bytes(bytes) => Blob::new_with_options(&bytes[..], Some(download.mime)),
            // The worker's Blob is offered as it is: its bytes never pass through the page.
            Body::Blob(blob) => Blob::from(blob.clone()),
        };
        let url = ObjectUrl::from(blob);
        let link = gloo::utils::document()
            .create_element("a")
            .ok()
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(link) = link {
            link.set_href(&url);
            link.set_download(&download.name);
            link.click();
        }
        let mut urls = urls.borrow_mut();
        urls.push(url);
        if urls.len() > KEEP {
            urls.remove(0);
        }
    })
}
