//! Selects a source line in the input textarea (when the reader clicks a located cell).

use web_sys::HtmlTextAreaElement;

/// Start and end (UTF-16 offsets, as the DOM counts) of 1-based `line` in `text`, and the
/// number of lines.
pub fn line_range(text: &str, line: u32) -> Option<(u32, u32, usize)> {
    let want = usize::try_from(line).ok()?.checked_sub(1)?;
    let mut start = 0u32;
    let mut found = None;
    let mut count = 0;
    for (i, l) in text.split('\n').enumerate() {
        let len = u32::try_from(l.encode_utf16().count()).ok()?;
        if i == want {
            found = Some((start, start + len));
        }
        start += len + 1;
        count = i + 1;
    }
    found.map(|(s, e)| (s, e, count))
}

/// `text` with the UTF-16 range `start..end` (a textarea's selection) replaced by `insert`;
/// offsets past the end or inside a surrogate pair are moved to the nearest char boundary.
pub fn splice_utf16(text: &str, start: u32, end: u32, insert: &str) -> String {
    let byte_at = |unit: u32| {
        let mut units = 0u32;
        for (i, c) in text.char_indices() {
            if units >= unit {
                return i;
            }
            units += c.len_utf16() as u32;
        }
        text.len()
    };
    let (a, b) = (byte_at(start.min(end)), byte_at(end.max(start)));
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..a]);
    out.push_str(insert);
    out.push_str(&text[b..]);
    out
}

/// Focuses the textarea, selects `line` and scrolls it into view (the textarea does not
/// wrap lines, so lines have equal height).
pub fn select_line(textarea: &HtmlTextAreaElement, line: u32) {
    let value = textarea.value();
    let Some((start, end, count)) = line_range(&value, line) else {
        return;
    };
    let _ = textarea.focus();
    let _ = textarea.set_selection_range(start, end);
    let count = i64::try_from(count.max(1)).unwrap_or(i64::MAX);
    let above = i64::from(textarea.scroll_height()) * i64::from(line.saturating_sub(1)) / count;
    let top = above - i64::from(textarea.client_height()) / 3;
    textarea.set_scroll_top(i32::try_from(top.max(0)).unwrap_or(i32::MAX));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_at_utf16_offsets() {
        assert_eq!(splice_utf16("收入表", 1, 2, "X"), "收X表");
        assert_eq!(splice_utf16("a𝄞b", 3, 3, "|"), "a𝄞|b");
        assert_eq!(splice_utf16("ab", 9, 1, "c"), "ac");
        assert_eq!(splice_utf16("", 0, 0, "t"), "t");
    }

    #[test]
    fn ranges_count_utf16() {
        let text = "一\n𝟘ab\nc";
        assert_eq!(line_range(text, 1), Some((0, 1, 3)));
        assert_eq!(line_range(text, 2), Some((2, 6, 3)));
        assert_eq!(line_range(text, 3), Some((7, 8, 3)));
        assert_eq!(line_range(text, 4), None);
        assert_eq!(line_range(text, 0), None);
    }
}
