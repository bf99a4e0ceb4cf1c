//! Line normalisation: full-width forms, markup from OCR/markdown converters, LaTeX.

/// Normalises one source line, keeping tabs and the character positions of
/// space-aligned text (every replacement keeps one character per character where
/// alignment matters; markup removal only happens on tab-separated or markdown lines).
pub fn normalize_line(line: &str) -> String {
    let mut s: String = line
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
            'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'a' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '－' | '−' => '-',
            '＋' => '+',
            '＜' => '<',
            '＞' => '>',
            '＝' => '=',
            '≧' => '≥',
            '≦' => '≤',
            '\u{00a0}' | '\u{3000}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => ' ',
            '\u{feff}' | '\u{200b}' => ' ',
            '\r' => ' ',
            _ => c,
        })
        .collect();
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

#[cfg(test)]
mod tests {
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
