//! "Your data stays here": what is and is not done with a file, in plain words.

use yew::prelude::*;

/// The privacy explanation shown under the file chooser.
#[component]
pub fn Privacy() -> Html {
    html! {
        <section class="privacy" aria-labelledby="privacy-title" data-testid="privacy">
            <h2 id="privacy-title">{ "Your data stays here" }</h2>
            <ul>
                <li>{ "Your file is read in this browser tab and checked by WebAssembly on this computer. It is never uploaded." }</li>
                <li>{ "This page is not allowed to send anything anywhere: its security policy blocks every connection to a server, including its own." }</li>
                <li>{ "Nothing about your file is stored: no cookies, no browser storage. Close the tab and it is gone." }</li>
                <li>{ "The corrected file and the reports are made on this computer when you press a download button." }</li>
                <li>{ "The browser keeps a copy of this app (never of your files) so that it also works offline." }</li>
            </ul>
        </section>
    }
}
