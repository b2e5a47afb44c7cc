//! `duplicate-row` and `duplicate-id`, with small state: hashes, not the rows.
//!
//! A row identical (after fixes) to an earlier row is a `duplicate-row` and is removed. A row
//! whose `sourcedId` was seen before with other data is a `duplicate-id` and is kept.
//!
//! Memory: one entry of 16 bytes per distinct `sourcedId` (a 64-bit hash of the ID mapping to a
//! 64-bit hash of its first row). A row is only dropped when both its ID hash and its row hash
//! equal an earlier row's — a 128-bit coincidence. The few IDs that occur with several different
//! rows, and rows without an ID, are remembered by their 128-bit (ID, row) pair.

use crate::finding::Code;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The keys are already hashes: hashing them again would only cost time.
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

type Fast = BuildHasherDefault<PassThrough>;

/// Remembers the rows and IDs seen so far.
#[derive(Debug, Default)]
pub struct DuplicateTracker {
    first_row_of_id: HashMap<u64, u64, Fast>,
    other_rows: HashSet<u128, Fast>,
}

impl DuplicateTracker {
    /// Records one row — `row` is the corrected row as written, which is unambiguous because it
    /// is quoted — and says whether it repeats an earlier one.
    pub fn observe(&mut self, id: &str, row: &[u8]) -> Option<Code> {
        let row_hash = hash(row, ROW_SEED);
        if id.is_empty() {
            let pair = u128::from(row_hash) << 64;
            return (!self.other_rows.insert(pair)).then_some(Code::DuplicateRow);
        }
        let id_hash = hash(id.as_bytes(), ID_SEED);
        match self.first_row_of_id.entry(id_hash) {
            Entry::Vacant(slot) => {
                slot.insert(row_hash);
                None
            }
            Entry::Occupied(first) if *first.get() == row_hash => Some(Code::DuplicateRow),
            Entry::Occupied(_) => {
                let pair = (u128::from(id_hash) << 64) | u128::from(row_hash);
                if self.other_rows.insert(pair) {
                    Some(Code::DuplicateId)
                } else {
                    Some(Code::DuplicateRow)
                }
            }
        }
    }
}

const ROW_SEED: u64 = 0x243F_6A88_85A3_08D3;
const ID_SEED: u64 = 0x1319_8A2E_0370_7344;

/// A fast 64-bit hash (folded 128-bit multiplies over 8-byte words, as in wyhash and foldhash).
pub fn hash(bytes: &[u8], seed: u64) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let fold = |a: u64, b: u64| {
        let product = u128::from(a) * u128::from(b);
        (product as u64) ^ ((product >> 64) as u64)
    };
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = fold(h ^ u64::from_le_bytes(word), K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = fold(h ^ u64::from_le_bytes(word), K ^ 0xFF51_AFD7_ED55_8CCD);
    }
    fold(h, K ^ 0xC4CE_B9FE_1A85_EC53)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats() {
        let mut tracker = DuplicateTracker::default();
        assert_eq!(tracker.observe("1", b"1,male"), None);
        assert_eq!(tracker.observe("1", b"1,male"), Some(Code::DuplicateRow));
        assert_eq!(tracker.observe("1", b"1,female"), Some(Code::DuplicateId));
        assert_eq!(
            tracker.observe("1", b"1,female"),
            Some(Code::DuplicateRow),
            "a copy of the second version"
        );
        assert_eq!(tracker.observe("2", b"2,female"), None);
        assert_eq!(tracker.observe("", b",female"), None);
        assert_eq!(tracker.observe("", b",male"), None);
        assert_eq!(tracker.observe("", b",male"), Some(Code::DuplicateRow));
    }

    #[test]
    fn hashes_spread() {
        assert_ne!(hash(b"ab", 1), hash(b"ab\0", 1));
        assert_ne!(hash(b"", 1), hash(b"\0", 1));
        let distinct: HashSet<u64> = (0..100_000)
            .map(|i| hash(i.to_string().as_bytes(), ROW_SEED))
            .collect();
        assert_eq!(distinct.len(), 100_000);
    }
}
