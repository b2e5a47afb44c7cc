//! `duplicate-row` and `duplicate-id`, with small state: digests, not the rows.
//!
//! A row identical (after fixes) to an earlier row is a `duplicate-row` and is removed. A row
//! whose `sourcedId` was seen before with other data is a `duplicate-id` and is kept.
//!
//! Every row is known by 128 bits, so a row is only ever removed when 128 bits agree — with or
//! without an ID: a row without an ID by the 128-bit xxh3 digest of its canonical values (the
//! row as it would be written); a row with an ID by a 64-bit xxh3 of the ID and 64 bits of that
//! digest (rows of one ID are only ever compared with each other).
//! Memory: per distinct `sourcedId`, one 16-byte slot (the ID's 64 bits and its first row's) in
//! a table kept at most half full; per row without an ID or repeating an ID with other data,
//! 16 bytes. Measured: a map to the whole 128-bit digest takes 32 bytes an entry (alignment),
//! and peaked at 104 MB while it grew past 1,000,000 students; the whole CLI now peaks at
//! 44 MB (text) on a 1,000,000-row file, the table made to size from the file's length.

use super::{Check, LateFinding, Outcome, RowOutcome, Rule, Scope, SeenRow};
use crate::columns::Column;
use crate::finding::{Code, Fix};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

/// The registry entry.
pub const RULE: Rule = Rule {
    name: "duplicates",
    codes: &[Code::DuplicateRow, Code::DuplicateId],
    scope: Scope::File,
    check: Check::File(|| Box::<DuplicateTracker>::default()),
};

/// The keys are already xxh3 digests: hashing them again would only cost time.
#[derive(Debug, Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().take(8) {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }

    fn write_u128(&mut self, value: u128) {
        self.0 = (value as u64) ^ ((value >> 64) as u64);
    }
}

type Digests = BuildHasherDefault<PassThrough>;

/// Remembers each ID's first row, and the other rows seen.
#[derive(Debug, Default)]
pub(crate) struct DuplicateTracker {
    first_row_of_id: FirstRows,
    other_rows: HashSet<u128, Digests>,
}

/// Each ID's 64-bit key and its first row's 64 bits, by open addressing in one array.
///
/// Hand-written, not a `HashMap<u64, u64>`: with a student a row, this map is touched at a
/// random place for every row, and in a check that streams 100 MB past the caches each touch
/// misses. hashbrown keeps its control bytes apart from its entries, so a new ID costs two
/// misses; here the key and its value share a cache line with their neighbours, and the
/// probe that finds the slot also reads it: one miss. Measured (1,000,000-row clean file,
/// `examples/generate clean`, `perf record` on the CLI): the map was 14 % of the check with
/// hashbrown, reserved to size.
#[derive(Debug)]
struct FirstRows {
    /// `(key, first row)`; a key of 0 is an empty slot. The length is a power of two.
    slots: Vec<(u64, u64)>,
    len: usize,
}

impl Default for FirstRows {
    fn default() -> Self {
        FirstRows {
            slots: vec![(0, 0); 1024],
            len: 0,
        }
    }
}

/// What an ID's first row was, when the ID was seen before.
enum Seen {
    New,
    Before(u64),
}

impl FirstRows {
    /// The first row of `key`'s ID, or `New` (and `row` is remembered as its first).
    fn first_row(&mut self, key: u64, row: u64) -> Seen {
        // 0 marks an empty slot; the one key that is 0 shares a slot with the one that is 1.
        let key = key.max(1);
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow(self.slots.len() * 2);
        }
        let at = self.probe(key);
        match self.slots[at] {
            (0, _) => {
                self.slots[at] = (key, row);
                self.len += 1;
                Seen::New
            }
            (_, first) => Seen::Before(first),
        }
    }

    /// The slot that holds `key`, or the empty one where it goes (the table is never full).
    fn probe(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = slot_of(key, mask);
        while self.slots[at].0 != 0 && self.slots[at].0 != key {
            at = (at + 1) & mask;
        }
        at
    }

    /// Reads the slots where `keys` will be looked for, one after another without waiting on
    /// any: their cache misses overlap, and the lookups, one per row as the rows come, then
    /// find them in the cache. Measured (1,000,000-row clean file, `perf record`): each
    /// lookup otherwise waited about 150 ns for memory, 13 % of the check; now 5 %, the
    /// look-ahead included.
    fn fetch(&self, keys: impl Iterator<Item = u64>) {
        let mask = self.slots.len() - 1;
        let touched = keys.fold(0, |seen, key| {
            seen ^ self.slots[slot_of(key.max(1), mask)].0
        });
        std::hint::black_box(touched);
    }

    /// Room for `ids` IDs at most half full (linear probing stays short).
    fn reserve(&mut self, ids: usize) {
        let wanted = ids.saturating_mul(2).next_power_of_two();
        if wanted > self.slots.len() {
            self.grow(wanted);
        }
    }

    fn grow(&mut self, to: usize) {
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); to]);
        for (key, row) in old.into_iter().filter(|&(key, _)| key != 0) {
            let at = self.probe(key);
            self.slots[at] = (key, row);
        }
    }
}

/// Where a key's probe starts: its high bits (the keys are xxh3 digests, evenly spread).
fn slot_of(key: u64, mask: usize) -> usize {
    (key.rotate_left(32) as usize) & mask
}

/// What a row is, compared with the rows before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    /// An exact copy of an earlier row.
    Row,
    /// Another row with an ID seen before.
    Id,
}

impl DuplicateTracker {
    /// Looks at one row: its ID (blank when the row has none) and its digest.
    fn see(&mut self, id: &str, digest: u128) -> Option<Repeat> {
        if id.is_empty() {
            return (!self.other_rows.insert(digest)).then_some(Repeat::Row);
        }
        let id = id_key(id.as_bytes());
        let row = digest as u64;
        match self.first_row_of_id.first_row(id, row) {
            Seen::New => None,
            Seen::Before(first) if first == row => Some(Repeat::Row),
            Seen::Before(_) if self.other_rows.insert(pair(id, row)) => Some(Repeat::Id),
            Seen::Before(_) => Some(Repeat::Row),
        }
    }
}

impl super::FileRule for DuplicateTracker {
    fn observe(&mut self, row: &SeenRow<'_>, kept: bool, out: &mut Vec<RowOutcome>) -> bool {
        let id = row.view.value(Column::SourcedId);
        match self.see(id, row.digest) {
            Some(Repeat::Row) => {
                let outcome = Outcome::warning(Code::DuplicateRow).with_fix(Fix::RemoveRow);
                out.push((None, outcome));
                false
            }
            Some(Repeat::Id) => {
                out.push((Some(Column::SourcedId), Outcome::error(Code::DuplicateId)));
                kept
            }
            None => kept,
        }
    }

    fn look_ahead(&mut self, ids: &[&[u8]]) {
        self.first_row_of_id.fetch(ids.iter().map(|id| id_key(id)));
    }

    fn expect_rows(&mut self, rows: usize) {
        // Grown as it fills, the map is rehashed about 20 times on the way to 1,000,000
        // students and touches twice the memory it ends with.
        self.first_row_of_id.reserve(rows);
    }

    fn finish(self: Box<Self>) -> Vec<LateFinding> {
        Vec::new()
    }
}

/// The 128-bit key of a row with an ID.
fn pair(id: u64, row: u64) -> u128 {
    (u128::from(id) << 64) | u128::from(row)
}

/// 64 bits of an ID.
fn id_key(id: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id)
}

/// The 128-bit digest of a row's canonical bytes.
pub(crate) fn digest(canonical: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn see(tracker: &mut DuplicateTracker, id: &str, row: &[u8]) -> Option<Repeat> {
        tracker.see(id, digest(row))
    }

    #[test]
    fn repeats() {
        let mut tracker = DuplicateTracker::default();
        assert_eq!(see(&mut tracker, "1", b"1,male"), None);
        assert_eq!(see(&mut tracker, "1", b"1,male"), Some(Repeat::Row));
        assert_eq!(see(&mut tracker, "1", b"1,female"), Some(Repeat::Id));
        assert_eq!(
            see(&mut tracker, "1", b"1,female"),
            Some(Repeat::Row),
            "a copy of the second version"
        );
        assert_eq!(see(&mut tracker, "2", b"2,female"), None);
        assert_eq!(see(&mut tracker, "", b",female"), None);
        assert_eq!(see(&mut tracker, "", b",male"), None);
        assert_eq!(see(&mut tracker, "", b",male"), Some(Repeat::Row));
    }

    #[test]
    fn first_rows_are_remembered_through_growth_like_a_map() {
        let mut table = FirstRows::default();
        let mut map = std::collections::HashMap::new();
        // Keys that share their probe start (the same high bits) and keys spread out, the
        // empty-slot marker among them, each seen twice with different rows.
        let keys = (0..5_000u64)
            .map(|i| i << 40)
            .chain((0..20_000u64).map(|i| id_key(i.to_string().as_bytes())))
            .chain([0, 1, u64::MAX]);
        for (row, key) in keys.clone().chain(keys).enumerate() {
            let expected = *map.entry(key.max(1)).or_insert(row as u64);
            match table.first_row(key, row as u64) {
                Seen::New => assert_eq!(expected, row as u64, "{key}"),
                Seen::Before(first) => assert_eq!(first, expected, "{key}"),
            }
            table.fetch([key].into_iter());
        }
        assert_eq!(table.len, map.len());
        assert!(table.len * 2 <= table.slots.len());
        table.reserve(100_000);
        assert_eq!(table.slots.len(), 262_144);
        assert!(matches!(table.first_row(1 << 40, 7), Seen::Before(1)));
    }

    #[test]
    fn digests_spread() {
        assert_ne!(digest(b"ab"), digest(b"ab\0"));
        assert_ne!(digest(b""), digest(b"\0"));
        let distinct: HashSet<u128> = (0..100_000)
            .map(|i| digest(i.to_string().as_bytes()))
            .collect();
        assert_eq!(distinct.len(), 100_000);
    }
}
