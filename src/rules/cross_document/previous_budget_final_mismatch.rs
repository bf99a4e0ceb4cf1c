use crate::narrative::{Baseline, Subject};
use crate::report::Severity;
use crate::rules::cross_document::{own_cell, within_one, CrossSink, Pairing, Side};
use crate::rules::narrative::{candidates, show, signed, word, word_en, Measure};
use crate::set::Relation;

crate::declare_rule! {
    /// ## What it checks
    /// 预算说明中“比上年预算增加/减少 X 万元”，与同一部门上年决算中的年初预算数核对：本年数 V 与
    /// 本年表格一致时，V − 上年决算所列的年初预算数 B 必须等于 X，各数按其印刷精度取区间。年初
    /// 预算数取自上年决算说明（“年初预算为 B 万元”）中同一项目的唯一数值，或决算表格中印出的
    /// 预算数列（如“三公”经费表）。
    ///
    /// A budget's change "比上年预算增加 X" against the 年初预算数 the same department's 决算 of
    /// the year before reports for the same item (the budget of that year, as the 决算 states it):
    /// V − B must equal X. The item must have exactly one 年初预算 value in the 决算; otherwise the
    /// statement is listed as not checked with the reason.
    ///
    /// ## Severity
    /// Warning: the budget may compare with last year's adjusted budget (调整预算) or a restated
    /// scope, which it does not always say; the difference is shown for the reader to judge
    /// (docs/severity.md).
    ///
    /// ## Why it matters
    /// 上年预算数是增减变化的基数；预算说明所用的基数与上年决算报告的年初预算不一致时，读者无从
    /// 核对增减额。
    ///
    /// ## Example
    /// `tests/fixtures/rules/previous-budget-final-mismatch/warn_base.md`.
    pub static PREVIOUS_BUDGET_FINAL_MISMATCH = {
        code: "XD002",
        name: "previous-budget-final-mismatch",
        title_zh: "比上年预算增减额与上年决算中的年初预算不符",
        title_en: "Change against last year's budget disagrees with last year's final account",
        family: CrossDocument,
        severity: Warning,
        tables: &[],
        basis: &["部门预算公开模板：与上年预算相比的增减变化", "部门决算公开模板：年初预算数"],
        since: "0.2.0",
        check: within_one,
    };
}

/// The 年初预算 a 决算 reports for a subject: its narrative's one value, else its tables'.
fn initial_budget(
    side: &Side<'_>,
    subject: &Subject,
) -> Result<
    (
        crate::model::Interval,
        String,
        crate::rules::cross_document::DocLocation,
    ),
    (String, String),
> {
    let stated: Vec<_> = side
        .ctx
        .narrative()
        .facts
        .iter()
        .filter(|g| g.subject.as_ref() == Some(subject))
        .filter_map(|g| g.budget.as_ref().filter(|b| b.is_amount()).map(|b| (g, b)))
        .collect();
    if let Some((g, b)) = stated.first() {
        if stated.iter().any(|(_, c)| !c.interval().meets(&b.interval())) {
            return Err((
                format!(
                    "{} 中“{}”的年初预算有多个不同的数值",
                    side.name,
                    subject.label_zh()
                ),
                format!(
                    "{} states different 年初预算 values for \"{}\"",
                    side.name,
                    subject.label_zh()
                ),
            ));
        }
        return Ok((b.interval(), b.raw.clone(), side.fact(g)));
    }
    let found = candidates(&side.ctx, subject, Measure::Budget)?;
    let printed: Vec<_> = found.into_iter().filter(|b| !b.blank).collect();
    match printed.first() {
        Some(b) if printed.iter().all(|c| c.interval.meets(&b.interval)) => {
            Ok((b.interval, b.display.clone(), side.cell(b)))
        }
        Some(_) => Err((
            format!(
                "{} 中“{}”的年初预算对应多个数值不同的单元格",
                side.name,
                subject.label_zh()
            ),
            format!(
                "\"{}\" has cells with different budgets in {}",
                subject.label_zh(),
                side.name
            ),
        )),
        None => Err((
            format!("{} 中“{}”的年初预算为空白", side.name, subject.label_zh()),
            format!(
                "the 年初预算 of \"{}\" is blank in {}",
                subject.label_zh(),
                side.name
            ),
        )),
    }
}

pub(super) fn check_pair(p: &Pairing<'_>, out: &mut CrossSink) {
    if p.relation != Relation::FinalOfPreviousYear {
        return;
    }
    let rule = &PREVIOUS_BUDGET_FINAL_MISMATCH;
    for f in &p.this.ctx.narrative().facts {
        let (Some(subject), Some(v), Some((sign, x))) =
            (&f.subject, f.current().filter(|c| c.is_amount()), &f.delta)
        else {
            continue;
        };
        if f.previous.is_some() || !x.is_amount() || f.base != Baseline::PreviousBudget {
            continue;
        }
        let name = f.name();
        let subject_words = (
            format!("“{name}”比上年预算增减额 = 本年数 − 上年决算中的年初预算"),
            format!("\"{name}\" change = this year − last year's 年初预算 in its final account"),
        );
        let here = p.this.fact(f);
        let Some(own) = own_cell(rule, &p.this, f, subject, &subject_words, out) else {
            continue;
        };
        let (base, shown, there) = match initial_budget(&p.other, subject) {
            Ok(b) => b,
            Err(why) => {
                out.not_checked(rule, subject_words, why, vec![here]);
                continue;
            }
        };
        let computed = v.interval().minus(base);
        let locations = vec![here, p.this.cell(&own), there];
        if computed.meets(&signed(x.interval(), *sign)) {
            out.pass(rule, subject_words, locations);
            continue;
        }
        let diff = show(computed.mid(), v.unit(), 2);
        out.fail(
            rule,
            Severity::Warning,
            subject_words,
            (
                format!(
                    "“{name}”本年 {}，{} 所列年初预算为 {shown}，相差 {diff}，说明却写“比上年预算{}{}”；若比较的是调整后预算或口径已调整，说明应写明",
                    v.raw,
                    p.other.name,
                    word(*sign),
                    x.raw
                ),
                format!(
                    "\"{name}\" is {} this year; {} reports a 年初预算 of {shown}, a change of {diff}, yet the narrative says {} {}; if the comparison is with an adjusted budget or a restated scope, the narrative should say so",
                    v.raw,
                    p.other.name,
                    word_en(*sign),
                    x.raw
                ),
            ),
            Some(format!("{} − {shown} = {diff} ≠ {}{}", v.raw, word(*sign), x.raw)),
            locations,
        );
    }
}
