use crate::model::TableKind;
use crate::rules::bind::{self, Side};
use crate::rules::cross_table::compare;
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 收支总表的收入数等于收入表的合计：收入表合计列为“本年收入合计”时对本年收入合计，
    /// 为“总计/合计”时对收入总计。The income side of the summary table equals the income
    /// table's total.
    ///
    /// ## Why it matters
    /// 收入表是收支总表收入方的明细；两表合计不一致，至少有一张表填错。
    ///
    /// ## Example
    /// `tests/fixtures/rules/summary-income-mismatch/fail_totals.md`.
    ///
    /// ## Tolerance
    /// Both numbers are intervals of their printed precision, converted exactly between 元
    /// and 万元.
    ///
    /// ## Known limitations
    /// Binds the 收入表 total by its row label (合计/总计) and first amount column.
    pub static SUMMARY_INCOME_MISMATCH = {
        code: "XT001",
        name: "summary-income-mismatch",
        title_zh: "收支总表与收入表合计不一致",
        title_en: "Summary income differs from the income table",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::Summary, TableKind::Income],
        basis: &["部门预算公开模板：收入总表为收支总表收入方的明细"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &SUMMARY_INCOME_MISMATCH;
    let (Some(t1), Some(t2)) = (
        bind::table(ctx, TableKind::Summary),
        bind::table(ctx, TableKind::Income),
    ) else {
        return;
    };
    let Some(row) = bind::total_row(t2, 0) else { return };
    let Some(col) = bind::first_amount(t2, 0) else {
        return;
    };
    let (sub, grand) = bind::summary_totals(t1, Side::Income);
    let current_year = bind::header(t2, col).contains("本年") || t2.rows[row].heads[0].label.contains("本年");
    let summary = if current_year {
        sub.or(grand)
    } else {
        grand.or(sub)
    };
    let Some(summary) = summary else { return };
    compare(rule, Relation::Eq, summary, &[Ref::new(t2, row, col)], out);
}
