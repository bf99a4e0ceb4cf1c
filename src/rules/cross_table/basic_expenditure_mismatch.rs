use crate::model::TableKind;
use crate::parse::normalize::squeeze;
use crate::rules::bind;
use crate::rules::cross_table::compare;
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 一般公共预算支出表的基本支出合计等于一般公共预算基本支出表的合计（决算两栏式：人员经费合计 +
    /// 公用经费合计）。The 基本支出 total of the general budget expenditure table equals the
    /// basic expenditure table's total.
    ///
    /// ## Why it matters
    /// 基本支出表按经济分类展开同一笔基本支出；两者不等说明经济分类明细漏列或多列。
    ///
    /// ## Example
    /// `tests/fixtures/rules/basic-expenditure-mismatch/fail_basic.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic; units converted exactly.
    ///
    /// ## Known limitations
    /// When the 一般公共预算支出表 has no 基本支出 column (Jiangsu), the 基本支出 row of the
    /// fiscal summary is used for the 财政拨款基本支出表.
    pub static BASIC_EXPENDITURE_MISMATCH = {
        code: "XT005",
        name: "basic-expenditure-mismatch",
        title_zh: "基本支出与基本支出表合计不一致",
        title_en: "Basic expenditure differs from the basic expenditure table",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::GeneralBudgetExpenditure, TableKind::GeneralBudgetBasic, TableKind::FiscalBasic],
        basis: &["部门预算公开模板：一般公共预算基本支出表为一般公共预算支出表基本支出部分的明细"],
        since: "0.1.0",
        check: check,
    };
}

/// The total of a basic-expenditure table: its 合计 row's first amount column, or the sum of
/// the panel totals (人员经费合计 + 公用经费合计) of the two-panel 决算 layout.
fn basic_total(t: &crate::model::Table) -> Option<Vec<Ref<'_>>> {
    let panels = t.panel_count();
    if panels == 1 {
        let row = bind::total_row(t, 0)?;
        let col = bind::first_amount(t, 0)?;
        return Some(vec![Ref::new(t, row, col)]);
    }
    let mut v = Vec::new();
    for p in 0..panels {
        let row = bind::total_row(t, p)?;
        let col = bind::first_amount(t, p)?;
        v.push(Ref::new(t, row, col));
    }
    Some(v)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &BASIC_EXPENDITURE_MISMATCH;
    if let (Some(t5), Some(t6)) = (
        bind::table(ctx, TableKind::GeneralBudgetExpenditure),
        bind::table(ctx, TableKind::GeneralBudgetBasic),
    ) {
        if let (Some(row), Some(col), Some(parts)) = (
            bind::total_row(t5, 0),
            bind::column(t5, 0, &["基本支出"]),
            basic_total(t6),
        ) {
            compare(rule, Relation::Eq, Ref::new(t5, row, col), &parts, out);
        }
    }
    // Jiangsu: the fiscal summary's 基本支出 row against the 财政拨款基本支出表
    if let (Some(t4), Some(fb)) = (
        bind::table(ctx, TableKind::FiscalSummary),
        bind::table(ctx, TableKind::FiscalBasic),
    ) {
        for p in 1..t4.panel_count() {
            let Some(col) = bind::first_amount(t4, p) else {
                continue;
            };
            let row = (0..t4.rows.len()).find(|r| {
                t4.head(*r, p).is_some_and(|h| {
                    squeeze(crate::parse::segment::strip_enumerator(&h.label).0) == "基本支出"
                })
            });
            if let (Some(row), Some(parts)) = (row, basic_total(fb)) {
                compare(rule, Relation::Eq, Ref::new(t4, row, col), &parts, out);
            }
        }
    }
}
