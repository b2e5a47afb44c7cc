//! The builder: fills the 12 ClassLink metadata columns, `sex`, `birthDate`, the race flags and
//! `hispanicOrLatinoEthnicity` from SIS program lists (an English learner list, the meal list,
//! race rows...), joined to the students by the list's student number — the VLOOKUPs a person
//! does in Excel today, with nothing guessed.
//!
//! 1. [`Sources`]: demographics.csv (the rows to fill) or users.csv alone (one row a student),
//!    users.csv (the link: `identifier`, `username`, `userIds`, `metadata.*`), the lists.
//! 2. [`suggest`]: the first [`Recipe`] — each list's key pairing that reaches the most
//!    students, the columns named like a target, and a value for each code only where exactly
//!    one is sensible (`Y` → `Yes`; `F` in a meal column is the person's).
//! 3. [`plan`]: what a recipe would do — match counts, every code with its count, proposal
//!    and answer — and the [`Question`]s left.
//! 4. [`build`]: with every question answered, demographics.csv before the normal check,
//!    the counts and the leftovers (rows that reached no student, conflicts, students with
//!    no row).
//!
//! A workbook list is read into CSV first (`workbook::read`), by the caller.

mod apply;
mod plan;
mod recipe;
mod students;
mod table;
mod targets;

pub use apply::{build, BuildError, BuildSummary, Built, ListSummary};
pub use plan::{
    complete, plan, suggest, Code, FillPlan, ListPlan, Pairing, Plan, Question, MAX_CODES,
};
pub use recipe::{Fill, KeyChoice, ListRecipe, Recipe, KIND};
pub use students::{normalise, Via};
pub use table::{Table, TableError};
pub use targets::{is_fillable, Target, RACE_MEANINGS};

use students::Students;

/// The files of a build.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// demographics.csv, whose rows are filled in.
    pub demographics: Option<Table>,
    /// users.csv: the link, and the students when there is no demographics.csv.
    pub users: Option<Table>,
    /// The lists, in the order given.
    pub lists: Vec<Table>,
}

impl Sources {
    /// Reads users.csv, keeping only the columns that identify a user.
    pub fn read_users(name: &str, bytes: &[u8]) -> Result<Table, TableError> {
        Table::read(name, bytes, &|h| {
            [
                "sourcedId",
                "userSourcedId",
                "role",
                "identifier",
                "username",
                "userIds",
            ]
            .iter()
            .any(|k| h.eq_ignore_ascii_case(k))
                || h.starts_with("metadata.")
        })
    }

    /// Reads demographics.csv or a list, every column.
    pub fn read_table(name: &str, bytes: &[u8]) -> Result<Table, TableError> {
        Table::read(name, bytes, &|_| true)
    }

    /// Adds a file dropped for a build (CSV text; a workbook is read into CSV first), by what
    /// its header says it is: the first users.csv is the link, the first demographics.csv the
    /// rows to fill, any other OneRoster file is not used, and everything else is a list.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<Role, TableError> {
        let head = &bytes[..bytes.len().min(64 * 1024)];
        let role = match crate::bundle::recognise(name, head) {
            crate::bundle::FileKind::Users if self.users.is_none() => Role::Users,
            crate::bundle::FileKind::Demographics if self.demographics.is_none() => {
                Role::Demographics
            }
            crate::bundle::FileKind::NotOneRoster => Role::List,
            _ => Role::NotUsed,
        };
        match role {
            Role::Users => self.users = Some(Sources::read_users(name, bytes)?),
            Role::Demographics => self.demographics = Some(Sources::read_table(name, bytes)?),
            Role::List => self.lists.push(Sources::read_table(name, bytes)?),
            Role::NotUsed => {}
        }
        Ok(role)
    }

    fn students(&self) -> Students<'_> {
        Students::new(self.demographics.as_ref(), self.users.as_ref())
    }

    fn students_from(&self) -> &'static str {
        if self.demographics.is_some() {
            "demographics.csv"
        } else {
            "users.csv"
        }
    }
}

/// What a file dropped for a build is used as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// users.csv: the link, and the students when there is no demographics.csv.
    Users,
    /// demographics.csv: the rows to fill.
    Demographics,
    /// A list to fill from.
    List,
    /// Another OneRoster file (or a second users.csv): not used.
    NotUsed,
}

impl Role {
    /// In words, for the page.
    pub fn label(self) -> &'static str {
        match self {
            Role::Users => "links the lists to the students",
            Role::Demographics => "the rows to fill",
            Role::List => "a list to fill from",
            Role::NotUsed => "not used",
        }
    }
}
