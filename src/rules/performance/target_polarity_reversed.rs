use crate::perf::lexicon::{Category, Polarity};
use crate::perf::value::{Kind, Measure, Op};
use crate::perf::View;
use crate::report::Severity;
use crate::rules::performance::{blocks, loc, where_en, where_zh};
use crate::rules::{Context, Sink};
use rust_decimal::Decimal;

crate::declare_rule! {
    /// ## What it checks
    /// 指标值的比较符号与指标的方向一致：正向指标（正常率、完好率、处理率、满意度、覆盖率、合格率、
    /// 完成率、使用率、共享率……越高越好）须写“≥”“=”或“>”；反向指标（故障率、扣款率、差错率、
    /// 投诉率、重复建设率、重复采集率、成本……越低越好）须写“≤”或“<”，且不能要求“=”一个高值。
    /// A positive indicator needs ≥, = or >; a negative one needs ≤ or < and no high `=` value.
    ///
    /// ## Why it matters
    /// “网络正常率 <5%”“异常处理率 ≤2%”“考核扣款率 =100%”这样的目标按字面考核时，越差越“达标”：
    /// 正常率为 0 也算完成，每次考核都扣款才算完成。它们不可能是单位真实的承诺，多半是符号录反或
    /// 把“不正常率”写成了“正常率”。
    ///
    /// ## Example
    /// `tests/fixtures/rules/target-polarity-reversed/fail_reversed.md`: “网络正常率 <5%”
    /// and “考核扣款率 =100%”.
    ///
    /// ## Direction
    /// The direction comes from the lexicon (`data/perf/lexicon.csv`), matched on the end of
    /// the 三级 name ("视频监控正常率" → 正常率, positive). A generic "…率" whose direction
    /// the lexicon does not give, or a name it does not know, is recorded as not checked.
    /// Counts, amounts and dates have no direction here (会议次数 ≤ 3 is a legitimate cap).
    /// A negative rate with `=` is an error from 50% up.
    ///
    /// ## Known limitations
    /// The lexicon is a list; an indicator worded unusually ("网络不正常率") may be missed
    /// or, if it ends with a known positive term, misread — the finding then names the term.
    pub static TARGET_POLARITY_REVERSED = {
        code: "PF006",
        name: "target-polarity-reversed",
        title_zh: "指标值方向与指标含义相反",
        title_en: "Target points the wrong way for the indicator",
        family: Performance,
        severity: Error,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效目标应指向明确、合理可行", "绩效目标表模板：指标性质 ≥ / ≤ / = / 定性"],
        since: "0.2.0",
        check: check,
    };
}

fn unit_of(m: &Measure) -> String {
    m.label()
}

/// The reason, in one sentence each language, when the target contradicts the direction.
fn contradiction(
    v: &View<'_>,
    pol: Polarity,
    op: Op,
    value: Decimal,
    measure: &Measure,
) -> Option<(String, String)> {
    let n = v.name();
    let u = unit_of(measure);
    let pct = *measure == Measure::Percent;
    match pol {
        Polarity::Positive if op.is_cap() && !(pct && value >= Decimal::ONE_HUNDRED) => Some((
            format!(
                "「{n}」是越高越好的正向指标，目标却只设了上限（{}{value}{u}）：{n}为 0 也算完成，比较符号方向写反了，应为“≥”",
                op.symbol()
            ),
            format!(
                "\"{n}\" is a positive indicator (higher is better), but the target only sets a ceiling ({}{value}{u}): a value of 0 would meet it — the comparator should be ≥",
                op.symbol()
            ),
        )),
        Polarity::Negative if op.is_floor() && value > Decimal::ZERO => Some((
            format!(
                "「{n}」是越低越好的反向指标，目标却要求它不低于 {value}{u}：{n}越高越“达标”，比较符号方向写反了，应为“≤”"
            ),
            format!(
                "\"{n}\" is a negative indicator (lower is better), but the target requires at least {value}{u}: the worse it gets the better it scores — the comparator should be ≤"
            ),
        )),
        Polarity::Negative if op == Op::Eq && pct && value >= Decimal::from(50) => {
            let all = if value >= Decimal::ONE_HUNDRED { "全部（每一次）" } else { "大部分" };
            Some((
                format!(
                    "「{n}」是越低越好的反向指标，目标却要求它等于 {value}%，即{all}都出现，与指标含义相反；应写作“≤”一个低值（如“=0%”或“≤5%”）"
                ),
                format!(
                    "\"{n}\" is a negative indicator (lower is better), but the target requires it to equal {value}% — the opposite of its meaning; it should be ≤ a low value (e.g. =0% or ≤5%)"
                ),
            ))
        }
        _ => None,
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &TARGET_POLARITY_REVERSED;
    for (b, pt) in blocks(ctx) {
        for v in ctx.indicators(b) {
            let Kind::Number { value, measure, .. } = &v.target.kind else {
                continue;
            };
            let subject = (
                format!("{}目标“{}”的方向", where_zh(pt, v), v.ind.value),
                format!("{}: direction of the target \"{}\"", where_en(pt, v), v.ind.value),
            );
            let Some(term) = &v.term else {
                out.not_checked_at(
                    rule,
                    subject,
                    (
                        "词表中没有这一指标，不判断它是正向还是反向".into(),
                        "the lexicon does not know this indicator, so its direction is not judged".into(),
                    ),
                    vec![loc(v, "indicator")],
                );
                continue;
            };
            let Some(pol) = term.polarity else {
                if matches!(term.category, Category::Rate | Category::Growth) {
                    out.not_checked_at(
                        rule,
                        subject,
                        (
                            format!("“{}”类指标可能越高越好也可能越低越好，词表不给方向", term.matched),
                            format!(
                                "a \"{}\" may be good high or good low; the lexicon gives no direction",
                                term.matched
                            ),
                        ),
                        vec![loc(v, "indicator")],
                    );
                }
                continue;
            };
            let op = v.target.op_or_eq();
            match contradiction(v, pol, op, *value, measure) {
                None => out.pass(rule, subject, vec![loc(v, "indicator")]),
                Some((zh, en)) => out.fail(
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!("{}的目标“{}”与指标方向相反。{zh}。", where_zh(pt, v), v.ind.value),
                        format!(
                            "{}: the target \"{}\" contradicts the indicator. {en}.",
                            where_en(pt, v),
                            v.ind.value
                        ),
                    ),
                    vec![loc(v, "indicator")],
                ),
            }
        }
    }
}
