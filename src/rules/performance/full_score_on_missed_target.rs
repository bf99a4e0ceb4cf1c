use crate::perf::selfeval;
use crate::perf::value;
use crate::report::Severity;
use crate::rules::performance::evaluation::tables;
use crate::rules::performance::{loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 绩效自评表中实际完成值未达到年度指标值的指标没有得满分。An indicator whose 实际完成值
    /// misses its 年度指标值 does not score its full 分值.
    ///
    /// ## Why it matters
    /// 财预〔2020〕10号：定量指标“完成指标值的，记该指标所赋全部分值；未完成的，按比例计分”。
    /// 未达标却给满分，自评就失去了约束。
    ///
    /// ## Example
    /// `tests/fixtures/rules/full-score-on-missed-target/warn_full_marks.md`.
    ///
    /// ## Known limitations
    /// Only numbers in the same unit are compared (`perf::selfeval::met`); a bare `=` target
    /// other than 100% is not judged (over-fulfilment is not a miss). A warning, because some
    /// local rules allow a tolerance before marks are deducted.
    pub static FULL_SCORE_ON_MISSED_TARGET = {
        code: "PF020",
        name: "full-score-on-missed-target",
        title_zh: "未完成指标仍得满分",
        title_en: "Full marks for a missed target",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2020〕10号《项目支出绩效评价管理办法》：未完成的，按比例计分"],
        since: "0.3.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &FULL_SCORE_ON_MISSED_TARGET;
    for (_, pt, rows) in tables(ctx) {
        for r in &rows {
            let v = r.view;
            let (Some(actual), Some(w), Some(s)) = (&r.actual, r.weight, r.score) else {
                continue;
            };
            let actual_raw = r.eval.actual.as_deref().unwrap_or("");
            let subject = (
                format!("{}：未完成的指标不得满分", where_zh(pt, v)),
                format!("{}: a missed target does not score full marks", where_en(pt, v)),
            );
            match selfeval::met(&value::parse(&v.ind.value), actual) {
                None => out.not_checked_at(
                    rule,
                    subject,
                    (
                        "年度指标值与实际完成值无法比较（文字、单位不同或目标为“=”）".into(),
                        "the target and the actual value cannot be compared (text, different units or an `=` target)".into(),
                    ),
                    vec![loc(v, "indicator")],
                ),
                Some(true) => out.pass(rule, subject, vec![loc(v, "indicator")]),
                Some(false) if s >= w => out.fail(
                    rule,
                    Severity::Warning,
                    subject,
                    (
                        format!(
                            "{}的实际完成值 {actual_raw} 未达到年度指标值 {}，却得了满分 {s}（分值 {w}）",
                            where_zh(pt, v),
                            v.ind.value
                        ),
                        format!(
                            "{}: the actual {actual_raw} misses the target {}, yet it scored full marks {s} (weight {w})",
                            where_en(pt, v),
                            v.ind.value
                        ),
                    ),
                    vec![loc(v, "indicator")],
                ),
                Some(false) => out.pass(rule, subject, vec![loc(v, "indicator")]),
            }
        }
    }
}
