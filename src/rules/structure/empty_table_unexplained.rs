use crate::model::TableKind;
use crate::report::Severity;
use crate::rules::structure::{has_data, table_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 没有数据的表格必须附说明（如“本单位无政府性基金预算财政拨款收支，故本表无数据”“此表为空”）。
    /// A table without any amount carries a statement that it is empty.
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
        out.fail(
            rule,
            Severity::Error,
            subject,
            (
                format!("{}没有任何数据，也没有“本表无数据”之类的说明", t.title),
                format!("{} shows no amount and no statement that it is empty", t.title),
            ),
            vec![table_location(t)],
        );
    }
}
