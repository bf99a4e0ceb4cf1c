//! Escaping for every renderer's target: the text of a disclosure, a file name, a sheet name
//! are not trusted (issue 16).
//!
//! - [`text`]: for a terminal. Control characters (C0 but newline and tab, DEL, C1), line
//!   and paragraph separators and the bidirectional embeddings, overrides and isolates are
//!   shown as visible escapes (`\u{1b}`), so an ESC or BEL from a .txt cannot change the
//!   terminal's title, clear the screen, spoof a link (OSC 8) or reorder what is shown.
//! - [`line`]: one line (a file name): [`text`], and newline, tab and carriage return as
//!   escapes too, so a name cannot start a line of its own.
//! - [`markdown`]: one table cell or heading of a Markdown report: [`line`] (newlines and
//!   tabs become spaces), HTML special characters as entities (`<img onerror=…>` stays
//!   text, even when the input had it entity-escaped), and the characters of Markdown syntax
//!   backslash-escaped (`[x](javascript:…)` is no link, `|` does not end the cell).
//! - [`csv_field`]: one CSV field, quoted when needed, with a leading apostrophe when a
//!   spreadsheet would read it as a formula.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for a character a terminal acts on instead of showing (newline and tab excepted).
fn is_active(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(s: &str, active: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&active) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if active(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal: control characters but newline and tab shown as `\u{1b}`.
pub fn text(s: &str) -> Cow<'_, str> {
    escaped(s, is_active)
}

/// One line (a file name): every control character, newline and tab too, as `\u{a}`.
pub fn line(s: &str) -> Cow<'_, str> {
    escaped(s, |c| is_active(c) || c == '\n' || c == '\t')
}

/// One cell or heading of a Markdown report (see the module docs).
pub fn markdown(s: &str) -> String {
    let s = s.replace(['\n', '\t'], " ");
    let s = line(&s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// One CSV field: quoted when it holds a comma, quote or line break; a field a spreadsheet
/// would read as a formula (`=`, `+`, `@`, a tab or carriage return, or `-` not starting a
/// number) gets a leading apostrophe.
pub fn csv_field(s: &str) -> String {
    let mut s = s.to_string();
    let formula = s.starts_with(['=', '+', '@', '\t', '\r'])
        || (s.starts_with('-') && !s[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.'));
    if formula {
        s.insert(0, '\'');
    }
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal() {
        assert_eq!(
            text("a\x1b]8;;http://evil\x07b\n\tc"),
            "a\\u{1b}]8;;http://evil\\u{7}b\n\tc"
        );
        assert_eq!(text("\u{9b}31m\u{7f}\r"), "\\u{9b}31m\\u{7f}\\u{d}");
        assert_eq!(text("\u{202e}fdp.exe"), "\\u{202e}fdp.exe");
        assert!(matches!(text("收入 12.00"), Cow::Borrowed(_)));
        assert_eq!(line("a\nb\tc"), "a\\u{a}b\\u{9}c");
    }

    #[test]
    fn markdown_cells() {
        assert_eq!(
            markdown("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(
            markdown("[x](javascript:alert(1))"),
            "\\[x\\](javascript:alert(1))"
        );
        assert_eq!(markdown("a|b\nc"), "a\\|b c");
        assert_eq!(markdown("\\[x]"), "\\\\\\[x\\]");
        assert_eq!(markdown("&lt;"), "&amp;lt;");
        assert_eq!(markdown("\x1b[2J"), "\\\\u{1b}\\[2J");
    }

    #[test]
    fn csv_fields() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-0.01"), "-0.01");
        assert_eq!(csv_field("-cmd"), "'-cmd");
        assert_eq!(csv_field("@x"), "'@x");
    }
}
