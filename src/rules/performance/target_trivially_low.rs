use crate::perf::value::{Kind, Measure};
use crate::report::Severity;
use crate::rules::performance::{blocks, loc, where_en, where_zh};
use crate::rules::{Context, Sink};
use rust_decimal::Decimal;

crate::declare_rule! {
    /// ## What it checks
    /// 下限类目标不低得没有意义：满意度不低于 80%，完成率、合格率、正常率、完好率、处理率、及时率
    /// 等不低于 90%（各指标的下限见词表 `data/perf/lexicon.csv` 的 floor 列）。A floor target is
    /// not trivially low: satisfaction ≥ 80%, completion/pass/uptime-type rates ≥ 90%.
    ///
    /// ## Why it matters
    /// “满意度 ≥60%”几乎必然达成，起不到约束作用。财预〔2020〕10号规定：因目标设定“明显偏低”而
    /// 大幅超额完成的，要按偏离程度扣分。常见做法是满意度 ≥85% 或 ≥90%。
    ///
    /// ## Example
    /// `tests/fixtures/rules/target-trivially-low/warn_low_satisfaction.md`.
    ///
    /// ## Known limitations
    /// The floors are conventions, not rules of law; coverage, usage and sharing rates have no
    /// floor because their plausible level depends on the programme.
    pub static TARGET_TRIVIALLY_LOW = {
        code: "PF007",
        name: "target-trivially-low",
        title_zh: "目标值明显偏低",
        title_en: "Target set trivially low",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2020〕10号：绩效指标值设定明显偏低的，按偏离度扣分"],
        since: "0.2.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &TARGET_TRIVIALLY_LOW;
    for (b, pt) in blocks(ctx) {
        for v in ctx.indicators(b) {
            let Some(floor) = v.term.as_ref().and_then(|t| t.floor) else {
                continue;
            };
            let Kind::Number {
                value,
                measure: Measure::Percent,
                ..
            } = &v.target.kind
            else {
                continue;
            };
            if v.target.op_or_eq().is_cap() {
                continue; // a reversed comparator is target-polarity-reversed's
            }
            let subject = (
                format!("{}目标“{}”不低于 {floor}%", where_zh(pt, v), v.ind.value),
                format!(
                    "{}: the target \"{}\" is at least {floor}%",
                    where_en(pt, v),
                    v.ind.value
                ),
            );
            if *value >= Decimal::from(floor) {
                out.pass(rule, subject, vec![loc(v, "indicator")]);
                continue;
            }
            out.fail(
                rule,
                Severity::Warning,
                subject,
                (
                    format!(
                        "{}的目标“{}”明显偏低（这类指标通常不低于 {floor}%），几乎必然达成，起不到约束作用",
                        where_zh(pt, v),
                        v.ind.value
                    ),
                    format!(
                        "{}: the target \"{}\" is trivially low (such indicators are usually set at {floor}% or more) and constrains nothing",
                        where_en(pt, v),
                        v.ind.value
                    ),
                ),
                vec![loc(v, "indicator")],
            );
        }
    }
}
