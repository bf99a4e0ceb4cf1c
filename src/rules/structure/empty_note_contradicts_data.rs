use crate::report::Severity;
use crate::rules::structure::{has_data, table_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 注明“本表为空表/本表无数据”的表格不能同时列有金额。A table stated to be empty shows
    /// no non-zero amount.
    ///
    /// ## Why it matters
    /// 说明与数据互相矛盾：要么说明是套用模板忘了删除，要么数据是误填的，公众无从判断哪一个为真。
    ///
    /// ## Example
    /// `tests/fixtures/rules/empty-note-contradicts-data/fail_note_with_numbers.md`
    /// (普陀区万里街道 2024：“三公”经费表列有 47.91 万元，又注明“本表为空表”).
    ///
    /// ## Known limitations
    /// Zero amounts (0 / 0.00) are compatible with an empty statement.
    pub static EMPTY_NOTE_CONTRADICTS_DATA = {
        code: "ST003",
        name: "empty-note-contradicts-data",
        title_zh: "注明空表却列有数据",
        title_en: "Table stated empty but shows amounts",
        family: Structure,
        severity: Error,
        tables: &[],
        basis: &["财预〔2016〕143号：公开内容真实、准确"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &EMPTY_NOTE_CONTRADICTS_DATA;
    for t in &ctx.doc.tables {
        let Some(note) = &t.empty_note else { continue };
        let subject = (
            format!("{}：空表说明与数据一致", t.title),
            format!("{}: empty statement agrees with the data", t.title),
        );
        if !has_data(t) {
            out.pass(rule, subject, vec![table_location(t)]);
            continue;
        }
        let first = t
            .rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .find_map(|c| c.amount().filter(|a| !a.is_zero()))
            .map(|a| a.raw.clone())
            .unwrap_or_default();
        out.fail(
            rule,
            Severity::Error,
            subject,
            (
                format!("{}注明“{}”，但表中列有金额（如 {}）", t.title, note, first),
                format!("{} says \"{}\" but shows amounts (e.g. {})", t.title, note, first),
            ),
            vec![table_location(t)],
        );
    }
}
