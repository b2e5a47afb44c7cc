//! Which rows of a long list to render: the findings table draws only what is visible (plus a
//! few rows either side), so it stays fast with 100,000 findings.

use std::ops::Range;

/// Rows rendered above and below the visible ones, so fast scrolling shows no gap.
pub const OVERSCAN: usize = 6;

/// The slice of a list to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    /// First row to render.
    pub start: usize,
    /// One past the last row to render.
    pub end: usize,
}

impl Slice {
    /// The rows as a range.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// The rows to render for a list of `rows` rows of `row_height` pixels, scrolled to
/// `scroll_top` in a viewport `viewport` pixels high.
pub fn visible(scroll_top: f64, viewport: f64, row_height: f64, rows: usize) -> Slice {
    if rows == 0 || row_height <= 0.0 {
        return Slice { start: 0, end: 0 };
    }
    let top = scroll_top.max(0.0);
    let first = ((top / row_height).floor() as usize).min(rows - 1);
    let shown = (viewport.max(0.0) / row_height).ceil() as usize + 1;
    Slice {
        start: first.saturating_sub(OVERSCAN),
        end: (first + shown + OVERSCAN).min(rows),
    }
}

/// The scroll position that brings row `index` fully into view, or `None` if it already is.
pub fn scroll_to_show(
    index: usize,
    scroll_top: f64,
    viewport: f64,
    row_height: f64,
) -> Option<f64> {
    let top = index as f64 * row_height;
    let bottom = top + row_height;
    if top < scroll_top {
        Some(top)
    } else if bottom > scroll_top + viewport {
        Some((bottom - viewport).max(0.0))
    } else {
        None
    }
}

/// The row a keyboard key moves the selection to, in a list of `rows` rows of which `page`
/// fit in the viewport. `None` for keys that do not move it.
pub fn key_target(key: &str, current: Option<usize>, rows: usize, page: usize) -> Option<usize> {
    if rows == 0 {
        return None;
    }
    let last = rows - 1;
    let page = page.max(1);
    let next = match (key, current) {
        ("ArrowDown", None) | ("ArrowUp", None) | ("Home", _) => 0,
        ("ArrowDown", Some(i)) => (i + 1).min(last),
        ("ArrowUp", Some(i)) => i.saturating_sub(1),
        ("PageDown", i) => (i.unwrap_or(0) + page).min(last),
        ("PageUp", i) => i.unwrap_or(0).saturating_sub(page),
        ("End", _) => last,
        _ => return None,
    };
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_only_the_visible_rows_plus_overscan() {
        let cases = [
            // (scroll_top, viewport, rows, start, end)
            (0.0, 400.0, 0, 0, 0),
            (0.0, 400.0, 5, 0, 5),
            (0.0, 400.0, 100_000, 0, 11 + OVERSCAN),
            (40_000.0, 400.0, 100_000, 1000 - OVERSCAN, 1011 + OVERSCAN),
            (3_999_600.0, 400.0, 100_000, 99_990 - OVERSCAN, 100_000),
            (-50.0, 400.0, 100, 0, 11 + OVERSCAN),
            (1e12, 400.0, 100, 99 - OVERSCAN, 100),
        ];
        for (top, viewport, rows, start, end) in cases {
            let slice = visible(top, viewport, 40.0, rows);
            assert_eq!(
                (slice.start, slice.end),
                (start, end),
                "top {top} rows {rows}"
            );
            assert!(slice.end - slice.start <= 11 + 2 * OVERSCAN + 1);
        }
        assert_eq!(visible(0.0, 400.0, 0.0, 10).range(), 0..0);
    }

    #[test]
    fn scrolls_just_enough_to_show_a_row() {
        assert_eq!(scroll_to_show(0, 0.0, 400.0, 40.0), None);
        assert_eq!(scroll_to_show(9, 0.0, 400.0, 40.0), None);
        assert_eq!(scroll_to_show(10, 0.0, 400.0, 40.0), Some(40.0));
        assert_eq!(scroll_to_show(3, 400.0, 400.0, 40.0), Some(120.0));
    }

    #[test]
    fn keys_move_the_selection_within_bounds() {
        let cases = [
            ("ArrowDown", None, Some(0)),
            ("ArrowDown", Some(4), Some(5)),
            ("ArrowDown", Some(99), Some(99)),
            ("ArrowUp", Some(0), Some(0)),
            ("ArrowUp", Some(5), Some(4)),
            ("PageDown", Some(95), Some(99)),
            ("PageDown", Some(10), Some(20)),
            ("PageUp", Some(5), Some(0)),
            ("Home", Some(50), Some(0)),
            ("End", None, Some(99)),
            ("Enter", Some(3), None),
        ];
        for (key, current, want) in cases {
            assert_eq!(key_target(key, current, 100, 10), want, "{key} {current:?}");
        }
        assert_eq!(key_target("ArrowDown", None, 0, 10), None);
    }
}
