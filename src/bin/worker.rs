//! The checking worker's entry point (Trunk `data-type="worker"`, `data-bin="worker"`).

fn main() {
    rostercheck_web::worker::start();
}
