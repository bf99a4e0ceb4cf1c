//! Spreadsheet numbers as they are displayed: an Excel number format (`0.00`, `#,##0.00`,
//! `0.00_ ;[Red]-0.00`, accounting formats, `G/通用格式`…) applied to a cell's value.
//!
//! Values are never formatted through float arithmetic. A stored `f64` is first read as the
//! decimal with 15 significant digits that Excel itself shows (so `0.1 + 0.2` is `0.3` and
//! `2940.0499999999997` is `2940.05`), then rounded half away from zero (四舍五入) to the
//! format's decimals, exactly, in [`Decimal`].

use rust_decimal::{Decimal, RoundingStrategy};

/// The decimal an `f64` stands for, to 15 significant digits (what Excel displays and
/// computes with). `None` for NaN, infinities and magnitudes a [`Decimal`] cannot hold.
pub fn decimal_from_f64(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    // exact decimal rounding of the binary value (std's formatting is exact)
    let s = format!("{v:.14e}");
    let d = Decimal::from_scientific(&s).ok()?;
    Some(d.normalize())
}

/// Excel's built-in number formats by id (the ones a file may reference without declaring
/// them). Date formats of the Chinese locale (27–36, 50–58) are dates.
pub fn builtin(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        5 => "\"¥\"#,##0;\"¥\"-#,##0",
        6 => "\"¥\"#,##0;[Red]\"¥\"-#,##0",
        7 => "\"¥\"#,##0.00;\"¥\"-#,##0.00",
        8 => "\"¥\"#,##0.00;[Red]\"¥\"-#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "yyyy/m/d",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "yyyy/m/d h:mm",
        27..=36 | 50..=58 => "yyyy\"年\"m\"月\"d\"日\"",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
        42 => "_(\"¥\"* #,##0_);_(\"¥\"* (#,##0);_(\"¥\"* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
        44 => "_(\"¥\"* #,##0.00_);_(\"¥\"* (#,##0.00);_(\"¥\"* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mm:ss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

/// A format's sections (`positive;negative;zero;text`), split outside quotes and brackets.
fn sections(fmt: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for (i, c) in fmt.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !quoted => escaped = true,
            '"' if !bracket => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            ';' if !quoted && !bracket => {
                out.push(&fmt[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&fmt[start..]);
    out
}

/// One section, reduced to what matters here.
#[derive(Debug, Default)]
struct Section {
    /// Digit placeholders seen (0, #, ?).
    digits: bool,
    /// `0` placeholders (digits always shown).
    zeros: u32,
    /// Placeholders after the decimal point, and how many of them are `0` (always shown).
    max_decimals: u32,
    min_decimals: u32,
    /// Thousands separators between integer placeholders.
    grouping: bool,
    /// Trailing commas: each divides by 1000.
    scale_thousands: u32,
    /// `%` signs: each multiplies by 100.
    percent: u32,
    /// Scientific notation or fractions: shown as General.
    general: bool,
    /// A date or time format.
    date: bool,
    /// Literal text (quoted strings, escaped characters, other characters).
    literal: String,
}

fn parse_section(s: &str) -> Section {
    let mut sec = Section::default();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut after_point = false;
    let mut pending_commas = 0u32;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    sec.literal.push(chars[j]);
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    sec.literal.push(n);
                }
                i += 2;
                continue;
            }
            // padding and fill: the next character is layout only
            '_' | '*' => {
                i += 2;
                continue;
            }
            '[' => {
                let end = chars[i..].iter().position(|&c| c == ']').map(|p| i + p);
                let inner: String = match end {
                    Some(e) => chars[i + 1..e].iter().collect(),
                    None => String::new(),
                };
                // elapsed-time codes ([h], [mm], [ss]) are times; colours, locales and
                // conditions are not shown
                let lower = inner.to_ascii_lowercase();
                if !lower.is_empty() && lower.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    sec.date = true;
                }
                i = end.map_or(chars.len(), |e| e + 1);
                continue;
            }
            '0' | '#' | '?' => {
                if pending_commas > 0 && !after_point {
                    sec.grouping = true;
                }
                pending_commas = 0;
                sec.digits = true;
                if c == '0' {
                    sec.zeros += 1;
                }
                if after_point {
                    sec.max_decimals += 1;
                    if c == '0' {
                        sec.min_decimals += 1;
                    }
                }
            }
            '.' if sec.digits || chars.get(i + 1).is_some_and(|n| matches!(n, '0' | '#' | '?')) => {
                after_point = true;
                if pending_commas > 0 {
                    sec.scale_thousands += pending_commas;
                    pending_commas = 0;
                }
            }
            ',' if sec.digits => pending_commas += 1,
            '%' => sec.percent += 1,
            'E' | 'e' if sec.digits && matches!(chars.get(i + 1), Some('+') | Some('-')) => {
                sec.general = true;
            }
            '/' if sec.digits => sec.general = true,
            'y' | 'Y' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => sec.date = true,
            'm' | 'M' if !sec.digits => sec.date = true,
            'A' | 'a'
                if chars[i..]
                    .iter()
                    .collect::<String>()
                    .to_ascii_uppercase()
                    .starts_with("AM/PM") =>
            {
                sec.date = true;
                i += 5;
                continue;
            }
            'B' | 'b' if chars.get(i + 1).is_some_and(|n| matches!(n, '1' | '2')) => {
                sec.date = true;
                i += 2;
                continue;
            }
            '@' => {}
            _ => sec.literal.push(c),
        }
        i += 1;
    }
    if pending_commas > 0 && sec.digits {
        sec.scale_thousands += pending_commas;
    }
    sec
}

/// A number as a cell with format `fmt` shows it. `date1904`: the workbook counts dates from
/// 1904. Returns the text and whether it is a number (`false` for dates, and for a section
/// that prints only text, such as the accounting formats' `-` for zero).
pub fn display(value: Decimal, fmt: &str, date1904: bool) -> (String, bool) {
    let fmt = fmt.trim();
    if is_general(fmt) {
        return (general(value), true);
    }
    let secs = sections(fmt);
    // a format with a condition ([>=100]) is rare in these files: treat like General
    if secs.iter().any(|s| has_condition(s)) {
        return (general(value), true);
    }
    let (raw, abs) = if value.is_sign_negative() && !value.is_zero() && secs.len() >= 2 {
        (secs[1], true)
    } else if value.is_zero() && secs.len() >= 3 {
        (secs[2], false)
    } else {
        (secs[0], false)
    };
    let sec = parse_section(raw);
    if sec.date {
        return match date_time(value, date1904) {
            Some(t) => (t, false),
            None => (general(value), true),
        };
    }
    if !sec.digits {
        let lit = sec.literal.trim();
        // "@" (text) and empty sections show the number as General
        if lit.is_empty() {
            return (general(value), true);
        }
        return (lit.to_string(), false);
    }
    if sec.general {
        return (general(value), true);
    }
    let mut v = if abs { value.abs() } else { value };
    // every % multiplies by 100; a format with more of them than a Decimal can take
    // (fuzzing found `%` × 20) shows the value as General
    for _ in 0..sec.percent {
        match v.checked_mul(Decimal::ONE_HUNDRED) {
            Some(x) => v = x,
            None => return (general(value), true),
        }
    }
    for _ in 0..sec.scale_thousands {
        v /= Decimal::ONE_THOUSAND;
    }
    let rounded = v.round_dp_with_strategy(sec.max_decimals, RoundingStrategy::MidpointAwayFromZero);
    // a zero under placeholders that only show significant digits (`#`, `?`) prints no
    // digits: what is left is the section's text (the accounting formats' "-")
    if rounded.is_zero() && sec.zeros == 0 {
        return (sec.literal.trim().to_string(), false);
    }
    let mut s = plain(rounded.abs(), sec.max_decimals, sec.min_decimals, sec.grouping);
    // the negative section prints its own sign or brackets: always show a minus instead,
    // which the parser reads (a red or bracketed amount is negative)
    if value.is_sign_negative() && !rounded.is_zero() {
        s.insert(0, '-');
    }
    if sec.percent > 0 {
        s.push('%');
    }
    (s, true)
}

fn has_condition(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        let after = &rest[i + 1..];
        if after.starts_with(['<', '>', '=']) {
            return true;
        }
        rest = after;
    }
    false
}

fn is_general(fmt: &str) -> bool {
    fmt.is_empty()
        || fmt.eq_ignore_ascii_case("general")
        || fmt == "G/通用格式"
        || fmt.eq_ignore_ascii_case("@")
        || fmt.eq_ignore_ascii_case("standard")
}

/// Excel's General format, without its column-width truncation: the 15-significant-digit
/// value, trailing zeros removed, never in exponent form.
pub fn general(value: Decimal) -> String {
    let v = value.normalize();
    if v.is_zero() {
        return "0".to_string();
    }
    v.to_string()
}

/// Most decimals printed.
const MAX_DECIMALS: u32 = 15;

/// `value` (non-negative, already rounded) with between `min` and `max` decimals and
/// optional thousands separators. At least one integer digit is printed ("0.50", not ".50").
fn plain(value: Decimal, max: u32, min: u32, grouping: bool) -> String {
    // Excel shows 15 significant digits; more decimals than that only pad with zeros, and
    // a Decimal with a scale near 28 can fail to print (fuzzing found `#0.0…0` with 30 zeros)
    let (max, min) = (max.min(MAX_DECIMALS), min.min(MAX_DECIMALS));
    let mut v = value;
    v.rescale(max);
    let s = v.to_string();
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    let mut frac = frac;
    while frac.len() > min as usize && frac.ends_with('0') {
        frac.pop();
    }
    let int = if grouping { group(&int) } else { int };
    if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    }
}

fn group(int: &str) -> String {
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    out
}

/// A serial date/time as `yyyy-mm-dd`, `hh:mm:ss` or both (the format decides which parts).
fn date_time(value: Decimal, date1904: bool) -> Option<String> {
    if value.is_sign_negative() || value > Decimal::from(2_958_465) {
        return None;
    }
    let days = value.trunc();
    let frac = value - days;
    let days: i64 = days.try_into().ok()?;
    let seconds: i64 = (frac * Decimal::from(86_400))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .try_into()
        .ok()?;
    let date = if date1904 {
        civil(days + days_from_civil(1904, 1, 1))
    } else if days == 0 {
        None
    } else if days == 60 {
        Some((1900, 2, 29)) // Excel's phantom leap day
    } else if days < 60 {
        civil(days + days_from_civil(1899, 12, 31))
    } else {
        civil(days + days_from_civil(1899, 12, 30))
    };
    let time = (seconds > 0).then(|| {
        let s = seconds.min(86_399);
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    });
    match (date, time) {
        (Some((y, m, d)), Some(t)) => Some(format!("{y:04}-{m:02}-{d:02} {t}")),
        (Some((y, m, d)), None) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (None, Some(t)) => Some(t),
        (None, None) => Some("00:00:00".to_string()),
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
fn civil(z: i64) -> Option<(i64, i64, i64)> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some((y, m, d))
}

/// Decodes an RK number (.xls and .xlsb) exactly (integers and hundredths without floating point).
pub fn rk(v: u32) -> Option<Decimal> {
    let div100 = v & 1 != 0;
    let d = if v & 2 != 0 {
        Decimal::from((v as i32) >> 2)
    } else {
        decimal_from_f64(f64::from_bits(u64::from(v & 0xFFFF_FFFC) << 32))?
    };
    Some(if div100 { d / Decimal::ONE_HUNDRED } else { d })
}

/// The text Excel shows for an error code (.xls and .xlsb).
pub fn error_text(code: u8) -> &'static str {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        _ => "#ERR",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(v: f64, fmt: &str) -> String {
        display(decimal_from_f64(v).unwrap(), fmt, false).0
    }

    #[test]
    fn float_artifacts_never_show() {
        assert_eq!(general(decimal_from_f64(0.1 + 0.2).unwrap()), "0.3");
        assert_eq!(general(decimal_from_f64(2940.0499999999997).unwrap()), "2940.05");
        assert_eq!(general(decimal_from_f64(3.0).unwrap()), "3");
        assert_eq!(general(decimal_from_f64(-0.5).unwrap()), "-0.5");
        assert_eq!(general(decimal_from_f64(12_029_501.84).unwrap()), "12029501.84");
        assert_eq!(general(decimal_from_f64(1e-7).unwrap()), "0.0000001");
        assert!(decimal_from_f64(f64::NAN).is_none());
        assert!(decimal_from_f64(1e40).is_none());
    }

    #[test]
    fn formats() {
        assert_eq!(show(3.54, "0.00"), "3.54");
        assert_eq!(show(3.5, "0.00"), "3.50");
        assert_eq!(show(3.0, "0.00"), "3.00");
        assert_eq!(show(2940.045, "0.00"), "2940.05"); // binary 2940.04499… shows as Excel does
        assert_eq!(show(2.675, "0.00"), "2.68");
        assert_eq!(show(1234567.891, "#,##0.00"), "1,234,567.89");
        assert_eq!(show(-1234.5, "#,##0.00;[Red]-#,##0.00"), "-1,234.50");
        assert_eq!(show(-1234.5, "#,##0.00;[Red]#,##0.00"), "-1,234.50");
        assert_eq!(show(-1234.5, "#,##0.00_);(#,##0.00)"), "-1,234.50");
        assert_eq!(
            show(0.0, "_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * \"-\"??_ ;_ @_ "),
            "-"
        );
        assert_eq!(
            show(12.5, "_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * \"-\"??_ ;_ @_ "),
            "12.50"
        );
        assert_eq!(show(0.1234, "0.00%"), "12.34%");
        assert_eq!(show(3.5, "0.0#"), "3.5");
        assert_eq!(show(3.456, "0.0#"), "3.46");
        assert_eq!(show(3.0, "#.##"), "3");
        assert_eq!(show(0.5, "#.00"), "0.50");
        assert_eq!(show(1234.5, "0.00\"万元\""), "1234.50");
        assert_eq!(show(1234.5, "\"¥\"#,##0.00"), "1,234.50");
        assert_eq!(show(1_234_500.0, "#,##0.0,"), "1,234.5");
        assert_eq!(show(1234.5, "0.00_ "), "1234.50");
        assert_eq!(show(1234.5, "G/通用格式"), "1234.5");
        assert_eq!(show(1234.5, "[$-804]#,##0.00"), "1,234.50");
        assert_eq!(show(1234.5, "0.00E+00"), "1234.5");
        assert_eq!(show(-0.001, "0.00"), "0.00");
    }

    #[test]
    fn dates() {
        assert_eq!(display(Decimal::from(43466), "yyyy/m/d", false).0, "2019-01-01");
        assert_eq!(
            display(Decimal::from(43466), "yyyy\"年\"m\"月\"d\"日\"", false).0,
            "2019-01-01"
        );
        assert_eq!(display(Decimal::from(1), "yyyy/m/d", false).0, "1900-01-01");
        assert_eq!(display(Decimal::from(61), "yyyy/m/d", false).0, "1900-03-01");
        assert_eq!(display(Decimal::from(0), "yyyy/m/d", true).0, "1904-01-01");
        assert_eq!(display(Decimal::new(5, 1), "h:mm", false).0, "12:00:00");
        assert!(!display(Decimal::from(43466), "yyyy/m/d", false).1);
        assert_eq!(builtin(14), Some("yyyy/m/d"));
    }

    #[test]
    fn many_percent_signs_do_not_overflow() {
        // fuzz/artifacts/numfmt/crash-7507a9a3…: 20 `%` multiply by 10^40
        let v = decimal_from_f64(0.000_238_392_880_305_582_37).unwrap();
        let fmt = format!("#?/?{}", "%".repeat(20));
        let (s, number) = display(v, &fmt, false);
        assert!(number && !s.is_empty(), "{s}");
        assert!(display("0.12345".parse().unwrap(), "0.00%%", false)
            .0
            .starts_with("1234.50"));
    }

    #[test]
    fn very_many_decimals_print() {
        // fuzz/artifacts/numfmt/crash-d5f9c156…: Decimal::to_string failed at scale 28
        let b: [u8; 74] = [
            73, 225, 17, 88, 190, 190, 190, 190, 35, 48, 46, 64, 35, 44, 35, 190, 190, 190, 35, 20, 174, 174,
            209, 138, 64, 35, 44, 35, 35, 48, 46, 64, 35, 44, 35, 35, 48, 46, 44, 35, 35, 44, 48, 35, 48, 48,
            35, 46, 46, 48, 92, 194, 194, 194, 48, 48, 44, 35, 35, 35, 48, 46, 44, 35, 35, 44, 48, 35, 48,
            48, 35, 46, 46, 41,
        ];
        let v = f64::from_le_bytes(b[..8].try_into().unwrap());
        let d = decimal_from_f64(v).unwrap();
        let (s, _) = display(d, &String::from_utf8_lossy(&b[8..]), false);
        assert!(!s.is_empty());
        let fmt = format!("0.{}", "0".repeat(30));
        for v in ["0", "0.5", "123456789.123", "7922816251426433759354395033"] {
            let (s, _) = display(v.parse().unwrap(), &fmt, false);
            assert!(s.starts_with(v.split('.').next().unwrap()), "{v}: {s}");
        }
        assert_eq!(
            display("0.5".parse().unwrap(), &fmt, false).0,
            format!("0.5{}", "0".repeat(14))
        );
    }
}
