//! Hooks: the only places besides components that touch the DOM or the worker.

mod use_builder;
mod use_checker;
mod use_download;
mod use_offline;
mod use_scroll_view;

pub use use_builder::{use_builder, BuilderHandle};
pub use use_checker::{use_checker, worker_url, CheckerHandle};
pub use use_download::{use_download, Download};
pub use use_offline::{apply_update, build_id, use_offline};
pub use use_scroll_view::{use_scroll_view, ScrollView};
