use crate::perf::value::{Kind, Measure};
use crate::report::Severity;
use crate::rules::performance::{blocks, loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 成本指标（一级或二级为“成本指标”）的指标值是金额（元、万元）。A 成本 indicator's
    /// target is a money amount.
    ///
    /// ## Why it matters
    /// 成本指标约束的是花多少钱（总成本、单位成本）。“考核扣款率 =100%”“成本控制率 不超预算”放在
    /// 成本指标下，既不是成本，也无法与预算核对。财预〔2021〕101号把成本指标提升为一级指标，要求
    /// 按经济成本等如实测算。
    ///
    /// ## Example
    /// `tests/fixtures/rules/cost-target-not-money/warn_rate_as_cost.md`.
    ///
    /// ## Known limitations
    /// A cost-control rate ("成本节约率 ≥5%") is a legitimate cost indicator in some local
    /// templates; it is still reported, as a warning, because it cannot be checked against the
    /// budget. A value cut off in an excerpt (a lone comparator) is skipped.
    pub static COST_TARGET_NOT_MONEY = {
        code: "PF009",
        name: "cost-target-not-money",
        title_zh: "成本指标不是金额",
        title_en: "Cost target is not a money amount",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2021〕101号：成本指标反映项目的经济成本、社会成本、生态环境成本"],
        since: "0.2.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &COST_TARGET_NOT_MONEY;
    for (b, pt) in blocks(ctx) {
        for v in ctx.indicators(b) {
            if !v.is_cost() || v.target.kind == Kind::Missing {
                continue;
            }
            let subject = (
                format!("{}目标“{}”是金额", where_zh(pt, v), v.ind.value),
                format!(
                    "{}: the target \"{}\" is a money amount",
                    where_en(pt, v),
                    v.ind.value
                ),
            );
            if matches!(v.target.measure(), Some(Measure::Money(_))) {
                out.pass(rule, subject, vec![loc(v, "indicator")]);
                continue;
            }
            let what = match &v.target.kind {
                Kind::Number {
                    measure: Measure::Percent,
                    ..
                } => ("一个比率", "a rate"),
                Kind::Number { .. } => ("一个不带金额单位的数", "a number without a money unit"),
                Kind::Date { .. } => ("一个日期", "a date"),
                _ => ("一句定性表述", "a qualitative phrase"),
            };
            out.fail(
                rule,
                Severity::Warning,
                subject,
                (
                    format!(
                        "{}列在成本指标下，目标“{}”却是{}而不是金额，无法据以核对成本",
                        where_zh(pt, v),
                        v.ind.value,
                        what.0
                    ),
                    format!(
                        "{} is a cost indicator, but its target \"{}\" is {} rather than an amount, so the cost cannot be checked",
                        where_en(pt, v),
                        v.ind.value,
                        what.1
                    ),
                ),
                vec![loc(v, "indicator")],
            );
        }
    }
}
