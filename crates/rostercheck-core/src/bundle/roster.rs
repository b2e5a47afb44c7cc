//! The users stage: each demographics row's `sourcedId` looked up in the bundle's users
//! (`unknown-user`, `not-a-student`), an ID that lost its leading zeros given back its zeros
//! when exactly one user has it, and at the end the students without a row counted
//! (`student-without-demographics`).

use super::users::{Lookup, Users};
use crate::cells::Cells;
use crate::finding::{Code, Detail, Fix, Severity};
use crate::input::RecordText;
use crate::rules::{About, Outcome, Stage};
use crate::sink::{Draft, Sink};
use crate::table::Table;

/// The registry entry of this stage (`id-leading-zeros` is the leading-zeros rule's code; this
/// stage only gives it its fix).
pub(crate) const STAGE: Stage = Stage {
    name: "users",
    about: About::Row,
    codes: &[
        Code::UnknownUser,
        Code::NotAStudent,
        Code::StudentWithoutDemographics,
    ],
};

/// Looks the row's ID (after the cell rules) up in `users`; returns true when it changed it.
/// Never inlined: a demographics.csv alone does not come here, and its row stage stays as it
/// was (measured: inlined, it cost that check 3.5 % more instructions, callgrind on 100,000
/// clean rows).
#[inline(never)]
pub(crate) fn cross_check(
    users: &Users,
    table: &Table,
    cells: &mut Cells,
    text: &RecordText<'_>,
) -> bool {
    let Some(position) = table.sourced_id else {
        return false;
    };
    let id = cells.values(text).get(position);
    if id.is_empty() {
        return false;
    }
    let outcome = match users.lookup(id) {
        Lookup::Found {
            slot,
            student,
            other,
        } => {
            users.see(slot);
            match other.filter(|_| !student) {
                Some(role) => Outcome::warning(Code::NotAStudent).with_detail(Detail::Role(role)),
                None => return false,
            }
        }
        Lookup::CaseOnly => Outcome::error(Code::UnknownUser).with_detail(Detail::UserCase),
        Lookup::Missing => match users.padded(id) {
            Some((padded, slot)) => {
                users.see(slot);
                let seen = id.to_owned();
                cells.set(position, &padded);
                let outcome = Outcome::warning(Code::IdLeadingZeros)
                    .with_detail(Detail::PaddedUser)
                    .with_fix(Fix::Value(padded.into()));
                cells.outcomes.push((position, outcome, seen));
                return true;
            }
            None => Outcome::error(Code::UnknownUser),
        },
    };
    let seen = id.to_owned();
    cells.outcomes.push((position, outcome, seen));
    false
}

/// The students of `users` without a demographics row, counted in one finding.
pub(crate) fn finish(users: &Users, sink: &mut Sink) {
    let counts = users.counts();
    let (Some(students), Some(with)) = (counts.students, counts.with_demographics) else {
        return;
    };
    if students > with {
        let draft = Draft::new(Code::StudentWithoutDemographics, Severity::Info, 0);
        sink.emit(
            draft
                .file(Some(users.file()))
                .detail(Detail::Count(students - with)),
        );
    }
}
