//! Applying fixes: the one place values change. Rules only describe; this applies.

use crate::finding::Fix;
use std::borrow::Cow;

/// Applies a value fix to a cell (other fixes change rows, columns or the file, not the value).
pub(crate) fn apply(value: &mut Cow<'_, str>, fix: &Fix) {
    match fix {
        Fix::Value(Cow::Borrowed(new)) => *value = Cow::Borrowed(new),
        Fix::Value(Cow::Owned(new)) => *value = Cow::Owned(new.clone()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_fixes_change_the_value_and_others_do_not() {
        let mut value = Cow::Borrowed(" M ");
        apply(&mut value, &Fix::RemoveRow);
        assert_eq!(value, " M ");
        apply(&mut value, &Fix::Value("male".into()));
        assert_eq!(value, "male");
        apply(&mut value, &Fix::Value(String::from("female").into()));
        assert_eq!(value, "female");
    }
}
