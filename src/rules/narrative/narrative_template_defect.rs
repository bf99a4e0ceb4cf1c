use crate::model::DocKind;
use crate::narrative::lex::tidy;
use crate::parse::normalize::is_cjk;
use crate::report::Severity;
use crate::rules::narrative::{fail, text_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 套用模板留下的缺陷 (defects left over from the template):
    /// - 占位符：“XX局”“××”“待填写”“待补充”，模板的两种写法并列“增加（减少）”“增长（下降）”（警告）；
    /// - 空的解释：“主要原因是。”“主要用于。”（警告）；
    /// - 比较没有对象：“比减少 33.79 万元”（警告）；
    /// - 与自己比较：2024 年的公开写“与 2024 年度相比”（错误）；
    /// - 年份不对：2024 年公开里的“2023 年部门决算”标题，决算的资产数据“截至 2023 年 12 月 31 日”，
    ///   预算的资产数据不是上年或本年（警告）。
    ///
    /// Headings, paragraphs and table titles are scanned.
    ///
    /// ## Severity
    /// Error for comparing a year with itself ("2026 年的文件写“比2026年预算增加”"): as printed the
    /// comparison cannot be right. Warning for drafting defects: a placeholder left in ("XX局",
    /// the template's alternatives "增加（减少）"), an empty reason ("主要原因是。"), a comparison
    /// without its object, a year copied from another year's file (docs/severity.md).
    ///
    /// ## Why it matters
    /// 模板残留说明文字没有人认真核对过，也会让公众怀疑其他数字的可靠性。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-template-defect/fail_same_year.md`
    /// (普陀区司法局 2026：2026 年的预算写“比2026年预算增加793.14万元”);
    /// `warn_placeholder.md` (普陀区财政局 2024 决算改动版：“上海市普陀区XX局”).
    ///
    /// ## Known limitations
    /// A department name that is real but belongs to another department (copied from a
    /// neighbour's disclosure) is not detected.
    pub static NARRATIVE_TEMPLATE_DEFECT = {
        code: "NR007",
        name: "narrative-template-defect",
        title_zh: "说明中有模板残留",
        title_en: "Template leftovers in the text",
        family: Narrative,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2016〕143号：部门预决算公开内容应真实、准确、完整"],
        since: "0.1.0",
        check: check,
    };
}

/// A run of placeholder characters (XX, ××, ＊＊) next to Chinese text.
fn placeholder(t: &str) -> Option<String> {
    for w in ["待填写", "待补充", "待定金额", "（单位名称）", "（部门名称）"] {
        if t.contains(w) {
            return Some(w.to_string());
        }
    }
    // the template's alternatives left side by side: "增加（减少）", "增长（下降）"
    const UP: [&str; 3] = ["增加", "增长", "上升"];
    const DOWN: [&str; 3] = ["减少", "下降", "降低"];
    for a in UP.iter().chain(DOWN.iter()) {
        let opposite: &[&str] = if UP.contains(a) { &DOWN } else { &UP };
        for b in opposite {
            let w = format!("{a}（{b}）");
            if t.contains(&w) {
                return Some(w);
            }
        }
    }
    let chars: Vec<char> = t.chars().collect();
    let is_x = |c: char| matches!(c, 'X' | 'x' | '×' | 'Ｘ' | 'ｘ' | '＊' | '*');
    let mut i = 0;
    while i < chars.len() {
        if is_x(chars[i]) {
            let start = i;
            while i < chars.len() && is_x(chars[i]) {
                i += 1;
            }
            let run = i - start;
            let before = start.checked_sub(1).map(|k| chars[k]);
            let after = chars.get(i).copied();
            let cjk_near = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            let alnum_near = before.is_some_and(|c| c.is_ascii_alphanumeric())
                || after.is_some_and(|c| c.is_ascii_alphanumeric());
            if run >= 2 && cjk_near && !alnum_near {
                let from = start.saturating_sub(6);
                let to = (i + 6).min(chars.len());
                return Some(chars[from..to].iter().collect());
            }
        } else {
            i += 1;
        }
    }
    None
}

/// "主要原因是。" — an explanation with nothing in it.
fn empty_explanation(t: &str) -> Option<String> {
    for head in ["主要原因", "原因是", "主要用于"] {
        for (i, _) in t.match_indices(head) {
            let rest = &t[i + head.len()..];
            let rest = rest.trim_start_matches(['是', '为', '：']);
            if rest.starts_with('。') || rest.starts_with('；') {
                let end =
                    (i + head.len() + (t.len() - i - head.len() - rest.len()) + '。'.len_utf8()).min(t.len());
                return Some(t[i..end].to_string());
            }
        }
    }
    None
}

/// "比减少" with no comparison object.
fn missing_object(t: &str) -> Option<String> {
    for w in ["比减少", "比增加", "比下降", "比增长"] {
        for (i, _) in t.match_indices(w) {
            let before = &t[..i];
            if !(before.ends_with('相') || before.ends_with('同') || before.ends_with('对')) {
                return Some(w.to_string());
            }
        }
    }
    None
}

/// Four-digit years followed by `what` ("年度相比" …): (year, byte offset).
fn years(t: &str) -> Vec<(u16, usize)> {
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
            && t[i + 4..].starts_with('年')
        {
            if let Ok(y) = t[i..i + 4].parse::<u16>() {
                out.push((y, i));
            }
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

fn year_problem(t: &str, year: u16, kind: DocKind) -> Option<(Severity, String, String)> {
    for (y, i) in years(t) {
        let before = &t[..i];
        let after = &t[i + 4..];
        let after = after.trim_start_matches('年').trim_start_matches('度');
        if y == year
            && (before.ends_with("与") && after.starts_with("相比")
                || before.ends_with('比') && !before.ends_with("相比"))
        {
            return Some((
                Severity::Error,
                format!("与本年（{y} 年）自身比较：“{}”", excerpt(t, i)),
                format!("compares {y} with itself"),
            ));
        }
        if y != year
            && (after.starts_with("部门预算") || after.starts_with("部门决算"))
            && !before.ends_with('比')
            && !before.ends_with('与')
        {
            return Some((
                Severity::Warning,
                format!(
                    "{year} 年的公开文件写成“{y} 年{}”：“{}”",
                    &after[..after.len().min("部门预算".len())],
                    excerpt(t, i)
                ),
                format!("a {year} disclosure says \"{y}\" in \"{}\"", excerpt(t, i)),
            ));
        }
        if before.ends_with("截至") || before.ends_with("截止") || before.ends_with("截至到") {
            let expected: &[u16] = match kind {
                DocKind::FinalAccount => &[year],
                _ => &[year.saturating_sub(1), year],
            };
            if !expected.contains(&y) {
                return Some((
                    Severity::Warning,
                    format!(
                        "{} {year} 年的资产等数据应截至{}，这里写“{}”",
                        if kind == DocKind::FinalAccount {
                            "决算"
                        } else {
                            "预算"
                        },
                        if kind == DocKind::FinalAccount {
                            format!(" {year} 年底")
                        } else {
                            format!(" {} 年", year - 1)
                        },
                        excerpt(t, i)
                    ),
                    format!("the data are dated {y} in a {year} disclosure"),
                ));
            }
        }
    }
    None
}

fn excerpt(t: &str, at: usize) -> String {
    let start = t[..at].char_indices().rev().nth(6).map(|(i, _)| i).unwrap_or(0);
    t[start..].chars().take(24).collect()
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &NARRATIVE_TEMPLATE_DEFECT;
    let doc = ctx.doc;
    // every text the reader sees: headings, paragraphs, table titles
    let mut texts: Vec<(usize, u32, String)> = Vec::new();
    for (si, s) in doc.sections.iter().enumerate() {
        texts.push((si, s.line, tidy(&s.heading)));
        for p in &s.paragraphs {
            texts.push((si, p.line, tidy(&p.text)));
        }
    }
    for t in &doc.tables {
        texts.push((usize::MAX, t.line, tidy(&t.title)));
    }
    texts.sort_by_key(|(_, l, _)| *l);
    let before = out.findings.len();
    let mut seen = std::collections::HashSet::new();
    let mut report = |out: &mut Sink,
                      si: usize,
                      line: u32,
                      text: &str,
                      severity: Severity,
                      what: (String, String),
                      msg: (String, String)| {
        if !seen.insert((line, what.0.clone())) {
            return;
        }
        fail(
            out,
            rule,
            severity,
            what,
            msg,
            None,
            vec![text_location(ctx, si, line, text, "narrative")],
        );
    };
    for (si, line, t) in &texts {
        if let Some(p) = placeholder(t) {
            report(
                out,
                *si,
                *line,
                t,
                Severity::Warning,
                ("模板占位符".into(), "template placeholder".into()),
                (
                    format!("文中留有模板占位符：“{p}”"),
                    format!("a template placeholder was left in the text: \"{p}\""),
                ),
            );
        }
        if let Some(e) = empty_explanation(t) {
            report(
                out,
                *si,
                *line,
                t,
                Severity::Warning,
                ("空的解释".into(), "empty explanation".into()),
                (
                    format!("解释没有内容：“{e}”"),
                    format!("an explanation with nothing in it: \"{e}\""),
                ),
            );
        }
        if let Some(w) = missing_object(t) {
            report(
                out,
                *si,
                *line,
                t,
                Severity::Warning,
                ("比较没有对象".into(), "comparison without an object".into()),
                (
                    format!("“{w}”缺少比较对象（比上年预算？比上年执行数？）"),
                    format!("\"{w}\" does not say what it is compared with"),
                ),
            );
        }
        if let Some(year) = doc.year {
            if let Some((severity, zh, en)) = year_problem(t, year, doc.kind) {
                report(
                    out,
                    *si,
                    *line,
                    t,
                    severity,
                    ("年份".into(), "year".into()),
                    (zh, en),
                );
            }
        }
    }
    if out.findings.len() == before {
        out.pass(
            rule,
            (
                "没有模板残留（占位符、空解释、缺少比较对象、年份错误）".into(),
                "no template leftovers".into(),
            ),
            Vec::new(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_placeholders_not_roman_numerals() {
        assert!(placeholder("上海市普陀区XX局2024年度部门决算表").is_some());
        assert!(placeholder("支出××万元").is_some());
        assert!(placeholder("XXI世纪").is_none());
        assert!(placeholder("Windows XP").is_none());
        assert_eq!(
            placeholder("与上年相比增加（减少）0万元，增长（减少）0%").as_deref(),
            Some("增加（减少）")
        );
        assert!(placeholder("比上年增加（主要是人员增加）").is_none());
    }

    #[test]
    fn finds_empty_explanations_and_missing_objects() {
        assert!(empty_explanation("增加 5 万元，主要原因是。").is_some());
        assert!(empty_explanation("主要原因：基本支出中人员进出").is_none());
        assert!(missing_object("基本支出 347.90 万元，比减少 33.79 万元").is_some());
        assert!(missing_object("与上年相比减少").is_none());
    }

    #[test]
    fn finds_year_problems() {
        assert!(year_problem("与2024年度相比，收入减少", 2024, DocKind::FinalAccount).is_some());
        assert!(year_problem("与2023年度相比，收入减少", 2024, DocKind::FinalAccount).is_none());
        assert!(year_problem("截至2023年12月31日，共有车辆", 2024, DocKind::FinalAccount).is_some());
        assert!(year_problem("截至2024年12月31日，共有车辆", 2024, DocKind::FinalAccount).is_none());
        assert!(year_problem("截至2023年8月31日，共有车辆", 2024, DocKind::Budget).is_none());
        assert!(year_problem("上海市普陀区财政局2023年度部门决算", 2024, DocKind::FinalAccount).is_some());
    }
}
