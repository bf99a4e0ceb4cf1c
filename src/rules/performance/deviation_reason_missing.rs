use crate::perf::selfeval;
use crate::perf::value;
use crate::report::Severity;
use crate::rules::performance::evaluation::tables;
use crate::rules::performance::{loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 绩效自评表中实际完成值未达到年度指标值的指标写明了偏差原因。An indicator whose
    /// 实际完成值 misses its 年度指标值 gives a 偏差原因.
    ///
    /// ## Why it matters
    /// 自评表要求“分析偏差原因，提出改进措施”；没有原因的偏差无法整改，也无法判断是目标定高了
    /// 还是执行出了问题。
    ///
    /// ## Example
    /// `tests/fixtures/rules/deviation-reason-missing/warn_no_reason.md`.
    ///
    /// ## Known limitations
    /// Only tables that print a 偏差原因 column are checked, and only misses that
    /// `perf::selfeval::met` can establish.
    pub static DEVIATION_REASON_MISSING = {
        code: "PF021",
        name: "deviation-reason-missing",
        title_zh: "未完成指标未说明偏差原因",
        title_en: "Missed target without a reason for the deviation",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2020〕10号《项目支出绩效评价管理办法》：单位自评应分析偏差原因"],
        since: "0.3.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &DEVIATION_REASON_MISSING;
    for (_, pt, rows) in tables(ctx) {
        // the table prints the column when any row fills it
        if !rows.iter().any(|r| r.eval.reason.is_some()) {
            continue;
        }
        for r in &rows {
            let v = r.view;
            let Some(actual) = &r.actual else { continue };
            if selfeval::met(&value::parse(&v.ind.value), actual) != Some(false) {
                continue;
            }
            let subject = (
                format!("{}：未完成的指标说明了偏差原因", where_zh(pt, v)),
                format!("{}: a missed target gives a reason", where_en(pt, v)),
            );
            let actual_raw = r.eval.actual.as_deref().unwrap_or("");
            if r.eval
                .reason
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty() && s.trim() != "无")
            {
                out.pass(rule, subject, vec![loc(v, "indicator")]);
            } else {
                out.fail(
                    rule,
                    Severity::Warning,
                    subject,
                    (
                        format!(
                            "{}的实际完成值 {actual_raw} 未达到年度指标值 {}，但没有说明偏差原因",
                            where_zh(pt, v),
                            v.ind.value
                        ),
                        format!(
                            "{}: the actual {actual_raw} misses the target {}, and no reason is given",
                            where_en(pt, v),
                            v.ind.value
                        ),
                    ),
                    vec![loc(v, "indicator")],
                );
            }
        }
    }
}
