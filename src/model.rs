//! The typed model every input is parsed into.

mod amount;
mod classification;
mod document;
mod table;
mod unit;

pub use amount::{format_amount, Amount, Interval};
pub use classification::{Code, CodeLevel, CodeScheme};
pub use document::{
    CostBreakdown, CostRow, DocKind, Document, Evaluation, Indicator, Paragraph, ParseIssue, PerformanceKind,
    PerformanceLayout, PerformanceTable, Section, UnitPart,
};
pub use table::{Cell, Column, ColumnRole, Row, RowHead, RowKind, Table, TableKind};
pub use unit::Unit;
