//! The users of a bundle as a compact set of IDs: users.csv (and, in OneRoster 1.2, roles.csv)
//! streamed into a hash table of 12-byte slots, kept at most three quarters full — at most 32
//! bytes a user, whatever the IDs look like (a UUID is 36 bytes: the IDs themselves are not
//! kept). A demographics ID is then found, found only when case and surrounding spaces are
//! ignored, or not found; and each user found is marked, so that the students without a
//! demographics row can be counted, and listed by reading users.csv once more.

use super::reader::TableReader;
use crate::input::RecordText;
use std::borrow::Cow;
use std::sync::atomic::{AtomicU32, Ordering};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// The tag's bit for a user with the role `student`.
const STUDENT: u32 = 1;
/// The tag's bits for the first other role a user has (an index into [`OTHER_ROLES`]).
const OTHER_SHIFT: u32 = 1;
const OTHER_MASK: u32 = 0b111 << OTHER_SHIFT;
/// The tag's bit for a user a demographics row was found for.
const SEEN: u32 = 1 << 4;
/// The rest of the tag: 27 bits of a second hash of the ID as written, telling apart IDs that
/// are equal once case and spaces are ignored (`abc`, `ABC`).
const EXACT_SHIFT: u32 = 5;

/// Roles other than student, as the messages name them (1-based in the tag; 0 is none).
const OTHER_ROLES: [&str; 6] = [
    "a teacher",
    "a parent or guardian",
    "an administrator",
    "an aide or proctor",
    "a staff member",
    "a user of another role",
];

fn other_role(role: &str) -> u32 {
    let index = match role.to_ascii_lowercase().as_str() {
        "teacher" => 0,
        "parent" | "guardian" | "relative" => 1,
        "administrator"
        | "districtadministrator"
        | "siteadministrator"
        | "systemadministrator"
        | "principal" => 2,
        "aide" | "proctor" => 3,
        "counselor" | "staff" => 4,
        _ => 5,
    };
    index + 1
}

/// What is known of a demographics ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// A user with exactly this ID: its slot, whether it is a student, and its other role.
    Found {
        slot: usize,
        student: bool,
        other: Option<&'static str>,
    },
    /// No user has this ID, but one does when case and surrounding spaces are ignored.
    CaseOnly,
    /// No user has it.
    Missing,
}

/// How many users, students, and students with a demographics row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RosterCounts {
    /// Distinct user IDs in users.csv.
    pub users: u64,
    /// Of them, students (`None` when no file said who is a student: 1.2 without roles.csv).
    pub students: Option<u64>,
    /// Students with a demographics row.
    pub with_demographics: Option<u64>,
}

/// The users of a bundle (see the module's documentation). Shared by the check's passes
/// (`Options::users`); one check at a time marks it.
#[derive(Debug, Default)]
pub struct Users {
    /// The hash of each user's ID with case and surrounding spaces ignored; 0 is an empty slot.
    keys: Vec<u64>,
    tags: Vec<AtomicU32>,
    len: usize,
    /// Widths of the all-digit IDs that start with a zero (bit n: n digits), so that an ID
    /// Excel shortened is looked up padded only to widths that exist.
    zero_widths: u64,
    /// A file said who is a student (users.csv `role` in 1.1, or roles.csv).
    has_roles: bool,
    /// The file the users were read from, as findings name it.
    file: String,
    /// Its data rows.
    rows: u64,
}

fn folded(id: &str) -> Cow<'_, str> {
    let trimmed = id.trim();
    if trimmed
        .bytes()
        .all(|b| !b.is_ascii_uppercase() && b.is_ascii())
    {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.to_lowercase())
    }
}

fn key_of(folded: &str) -> u64 {
    xxh3_64(folded.as_bytes()).max(1)
}

fn exact_of(id: &str) -> u32 {
    (xxh3_64_with_seed(id.as_bytes(), 0x5EED) as u32) >> EXACT_SHIFT
}

impl Users {
    /// A set with no users, read from `file`.
    pub fn new(file: &str) -> Users {
        Users {
            file: file.to_owned(),
            ..Users::default()
        }
    }

    /// The file the users were read from.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The data rows of the file the users were read from.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Distinct user IDs.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no users.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bytes held (for the memory figure).
    pub fn bytes(&self) -> usize {
        self.keys.capacity() * 8 + self.tags.capacity() * 4
    }

    fn mask(&self) -> usize {
        self.keys.len().wrapping_sub(1)
    }

    fn grow(&mut self) {
        let capacity = (self.keys.len() * 2).max(64);
        let keys = std::mem::replace(&mut self.keys, vec![0; capacity]);
        let tags = std::mem::replace(
            &mut self.tags,
            (0..capacity).map(|_| AtomicU32::new(0)).collect(),
        );
        let mask = self.mask();
        for (key, tag) in keys.into_iter().zip(tags).filter(|(key, _)| *key != 0) {
            let mut slot = key as usize & mask;
            while self.keys[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.keys[slot] = key;
            self.tags[slot] = tag;
        }
    }

    /// Adds the user `id` (as written in users.csv) with its role, if the file gives one;
    /// returns its slot. A user listed twice is one user with both roles.
    fn add(&mut self, id: &str, role: Option<&str>) -> usize {
        if (self.len + 1) * 4 > self.keys.len() * 3 {
            self.grow();
        }
        let key = key_of(&folded(id));
        let exact = exact_of(id);
        let mut slot = key as usize & self.mask();
        loop {
            if self.keys[slot] == 0 {
                self.keys[slot] = key;
                *self.tags[slot].get_mut() = exact << EXACT_SHIFT;
                self.len += 1;
                if id.len() < 64 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) {
                    self.zero_widths |= 1 << id.len();
                }
                break;
            }
            if self.keys[slot] == key && *self.tags[slot].get_mut() >> EXACT_SHIFT == exact {
                break;
            }
            slot = (slot + 1) & self.mask();
        }
        if let Some(role) = role {
            self.give_role(slot, role);
        }
        slot
    }

    fn give_role(&mut self, slot: usize, role: &str) {
        let role = role.trim();
        if role.is_empty() {
            return;
        }
        let tag = self.tags[slot].get_mut();
        if role.eq_ignore_ascii_case("student") {
            *tag |= STUDENT;
        } else if *tag & OTHER_MASK == 0 {
            *tag |= other_role(role) << OTHER_SHIFT;
        }
    }

    /// What is known of the demographics ID `id`.
    pub(crate) fn lookup(&self, id: &str) -> Lookup {
        if self.keys.is_empty() {
            return Lookup::Missing;
        }
        let key = key_of(&folded(id));
        let exact = exact_of(id);
        let mut slot = key as usize & self.mask();
        let mut case_only = false;
        loop {
            match self.keys[slot] {
                0 => break,
                k if k == key => {
                    let tag = self.tags[slot].load(Ordering::Relaxed);
                    if tag >> EXACT_SHIFT == exact {
                        let other = (tag & OTHER_MASK) >> OTHER_SHIFT;
                        return Lookup::Found {
                            slot,
                            student: tag & STUDENT != 0,
                            other: (other > 0).then(|| OTHER_ROLES[other as usize - 1]),
                        };
                    }
                    case_only = true;
                }
                _ => {}
            }
            slot = (slot + 1) & self.mask();
        }
        if case_only {
            Lookup::CaseOnly
        } else {
            Lookup::Missing
        }
    }

    /// The users.csv ID that `id` (all digits) is with leading zeros put back, when exactly one
    /// user has such an ID.
    pub(crate) fn padded(&self, id: &str) -> Option<(String, usize)> {
        if id.is_empty() || id.len() >= 63 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut found = None;
        for width in id.len() + 1..64 {
            if self.zero_widths & (1 << width) == 0 {
                continue;
            }
            let padded = format!("{id:0>width$}");
            if let Lookup::Found { slot, .. } = self.lookup(&padded) {
                if found.is_some() {
                    return None;
                }
                found = Some((padded, slot));
            }
        }
        found
    }

    /// Marks the user in `slot` as having a demographics row.
    pub(crate) fn see(&self, slot: usize) {
        self.tags[slot].fetch_or(SEEN, Ordering::Relaxed);
    }

    /// Forgets every mark (a new check starts).
    pub(crate) fn forget_seen(&self) {
        for tag in &self.tags {
            tag.fetch_and(!SEEN, Ordering::Relaxed);
        }
    }

    /// True when a file said who is a student.
    pub fn knows_roles(&self) -> bool {
        self.has_roles
    }

    /// Users, students, and students marked.
    pub fn counts(&self) -> RosterCounts {
        let mut counts = RosterCounts {
            users: self.len as u64,
            ..RosterCounts::default()
        };
        if self.has_roles {
            let (mut students, mut seen) = (0, 0);
            for (key, tag) in self.keys.iter().zip(&self.tags) {
                let tag = tag.load(Ordering::Relaxed);
                if *key != 0 && tag & STUDENT != 0 {
                    students += 1;
                    seen += u64::from(tag & SEEN != 0);
                }
            }
            counts.students = Some(students);
            counts.with_demographics = Some(seen);
        }
        counts
    }

    /// Reads users.csv into a new set (`file`: its name, for findings).
    pub fn reader(file: &str) -> UsersReader {
        UsersReader {
            users: Users::new(file),
            reader: TableReader::default(),
            columns: None,
        }
    }

    /// Reads roles.csv (OneRoster 1.2) into this set: who is a student.
    pub fn roles_reader(&mut self) -> RolesReader<'_> {
        RolesReader {
            users: self,
            reader: TableReader::default(),
            columns: None,
        }
    }

    /// Lists the students without a demographics row, reading users.csv again.
    pub fn missing_list(&self) -> MissingList<'_> {
        MissingList {
            users: self,
            reader: TableReader::default(),
            columns: None,
            csv: Vec::new(),
        }
    }
}

/// The position of the first column named one of `names` (exactly, then ignoring case).
fn position(header: &RecordText<'_>, names: &[&str]) -> Option<usize> {
    let fields: Vec<Cow<'_, str>> = (0..header.len()).map(|i| header.field(i)).collect();
    let exact = fields.iter().position(|f| names.contains(&f.trim()));
    exact.or_else(|| {
        fields
            .iter()
            .position(|f| names.iter().any(|n| f.trim().eq_ignore_ascii_case(n)))
    })
}

/// Streams users.csv into a [`Users`] set.
#[derive(Debug)]
pub struct UsersReader {
    users: Users,
    reader: TableReader,
    /// sourcedId and role, once the header is read.
    columns: Option<(Option<usize>, Option<usize>)>,
}

impl UsersReader {
    /// Takes the next piece of users.csv.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.push(chunk, false);
    }

    fn push(&mut self, chunk: &[u8], eof: bool) {
        let UsersReader {
            users,
            reader,
            columns,
        } = self;
        reader.feed(chunk, eof, &mut |_, text| match *columns {
            None => {
                let id = position(text, &["sourcedId", "userSourcedId"]);
                let role = position(text, &["role"]);
                users.has_roles |= role.is_some();
                *columns = Some((id, role));
            }
            Some((Some(id), role)) if id < text.len() => {
                let sourced_id = text.field(id);
                if sourced_id.trim().is_empty() {
                    return;
                }
                let role = role.filter(|&r| r < text.len()).map(|r| text.field(r));
                users.add(&sourced_id, role.as_deref());
            }
            Some(_) => {}
        });
    }

    /// The set, once the whole file was fed; `None` when users.csv has no sourcedId column
    /// (or is not text).
    pub fn finish(mut self) -> Option<Users> {
        self.push(&[], true);
        self.users.rows = self.reader.records().saturating_sub(1);
        matches!(self.columns, Some((Some(_), _)))
            .then_some(self.users)
            .filter(|_| self.reader.readable())
    }
}

/// Streams roles.csv (OneRoster 1.2) into a [`Users`] set: each user's roles.
#[derive(Debug)]
pub struct RolesReader<'u> {
    users: &'u mut Users,
    reader: TableReader,
    columns: Option<Option<(usize, usize)>>,
}

impl RolesReader<'_> {
    /// Takes the next piece of roles.csv.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.push(chunk, false);
    }

    fn push(&mut self, chunk: &[u8], eof: bool) {
        let RolesReader {
            users,
            reader,
            columns,
        } = self;
        reader.feed(chunk, eof, &mut |_, text| match *columns {
            None => {
                let user = position(text, &["userSourcedId"]);
                let role = position(text, &["role"]);
                let both = user.zip(role);
                users.has_roles |= both.is_some();
                *columns = Some(both);
            }
            Some(Some((user, role))) if user.max(role) < text.len() => {
                let id = text.field(user);
                if let Lookup::Found { slot, .. } = users.lookup(&id) {
                    users.give_role(slot, &text.field(role));
                }
            }
            Some(_) => {}
        });
    }

    /// Ends roles.csv: its data rows, or `None` when it has no userSourcedId and role
    /// columns.
    pub fn finish(mut self) -> Option<u64> {
        self.push(&[], true);
        let rows = self.reader.records().saturating_sub(1);
        matches!(self.columns, Some(Some(_))).then_some(rows)
    }
}

/// The students of users.csv without a demographics row, as a CSV file for the person: read
/// from users.csv again (the set keeps no IDs).
#[derive(Debug)]
pub struct MissingList<'u> {
    users: &'u Users,
    reader: TableReader,
    /// The sourcedId column, then the columns copied (identifier, names).
    columns: Option<Option<(usize, Vec<usize>)>>,
    csv: Vec<u8>,
}

/// The columns of users.csv the list shows besides sourcedId, to tell who the student is.
const LISTED: [&str; 4] = ["identifier", "username", "givenName", "familyName"];

impl MissingList<'_> {
    /// Takes the next piece of users.csv.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.push(chunk, false);
    }

    fn push(&mut self, chunk: &[u8], eof: bool) {
        let MissingList {
            users,
            reader,
            columns,
            csv,
        } = self;
        reader.feed(chunk, eof, &mut |_, text| match columns {
            None => {
                let id = position(text, &["sourcedId", "userSourcedId"]);
                let listed: Vec<usize> = LISTED
                    .iter()
                    .filter_map(|name| position(text, &[name]))
                    .collect();
                let mut header = vec!["sourcedId"];
                header.extend(
                    LISTED
                        .iter()
                        .filter(|name| position(text, &[name]).is_some()),
                );
                crate::writer::push_record(csv, header.iter().copied());
                csv.extend_from_slice(b"\r\n");
                *columns = Some(id.map(|id| (id, listed)));
            }
            Some(Some((id, listed))) if *id < text.len() => {
                let sourced_id = text.field(*id);
                let Lookup::Found { slot, student, .. } = users.lookup(&sourced_id) else {
                    return;
                };
                let tag = users.tags[slot].load(Ordering::Relaxed);
                if !student || tag & SEEN != 0 {
                    return;
                }
                let mut fields = vec![crate::report::neutralise(&sourced_id)];
                for &i in listed.iter() {
                    let value = if i < text.len() {
                        text.field(i)
                    } else {
                        "".into()
                    };
                    fields.push(crate::report::neutralise(&value));
                }
                crate::writer::push_record(csv, fields.iter().map(String::as_str));
                csv.extend_from_slice(b"\r\n");
            }
            Some(_) => {}
        });
    }

    /// The list: a UTF-8 CSV with a BOM (for Excel), CRLF line endings, formula-like values
    /// neutralised; a user listed twice in users.csv is listed twice.
    pub fn finish(mut self) -> Vec<u8> {
        self.push(&[], true);
        let mut out = b"\xEF\xBB\xBF".to_vec();
        out.append(&mut self.csv);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users(csv: &str) -> Users {
        let mut reader = Users::reader("users.csv");
        for piece in csv.as_bytes().chunks(7) {
            reader.feed(piece);
        }
        reader.finish().expect("a users file")
    }

    #[test]
    fn finds_users_exactly_or_by_case_only() {
        let set = users("sourcedId,role\nabc,student\nT-1,teacher\n007,student\n");
        assert_eq!(set.len(), 3);
        assert!(matches!(
            set.lookup("abc"),
            Lookup::Found {
                student: true,
                other: None,
                ..
            }
        ));
        assert!(matches!(
            set.lookup("T-1"),
            Lookup::Found {
                student: false,
                other: Some("a teacher"),
                ..
            }
        ));
        assert_eq!(set.lookup("ABC"), Lookup::CaseOnly);
        assert_eq!(set.lookup(" t-1 "), Lookup::CaseOnly);
        assert_eq!(set.lookup("abd"), Lookup::Missing);
        assert_eq!(set.padded("7").map(|p| p.0), Some("007".to_owned()));
        assert_eq!(set.padded("8"), None);
    }

    #[test]
    fn a_padded_id_is_named_only_when_one_user_has_it() {
        let set = users("sourcedId,role\n0042,student\n00042,student\n0043,student\n");
        assert_eq!(set.padded("42"), None);
        assert_eq!(set.padded("43").map(|p| p.0), Some("0043".to_owned()));
    }

    #[test]
    fn many_users_stay_within_32_bytes_each() {
        let mut csv = String::from("sourcedId,role\n");
        for i in 0..100_000 {
            csv.push_str(&format!("{i:08x}-aaaa-bbbb-cccc-dddddddddddd,student\n"));
        }
        let set = users(&csv);
        assert_eq!(set.len(), 100_000);
        assert!(set.bytes() <= 32 * 100_000, "{}", set.bytes());
        for i in (0..100_000).step_by(997) {
            let id = format!("{i:08x}-aaaa-bbbb-cccc-dddddddddddd");
            assert!(matches!(set.lookup(&id), Lookup::Found { .. }), "{id}");
        }
        assert_eq!(
            set.lookup("ffffffff-aaaa-bbbb-cccc-dddddddddddd"),
            Lookup::Missing
        );
    }

    #[test]
    fn roles_of_one_two_say_who_is_a_student_and_marks_count_them() {
        let mut set = users("sourcedId,givenName\nu1,A\nu2,B\nu3,C\n");
        assert!(!set.knows_roles());
        assert_eq!(set.counts().students, None);
        let mut roles = set.roles_reader();
        roles.feed(b"sourcedId,userSourcedId,roleType,role\nr1,u1,primary,student\n");
        roles.feed(b"r2,u2,primary,guardian\nr3,u3,primary,student\nr4,zz,primary,student\n");
        assert_eq!(roles.finish(), Some(4));
        assert!(set.knows_roles());
        let Lookup::Found { slot, .. } = set.lookup("u1") else {
            panic!("u1 is a user");
        };
        set.see(slot);
        let counts = set.counts();
        assert_eq!(
            (counts.users, counts.students, counts.with_demographics),
            (3, Some(2), Some(1))
        );
        let mut list = set.missing_list();
        list.feed(b"sourcedId,givenName\nu1,A\nu2,B\nu3,=C\n");
        let listed = String::from_utf8(list.finish()).unwrap();
        assert_eq!(listed, "\u{FEFF}sourcedId,givenName\r\nu3,'=C\r\n");
        set.forget_seen();
        assert_eq!(set.counts().with_demographics, Some(0));
    }

    #[test]
    fn a_file_without_ids_is_not_a_users_file() {
        let mut reader = Users::reader("x.csv");
        reader.feed(b"name,role\nA,student\n");
        assert!(reader.finish().is_none());
    }
}
