//! XT: equalities and inequalities across tables.

mod basic_expenditure_mismatch;
mod expenditure_general_budget_mismatch;
mod fiscal_general_budget_mismatch;
mod income_fiscal_mismatch;
mod operating_cost_exceeds_public;
mod project_table_mismatch;
mod summary_expenditure_mismatch;
mod summary_fiscal_mismatch;
mod summary_income_mismatch;
mod three_public_economic_mismatch;

pub use basic_expenditure_mismatch::BASIC_EXPENDITURE_MISMATCH;
pub use expenditure_general_budget_mismatch::EXPENDITURE_GENERAL_BUDGET_MISMATCH;
pub use fiscal_general_budget_mismatch::FISCAL_GENERAL_BUDGET_MISMATCH;
pub use income_fiscal_mismatch::INCOME_FISCAL_MISMATCH;
pub use operating_cost_exceeds_public::OPERATING_COST_EXCEEDS_PUBLIC;
pub use project_table_mismatch::PROJECT_TABLE_MISMATCH;
pub use summary_expenditure_mismatch::SUMMARY_EXPENDITURE_MISMATCH;
pub use summary_fiscal_mismatch::SUMMARY_FISCAL_MISMATCH;
pub use summary_income_mismatch::SUMMARY_INCOME_MISMATCH;
pub use three_public_economic_mismatch::THREE_PUBLIC_ECONOMIC_MISMATCH;

use crate::report::Severity;
use crate::rules::identity::{relation, row_label, Phrase, Ref, Relation};
use crate::rules::{Rule, Sink};

/// A cell named for messages: `收支总表「本年支出合计」`.
pub(crate) fn cell_name(r: &Ref<'_>) -> String {
    let label = row_label(r.table, r.row, r.col);
    let col = r
        .table
        .columns
        .get(r.col)
        .map(|c| c.label().to_string())
        .unwrap_or_default();
    if col.is_empty() || label.contains(&col) {
        format!("{}「{}」", r.table.title, label)
    } else {
        format!("{}「{}」{}", r.table.title, label, col)
    }
}

/// Records `a = b` (or `a ≥ b`) between two cells of different tables.
pub(crate) fn compare(rule: &Rule, rel: Relation, a: Ref<'_>, b: &[Ref<'_>], sink: &mut Sink) {
    let names: Vec<String> = b.iter().map(cell_name).collect();
    let phrase = Phrase {
        where_zh: format!(
            "{} 与 {}",
            a.table.title,
            b.first().map(|x| x.table.title.as_str()).unwrap_or("")
        ),
        where_en: format!(
            "{} vs {}",
            a.table.title,
            b.first().map(|x| x.table.title.as_str()).unwrap_or("")
        ),
        total_label: cell_name(&a),
        part_labels: names,
    };
    relation(rule, rel, a, b, &phrase, sink);
}

/// A class printed with an amount in one table but absent from the table that should break
/// it down: an error when the amount is not zero, a pass otherwise.
pub(crate) fn absent_class(rule: &Rule, cell: Ref<'_>, other: &crate::model::Table, sink: &mut Sink) {
    let name = cell_name(&cell);
    let subject = (
        format!("{name} 在{}中有对应的类", other.title),
        format!("{name} has a matching class in {}", other.title),
    );
    let loc = crate::rules::identity::location_of(&cell, "total");
    match cell
        .table
        .cell(cell.row, cell.col)
        .amount()
        .filter(|a| !a.is_zero())
    {
        None => sink.pass(rule, subject, vec![loc]),
        Some(a) => sink.fail(
            rule,
            Severity::Error,
            subject,
            (
                format!("{name} 为 {}，但{}中没有这一类", a.raw, other.title),
                format!("{name} is {}, but {} has no such class", a.raw, other.title),
            ),
            vec![loc],
        ),
    }
}
