//! The page's state and its reducer. It holds the core's types (report, edits) but no rule
//! logic: every change a person makes becomes new [`Edits`] and a new request to the worker,
//! and the counts shown are always the core's.

use crate::filters::Filter;
use crate::protocol::{BundleDone, SheetView};
use crate::verdict;
use rostercheck_core::{Code, Edits, Finding, Report, ValueMap};
use std::ops::Deref;
use std::rc::Rc;
use yew::Reducible;

/// An `Rc` compared by pointer: cheap to pass as a property, equal only to itself.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Shared<T> {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The file being checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    /// Its name (the corrected file is downloaded under it).
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// A file's bytes as the page holds them: in its own memory, or in a `Blob` made elsewhere.
/// The corrected file is the worker's `Blob`: its bytes (110 MB for 1,000,000 rows) are not
/// copied through the page's memory. (Measured with `scripts/bench-browser.sh`: see
/// BENCHMARKS.md, issue 8.)
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Bytes in the page's memory.
    Bytes(Rc<[u8]>),
    /// A `Blob` the worker wrote.
    Blob(web_sys::Blob),
}

impl Body {
    /// True when there is nothing in it.
    pub fn is_empty(&self) -> bool {
        match self {
            Body::Bytes(bytes) => bytes.is_empty(),
            Body::Blob(blob) => blob.size() == 0.0,
        }
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body::Bytes(bytes.into())
    }
}

/// A finished check.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    /// The request this answers (grows with every check: the `data-check` test hook).
    pub id: u64,
    /// The core's report.
    pub report: Report,
    /// The corrected file.
    pub output: Body,
    /// The edits the report reflects.
    pub edits: Edits,
    /// Time the worker spent, in milliseconds.
    pub elapsed_ms: f64,
    /// What the bundle gave besides, when the file was a bundle.
    pub bundle: Option<Shared<BundleDone>>,
    /// The sheet read and the sheets to choose from, when the file was a workbook.
    pub sheet: Option<SheetView>,
}

/// Where the page is.
#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    /// No file yet.
    Idle,
    /// The worker is checking (request `id`).
    Working {
        /// The request.
        id: u64,
        /// Bytes checked.
        done: u64,
        /// Bytes in the file (0 until the first progress message).
        total: u64,
        /// For a re-check after a change: the history position to go back to on Cancel.
        restore: Option<usize>,
    },
    /// A report is shown.
    Done,
    /// The file could not be checked.
    Failed {
        /// Why, in plain words.
        message: String,
    },
}

impl Phase {
    /// The `data-state` test hook: `idle`, `working`, `done` or `failed`.
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Working { .. } => "working",
            Phase::Done => "done",
            Phase::Failed { .. } => "failed",
        }
    }
}

/// Identifies a finding across re-checks (its index changes when others appear or go).
#[derive(Debug, Clone, PartialEq, Eq)]
struct FindingKey {
    line: u64,
    code: Code,
    column: Option<String>,
}

impl FindingKey {
    fn of(f: &Finding) -> FindingKey {
        FindingKey {
            line: f.line,
            code: f.code,
            column: f.column.clone(),
        }
    }
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// Where the page is.
    pub phase: Phase,
    /// The file being checked.
    pub file: Option<FileMeta>,
    /// The latest request's id; the worker is asked to check whenever it changes.
    pub request: u64,
    /// The latest finished check for this file.
    pub result: Option<Shared<CheckResult>>,
    /// The detail view's filter.
    pub filter: Filter,
    /// The finding shown in the details panel (index into the report's findings).
    pub selected: Option<usize>,
    /// A short message for the person ("Check cancelled.").
    pub notice: Option<String>,
    history: Vec<Edits>,
    cursor: usize,
}

impl Default for AppState {
    fn default() -> AppState {
        AppState {
            phase: Phase::Idle,
            file: None,
            request: 0,
            result: None,
            filter: Filter::default(),
            selected: None,
            notice: None,
            history: vec![Edits::default()],
            cursor: 0,
        }
    }
}

/// What can happen.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A file was chosen: check it from scratch.
    Open(FileMeta),
    /// The worker reports progress.
    Progress {
        /// The request.
        id: u64,
        /// Bytes checked.
        done: u64,
        /// Bytes in the file.
        total: u64,
    },
    /// The worker finished.
    Finished {
        /// The request.
        id: u64,
        /// The report (boxed: it is large, and the other actions are small).
        report: Box<Report>,
        /// The corrected file.
        output: Body,
        /// Time the worker spent, in milliseconds.
        elapsed_ms: f64,
        /// What a bundle gave besides.
        bundle: Option<Box<BundleDone>>,
        /// The sheet read and the sheets to choose from, when the file was a workbook.
        sheet: Option<SheetView>,
    },
    /// The worker could not check the file.
    Failed {
        /// The request.
        id: u64,
        /// Why.
        message: String,
    },
    /// The person cancelled the check.
    Cancel,
    /// Set one cell.
    EditCell {
        /// 0-based data row.
        record: u64,
        /// Canonical column name.
        column: String,
        /// The new value.
        value: String,
    },
    /// Replace a value in a whole column.
    MapValue(ValueMap),
    /// Leave a row out of the corrected file.
    Exclude(u64),
    /// Put an excluded row back.
    Include(u64),
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Change the detail view's filter.
    SetFilter(Filter),
    /// Show a finding in the details panel (or none).
    Select(Option<usize>),
}

impl AppState {
    /// The edits in force (what the next or current check applies).
    pub fn edits(&self) -> &Edits {
        &self.history[self.cursor]
    }

    /// True while the worker checks.
    pub fn busy(&self) -> bool {
        matches!(self.phase, Phase::Working { .. })
    }

    /// True when a change can be made (a report exists and the worker is idle).
    pub fn can_edit(&self) -> bool {
        self.result.is_some() && !self.busy()
    }

    /// True when there is a change to undo.
    pub fn can_undo(&self) -> bool {
        self.can_edit() && self.cursor > 0
    }

    /// True when there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        self.can_edit() && self.cursor + 1 < self.history.len()
    }

    /// The finding in the details panel.
    pub fn selected_finding(&self) -> Option<&Finding> {
        let result = self.result.as_ref()?;
        result.report.findings.get(self.selected?)
    }

    fn start(&mut self, restore: Option<usize>) {
        self.request += 1;
        self.notice = None;
        self.phase = Phase::Working {
            id: self.request,
            done: 0,
            total: 0,
            restore,
        };
    }

    fn change(&mut self, edit: impl FnOnce(&mut Edits)) {
        if !self.can_edit() {
            return;
        }
        let mut next = self.edits().clone();
        edit(&mut next);
        if next == *self.edits() {
            return;
        }
        let restore = self.cursor;
        self.history.truncate(self.cursor + 1);
        self.history.push(next);
        self.cursor += 1;
        self.start(Some(restore));
    }

    fn is_current(&self, id: u64) -> bool {
        matches!(self.phase, Phase::Working { id: current, .. } if current == id)
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Open(file) => {
                next = AppState {
                    request: self.request,
                    file: Some(file),
                    ..AppState::default()
                };
                next.start(None);
            }
            Action::Progress { id, done, total } => {
                if let Phase::Working {
                    id: current,
                    done: d,
                    total: t,
                    ..
                } = &mut next.phase
                {
                    if *current == id {
                        *d = done;
                        *t = total;
                    }
                }
            }
            Action::Finished {
                id,
                report,
                output,
                elapsed_ms,
                bundle,
                sheet,
            } => {
                if !next.is_current(id) {
                    return self;
                }
                let old_key = next.selected_finding().map(FindingKey::of);
                next.phase = match verdict::failure(&report) {
                    Some(message) => Phase::Failed { message },
                    None => Phase::Done,
                };
                next.selected = old_key.and_then(|key| {
                    report
                        .findings
                        .iter()
                        .position(|f| FindingKey::of(f) == key)
                });
                next.result = Some(Shared::new(CheckResult {
                    id,
                    report: *report,
                    output,
                    edits: next.edits().clone(),
                    elapsed_ms,
                    bundle: bundle.map(|b| Shared::new(*b)),
                    sheet,
                }));
            }
            Action::Failed { id, message } => {
                if !next.is_current(id) {
                    return self;
                }
                next.phase = Phase::Failed { message };
            }
            Action::Cancel => {
                let Phase::Working { restore, .. } = next.phase else {
                    return self;
                };
                match (restore, next.result.is_some()) {
                    (Some(cursor), true) => {
                        next.cursor = cursor;
                        next.phase = Phase::Done;
                        next.notice =
                            Some("Check cancelled: the last change was not applied.".into());
                    }
                    _ => {
                        next = AppState {
                            request: self.request,
                            notice: Some("Check cancelled. Choose a file to start again.".into()),
                            ..AppState::default()
                        };
                    }
                }
            }
            Action::EditCell {
                record,
                column,
                value,
            } => next.change(|e| {
                e.cells.insert((record, column), value);
            }),
            Action::MapValue(map) => next.change(|e| {
                e.maps
                    .retain(|m| !(m.column == map.column && m.from == map.from));
                e.maps.push(map);
            }),
            Action::Exclude(record) => next.change(|e| {
                e.excluded.insert(record);
            }),
            Action::Include(record) => next.change(|e| {
                e.excluded.remove(&record);
            }),
            Action::Undo => {
                if next.can_undo() {
                    let restore = next.cursor;
                    next.cursor -= 1;
                    next.start(Some(restore));
                }
            }
            Action::Redo => {
                if next.can_redo() {
                    let restore = next.cursor;
                    next.cursor += 1;
                    next.start(Some(restore));
                }
            }
            Action::SetFilter(filter) => {
                let keep = next.selected_finding().is_some_and(|f| filter.matches(f));
                if !keep {
                    next.selected = None;
                }
                next.filter = filter;
            }
            Action::Select(index) => next.selected = index,
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::{check_and_fix, Date, Options};

    const FOOD: &str = "metadata.eligibilityStatusForSchoolFoodServicePrograms";

    fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
        state.reduce(action)
    }

    /// Plays the worker: checks the sample with the state's edits, as requested.
    fn answer(state: Rc<AppState>) -> Rc<AppState> {
        let Phase::Working { id, .. } = state.phase else {
            panic!("not working: {:?}", state.phase);
        };
        let mut options = Options::new(Date::new(2026, 11, 28).unwrap());
        options.edits = state.edits().clone();
        let (report, output) = check_and_fix(crate::SAMPLE, &options);
        reduce(
            state,
            Action::Finished {
                id,
                report: Box::new(report),
                output: output.into(),
                elapsed_ms: 1.0,
                bundle: None,
                sheet: None,
            },
        )
    }

    fn opened() -> Rc<AppState> {
        let state = reduce(
            Rc::new(AppState::default()),
            Action::Open(FileMeta {
                name: "demographics.csv".into(),
                size: 10,
            }),
        );
        answer(state)
    }

    fn errors(state: &AppState) -> u64 {
        state.result.as_ref().unwrap().report.totals.errors
    }

    #[test]
    fn open_check_done() {
        let state = Rc::new(AppState::default());
        assert_eq!(state.phase.name(), "idle");
        let state = reduce(
            state,
            Action::Open(FileMeta {
                name: "a.csv".into(),
                size: 1,
            }),
        );
        assert_eq!(state.phase.name(), "working");
        assert!(!state.can_edit());
        let id = state.request;
        let state = reduce(
            state,
            Action::Progress {
                id,
                done: 5,
                total: 10,
            },
        );
        assert!(matches!(
            state.phase,
            Phase::Working {
                done: 5,
                total: 10,
                ..
            }
        ));
        let state = answer(state);
        assert_eq!(state.phase, Phase::Done);
        assert!(state.can_edit() && !state.can_undo() && !state.can_redo());
    }

    #[test]
    fn stale_replies_are_ignored() {
        let state = opened();
        let old = state.request;
        let state = reduce(state, Action::Exclude(0));
        let before = Rc::clone(&state);
        let state = reduce(
            state,
            Action::Finished {
                id: old,
                report: Box::default(),
                output: Vec::new().into(),
                elapsed_ms: 0.0,
                bundle: None,
                sheet: None,
            },
        );
        assert!(Rc::ptr_eq(&state, &before));
        let state = reduce(
            state,
            Action::Failed {
                id: old,
                message: "x".into(),
            },
        );
        assert_eq!(state.phase.name(), "working");
    }

    #[test]
    fn map_undo_redo_keep_counts_true() {
        let state = opened();
        let start = errors(&state);
        let map = ValueMap {
            column: FOOD.into(),
            from: "F".into(),
            to: "Free".into(),
        };
        let state = answer(reduce(state, Action::MapValue(map.clone())));
        assert_eq!(errors(&state), start - 1);
        assert_eq!(state.result.as_ref().unwrap().edits.maps, vec![map]);
        assert!(state.can_undo());

        let state = answer(reduce(state, Action::Undo));
        assert_eq!(errors(&state), start);
        assert!(state.edits().is_empty());
        assert!(state.can_redo() && !state.can_undo());

        let state = answer(reduce(state, Action::Redo));
        assert_eq!(errors(&state), start - 1);

        // A new change after an undo drops the redo branch.
        let state = answer(reduce(state, Action::Undo));
        let state = answer(reduce(state, Action::Exclude(3)));
        assert!(!state.can_redo());
        assert_eq!(state.result.as_ref().unwrap().report.excluded, 1);
    }

    #[test]
    fn cell_edit_and_include() {
        let state = opened();
        let start = errors(&state);
        // Line 5 (record 3) has sex "X".
        let state = answer(reduce(
            state,
            Action::EditCell {
                record: 3,
                column: "sex".into(),
                value: "female".into(),
            },
        ));
        assert_eq!(errors(&state), start - 1);
        let state = answer(reduce(state, Action::Exclude(3)));
        let excluded = errors(&state);
        assert!(excluded < start - 1);
        let state = answer(reduce(state, Action::Include(3)));
        assert_eq!(errors(&state), start - 1);
        // Excluding twice is not a change.
        let state = answer(reduce(state, Action::Exclude(3)));
        let same = reduce(Rc::clone(&state), Action::Exclude(3));
        assert_eq!(same.phase, Phase::Done);
    }

    #[test]
    fn edits_wait_for_the_worker() {
        let state = reduce(opened(), Action::Exclude(1));
        let request = state.request;
        let state = reduce(state, Action::Exclude(2));
        assert_eq!(state.request, request);
        assert!(!state.edits().excluded.contains(&2));
    }

    #[test]
    fn cancel_restores_the_last_report_or_goes_idle() {
        let state = opened();
        let state = reduce(state, Action::Exclude(1));
        let state = reduce(state, Action::Cancel);
        assert_eq!(state.phase, Phase::Done);
        assert!(state.edits().is_empty());
        assert!(state
            .notice
            .as_deref()
            .unwrap_or("")
            .contains("not applied"));

        let fresh = reduce(
            Rc::new(AppState::default()),
            Action::Open(FileMeta {
                name: "big.csv".into(),
                size: 1,
            }),
        );
        let request = fresh.request;
        let state = reduce(fresh, Action::Cancel);
        assert_eq!(state.phase, Phase::Idle);
        assert!(state.file.is_none());
        // The next request gets a new id, so a late reply of the cancelled one is ignored.
        let state = reduce(
            state,
            Action::Open(FileMeta {
                name: "b.csv".into(),
                size: 1,
            }),
        );
        assert!(state.request > request);
    }

    #[test]
    fn unreadable_file_fails_with_the_core_message() {
        let state = reduce(
            Rc::new(AppState::default()),
            Action::Open(FileMeta {
                name: "a.xlsx".into(),
                size: 1,
            }),
        );
        let (report, output) = check_and_fix(
            b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
            &Options::new(Date::new(2026, 11, 28).unwrap()),
        );
        let id = state.request;
        let state = reduce(
            state,
            Action::Finished {
                id,
                report: Box::new(report),
                output: output.into(),
                elapsed_ms: 0.0,
                bundle: None,
                sheet: None,
            },
        );
        match &state.phase {
            Phase::Failed { message } => assert!(message.contains("Excel workbook")),
            other => panic!("{other:?}"),
        }
        assert_eq!(state.phase.name(), "failed");
    }

    #[test]
    fn selection_follows_the_finding_and_the_filter() {
        let state = opened();
        let report = &state.result.as_ref().unwrap().report;
        let other = report
            .findings
            .iter()
            .position(|f| f.code == Code::InvalidSex && f.fix.is_none())
            .unwrap();
        let state = reduce(state, Action::Select(Some(other)));
        let key = FindingKey::of(state.selected_finding().unwrap());
        // A change that removes a finding before it shifts indices; the selection follows.
        let state = answer(reduce(state, Action::Exclude(0)));
        assert_eq!(FindingKey::of(state.selected_finding().unwrap()), key);
        let report = &state.result.as_ref().unwrap().report;
        let index = report
            .findings
            .iter()
            .position(|f| f.code == Code::InvalidFoodService)
            .unwrap();
        let state = reduce(state, Action::Select(Some(index)));
        let state = reduce(
            state,
            Action::SetFilter(Filter {
                code: Some(Code::InvalidSex),
                ..Filter::default()
            }),
        );
        assert_eq!(state.selected, None);
    }
}
