//! The checking worker's entry point (Trunk `data-type="worker"`, `data-bin="worker"`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    rostercheck_web::worker::start();
}
