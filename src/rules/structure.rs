//! ST: the tables a disclosure must contain, and empty tables.

mod classification_name_mismatch;
mod empty_note_contradicts_data;
mod empty_table_unexplained;
mod required_table_missing;

pub use classification_name_mismatch::CLASSIFICATION_NAME_MISMATCH;
pub use empty_note_contradicts_data::EMPTY_NOTE_CONTRADICTS_DATA;
pub use empty_table_unexplained::EMPTY_TABLE_UNEXPLAINED;
pub use required_table_missing::REQUIRED_TABLE_MISSING;

use crate::model::Table;
use crate::report::Location;

/// A location pointing at a whole table (its title line).
pub(crate) fn table_location(t: &Table) -> Location {
    Location {
        kind: crate::report::LocationKind::Table,
        table: t.id,
        row: 0,
        col: 0,
        line: t.line,
        row_label: String::new(),
        column_label: String::new(),
        text: t.title.clone(),
        role: "table".into(),
        block: None,
        source: None,
    }
}

/// True when the table prints at least one non-zero amount.
pub(crate) fn has_data(t: &Table) -> bool {
    t.rows
        .iter()
        .any(|r| r.cells.iter().any(|c| c.amount().is_some_and(|a| !a.is_zero())))
}
