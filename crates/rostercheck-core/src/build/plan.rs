//! What a build would do, before anything is applied: each list's possible key pairings with
//! how many of its rows reach a student, the columns it fills, every distinct code with its
//! count and the value proposed for it — and the questions left. [`suggest`] makes the first
//! recipe from it: the best pairing, the columns named like a target, the automatic proposals.

use super::recipe::{Fill, KeyChoice, ListRecipe, Recipe};
use super::students::{KeyIndex, Via, SHARED};
use super::table::Table;
use super::targets::{by_name, by_values, Target};
use super::Sources;
use crate::rules::RuleContext;
use crate::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Rows of a list tried against every pairing (the best is then counted on every row).
const SAMPLE_ROWS: usize = 2_000;

/// Distinct codes a column may have and still be mapped code by code (a column of names or
/// numbers is not a code list).
pub const MAX_CODES: usize = 500;

/// What a build would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// How many students the build fills in.
    pub students: usize,
    /// Where they come from: `demographics.csv` or `users.csv`.
    pub students_from: String,
    /// One a list, in the order given.
    pub lists: Vec<ListPlan>,
    /// What is left for the person, in order.
    pub questions: Vec<Question>,
}

/// One list in a [`Plan`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPlan {
    /// The file's name.
    pub name: String,
    /// Its data rows.
    pub rows: usize,
    /// Its columns.
    pub header: Vec<String>,
    /// The entry of the recipe it follows.
    pub entry: Option<usize>,
    /// Key pairings, best first (counted on the first rows; the chosen one on every row).
    pub pairings: Vec<Pairing>,
    /// Rows whose key reaches exactly one student, with the chosen pairing.
    pub matched: usize,
    /// The columns it fills, with their codes.
    pub fills: Vec<FillPlan>,
}

/// A list column paired with a route to the students.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    /// The list's column.
    pub column: String,
    /// The route, as in a recipe.
    pub via: String,
    /// The route in words.
    pub label: String,
    /// Rows tried whose key reaches a student.
    pub matched: usize,
    /// Rows tried.
    pub tried: usize,
    /// Different students those rows reach.
    pub students: usize,
}

/// One fill of a list, with its codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FillPlan {
    /// The list's columns.
    pub from: Vec<String>,
    /// The target, as in a recipe.
    pub to: String,
    /// The target in words.
    pub label: String,
    /// The values an answer can give (empty: any code of the target's rules).
    pub choices: Vec<String>,
    /// Copied as they are (dates), not mapped.
    pub copies: bool,
    /// Every distinct code, most rows first (none when copied).
    pub codes: Vec<Code>,
    /// More distinct codes than [`MAX_CODES`]: not a code list.
    pub too_many_codes: bool,
}

/// A distinct code of a list column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    /// As written (trimmed).
    pub code: String,
    /// Rows (or race entries) that have it.
    pub rows: usize,
    /// The value proposed, when exactly one is sensible.
    pub proposal: Option<String>,
    /// The recipe's answer, if it has one (`""`: blank on purpose).
    pub answer: Option<String>,
}

/// Something only the person can answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// The list it is about.
    pub list: String,
    /// In plain words.
    pub question: String,
    /// The target, when about a code.
    pub to: Option<String>,
    /// The code, when about one.
    pub code: Option<String>,
    /// Rows it concerns.
    pub rows: usize,
}

/// The recipe rostercheck proposes for these files: for each list the pairing that reaches
/// the most students, every column whose name (or, for meals, disabilities and race, whose
/// values) suggests a target, and the automatic proposals — nothing the person must decide.
pub fn suggest(sources: &Sources, today: Date) -> Recipe {
    let context = &RuleContext::on(today);
    let students = sources.students();
    let routes = students.routes();
    let indexes: Vec<(Via, KeyIndex)> = routes
        .iter()
        .map(|via| (via.clone(), students.index_of(via)))
        .collect();
    let mut recipe = Recipe::default();
    for list in &sources.lists {
        let pairings = pairings(list, &indexes);
        let key = pairings.first().filter(|p| p.matched > 0);
        let key_column = key.and_then(|k| list.column(&k.column));
        let mut fill: Vec<Fill> = Vec::new();
        for (c, name) in list.header().iter().enumerate() {
            if Some(c) == key_column {
                continue;
            }
            let target = by_name(name).or_else(|| {
                let codes = distinct(list, &[c], false);
                (codes.len() <= MAX_CODES)
                    .then(|| by_values(codes.keys().map(String::as_str), context))
                    .flatten()
            });
            let Some(target) = target else { continue };
            match fill.iter_mut().find(|f| f.to == target.name()) {
                // Race in several columns (RC1–RC5) is one fill.
                Some(existing) if target == Target::Race => existing.from.push(name.clone()),
                Some(_) => {}
                None => fill.push(Fill {
                    from: vec![name.clone()],
                    to: target.name().into(),
                    values: BTreeMap::new(),
                }),
            }
        }
        for f in &mut fill {
            let target = Target::parse(&f.to).expect("suggested targets parse");
            if target.copies() {
                continue;
            }
            let columns: Vec<usize> = f.from.iter().filter_map(|c| list.column(c)).collect();
            let codes = distinct(list, &columns, target == Target::Race);
            if codes.len() > MAX_CODES {
                continue;
            }
            for code in codes.keys() {
                if let Some(value) = target.propose(code, context) {
                    f.values.insert(code.clone(), value);
                }
            }
        }
        recipe.lists.push(ListRecipe {
            key: KeyChoice {
                column: key.map_or(String::new(), |k| k.column.clone()),
                via: key.map_or("sourcedId".into(), |k| k.via.clone()),
            },
            fill,
        });
    }
    recipe
}

/// What `recipe` would do (`today`: the day birth dates are judged against) with these files, and what is left to answer.
pub fn plan(sources: &Sources, recipe: &Recipe, today: Date) -> Plan {
    plan_with(sources, recipe, today, true)
}

/// [`plan`] with every automatic proposal written into the recipe first: a column the person
/// has just mapped gets its sensible codes answered as [`suggest`] would, and only the rest
/// are questions. Returns the recipe so completed and its plan.
pub fn complete(sources: &Sources, recipe: Recipe, today: Date) -> (Recipe, Plan) {
    let first = plan(sources, &recipe, today);
    let mut completed = recipe;
    for list in &first.lists {
        let Some(entry) = list.entry.and_then(|e| completed.lists.get_mut(e)) else {
            continue;
        };
        for planned in &list.fills {
            let Some(fill) = entry.fill.iter_mut().find(|f| f.to == planned.to) else {
                continue;
            };
            for code in &planned.codes {
                if let (None, Some(proposal)) = (&code.answer, &code.proposal) {
                    fill.values.insert(code.code.clone(), proposal.clone());
                }
            }
        }
    }
    let unchanged = first.lists.iter().all(|l| {
        l.fills.iter().all(|f| {
            f.codes
                .iter()
                .all(|c| c.answer.is_some() || c.proposal.is_none())
        })
    });
    if unchanged {
        return (completed, first);
    }
    let again = plan(sources, &completed, today);
    (completed, again)
}

/// [`plan`]; without `keys`, only the codes and the questions (no pairings, no match counts:
/// a build needs no more to know whether it may start).
pub(crate) fn plan_with(sources: &Sources, recipe: &Recipe, today: Date, keys: bool) -> Plan {
    let context = &RuleContext::on(today);
    let students = keys.then(|| sources.students());
    let indexes: Vec<(Via, KeyIndex)> = students.as_ref().map_or(Vec::new(), |students| {
        (students.routes().into_iter())
            .map(|via| {
                let index = students.index_of(&via);
                (via, index)
            })
            .collect()
    });
    let entries = recipe.entries_for(&sources.lists);
    let mut plan = Plan {
        students: students.as_ref().map_or(0, |s| s.len()),
        students_from: sources.students_from().into(),
        lists: Vec::new(),
        questions: Vec::new(),
    };
    for (list, entry) in sources.lists.iter().zip(entries) {
        let pairings = pairings(list, &indexes);
        let chosen = entry.map(|e| &recipe.lists[e]);
        let mut matched = 0;
        if let Some(key) = chosen.map(|e| &e.key).filter(|k| !k.column.is_empty()) {
            let column = list.column(&key.column);
            let index = Via::parse(&key.via)
                .and_then(|via| indexes.iter().find(|(v, _)| *v == via))
                .map(|(_, index)| index);
            if let (Some(column), Some(index)) = (column, index) {
                matched = (0..list.rows())
                    .filter(|&r| reaches(index, list.cell(r, column)))
                    .count();
            }
        }
        let mut fills = Vec::new();
        for fill in chosen.map_or(&[][..], |e| &e.fill) {
            let Some(target) = Target::parse(&fill.to) else {
                continue;
            };
            let columns: Vec<usize> = fill.from.iter().filter_map(|c| list.column(c)).collect();
            let counted = if target.copies() {
                BTreeMap::new()
            } else {
                distinct(list, &columns, target == Target::Race)
            };
            let too_many_codes = counted.len() > MAX_CODES;
            let mut codes: Vec<Code> = if too_many_codes {
                Vec::new()
            } else {
                counted
                    .into_iter()
                    .map(|(code, rows)| Code {
                        proposal: target.propose(&code, context),
                        answer: fill.values.get(&code).cloned(),
                        code,
                        rows,
                    })
                    .collect()
            };
            codes.sort_by(|a, b| b.rows.cmp(&a.rows).then_with(|| a.code.cmp(&b.code)));
            if too_many_codes {
                plan.questions.push(Question {
                    list: list.name().into(),
                    question: format!(
                        "{} has more than {MAX_CODES} different values: is it really {}?",
                        fill.from.join(", "),
                        target.label()
                    ),
                    to: Some(fill.to.clone()),
                    code: None,
                    rows: list.rows(),
                });
            }
            for code in codes.iter().filter(|c| c.answer.is_none()) {
                plan.questions.push(Question {
                    list: list.name().into(),
                    question: format!(
                        "What does \"{}\" in {} mean for {}?",
                        code.code,
                        fill.from.join(", "),
                        target.label()
                    ),
                    to: Some(fill.to.clone()),
                    code: Some(code.code.clone()),
                    rows: code.rows,
                });
            }
            fills.push(FillPlan {
                from: fill.from.clone(),
                to: fill.to.clone(),
                label: target.label().into(),
                choices: target.choices().into_iter().map(str::to_owned).collect(),
                copies: target.copies(),
                codes,
                too_many_codes,
            });
        }
        if chosen.is_none_or(|e| e.key.column.is_empty()) {
            plan.questions.insert(
                0,
                Question {
                    list: list.name().into(),
                    question: format!(
                        "Which column of {} holds the student number, and what is it in \
                         users.csv?",
                        list.name()
                    ),
                    to: None,
                    code: None,
                    rows: list.rows(),
                },
            );
        }
        plan.lists.push(ListPlan {
            name: list.name().into(),
            rows: list.rows(),
            header: list.header().to_vec(),
            entry,
            pairings,
            matched,
            fills,
        });
    }
    plan
}

/// True when `key` reaches exactly one student.
pub(crate) fn reaches(index: &KeyIndex, key: &str) -> bool {
    index.get(key).is_some_and(|s| s != SHARED)
}

/// Every column of `list` with every route, on its first rows: those that reach a student,
/// best first.
fn pairings(list: &Table, indexes: &[(Via, KeyIndex)]) -> Vec<Pairing> {
    let tried = list.rows().min(SAMPLE_ROWS);
    let mut pairings = Vec::new();
    for (c, name) in list.header().iter().enumerate() {
        for (via, index) in indexes {
            let mut reached = std::collections::HashSet::new();
            let mut matched = 0;
            for r in 0..tried {
                if let Some(s) = index.get(list.cell(r, c)).filter(|&s| s != SHARED) {
                    matched += 1;
                    reached.insert(s);
                }
            }
            if matched > 0 {
                pairings.push(Pairing {
                    column: name.clone(),
                    via: via.name(),
                    label: via.label(),
                    matched,
                    tried,
                    students: reached.len(),
                });
            }
        }
    }
    // Most students reached first (a school number 101 that is also a student's sourcedId
    // matches every row, and reaches one student: found by review), then most rows; on a
    // tie, the route listed first (sourcedId before the users.csv columns), then the list's
    // column order: the sort is stable.
    pairings.sort_by_key(|p| std::cmp::Reverse((p.students, p.matched)));
    pairings
}

/// The distinct codes of `columns` with the rows that have each; race cells split at `;`,
/// `,` and `|` (`A;W`). Blank codes are not listed: a blank stays blank.
pub(crate) fn distinct(list: &Table, columns: &[usize], race: bool) -> BTreeMap<String, usize> {
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for r in 0..list.rows() {
        for &c in columns {
            for code in split_codes(list.cell(r, c), race) {
                if let Some(n) = codes.get_mut(code) {
                    *n += 1;
                } else if codes.len() <= MAX_CODES {
                    codes.insert(code.to_owned(), 1);
                }
            }
        }
    }
    codes
}

/// The codes of one cell: itself, or for race its parts.
pub(crate) fn split_codes(cell: &str, race: bool) -> impl Iterator<Item = &str> {
    let parts: Box<dyn Iterator<Item = &str>> = if race {
        Box::new(cell.split([';', ',', '|']))
    } else {
        Box::new(std::iter::once(cell))
    };
    parts.map(str::trim).filter(|c| !c.is_empty())
}
