//! The workbook worker (Trunk `data-type="worker"`, `data-bin="workbook"`): started by the page
//! only when a workbook is chosen, so the page's first load carries no workbook reader.

mod build;
mod worker;

fn main() {
    worker::start();
}
