use rust_decimal::Decimal;

use crate::perf::block_name;
use crate::perf::selfeval;
use crate::report::Severity;
use crate::rules::performance::evaluation::tables;
use crate::rules::performance::{block_loc, loc};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 绩效自评表的合计（总分）等于各指标得分之和，合计分值等于各指标分值之和。A
    /// self-evaluation's printed total equals the sum of its indicators' scores, and its total
    /// weight the sum of their weights.
    ///
    /// ## Why it matters
    /// 总分决定评级（优 ≥ 90，良 80–89 …）。总分与明细对不上，评级就没有依据。
    ///
    /// ## Example
    /// `tests/fixtures/rules/score-total-mismatch/fail_total.md`.
    ///
    /// ## Tolerance
    /// Each printed score stands for what its digits allow (half a unit of its last digit),
    /// so display rounding passes.
    ///
    /// ## Known limitations
    /// Only tables that print a 合计 / 总分 row and a number in every row are checked.
    pub static SCORE_TOTAL_MISMATCH = {
        code: "PF019",
        name: "score-total-mismatch",
        title_zh: "自评总分与各项得分之和不符",
        title_en: "Self-evaluation total differs from the sum of the scores",
        family: Performance,
        severity: Error,
        tables: &[],
        basis: &["财预〔2020〕10号《项目支出绩效评价管理办法》：单位自评"],
        since: "0.3.0",
        check: check,
    };
}

/// Half a unit of the last printed digit.
fn half_unit(s: &str) -> Decimal {
    let d = s
        .split_once('.')
        .map(|(_, f)| f.chars().take_while(|c| c.is_ascii_digit()).count())
        .unwrap_or(0);
    Decimal::new(5, (d + 1) as u32)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &SCORE_TOTAL_MISMATCH;
    for (b, pt, rows) in tables(ctx) {
        let Some((tw, ts, line)) = &pt.total_score else {
            continue;
        };
        for (what_zh, what_en, total, parts) in [
            (
                "得分",
                "score",
                ts,
                rows.iter()
                    .map(|r| (r.score, r.eval.score.as_deref()))
                    .collect::<Vec<_>>(),
            ),
            (
                "分值",
                "weight",
                tw,
                rows.iter()
                    .map(|r| (r.weight, r.eval.weight.as_deref()))
                    .collect(),
            ),
        ] {
            let subject = (
                format!("{}的合计{what_zh}等于各指标{what_zh}之和", block_name(pt)),
                format!(
                    "{}: the total {what_en} equals the sum of the indicators'",
                    crate::perf::block_name_en(pt)
                ),
            );
            let Some(t) = selfeval::score(total) else { continue };
            if parts.is_empty() || parts.iter().any(|(n, _)| n.is_none()) {
                out.not_checked_at(
                    rule,
                    subject,
                    (
                        format!("有指标的{what_zh}不是数字"),
                        format!("an indicator's {what_en} is not a number"),
                    ),
                    vec![block_loc(b, *line, "合计", what_zh, total, "total")],
                );
                continue;
            }
            let sum: Decimal = parts.iter().filter_map(|(n, _)| *n).sum();
            let slack: Decimal = half_unit(total)
                + parts
                    .iter()
                    .map(|(_, s)| half_unit(s.unwrap_or("")))
                    .sum::<Decimal>();
            let mut locs = vec![block_loc(b, *line, "合计", what_zh, total, "total")];
            locs.extend(rows.iter().map(|r| loc(r.view, "part")));
            if (t - sum).abs() <= slack {
                out.pass(rule, subject, locs);
            } else {
                let list: Vec<String> = parts.iter().map(|(_, s)| s.unwrap_or("").to_string()).collect();
                out.fail(
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!(
                            "{}的合计{what_zh} {total} ≠ 各指标{what_zh}之和 {} = {sum}",
                            block_name(pt),
                            list.join(" + ")
                        ),
                        format!(
                            "{}: total {what_en} {total} ≠ {} = {sum}",
                            crate::perf::block_name_en(pt),
                            list.join(" + ")
                        ),
                    ),
                    locs,
                );
            }
        }
    }
}
