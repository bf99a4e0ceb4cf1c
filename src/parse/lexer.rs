//! Tokens: printed amounts, code parts, and the split of a line into positioned spans.

use rust_decimal::Decimal;

use super::normalize::normalize_line;

/// A printed number: its exact value and printed decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    /// Exact value.
    pub value: Decimal,
    /// Printed fractional digits.
    pub decimals: u32,
    /// True when the number was printed with thousands separators or decimals
    /// (so it cannot be a classification code).
    pub money_like: bool,
}

/// Most digits before the decimal point of a number that is read: 999 万亿 in any unit, far
/// beyond any budget, and small enough that no sum or unit conversion of the checks can
/// overflow the exact decimal type (a 28-digit amount in 万元 did).
pub const MAX_INTEGER_DIGITS: usize = 15;

/// Most digits after the decimal point of a number that is read.
pub const MAX_FRACTION_DIGITS: usize = 10;

/// Parses a printed amount: `2,940.05`, `858.21`, `0.00`, `-12.5`, `91,016,775.35`, `839`.
/// Thousands separators must group by three; at most [`MAX_INTEGER_DIGITS`] digits before
/// the point and [`MAX_FRACTION_DIGITS`] after it. Returns `None` for anything else (see
/// [`is_unreadable_number`] for the numbers refused only for their size or grouping).
pub fn parse_number(s: &str) -> Option<Number> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if body.is_empty() || body.len() > 40 {
        return None;
    }
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) || f.len() > MAX_FRACTION_DIGITS {
            return None;
        }
    }
    let has_commas = int.contains(',');
    if has_commas {
        let groups: Vec<&str> = int.split(',').collect();
        let first = groups[0];
        if first.is_empty() || first.len() > 3 || !first.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        if groups[1..]
            .iter()
            .any(|g| g.len() != 3 || !g.chars().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
    } else if !int.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    // exact value without allocating: mantissa from the digits, scale from the fraction
    let frac_digits = frac.unwrap_or("");
    if int.bytes().filter(u8::is_ascii_digit).count() > MAX_INTEGER_DIGITS {
        return None;
    }
    let mut mantissa: i128 = 0;
    for c in int.chars().chain(frac_digits.chars()) {
        if let Some(d) = c.to_digit(10) {
            mantissa = mantissa * 10 + d as i128;
        }
    }
    if neg {
        mantissa = -mantissa;
    }
    let value = Decimal::try_from_i128_with_scale(mantissa, frac_digits.len() as u32).ok()?;
    Some(Number {
        value,
        decimals: frac.map(|f| f.len() as u32).unwrap_or(0),
        money_like: has_commas || frac.is_some(),
    })
}

/// True for a word written like a number (digits, thousands commas, one decimal point, an
/// optional minus) that [`parse_number`] does not read: too many digits (`1111…1` with 29
/// of them) or thousands separators that do not group by three (`2,94.05`).
pub fn is_unreadable_number(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let numeric = int.starts_with(|c: char| c.is_ascii_digit())
        && int.chars().all(|c| c.is_ascii_digit() || c == ',')
        && frac.is_none_or(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()));
    numeric && parse_number(s).is_none()
}

/// True for a dash printed in place of a number.
pub fn is_dash(s: &str) -> bool {
    matches!(s.trim(), "-" | "—" | "——" | "－" | "–" | "/" | "--")
}

/// A run of text on a line with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text (trimmed).
    pub text: String,
    /// First character column (0-based, characters not bytes).
    pub x0: u32,
    /// One past the last character column.
    pub x1: u32,
    /// The printed number, when the span is one (parsed once, here).
    pub number: Option<Number>,
}

impl Span {
    /// Builds a span, parsing its number once.
    pub fn new(text: String, x0: u32, x1: u32) -> Span {
        let number = parse_number(&text);
        Span { text, x0, x1, number }
    }

    /// True for a money amount (thousands separators or decimals) or a bare "0".
    pub fn is_amount(&self) -> bool {
        self.number.is_some_and(|n| n.money_like) || self.text == "0"
    }
}

/// A source line, normalised and split into spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the source text.
    pub no: u32,
    /// 1-based page (form feeds separate pages).
    pub page: u32,
    /// The normalised text.
    pub text: String,
    /// True when the line was tab-separated: span `x0` is then the cell index.
    pub tabbed: bool,
    /// The spans. For tabbed lines one per non-empty cell, `x0` = cell index.
    pub spans: Vec<Span>,
}

impl Line {
    /// True when the line has no visible text.
    pub fn is_blank(&self) -> bool {
        self.spans.is_empty()
    }

    /// The text of all spans joined by single spaces.
    pub fn joined(&self) -> String {
        self.spans
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Most bytes of one line that are read (a paragraph of a few thousand characters is long).
pub const MAX_LINE_BYTES: usize = 100_000;
/// Most spans (cells) of one line: the columns a table may have.
pub const MAX_LINE_SPANS: usize = crate::input::grid::MAX_COLS as usize;
/// Most spans of a whole text: the cells a table may have (a text of 12 million numbers
/// took 1.5 GB).
pub const MAX_SPANS: usize = crate::input::grid::MAX_CELLS;

/// Splits a text into normalised, positioned lines.
pub fn lines(text: &str) -> Vec<Line> {
    lines_within_limits(text).0
}

/// [`lines`], and the first line cut by the limits and how many were: a line longer than
/// [`MAX_LINE_BYTES`] is read up to it, a line keeps at most [`MAX_LINE_SPANS`] spans and
/// the text [`MAX_SPANS`] (the lines after that have their text but no spans).
pub fn lines_within_limits(text: &str) -> (Vec<Line>, Option<(u32, usize)>) {
    let mut out = Vec::new();
    let mut page = 1u32;
    let mut budget = MAX_SPANS;
    let mut cut: Option<(u32, usize)> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let no = (i + 1) as u32;
        let mut raw = raw;
        let mut short = false;
        if raw.len() > MAX_LINE_BYTES {
            let mut end = MAX_LINE_BYTES;
            while !raw.is_char_boundary(end) {
                end -= 1;
            }
            raw = &raw[..end];
            short = true;
        }
        // a form feed starts a new page; pdftotext puts it at the start of the page's first line
        while let Some(rest) = raw.strip_prefix('\u{c}') {
            page += 1;
            raw = rest;
        }
        let extra_pages = raw.matches('\u{c}').count() as u32;
        let raw_owned;
        if extra_pages > 0 {
            raw_owned = raw.replace('\u{c}', " ");
            raw = &raw_owned;
        }
        let text = normalize_line(raw);
        let tabbed = text.contains('\t');
        let mut spans = if budget == 0 {
            // past the limit: the text is kept, no cells are made
            short |= !text.trim().is_empty();
            Vec::new()
        } else if tabbed {
            tab_spans(&text)
        } else {
            space_spans(&text)
        };
        let keep = spans.len().min(MAX_LINE_SPANS).min(budget);
        if keep < spans.len() {
            spans.truncate(keep);
            spans.shrink_to_fit();
            short = true;
        }
        budget -= keep;
        if short {
            cut.get_or_insert((no, 0)).1 += 1;
        }
        out.push(Line {
            no,
            page,
            text,
            tabbed,
            spans,
        });
        page += extra_pages;
    }
    (out, cut)
}

fn tab_spans(text: &str) -> Vec<Span> {
    text.split('\t')
        .enumerate()
        .filter_map(|(i, cell)| {
            let t = cell.trim();
            (!t.is_empty()).then(|| Span::new(t.to_string(), i as u32, i as u32 + 1))
        })
        .collect()
}

/// Splits a space-aligned line at runs of two or more spaces; a single space
/// separates a trailing number from text ("行政运行 12.00") and two numbers.
fn space_spans(text: &str) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut coarse: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while i < chars.len() {
            if chars[i] == ' ' {
                let mut j = i;
                while j < chars.len() && chars[j] == ' ' {
                    j += 1;
                }
                if j - i >= 2 || j == chars.len() {
                    break;
                }
                i = j;
            } else {
                i += 1;
                end = i;
            }
        }
        coarse.push((start, end));
    }
    let mut spans = Vec::new();
    for (start, end) in coarse {
        // split single-space separated words when they are numbers
        let words = words_with_pos(&chars, start, end);
        let mut cur: Option<(usize, usize)> = None;
        for (ws, we) in words {
            let w: String = chars[ws..we].iter().collect();
            let is_num = parse_number(&w).is_some_and(|n| n.money_like);
            match cur {
                Some((cs, ce)) if !is_num && !prev_is_number(&chars, cs, ce) => cur = Some((cs, we)),
                Some((cs, ce)) => {
                    spans.push(make_span(&chars, cs, ce));
                    cur = Some((ws, we));
                }
                None => cur = Some((ws, we)),
            }
        }
        if let Some((cs, ce)) = cur {
            spans.push(make_span(&chars, cs, ce));
        }
    }
    spans
}

fn prev_is_number(chars: &[char], s: usize, e: usize) -> bool {
    let w: String = chars[s..e].iter().collect();
    parse_number(&w).is_some_and(|n| n.money_like)
}

fn words_with_pos(chars: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let s = i;
        while i < end && chars[i] != ' ' {
            i += 1;
        }
        out.push((s, i));
    }
    out
}

fn make_span(chars: &[char], s: usize, e: usize) -> Span {
    Span::new(
        chars[s..e].iter().collect::<String>().trim().to_string(),
        s as u32,
        e as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let n = parse_number("2,940.05").unwrap();
        assert_eq!(n.value.to_string(), "2940.05");
        assert_eq!(n.decimals, 2);
        assert!(n.money_like);
        assert_eq!(parse_number("91,016,775.35").unwrap().decimals, 2);
        let i = parse_number("20").unwrap();
        assert!(!i.money_like);
        assert!(parse_number("2,94.05").is_none());
        assert!(parse_number("1.2.3").is_none());
        assert!(parse_number("12a").is_none());
        assert!(parse_number("").is_none());
        assert!(parse_number("-").is_none());
        assert_eq!(parse_number("-0.50").unwrap().value.to_string(), "-0.50");
        assert!(parse_number("999,999,999,999,999.99").is_some());
        assert!(parse_number("1,000,000,000,000,000").is_none());
        assert!(parse_number(&"1".repeat(29)).is_none());
        for s in [
            "1".repeat(16),
            "1".repeat(29) + ".00",
            "2,94.05".into(),
            "1.00000000001".into(),
        ] {
            assert!(is_unreadable_number(&s), "{s}");
        }
        for s in ["12.00", "20", "1.2.3", "12a", "-", "a1", "1.", ",1"] {
            assert!(!is_unreadable_number(s), "{s}");
        }
    }

    #[test]
    fn spans_split_on_wide_gaps() {
        let l = &lines("201   03   01   行政运行                  12,029,501.84 12,029,501.84")[0];
        let t: Vec<&str> = l.spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            t,
            ["201", "03", "01", "行政运行", "12,029,501.84", "12,029,501.84"]
        );
        assert_eq!(l.spans[4].x1, 51);
        let l = &lines("收 入 总 计\t858.21\t支 出 合 计")[0];
        assert!(l.tabbed);
        assert_eq!(l.spans[1].x0, 1);
        let l = &lines("  行政单位医疗 60.99 60.99")[0];
        let t: Vec<&str> = l.spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(t, ["行政单位医疗", "60.99", "60.99"]);
    }

    #[test]
    fn pages() {
        let ls = lines("a\n\u{c}b\nc\u{c}\nd");
        assert_eq!(ls.iter().map(|l| l.page).collect::<Vec<_>>(), [1, 2, 2, 3]);
    }
}
