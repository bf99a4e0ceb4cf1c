//! AR: identities within one table.

mod classification_rollup_mismatch;
mod column_total_mismatch;
mod fiscal_fund_balance_mismatch;
mod fund_carryover_mismatch;
mod personnel_public_split_mismatch;
mod procurement_mismatch;
mod row_sum_mismatch;
mod summary_composition_mismatch;
mod summary_total_mismatch;
mod three_public_mismatch;

pub use classification_rollup_mismatch::CLASSIFICATION_ROLLUP_MISMATCH;
pub use column_total_mismatch::COLUMN_TOTAL_MISMATCH;
pub use fiscal_fund_balance_mismatch::FISCAL_FUND_BALANCE_MISMATCH;
pub use fund_carryover_mismatch::FUND_CARRYOVER_MISMATCH;
pub use personnel_public_split_mismatch::PERSONNEL_PUBLIC_SPLIT_MISMATCH;
pub use procurement_mismatch::PROCUREMENT_MISMATCH;
pub use row_sum_mismatch::ROW_SUM_MISMATCH;
pub use summary_composition_mismatch::SUMMARY_COMPOSITION_MISMATCH;
pub use summary_total_mismatch::SUMMARY_TOTAL_MISMATCH;
pub use three_public_mismatch::THREE_PUBLIC_MISMATCH;

use crate::model::{Table, TableKind};

/// Tables whose rows are classification codes with amount columns.
pub(crate) const CODED_TABLES: &[TableKind] = &[
    TableKind::Income,
    TableKind::Expenditure,
    TableKind::FiscalExpenditure,
    TableKind::FiscalBasic,
    TableKind::GeneralBudgetExpenditure,
    TableKind::GeneralBudgetBasic,
    TableKind::ProjectExpenditure,
    TableKind::GovernmentFund,
    TableKind::StateCapital,
    TableKind::OperatingCost,
];

/// Rows of a panel that carry a code, with their level, in order.
pub(crate) fn coded_rows(table: &Table, panel: usize) -> Vec<(usize, crate::model::CodeLevel)> {
    table
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let h = r.heads.get(panel)?;
            let c = h.code.as_ref()?;
            (h.kind != crate::model::RowKind::OfWhich).then_some((i, c.level))
        })
        .collect()
}
