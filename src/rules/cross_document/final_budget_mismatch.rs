use crate::report::Severity;
use crate::rules::cross_document::{one_cell, within_one, CrossSink, Pairing};
use crate::set::Relation;

crate::declare_rule! {
    /// ## What it checks
    /// 决算说明中的年初预算数（“年初预算为 B 万元，支出决算为 A 万元”），与同一部门同一年度公开的
    /// 部门预算中同一项目的单元格核对，按印刷精度取区间。
    ///
    /// A 决算's 年初预算数 as its narrative states it, against the same item in the budget the
    /// same department published for that year (same level). The item must bind to exactly one
    /// value in the budget's tables, otherwise it is listed as not checked with the reason.
    ///
    /// ## Severity
    /// Warning: the 决算 may cover units the budget did not (or the reverse), and some templates
    /// count 上年结转 in the 年初预算 column; the difference is shown for the reader to judge
    /// (docs/severity.md).
    ///
    /// ## Why it matters
    /// 决算对照的年初预算应当就是年初公开的预算；两者不一致时，完成率与差异说明都失去依据。
    ///
    /// ## Example
    /// `tests/fixtures/rules/final-budget-mismatch/warn_initial_budget.md`.
    pub static FINAL_BUDGET_MISMATCH = {
        code: "XD003",
        name: "final-budget-mismatch",
        title_zh: "决算中的年初预算数与当年公开的预算不符",
        title_en: "A final account's initial budget disagrees with that year's budget",
        family: CrossDocument,
        severity: Warning,
        tables: &[],
        basis: &["部门决算公开模板：年初预算数与决算数的对比"],
        since: "0.2.0",
        check: within_one,
    };
}

pub(super) fn check_pair(p: &Pairing<'_>, out: &mut CrossSink) {
    if p.relation != Relation::BudgetOfFinal {
        return;
    }
    let rule = &FINAL_BUDGET_MISMATCH;
    for f in &p.this.ctx.narrative().facts {
        let (Some(subject), Some(budget)) = (&f.subject, f.budget.as_ref().filter(|x| x.is_amount())) else {
            continue;
        };
        let name = f.name();
        let subject_words = (
            format!("“{name}”的年初预算数 = 当年公开的预算数"),
            format!("\"{name}\" initial budget = that year's published budget"),
        );
        let here = p.this.fact(f);
        let cell = match one_cell(&p.other, subject) {
            Ok(b) => b,
            Err(why) => {
                out.not_checked(rule, subject_words, why, vec![here]);
                continue;
            }
        };
        let locations = vec![here, p.other.cell(&cell)];
        if budget.interval().meets(&cell.interval) {
            out.pass(rule, subject_words, locations);
        } else {
            out.fail(
                rule,
                Severity::Warning,
                subject_words,
                (
                    format!(
                        "决算说明写“{name}”年初预算为 {}，{} 中为 {}",
                        budget.raw, p.other.name, cell.display
                    ),
                    format!(
                        "the final account says \"{name}\" was budgeted at {}; {} says {}",
                        budget.raw, p.other.name, cell.display
                    ),
                ),
                Some(format!("{} ≠ {}", budget.raw, cell.display)),
                locations,
            );
        }
    }
}
