//! A person's answers to the checker's questions ([`crate::Decision`]s): the order of day and
//! month in a date column, bulk or delta for the file, and which code an ambiguous value means.
//!
//! Every decision has a key (`date-order:birthDate`, `mode`,
//! `value:countryOfBirthCode:Congo`) and every answer is given as `KEY=ANSWER`, the same in
//! the CLI's `--answer`, its answers file and the JSON's `decisions`.

use crate::columns::Column;
use crate::date::DateOrder;
use crate::decisions::{Basis, ColumnOrder, DateOrders, Ordered};
use crate::edits::ValueMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// Whether the file is a bulk file (every row blank in `status` and `dateLastModified`) or a
/// delta file (every row has both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The whole roster: `status` and `dateLastModified` are cleared in every row.
    Bulk,
    /// Changes only: a blank `status` becomes `active`, a blank `dateLastModified` the day of the
    /// check at midnight UTC.
    Delta,
}

impl Mode {
    /// `bulk` or `delta`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Bulk => "bulk",
            Mode::Delta => "delta",
        }
    }
}

impl FromStr for Mode {
    type Err = String;

    fn from_str(text: &str) -> Result<Mode, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "bulk" => Ok(Mode::Bulk),
            "delta" => Ok(Mode::Delta),
            other => Err(format!("the mode is bulk or delta, not \"{other}\"")),
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A decision's key, read: what the question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Question<'a> {
    /// `mode`: bulk or delta.
    Mode,
    /// `date-order:COLUMN`.
    DateOrder(&'a str),
    /// `value:COLUMN:VALUE`: what a value of a column means.
    Value {
        /// The column.
        column: &'a str,
        /// The value (as written in the key).
        value: &'a str,
    },
    /// `value:` without its second `:`.
    ValueWithoutColumn,
}

impl<'a> Question<'a> {
    /// Reads `key`; `None` for no question the checker asks.
    pub(crate) fn parse(key: &'a str) -> Option<Question<'a>> {
        if key == "mode" {
            return Some(Question::Mode);
        }
        if let Some(column) = key.strip_prefix("date-order:") {
            return Some(Question::DateOrder(column));
        }
        let rest = key.strip_prefix("value:")?;
        Some(match rest.split_once(':') {
            Some((column, value)) => Question::Value { column, value },
            None => Question::ValueWithoutColumn,
        })
    }
}

/// The date columns, whose order of day and month may be asked.
pub(crate) const DATE_COLUMNS: [Column; 2] = [Column::BirthDate, Column::DateLastModified];

/// The answers given so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// Date column (canonical name) → the order of day and month in it.
    pub date_orders: BTreeMap<String, DateOrder>,
    /// Bulk or delta, for files that mix them.
    pub mode: Option<Mode>,
    /// What ambiguous values of a column mean (`Congo` in `countryOfBirthCode` → `CD`); applied
    /// like a person's column-wide replacement.
    pub values: Vec<ValueMap>,
}

/// Why an answer was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerError(String);

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AnswerError {}

impl Answers {
    /// Takes `KEY=ANSWER` (`date-order:birthDate=dmy`, `mode=bulk`,
    /// `value:metadata.foodService:F=Free`). The key is everything before the last `=`.
    pub fn give(&mut self, line: &str) -> Result<(), AnswerError> {
        let Some((key, answer)) = line.rsplit_once('=') else {
            return Err(AnswerError(format!(
                "an answer is KEY=ANSWER (such as date-order:birthDate=dmy or mode=bulk), not \"{line}\""
            )));
        };
        self.answer(key.trim(), answer.trim())
    }

    /// Answers the decision `key` with `answer`.
    pub fn answer(&mut self, key: &str, answer: &str) -> Result<(), AnswerError> {
        let problem = |why: String| AnswerError(format!("{key}={answer}: {why}"));
        match Question::parse(key) {
            Some(Question::Mode) => self.mode = Some(answer.parse().map_err(problem)?),
            Some(Question::DateOrder(column)) => self.date_order(column, answer)?,
            Some(Question::Value { column, value }) => self.values.push(ValueMap {
                column: column.to_owned(),
                from: value.trim().to_owned(),
                to: answer.to_owned(),
            }),
            Some(Question::ValueWithoutColumn) => {
                return Err(problem(
                    "a value key is value:COLUMN:VALUE, such as value:countryOfBirthCode:Congo"
                        .into(),
                ))
            }
            None => {
                return Err(problem(
                    "no such question; the keys are mode, date-order:COLUMN and value:COLUMN:VALUE"
                        .into(),
                ))
            }
        }
        Ok(())
    }

    /// Answers the date order of `column` (`birthDate` or `dateLastModified`).
    pub fn date_order(&mut self, column: &str, order: &str) -> Result<(), AnswerError> {
        let known = Column::from_name(column).filter(|c| DATE_COLUMNS.contains(c));
        let Some(known) = known else {
            return Err(AnswerError(format!(
                "\"{column}\" is not a date column; the date columns are birthDate and dateLastModified"
            )));
        };
        let order = order
            .parse()
            .map_err(|why| AnswerError(format!("{column}={order}: {why}")))?;
        self.date_orders.insert(known.name().to_owned(), order);
        Ok(())
    }

    /// Reads an answers file: one `KEY=ANSWER` a line; blank lines and lines starting with `#`
    /// are skipped. The error names the line.
    pub fn read(&mut self, text: &str) -> Result<(), AnswerError> {
        // Notepad on Windows starts a UTF-8 file with a byte-order mark.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            self.give(line)
                .map_err(|why| AnswerError(format!("line {}: {why}", number + 1)))?;
        }
        Ok(())
    }

    /// Every answer as `KEY=ANSWER`, the way it is given (for the report's audit trail, and
    /// to save as an answers file).
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .date_orders
            .iter()
            .map(|(column, order)| format!("date-order:{column}={order}"))
            .collect();
        lines.extend(self.mode.map(|mode| format!("mode={mode}")));
        lines.extend(
            self.values
                .iter()
                .map(|m| format!("value:{}:{}={}", m.column, m.from, m.to)),
        );
        lines
    }

    /// The order answered for a date column.
    pub(crate) fn order_of(&self, column: Column) -> Option<DateOrder> {
        self.date_orders.get(column.name()).copied()
    }

    /// The date orders answered, as the rules take them.
    pub(crate) fn answered_orders(&self) -> DateOrders {
        let mut orders = DateOrders::default();
        for column in DATE_COLUMNS {
            if let Some(order) = self.order_of(column) {
                let basis = Basis::Answer;
                orders.set(column, ColumnOrder::Known(Ordered { order, basis }));
            }
        }
        orders
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_by_key() {
        let mut answers = Answers::default();
        answers.give("date-order:birthDate=dmy").unwrap();
        answers.give("mode = bulk").unwrap();
        answers.give("value:countryOfBirthCode:Congo=CD").unwrap();
        answers
            .give("value:metadata.eligibilityStatusForSchoolFoodServicePrograms:F=Free")
            .unwrap();
        assert_eq!(
            answers.order_of(Column::BirthDate),
            Some(DateOrder::DayFirst)
        );
        assert_eq!(answers.mode, Some(Mode::Bulk));
        assert_eq!(answers.values[0].column, "countryOfBirthCode");
        assert_eq!(answers.values[0].from, "Congo");
        assert_eq!(answers.values[0].to, "CD");
        assert_eq!(answers.values[1].to, "Free");
        // Given back the way they were given, and read back the same.
        let mut again = Answers::default();
        again.read(&answers.lines().join("\n")).unwrap();
        assert_eq!(again, answers);
    }

    #[test]
    fn wrong_answers_say_what_is_expected() {
        let mut answers = Answers::default();
        let error = |answers: &mut Answers, line| answers.give(line).unwrap_err().to_string();
        assert!(error(&mut answers, "mode=sometimes").contains("bulk or delta"));
        assert!(error(&mut answers, "date-order:birthDate=ymd").contains("dmy"));
        assert!(error(&mut answers, "date-order:sex=dmy").contains("not a date column"));
        assert!(error(&mut answers, "colour=blue").contains("no such question"));
        assert!(error(&mut answers, "mode").contains("KEY=ANSWER"));
        assert!(
            answers.read("\u{FEFF}mode=bulk\r\n").is_ok(),
            "a BOM and CRLF"
        );
        let file = "# answers\n\nmode=delta\nmode=maybe\n";
        assert!(answers
            .read(file)
            .unwrap_err()
            .to_string()
            .starts_with("line 4:"));
    }
}
