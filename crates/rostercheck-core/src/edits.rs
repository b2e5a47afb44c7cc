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
    /// Records the person wrote again as a whole (a line whose quotes are broken): record →
    /// the line as they wrote it, without a line end. It is read in place of the file's line,
    /// as the file's own lines are, and checked like them.
    #[serde(default)]
    pub lines: BTreeMap<u64, String>,
}

impl Edits {
    /// True when there is nothing to apply.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
            && self.maps.is_empty()
            && self.excluded.is_empty()
            && self.lines.is_empty()
    }

    /// The line the person wrote for data row `record`, if they rewrote it.
    pub(crate) fn line_for(&self, record: u64) -> Option<&str> {
        if self.lines.is_empty() {
            return None;
        }
        // A line break would make it more than one line (the page refuses one).
        (self.lines.get(&record))
            .filter(|line| !line.contains(['\n', '\r']))
            .map(String::as_str)
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

/// How a line a person wrote reads, as the check will read it in place of the file's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRead {
    /// Its values.
    pub values: Vec<String>,
    /// A quote in it is still broken (`stray-quote` or `unclosed-quote` would be found).
    pub broken_quote: bool,
    /// It holds a line break: it would be more than one line.
    pub line_break: bool,
}

/// Reads `text` as one line of a file delimited by `delimiter`, to tell a person before the
/// re-check whether the line they wrote still has a broken quote or another number of values.
pub fn read_line(text: &str, delimiter: u8) -> LineRead {
    let record = crate::parse::read_alone(text.as_bytes(), delimiter, None);
    LineRead {
        values: (record.fields())
            .map(|field| String::from_utf8_lossy(field).into_owned())
            .collect(),
        broken_quote: record.stray_quote || record.unclosed_quote,
        line_break: text.contains(['\n', '\r']),
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

    #[test]
    fn a_line_is_read_as_the_check_reads_it() {
        let clean = read_line("1,\"a, \"\"b\"\"\",c", b',');
        assert_eq!(clean.values, ["1", "a, \"b\"", "c"]);
        assert!(!clean.broken_quote && !clean.line_break);
        let stray = read_line("1,=HYPERLINK(\"x\"),c", b',');
        assert_eq!(stray.values.len(), 3);
        assert!(stray.broken_quote);
        let unclosed = read_line("1;\"open;c", b';');
        assert!(unclosed.broken_quote);
        assert!(read_line("1,a\r\n2,b", b',').line_break);
        assert_eq!(read_line("", b',').values, [""]);
    }
}
