//! `duplicate-row` and `duplicate-id`, with small state: 128-bit hashes, not the rows.
//!
//! A row identical (after fixes) to an earlier row is a `duplicate-row` and is removed. A row
//! whose `sourcedId` was seen before with other data is a `duplicate-id` and is kept. Only hashes
//! are remembered: 16 bytes per distinct row and per distinct ID. Two different rows would have
//! to collide in 128 bits for one to be dropped by mistake.

use crate::finding::Code;
use std::collections::HashSet;

/// Remembers the rows and IDs seen so far.
#[derive(Debug, Default)]
pub struct DuplicateTracker {
    rows: HashSet<u128>,
    ids: HashSet<u128>,
}

impl DuplicateTracker {
    /// Records one row (its fixed fields, in output order) and says whether it repeats.
    pub fn observe<'a>(&mut self, id: &str, fields: impl Iterator<Item = &'a str>) -> Option<Code> {
        let row = hash_fields(fields);
        if !self.rows.insert(row) {
            return Some(Code::DuplicateRow);
        }
        if !id.is_empty() && !self.ids.insert(hash_fields(std::iter::once(id))) {
            return Some(Code::DuplicateId);
        }
        None
    }
}

/// A 128-bit hash of a sequence of fields (two independent 64-bit lanes).
pub fn hash_fields<'a>(fields: impl Iterator<Item = &'a str>) -> u128 {
    let mut a = Lane(0x243F_6A88_85A3_08D3);
    let mut b = Lane(0x1319_8A2E_0370_7344);
    for field in fields {
        a.write(field.as_bytes());
        b.write(field.as_bytes());
        // The length separates fields: ("ab","c") and ("a","bc") hash differently.
        a.mix(field.len() as u64 ^ 0xFF51_AFD7_ED55_8CCD);
        b.mix(field.len() as u64 ^ 0xC4CE_B9FE_1A85_EC53);
    }
    (u128::from(a.finish()) << 64) | u128::from(b.finish())
}

struct Lane(u64);

impl Lane {
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word)
            * u128::from(0x9E37_79B9_7F4A_7C15_u64 ^ self.0.rotate_left(29));
        self.0 = (product as u64) ^ ((product >> 64) as u64) ^ word.rotate_left(17);
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.mix(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
        }
    }

    fn finish(&self) -> u64 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        x ^= x >> 33;
        x = x.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        x ^ (x >> 33)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats() {
        let mut tracker = DuplicateTracker::default();
        assert_eq!(tracker.observe("1", ["1", "male"].into_iter()), None);
        assert_eq!(
            tracker.observe("1", ["1", "male"].into_iter()),
            Some(Code::DuplicateRow)
        );
        assert_eq!(
            tracker.observe("1", ["1", "female"].into_iter()),
            Some(Code::DuplicateId)
        );
        assert_eq!(tracker.observe("2", ["2", "female"].into_iter()), None);
        assert_eq!(tracker.observe("", ["", "female"].into_iter()), None);
        assert_eq!(tracker.observe("", ["", "male"].into_iter()), None);
    }

    #[test]
    fn field_boundaries_matter() {
        assert_ne!(
            hash_fields(["ab", "c"].into_iter()),
            hash_fields(["a", "bc"].into_iter())
        );
        assert_ne!(
            hash_fields(["", ""].into_iter()),
            hash_fields([""].into_iter())
        );
        let distinct: HashSet<u128> = (0..50_000)
            .map(|i| hash_fields([i.to_string().as_str()].into_iter()))
            .collect();
        assert_eq!(distinct.len(), 50_000);
    }
}
