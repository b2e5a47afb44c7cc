//! The builder panel's state: the files' roles, the recipe as the person shapes it, the plan the
//! worker made of it, and the build. Every change of the recipe is a pure function here
//! (tested natively); the worker plans again after each.

use crate::protocol::BuildReply;
use rostercheck_core::build::{BuildSummary, Fill, Plan, Recipe, Role};
use std::rc::Rc;
use yew::Reducible;

/// Where the builder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BuildPhase {
    /// No files chosen yet.
    #[default]
    Idle,
    /// The worker reads the files or plans.
    Working,
    /// A plan is shown.
    Planned,
    /// The worker builds.
    Building,
    /// Built: the page checks the file.
    Built,
}

/// The builder's state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BuildState {
    /// Where it is.
    pub phase: BuildPhase,
    /// The request whose answer is awaited (older answers are dropped).
    pub asked: u64,
    /// Each file and what it is used as.
    pub files: Vec<(String, Role)>,
    /// The recipe as it stands.
    pub recipe: Option<Rc<Recipe>>,
    /// What the worker made of it.
    pub plan: Option<Rc<Plan>>,
    /// What the last build did.
    pub summary: Option<Rc<BuildSummary>>,
    /// The last build's leftovers CSV.
    pub leftovers: Option<Rc<[u8]>>,
    /// What went wrong, if anything.
    pub message: Option<String>,
}

/// What a request asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// Read new files: what was shown of the old ones goes (a build must never use them).
    Open,
    /// Plan again.
    Plan,
    /// Build.
    Build,
}

/// What happens to the builder.
#[derive(Debug, Clone, PartialEq)]
pub enum BuildAction {
    /// Request `id` was posted, asking this.
    Asked(u64, Asking),
    /// The worker answered.
    Replied(Box<BuildReply>),
    /// The worker stopped (out of memory).
    Crashed(String),
}

impl Reducible for BuildState {
    type Action = BuildAction;

    fn reduce(self: Rc<Self>, action: BuildAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            BuildAction::Asked(id, asking) => {
                next.asked = id;
                next.message = None;
                next.phase = match asking {
                    Asking::Open => {
                        // Found by review: new files that failed to load left the old plan
                        // shown, and Build built the old files.
                        next.plan = None;
                        next.recipe = None;
                        next.summary = None;
                        next.leftovers = None;
                        next.files.clear();
                        BuildPhase::Working
                    }
                    Asking::Plan => BuildPhase::Working,
                    Asking::Build => BuildPhase::Building,
                };
            }
            BuildAction::Replied(reply) => match *reply {
                BuildReply::Ready => return self,
                BuildReply::Planned { id, .. }
                | BuildReply::Built { id, .. }
                | BuildReply::Failed { id, .. }
                    if id != self.asked =>
                {
                    return self
                }
                BuildReply::Planned {
                    files,
                    recipe,
                    plan,
                    ..
                } => {
                    next.files = files;
                    next.recipe = Some(Rc::new(recipe));
                    next.plan = Some(Rc::new(*plan));
                    next.phase = BuildPhase::Planned;
                }
                BuildReply::Built {
                    summary, leftovers, ..
                } => {
                    next.summary = Some(Rc::from(*summary));
                    next.leftovers = Some(Rc::from(leftovers));
                    next.phase = BuildPhase::Built;
                }
                BuildReply::Failed { message, .. } => {
                    next.message = Some(message);
                    next.phase = if next.plan.is_some() {
                        BuildPhase::Planned
                    } else {
                        BuildPhase::Idle
                    };
                }
            },
            BuildAction::Crashed(message) => {
                next = BuildState {
                    message: Some(message),
                    ..BuildState::default()
                };
            }
        }
        Rc::new(next)
    }
}

impl BuildState {
    /// Codes left to answer.
    pub fn open_questions(&self) -> usize {
        self.plan.as_ref().map_or(0, |p| p.questions.len())
    }
}

/// The recipe with list `entry`'s key set.
pub fn set_key(recipe: &Recipe, entry: usize, column: &str, via: &str) -> Recipe {
    let mut recipe = recipe.clone();
    if let Some(list) = recipe.lists.get_mut(entry) {
        list.key.column = column.to_owned();
        list.key.via = via.to_owned();
        // The key column fills nothing.
        for fill in &mut list.fill {
            fill.from.retain(|c| c != column);
        }
        list.fill.retain(|f| !f.from.is_empty());
    }
    recipe
}

/// The recipe with `column` of list `entry` filling `target` (`None`: nothing). A target takes
/// one column, except race, which takes several (`RC1`–`RC5`).
pub fn set_target(recipe: &Recipe, entry: usize, column: &str, target: Option<&str>) -> Recipe {
    let mut recipe = recipe.clone();
    let Some(list) = recipe.lists.get_mut(entry) else {
        return recipe;
    };
    for fill in &mut list.fill {
        fill.from.retain(|c| c != column);
    }
    list.fill.retain(|f| !f.from.is_empty());
    if let Some(target) = target {
        match list.fill.iter_mut().find(|f| f.to == target) {
            Some(fill) if target == "race" => fill.from.push(column.to_owned()),
            Some(fill) => {
                fill.from = vec![column.to_owned()];
                fill.values.clear();
            }
            None => list.fill.push(Fill {
                from: vec![column.to_owned()],
                to: target.to_owned(),
                values: Default::default(),
            }),
        }
    }
    recipe
}

/// The recipe with `code` of list `entry`'s fill of `to` answered (`""`: left blank).
pub fn set_answer(recipe: &Recipe, entry: usize, to: &str, code: &str, answer: &str) -> Recipe {
    let mut recipe = recipe.clone();
    if let Some(fill) = recipe
        .lists
        .get_mut(entry)
        .and_then(|l| l.fill.iter_mut().find(|f| f.to == to))
    {
        fill.values.insert(code.to_owned(), answer.to_owned());
    }
    recipe
}

#[cfg(test)]
mod tests {
    use super::*;
    use rostercheck_core::build::{KeyChoice, ListRecipe};

    fn recipe() -> Recipe {
        Recipe {
            lists: vec![ListRecipe {
                key: KeyChoice {
                    column: "id".into(),
                    via: "identifier".into(),
                },
                fill: vec![Fill {
                    from: vec!["RC1".into()],
                    to: "race".into(),
                    values: Default::default(),
                }],
            }],
            ..Recipe::default()
        }
    }

    #[test]
    fn race_takes_several_columns_and_others_one() {
        let r = set_target(&recipe(), 0, "RC2", Some("race"));
        assert_eq!(r.lists[0].fill[0].from, ["RC1", "RC2"]);
        let r = set_target(&r, 0, "LEP", Some("metadata.englishLearnerStatus"));
        let r = set_target(&r, 0, "ELL", Some("metadata.englishLearnerStatus"));
        assert_eq!(r.lists[0].fill[1].from, ["ELL"]);
        let r = set_target(&r, 0, "ELL", None);
        assert_eq!(r.lists[0].fill.len(), 1);
        let r = set_key(&r, 0, "RC1", "sourcedId");
        assert_eq!(r.lists[0].fill[0].from, ["RC2"], "the key fills nothing");
    }

    #[test]
    fn an_answer_is_written_into_its_fill() {
        let r = set_answer(&recipe(), 0, "race", "3", "asian");
        assert_eq!(r.lists[0].fill[0].values["3"], "asian");
    }

    #[test]
    fn stale_answers_are_dropped() {
        let state = Rc::new(BuildState::default());
        let state = state.reduce(BuildAction::Asked(2, Asking::Plan));
        let stale = BuildReply::Failed {
            id: 1,
            message: "old".into(),
        };
        let same = state.clone().reduce(BuildAction::Replied(Box::new(stale)));
        assert_eq!(same.message, None);
    }

    #[test]
    fn new_files_that_fail_leave_nothing_to_build() {
        let mut state = BuildState {
            plan: Some(Rc::new(Plan {
                students: 1,
                students_from: "users.csv".into(),
                lists: Vec::new(),
                questions: Vec::new(),
            })),
            phase: BuildPhase::Planned,
            ..BuildState::default()
        };
        state.recipe = Some(Rc::new(recipe()));
        let state = Rc::new(state).reduce(BuildAction::Asked(3, Asking::Open));
        let failed = BuildReply::Failed {
            id: 3,
            message: "Add users.csv".into(),
        };
        let state = state.reduce(BuildAction::Replied(Box::new(failed)));
        assert_eq!(
            (state.phase, state.plan.is_none()),
            (BuildPhase::Idle, true)
        );
    }
}
