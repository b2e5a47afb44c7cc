//! Changes a person makes in the app: a cell, a value for a whole column, a row left out.
//!
//! Edits are applied to the values as read, before the rules run, so edited values are
//! checked like any other. Columns are named by their output (canonical) name; rows by their
//! 0-based record index in the input.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Replace every `from` (as written, after trimming) in `column` by `to`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValueMap {
    /// Output column name.
    pub column: String,
    /// The value to replace.
    pub from: String,
    /// Its replacement.
    pub to: String,
}

/// All of a person's changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edits {
    /// `(record, column)` → new value.
    #[serde(with = "cell_list")]
    pub cells: BTreeMap<(u64, String), String>,
    /// Column-wide replacements, later ones win.
    pub maps: Vec<ValueMap>,
    /// Records left out of the corrected file.
    pub excluded: BTreeSet<u64>,
}

impl Edits {
    /// True when there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.maps.is_empty() && self.excluded.is_empty()
    }

    /// The value to use for `column` of `record`, when an edit applies to `raw`.
    pub fn value_for<'a>(&'a self, record: u64, column: &str, raw: &str) -> Option<&'a str> {
        self.edit_for(record, column, raw).map(|(value, _)| value)
    }

    /// [`Edits::value_for`], with the edit that gives it: the cell's own, or the map at this
    /// place in [`Edits::maps`].
    pub(crate) fn edit_for<'a>(
        &'a self,
        record: u64,
        column: &str,
        raw: &str,
    ) -> Option<(&'a str, Option<usize>)> {
        if !self.cells.is_empty() {
            if let Some(value) = self.cells.get(&(record, column.to_owned())) {
                return Some((value, None));
            }
        }
        let trimmed = raw.trim();
        let found = |from: &str| {
            (self.maps.iter().enumerate().rev())
                .find(|(_, m)| m.column == column && m.from == from)
                .map(|(at, m)| (m.to.as_str(), Some(at)))
        };
        // A replacement is given for the value as findings show it: cleaned of invisible and
        // control characters too (found by review: `Congo` with a zero-width space stayed).
        found(trimmed).or_else(|| {
            let cleaned = crate::rules::whitespace::check(trimmed)?.fix?;
            match cleaned {
                crate::finding::Fix::Value(cleaned) => found(&cleaned),
                _ => None,
            }
        })
    }

    /// True when the person left data row `record` out.
    pub(crate) fn excludes(&self, record: u64) -> bool {
        !self.excluded.is_empty() && self.excluded.contains(&record)
    }

    /// True when a column has maps (so the checker looks up its values).
    pub fn touches(&self, column: &str) -> bool {
        self.maps.iter().any(|m| m.column == column) || self.cells.keys().any(|(_, c)| c == column)
    }
}

/// JSON maps need string keys: cells travel as a list of `(record, column, value)`.
mod cell_list {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(
        cells: &BTreeMap<(u64, String), String>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let list: Vec<(&u64, &String, &String)> =
            cells.iter().map(|((r, c), v)| (r, c, v)).collect();
        list.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<(u64, String), String>, D::Error> {
        let list: Vec<(u64, String, String)> = Vec::deserialize(d)?;
        Ok(list.into_iter().map(|(r, c, v)| ((r, c), v)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_edit_wins_over_map() {
        let mut edits = Edits::default();
        edits.maps.push(ValueMap {
            column: "sex".into(),
            from: "X".into(),
            to: "male".into(),
        });
        edits.cells.insert((3, "sex".into()), "female".into());
        assert_eq!(edits.value_for(3, "sex", "X"), Some("female"));
        assert_eq!(edits.value_for(4, "sex", " X "), Some("male"));
        assert_eq!(edits.value_for(4, "sex", "Y"), None);
        assert_eq!(edits.value_for(4, "asian", "X"), None);
        assert!(edits.touches("sex") && !edits.touches("asian"));
    }
}
