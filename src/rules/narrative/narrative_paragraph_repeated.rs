use std::collections::HashMap;

use crate::narrative::lex::tidy;
use crate::report::Severity;
use crate::rules::narrative::{fail, text_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 同一部分里重复印出的段落 (paragraphs printed twice within one section): a paragraph of at
    /// least [`MIN_CHARS`] characters whose words (spaces ignored) are those of a paragraph printed
    /// earlier under the same heading. A run of repeated paragraphs is one finding, located at
    /// the first repeated paragraph, naming where the original run starts.
    ///
    /// Only repeats under the same heading count: the 财政拨款支出 and 一般公共预算支出 sections
    /// of a Jiangsu disclosure describe the same items in the same words by design.
    ///
    /// ## Severity
    /// Warning: a drafting defect (docs/severity.md) — the text was pasted twice, no number is
    /// wrong because of it, but a reader cannot tell whether a second, different paragraph was
    /// meant to stand there.
    ///
    /// ## Why it matters
    /// 重复的段落说明文字没有经过校对；有时被重复覆盖掉的正是应当说明的另一项内容。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-paragraph-repeated/warn_repeated_items.md`
    /// (普陀区财政局 2025 预算：第 7–11 项的说明在同一部分里印了两遍).
    ///
    /// ## Known limitations
    /// A repeat that differs by one character (a figure changed, a typo fixed) is not a repeat
    /// here; a paragraph that the PDF reader split differently the second time is not matched.
    pub static NARRATIVE_PARAGRAPH_REPEATED = {
        code: "NR010",
        name: "narrative-paragraph-repeated",
        title_zh: "说明中有重复印出的段落",
        title_en: "A paragraph is printed twice",
        family: Narrative,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2016〕143号：部门预决算公开内容应真实、准确、完整"],
        since: "0.1.0",
        check: check,
    };
}

/// The shortest paragraph (in characters, spaces removed) whose repetition is reported: shorter
/// ones ("本表数为零。", "主要用于：退休人员支出。") repeat legitimately.
pub const MIN_CHARS: usize = 30;

fn key(text: &str) -> String {
    tidy(text).chars().filter(|c| !c.is_whitespace()).collect()
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &NARRATIVE_PARAGRAPH_REPEATED;
    let before = out.findings.len();
    let mut compared = 0usize;
    for (si, s) in ctx.doc.sections.iter().enumerate() {
        let keys: Vec<String> = s.paragraphs.iter().map(|p| key(&p.text)).collect();
        let mut first: HashMap<&str, usize> = HashMap::new();
        let mut i = 0;
        while i < keys.len() {
            let k = keys[i].as_str();
            if k.chars().count() < MIN_CHARS {
                i += 1;
                continue;
            }
            compared += 1;
            let Some(&orig) = first.get(k) else {
                first.insert(k, i);
                i += 1;
                continue;
            };
            // the run of repeated paragraphs that starts here
            let mut n = 1;
            while i + n < keys.len()
                && orig + n < i
                && keys[i + n] == keys[orig + n]
                && !keys[i + n].is_empty()
            {
                n += 1;
            }
            let p = &s.paragraphs[i];
            let last = &s.paragraphs[i + n - 1];
            let o = &s.paragraphs[orig];
            let (zh, en) = if n == 1 {
                (
                    format!(
                        "第 {} 行的段落与第 {} 行的段落完全相同（重复印出）",
                        p.line, o.line
                    ),
                    format!(
                        "the paragraph on line {} repeats the one on line {} word for word",
                        p.line, o.line
                    ),
                )
            } else {
                (
                    format!(
                        "第 {}–{} 行的 {n} 段与第 {} 行起的 {n} 段完全相同（重复印出）",
                        p.line, last.line, o.line
                    ),
                    format!(
                        "the {n} paragraphs on lines {}–{} repeat those from line {} word for word",
                        p.line, last.line, o.line
                    ),
                )
            };
            fail(
                out,
                rule,
                Severity::Warning,
                ("重复段落".into(), "repeated paragraph".into()),
                (zh, en),
                None,
                vec![
                    text_location(ctx, si, p.line, &p.text, "narrative"),
                    text_location(ctx, si, o.line, &o.text, "narrative"),
                ],
            );
            compared += n - 1;
            i += n;
        }
    }
    if out.findings.len() == before && compared > 0 {
        out.pass(
            rule,
            (
                format!("{compared} 个段落在各自部分中没有重复"),
                format!("{compared} paragraphs, none repeated within its section"),
            ),
            Vec::new(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ignores_spaces() {
        assert_eq!(key("主要用于 缴纳\n职业年金"), key("主要用于缴纳职业年金"));
    }
}
