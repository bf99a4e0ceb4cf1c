use rust_decimal::Decimal;

use crate::perf::lexicon::Category;
use crate::report::Severity;
use crate::rules::performance::evaluation::tables;
use crate::rules::performance::loc;
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 绩效自评中的满意度实际完成值不全是 100%：当至少两个项目、至少三个满意度指标的实际值
    /// 都恰好是 100% 时提示。Warns when every satisfaction result of a self-evaluation is
    /// exactly 100% (at least three indicators over at least two projects).
    ///
    /// ## Why it matters
    /// 真实的满意度调查几乎不会人人满意；所有项目都报 100% 说明满意度没有实际调查，或者照抄了
    /// 目标值。
    ///
    /// ## Example
    /// `tests/fixtures/rules/satisfaction-all-full/warn_all_full.md`.
    ///
    /// ## Known limitations
    /// Satisfaction indicators are told by the lexicon (满意度, 满意率 …).
    pub static SATISFACTION_ALL_FULL = {
        code: "PF022",
        name: "satisfaction-all-full",
        title_zh: "满意度自评结果全部为100%",
        title_en: "Every satisfaction result is 100%",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2020〕10号《项目支出绩效评价管理办法》：满意度指标"],
        since: "0.3.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &SATISFACTION_ALL_FULL;
    let all = tables(ctx);
    let mut sat = Vec::new();
    let mut projects = std::collections::BTreeSet::new();
    for (b, _, rows) in &all {
        for r in rows {
            if r.view
                .term
                .as_ref()
                .is_some_and(|t| t.category == Category::Satisfaction)
            {
                if let Some(p) = r.actual.as_ref().and_then(|a| a.percent()) {
                    sat.push((r, p));
                    projects.insert(*b);
                }
            }
        }
    }
    if sat.len() < 3 || projects.len() < 2 {
        return;
    }
    let subject = (
        "自评满意度实际完成值不全是100%".to_string(),
        "the satisfaction results are not all 100%".to_string(),
    );
    let locs = sat.iter().map(|(r, _)| loc(r.view, "indicator")).collect();
    if sat.iter().all(|(_, p)| *p == Decimal::ONE_HUNDRED) {
        out.fail(
            rule,
            Severity::Warning,
            subject,
            (
                format!(
                    "{} 个项目的全部 {} 个满意度指标实际完成值都是 100%，不像真实调查的结果",
                    projects.len(),
                    sat.len()
                ),
                format!(
                    "all {} satisfaction results over {} projects are exactly 100%, which a real survey rarely gives",
                    sat.len(),
                    projects.len()
                ),
            ),
            locs,
        );
    } else {
        out.pass(rule, subject, locs);
    }
}
