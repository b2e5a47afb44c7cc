//! The grid an .xls asks for, read from its records before calamine reads them.
//!
//! calamine reads every sheet of an .xls when it opens it, and sets no limit: it reserves room
//! for the rows × columns a sheet's `DIMENSIONS` record declares, and then holds each sheet as a
//! grid from its first cell to its last. A `DIMENSIONS` record of 4,294,967,295 rows made it ask
//! for 3.4 TB (found by the brief fuzz run in CI: the allocation aborts the process, or the
//! page's worker); two cells at opposite corners ask for 137 GB. So the records calamine reads
//! are walked first, the way it walks them (the sheet positions `BOUNDSHEET` gives, a sheet's
//! nested charts skipped), and a workbook whose grid does not fit is refused before it is
//! opened. Hand-written because no crate reads BIFF records without reading the cells too;
//! the walk reads only record headers and the row and column of cell records (a few ms for
//! a 65,536-row sheet).

use super::read::{Extent, MAX_GRID};
use crate::messages::thousands;

/// Record types (MS-XLS 2.3): the ones the walk needs.
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MULRK: u16 = 0x00BD;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const DATEMODE: u16 = 0x0022;
const EXTERNSHEET: u16 = 0x0017;
const LBL: u16 = 0x0018;
const CONTINUE: u16 = 0x003C;
const MERGECELLS: u16 = 0x00E5;
const FORMULA: u16 = 0x0006;
const SST: u16 = 0x00FC;
/// Records calamine reads as one cell whose row and column are the first two u16s: Number,
/// Label, RString, BoolErr, Rk, LabelSst, Formula.
const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];

/// What the scan found wrong, in words for the `workbook-unreadable` message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refused {
    /// A record calamine would read wrongly (and panic or wrap on).
    Damaged(String),
    /// A grid too large to hold: the widest sheet's.
    Grid(Extent),
}

/// The widest grid the sheets of the .xls workbook `stream` (its `Workbook` or `Book` stream)
/// ask calamine for, or why it cannot be read.
pub(super) fn widest(stream: &[u8]) -> Result<Extent, Refused> {
    let mut sheets = Vec::new();
    let mut biff8 = true;
    let mut records = Records::new(stream).peekable();
    while let Some((typ, data)) = records.next() {
        if let Some(why) = cut_short(typ, data, biff8) {
            return Err(Refused::Damaged(why));
        }
        match typ {
            BOF => biff8 = is_biff8(data),
            SST => {
                // calamine reads an SST with the Continue records after it as one.
                let mut continues = Vec::new();
                while let Some(&(CONTINUE, next)) = records.peek() {
                    continues.push(next);
                    records.next();
                }
                shared_strings(data, &continues)?;
            }
            BOUNDSHEET if data.len() >= 4 => {
                let at = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                if at > stream.len() {
                    let message = format!("a sheet begins at byte {at}, past the end");
                    return Err(Refused::Damaged(message));
                }
                sheets.push(at);
            }
            EOF => break,
            _ => {}
        }
    }
    let mut widest = Extent::default();
    for at in sheets {
        let extent = sheet(&stream[at..], biff8)?;
        if extent.grid() > widest.grid() {
            widest = extent;
        }
    }
    match widest.too_sparse() {
        true => Err(Refused::Grid(widest)),
        false => Ok(widest),
    }
}

/// The grid of the sheet whose records begin `records`: its cells' reach. A `DIMENSIONS`
/// record declaring more than [`MAX_GRID`] cells makes the sheet damaged.
fn sheet(records: &[u8], biff8: bool) -> Result<Extent, Refused> {
    let mut extent = Extent::default();
    let mut seen_bof = false;
    let mut nested = 0usize;
    for (typ, data) in Records::new(records) {
        if nested > 0 {
            match typ {
                BOF => nested += 1,
                EOF => nested -= 1,
                _ => {}
            }
            continue;
        }
        // The sheet's records calamine reads past their checks.
        if matches!(typ, MERGECELLS | FORMULA) {
            if let Some(why) = cut_short(typ, data, biff8) {
                return Err(Refused::Damaged(why));
            }
        }
        match typ {
            BOF if seen_bof => nested += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                let (rows, columns) = dimensions(data)?;
                if rows.saturating_mul(columns) > MAX_GRID {
                    let message = format!(
                        "a sheet declares {} rows by {} columns",
                        thousands(rows),
                        thousands(columns)
                    );
                    return Err(Refused::Damaged(message));
                }
            }
            MULRK if data.len() >= 6 => {
                let first = u16_at(data, 2);
                let last = u16_at(data, data.len() - 2);
                // calamine counts the columns in a u16: 65,536 of them overflow it.
                if last < first || last - first == u16::MAX {
                    let message = format!("a row of numbers from column {first} to column {last}");
                    return Err(Refused::Damaged(message));
                }
                let cells = u64::from(last - first) + 1;
                extent.reach(u16_at(data, 0).into(), last.into(), cells);
            }
            typ if CELLS.contains(&typ) && data.len() >= 4 => {
                extent.reach(u16_at(data, 0).into(), u16_at(data, 2).into(), 1);
            }
            _ => {}
        }
    }
    Ok(extent)
}

/// The rows and columns a `DIMENSIONS` record makes calamine reserve room for, computed as it
/// computes them (BIFF8: u32 rows, u16 columns; BIFF5 and before: u16 both).
fn dimensions(data: &[u8]) -> Result<(u64, u64), Refused> {
    let (first_row, end_row, first_column, end_column) = match data.len() {
        10 => (
            u64::from(u16_at(data, 0)),
            u64::from(u16_at(data, 2)),
            u64::from(u16_at(data, 4)),
            u64::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u64::from(u32::from_le_bytes([data[0], data[1], data[2], data[3]])),
            u64::from(u32::from_le_bytes([data[4], data[5], data[6], data[7]])),
            u64::from(u16_at(data, 8)),
            u64::from(u16_at(data, 10)),
        ),
        // calamine refuses it with its own message.
        _ => return Ok((0, 0)),
    };
    let first_column = match first_column > 0xFF || end_column < first_column {
        true => 0,
        false => first_column,
    };
    if end_row == 0 || end_column == 0 {
        return Ok((1, 1));
    }
    // The last row and column are one past the used range; calamine subtracts the first from
    // the last without a check, so a first past the last would wrap.
    if end_row <= first_row || end_column <= first_column {
        let message = "a sheet's used range ends before it begins".to_owned();
        return Err(Refused::Damaged(message));
    }
    Ok((end_row - first_row, end_column - first_column))
}

/// Why a record is shorter than what calamine reads from it without a check (it would index
/// past the end and panic: found by fuzzing, a 2-byte `Lbl` and a 0-byte `BoundSheet8`), if it
/// is. `biff8`: the stream's BIFF version is 8 (calamine reads `ExternSheet` only there).
/// (An empty `Continue` is refused only where calamine reads one: in a shared string.)
fn cut_short(typ: u16, data: &[u8], biff8: bool) -> Option<String> {
    let (name, needs) = match typ {
        FILEPASS => ("FilePass", 2),
        CODEPAGE => ("CodePage", 2),
        DATEMODE => ("Date1904", 2),
        BOF => ("BOF", 2),
        EXTERNSHEET if biff8 => ("ExternSheet", 2),
        BOUNDSHEET => ("BoundSheet8", 6),
        // A defined name: a fixed part of 14 bytes, and a formula of `cce` bytes at the end,
        // whose first token calamine reads in full.
        LBL => match data.len() >= 6 {
            true => {
                let cce = usize::from(u16_at(data, 4));
                let token = match data.len().checked_sub(cce) {
                    Some(at) if cce > 0 => name_token(data[at], biff8),
                    _ => 0,
                };
                match token > cce {
                    true => ("Lbl formula", token + data.len() - cce),
                    false => ("Lbl", 14.max(cce)),
                }
            }
            false => ("Lbl", 14),
        },
        // A cell's value and flags (20 bytes), then its formula's length and that many bytes;
        // shorter than 20, calamine refuses it itself.
        FORMULA => match data.len() {
            0..20 => return None,
            20..22 => ("Formula", 22),
            _ => ("Formula", 22 + usize::from(u16_at(data, 20))),
        },
        // A count, then 8 bytes a merged range.
        MERGECELLS => match data.len() >= 2 {
            true => ("MergeCells", 2 + 8 * usize::from(u16_at(data, 0))),
            false => ("MergeCells", 2),
        },
        _ => return None,
    };
    (data.len() < needs).then(|| {
        format!(
            "a {name} record of {} bytes, where {needs} are read",
            data.len()
        )
    })
}

/// Walks the shared strings of an `SST` record and its `Continue` records as calamine reads
/// them, for the two parts of a string's header it reads without a check: the count of
/// formatting runs and the size of the extended part (found by fuzzing: a string flagged with
/// an extended part, 1 byte before the record's end, made it panic). Where calamine would stop
/// with an error of its own, the walk stops too.
fn shared_strings(data: &[u8], continues: &[&[u8]]) -> Result<(), Refused> {
    let cut = |what: &str| {
        Err(Refused::Damaged(format!(
            "a shared string's {what} is cut short"
        )))
    };
    let mut pieces = continues.iter().copied();
    let mut at: &[u8] = data.get(8..).unwrap_or_default();
    loop {
        if at.is_empty() {
            match pieces.next() {
                Some(next) => {
                    at = next;
                    continue;
                }
                None => return Ok(()),
            }
        }
        if at.len() < 3 {
            return Ok(());
        }
        let mut chars = usize::from(u16_at(at, 0));
        let flags = at[2];
        at = &at[3..];
        let mut wide = flags & 0x1 != 0;
        let mut runs = 0;
        if flags & 0x8 != 0 {
            if at.len() < 2 {
                return cut("count of formatting runs");
            }
            runs = 4 * usize::from(u16_at(at, 0));
            at = &at[2..];
        }
        let mut extended = 0;
        if flags & 0x4 != 0 {
            if at.len() < 4 {
                return cut("size of its extended part");
            }
            extended = i32::from_le_bytes([at[0], at[1], at[2], at[3]]) as usize;
            at = &at[4..];
        }
        // The characters, one or two bytes each; a Continue starts with its own flags byte.
        while chars > 0 {
            let (taken, bytes) = match wide {
                true => ((at.len() / 2).min(chars), 2 * (at.len() / 2).min(chars)),
                false => (at.len().min(chars), at.len().min(chars)),
            };
            at = &at[bytes..];
            chars -= taken;
            if chars > 0 {
                match pieces.next() {
                    Some([flags, rest @ ..]) => {
                        wide = flags & 0x1 != 0;
                        at = rest;
                    }
                    // calamine reads the flags byte without a check.
                    Some([]) => return cut("continuation"),
                    // None left: calamine's own error.
                    None => return Ok(()),
                }
            }
        }
        // The formatting runs and the extended part are skipped, across Continues.
        for mut skip in [runs, extended] {
            while skip > 0 {
                if at.is_empty() {
                    match pieces.next() {
                        Some(next) => at = next,
                        None => return Ok(()),
                    }
                    continue;
                }
                let taken = skip.min(at.len());
                at = &at[taken..];
                skip -= taken;
            }
        }
    }
}

/// The bytes of a defined name's first formula token `ptg` calamine reads without a check: a
/// 3-D reference, a 3-D area, or one of their error forms (BIFF8; longer before it).
fn name_token(ptg: u8, biff8: bool) -> usize {
    match (ptg, biff8) {
        (0x3a | 0x5a | 0x7a, true) => 7,
        (0x3a | 0x5a | 0x7a, false) => 18,
        (0x3b | 0x5b | 0x7b, true) => 11,
        (0x3b | 0x5b | 0x7b, false) => 21,
        (0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d, true) => 3,
        (0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d, false) => 13,
        _ => 0,
    }
}

/// Whether a `BOF` record starts a BIFF8 stream, as calamine decides it.
fn is_biff8(data: &[u8]) -> bool {
    match data.len() >= 2 {
        false => true,
        true => match u16_at(data, 0) {
            0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
            0 => !(data.len() >= 4 && u16_at(data, 2) == 0x1000),
            _ => true,
        },
    }
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

/// The records of a BIFF stream: a u16 type, a u16 length, that many bytes. Ends at the first
/// record that runs past the stream (calamine refuses the file there with its own message).
struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Records<'a> {
    fn new(stream: &'a [u8]) -> Self {
        Records { rest: stream }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.len() < 4 {
            return None;
        }
        let typ = u16_at(self.rest, 0);
        let len = usize::from(u16_at(self.rest, 2));
        let data = self.rest.get(4..4 + len)?;
        self.rest = &self.rest[4 + len..];
        Some((typ, data))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = typ.to_le_bytes().to_vec();
        bytes.extend_from_slice(&(data.len() as u16).to_le_bytes());
        bytes.extend_from_slice(data);
        bytes
    }

    fn number(row: u16, column: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend_from_slice(&column.to_le_bytes());
        data.extend_from_slice(&[0; 10]);
        record(0x0203, &data)
    }

    fn dimensions_record(first_row: u32, end_row: u32, end_column: u16) -> Vec<u8> {
        let mut data = first_row.to_le_bytes().to_vec();
        data.extend_from_slice(&end_row.to_le_bytes());
        data.extend_from_slice(&0u16.to_le_bytes());
        data.extend_from_slice(&end_column.to_le_bytes());
        data.extend_from_slice(&[0, 0]);
        record(DIMENSIONS, &data)
    }

    /// A workbook stream: globals naming one sheet, then the sheet's `records`.
    fn stream(records: &[Vec<u8>]) -> Vec<u8> {
        let globals_len = 4 + 8 + 4 + 10 + 4;
        let mut bytes = record(BOF, &[0; 8]);
        let mut sheet = (globals_len as u32).to_le_bytes().to_vec();
        sheet.extend_from_slice(&[0, 0, 1, 0, b'A', 0]);
        bytes.extend(record(BOUNDSHEET, &sheet));
        bytes.extend(record(EOF, &[]));
        assert_eq!(bytes.len(), globals_len);
        bytes.extend(record(BOF, &[0; 8]));
        for r in records {
            bytes.extend_from_slice(r);
        }
        bytes.extend(record(EOF, &[]));
        bytes
    }

    #[test]
    fn a_sheet_of_cells_near_each_other_is_read() {
        let cells: Vec<Vec<u8>> = (0..100).map(|i| number(i, i % 28)).collect();
        let extent = widest(&stream(&cells)).expect("fits");
        assert_eq!((extent.rows, extent.columns, extent.cells), (100, 28, 100));
    }

    #[test]
    fn dimensions_of_four_billion_rows_are_refused_before_calamine_reserves_them() {
        let records = [dimensions_record(0, u32::MAX, 200), number(0, 0)];
        assert!(matches!(
            widest(&stream(&records)),
            Err(Refused::Damaged(_))
        ));
    }

    #[test]
    fn dimensions_that_end_before_they_begin_are_damaged() {
        let records = [dimensions_record(10, 5, 3)];
        assert!(matches!(
            widest(&stream(&records)),
            Err(Refused::Damaged(_))
        ));
    }

    #[test]
    fn two_cells_at_opposite_corners_are_refused() {
        let records = [number(0, 0), number(65_535, 65_535)];
        assert!(matches!(widest(&stream(&records)), Err(Refused::Grid(_))));
    }

    #[test]
    fn a_chart_inside_a_sheet_is_skipped_as_calamine_skips_it() {
        let records = [
            number(0, 0),
            record(BOF, &[0; 8]),
            number(65_535, 65_535),
            record(EOF, &[]),
            number(1, 1),
        ];
        let extent = widest(&stream(&records)).expect("fits");
        assert_eq!((extent.rows, extent.columns, extent.cells), (2, 2, 2));
    }

    #[test]
    fn a_sheet_past_the_end_and_a_backwards_row_of_numbers_are_damaged() {
        let mut past = record(BOUNDSHEET, &[0xFF, 0xFF, 0xFF, 0x7F, 0, 0]);
        past.extend(record(EOF, &[]));
        assert!(matches!(widest(&past), Err(Refused::Damaged(_))));
        let mut mulrk = 3u16.to_le_bytes().to_vec();
        mulrk.extend_from_slice(&9u16.to_le_bytes());
        mulrk.extend_from_slice(&[0; 6]);
        mulrk.extend_from_slice(&2u16.to_le_bytes());
        let records = [record(MULRK, &mulrk)];
        assert!(matches!(
            widest(&stream(&records)),
            Err(Refused::Damaged(_))
        ));
    }

    #[test]
    fn records_shorter_than_calamine_reads_are_damaged() {
        let damaged = |records: &[Vec<u8>]| match widest(&stream(records)) {
            Err(Refused::Damaged(why)) => why,
            other => panic!("{other:?}"),
        };
        // A defined name whose formula is longer than the record.
        let mut lbl = vec![0; 14];
        lbl[4] = 40;
        let mut globals = record(LBL, &lbl);
        globals.extend(record(EOF, &[]));
        assert_eq!(
            widest(&globals),
            Err(Refused::Damaged(
                "a Lbl record of 14 bytes, where 40 are read".into()
            ))
        );
        // A defined name whose formula is a 3-D reference (token 0x3a) of 3 bytes, not 7.
        let mut lbl = vec![0; 14];
        lbl[4] = 3;
        lbl.extend_from_slice(&[0x3a, 0, 0]);
        let mut globals = record(LBL, &lbl);
        globals.extend(record(EOF, &[]));
        assert!(
            matches!(widest(&globals), Err(Refused::Damaged(why)) if why.contains("Lbl formula"))
        );
        // In a sheet: two merged ranges announced, one given; an empty continuation.
        let mut merged = 2u16.to_le_bytes().to_vec();
        merged.extend_from_slice(&[0; 8]);
        assert!(damaged(&[record(MERGECELLS, &merged)]).contains("MergeCells record of 10 bytes"));
        let mut formula = vec![0; 20];
        formula.extend_from_slice(&10u16.to_le_bytes());
        assert!(
            damaged(&[record(FORMULA, &formula)]).contains("Formula record of 22 bytes, where 32")
        );
        // An empty continuation of a sheet's record is nothing calamine reads.
        assert!(widest(&stream(&[record(CONTINUE, &[])])).is_ok());
        // What is long enough is read.
        merged.extend_from_slice(&[0; 8]);
        assert!(widest(&stream(&[record(MERGECELLS, &merged), number(1, 1)])).is_ok());
    }

    #[test]
    fn shared_strings_are_walked_as_calamine_reads_them() {
        // Two strings: "ab" (one byte a character), then "c" in two bytes, flagged with 2
        // formatting runs (8 bytes, skipped); then a third whose extended part's size is cut.
        let mut sst = vec![0; 8];
        sst.extend_from_slice(&[2, 0, 0, b'a', b'b']);
        sst.extend_from_slice(&[1, 0, 0x9, 2, 0, b'c', 0]);
        sst.extend_from_slice(&[0; 8]);
        assert_eq!(shared_strings(&sst, &[]), Ok(()));
        sst.extend_from_slice(&[1, 0, 0x4, 9]);
        assert_eq!(
            shared_strings(&sst, &[]),
            Err(Refused::Damaged(
                "a shared string's size of its extended part is cut short".into()
            ))
        );
        // Characters carried on in a Continue, with its own flags byte.
        let mut split = vec![0; 8];
        split.extend_from_slice(&[4, 0, 0, b'a', b'b']);
        assert_eq!(
            shared_strings(&split, &[&[0, b'c', b'd', 1, 0, 0x8]]),
            Err(Refused::Damaged(
                "a shared string's count of formatting runs is cut short".into()
            ))
        );
    }
}
