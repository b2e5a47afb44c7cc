//! A list, users.csv or demographics.csv held as text: read with the same input and records
//! stages as every other file (encodings, delimiters, quoting), its cells side by side in one
//! string. One string and one offset a cell rather than a `String` each: a list of 1,000,000
//! rows and five columns is five million cells, and an allocation each would double its size.

use crate::bundle::reader::TableReader;

/// One CSV file as text: a header and rows of cells, every row as wide as the header.
#[derive(Debug, Clone, Default)]
pub struct Table {
    name: String,
    header: Vec<String>,
    /// Which columns of the file are kept (a users.csv needs only its keys).
    width: usize,
    text: String,
    /// Where each kept cell ends in `text`, row after row.
    ends: Vec<u32>,
    /// Each row's number in the file, the header being 1 (blank rows are left out of the
    /// table, not out of the count: found by review, the leftovers named rows one too early).
    numbers: Vec<u32>,
}

/// Why a file cannot be used as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// The bytes are not text, or hold no header.
    NotText,
    /// More than 4 GB of text in the columns kept.
    TooLarge,
}

impl Table {
    /// Reads `bytes` (named `name`), keeping the columns whose header `keep` accepts.
    pub fn read(
        name: &str,
        bytes: &[u8],
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Table, TableError> {
        let mut table = Table {
            name: name.to_owned(),
            ..Table::default()
        };
        let mut kept: Vec<usize> = Vec::new();
        let mut too_large = false;
        let mut reader = TableReader::default();
        reader.feed(bytes, true, &mut |index, text| {
            if index == 0 {
                for i in 0..text.len() {
                    let name = text.field(i);
                    let name = name.trim().trim_start_matches('\u{feff}');
                    if keep(name) {
                        kept.push(i);
                        table.header.push(name.to_owned());
                    }
                }
                table.width = kept.len();
                return;
            }
            if too_large || (0..text.len()).all(|i| text.field(i).trim().is_empty()) {
                return;
            }
            table
                .numbers
                .push(u32::try_from(index + 1).unwrap_or(u32::MAX));
            for &i in &kept {
                if i < text.len() {
                    table.text.push_str(text.field(i).trim());
                }
                match u32::try_from(table.text.len()) {
                    Ok(end) => table.ends.push(end),
                    Err(_) => too_large = true,
                }
            }
        });
        if too_large {
            return Err(TableError::TooLarge);
        }
        if !reader.readable() || reader.records() == 0 {
            return Err(TableError::NotText);
        }
        Ok(table)
    }

    /// A table made of rows already in hand (tests, and lists the page already read).
    pub fn from_rows(name: &str, header: &[&str], rows: &[Vec<String>]) -> Table {
        let mut table = Table {
            name: name.to_owned(),
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            width: header.len(),
            ..Table::default()
        };
        for (n, row) in rows.iter().enumerate() {
            table.numbers.push(n as u32 + 2);
            for i in 0..header.len() {
                table.text.push_str(row.get(i).map_or("", |c| c.trim()));
                table.ends.push(table.text.len() as u32);
            }
        }
        table
    }

    /// The file's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The names of the columns kept, trimmed.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The position of the column named `name` (ignoring case and surrounding spaces).
    pub fn column(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.header.iter().position(|h| h == name).or_else(|| {
            self.header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
        })
    }

    /// How many data rows (blank rows left out).
    pub fn rows(&self) -> usize {
        self.ends.len().checked_div(self.width).unwrap_or(0)
    }

    /// The cell of `row` in `column`, trimmed.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        let at = row * self.width + column;
        let start = if at == 0 {
            0
        } else {
            self.ends[at - 1] as usize
        };
        &self.text[start..self.ends[at] as usize]
    }

    /// The row's number in its file (the header is 1), as a spreadsheet shows it when no cell
    /// holds a line break.
    pub fn number(&self, row: usize) -> u32 {
        self.numbers[row]
    }

    /// Every cell of `row`.
    pub fn row(&self, row: usize) -> impl Iterator<Item = &str> {
        (0..self.width).map(move |c| self.cell(row, c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_columns_asked_for_trimmed_and_skips_blank_rows() {
        let table = Table::read(
            "l.csv",
            b"\xEF\xBB\xBFid; name ;code\r\n 007 ;Ann;Y\r\n;;\r\n8;\"B;b\"\r\n",
            &|h| h != "name",
        )
        .unwrap();
        assert_eq!(table.header(), ["id", "code"]);
        assert_eq!(table.rows(), 2);
        assert_eq!(table.cell(0, 0), "007");
        assert_eq!(table.cell(1, 1), "", "a short row is padded");
        assert_eq!(
            (table.number(0), table.number(1)),
            (2, 4),
            "the blank row is counted"
        );
        assert_eq!(table.column("CODE"), Some(1));
    }

    #[test]
    fn bytes_that_are_not_text_are_refused() {
        assert_eq!(
            Table::read("x", b"", &|_| true).unwrap_err(),
            TableError::NotText
        );
    }
}
