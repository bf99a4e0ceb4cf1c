use crate::model::TableKind;
use crate::rules::bind;
use crate::rules::cross_table::compare;
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 项目支出表的合计等于支出表的项目支出合计（没有支出表时对一般公共预算支出表）。The project
    /// table's total equals the 项目支出 total of the expenditure table.
    ///
    /// ## Why it matters
    /// 项目支出表逐项列出支出表中的项目支出；合计不等说明有项目漏列或金额填错。
    ///
    /// ## Example
    /// `tests/fixtures/rules/project-table-mismatch/fail_projects.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic; units converted exactly.
    ///
    /// ## Known limitations
    /// Compares totals only; project-by-project comparison with the 绩效目标表 is a
    /// performance-target rule.
    pub static PROJECT_TABLE_MISMATCH = {
        code: "XT006",
        name: "project-table-mismatch",
        title_zh: "项目支出表合计与项目支出不一致",
        title_en: "Project table total differs from project expenditure",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::ProjectExpenditure, TableKind::Expenditure],
        basis: &["部门预算公开模板：项目支出表为支出表项目支出的明细"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &PROJECT_TABLE_MISMATCH;
    let Some(tp) = bind::table(ctx, TableKind::ProjectExpenditure) else {
        return;
    };
    let (Some(prow), Some(pcol)) = (bind::total_row(tp, 0), bind::first_amount(tp, 0)) else {
        return;
    };
    let other = bind::table(ctx, TableKind::Expenditure)
        .or_else(|| bind::table(ctx, TableKind::GeneralBudgetExpenditure));
    let Some(t) = other else { return };
    let (Some(row), Some(col)) = (bind::total_row(t, 0), bind::column(t, 0, &["项目支出"])) else {
        return;
    };
    compare(
        rule,
        Relation::Eq,
        Ref::new(t, row, col),
        &[Ref::new(tp, prow, pcol)],
        out,
    );
}
