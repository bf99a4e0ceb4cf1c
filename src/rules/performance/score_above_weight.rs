use crate::report::Severity;
use crate::rules::performance::evaluation::tables;
use crate::rules::performance::{loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 绩效自评表中每个指标的得分不超过其分值（权重）。In a self-evaluation, no indicator
    /// scores more than its 分值.
    ///
    /// ## Why it matters
    /// 分值是该指标的满分；得分高于满分是算错了或填错了列，自评总分也随之虚高。
    ///
    /// ## Example
    /// `tests/fixtures/rules/score-above-weight/fail_above.md`.
    ///
    /// ## Known limitations
    /// Only rows whose 分值 and 得分 are both plain numbers are compared; others are not checked.
    pub static SCORE_ABOVE_WEIGHT = {
        code: "PF018",
        name: "score-above-weight",
        title_zh: "自评得分高于分值",
        title_en: "Self-evaluation score above the indicator's weight",
        family: Performance,
        severity: Error,
        tables: &[],
        basis: &["财预〔2020〕10号《项目支出绩效评价管理办法》：单位自评指标的分值和得分"],
        since: "0.3.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &SCORE_ABOVE_WEIGHT;
    for (_, pt, rows) in tables(ctx) {
        for r in &rows {
            let v = r.view;
            let subject = (
                format!("{}的得分不超过分值", where_zh(pt, v)),
                format!("{}: the score is at most the weight", where_en(pt, v)),
            );
            let (Some(w), Some(s)) = (r.weight, r.score) else {
                if r.eval.score.is_some() || r.eval.weight.is_some() {
                    out.not_checked_at(
                        rule,
                        subject,
                        (
                            "分值或得分不是数字".into(),
                            "the weight or the score is not a number".into(),
                        ),
                        vec![loc(v, "indicator")],
                    );
                }
                continue;
            };
            if s <= w {
                out.pass(rule, subject, vec![loc(v, "indicator")]);
            } else {
                out.fail(
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!("{}的得分 {s} 高于其分值 {w}", where_zh(pt, v)),
                        format!("{}: scored {s}, above its weight {w}", where_en(pt, v)),
                    ),
                    vec![loc(v, "indicator")],
                );
            }
        }
    }
}
