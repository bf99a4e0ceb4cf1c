use crate::model::TableKind;
use crate::rules::bind::{self, Side};
use crate::rules::cross_table::compare;
use crate::rules::identity::Relation;
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 财政拨款收支总表的收入总计、支出总计不超过部门收支总表的对应总计；部门收入全部是一般公共
    /// 预算拨款时两表相等。The fiscal-appropriation summary cannot exceed the department's
    /// summary, and equals it when all income is general budget appropriation.
    ///
    /// ## Why it matters
    /// 财政拨款是全部收支的一部分；若全部收入都是财政拨款，两张总表说的就是同一笔钱。
    ///
    /// ## Example
    /// `tests/fixtures/rules/summary-fiscal-mismatch/fail_fiscal_exceeds.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic; units converted exactly.
    ///
    /// ## Known limitations
    /// "All income is general budget" is read from the summary's income rows (other funds,
    /// 事业收入, other income, carry-overs all zero or blank).
    pub static SUMMARY_FISCAL_MISMATCH = {
        code: "XT010",
        name: "summary-fiscal-mismatch",
        title_zh: "财政拨款收支总表与部门收支总表不相容",
        title_en: "Fiscal summary inconsistent with the department summary",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::Summary, TableKind::FiscalSummary],
        basis: &["财政拨款收支 ≤ 部门全部收支；收入全部为财政拨款时两表相等"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &SUMMARY_FISCAL_MISMATCH;
    let (Some(t1), Some(t4)) = (
        bind::table(ctx, TableKind::Summary),
        bind::table(ctx, TableKind::FiscalSummary),
    ) else {
        return;
    };
    let rel = if bind::has_non_general_income(t1) {
        Relation::Ge
    } else {
        Relation::Eq
    };
    for side in [Side::Income, Side::Expenditure] {
        let (_, g1) = bind::summary_totals(t1, side);
        let (_, g4) = bind::summary_totals(t4, side);
        if let (Some(a), Some(b)) = (g1, g4) {
            compare(rule, rel, a, &[b], out);
        }
    }
}
