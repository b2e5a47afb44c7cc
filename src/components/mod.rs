//! The page, one component per file.

mod app;
mod builder;
mod bundle_files;
mod cell_editor;
mod column_counts;
mod column_mapper;
mod completeness_chart;
mod counts_table;
mod decisions;
mod downloads;
mod drop_zone;
mod edits_bar;
mod filters;
mod findings_table;
mod footer;
mod line_editor;
mod next_steps;
mod privacy;
mod progress;
mod row_view;
mod rule_counts;
mod sheet_picker;
mod summary;

pub use app::App;
pub use builder::{Builder, BuilderProps};
pub use bundle_files::{BundleFiles, BundleFilesProps};
pub use cell_editor::{CellEditor, CellEditorProps};
pub use column_counts::{ColumnCounts, ColumnCountsProps};
pub use column_mapper::{ColumnMapper, ColumnMapperProps};
pub use completeness_chart::{CompletenessChart, CompletenessChartProps};
pub use decisions::{Decisions, DecisionsProps};
pub use downloads::{report_names, Downloads, DownloadsProps};
pub use drop_zone::{DropZone, DropZoneProps};
pub use edits_bar::{EditsBar, EditsBarProps};
pub use filters::{FilterBar, FilterBarProps};
pub use findings_table::{FindingsTable, FindingsTableProps, ROW_NARROW, ROW_WIDE};
pub use footer::Footer;
pub use line_editor::{line_problem, LineEditor, LineEditorProps};
pub use next_steps::{fields_with_values, NextSteps, NextStepsProps};
pub use privacy::Privacy;
pub use progress::{Progress, ProgressProps};
pub use row_view::{RowView, RowViewProps};
pub use rule_counts::{RuleCounts, RuleCountsProps};
pub use sheet_picker::{SheetPicker, SheetPickerProps};
pub use summary::{Summary, SummaryProps};

use crate::filters::Filter;
use crate::state::Action;
use rostercheck_core::Severity;
use yew::{Callback, MouseEvent};

/// A severity in words with a shape, so it is never told by colour alone.
pub fn severity_label(severity: Severity) -> (&'static str, &'static str) {
    match severity {
        Severity::Error => ("✖", "Error"),
        Severity::Warning => ("▲", "Warning"),
        Severity::Info => ("ℹ", "Info"),
    }
}

/// What pressing a count does: apply `next` as the findings filter and move focus to the findings.
pub fn filter_on_press(dispatch: &Callback<Action>, next: Filter) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| {
        dispatch.emit(Action::SetFilter(next.clone()));
        focus("findings");
    })
}

/// The part of a path after its last `/` or `\`.
pub fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Moves keyboard focus to the element with this id, if it exists.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = gloo::utils::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// True the first time `count` (a counter of the page's state that only grows) is seen by
/// `last`: a focus moved once for each, not again when its component is mounted again.
pub(crate) fn first_time(
    last: &'static std::thread::LocalKey<std::cell::Cell<u64>>,
    count: u64,
) -> bool {
    last.with(|last| {
        let first = count > last.get();
        last.set(last.get().max(count));
        first
    })
}
