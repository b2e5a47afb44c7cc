//! The students a build fills in, and the ways a list's student number reaches them: their
//! `sourcedId` directly, or through a users.csv column — `identifier`, `username`, one type
//! of `userIds` (`{LDAP:12},{Fed:23}`), or a `metadata.*` ID.

use super::table::Table;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use xxhash_rust::xxh3::xxh3_64;

/// How a list's key reaches a student's `sourcedId`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Via {
    /// The key is the `sourcedId`.
    SourcedId,
    /// users.csv `identifier`.
    Identifier,
    /// users.csv `username`.
    Username,
    /// One type of users.csv `userIds` (`{TYPE:id}`).
    UserId(String),
    /// A users.csv `metadata.*` column.
    Metadata(String),
}

impl Via {
    /// As written in a recipe: `sourcedId`, `identifier`, `username`, `userIds:TYPE`,
    /// `metadata.NAME`.
    pub fn name(&self) -> String {
        match self {
            Via::SourcedId => "sourcedId".into(),
            Via::Identifier => "identifier".into(),
            Via::Username => "username".into(),
            Via::UserId(kind) => format!("userIds:{kind}"),
            Via::Metadata(column) => column.clone(),
        }
    }

    /// Reads a recipe's `via`.
    pub fn parse(name: &str) -> Option<Via> {
        let name = name.trim();
        match name {
            "sourcedId" => Some(Via::SourcedId),
            "identifier" => Some(Via::Identifier),
            "username" => Some(Via::Username),
            _ => {
                if let Some(kind) = name.strip_prefix("userIds:") {
                    (!kind.is_empty()).then(|| Via::UserId(kind.to_owned()))
                } else if name.starts_with("metadata.") && name.len() > 9 {
                    Some(Via::Metadata(name.to_owned()))
                } else {
                    None
                }
            }
        }
    }

    /// In words, for the page and the CLI ("users.csv identifier").
    pub fn label(&self) -> String {
        match self {
            Via::SourcedId => "sourcedId".into(),
            Via::UserId(kind) => format!("users.csv userIds ({kind})"),
            other => format!("users.csv {}", other.name()),
        }
    }
}

/// A student number as compared: surrounding spaces, case and leading zeros ignored (Excel
/// strips zeros; SIS reports differ in case). Nothing is allocated for the usual number.
pub fn normalise(key: &str) -> std::borrow::Cow<'_, str> {
    let key = key.trim();
    let digits_from = key.bytes().position(|b| b != b'0').unwrap_or(key.len());
    let key = if digits_from == key.len() && !key.is_empty() {
        "0"
    } else {
        &key[digits_from..]
    };
    if key.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        std::borrow::Cow::Owned(key.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(key)
    }
}

/// True for an ID the check reads as blank (spaces, and zero-width ones too): not a student
/// (found by the fuzzer: a user whose ID was a zero-width space became a row the check then
/// removed as blank).
fn is_blank_id(id: &str) -> bool {
    // The usual ID (printable ASCII) needs no rules; control bytes do (found by the fuzzer:
    // an ID of one control byte was a student, and a row the check removed as blank).
    if id.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return id.trim().is_empty();
    }
    let context = crate::rules::RuleContext::on(crate::Date::from_unix_days(0));
    crate::cells::clean(std::borrow::Cow::Borrowed(id), &context).is_empty()
}

/// A key two students share: it reaches neither.
pub(crate) const SHARED: u32 = u32::MAX;

/// The 64-bit xxh3 of a key, normalised; `None` for a blank key.
fn key_hash(key: &str) -> Option<u64> {
    let trimmed = key.trim();
    // The usual key (ASCII, at most 64 bytes) is lowered on the stack: measured, lowering
    // into a `String` made reading 1,000,000 sourcedIds such as `S20000` 0.4 s slower.
    if trimmed.is_ascii() && trimmed.len() <= 64 {
        let digits_from = trimmed
            .bytes()
            .position(|b| b != b'0')
            .unwrap_or(trimmed.len());
        let bare = match &trimmed.as_bytes()[digits_from..] {
            [] if !trimmed.is_empty() => b"0".as_slice(),
            rest => rest,
        };
        if bare.is_empty() {
            return None;
        }
        let mut lower = [0u8; 64];
        for (to, from) in lower.iter_mut().zip(bare) {
            *to = from.to_ascii_lowercase();
        }
        return Some(xxh3_64(&lower[..bare.len()]));
    }
    let key = normalise(key);
    (!key.is_empty()).then(|| xxh3_64(key.as_bytes()))
}

/// A hasher for keys that are already hashes (xxh3): they are used as they are.
#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Normalised key → student, for one route. Keys are kept as their 64-bit xxh3, not as text:
/// 1,000,000 keys as `String`s made an index cost 1.2 s and 60 MB (measured), as hashes 8 MB.
/// A key that is no student's reaches one by mistake when its hash equals one of the others',
/// about once in 2^64 / 1,000,000 ≈ 2·10^13 looks; two students whose hashes meet share a
/// key, and reach nobody (never the wrong one).
#[derive(Debug, Default)]
pub(crate) struct KeyIndex(HashMap<u64, u32, BuildHasherDefault<PassThrough>>);

impl KeyIndex {
    fn with_capacity(n: usize) -> KeyIndex {
        KeyIndex(HashMap::with_capacity_and_hasher(n, Default::default()))
    }

    fn add(&mut self, key: &str, student: u32) {
        let Some(hash) = key_hash(key) else { return };
        self.0
            .entry(hash)
            .and_modify(|s| {
                if *s != student {
                    *s = SHARED
                }
            })
            .or_insert(student);
    }

    /// The student `key` reaches: `Some(SHARED)` when two share it.
    pub(crate) fn get(&self, key: &str) -> Option<u32> {
        self.0.get(&key_hash(key)?).copied()
    }
}

/// The students of a build and their users.csv rows.
#[derive(Debug)]
pub struct Students<'t> {
    /// Each student's `sourcedId`, in output order.
    pub(crate) ids: Vec<&'t str>,
    users: Option<&'t Table>,
    /// The users.csv row of each student, by `sourcedId` (normalised).
    user_rows: Vec<(usize, u32)>,
}

impl<'t> Students<'t> {
    /// The students: the rows of demographics.csv when given, else the students of users.csv
    /// (every user when it has no `role` column: OneRoster 1.2 keeps roles elsewhere).
    pub fn new(demographics: Option<&'t Table>, users: Option<&'t Table>) -> Students<'t> {
        let ids: Vec<&str> = match (demographics, users) {
            (Some(d), _) => {
                let id = sourced_id_column(d);
                (0..d.rows())
                    .map(|r| id.map_or("", |c| d.cell(r, c)))
                    .collect()
            }
            (None, Some(u)) => {
                let id = sourced_id_column(u);
                let role = u.column("role");
                (0..u.rows())
                    .filter(|&r| role.is_none_or(|c| u.cell(r, c).eq_ignore_ascii_case("student")))
                    .filter_map(|r| id.map(|c| u.cell(r, c)))
                    .filter(|id| !is_blank_id(id))
                    .collect()
            }
            (None, None) => Vec::new(),
        };
        let mut students = Students {
            ids,
            users,
            user_rows: Vec::new(),
        };
        if let (None, Some(u)) = (demographics, users) {
            // The students are users.csv's own rows: no lookup needed (measured: 0.15 s of a
            // build of 1,000,000 students).
            let id = sourced_id_column(u);
            let role = u.column("role");
            let mut student = 0;
            for r in 0..u.rows() {
                let is_student = role.is_none_or(|c| u.cell(r, c).eq_ignore_ascii_case("student"));
                if is_student && id.is_some_and(|c| !is_blank_id(u.cell(r, c))) {
                    students.user_rows.push((r, student));
                    student += 1;
                }
            }
        } else if let Some(u) = users {
            let by_id = students.by_sourced_id();
            if let Some(id) = sourced_id_column(u) {
                for row in 0..u.rows() {
                    if let Some(student) = by_id.get(u.cell(row, id)) {
                        if student != SHARED {
                            students.user_rows.push((row, student));
                        }
                    }
                }
            }
        }
        students
    }

    /// How many students.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The `sourcedId` of student `i`.
    pub fn id(&self, i: usize) -> &str {
        self.ids[i]
    }

    /// The ways a key can reach the students here: `sourcedId`, and the users.csv columns
    /// that hold IDs (with every `userIds` type seen).
    pub fn routes(&self) -> Vec<Via> {
        let mut routes = vec![Via::SourcedId];
        let Some(users) = self.users else {
            return routes;
        };
        for name in users.header() {
            if name.eq_ignore_ascii_case("identifier") {
                routes.push(Via::Identifier);
            } else if name.eq_ignore_ascii_case("username") {
                routes.push(Via::Username);
            } else if let Some(via) = name
                .starts_with("metadata.")
                .then(|| Via::parse(name))
                .flatten()
            {
                // Only a route a recipe can name again (`metadata.` alone is none: found by
                // the fuzzer, a suggestion that did not read back).
                routes.push(via);
            }
        }
        if let Some(column) = users.column("userIds") {
            let mut kinds: Vec<String> = Vec::new();
            for &(row, _) in self.user_rows.iter().take(10_000) {
                for (kind, _) in user_ids(users.cell(row, column)) {
                    if !kind.is_empty() && !kinds.iter().any(|k| k == kind) {
                        kinds.push(kind.to_owned());
                    }
                }
            }
            routes.extend(kinds.into_iter().map(Via::UserId));
        }
        routes
    }

    /// True when users.csv has the column `via` reads (sourcedId always is there).
    pub(crate) fn has_route(&self, via: &Via) -> bool {
        let Some(users) = self.users else {
            return *via == Via::SourcedId;
        };
        match via {
            Via::SourcedId => true,
            Via::Identifier => users.column("identifier").is_some(),
            Via::Username => users.column("username").is_some(),
            Via::UserId(_) => users.column("userIds").is_some(),
            Via::Metadata(name) => users.column(name).is_some(),
        }
    }

    /// Normalised key → student for one route; a key two students share maps to [`SHARED`].
    pub(crate) fn index_of(&self, via: &Via) -> KeyIndex {
        match via {
            Via::SourcedId => self.by_sourced_id(),
            _ => {
                let Some(users) = self.users else {
                    return KeyIndex::default();
                };
                let column = match via {
                    Via::Identifier => users.column("identifier"),
                    Via::Username => users.column("username"),
                    Via::UserId(_) => users.column("userIds"),
                    Via::Metadata(name) => users.column(name),
                    Via::SourcedId => None,
                };
                let Some(column) = column else {
                    return KeyIndex::default();
                };
                let mut index = KeyIndex::with_capacity(self.user_rows.len());
                for &(row, student) in &self.user_rows {
                    let cell = users.cell(row, column);
                    match via {
                        Via::UserId(kind) => {
                            for (k, id) in user_ids(cell) {
                                if k.eq_ignore_ascii_case(kind) {
                                    index.add(id, student);
                                }
                            }
                        }
                        _ => index.add(cell, student),
                    }
                }
                index
            }
        }
    }

    fn by_sourced_id(&self) -> KeyIndex {
        let mut index = KeyIndex::with_capacity(self.ids.len());
        for (i, id) in self.ids.iter().enumerate() {
            index.add(id, i as u32);
        }
        index
    }
}

/// The sourcedId column of a demographics.csv or users.csv.
pub(crate) fn sourced_id_column(table: &Table) -> Option<usize> {
    table
        .column("sourcedId")
        .or_else(|| table.column("userSourcedId"))
}

/// The `{type:id}` entries of a users.csv `userIds` cell (`{LDAP:12},{Fed:23}`).
pub fn user_ids(cell: &str) -> impl Iterator<Item = (&str, &str)> {
    cell.split('}').filter_map(|entry| {
        let entry = entry.trim_start_matches([',', ' ']).strip_prefix('{')?;
        let (kind, id) = entry.split_once(':')?;
        Some((kind.trim(), id.trim()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_without_zeros_case_or_spaces() {
        assert_eq!(normalise(" 000123 "), "123");
        assert_eq!(normalise("S00123"), "s00123");
        assert_eq!(normalise("000"), "0");
        assert_eq!(normalise(""), "");
    }

    #[test]
    fn the_stack_hash_is_the_hash_of_the_normalised_key() {
        for key in [
            "S20000",
            " 000123 ",
            "000",
            "abc",
            "ÅB",
            "",
            "  ",
            &"x".repeat(70),
        ] {
            let n = normalise(key);
            let want = (!n.is_empty()).then(|| xxh3_64(n.as_bytes()));
            assert_eq!(key_hash(key), want, "{key:?}");
        }
    }

    #[test]
    fn every_route_reads_back_as_a_recipe_names_it() {
        let users = Table::from_rows(
            "users.csv",
            &["sourcedId", "metadata.", "metadata.stateId", "userIds"],
            &[vec![
                "s1".into(),
                "x".into(),
                "9".into(),
                "{:1},{Fed:2}".into(),
            ]],
        );
        let routes = Students::new(None, Some(&users)).routes();
        for via in &routes {
            assert_eq!(Via::parse(&via.name()).as_ref(), Some(via));
        }
        assert_eq!(routes.len(), 3, "{routes:?}");
    }

    #[test]
    fn a_user_whose_id_is_invisible_is_not_a_student() {
        let users = Table::from_rows(
            "users.csv",
            &["sourcedId", "role"],
            &[
                vec!["\u{200B}".into(), "student".into()],
                vec!["\u{17}".into(), "student".into()],
                vec!["s1".into(), "student".into()],
            ],
        );
        assert_eq!(Students::new(None, Some(&users)).ids, ["s1"]);
    }

    #[test]
    fn user_ids_are_read_entry_by_entry() {
        let ids: Vec<_> = user_ids("{LDAP:12},{LTI:15}, {Fed: 23}").collect();
        assert_eq!(ids, [("LDAP", "12"), ("LTI", "15"), ("Fed", "23")]);
        assert_eq!(user_ids("plain").count(), 0);
    }

    #[test]
    fn students_come_from_users_by_role_and_are_reached_every_way() {
        let users = Table::from_rows(
            "users.csv",
            &["sourcedId", "role", "identifier", "userIds"],
            &[
                vec![
                    "s1".into(),
                    "student".into(),
                    "0042".into(),
                    "{Fed:9}".into(),
                ],
                vec!["t1".into(), "teacher".into(), "7".into(), "".into()],
                vec!["s2".into(), "Student".into(), "43".into(), "{Fed:9}".into()],
            ],
        );
        let students = Students::new(None, Some(&users));
        assert_eq!(students.ids, ["s1", "s2"]);
        assert_eq!(
            students.routes(),
            [Via::SourcedId, Via::Identifier, Via::UserId("Fed".into())]
        );
        let by_identifier = students.index_of(&Via::Identifier);
        assert_eq!(by_identifier.get("42"), Some(0));
        assert_eq!(by_identifier.get("0042 "), Some(0));
        assert_eq!(by_identifier.get("7"), None, "a teacher is not a student");
        let by_fed = students.index_of(&Via::UserId("fed".into()));
        assert_eq!(by_fed.get("9"), Some(SHARED), "two students share it");
    }
}
