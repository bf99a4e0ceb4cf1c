use crate::model::TableKind;
use crate::rules::bind::{self, Side};
use crate::rules::cross_table::compare;
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 收入表中的财政拨款收入（或一般公共预算拨款 + 政府性基金预算拨款 + 国有资本经营预算拨款）
    /// 合计，等于财政拨款收支总表的本年收入合计。The income table's fiscal appropriation
    /// equals the fiscal summary's current-year income.
    ///
    /// ## Why it matters
    /// 两张表说的是同一笔财政拨款，金额不同则至少一处填错。
    ///
    /// ## Example
    /// `tests/fixtures/rules/income-fiscal-mismatch/fail_fiscal.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic; units converted exactly.
    ///
    /// ## Known limitations
    /// The fiscal columns of the income table are found by their headers (财政拨款,
    /// 一般公共预算, 政府性基金, 国有资本经营).
    pub static INCOME_FISCAL_MISMATCH = {
        code: "XT003",
        name: "income-fiscal-mismatch",
        title_zh: "收入表财政拨款与财政拨款收支总表不一致",
        title_en: "Income-table appropriation differs from the fiscal summary",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::Income, TableKind::FiscalSummary],
        basis: &["部门预算公开模板：财政拨款收支总表反映收入表中的财政拨款收入"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &INCOME_FISCAL_MISMATCH;
    let (Some(t2), Some(t4)) = (
        bind::table(ctx, TableKind::Income),
        bind::table(ctx, TableKind::FiscalSummary),
    ) else {
        return;
    };
    let Some(row) = bind::total_row(t2, 0) else { return };
    let cols: Vec<usize> = match bind::column(t2, 0, &["财政拨款"]) {
        Some(c) => vec![c],
        None => t2
            .amount_columns(0)
            .into_iter()
            .filter(|c| {
                let h = bind::header(t2, *c);
                h.contains("一般公共预算") || h.contains("政府性基金") || h.contains("国有资本经营")
            })
            .collect(),
    };
    if cols.is_empty() {
        return;
    }
    let (sub, grand) = bind::summary_totals(t4, Side::Income);
    let Some(fiscal) = sub.or(grand) else { return };
    let parts: Vec<Ref<'_>> = cols.iter().map(|&c| Ref::new(t2, row, c)).collect();
    compare(rule, Relation::Eq, fiscal, &parts, out);
}
