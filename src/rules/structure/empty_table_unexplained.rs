use crate::model::TableKind;
use crate::narrative::lex::{clauses, figures, tidy};
use crate::parse::normalize::squeeze;
use crate::report::Severity;
use crate::rules::structure::{has_data, table_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 没有数据的表格必须附说明（如“本单位无政府性基金预算财政拨款收支，故本表无数据”“此表为空”）。
    /// A table without any amount carries a statement that it is empty.
    ///
    /// The statement may also be in the narrative: a sentence that says the department has none
    /// of it ("本部门无政府性基金预算"), or the narrative section about that table stating zero
    /// ("政府性基金支出预算表情况说明 … 支出 0 万元"), explains the empty table. A zero mentioned only
    /// in passing elsewhere ("政府性基金拨款支出预算为0" in the overview) is a weaker explanation: the
    /// table itself still lacks its note, reported as a warning.
    ///
    /// ## Severity
    /// Error when nothing explains the empty table; warning when only a passing mention of zero
    /// elsewhere in the narrative does (a drafting defect, see docs/severity.md).
    ///
    /// ## Why it matters
    /// 财预〔2016〕143号要求“没有数据的表格应当列出空表并说明”。不加说明的空表让读者无法判断是没有
    /// 这项收支，还是漏填了数据。
    ///
    /// ## Example
    /// `tests/fixtures/rules/empty-table-unexplained/fail_blank_three_public.md`.
    ///
    /// ## Known limitations
    /// A table whose rows were printed but could not be read (e.g. a scanned page) also looks
    /// empty; the finding then points at the table to look at.
    pub static EMPTY_TABLE_UNEXPLAINED = {
        code: "ST002",
        name: "empty-table-unexplained",
        title_zh: "空表没有说明",
        title_en: "Empty table without a statement",
        family: Structure,
        severity: Error,
        tables: &[],
        basis: &["财预〔2016〕143号：没有数据的表格应当列出空表并说明"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &EMPTY_TABLE_UNEXPLAINED;
    for t in &ctx.doc.tables {
        if matches!(t.kind, TableKind::Other | TableKind::Procurement) {
            continue;
        }
        let amounts = t
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| c.amount().is_some()));
        let subject = (
            format!("{}：有数据或有空表说明", t.title),
            format!("{}: has data or an empty-table statement", t.title),
        );
        if amounts || has_data(t) || t.empty_note.is_some() {
            out.pass(rule, subject, vec![table_location(t)]);
            continue;
        }
        let (severity, message) = match narrative_statement(ctx, t.kind) {
            Some(Explained::Section) => {
                out.pass(rule, subject, vec![table_location(t)]);
                continue;
            }
            Some(Explained::Elsewhere(line)) => (
                Severity::Warning,
                (
                    format!(
                        "{}没有任何数据，表上也没有“本表无数据”之类的说明；只有说明第 {line} 行顺带提到这项为零",
                        t.title
                    ),
                    format!(
                        "{} shows no amount and no empty-table statement; only line {line} of the narrative mentions in passing that it is zero",
                        t.title
                    ),
                ),
            ),
            None => (
                Severity::Error,
                (
                    format!("{}没有任何数据，也没有“本表无数据”之类的说明", t.title),
                    format!("{} shows no amount and no statement that it is empty", t.title),
                ),
            ),
        };
        out.fail(rule, severity, subject, message, vec![table_location(t)]);
    }
}

/// How the narrative explains an empty table.
enum Explained {
    /// It says there is none ("本部门无政府性基金预算"), or the section about the table says it
    /// is zero ("政府性基金支出预算表情况说明 … 支出 0 万元").
    Section,
    /// Only a passing mention elsewhere says it is zero (line).
    Elsewhere(u32),
}

/// The narrative's statement that the fund behind an empty table has nothing in it.
fn narrative_statement(ctx: &Context<'_>, kind: TableKind) -> Option<Explained> {
    let word = match kind {
        TableKind::GovernmentFund => "政府性基金",
        TableKind::StateCapital => "国有资本经营",
        TableKind::ThreePublic => "三公",
        _ => return None,
    };
    let mut passing = None;
    let mut none = None;
    let mut nonzero = false;
    for s in &ctx.doc.sections {
        let own_section = squeeze(&s.heading).contains(word);
        for p in &s.paragraphs {
            let text = tidy(&p.text);
            for (a, b) in clauses(&text) {
                let clause = &text[a..b];
                // "十、政府性基金预算支出预算情况说明 … 主要原因是本部门无此项支出"
                if own_section
                    && ["无此项", "本部门无", "本单位无", "没有此项"]
                        .iter()
                        .any(|w| clause.contains(w))
                {
                    none.get_or_insert(Explained::Section);
                }
                let Some(at) = clause.find(word) else { continue };
                let before = &clause[..at];
                let amounts: Vec<_> = figures(clause)
                    .into_iter()
                    .filter(|f| f.start > at && f.is_amount())
                    .collect();
                nonzero |= amounts.iter().any(|f| !f.value.is_zero());
                if ["无", "没有", "不涉及", "未安排", "未使用"]
                    .iter()
                    .any(|w| before.contains(w))
                {
                    none.get_or_insert(Explained::Section);
                } else if amounts.iter().any(|f| f.value.is_zero()) {
                    if own_section {
                        none.get_or_insert(Explained::Section);
                    }
                    passing.get_or_insert(p.line);
                }
            }
        }
    }
    // a non-zero amount stated for it (a 年初预算 of 0.95 万元 beside "无“三公”经费支出"): the
    // table should print it, and "none" speaks of something narrower
    if nonzero {
        return None;
    }
    none.or(passing.map(Explained::Elsewhere))
}
