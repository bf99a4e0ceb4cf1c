use rust_decimal::Decimal;

use crate::perf::lexicon::Category;
use crate::perf::value::{self, Kind, Measure};
use crate::report::Severity;
use crate::rules::performance::{blocks, loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 比率类指标（合格率、完成率、满意度、覆盖率……）的目标值在 0–100% 之间。增长率、提升率、
    /// 下降率等变化率除外，它们可以超过 100% 或为负。A rate target lies within 0–100%, except
    /// growth and change rates.
    ///
    /// ## Why it matters
    /// 合格率不可能是 292%。超出范围的值多半是录入错误；在网页或扫描件中，“≥92%”的“≥”常被
    /// 识别成“2”，发现时会一并提示。
    ///
    /// ## Example
    /// `tests/fixtures/rules/rate-out-of-range/warn_over_100.md`.
    ///
    /// ## Known limitations
    /// Only % values of indicators the lexicon classifies as rates are checked.
    pub static RATE_OUT_OF_RANGE = {
        code: "PF005",
        name: "rate-out-of-range",
        title_zh: "比率目标超出 0–100%",
        title_en: "Rate target outside 0–100%",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["比率的定义：部分与整体之比不超过 100%"],
        since: "0.2.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &RATE_OUT_OF_RANGE;
    for (b, pt) in blocks(ctx) {
        for v in ctx.indicators(b) {
            let Some(term) = &v.term else { continue };
            if !matches!(
                term.category,
                Category::Rate | Category::Satisfaction | Category::Input
            ) {
                continue;
            }
            let Kind::Number {
                value,
                upper,
                measure: Measure::Percent,
                ..
            } = &v.target.kind
            else {
                continue;
            };
            let subject = (
                format!("{}目标“{}”在 0–100% 之间", where_zh(pt, v), v.ind.value),
                format!(
                    "{}: the target \"{}\" lies within 0–100%",
                    where_en(pt, v),
                    v.ind.value
                ),
            );
            let hundred = Decimal::ONE_HUNDRED;
            let bad = [Some(*value), *upper]
                .into_iter()
                .flatten()
                .find(|x| *x > hundred || *x < Decimal::ZERO);
            let Some(x) = bad else {
                out.pass(rule, subject, vec![loc(v, "indicator")]);
                continue;
            };
            // "≥92%" read as "292%": a leading 2 in place of the comparator
            let raw = v.target.raw.as_str();
            let hint = if v.target.op.is_none() && raw.starts_with('2') {
                value::parse(&raw[1..])
                    .percent()
                    .filter(|p| *p <= hundred && *p > Decimal::ZERO)
                    .map(|p| {
                        (
                            format!("；可能原为“≥{p}%”，“≥”被识别成了“2”"),
                            format!("; possibly \"≥{p}%\" with the \"≥\" misread as \"2\""),
                        )
                    })
            } else {
                None
            };
            let (hz, he) = hint.unwrap_or_default();
            out.fail(
                rule,
                Severity::Warning,
                subject,
                (
                    format!(
                        "{}的目标“{}”超出了比率可能的 0–100%{hz}",
                        where_zh(pt, v),
                        v.ind.value
                    ),
                    format!(
                        "{}: the target \"{}\" ({x}%) is outside what a rate can be{he}",
                        where_en(pt, v),
                        v.ind.value
                    ),
                ),
                vec![loc(v, "indicator")],
            );
        }
    }
}
