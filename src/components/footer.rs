//! The footer: which build this is, and whether it works offline.

use crate::hooks::{apply_update, build_id, use_offline};
use crate::offline::Offline;
use yew::prelude::*;

/// The page footer.
#[component]
pub fn Footer() -> Html {
    let offline = use_offline();
    let build = use_memo((), |_| build_id());
    let update = Callback::from(|_: MouseEvent| apply_update());
    html! {
        <footer class="bottom">
            <p>
                { "rostercheck " }
                <span data-testid="build">{ (*build).clone() }</span>
                { " · checks run in your browser; nothing is sent anywhere." }
            </p>
            <p class="offline" role="status" data-testid="offline" data-state={offline.as_str()}>
                { offline.words() }
                if offline == Offline::Update {
                    { " " }
                    <button type="button" class="button" onclick={update}>{ "Use the new version" }</button>
                }
            </p>
        </footer>
    }
}
