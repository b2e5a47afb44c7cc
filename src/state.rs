//! The page's state and its reducer. It holds the core's types (report, edits) but no rule
//! logic: every change a person makes becomes new [`Edits`] and a new request to the worker,
//! and the counts shown are always the core's.

use crate::filters::Filter;
use crate::protocol::{BundleDone, Digest, FindingKey, Query, Select, Selected, SheetView, Window};
use rostercheck_core::{Edits, Finding, Report, ValueMap};
use std::collections::BTreeMap;
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
    /// The core's report, without its findings (the worker keeps them; the page asks for the
    /// window it shows).
    pub report: Report,
    /// What the page shows of the findings.
    pub digest: Digest,
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
    /// The finding shown in the details panel.
    pub selected: Option<Selected>,
    /// A short message for the person ("Check cancelled.").
    pub notice: Option<String>,
    /// The findings the worker sent last (the table's rows in view, and some either side).
    pub window: Option<Shared<Window>>,
    /// The places in the filtered list the table shows now.
    pub want: (usize, usize),
    /// A selection asked of the worker, not answered yet.
    pending: Option<Select>,
    /// A window was asked for and is not answered yet (one at a time).
    asking: bool,
    /// The query to send; `asks` grows with each, and the page sends it when it does.
    pub asked: Option<Query>,
    /// How many queries were asked (the page sends `asked` when it changes).
    pub asks: u64,
    /// The worker no longer holds this check's findings.
    gone: Option<u64>,
    /// The selection's place in the list when a change was made from it: once the re-check
    /// is done the finding at that place is selected — the next problem, as the one fixed
    /// has left the list.
    advance_from: Option<usize>,
    /// The selection moves on to the next problem once the worker answers.
    advancing: bool,
    /// Grows each time the selection moved on to the next problem after a change (the
    /// details panel then takes the focus).
    pub advanced: u64,
    /// What the change that moved the selection on did, in words, and the move it is for
    /// (the value `advanced` takes then): the details say it above the next problem.
    pub done: Option<(String, u64)>,
    /// The column and value the mapper was last opened on from the details, and the count of
    /// such requests then (so the same one twice is a new request).
    pub map_from: Option<(String, String, u64)>,
    /// How many times the mapper was opened from the details (kept across files, so that a
    /// request is never taken for one already served).
    map_asked: u64,
    /// Grows each time a new file's check is done (the to-do list then takes the focus).
    pub opened: u64,
    /// The input line of each data row a finding was selected on (so a change names the row
    /// by the line the person saw).
    pub lines: BTreeMap<u64, u64>,
    history: Vec<Changes>,
    cursor: usize,
}

/// What the person changed: their edits, and their answers to the checker's questions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Cells, column-wide replacements and rows left out.
    pub edits: Edits,
    /// Decision key → the answer chosen (`date-order:birthDate` → `dmy`).
    pub answers: BTreeMap<String, String>,
}

impl Changes {
    /// True when nothing was changed.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty() && self.answers.is_empty()
    }
}

/// Rows asked for either side of those in view, so that scrolling a little needs no query.
pub const MARGIN: usize = 200;

/// The most rows the table is given the findings of at one time, besides the margin.
const WANT_AT_MOST: usize = 500;

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
            window: None,
            want: (0, 0),
            pending: None,
            asking: false,
            asked: None,
            asks: 0,
            gone: None,
            advance_from: None,
            advancing: false,
            advanced: 0,
            done: None,
            map_from: None,
            map_asked: 0,
            opened: 0,
            lines: BTreeMap::new(),
            history: vec![Changes::default()],
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
        /// The report without its findings (boxed: it is large, and the other actions are
        /// small).
        report: Box<Report>,
        /// What the page shows of the findings.
        digest: Box<Digest>,
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
    /// The checking worker stopped (it crashed): it holds no findings any more, and answers
    /// nothing asked of it.
    Lost,
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
    /// Put a line the person wrote again in place of a data row's line (a broken quote).
    EditLine {
        /// 0-based data row.
        record: u64,
        /// The line, without a line end.
        text: String,
    },
    /// Open the column mapper on a value of a column (from a finding's details).
    MapFrom {
        /// The column.
        column: String,
        /// The value to replace.
        value: String,
    },
    /// Replace a value in a whole column.
    MapValue(ValueMap),
    /// Leave a row out of the corrected file.
    Exclude(u64),
    /// Put an excluded row back.
    Include(u64),
    /// Keep one of the rows of a duplicated ID and leave the others out (one change).
    KeepOne {
        /// The row kept (put back if it was left out), as `(record, line)`.
        keep: (u64, u64),
        /// The rows left out, as `(record, line)`: "Your changes" names them by their line.
        others: Vec<(u64, u64)>,
    },
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Change the detail view's filter.
    SetFilter(Filter),
    /// Answer one of the checker's questions (a decision's key, and one of its choices).
    Answer {
        /// The decision's key.
        key: String,
        /// The choice.
        answer: String,
    },
    /// Show a finding of the window in the details panel, by its index among all findings
    /// (or none).
    Select(Option<usize>),
    /// Show the finding at this place in the filtered list (the arrow keys, Page Down, End).
    SelectAt(usize),
    /// The table shows the places `start..end` of the filtered list.
    Want {
        /// The first place in view.
        start: usize,
        /// One past the last.
        end: usize,
    },
    /// The worker sent a window of the findings.
    Window(Box<Window>),
    /// The worker no longer holds the findings of `check`.
    Gone {
        /// The check asked about.
        check: u64,
    },
}

impl AppState {
    /// The edits in force (what the next or current check applies).
    pub fn edits(&self) -> &Edits {
        &self.history[self.cursor].edits
    }

    /// The person's answers in force, as the worker is sent them.
    pub fn answers(&self) -> Vec<(String, String)> {
        let answers = &self.history[self.cursor].answers;
        answers
            .iter()
            .map(|(k, a)| (k.clone(), a.clone()))
            .collect()
    }

    /// True when the person's changes are in force (a new file would discard them).
    pub fn has_changes(&self) -> bool {
        !self.history[self.cursor].is_empty()
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
        self.selected.as_ref().map(|selected| &selected.finding)
    }

    /// The window, when it is of the check shown under the filter shown.
    pub fn current_window(&self) -> Option<&Window> {
        let result = self.result.as_ref()?;
        (self.window.as_deref()).filter(|w| w.check == result.id && w.filter == self.filter)
    }

    /// How many findings pass the filter: the worker's count once it answered for this check
    /// and filter; until then the last count it gave (the list does not jump while it is
    /// asked), or all of them when nothing is filtered.
    pub fn matching(&self) -> usize {
        if let Some(window) = self.current_window() {
            return window.matching;
        }
        match (&self.result, &self.window) {
            (Some(result), _) if !self.filter.is_active() => result.digest.findings,
            (_, Some(window)) => window.matching,
            _ => 0,
        }
    }

    /// True while the rows shown are not yet the worker's answer for this check and filter.
    pub fn window_pending(&self) -> bool {
        self.result.is_some() && (self.asking || self.current_window().is_none())
    }

    /// Asks the worker for a window when the one held does not show what the table shows
    /// (another check, another filter, scrolled beyond it) or a selection waits; one query at a
    /// time, the next when it is answered.
    fn ask(&mut self) {
        let Some(result) = &self.result else {
            return;
        };
        let check = result.id;
        if self.asking || self.gone == Some(check) {
            return;
        }
        // A window the table could ask for at once is a screenful; more is asked a part at a
        // time (and no window is larger than the worker gives).
        let (start, end) = self.want;
        let end = end.min(start.saturating_add(WANT_AT_MOST));
        let fits =
            (self.window.as_deref()).is_some_and(|w| w.covers(check, &self.filter, start, end));
        if fits && self.pending.is_none() {
            return;
        }
        self.asking = true;
        self.asks += 1;
        self.asked = Some(Query {
            check,
            filter: self.filter.clone(),
            start: start.saturating_sub(MARGIN),
            end: end.saturating_add(MARGIN),
            select: self.pending.clone(),
        });
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
        self.change_all(|changes| edit(&mut changes.edits));
    }

    /// The person chose a finding, a filter, or cancelled: the next problem is not chosen for
    /// them.
    fn stop_advancing(&mut self) {
        self.advance_from = None;
        self.advancing = false;
        self.done = None;
    }

    /// After a change of `record`'s row: when it started a re-check (request `asked` was
    /// the last before it) and the selected finding is of that row, the next problem is
    /// selected once it is done.
    /// `done`: the change in words, said above the next problem.
    fn advance_after(&mut self, asked: u64, record: u64, done: impl FnOnce(u64) -> String) {
        let selected = self.selected.as_ref();
        if self.request != asked && selected.is_some_and(|s| s.finding.record == Some(record)) {
            self.advance_from = selected.map(|s| s.position);
            let line = selected.map_or(record + 2, |s| s.finding.line);
            self.done = Some((done(line), self.advanced + 1));
        }
    }

    fn change_all(&mut self, change: impl FnOnce(&mut Changes)) {
        if !self.can_edit() {
            return;
        }
        // What the last change did is said no more once another is made (a change from the
        // details says its own, after this).
        self.done = None;
        let mut next = self.history[self.cursor].clone();
        change(&mut next);
        if next == self.history[self.cursor] {
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
                    asks: self.asks,
                    advanced: self.advanced,
                    map_asked: self.map_asked,
                    opened: self.opened,
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
                digest,
                output,
                elapsed_ms,
                bundle,
                sheet,
            } => {
                if !next.is_current(id) {
                    return self;
                }
                next.phase = match &digest.failure {
                    Some(message) => Phase::Failed {
                        message: message.clone(),
                    },
                    None => Phase::Done,
                };
                // After a change made from the details, the next problem; else the selection
                // follows its finding into the new check, when it is still there.
                next.pending = match next.advance_from.take() {
                    Some(position) => {
                        next.advancing = true;
                        Some(Select::At(position))
                    }
                    None => (next.selected_finding().map(FindingKey::of)).map(Select::Same),
                };
                if matches!(self.phase, Phase::Working { restore: None, .. }) {
                    next.opened += 1;
                }
                next.result = Some(Shared::new(CheckResult {
                    id,
                    report: *report,
                    digest: *digest,
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
                next.stop_advancing();
                next.phase = Phase::Failed { message };
            }
            Action::Cancel => {
                let Phase::Working { restore, .. } = next.phase else {
                    return self;
                };
                next.stop_advancing();
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
                            asks: self.asks,
                            advanced: self.advanced,
                            map_asked: self.map_asked,
                            opened: self.opened,
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
            } => {
                let asked = next.request;
                let words = format!("{column} set to \"{value}\"");
                next.change(|e| {
                    e.cells.insert((record, column), value);
                });
                next.advance_after(asked, record, |line| format!("Line {line}: {words}"));
            }
            Action::EditLine { record, text } => {
                let asked = next.request;
                next.change(|e| {
                    e.lines.insert(record, text);
                });
                next.advance_after(asked, record, |line| format!("Line {line} written again"));
            }
            Action::MapFrom { column, value } => {
                next.map_asked += 1;
                next.map_from = Some((column, value, next.map_asked));
            }
            Action::MapValue(map) => next.change(|e| {
                e.maps
                    .retain(|m| !(m.column == map.column && m.from == map.from));
                e.maps.push(map);
            }),
            Action::Answer { key, answer } => next.change_all(|c| {
                c.answers.insert(key, answer);
            }),
            Action::Exclude(record) => {
                let asked = next.request;
                next.change(|e| {
                    e.excluded.insert(record);
                });
                next.advance_after(asked, record, |line| format!("Line {line} left out"));
            }
            Action::KeepOne { keep, others } => {
                let asked = next.request;
                let others: Vec<(u64, u64)> = others
                    .into_iter()
                    .filter(|other| other.0 != keep.0)
                    .collect();
                next.change(|e| {
                    e.excluded.remove(&keep.0);
                    e.excluded.extend(others.iter().map(|&(record, _)| record));
                });
                next.lines.extend(others.iter().chain([&keep]).copied());
                let left_out: Vec<String> =
                    others.iter().map(|other| other.1.to_string()).collect();
                let words = format!(
                    "Line {} kept; {} {} left out",
                    keep.1,
                    if left_out.len() == 1 { "line" } else { "lines" },
                    left_out.join(", ")
                );
                if let Some(record) = next.selected_finding().and_then(|f| f.record) {
                    next.advance_after(asked, record, |_| words);
                }
            }
            Action::Include(record) => next.change(|e| {
                e.excluded.remove(&record);
            }),
            Action::Undo => {
                if next.can_undo() {
                    next.done = None;
                    let restore = next.cursor;
                    next.cursor -= 1;
                    next.start(Some(restore));
                }
            }
            Action::Redo => {
                if next.can_redo() {
                    next.done = None;
                    let restore = next.cursor;
                    next.cursor += 1;
                    next.start(Some(restore));
                }
            }
            Action::SetFilter(filter) => {
                // The person chose where to go: no moving on for them.
                next.stop_advancing();
                // The selection stays when the new filter still lists it.
                next.pending = (next.selected_finding().map(FindingKey::of)).map(Select::Same);
                next.filter = filter;
            }
            Action::Select(None) => {
                next.stop_advancing();
                next.selected = None;
                next.pending = None;
            }
            Action::Select(Some(index)) => {
                next.stop_advancing();
                let window = next.current_window();
                let found = window.and_then(|w| {
                    let at = w.rows.iter().position(|(i, _)| *i == index)?;
                    Some(Selected {
                        index,
                        position: w.start + at,
                        finding: w.rows[at].1.clone(),
                    })
                });
                if found.is_some() {
                    next.selected = found;
                    next.pending = None;
                }
            }
            Action::SelectAt(position) => {
                next.stop_advancing();
                let found = (next.current_window()).and_then(|w| {
                    let (index, finding) = w.row(position)?;
                    Some(Selected {
                        index: *index,
                        position,
                        finding: finding.clone(),
                    })
                });
                match found {
                    Some(selected) => {
                        next.selected = Some(selected);
                        next.pending = None;
                    }
                    None => next.pending = Some(Select::At(position)),
                }
            }
            Action::Want { start, end } => next.want = (start, end),
            Action::Window(window) => {
                next.asking = false;
                let current = (next.result.as_ref())
                    .is_some_and(|r| r.id == window.check && window.filter == next.filter);
                if current {
                    if window.select.is_some() && window.select == next.pending {
                        next.pending = None;
                        next.selected = window.selected.clone();
                        if std::mem::take(&mut next.advancing) {
                            next.advanced += 1;
                        }
                    }
                    next.window = Some(Shared::new(*window));
                }
            }
            Action::Lost => {
                next.asking = false;
                next.pending = None;
                next.stop_advancing();
                if let Some(result) = &next.result {
                    next.gone = Some(result.id);
                }
            }
            Action::Gone { check } => {
                next.asking = false;
                if next.result.as_ref().is_some_and(|r| r.id == check) {
                    next.gone = Some(check);
                    next.notice = Some(
                        "The checker was restarted and no longer holds this file's findings: choose the file again to see them."
                            .into(),
                    );
                }
            }
        }
        if let Some(Selected {
            finding:
                Finding {
                    record: Some(record),
                    line,
                    file: None,
                    ..
                },
            ..
        }) = &next.selected
        {
            next.lines.insert(*record, *line);
        }
        next.ask();
        if next == *self {
            return self;
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::held::{digest, Held};
    use rostercheck_core::{check_and_fix, Code, Date, Options};
    use std::cell::RefCell;

    thread_local! {
        /// The worker's side of each test (a test runs on a thread of its own).
        static HELD: RefCell<Held> = RefCell::new(Held::default());
    }

    const FOOD: &str = "metadata.eligibilityStatusForSchoolFoodServicePrograms";

    fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
        state.reduce(action)
    }

    /// Plays the worker: checks the sample with the state's edits, as requested.
    fn answer(state: Rc<AppState>) -> Rc<AppState> {
        let Phase::Working { id, .. } = state.phase else {
            panic!("not working: {:?}", state.phase);
        };
        let options = crate::worker::options(&crate::protocol::Request {
            id,
            today: (2026, 11, 28),
            edits: state.edits().clone(),
            name: "demographics.csv".into(),
            answers: state.answers(),
            shown: None,
        });
        let (report, output) = check_and_fix(crate::SAMPLE, &options);
        let shown = state.result.as_ref().map(|result| result.id);
        let (report, digest) = HELD.with(|held| {
            (held.borrow_mut()).keep(
                id,
                "demographics.csv",
                report,
                None,
                shown,
                &Default::default(),
            )
        });
        let state = reduce(
            state,
            Action::Finished {
                id,
                report: Box::new(report),
                digest: Box::new(digest),
                output: output.into(),
                elapsed_ms: 1.0,
                bundle: None,
                sheet: None,
            },
        );
        serve(state)
    }

    /// Plays the worker: answers the queries the state asks, until it asks no more.
    fn serve(mut state: Rc<AppState>) -> Rc<AppState> {
        let mut answered = 0;
        while state.asking {
            let query = state.asked.clone().expect("a query");
            let reply = HELD.with(|held| held.borrow_mut().window(&query));
            let action = match reply {
                Some(window) => Action::Window(Box::new(window)),
                None => Action::Gone { check: query.check },
            };
            state = reduce(state, action);
            answered += 1;
            assert!(answered < 10, "the state keeps asking");
        }
        state
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
                digest: Box::new(digest(&Report::default())),
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
    fn an_answer_is_a_change_undone_like_any_other() {
        let state = opened();
        let start = errors(&state);
        let report = &state.result.as_ref().unwrap().report;
        let decision = report.decisions[0].clone();
        assert!(!state.has_changes());
        let state = answer(reduce(
            state,
            Action::Answer {
                key: decision.key.clone(),
                answer: decision.choices[0].answer.clone(),
            },
        ));
        let report = &state.result.as_ref().unwrap().report;
        assert!(report.decisions.iter().all(|d| d.key != decision.key));
        assert_eq!(
            report.answers,
            vec![format!("{}={}", decision.key, decision.choices[0].answer)]
        );
        assert!(errors(&state) < start);
        assert!(state.has_changes());
        let state = answer(reduce(state, Action::Undo));
        assert_eq!(errors(&state), start);
        assert!(state.answers().is_empty());
        assert!(!state.has_changes());
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
    fn keeping_one_row_puts_it_back_and_leaves_the_others_out() {
        let state = answer(reduce(opened(), Action::Exclude(1)));
        let state = answer(reduce(
            state,
            Action::KeepOne {
                keep: (1, 3),
                others: vec![(1, 3), (2, 4), (4, 7)],
            },
        ));
        let excluded: Vec<u64> = state.edits().excluded.iter().copied().collect();
        assert_eq!(
            excluded,
            [2, 4],
            "the row kept was left out before: it is back"
        );
        // The rows left out are named by their lines.
        assert_eq!(state.lines.get(&4), Some(&7));
        let state = answer(reduce(state, Action::Undo));
        let excluded: Vec<u64> = state.edits().excluded.iter().copied().collect();
        assert_eq!(excluded, [1], "one change, undone at once");
    }

    #[test]
    fn the_mapper_is_opened_on_a_value_each_time_it_is_asked() {
        let ask = || Action::MapFrom {
            column: "sex".into(),
            value: "X".into(),
        };
        let state = reduce(opened(), ask());
        assert_eq!(state.map_from, Some(("sex".into(), "X".into(), 1)));
        let state = reduce(state, ask());
        assert_eq!(
            state.map_from,
            Some(("sex".into(), "X".into(), 2)),
            "asked again"
        );
        assert!(state.edits().is_empty(), "nothing is changed yet");
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
                digest: Box::new(digest(&report)),
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

    /// The index of the first finding of the current window that passes `pick`.
    fn index_of(state: &AppState, pick: impl Fn(&Finding) -> bool) -> usize {
        let window = state.current_window().expect("a window");
        window
            .rows
            .iter()
            .find(|(_, f)| pick(f))
            .expect("a finding")
            .0
    }

    #[test]
    fn selection_follows_the_finding_and_the_filter() {
        let state = opened();
        let other = index_of(&state, |f| f.code == Code::InvalidSex && f.fix.is_none());
        let state = reduce(state, Action::Select(Some(other)));
        let key = FindingKey::of(state.selected_finding().unwrap());
        // The row is named by the line the person saw it on.
        let selected = state.selected_finding().unwrap();
        assert_eq!(
            state.lines.get(&selected.record.unwrap()),
            Some(&selected.line)
        );
        // A change that removes a finding before it shifts indices; the selection follows.
        let state = answer(reduce(state, Action::Exclude(0)));
        assert_eq!(FindingKey::of(state.selected_finding().unwrap()), key);
        let selected = state.selected.clone().unwrap();
        let window = state.current_window().unwrap();
        assert_eq!(window.row(selected.position).unwrap().0, selected.index);
        assert_ne!(selected.index, other, "the index moved and was followed");

        let index = index_of(&state, |f| f.code == Code::InvalidFoodService);
        let state = reduce(state, Action::Select(Some(index)));
        let state = serve(reduce(
            state,
            Action::SetFilter(Filter {
                code: Some(Code::InvalidSex),
                ..Filter::default()
            }),
        ));
        assert_eq!(state.selected, None);
        let window = state.current_window().unwrap();
        assert!(window.rows.iter().all(|(_, f)| f.code == Code::InvalidSex));
        assert_eq!(state.matching(), window.matching);
        assert!(!state.window_pending());
    }

    #[test]
    fn after_a_change_from_the_details_the_next_problem_is_selected() {
        let state = opened();
        assert_eq!(state.opened, 1);
        let state = serve(reduce(
            state,
            Action::SetFilter(Filter {
                warnings: false,
                infos: false,
                ..Filter::default()
            }),
        ));
        let state = serve(reduce(state, Action::SelectAt(1)));
        let first = state.selected.clone().unwrap();
        let second = state.current_window().unwrap().row(2).unwrap().1.clone();
        let record = first.finding.record.unwrap();
        let state = answer(reduce(state, Action::Exclude(record)));
        assert_eq!(state.advanced, 1);
        // The details say what the change did, above the next problem.
        let said = format!("Line {} left out", first.finding.line);
        assert_eq!(state.done, Some((said, 1)));
        // Undone, it is said no more.
        let undone = reduce(Rc::clone(&state), Action::Undo);
        assert_eq!(undone.done, None);
        assert_eq!(state.opened, 1, "a re-check is not a new file");
        let now = state.selected.clone().unwrap();
        assert_eq!(now.position, 1);
        assert_ne!(now.finding.record, Some(record));
        assert!(now.finding.line >= second.line.min(first.finding.line));
        // A change that changes nothing does not move on later.
        let state = reduce(state, Action::Exclude(record));
        assert!(state.advance_from.is_none());
        // Nor one after which the person chose for themselves while it was checked.
        let record = state.selected.as_ref().unwrap().finding.record.unwrap();
        let state = reduce(state, Action::Exclude(record));
        let state = answer(reduce(state, Action::Select(None)));
        assert_eq!(state.advanced, 1);
        assert_eq!(state.selected, None);
        assert_eq!(state.done, None);
    }

    #[test]
    fn keys_select_by_place_and_the_worker_is_asked_beyond_the_window() {
        let state = opened();
        let all = state.matching();
        assert_eq!(all, state.result.as_ref().unwrap().digest.findings);
        // In the window: selected at once.
        let state = reduce(state, Action::SelectAt(3));
        assert_eq!(state.selected.as_ref().unwrap().position, 3);
        assert!(!state.asking);
        // Past the end of the list: the worker is asked, and gives the last one.
        let state = reduce(state, Action::Want { start: 0, end: 10 });
        let state = reduce(state, Action::SelectAt(all + 50));
        let state = if state.current_window().unwrap().row(all + 50).is_none() {
            serve(state)
        } else {
            state
        };
        let selected = state.selected.clone().unwrap();
        assert_eq!(selected.position, all - 1);
        // Select(None) clears it.
        let state = reduce(state, Action::Select(None));
        assert_eq!(state.selected, None);
    }

    #[test]
    fn one_query_at_a_time_and_another_when_scrolled_beyond_the_window() {
        let state = opened();
        let asks = state.asks;
        // Scrolling within the window asks nothing.
        let same = reduce(Rc::clone(&state), Action::Want { start: 1, end: 5 });
        assert_eq!(same.asks, asks);
        assert!(!same.asking);
        // A filter asks once; scrolling meanwhile waits for the answer.
        let state = reduce(
            state,
            Action::SetFilter(Filter {
                errors: false,
                ..Filter::default()
            }),
        );
        assert_eq!(state.asks, asks + 1);
        assert!(state.window_pending());
        let state = reduce(state, Action::Want { start: 2, end: 6 });
        assert_eq!(state.asks, asks + 1, "one query at a time");
        let state = serve(state);
        assert!(!state.window_pending());
        // A reply for another filter is not shown.
        let stale = Window {
            filter: Filter::default(),
            ..(*state.window.clone().unwrap().0).clone()
        };
        let after = reduce(Rc::clone(&state), Action::Window(Box::new(stale)));
        assert_eq!(after.current_window(), state.current_window());
        // The worker restarted: said once, and not asked again.
        let id = state.result.as_ref().unwrap().id;
        let state = reduce(state, Action::SetFilter(Filter::default()));
        let state = reduce(state, Action::Gone { check: id });
        assert!(state.notice.as_deref().unwrap().contains("restarted"));
        let again = reduce(state, Action::Want { start: 50, end: 60 });
        assert!(!again.asking);
    }

    #[test]
    fn a_lost_worker_is_not_waited_for_and_a_wide_view_is_asked_in_parts() {
        let state = opened();
        let state = reduce(
            state,
            Action::Want {
                start: 0,
                end: 5_000,
            },
        );
        let state = reduce(
            state,
            Action::SetFilter(Filter {
                errors: false,
                ..Filter::default()
            }),
        );
        let asked = state.asked.clone().unwrap();
        assert!(
            asked.end - asked.start <= WANT_AT_MOST + 2 * MARGIN,
            "asked for {asked:?}"
        );
        assert!(state.asking);
        // The worker crashes while it is asked: the table no longer waits, nor asks it again.
        let state = reduce(state, Action::Lost);
        assert!(!state.asking);
        assert_eq!(state.gone, Some(state.result.as_ref().unwrap().id));
        let asks = state.asks;
        let again = reduce(
            state,
            Action::Want {
                start: 900,
                end: 950,
            },
        );
        assert_eq!(again.asks, asks);
    }
}
