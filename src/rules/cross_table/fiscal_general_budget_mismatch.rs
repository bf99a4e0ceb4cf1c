use crate::model::TableKind;
use crate::rules::bind::{self, Side};
use crate::rules::cross_table::{absent_class, compare};
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 财政拨款收支总表支出方“一般公共预算”列等于一般公共预算支出表：本年支出合计对合计，每个
    /// 功能分类“类”对该类合计。The fiscal summary's 一般公共预算 column equals the general
    /// public budget expenditure table, in total and class by class.
    ///
    /// ## Why it matters
    /// 一般公共预算支出表是财政拨款收支总表一般公共预算列的明细。
    ///
    /// ## Example
    /// `tests/fixtures/rules/fiscal-general-budget-mismatch/fail_class.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic; units converted exactly.
    ///
    /// ## Known limitations
    /// When the fiscal summary prints a single expenditure column, that column stands for
    /// 一般公共预算 only if the document has no 政府性基金 or 国有资本经营 appropriation.
    pub static FISCAL_GENERAL_BUDGET_MISMATCH = {
        code: "XT004",
        name: "fiscal-general-budget-mismatch",
        title_zh: "财政拨款收支总表与一般公共预算支出表不一致",
        title_en: "Fiscal summary differs from the general budget expenditure table",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::FiscalSummary, TableKind::GeneralBudgetExpenditure],
        basis: &["部门预算公开模板：一般公共预算支出表为财政拨款收支总表一般公共预算部分的明细"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &FISCAL_GENERAL_BUDGET_MISMATCH;
    let (Some(t4), Some(t5)) = (
        bind::table(ctx, TableKind::FiscalSummary),
        bind::table(ctx, TableKind::GeneralBudgetExpenditure),
    ) else {
        return;
    };
    let Some(t5col) = bind::first_amount(t5, 0) else {
        return;
    };
    let panels = t4.panel_count();
    if panels < 2 {
        return;
    }
    // the 一般公共预算 column of the expenditure side
    let gcol = (1..panels).find_map(|p| bind::column(t4, p, &["一般公共预算"]).map(|c| (p, c)));
    let other_funds = bind::has_non_general_income(t4);
    let (panel, col) = match gcol {
        Some(pc) => pc,
        None if !other_funds => match (1..panels).find_map(|p| bind::first_amount(t4, p).map(|c| (p, c))) {
            Some(pc) => pc,
            None => return,
        },
        None => return,
    };
    // total
    if let Some(t5row) = bind::total_row(t5, 0) {
        let (sub, grand) = bind::summary_totals(t4, Side::Expenditure);
        if let Some(total) = sub.or(grand) {
            // the total row's value in the 一般公共预算 column
            let cell = Ref::new(t4, total.row, col);
            let cell = if t4.cell(total.row, col).amount().is_some() {
                cell
            } else {
                total
            };
            compare(rule, Relation::Eq, cell, &[Ref::new(t5, t5row, t5col)], out);
        }
    }
    // class by class
    for r in 0..t4.rows.len() {
        let Some(class) = bind::row_class(t4, r, panel) else {
            continue;
        };
        if !class.starts_with('2') {
            continue;
        }
        let Some(rows) = bind::class_rows(t5, 0, &class) else {
            continue;
        };
        let cell = Ref::new(t4, r, col);
        if rows.is_empty() {
            absent_class(rule, cell, t5, out);
            continue;
        }
        let parts: Vec<Ref<'_>> = rows.iter().map(|&x| Ref::new(t5, x, t5col)).collect();
        compare(rule, Relation::Eq, cell, &parts, out);
    }
}
