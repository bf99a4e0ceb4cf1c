use crate::model::TableKind;
use crate::rules::bind;
use crate::rules::cross_table::compare;
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 一般公共预算支出不能超过全部支出：一般公共预算支出表的合计、基本支出、项目支出及每个“类”
    /// 不大于支出表的对应数；部门全部收入都是一般公共预算拨款时两表应当相等。The general budget
    /// table cannot exceed the all-funds expenditure table; when all income is general
    /// budget appropriation, the two are equal.
    ///
    /// ## Why it matters
    /// 一般公共预算是全部支出的一部分，部分大于整体说明至少一张表填错。
    ///
    /// ## Example
    /// `tests/fixtures/rules/expenditure-general-budget-mismatch/fail_exceeds.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic; units converted exactly.
    ///
    /// ## Known limitations
    /// Equality is required only when the 收支总表 shows no income besides 一般公共预算 (no
    /// other fund, 事业收入, other income or carry-over); otherwise only "≤".
    pub static EXPENDITURE_GENERAL_BUDGET_MISMATCH = {
        code: "XT007",
        name: "expenditure-general-budget-mismatch",
        title_zh: "一般公共预算支出与支出表不相容",
        title_en: "General budget expenditure inconsistent with total expenditure",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::Expenditure, TableKind::GeneralBudgetExpenditure],
        basis: &["财政拨款（一般公共预算）支出 ≤ 全部支出；收入全部为一般公共预算拨款时两表相等"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &EXPENDITURE_GENERAL_BUDGET_MISMATCH;
    let (Some(t3), Some(t5)) = (
        bind::table(ctx, TableKind::Expenditure),
        bind::table(ctx, TableKind::GeneralBudgetExpenditure),
    ) else {
        return;
    };
    let only_general =
        bind::table(ctx, TableKind::Summary).is_some_and(|t1| !bind::has_non_general_income(t1));
    let rel = if only_general { Relation::Eq } else { Relation::Ge };
    for needles in [
        &["合计", "小计", "总计"][..],
        &["基本支出"][..],
        &["项目支出"][..],
    ] {
        let (Some(c3), Some(c5)) = (bind::column(t3, 0, needles), bind::column(t5, 0, needles)) else {
            continue;
        };
        let (Some(r3), Some(r5)) = (bind::total_row(t3, 0), bind::total_row(t5, 0)) else {
            return;
        };
        compare(rule, rel, Ref::new(t3, r3, c3), &[Ref::new(t5, r5, c5)], out);
        if needles[0] != "合计" {
            continue;
        }
        for class in bind::classes_in(t5, 0) {
            let (Some(rows3), Some(rows5)) =
                (bind::class_rows(t3, 0, &class), bind::class_rows(t5, 0, &class))
            else {
                continue;
            };
            if rows3.len() != 1 || rows5.is_empty() {
                continue;
            }
            let parts: Vec<Ref<'_>> = rows5.iter().map(|&r| Ref::new(t5, r, c5)).collect();
            compare(rule, rel, Ref::new(t3, rows3[0], c3), &parts, out);
        }
    }
}
