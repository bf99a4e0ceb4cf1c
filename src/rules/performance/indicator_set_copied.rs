use std::collections::BTreeSet;

use crate::perf::{block_name, block_name_en, lexicon};
use crate::report::Severity;
use crate::rules::performance::{blocks, here};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 同一文件中不同项目的绩效目标表不雷同：三级指标名称的重合度（Jaccard 系数）低于 80%，
    /// 总体目标或年度目标不逐字相同。Two projects of one document do not share ≥ 80% of their
    /// indicator names (Jaccard) or the same goal text.
    ///
    /// ## Why it matters
    /// 照抄另一个项目的指标，说明目标不是针对这笔钱设定的；这是绩效目标审核中最常见的问题之一。
    ///
    /// ## Example
    /// `tests/fixtures/rules/indicator-set-copied/warn_copied.md`.
    ///
    /// ## Known limitations
    /// Names are compared after normalisation (spaces, punctuation); projects with fewer than
    /// three indicators are not compared. Shared generic indicators (满意度) alone never reach
    /// the threshold.
    pub static INDICATOR_SET_COPIED = {
        code: "PF013",
        name: "indicator-set-copied",
        title_zh: "不同项目的绩效指标雷同",
        title_en: "Indicator set copied across projects",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效目标应与项目相关、指向明确"],
        since: "0.2.0",
        check: check,
    };
}

fn names(pt: &crate::model::PerformanceTable) -> BTreeSet<String> {
    pt.indicators
        .iter()
        .filter(|i| !i.is_placeholder())
        .map(|i| lexicon::norm(&i.level3))
        .filter(|n| !n.is_empty())
        .collect()
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &INDICATOR_SET_COPIED;
    let all: Vec<(usize, &crate::model::PerformanceTable, BTreeSet<String>)> =
        blocks(ctx).map(|(b, pt)| (b, pt, names(pt))).collect();
    for (i, (ba, a, na)) in all.iter().enumerate() {
        for (bb, b, nb) in all.iter().skip(i + 1) {
            if na.len() < 3 || nb.len() < 3 {
                continue;
            }
            let common = na.intersection(nb).count();
            let union = na.union(nb).count();
            let pct = common * 100 / union.max(1);
            let goal = |p: &crate::model::PerformanceTable| {
                lexicon::norm(p.annual_goal.as_deref().or(p.goal.as_deref()).unwrap_or(""))
            };
            let same_goal = goal(a).chars().count() >= 10 && goal(a) == goal(b);
            let subject = (
                format!("{}与{}的指标不雷同", block_name(a), block_name(b)),
                format!(
                    "{} and {} have distinct indicators",
                    block_name_en(a),
                    block_name_en(b)
                ),
            );
            let locs = vec![here(*ba, a), here(*bb, b)];
            if pct < 80 && !same_goal {
                out.pass(rule, subject, locs);
                continue;
            }
            let (zh, en) = if pct >= 80 {
                (
                    format!(
                        "{}与{}的三级指标有 {common} 个相同（共 {union} 个，重合 {pct}%），指标体系像是照抄的",
                        block_name(a),
                        block_name(b)
                    ),
                    format!(
                        "{} and {} share {common} of {union} indicator names ({pct}%): the set looks copied",
                        block_name_en(a),
                        block_name_en(b)
                    ),
                )
            } else {
                (
                    format!("{}与{}的绩效目标文字完全相同", block_name(a), block_name(b)),
                    format!(
                        "{} and {} state the same goal word for word",
                        block_name_en(a),
                        block_name_en(b)
                    ),
                )
            };
            out.fail(rule, Severity::Warning, subject, (zh, en), locs);
        }
    }
}
