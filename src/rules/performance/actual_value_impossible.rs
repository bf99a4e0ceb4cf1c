use rust_decimal::Decimal;

use crate::perf::selfeval;
use crate::report::Severity;
use crate::rules::performance::evaluation::tables;
use crate::rules::performance::{loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 绩效自评表的实际完成值在指标能取到的范围内：合格率、满意度、覆盖率、及时率等比率不超过
    /// 100%。A self-evaluation's actual value is one the indicator can take: a pass, coverage,
    /// satisfaction or timeliness rate is at most 100%.
    ///
    /// ## Why it matters
    /// 满意度 105%、合格率 120% 是不可能的结果，说明填错了列、单位或把完成比例当成了比率。
    ///
    /// ## Example
    /// `tests/fixtures/rules/actual-value-impossible/fail_rate_over_100.md`.
    ///
    /// ## Known limitations
    /// Rates that can exceed 100% (完成率: over-fulfilment; growth rates) and rates the lexicon
    /// does not know are not judged (`perf::selfeval::UNBOUNDED_RATES`).
    pub static ACTUAL_VALUE_IMPOSSIBLE = {
        code: "PF023",
        name: "actual-value-impossible",
        title_zh: "实际完成值超出指标可取范围",
        title_en: "Actual value outside what the indicator can take",
        family: Performance,
        severity: Error,
        tables: &[],
        basis: &["比率类指标的取值范围为 0–100%"],
        since: "0.3.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &ACTUAL_VALUE_IMPOSSIBLE;
    for (_, pt, rows) in tables(ctx) {
        for r in &rows {
            let v = r.view;
            let Some(p) = r.actual.as_ref().and_then(|a| a.percent()) else {
                continue;
            };
            if !selfeval::bounded_rate(&v.ind.level3) {
                continue;
            }
            let subject = (
                format!("{}的实际完成值在 0–100% 之间", where_zh(pt, v)),
                format!("{}: the actual value lies within 0–100%", where_en(pt, v)),
            );
            if p <= Decimal::ONE_HUNDRED && p >= Decimal::ZERO {
                out.pass(rule, subject, vec![loc(v, "indicator")]);
            } else {
                let raw = r.eval.actual.as_deref().unwrap_or("");
                out.fail(
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!(
                            "{}的实际完成值 {raw} 超出了比率可能的范围（0–100%）",
                            where_zh(pt, v)
                        ),
                        format!(
                            "{}: the actual value {raw} is outside what a rate can be (0–100%)",
                            where_en(pt, v)
                        ),
                    ),
                    vec![loc(v, "indicator")],
                );
            }
        }
    }
}
