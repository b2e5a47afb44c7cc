//! Applying fixes: the one place values change. Rules only describe; this applies.

use crate::finding::Fix;
use std::borrow::Cow;

/// Applies a value fix to a cell (other fixes change rows, columns or the file, not the value).
pub fn apply_to_value(value: &mut Cow<'_, str>, fix: &Fix) {
    if let Fix::Value(new) = fix {
        *value = Cow::Owned(new.clone());
    }
}

/// The value after a sequence of fixes (each rule saw the value the one before left).
pub fn apply_value<'a>(
    original: &'a str,
    fixes: impl IntoIterator<Item = &'a Fix>,
) -> Cow<'a, str> {
    let mut value = Cow::Borrowed(original);
    for fix in fixes {
        if let Fix::Value(new) = fix {
            value = Cow::Borrowed(new.as_str());
        }
    }
    value
}

/// Line breaks inside a value become one space each (CRLF counts as one).
pub fn replace_line_breaks(value: &str) -> String {
    value.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_value_fix_wins() {
        let fixes = [
            Fix::Value("M".into()),
            Fix::RemoveRow,
            Fix::Value("male".into()),
        ];
        assert_eq!(apply_value(" M ", &fixes), "male");
        assert_eq!(apply_value("male", &[]), "male");
    }

    #[test]
    fn line_breaks() {
        assert_eq!(replace_line_breaks("a\r\nb\nc\rd"), "a b c d");
    }
}
