//! PF: performance targets (项目支出绩效目标表): the structure of the indicator set, whether
//! each target can be true, and whether the table's funds agree with the budget tables and
//! the narrative.
//!
//! The indicators are read through the lexicon (`data/perf/lexicon.csv`) and the value
//! grammar ([`crate::perf`]). An indicator the lexicon cannot classify is "not checked" by the
//! rules that need its direction; nothing is guessed.

mod actual_value_impossible;
mod cost_breakdown_mismatch;
mod cost_target_exceeds_budget;
mod cost_target_not_money;
mod deadline_outside_budget_year;
mod deviation_reason_missing;
mod full_score_on_missed_target;
mod indicator_coverage_incomplete;
mod indicator_hierarchy_invalid;
mod indicator_row_empty;
mod indicator_set_copied;
mod indicator_unit_mismatch;
mod input_indicator_as_output;
mod performance_project_count_mismatch;
pub(crate) mod project_funds_mismatch;
mod rate_out_of_range;
mod satisfaction_all_full;
mod score_above_weight;
mod score_total_mismatch;
mod target_polarity_reversed;
mod target_trivially_low;
mod target_unquantified;
mod target_vague;

pub use actual_value_impossible::ACTUAL_VALUE_IMPOSSIBLE;
pub use cost_breakdown_mismatch::COST_BREAKDOWN_MISMATCH;
pub use cost_target_exceeds_budget::COST_TARGET_EXCEEDS_BUDGET;
pub use cost_target_not_money::COST_TARGET_NOT_MONEY;
pub use deadline_outside_budget_year::DEADLINE_OUTSIDE_BUDGET_YEAR;
pub use deviation_reason_missing::DEVIATION_REASON_MISSING;
pub use full_score_on_missed_target::FULL_SCORE_ON_MISSED_TARGET;
pub use indicator_coverage_incomplete::INDICATOR_COVERAGE_INCOMPLETE;
pub use indicator_hierarchy_invalid::INDICATOR_HIERARCHY_INVALID;
pub use indicator_row_empty::INDICATOR_ROW_EMPTY;
pub use indicator_set_copied::INDICATOR_SET_COPIED;
pub use indicator_unit_mismatch::INDICATOR_UNIT_MISMATCH;
pub use input_indicator_as_output::INPUT_INDICATOR_AS_OUTPUT;
pub use performance_project_count_mismatch::PERFORMANCE_PROJECT_COUNT_MISMATCH;
pub use project_funds_mismatch::PROJECT_FUNDS_MISMATCH;
pub use rate_out_of_range::RATE_OUT_OF_RANGE;
pub use satisfaction_all_full::SATISFACTION_ALL_FULL;
pub use score_above_weight::SCORE_ABOVE_WEIGHT;
pub use score_total_mismatch::SCORE_TOTAL_MISMATCH;
pub use target_polarity_reversed::TARGET_POLARITY_REVERSED;
pub use target_trivially_low::TARGET_TRIVIALLY_LOW;
pub use target_unquantified::TARGET_UNQUANTIFIED;
pub use target_vague::TARGET_VAGUE;

use crate::model::{format_amount, Amount, Interval, PerformanceTable};
use crate::perf::{block_name, block_name_en, View};
use crate::report::{Location, LocationKind};
use crate::rules::Context;

/// The 绩效目标表 blocks of the document with their index.
pub(crate) fn blocks<'a>(ctx: &Context<'a>) -> impl Iterator<Item = (usize, &'a PerformanceTable)> + 'a {
    ctx.doc.performance.iter().enumerate()
}

/// `项目完成指标/质量指标` (what is printed of the row's levels).
pub(crate) fn path(v: &View<'_>) -> String {
    [v.ind.level1.as_str(), v.ind.level2.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("/")
}

/// The location of an indicator row.
pub(crate) fn loc(v: &View<'_>, role: &str) -> Location {
    Location {
        kind: LocationKind::Performance,
        table: 0,
        row: 0,
        col: 0,
        line: v.ind.line,
        row_label: if v.ind.level3.is_empty() {
            v.ind.level2.clone()
        } else {
            v.ind.level3.clone()
        },
        column_label: path(v),
        text: v.ind.value.clone(),
        role: role.to_string(),
        block: Some(v.block),
        source: None,
    }
}

/// A location in a block that is not an indicator row (项目资金, a cost row …).
pub(crate) fn block_loc(
    block: usize,
    line: u32,
    label: &str,
    column: &str,
    text: &str,
    role: &str,
) -> Location {
    Location {
        kind: LocationKind::Performance,
        table: 0,
        row: 0,
        col: 0,
        line,
        row_label: label.to_string(),
        column_label: column.to_string(),
        text: text.to_string(),
        role: role.to_string(),
        block: Some(block),
        source: None,
    }
}

/// A location pointing at a whole block (its title line).
pub(crate) fn here(block: usize, pt: &PerformanceTable) -> Location {
    block_loc(
        block,
        pt.line,
        &pt.title,
        "",
        pt.project.as_deref().unwrap_or(""),
        "table",
    )
}

/// A location in the narrative: the section heading and the words (as the NR rules give it).
pub(crate) fn narrative_loc(
    ctx: &Context<'_>,
    section: usize,
    line: u32,
    text: &str,
    role: &str,
) -> Location {
    crate::rules::narrative::text_location(ctx, section, line, text, role)
}

/// `绩效目标表「网络维护费」质量指标「网络正常率」` — where an indicator is, for messages.
pub(crate) fn where_zh(pt: &PerformanceTable, v: &View<'_>) -> String {
    let group = if v.ind.level2.is_empty() {
        &v.ind.level1
    } else {
        &v.ind.level2
    };
    format!("{}{}「{}」", block_name(pt), group, v.ind.level3)
}

/// English counterpart of [`where_zh`].
pub(crate) fn where_en(pt: &PerformanceTable, v: &View<'_>) -> String {
    format!("{}, indicator \"{}\"", block_name_en(pt), v.ind.level3)
}

/// Exact comparison intervals of amounts printed together: an integer printed among amounts
/// with decimals is read at their precision (word processors drop ".00"; `191` next to
/// `372.88` is 191.00), otherwise each amount stands for what its printed digits allow.
pub(crate) fn intervals(amounts: &[&Amount]) -> Vec<Interval> {
    let max = amounts.iter().map(|a| a.decimals).max().unwrap_or(0);
    amounts
        .iter()
        .map(|a| {
            let d = if a.decimals == 0 { max } else { a.decimals };
            Interval::rounded(a.value, d).scale(a.unit.yuan_factor())
        })
        .collect()
}

/// An amount shown in `unit` with `decimals`.
pub(crate) fn show(a: &Amount) -> String {
    format!("{} {}", format_amount(a.value, a.decimals), a.unit.label())
}

/// What the self-evaluation rules share: the rows of a 绩效自评表 with their parsed values.
pub(crate) mod evaluation {

    use rust_decimal::Decimal;

    use crate::model::{Evaluation, PerformanceKind, PerformanceTable};
    use crate::perf::selfeval;
    use crate::perf::value::{self, Target};
    use crate::perf::View;
    use crate::rules::Context;

    /// An indicator row of a self-evaluation.
    pub(crate) struct Row<'a, 'b> {
        pub(crate) view: &'b View<'a>,
        pub(crate) eval: &'a Evaluation,
        /// 实际完成值, parsed.
        pub(crate) actual: Option<Target>,
        /// 分值 and 得分 as numbers.
        pub(crate) weight: Option<Decimal>,
        pub(crate) score: Option<Decimal>,
    }

    /// The self-evaluation tables with their rows.
    pub(crate) fn tables<'a, 'b>(
        ctx: &'b Context<'a>,
    ) -> Vec<(usize, &'a PerformanceTable, Vec<Row<'a, 'b>>)> {
        ctx.doc
            .performance
            .iter()
            .enumerate()
            .filter(|(_, pt)| pt.kind == PerformanceKind::SelfEvaluation)
            .map(|(b, pt)| {
                let rows = ctx
                    .indicators(b)
                    .filter_map(|v| {
                        let eval = v.ind.evaluation.as_ref()?;
                        Some(Row {
                            actual: eval.actual.as_deref().map(value::parse),
                            weight: eval.weight.as_deref().and_then(selfeval::score),
                            score: eval.score.as_deref().and_then(selfeval::score),
                            eval,
                            view: v,
                        })
                    })
                    .collect();
                (b, pt, rows)
            })
            .collect()
    }
}
