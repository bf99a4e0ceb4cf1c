use crate::model::TableKind;
use crate::rules::bind::{self, Side};
use crate::rules::cross_table::compare;
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 收支总表支出方与支出表一致：本年支出合计等于支出表合计，收支总表中每个功能分类“类”的金额
    /// 等于支出表中该类的合计（支出表只列“项”时，按类汇总各项）。The summary's expenditure side
    /// equals the expenditure table, in total and class by class.
    ///
    /// ## Why it matters
    /// 支出表是收支总表支出方按科目展开的明细，两者任一类不一致都说明填报有误。
    ///
    /// ## Example
    /// `tests/fixtures/rules/summary-expenditure-mismatch/fail_class.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on both printed values; 元 and 万元 converted exactly.
    ///
    /// ## Known limitations
    /// Summary rows are bound to 类 by code, or by name through the classification
    /// dictionary (older names included). A class missing from one table but printed as 0 or
    /// blank in the other is not compared.
    pub static SUMMARY_EXPENDITURE_MISMATCH = {
        code: "XT002",
        name: "summary-expenditure-mismatch",
        title_zh: "收支总表与支出表不一致",
        title_en: "Summary expenditure differs from the expenditure table",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::Summary, TableKind::Expenditure],
        basis: &["部门预算公开模板：支出总表为收支总表支出方的明细"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &SUMMARY_EXPENDITURE_MISMATCH;
    let (Some(t1), Some(t3)) = (
        bind::table(ctx, TableKind::Summary),
        bind::table(ctx, TableKind::Expenditure),
    ) else {
        return;
    };
    let Some(col) = bind::first_amount(t3, 0) else {
        return;
    };
    // totals
    if let Some(row) = bind::total_row(t3, 0) {
        let (sub, grand) = bind::summary_totals(t1, Side::Expenditure);
        if let Some(summary) = sub.or(grand) {
            compare(rule, Relation::Eq, summary, &[Ref::new(t3, row, col)], out);
        }
    }
    // class by class
    for (class, cell) in bind::summary_class_cells(t1) {
        let Some(rows) = bind::class_rows(t3, 0, &class) else {
            continue;
        };
        if rows.is_empty() {
            // not listed in the expenditure table: fine when the summary shows nothing
            if cell
                .table
                .cell(cell.row, cell.col)
                .amount()
                .is_none_or(|a| a.is_zero())
            {
                continue;
            }
        }
        let parts: Vec<Ref<'_>> = rows.iter().map(|&r| Ref::new(t3, r, col)).collect();
        if parts.is_empty() {
            continue;
        }
        compare(rule, Relation::Eq, cell, &parts, out);
    }
}
