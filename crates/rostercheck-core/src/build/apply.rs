//! The build itself: every list row's key looked up, every code turned into its answer, each
//! value set on its student — a student two list rows give different values is a conflict,
//! left as it was and listed; a student with no list row keeps a blank, never "No" — and the
//! demographics.csv written, ready for the normal check.

use super::plan::{plan_with, split_codes, Question};
use super::recipe::Recipe;
use super::students::{Students, Via, SHARED};
use super::targets::Target;
use super::Sources;
use crate::columns::Column;
use crate::header::{resolve, Resolution};
use crate::report::neutralise;
use crate::rules::RuleContext;
use crate::writer::push_record;
use crate::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why a build did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// Questions are left: every code must be answered or left blank on purpose.
    Unanswered(Vec<Question>),
    /// No students: neither demographics.csv rows nor students in users.csv.
    NoStudents,
    /// The recipe has no entry whose columns this list has.
    NotInRecipe {
        /// The list's name.
        list: String,
        /// Its columns.
        header: Vec<String>,
    },
    /// The entry's key or route cannot be used with these files.
    Key {
        /// The list's name.
        list: String,
        /// What is wrong.
        problem: String,
    },
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Unanswered(questions) => {
                write!(f, "{} question(s) are left to answer:", questions.len())?;
                for q in questions.iter().take(50) {
                    write!(f, "\n  {}: {} ({} rows)", q.list, q.question, q.rows)?;
                }
                if questions.len() > 50 {
                    write!(f, "\n  and {} more", questions.len() - 50)?;
                }
                Ok(())
            }
            BuildError::NoStudents => write!(
                f,
                "There are no students to fill in: give demographics.csv, or users.csv with \
                 students in it."
            ),
            BuildError::NotInRecipe { list, header } => write!(
                f,
                "{list} is not in the recipe: no entry of it uses only columns {list} has ({}).",
                header.join(", ")
            ),
            BuildError::Key { list, problem } => write!(f, "{list}: {problem}"),
        }
    }
}

/// A build's file and what happened.
#[derive(Debug, Clone)]
pub struct Built {
    /// demographics.csv, before the normal check (which the caller runs next).
    pub csv: Vec<u8>,
    /// The counts.
    pub summary: BuildSummary,
    /// Every list row that reached no student, every conflict and every student a list has no
    /// row for, as CSV (`problem,list,row,key,sourcedId,column,values`) for Excel: UTF-8 with
    /// a BOM, CRLF, cells that look like formulas neutralised.
    pub leftovers: Vec<u8>,
}

/// What a build did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct BuildSummary {
    /// Students filled in.
    pub students: usize,
    /// `demographics.csv` or `users.csv`.
    pub students_from: String,
    /// One a list.
    pub lists: Vec<ListSummary>,
    /// Values set, by target column (in canonical order).
    pub filled: Vec<(String, usize)>,
    /// Students and columns two rows (or a list and demographics.csv) disagree on: left as
    /// they were.
    pub conflicts: usize,
}

impl BuildSummary {
    /// As one JSON object (the CLI's `build` member, the page's worker message).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data")
    }
}

/// One list of a build.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ListSummary {
    /// The file's name.
    pub name: String,
    /// Its data rows.
    pub rows: usize,
    /// The key column.
    pub key: String,
    /// Its route, in words.
    pub via: String,
    /// Rows that reached exactly one student.
    pub matched_rows: usize,
    /// Rows whose key reached no student.
    pub unmatched_rows: usize,
    /// Rows with a blank key.
    pub blank_key_rows: usize,
    /// Rows whose key two students share (in users.csv).
    pub shared_key_rows: usize,
    /// Students no row of the list reached (their values stay blank).
    pub students_without_row: usize,
}

/// The "list" of a value demographics.csv already had (in a conflict).
const FROM_DEMOGRAPHICS: usize = usize::MAX - 1;

/// A value set on a student: none yet, one (an index into the target's values), or two that
/// disagree.
const NONE: u32 = 0;
const CONFLICT: u32 = u32::MAX;

/// The values of one target column across the students.
struct Slots {
    column: Column,
    /// Each value with the list it came from (named in a conflict; past [`SCANNED`] values,
    /// dates copied as they are, the first list that gave it).
    values: Vec<(String, usize)>,
    /// The values by text, once there are more than [`SCANNED`] (dates copied as they are).
    by_value: HashMap<String, u32>,
    of: Vec<u32>,
}

/// Up to this many values, a value's id is found by a scan (a code list has a few): no
/// hashing and no allocation a row.
const SCANNED: usize = 16;

impl Slots {
    fn new(column: Column, students: usize) -> Slots {
        Slots {
            column,
            values: vec![(String::new(), usize::MAX)],
            by_value: HashMap::new(),
            of: vec![NONE; students],
        }
    }

    /// The id of `value` (0 for blank), made when new.
    fn id(&mut self, value: &str, list: usize) -> u32 {
        if value.is_empty() {
            return NONE;
        }
        if self.values.len() <= SCANNED {
            // By value and list, so that a conflict names the list each value came from.
            let same = |(v, l): &(String, usize)| v == value && *l == list;
            if let Some(id) = self.values.iter().skip(1).position(same) {
                return id as u32 + 1;
            }
        } else if let Some(&id) = self.by_value.get(value) {
            return id;
        }
        let id = self.values.len() as u32;
        self.values.push((value.to_owned(), list));
        if self.values.len() > SCANNED {
            if self.by_value.is_empty() {
                for (i, (v, _)) in self.values.iter().enumerate().skip(1) {
                    self.by_value.insert(v.clone(), i as u32);
                }
            } else {
                self.by_value.insert(value.to_owned(), id);
            }
        }
        id
    }
}

/// The slot of `column`, made when new.
fn slot_of(slots: &mut Vec<Slots>, column: Column, students: usize) -> usize {
    match slots.iter().position(|s| s.column == column) {
        Some(at) => at,
        None => {
            slots.push(Slots::new(column, students));
            slots.len() - 1
        }
    }
}

/// What one fill does with a list row, prepared before the rows: each code's answer looked up
/// once, not once a row.
enum Work<'r> {
    /// Race codes: each code's flag bit (0 for a code left blank).
    Race {
        columns: Vec<usize>,
        bits: Vec<(&'r str, u8)>,
    },
    /// Copied as written (dates).
    Copy { column: usize, slot: usize },
    /// Mapped code by code: each code's value id in the slot.
    Map {
        column: usize,
        slot: usize,
        ids: Vec<(&'r str, u32)>,
    },
}

/// The `u32` of `code` in a small table.
fn lookup<T: Copy>(table: &[(&str, T)], code: &str) -> Option<T> {
    table.iter().find(|(c, _)| *c == code).map(|(_, v)| *v)
}

/// Builds demographics.csv from `sources` as `recipe` says.
pub fn build(sources: &Sources, recipe: &Recipe, today: Date) -> Result<Built, BuildError> {
    let context = &RuleContext::on(today);
    let entries = recipe.entries_for(&sources.lists);
    if let Some((list, _)) = sources
        .lists
        .iter()
        .zip(&entries)
        .find(|(_, e)| e.is_none())
    {
        return Err(BuildError::NotInRecipe {
            list: list.name().into(),
            header: list.header().to_vec(),
        });
    }
    let questions = plan_with(sources, recipe, today, false).questions;
    if !questions.is_empty() {
        return Err(BuildError::Unanswered(questions));
    }
    if let Some(d) = &sources.demographics {
        if super::students::sourced_id_column(d).is_none() {
            return Err(BuildError::Key {
                list: d.name().into(),
                problem: "it has no sourcedId column: the rows to fill cannot be told apart."
                    .into(),
            });
        }
    }
    let students = sources.students();
    if students.is_empty() {
        return Err(BuildError::NoStudents);
    }
    let mut slots: Vec<Slots> = Vec::new();
    let mut conflicts: BTreeMap<(u32, Column), BTreeSet<(String, usize)>> = BTreeMap::new();
    let mut leftovers = Leftovers::default();
    let mut indexes: HashMap<Via, super::students::KeyIndex> = HashMap::new();
    // Race codes of every list, a student's together (one list's W and another's A are two
    // races), set once all lists are read.
    let mut race: Vec<u8> = Vec::new();
    let mut race_from: Option<usize> = None;
    let mut summaries = Vec::new();
    for (list_index, (list, entry)) in sources.lists.iter().zip(entries).enumerate() {
        let Some(entry) = entry.map(|e| &recipe.lists[e]) else {
            return Err(BuildError::NotInRecipe {
                list: list.name().into(),
                header: list.header().to_vec(),
            });
        };
        let key_problem = |problem: String| BuildError::Key {
            list: list.name().into(),
            problem,
        };
        let key = list
            .column(&entry.key.column)
            .ok_or_else(|| key_problem(format!("it has no column {}.", entry.key.column)))?;
        let via = Via::parse(&entry.key.via)
            .ok_or_else(|| key_problem(format!("{} is not a route.", entry.key.via)))?;
        if via != Via::SourcedId && sources.users.is_none() {
            return Err(key_problem(format!(
                "its key reaches students through {}: give users.csv too.",
                via.label()
            )));
        }
        if !students.has_route(&via) {
            // Found by review: every row would have matched no student, without a word.
            return Err(key_problem(format!(
                "its key reaches students through {}, and users.csv has no such column.",
                via.label()
            )));
        }
        // Lists reached the same way share the index (one pass over users.csv).
        let index = &*indexes
            .entry(via.clone())
            .or_insert_with(|| students.index_of(&via));
        let works: Vec<Work<'_>> = entry
            .fill
            .iter()
            .map(|f| {
                let target = Target::parse(&f.to).expect("a checked recipe");
                let mut columns: Vec<usize> =
                    f.from.iter().filter_map(|c| list.column(c)).collect();
                match target {
                    Target::Race => Work::Race {
                        columns,
                        bits: (f.values.iter())
                            .map(|(code, answer)| {
                                let bit = (super::targets::RACE_MEANINGS.iter())
                                    .position(|(k, _)| k == answer)
                                    .map_or(0, |i| 1 << i);
                                (code.as_str(), bit)
                            })
                            .collect(),
                    },
                    Target::Column(column) => {
                        let slot = slot_of(&mut slots, column, students.len());
                        let from = columns.swap_remove(0);
                        if target.copies() {
                            Work::Copy { column: from, slot }
                        } else {
                            let ids = (f.values.iter())
                                .map(|(code, answer)| {
                                    (code.as_str(), slots[slot].id(answer, list_index))
                                })
                                .collect();
                            Work::Map {
                                column: from,
                                slot,
                                ids,
                            }
                        }
                    }
                }
            })
            .collect();
        let mut reached = vec![false; students.len()];
        let mut summary = ListSummary {
            name: list.name().into(),
            rows: list.rows(),
            key: entry.key.column.clone(),
            via: via.label(),
            matched_rows: 0,
            unmatched_rows: 0,
            blank_key_rows: 0,
            shared_key_rows: 0,
            students_without_row: 0,
        };
        for row in 0..list.rows() {
            let key_value = list.cell(row, key);
            let student = match index.get(key_value) {
                _ if key_value.is_empty() => {
                    summary.blank_key_rows += 1;
                    leftovers.row(
                        "blank-key",
                        list.name(),
                        Some(list.number(row)),
                        key_value,
                        "",
                        "",
                        "",
                    );
                    continue;
                }
                Some(SHARED) => {
                    summary.shared_key_rows += 1;
                    leftovers.row(
                        "shared-key",
                        list.name(),
                        Some(list.number(row)),
                        key_value,
                        "",
                        "",
                        "",
                    );
                    continue;
                }
                Some(s) => s,
                None => {
                    summary.unmatched_rows += 1;
                    leftovers.row(
                        "no-student",
                        list.name(),
                        Some(list.number(row)),
                        key_value,
                        "",
                        "",
                        "",
                    );
                    continue;
                }
            };
            summary.matched_rows += 1;
            reached[student as usize] = true;
            for work in &works {
                let (slot, id) = match work {
                    Work::Race { columns, bits } => {
                        race.resize(students.len(), 0);
                        race_from.get_or_insert(list_index);
                        for &c in columns {
                            for code in split_codes(list.cell(row, c), true) {
                                race[student as usize] |= lookup(bits, code).unwrap_or(0);
                            }
                        }
                        continue;
                    }
                    Work::Copy { column, slot } => {
                        let id = slots[*slot].id(list.cell(row, *column), list_index);
                        (*slot, id)
                    }
                    // Every code was answered (checked above): an unknown one cannot occur.
                    Work::Map { column, slot, ids } => {
                        (*slot, lookup(ids, list.cell(row, *column)).unwrap_or(NONE))
                    }
                };
                set(&mut slots[slot], &mut conflicts, student, id, list_index);
            }
        }
        for (student, reached) in reached.iter().enumerate() {
            if !reached {
                summary.students_without_row += 1;
                leftovers.row(
                    "no-row",
                    list.name(),
                    None,
                    "",
                    students.id(student),
                    "",
                    "",
                );
            }
        }
        summaries.push(summary);
    }
    let race_list = race_from.unwrap_or(0);
    for (student, &bits) in race.iter().enumerate().filter(|(_, &b)| b != 0) {
        for (column, value) in race_values(bits) {
            let slot = slot_of(&mut slots, column, students.len());
            let id = slots[slot].id(value, race_list);
            set(
                &mut slots[slot],
                &mut conflicts,
                student as u32,
                id,
                race_list,
            );
        }
    }
    slots.sort_by_key(|s| s.column);
    let csv = write(sources, &students, &mut slots, &mut conflicts, context);
    for ((student, column), values) in &conflicts {
        let values: Vec<String> = values
            .iter()
            .map(|(value, from)| {
                let from = match *from {
                    FROM_DEMOGRAPHICS => "demographics.csv",
                    list => sources.lists.get(list).map_or("", |l| l.name()),
                };
                format!(
                    "{} ({from})",
                    if value.is_empty() { "blank" } else { value }
                )
            })
            .collect();
        leftovers.row(
            "conflict",
            "",
            None,
            "",
            students.id(*student as usize),
            column.name(),
            &values.join(" | "),
        );
    }
    let summary = BuildSummary {
        students: students.len(),
        students_from: sources.students_from().into(),
        lists: summaries,
        filled: slots
            .iter()
            .map(|s| {
                let n = s.of.iter().filter(|&&v| v != NONE && v != CONFLICT).count();
                (s.column.name().to_owned(), n)
            })
            .collect(),
        conflicts: conflicts.len(),
    };
    Ok(Built {
        csv,
        summary,
        leftovers: leftovers.out,
    })
}

/// The flags a student's race codes set (from every list): each race named `true`; the others
/// `false` only when the codes name the races one by one — a "two or more races" code says
/// the student has others it does not name, so they stay blank. Two or more when two races
/// (or that code) are given; Hispanic only when a code says so (a race list without it says
/// nothing about ethnicity).
fn race_values(bits: u8) -> impl Iterator<Item = (Column, &'static str)> {
    let races = (bits & 0b1_1111).count_ones();
    let several = bits & (1 << 5) != 0;
    let known = bits & 0b11_1111 != 0;
    Column::RACES
        .into_iter()
        .enumerate()
        .filter(move |(i, _)| known && (!several || bits & (1 << i) != 0))
        .map(move |(i, c)| {
            (
                c,
                if bits & (1 << i) != 0 {
                    "true"
                } else {
                    "false"
                },
            )
        })
        .chain(known.then(|| {
            let two = races >= 2 || several;
            (
                Column::DemographicRaceTwoOrMoreRaces,
                if two { "true" } else { "false" },
            )
        }))
        .chain((bits & (1 << 6) != 0).then_some((Column::HispanicOrLatinoEthnicity, "true")))
}

/// The race columns, set together: one that disagrees with demographics.csv leaves them all
/// as they were (a row whose flags came half from each would contradict itself).
const RACE_COLUMNS: [Column; 6] = [
    Column::AmericanIndianOrAlaskaNative,
    Column::Asian,
    Column::BlackOrAfricanAmerican,
    Column::NativeHawaiianOrOtherPacificIslander,
    Column::White,
    Column::DemographicRaceTwoOrMoreRaces,
];

/// Sets value `id` on `student`; a different value already there is a conflict.
fn set(
    slots: &mut Slots,
    conflicts: &mut BTreeMap<(u32, Column), BTreeSet<(String, usize)>>,
    student: u32,
    id: u32,
    list: usize,
) {
    if id == NONE {
        return;
    }
    let had = slots.of[student as usize];
    if had == NONE {
        slots.of[student as usize] = id;
    } else if had != id
        && (had == CONFLICT || slots.values[had as usize].0 != slots.values[id as usize].0)
    {
        let entry = conflicts.entry((student, slots.column)).or_default();
        if had != CONFLICT {
            entry.insert(slots.values[had as usize].clone());
        }
        entry.insert((slots.values[id as usize].0.clone(), list));
        slots.of[student as usize] = CONFLICT;
    }
}

/// demographics.csv with the values set: the rows (and columns) of demographics.csv when
/// given, each target column added at the end when it lacks one (the check puts them in
/// order); else one row a student with `sourcedId` and the targets.
fn write(
    sources: &Sources,
    students: &Students<'_>,
    slots: &mut [Slots],
    conflicts: &mut BTreeMap<(u32, Column), BTreeSet<(String, usize)>>,
    context: &RuleContext,
) -> Vec<u8> {
    let base = sources.demographics.as_ref();
    let mut header: Vec<String> = match base {
        Some(d) => d.header().to_vec(),
        None => vec!["sourcedId".into()],
    };
    // Where each target goes: a column of demographics.csv, or a new one.
    let mut places = Vec::new();
    for slot in slots.iter() {
        let existing = base.and_then(|d| {
            d.header().iter().position(|h| {
                matches!(resolve(h), Resolution::Exact(c) | Resolution::Case(c) | Resolution::Alias(c) if c == slot.column)
            })
        });
        places.push(existing.unwrap_or_else(|| {
            header.push(slot.column.name().into());
            header.len() - 1
        }));
    }
    let mut out = Vec::with_capacity(students.len() * (header.len() * 6 + 8));
    push_record(&mut out, header.iter().map(String::as_str));
    out.push(b'\n');
    // Cells borrowed, not copied: a row is a list of `&str` (measured: a `String` a cell cost
    // 0.1 s for 1,000,000 students).
    let mut row: Vec<&str> = Vec::with_capacity(header.len());
    let mut disagree: Vec<(usize, usize)> = Vec::new();
    for student in 0..students.len() {
        row.clear();
        match base {
            Some(d) => row.extend(d.row(student)),
            None => row.push(students.id(student)),
        }
        row.resize(header.len(), "");
        let differs = |slot: &Slots, place: usize, row: &[&str]| {
            let id = slot.of[student];
            let had = row[place];
            id != NONE
                && id != CONFLICT
                && !had.is_empty()
                && crate::cells::settle(slot.column, had, context).as_deref()
                    != Some(slot.values[id as usize].0.as_str())
        };
        let race_differs = (slots.iter().zip(&places)).any(|(slot, &place)| {
            RACE_COLUMNS.contains(&slot.column) && differs(slot, place, &row)
        });
        for (at, (slot, &place)) in slots.iter().zip(&places).enumerate() {
            let id = slot.of[student];
            if id == NONE || id == CONFLICT {
                continue;
            }
            let value = slot.values[id as usize].0.as_str();
            let had = row[place];
            if race_differs && RACE_COLUMNS.contains(&slot.column) {
                // The race flags stay as demographics.csv has them, all of them.
                if differs(slot, place, &row) {
                    let entry = conflicts.entry((student as u32, slot.column)).or_default();
                    entry.insert((had.to_owned(), FROM_DEMOGRAPHICS));
                    entry.insert(slot.values[id as usize].clone());
                }
                disagree.push((at, student));
            } else if had.is_empty() {
                row[place] = value;
            } else if crate::cells::settle(slot.column, had, context).as_deref() != Some(value) {
                // demographics.csv already says otherwise: it stays, and the person sees both.
                let key = (student as u32, slot.column);
                let entry = conflicts.entry(key).or_default();
                entry.insert((had.to_owned(), FROM_DEMOGRAPHICS));
                entry.insert(slot.values[id as usize].clone());
                disagree.push((at, student));
            }
        }
        push_record(&mut out, row.iter().copied());
        out.push(b'\n');
    }
    drop(row);
    for (at, student) in disagree {
        slots[at].of[student] = CONFLICT;
    }
    out
}

/// The leftovers CSV, row by row.
struct Leftovers {
    out: Vec<u8>,
}

impl Default for Leftovers {
    fn default() -> Self {
        let mut out = "\u{feff}".as_bytes().to_vec();
        push_record(
            &mut out,
            [
                "problem",
                "list",
                "row",
                "key",
                "sourcedId",
                "column",
                "values",
            ],
        );
        out.extend_from_slice(b"\r\n");
        Leftovers { out }
    }
}

impl Leftovers {
    /// One row; `row` is the list's row number in its file (the header is row 1).
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        problem: &str,
        list: &str,
        row: Option<u32>,
        key: &str,
        sourced_id: &str,
        column: &str,
        values: &str,
    ) {
        let row = row.map_or(String::new(), |n| n.to_string());
        let cells = [problem, list, &row, key, sourced_id, column, values].map(neutralise);
        push_record(&mut self.out, cells.iter().map(String::as_str));
        self.out.extend_from_slice(b"\r\n");
    }
}
