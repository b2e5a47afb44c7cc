//! The page's entry point (Trunk `rel="rust"` with `data-bin="app"`).

fn main() {
    yew::Renderer::<rostercheck_web::components::App>::new().render();
}
