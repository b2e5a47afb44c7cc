//! The users of a bundle as a compact set of IDs: users.csv (and, in OneRoster 1.2, roles.csv)
//! streamed into a hash table of 12-byte slots, kept at most three quarters full — at most 32
//! bytes a user, whatever the IDs look like (a UUID is 36 bytes: the IDs themselves are not
//! kept). A demographics ID is then found, found only when case and surrounding spaces are
//! ignored, or not found; and each user found is marked, so that the students without a
//! demographics row can be counted, and listed by reading users.csv once more.
//!
//! A slot is three 32-bit words, side by side so that a lookup reads one cache line (measured:
//! keys and tags in two arrays made the bundle of 1,000,000 students 1.57 times as slow as its
//! demographics.csv alone; see BENCHMARKS.md): the 64-bit hash of the ID with case and
//! surrounding spaces ignored, which also places it, then the tag — the roles, the mark, and 27
//! bits of the hash of the ID as written. All 64 bits are compared, so an ID is said to match
//! "only when case is ignored" by mistake about once in 2^43 looks (with 32 bits, of which the
//! place already fixes 21 in a table of 1,000,000 users, it was once in 2,700: found by review).

use super::reader::TableReader;
use crate::input::RecordText;
use std::borrow::Cow;
use std::sync::atomic::{AtomicU32, Ordering};
use xxhash_rust::xxh3::xxh3_64;

/// The tag's bit for a user with the role `student`.
const STUDENT: u32 = 1;
/// The tag's bits for the first other role a user has (an index into [`OTHER_ROLES`]).
const OTHER_SHIFT: u32 = 1;
const OTHER_MASK: u32 = 0b111 << OTHER_SHIFT;
/// The tag's bit for a user a demographics row was found for.
const SEEN: u32 = 1 << 4;
/// The rest of the tag: 27 bits of the hash of the ID as written, telling apart IDs that are
/// equal once case and spaces are ignored (`abc`, `ABC`).
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

/// The tag's bits for the role `role`: [`STUDENT`], another role, or none (blank).
fn role_bits(role: &str) -> u32 {
    let role = role.trim();
    if role.is_empty() {
        0
    } else if role.eq_ignore_ascii_case("student") {
        STUDENT
    } else {
        other_role(role) << OTHER_SHIFT
    }
}

/// A user read and not added yet.
#[derive(Debug)]
struct Pending {
    key: u64,
    exact: u32,
    role: u32,
    /// The ID's width when it is all digits and starts with a zero.
    zero_width: Option<u8>,
}

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
    /// Key and tag of each slot; a key of 0 is an empty slot.
    slots: Vec<Slot>,
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

/// One slot: the key (64 bits, as two words: a slot is 12 bytes, not 16) and the tag.
#[derive(Debug, Default)]
struct Slot {
    key: [AtomicU32; 2],
    tag: AtomicU32,
}

impl Slot {
    fn key(&self) -> u64 {
        let [low, high] = &self.key;
        u64::from(low.load(Ordering::Relaxed)) | (u64::from(high.load(Ordering::Relaxed)) << 32)
    }

    fn tag(&self) -> u32 {
        self.tag.load(Ordering::Relaxed)
    }

    fn set(&mut self, key: u64, tag: u32) {
        *self.key[0].get_mut() = key as u32;
        *self.key[1].get_mut() = (key >> 32) as u32;
        *self.tag.get_mut() = tag;
    }
}

/// The key and the exact part of the tag of `id`: one hash when the ID is already as it is
/// compared (no upper case, no surrounding spaces: nearly every ID), two otherwise.
fn hashes(id: &str) -> (u64, u32) {
    let trimmed = id.trim();
    let plain =
        trimmed.len() == id.len() && id.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase());
    let exact = xxh3_64(id.as_bytes());
    let folded = if plain {
        exact
    } else {
        xxh3_64(trimmed.to_lowercase().as_bytes())
    };
    // The exact part comes from the other half of the hash than the place.
    (folded.max(1), ((exact >> 32) as u32) >> EXACT_SHIFT)
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
        self.slots.capacity() * std::mem::size_of::<Slot>()
    }

    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// Makes room for `users` in all, at once (growing a large table step by step costs a
    /// rehash of everything each time it doubles).
    pub fn reserve(&mut self, users: usize) {
        let wanted = (users.saturating_mul(4) / 3 + 1)
            .next_power_of_two()
            .max(64);
        if wanted > self.slots.len() {
            self.rehash(wanted);
        }
    }

    fn rehash(&mut self, capacity: usize) {
        let old = std::mem::replace(
            &mut self.slots,
            (0..capacity).map(|_| Slot::default()).collect(),
        );
        let mask = self.mask();
        for slot in old.into_iter().filter(|slot| slot.key() != 0) {
            let (key, tag) = (slot.key(), slot.tag());
            let mut at = key as usize & mask;
            while self.slots[at].key() != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at].set(key, tag);
        }
    }

    /// Adds the users of `batch` (their hashes, role bits and ID width when it is all digits
    /// with a leading zero), reading all their slots first (see [`Users::fetch`]; measured:
    /// adding 1,050,000 users one by one, the reads of the slots were 94 % of the time of
    /// reading users.csv). A user listed twice is one user with both roles.
    fn add_batch(&mut self, batch: &mut Vec<Pending>) {
        if (self.len + batch.len()) * 4 > self.slots.len() * 3 {
            self.reserve(self.len + batch.len());
        }
        let mask = self.mask();
        let touched = (batch.iter()).fold(0, |seen, pending| {
            seen ^ self.slots[pending.key as usize & mask].key()
        });
        std::hint::black_box(touched);
        for pending in batch.drain(..) {
            let slot = self.add_hashed(pending.key, pending.exact);
            if let Some(width) = pending.zero_width {
                self.zero_widths |= 1 << width;
            }
            self.give_role(slot, pending.role);
        }
    }

    fn add_hashed(&mut self, key: u64, exact: u32) -> usize {
        let mask = self.mask();
        let mut at = key as usize & mask;
        loop {
            let slot = &mut self.slots[at];
            if slot.key() == 0 {
                slot.set(key, exact << EXACT_SHIFT);
                self.len += 1;
                return at;
            }
            if slot.key() == key && slot.tag() >> EXACT_SHIFT == exact {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    /// Gives the user in `slot` the role `bits` (see [`role_bits`]): student, or the first
    /// other role it has.
    fn give_role(&mut self, slot: usize, bits: u32) {
        let tag = self.slots[slot].tag.get_mut();
        if bits & STUDENT != 0 || *tag & OTHER_MASK == 0 {
            *tag |= bits;
        }
    }

    /// Reads the slots of the IDs `ids` (the next rows' IDs as written) all at once, so that
    /// looking them up finds them in the cache: the reads of a batch overlap where one by one
    /// each waits for memory (measured, as the duplicate map's `fetch`: see BENCHMARKS.md).
    pub(crate) fn fetch(&self, ids: &[&[u8]]) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.mask();
        let touched = ids.iter().fold(0, |seen, id| {
            let key = std::str::from_utf8(id).map_or(0, |id| hashes(id).0);
            seen ^ self.slots[key as usize & mask].key()
        });
        std::hint::black_box(touched);
    }

    /// What is known of the demographics ID `id`.
    pub(crate) fn lookup(&self, id: &str) -> Lookup {
        if self.slots.is_empty() {
            return Lookup::Missing;
        }
        let (key, exact) = hashes(id);
        let mask = self.mask();
        let mut at = key as usize & mask;
        let mut case_only = false;
        loop {
            let slot = &self.slots[at];
            match slot.key() {
                0 => break,
                found if found == key => {
                    let tag = slot.tag();
                    if tag >> EXACT_SHIFT == exact {
                        let other = (tag & OTHER_MASK) >> OTHER_SHIFT;
                        return Lookup::Found {
                            slot: at,
                            student: tag & STUDENT != 0,
                            other: (other > 0).then(|| OTHER_ROLES[other as usize - 1]),
                        };
                    }
                    case_only = true;
                }
                _ => {}
            }
            at = (at + 1) & mask;
        }
        if case_only {
            Lookup::CaseOnly
        } else {
            Lookup::Missing
        }
    }

    /// The users.csv ID that `id` (all digits, not starting with a zero: Excel leaves none) is
    /// with leading zeros put back, when exactly one user has such an ID — and that user is a
    /// student, when the files say who is (found by review: a teacher's ID was given).
    pub(crate) fn padded(&self, id: &str) -> Option<(String, usize)> {
        let digits = id.bytes().all(|b| b.is_ascii_digit());
        if id.is_empty() || id.len() >= 63 || !digits || id.starts_with('0') {
            return None;
        }
        let mut found = None;
        for width in id.len() + 1..64 {
            if self.zero_widths & (1 << width) == 0 {
                continue;
            }
            let padded = format!("{id:0>width$}");
            if let Lookup::Found { slot, student, .. } = self.lookup(&padded) {
                if found.is_some() || (self.has_roles && !student) {
                    return None;
                }
                found = Some((padded, slot));
            }
        }
        found
    }

    /// Marks the user in `slot` as having a demographics row. (A load and a store, not an
    /// atomic read-modify-write: one check at a time marks the set, and nothing else changes
    /// a slot then.)
    pub(crate) fn see(&self, slot: usize) {
        let tag = &self.slots[slot].tag;
        let now = tag.load(Ordering::Relaxed);
        if now & SEEN == 0 {
            tag.store(now | SEEN, Ordering::Relaxed);
        }
    }

    /// True when the user in `slot` was marked.
    fn seen(&self, slot: usize) -> bool {
        self.slots[slot].tag() & SEEN != 0
    }

    /// Forgets every mark (a new check starts).
    pub(crate) fn forget_seen(&self) {
        for slot in &self.slots {
            slot.tag.fetch_and(!SEEN, Ordering::Relaxed);
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
            for slot in &self.slots {
                let tag = slot.tag();
                if tag & STUDENT != 0 {
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
            expected_bytes: None,
            sampled: (0, 0),
            batch: Vec::with_capacity(BATCH),
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
    /// The file's size, when known, and the rows and bytes seen so far: after
    /// [`ROWS_TO_ESTIMATE`] rows, room is made for the users the file will hold.
    expected_bytes: Option<u64>,
    sampled: (u64, u64),
    /// Users read and not added yet (added [`BATCH`] at a time).
    batch: Vec<Pending>,
}

/// Users added at a time.
const BATCH: usize = 64;

/// Rows read before the size of the file tells how many users to make room for.
const ROWS_TO_ESTIMATE: u64 = 1024;
/// At most this many users are made room for at once (a wrong estimate costs memory only).
const MAX_USERS_TO_EXPECT: u64 = 20_000_000;

impl UsersReader {
    /// The file is about `bytes` long (room for its users is made once its first rows tell
    /// how long a row is).
    pub fn expect_bytes(&mut self, bytes: u64) {
        self.expected_bytes = Some(bytes);
    }

    /// Takes the next piece of users.csv.
    pub fn feed(&mut self, chunk: &[u8]) {
        self.push(chunk, false);
    }

    fn push(&mut self, chunk: &[u8], eof: bool) {
        let UsersReader {
            users,
            reader,
            columns,
            expected_bytes,
            sampled,
            batch,
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
                let (key, exact) = hashes(&sourced_id);
                let digits = sourced_id.bytes().all(|b| b.is_ascii_digit());
                let zero_width = (sourced_id.len() < 64 && sourced_id.starts_with('0') && digits)
                    .then_some(sourced_id.len() as u8);
                batch.push(Pending {
                    key,
                    exact,
                    role: role.map_or(0, |role| role_bits(&role)),
                    zero_width,
                });
                if batch.len() == BATCH {
                    users.add_batch(batch);
                }
                if expected_bytes.is_some() && sampled.0 < ROWS_TO_ESTIMATE {
                    sampled.0 += 1;
                    sampled.1 += text.record.all_bytes().len() as u64 + 1;
                }
            }
            Some(_) => {}
        });
        if let Some(bytes) = expected_bytes.take_if(|_| sampled.0 == ROWS_TO_ESTIMATE) {
            // In the file's own bytes: UTF-16 takes two for each byte of its text (found by
            // review: a UTF-16 users.csv was given room for twice its users).
            let average = (sampled.1 * reader.bytes_per_text_byte() / ROWS_TO_ESTIMATE).max(8);
            users.reserve((bytes / average).min(MAX_USERS_TO_EXPECT) as usize);
        }
    }

    /// The set, once the whole file was fed; `None` when users.csv has no sourcedId column
    /// (or is not text).
    pub fn finish(mut self) -> Option<Users> {
        self.push(&[], true);
        self.users.add_batch(&mut self.batch);
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
                    users.give_role(slot, role_bits(&text.field(role)));
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
                let listed: Vec<(&str, usize)> = (LISTED.iter())
                    .filter_map(|&name| position(text, &[name]).map(|i| (name, i)))
                    .collect();
                let header = std::iter::once("sourcedId").chain(listed.iter().map(|(n, _)| *n));
                crate::writer::push_record(csv, header);
                csv.extend_from_slice(b"\r\n");
                *columns = Some(id.map(|id| (id, listed.iter().map(|(_, i)| *i).collect())));
            }
            Some(Some((id, listed))) if *id < text.len() => {
                let sourced_id = text.field(*id);
                let Lookup::Found { slot, student, .. } = users.lookup(&sourced_id) else {
                    return;
                };
                if !student || users.seen(slot) {
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
        let set = users("sourcedId,role\nabc,student\nT-1,teacher\n007,student\n0008,teacher\n");
        assert_eq!(set.len(), 4);
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
        // Excel leaves no zero to start an ID; a teacher's ID is no student's.
        assert_eq!(set.padded("07"), None);
        assert_eq!(set.padded("8"), None);
        assert_eq!(set.padded("9"), None);
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
    fn a_utf16_users_file_gets_room_for_its_users_not_twice_as_many() {
        let mut text = String::from("\u{FEFF}sourcedId,role\r\n");
        for i in 0..100_000 {
            text.push_str(&format!("{i:08},student\r\n"));
        }
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut reader = Users::reader("users.csv");
        reader.expect_bytes(bytes.len() as u64);
        for piece in bytes.chunks(1 << 20) {
            reader.feed(piece);
        }
        let set = reader.finish().expect("a users file");
        assert_eq!(set.len(), 100_000);
        assert!(set.bytes() <= 32 * 100_000, "{} bytes", set.bytes());
    }

    #[test]
    fn a_file_without_ids_is_not_a_users_file() {
        let mut reader = Users::reader("x.csv");
        reader.feed(b"name,role\nA,student\n");
        assert!(reader.finish().is_none());
    }
}
