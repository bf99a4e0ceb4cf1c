//! Line normalisation: full-width forms, markup from OCR/markdown converters, LaTeX.

/// Normalises one source line, keeping tabs and the character positions of
/// space-aligned text (every replacement keeps one character per character where
/// alignment matters; markup removal only happens on tab-separated or markdown lines).
///
/// Nothing that a reader cannot see changes what is read (issue 16: a planted wrong total
/// with an invisible character inside must still be found):
///
/// - full-width and other decimal digit forms (Arabic-Indic `٠`–`٩`, `۰`–`۹`, Devanagari,
///   Bengali, mathematical digits) become ASCII digits; the Arabic decimal and thousands
///   separators become `.` and `,`;
/// - invisible characters ([`is_invisible`]: zero-width spaces and joiners, word joiner,
///   BOM, soft hyphen, bidirectional controls, variation selectors) are removed from the
///   word they sit in, and a space is put before the word instead, so the word keeps its
///   right edge (numbers are placed in columns by their right edge) and the rest of the
///   line keeps its positions;
/// - a no-break or other Unicode space ([`is_unicode_space`]) between digits of a number
///   (`1 234.56`, `2,9 40.05`) is removed the same way; elsewhere it is a space.
pub fn normalize_line(line: &str) -> String {
    let chars: Vec<char> = line.chars().map(fold_char).collect();
    let mut out = String::with_capacity(line.len());
    // the current word (since the last space or tab), the invisible characters in it, and
    // whether it is so far a number's integer part (optional minus, a digit, digits and commas)
    let mut word = String::new();
    let mut hidden = 0usize;
    let mut integer = false;
    for (i, &c) in chars.iter().enumerate() {
        let inside_number = integer && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit());
        if is_invisible(c) || (is_unicode_space(c) && inside_number) {
            hidden += 1;
        } else if c == ' ' || c == '\t' || c == '\r' || is_unicode_space(c) {
            out.extend(std::iter::repeat_n(' ', hidden));
            out.push_str(&word);
            out.push(if c == '\t' { '\t' } else { ' ' });
            word.clear();
            hidden = 0;
            integer = false;
        } else {
            integer = if word.is_empty() || word == "-" {
                c.is_ascii_digit()
            } else {
                integer && (c.is_ascii_digit() || c == ',')
            };
            word.push(c);
        }
    }
    out.extend(std::iter::repeat_n(' ', hidden));
    out.push_str(&word);
    let mut s = out;
    if s.contains('<') {
        s = strip_tags(&s);
    }
    if s.contains('$') || s.contains('\\') {
        s = strip_latex(&s);
    }
    if s.contains("**") {
        s = s.replace("**", "");
    }
    s
}

/// One character's normal form: ASCII for full-width letters, digits and signs, and for
/// every other decimal digit form.
fn fold_char(c: char) -> char {
    match c {
        'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
        'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'a' as u32).unwrap_or(c),
        '．' | '\u{066b}' => '.',
        '\u{066c}' => ',',
        '％' | '\u{066a}' => '%',
        '－' | '−' => '-',
        '＋' => '+',
        '＜' => '<',
        '＞' => '>',
        '＝' => '=',
        '≧' => '≥',
        '≦' => '≤',
        _ => match digit_value(c) {
            Some(d) => char::from(b'0' + d),
            None => c,
        },
    }
}

/// The value of a decimal digit in another script (full-width `０`, Arabic-Indic `٣`,
/// mathematical `𝟑`…); `None` for ASCII digits and everything else.
pub fn digit_value(c: char) -> Option<u8> {
    // the first code point of each run of ten digits 0–9
    const ZEROS: [u32; 15] = [
        0xFF10, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0E50, 0x1040, 0x1D7CE, 0x1D7D8,
        0x1D7E2, 0x1D7EC, 0x1D7F6,
    ];
    let u = c as u32;
    ZEROS
        .iter()
        .find(|z| (**z..**z + 10).contains(&u))
        .map(|z| (u - z) as u8)
}

/// True for characters that take no room when shown: zero-width space, non-joiner and
/// joiner, word joiner and the invisible operators, the byte-order mark, soft hyphen,
/// Arabic letter mark, Mongolian vowel separator, bidirectional marks, embeddings and
/// isolates, combining grapheme joiner, variation selectors.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
    )
}

/// True for the spaces other than ASCII space and tab: no-break spaces (U+00A0, U+202F),
/// the typographic spaces U+2000–U+200A, the medium mathematical space and the
/// ideographic space U+3000.
pub fn is_unicode_space(c: char) -> bool {
    matches!(
        c,
        '\u{00a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Removes HTML-like tags (`<b>`, `</p>`, `<br/>`), keeping the text between them.
/// A `<` that does not open a tag (`<5%`) is kept.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '<' {
            let rest = &chars[i + 1..];
            let is_tag = rest.first().is_some_and(|c| c.is_ascii_alphabetic() || *c == '/')
                && rest.iter().position(|c| *c == '>').is_some_and(|end| {
                    end <= 12
                        && rest[..end]
                            .iter()
                            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | ' ' | '"' | '=' | '-'))
                });
            if is_tag {
                let end = rest.iter().position(|c| *c == '>').unwrap_or(0);
                // a paragraph or line break becomes a space
                let name: String = rest[..end].iter().collect();
                if name.starts_with('p') || name.starts_with("/p") || name.starts_with("br") {
                    out.push(' ');
                }
                i += end + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Turns inline LaTeX such as `$\geq 95\%$` into `≥95%`.
fn strip_latex(s: &str) -> String {
    let mut out = s.to_string();
    for (from, to) in [
        ("\\geqslant", "≥"),
        ("\\leqslant", "≤"),
        ("\\geq", "≥"),
        ("\\leq", "≤"),
        ("\\ge", "≥"),
        ("\\le", "≤"),
        ("\\gt", ">"),
        ("\\lt", "<"),
        ("\\times", "×"),
        ("\\%", "%"),
        ("\\mathrm", ""),
        ("\\text", ""),
    ] {
        out = out.replace(from, to);
    }
    if out.contains('$') {
        // inside $…$ spaces are not meaningful: "≥ 95%" → "≥95%"
        let mut res = String::with_capacity(out.len());
        let mut in_math = false;
        for c in out.chars() {
            match c {
                '$' => in_math = !in_math,
                '{' | '}' if in_math => {}
                ' ' if in_math => {}
                _ => res.push(c),
            }
        }
        out = res;
    }
    out
}

/// Removes markdown heading markers, list bullets and emphasis from a narrative line.
pub fn strip_markdown(line: &str) -> &str {
    let t = line.trim();
    let t = t.trim_start_matches('#').trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    t.trim()
}

/// Removes every whitespace character.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// True for CJK ideographs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF)
}

/// Removes spaces between CJK characters ("收 入 总 计" → "收入总计") and trims.
pub fn tidy_label(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let keep = match (prev, next) {
                (Some(p), Some(n)) => !(is_cjk(p) || is_cjk(*n) || is_cjk_punct(p) || is_cjk_punct(*n)),
                _ => false,
            };
            if keep && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x201C | 0x201D)
}

/// Rejoins numbers a narrow column wrapped over two lines: "168,441" on one line and its
/// decimals ".81" on the next, under the number's right end (`pdftotext -layout` text of a
/// PDF whose cells wrap). The decimals are moved up to the number, which keeps its right edge
/// (the characters before it must be spaces), and left as spaces below, so every other
/// character keeps its line and column. Tab-separated lines are left alone.
pub fn rejoin_split_numbers(text: &str) -> std::borrow::Cow<'_, str> {
    // a line ".81" or ".22 一、…": a token of a point and one or two digits
    let is_tail = |t: &str| {
        let mut c = t.chars();
        c.next() == Some('.') && {
            let rest: Vec<char> = c.collect();
            (1..=2).contains(&rest.len()) && rest.iter().all(char::is_ascii_digit)
        }
    };
    if !text
        .split('\n')
        .any(|l| !l.contains('\t') && tokens(l).iter().any(|&(_, _, t)| is_tail(t)))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    // an integer as printed: digits, or groups of three after a comma
    let is_integer = |t: &str| {
        let t = t.strip_prefix('-').unwrap_or(t);
        let groups: Vec<&str> = t.split(',').collect();
        !t.is_empty()
            && groups
                .iter()
                .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
            && groups.iter().skip(1).all(|g| g.len() == 3)
            && groups[0].len() <= if groups.len() > 1 { 3 } else { 15 }
    };
    let mut lines: Vec<Vec<char>> = text.split('\n').map(|l| l.chars().collect()).collect();
    for j in 1..lines.len() {
        let (above, below) = lines.split_at_mut(j);
        let (prev, line) = (&mut above[j - 1], &mut below[0]);
        if line.contains(&'\t') || prev.contains(&'\t') {
            continue;
        }
        let here: String = line.iter().collect();
        let up: String = prev.iter().collect();
        let numbers: Vec<(usize, usize, String)> = tokens(&up)
            .into_iter()
            .filter(|&(_, _, t)| is_integer(t))
            .map(|(s, e, t)| (s, e, t.to_string()))
            .collect();
        for (s, e, tail) in tokens(&here) {
            if !is_tail(tail) {
                continue;
            }
            // the number whose right end is just left of, or at, the decimals' right end
            let Some((ns, ne, n)) = numbers
                .iter()
                .find(|(ns, ne, _)| e + 1 >= *ne && e <= ne + 3 && s + 1 >= *ns)
                .cloned()
            else {
                continue;
            };
            let joined: Vec<char> = format!("{n}{tail}").chars().collect();
            let blank = |r: std::ops::Range<usize>, line: &[char]| {
                r.into_iter()
                    .all(|i| line.get(i).is_none_or(|c| c.is_whitespace()))
            };
            // the number keeps its right edge when there is room on its left (a space kept
            // before it), else it keeps its left edge when there is room on its right
            let grown = joined.len() - (ne - ns);
            let start = match ns.checked_sub(grown + 1) {
                Some(left) if blank(left..ns, prev) => ns - grown,
                _ if blank(ne..ne + grown + 1, prev) => ns,
                _ => continue,
            };
            let end = start + joined.len();
            if prev.len() < end {
                prev.resize(end, ' ');
            }
            // the number's old characters are covered: the joined one spans them
            prev[start..end].copy_from_slice(&joined);
            for c in &mut line[s..e] {
                *c = ' ';
            }
        }
    }
    let out: Vec<String> = lines.into_iter().map(|l| l.into_iter().collect()).collect();
    std::borrow::Cow::Owned(out.join("\n"))
}

/// The whitespace-separated tokens of a line with their character ranges.
fn tokens(line: &str) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (char index, byte index)
    let mut chars = 0usize;
    for (b, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some((cs, bs)) = start.take() {
                out.push((cs, chars, &line[bs..b]));
            }
        } else if start.is_none() {
            start = Some((chars, b));
        }
        chars += 1;
    }
    if let Some((cs, bs)) = start {
        out.push((cs, chars, &line[bs..]));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_wrapped_over_two_lines_are_rejoined() {
        let text = "       合   计                   168,441\n                                     .81            合   计                168,441\n                                                                               .81\n";
        let out = rejoin_split_numbers(text);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(lines[0], "       合   计                168,441.81");
        assert_eq!(
            lines[1].trim_end(),
            "                                                    合   计             168,441.81"
        );
        assert!(lines[2].trim().is_empty());
        assert_eq!(out.split('\n').count(), text.split('\n').count());
        // a number with its decimals, a tail under nothing, tab-separated text: as they are
        for t in [
            "  12.50\n    .81\n",
            "abc\n   .5\n",
            "1\t2\n\t.5\n",
            "合计 7\n     .09\n",
        ] {
            assert_eq!(rejoin_split_numbers(t), t, "{t:?}");
        }
        // the number keeps its right edge; the decimals must sit under its right end
        assert_eq!(
            rejoin_split_numbers("      7\n      .09\n"),
            "   7.09\n         \n"
        );
        // no room on the left (a label three spaces before it): it grows to the right
        assert_eq!(
            rejoin_split_numbers("货物   5,242\n         .52\n"),
            "货物   5,242.52\n            \n"
        );
    }

    use super::*;

    #[test]
    fn markup_and_latex() {
        assert_eq!(normalize_line("<b>预算单位</b>\tx"), "预算单位\tx");
        assert_eq!(
            normalize_line("用户使用满意度\t$\\geq 95\\%$"),
            "用户使用满意度\t≥95%"
        );
        assert_eq!(normalize_line("网络正常率\t<5%"), "网络正常率\t<5%");
        assert_eq!(normalize_line("１２．５％"), "12.5%");
        assert_eq!(
            normalize_line("#### **第四部分 名词解释**"),
            "#### 第四部分 名词解释"
        );
    }

    #[test]
    fn labels() {
        assert_eq!(tidy_label(" 收 入 总 计 "), "收入总计");
        assert_eq!(tidy_label("因 公 出 国 （ 境 ） 费"), "因公出国（境）费");
        assert_eq!(tidy_label("PC 服务器"), "PC服务器");
        assert_eq!(tidy_label("Word  Excel"), "Word Excel");
    }
}
