use crate::codes::norm_name;
use crate::narrative::lex::tidy;
use crate::parse::segment::strip_enumerator;
use crate::report::Severity;
use crate::rules::narrative::{fail, text_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 逐项说明中照抄上一项的用途或原因 (an item's purpose or reason copied from the item above):
    /// two numbered 功能分类 items one after the other, naming different 项, whose "主要用于…" (or
    /// "主要原因…") is word for word the same — and names the item above, not its own: item 27
    /// "城乡社区管理事务（款）城管执法（项）…主要用于城乡社区管理事务一般行政管理事务" copies item 26
    /// (…一般行政管理事务（项）).
    ///
    /// A shared generic wording ("主要用于：退休人员支出", "主要原因是：业务量增加") names no item and
    /// is not reported.
    ///
    /// ## Severity
    /// Warning: a drafting defect (docs/severity.md, "text copied from the neighbouring item") —
    /// the item's own purpose is missing, but no number is wrong because of it.
    ///
    /// ## Why it matters
    /// 逐项说明是公众了解每一笔钱用在哪里的唯一途径；照抄上一项等于没有说明这一项。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-item-copied/warn_purpose_copied.md`
    /// (万里街道 2023 预算第 26、27 项).
    ///
    /// ## Known limitations
    /// Only items marked at the 项 level ("…（项）", "…（01项）") and only the item directly
    /// above are compared; a purpose copied with one word changed is not found.
    pub static NARRATIVE_ITEM_COPIED = {
        code: "NR011",
        name: "narrative-item-copied",
        title_zh: "逐项说明照抄上一项",
        title_en: "An item's explanation is copied from the item above",
        family: Narrative,
        severity: Warning,
        tables: &[],
        basis: &["部门预算/决算公开模板：按项级科目逐项说明"],
        since: "0.1.0",
        check: check,
    };
}

/// One numbered item: its 项 name, its line and its text (the following unnumbered paragraphs
/// included).
struct ItemText {
    name: String,
    line: u32,
    text: String,
}

/// The 项 name of an item heading: the words before its last 项 mark ("（项）", "（01项）"), after
/// the mark before it.
fn item_name(t: &str) -> Option<String> {
    let mut end = None;
    for (i, _) in t.match_indices('（') {
        let rest = &t[i + '（'.len_utf8()..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if rest[digits..].starts_with("项）") {
            end = Some(i);
            break;
        }
    }
    let end = end?;
    let head = &t[..end];
    let start = head.rfind('）').map(|p| p + '）'.len_utf8()).unwrap_or(0);
    let name = head[start..].trim_matches(['“', '”', ' ']);
    (!name.is_empty()).then(|| name.to_string())
}

/// The words after `head` up to the end of the sentence ("主要用于：X。" → "X").
fn clause_after(t: &str, head: &str) -> Option<String> {
    let i = t.find(head)?;
    let rest = &t[i + head.len()..];
    let rest = rest.trim_start_matches(['是', '为', '：', ':', '，']);
    let end = rest.find(['。', '；']).unwrap_or(rest.len());
    let c = rest[..end].trim();
    (c.chars().count() >= 4).then(|| c.to_string())
}

fn items(paragraphs: &[crate::model::Paragraph]) -> Vec<ItemText> {
    let mut out: Vec<ItemText> = Vec::new();
    let mut open = false;
    for p in paragraphs {
        let t = tidy(&p.text);
        let (rest, enumerator) = strip_enumerator(&t);
        if enumerator.is_some() {
            match item_name(rest) {
                Some(name) => {
                    out.push(ItemText {
                        name,
                        line: p.line,
                        text: t.clone(),
                    });
                    open = true;
                }
                None => open = false,
            }
        } else if open {
            if let Some(last) = out.last_mut() {
                last.text.push_str(&t);
            }
        }
    }
    out
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &NARRATIVE_ITEM_COPIED;
    let before = out.findings.len();
    let mut compared = 0usize;
    for (si, s) in ctx.doc.sections.iter().enumerate() {
        let list = items(&s.paragraphs);
        for w in list.windows(2) {
            let (above, item) = (&w[0], &w[1]);
            let (a, b) = (norm_name(&above.name), norm_name(&item.name));
            if a == b {
                continue;
            }
            compared += 1;
            for (head, what_zh, what_en) in [("主要用于", "用途", "purpose"), ("主要原因", "原因", "reason")]
            {
                let (Some(x), Some(y)) = (clause_after(&above.text, head), clause_after(&item.text, head))
                else {
                    continue;
                };
                let names_above = x.contains(above.name.as_str()) && !item.name.contains(above.name.as_str());
                if x != y || !names_above || b.contains(&a) {
                    continue;
                }
                fail(
                    out,
                    rule,
                    Severity::Warning,
                    (
                        format!("“{}”的{what_zh}", item.name),
                        format!("the {what_en} of \"{}\"", item.name),
                    ),
                    (
                        format!(
                            "“{}”一项的{what_zh}“{y}”与上一项“{}”完全相同，且写的是上一项的名称：疑为照抄上一项",
                            item.name, above.name
                        ),
                        format!(
                            "the {what_en} of \"{}\" (\"{y}\") is that of the item above, \"{}\", word for word and names it: copied from the item above",
                            item.name, above.name
                        ),
                    ),
                    None,
                    vec![
                        text_location(ctx, si, item.line, &item.text, "narrative"),
                        text_location(ctx, si, above.line, &above.text, "narrative"),
                    ],
                );
                break;
            }
        }
    }
    if out.findings.len() == before && compared > 0 {
        out.pass(
            rule,
            (
                format!("{compared} 对相邻的逐项说明没有照抄上一项"),
                format!("{compared} pairs of neighbouring items, none copied from the item above"),
            ),
            Vec::new(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_item_names() {
        assert_eq!(
            item_name("“城乡社区支出（类）城乡社区管理事务（款）城管执法（项）”690.58万元").as_deref(),
            Some("城管执法")
        );
        assert_eq!(
            item_name("公共安全支出（204类）司法（06款）行政运行（01项）1672.67万元").as_deref(),
            Some("行政运行")
        );
        assert_eq!(item_name("基本支出 347.90 万元"), None);
        assert_eq!(
            clause_after("…万元，主要用于：事业单位医疗保险支出。全年预算", "主要用于").as_deref(),
            Some("事业单位医疗保险支出")
        );
    }
}
