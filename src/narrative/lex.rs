//! Narrative text: tidying, clauses and the figures (amounts, percentages, head counts) in them.

use rust_decimal::Decimal;

use crate::model::{Interval, Unit};
use crate::parse::lexer::parse_number;
use crate::parse::normalize::is_cjk;

/// Tidies a paragraph for reading figures: every whitespace goes except one space between two
/// digits ("增长4 13.11%" keeps the page number apart); ASCII punctuation becomes full-width
/// outside numbers.
pub fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    // the next character that is not whitespace, for each position (one pass from the end:
    // a long run of spaces must not be scanned once per space)
    let mut next_solid: Vec<Option<char>> = vec![None; chars.len() + 1];
    for i in (0..chars.len()).rev() {
        next_solid[i] = if chars[i].is_whitespace() {
            next_solid[i + 1]
        } else {
            Some(chars[i])
        };
    }
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().next_back();
            let next = next_solid[i + 1].as_ref();
            if let (Some(p), Some(n)) = (prev, next) {
                if p.is_ascii_alphanumeric() && n.is_ascii_alphanumeric() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            continue;
        }
        let prev_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let next_digit = chars.get(i + 1).is_some_and(|c| c.is_ascii_digit());
        let c = match c {
            ',' if !(prev_digit && next_digit) => '，',
            ';' => '；',
            ':' => '：',
            '(' => '（',
            ')' => '）',
            _ => c,
        };
        out.push(c);
    }
    out
}

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    /// Money in a unit.
    Amount(Unit),
    /// A percentage.
    Percent,
    /// A head count (人).
    Persons,
    /// Any other count (个, 辆, 台, 家, 平方米 …): read, never checked.
    Count,
    /// A bare `0` ("公务用车购置费为 0"): zero in any unit.
    BareZero,
}

/// A number as the narrative printed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Exact printed value (non-negative: directions come from words).
    pub value: Decimal,
    /// Printed fractional digits.
    pub decimals: u32,
    /// Unit.
    pub kind: FigureKind,
    /// As printed, with its unit ("858.21万元").
    pub raw: String,
    /// Byte range in the tidied paragraph.
    pub start: usize,
    /// End of the figure including its unit.
    pub end: usize,
}

impl Figure {
    /// True for money (including a bare zero).
    pub fn is_amount(&self) -> bool {
        matches!(self.kind, FigureKind::Amount(_) | FigureKind::BareZero)
    }

    /// The interval of true values: in 元 for amounts, in percent for percentages.
    pub fn interval(&self) -> Interval {
        self.interval_at(self.decimals)
    }

    /// The interval when the figure is read with `decimals` digits: a narrative that writes
    /// "27 万元" among "68.11 万元" and "117.63 万元" left out the trailing ".00".
    /// Narrative amounts are magnitudes, so a zero stands for `[0, ½ ulp)`.
    pub fn interval_at(&self, decimals: u32) -> Interval {
        let mut i = Interval::rounded(self.value, decimals);
        if i.lo < Decimal::ZERO {
            i.lo = Decimal::ZERO;
            i.lo_open = false;
        }
        match self.kind {
            FigureKind::Amount(u) => i.scale(u.yuan_factor()),
            FigureKind::BareZero => Interval::zero(),
            _ => i,
        }
    }

    /// The unit a money figure is printed in (万元 for a bare zero).
    pub fn unit(&self) -> Unit {
        match self.kind {
            FigureKind::Amount(u) => u,
            _ => Unit::WanYuan,
        }
    }
}

const UNITS: &[(&str, Option<FigureKind>)] = &[
    ("万元", Some(FigureKind::Amount(Unit::WanYuan))),
    ("亿元", Some(FigureKind::Amount(Unit::YiYuan))),
    ("元", Some(FigureKind::Amount(Unit::Yuan))),
    ("%", Some(FigureKind::Percent)),
    ("％", Some(FigureKind::Percent)),
    ("人", Some(FigureKind::Persons)),
    ("名", Some(FigureKind::Persons)),
    ("个", Some(FigureKind::Count)),
    ("辆", Some(FigureKind::Count)),
    ("台", Some(FigureKind::Count)),
    ("家", Some(FigureKind::Count)),
    ("平方米", Some(FigureKind::Count)),
    ("项", Some(FigureKind::Count)),
    ("次", Some(FigureKind::Count)),
    ("分", Some(FigureKind::Count)),
    ("套", Some(FigureKind::Count)),
    ("处", Some(FigureKind::Count)),
    // dates and ordinals: not figures
    ("年", None),
    ("月", None),
    ("日", None),
    ("季度", None),
    ("号", None),
    ("万", None),
    ("千元", None),
];

/// The figures of a tidied paragraph, in order. Numbers without a unit are skipped, except a
/// bare `0` after "为" (zero in any unit); enumerators ("1."), years and dates never count.
pub fn figures(text: &str) -> Vec<Figure> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let prev_ok =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.' || bytes[i - 1] == b',');
        if !(c.is_ascii_digit() && prev_ok) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        while j < bytes.len() {
            let b = bytes[j];
            let separator = (b == b'.' || b == b',') && bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
            if !(b.is_ascii_digit() || separator) {
                break;
            }
            j += 1;
        }
        let num = &text[start..j];
        i = j;
        let Some(n) = parse_number(num) else { continue };
        let rest = &text[j..];
        // page furniture: a page number printed between a figure and its unit ("222.5 27万元"
        // at a page break) or between a word and its figure ("增长4 13.11%")
        if let Some((kind, end)) = unit_after_page_number(text, j, n.decimals) {
            out.push(Figure {
                value: n.value.abs(),
                decimals: n.decimals,
                kind,
                raw: format!("{num}{}", &text[skip_number(text, j + 1)..end]),
                start,
                end,
            });
            i = end;
            continue;
        }
        if page_number_before(text, start, n.decimals) {
            continue;
        }
        // a code in a 功能分类 mark ("司法（06款）", "公共安全支出（204类）") is not a count
        if text[..start].ends_with('（') && ["类）", "款）", "项）"].iter().any(|m| rest.starts_with(m))
        {
            continue;
        }
        let unit = UNITS.iter().find(|(u, _)| rest.starts_with(u));
        // "0.39万（含…）": 万 without 元 before a bracket is money
        let unit = if rest.starts_with("万（") {
            Some(&("万", Some(FigureKind::Amount(Unit::WanYuan))))
        } else {
            unit
        };
        let (kind, end) = match unit {
            Some((u, Some(k))) => (*k, j + u.len()),
            Some((_, None)) => continue,
            None => {
                // a bare zero after "为" followed by punctuation or the end
                let before = text[..start].trim_end();
                let after = rest.chars().next();
                if n.value.is_zero()
                    && before.ends_with('为')
                    && after.is_none_or(|c| matches!(c, '，' | '。' | '；' | '、'))
                {
                    (FigureKind::BareZero, j)
                } else {
                    continue;
                }
            }
        };
        // an enumerator "1." / "2、" directly followed by a unit never happens; a number
        // glued to a preceding CJK ordinal ("第1") is not a figure
        if text[..start].ends_with('第') {
            continue;
        }
        // a bound ("购置成本≤18.69万元", "不超过 800 万元") is a target, not an amount of anything
        let before = text[..start].trim_end();
        if before.ends_with(['≤', '≥', '<', '>', '＜', '＞'])
            || ["不超过", "不高于", "不低于", "控制在"]
                .iter()
                .any(|w| before.ends_with(w))
        {
            continue;
        }
        // a threshold ("单位价值 50 万元以上大型设备") is not an amount of anything
        let after = &text[end..];
        if ["以上", "以下", "（含）", "(含)"]
            .iter()
            .any(|w| after.starts_with(w))
        {
            i = end;
            continue;
        }
        out.push(Figure {
            value: n.value.abs(),
            decimals: n.decimals,
            kind,
            raw: text[start..end].to_string(),
            start,
            end,
        });
        i = end;
    }
    out
}

/// The end of the digit run starting at `i` (digits, `.` and `,` between digits).
fn skip_number(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let mut j = i;
    while j < b.len()
        && (b[j].is_ascii_digit()
            || ((b[j] == b'.' || b[j] == b',') && b.get(j + 1).is_some_and(u8::is_ascii_digit)))
    {
        j += 1;
    }
    j
}

/// The amount unit of a figure without one, when a page number separates them: the figure
/// (with decimals) ends at `j`, then " 27万元" follows, the integer being the page number.
fn unit_after_page_number(text: &str, j: usize, decimals: u32) -> Option<(FigureKind, usize)> {
    if decimals == 0 || !text[j..].starts_with(' ') {
        return None;
    }
    let k = skip_number(text, j + 1);
    let page = &text[j + 1..k];
    if page.is_empty() || page.contains(['.', ',']) || page.len() > 3 {
        return None;
    }
    let rest = &text[k..];
    UNITS.iter().find_map(|(u, kind)| match kind {
        Some(FigureKind::Amount(_)) if rest.starts_with(u) => Some(((*kind)?, k + u.len())),
        _ => None,
    })
}

/// True when the integer at `start` follows another figure and a space ("222 27万元"): which
/// of the two is the page number cannot be told, so neither is read.
fn page_number_before(text: &str, start: usize, decimals: u32) -> bool {
    let before = &text[..start];
    if decimals > 0 || !before.ends_with(' ') {
        return false;
    }
    let prev = before[..before.len() - 1].trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = before.len() - 1 - prev.len();
    digits > 0 && !prev.ends_with(['.', ',']) && !prev.ends_with(|c: char| c.is_ascii_alphanumeric())
}

/// Longest clause (bytes). Real clauses are under 1,000 bytes; a fact keeps the words of its
/// clauses, so a text without full stops must not make every fact hold all of it.
pub const MAX_CLAUSE_BYTES: usize = 2_000;

/// Splits a tidied paragraph into clauses at 。；！？ (byte ranges, punctuation excluded).
pub fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut last_comma = None;
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '；' | '！' | '？') {
            if i > start {
                out.push((start, i));
            }
            start = i + c.len_utf8();
            last_comma = None;
        } else if i - start >= MAX_CLAUSE_BYTES {
            // a clause is at most MAX_CLAUSE_BYTES: cut after its last comma, else here
            let cut = last_comma.filter(|&k| k > start).unwrap_or(i);
            out.push((start, cut));
            start = cut;
            last_comma = None;
        }
        if c == '，' {
            last_comma = Some(i + c.len_utf8());
        }
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out
}

/// True when the text holds at least one CJK ideograph.
pub fn has_cjk(s: &str) -> bool {
    s.chars().any(is_cjk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_joins_spaced_text() {
        assert_eq!(
            tidy("本 年 收 入 合 计 2946.25 万 元 ， 其 中"),
            "本年收入合计2946.25万元，其中"
        );
        assert_eq!(tidy("增长 25.98 %。"), "增长25.98%。");
        assert_eq!(tidy("增长\n4 13.11%"), "增长4 13.11%");
        assert_eq!(tidy("9,101.68万元, 其中(一)"), "9,101.68万元，其中（一）");
    }

    #[test]
    fn figures_with_units() {
        let t = tidy(
            "2019 年收支总预算 858.21 万元，占 40.54%，编制数 20 人，车辆 0 辆，1. 一般 9,101.68万元；为 0，",
        );
        let f = figures(&t);
        let raws: Vec<&str> = f.iter().map(|f| f.raw.as_str()).collect();
        assert_eq!(raws, ["858.21万元", "40.54%", "20人", "0辆", "9,101.68万元", "0"]);
        assert_eq!(f[0].decimals, 2);
        assert_eq!(f[4].value, Decimal::new(910168, 2));
        assert_eq!(f[5].kind, FigureKind::BareZero);
    }

    #[test]
    fn page_numbers_are_not_figures() {
        let t = tidy("因公出国（境）费支出 222.5\n\n 27\n万元，占 26.69%；增长\n4 13.11%；共 12 27万元");
        let raws: Vec<String> = figures(&t).into_iter().map(|f| f.raw).collect();
        assert_eq!(raws, ["222.5万元", "26.69%", "13.11%"]);
        let t = tidy("国内公务接待支出0.39万（含外宾接待支出0.00万元）");
        let raws: Vec<String> = figures(&t).into_iter().map(|f| f.raw).collect();
        assert_eq!(raws, ["0.39万", "0.00万元"]);
        let t = tidy("每辆公务用车购置成本≤18.69万元，费用不超过 800 万元，预算 5 万元");
        let raws: Vec<String> = figures(&t).into_iter().map(|f| f.raw).collect();
        assert_eq!(raws, ["5万元"]);
    }

    #[test]
    fn clause_ranges() {
        let t = "甲。乙；丙";
        let c: Vec<&str> = clauses(t).iter().map(|(a, b)| &t[*a..*b]).collect();
        assert_eq!(c, ["甲", "乙", "丙"]);
    }
}
