//! A checked document as the page shows it: the core's [`Report`], the tables as printed
//! (for the table view) and an index from every cell to the checks and findings that
//! involve it.
//!
//! [`check`] is what the web worker runs; its [`Payload`] crosses to the page as
//! [`crate::protocol::FromChecker::Checked`].
//! A report reopened from a saved JSON file has no tables (there is no source text).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use suanpan::model::{ColumnRole, RowKind, Table, TableKind, Unit};
use suanpan::report::{Location, LocationKind, Report, Severity, Status};
use suanpan::Options;

/// A column of a printed table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintedColumn {
    /// Header labels from the top header row down.
    pub header: Vec<String>,
    /// What the column holds.
    pub role: ColumnRole,
    /// Panel (two-sided tables have panels 0 and 1).
    pub panel: usize,
}

/// A row of a printed table: its cells as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintedRow {
    /// 1-based source line.
    pub line: u32,
    /// One string per column, as printed ("" when blank).
    pub cells: Vec<String>,
    /// A 合计/小计 row (in any panel).
    pub total: bool,
    /// A "其中" row.
    pub of_which: bool,
    /// The row's numbers could not be placed in columns with confidence.
    pub uncertain: bool,
}

/// A recognised table, reduced to what the table view shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintedTable {
    /// Index in the document (= `Location::table`).
    pub id: usize,
    /// Kind.
    pub kind: TableKind,
    /// Title as printed.
    pub title: String,
    /// Numbering as printed (表一 …).
    pub number: Option<String>,
    /// Unit declared.
    pub unit: Option<Unit>,
    /// 1-based source line of the title.
    pub line: u32,
    /// Columns.
    pub columns: Vec<PrintedColumn>,
    /// Rows.
    pub rows: Vec<PrintedRow>,
    /// The "empty table" statement, when printed.
    pub empty_note: Option<String>,
    /// True when every row was laid out without guessing.
    pub reliable: bool,
}

impl From<&Table> for PrintedTable {
    fn from(t: &Table) -> Self {
        PrintedTable {
            id: t.id,
            kind: t.kind,
            title: t.title.clone(),
            number: t.number.clone(),
            unit: t.unit,
            line: t.line,
            columns: t
                .columns
                .iter()
                .map(|c| PrintedColumn {
                    header: c.header.clone(),
                    role: c.role,
                    panel: c.panel,
                })
                .collect(),
            rows: t
                .rows
                .iter()
                .map(|r| PrintedRow {
                    line: r.line,
                    cells: r.cells.iter().map(|c| c.display()).collect(),
                    total: r.heads.iter().any(|h| h.kind == RowKind::Total),
                    of_which: r.heads.iter().any(|h| h.kind == RowKind::OfWhich),
                    uncertain: r.uncertain,
                })
                .collect(),
            empty_note: t.empty_note.clone(),
            reliable: t.reliable,
        }
    }
}

/// What the checker produces for one text (sent from the worker to the page,
/// [`crate::protocol::FromChecker::Checked`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    /// The report (the CLI's JSON schema).
    pub report: Report,
    /// The recognised tables as printed.
    pub tables: Vec<PrintedTable>,
    /// The Markdown docs of the rules that have findings: (code, docs) (the page does not
    /// carry every rule's docs in its first load).
    #[serde(default)]
    pub docs: Vec<(String, String)>,
}

/// Parses and checks `text` with every rule (the same as `suanpan::check_text`), keeping
/// the tables for the table view.
pub fn check(source: &str, text: &str) -> Payload {
    check_with_sources(source, text, &suanpan::source::SourceMap::new())
}

/// [`check`] for text read from files: every location of a finding says where it was printed
/// (PDF page and box, sheet and cell) through the reader's source map.
pub fn check_with_sources(source: &str, text: &str, sources: &suanpan::source::SourceMap) -> Payload {
    let doc = suanpan::parse::parse_text(text);
    let mut report = suanpan::check_document(source, &doc, &Options::default());
    let parsed = suanpan::parse::normalize::rejoin_split_numbers(text);
    suanpan::report::attach_sources(&mut report, &doc, &parsed, sources);
    let docs = report
        .findings
        .iter()
        .filter_map(|f| suanpan::rules::find(&f.rule))
        .map(|r| (r.code.to_string(), r.docs.to_string()))
        .fold(Vec::new(), |mut v: Vec<(String, String)>, d| {
            if !v.contains(&d) {
                v.push(d);
            }
            v
        });
    Payload {
        report,
        tables: doc.tables.iter().map(PrintedTable::from).collect(),
        docs,
    }
}

/// A cell: (table, row, column).
pub type CellKey = (usize, usize, usize);

/// The checks and findings that involve one cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Involved {
    /// Indices into `report.checks`.
    pub checks: Vec<usize>,
    /// Indices into `report.findings`.
    pub findings: Vec<usize>,
}

/// How a cell is marked in the table view.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    /// The worst severity of the findings that involve the cell.
    pub severity: Option<Severity>,
    /// The cell is the reported side (a total, or the figure compared) of a finding.
    pub primary: bool,
    /// The cell is a part of a finding's sum.
    pub related: bool,
    /// The evidence singles this cell out as the likely wrong one.
    pub likely_wrong: bool,
    /// The cell belongs to the finding in focus.
    pub focused: bool,
    /// Some check (passed or not) uses the cell.
    pub checked: bool,
}

/// True when a location is the reported side of its identity (a total, or a figure
/// compared as a whole) rather than one of the parts.
pub fn is_primary(l: &Location) -> bool {
    l.role != "part"
}

/// The family prefix of a rule code ("AR002" → "AR").
pub fn family_of(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// A checked document. Equality is identity: two results are equal only when they are the
/// same value (so views compare cheaply).
#[derive(Debug)]
pub struct Checked {
    /// The report.
    pub report: Report,
    /// The tables as printed; `None` for a report reopened from JSON.
    pub tables: Option<Vec<PrintedTable>>,
    /// The docs of the rules that have findings: (code, docs) (empty for a reopened report).
    pub docs: Vec<(String, String)>,
    /// The worker's payload as it came, handed on as is to the file reader for the
    /// annotated PDF (so the page needs no code to write it again).
    pub payload: Option<crate::protocol::Js<Payload>>,
    cells: BTreeMap<CellKey, Involved>,
    finding_of_check: BTreeMap<usize, usize>,
}

impl PartialEq for Checked {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Checked {
    /// Indexes a worker's (or the local checker's) payload.
    pub fn new(payload: Payload) -> Self {
        let mut c = Self::build(payload.report, Some(payload.tables));
        c.docs = payload.docs;
        c
    }

    /// A report reopened from a saved JSON file (no tables, no source text).
    pub fn from_report(report: Report) -> Self {
        Self::build(report, None)
    }

    fn build(report: Report, tables: Option<Vec<PrintedTable>>) -> Self {
        let mut cells: BTreeMap<CellKey, Involved> = BTreeMap::new();
        for (i, c) in report.checks.iter().enumerate() {
            for l in c.locations.iter().filter(|l| l.kind == LocationKind::Cell) {
                let e = cells.entry((l.table, l.row, l.col)).or_default();
                if e.checks.last() != Some(&i) {
                    e.checks.push(i);
                }
            }
        }
        let mut finding_of_check = BTreeMap::new();
        for (i, f) in report.findings.iter().enumerate() {
            if let Some(c) = f.check {
                finding_of_check.entry(c).or_insert(i);
            }
            for l in f.locations.iter().filter(|l| l.kind == LocationKind::Cell) {
                let e = cells.entry((l.table, l.row, l.col)).or_default();
                if e.findings.last() != Some(&i) {
                    e.findings.push(i);
                }
            }
        }
        Checked {
            report,
            tables,
            docs: Vec::new(),
            payload: None,
            cells,
            finding_of_check,
        }
    }

    /// The checks and findings that involve a cell.
    pub fn involved(&self, cell: CellKey) -> Option<&Involved> {
        self.cells.get(&cell)
    }

    /// The finding a failed check produced, when any.
    pub fn finding_for_check(&self, check: usize) -> Option<usize> {
        self.finding_of_check.get(&check).copied()
    }

    /// The table a finding or check points at first (its first cell or table location).
    pub fn first_table(locations: &[Location]) -> Option<usize> {
        locations
            .iter()
            .find(|l| matches!(l.kind, LocationKind::Cell | LocationKind::Table))
            .map(|l| l.table)
    }

    /// The cell to bring into view for a list of locations: the likely wrong one, else the
    /// first primary cell, else the first cell.
    pub fn focus_cell(locations: &[Location], likely_wrong: Option<&Location>) -> Option<CellKey> {
        let key = |l: &Location| (l.table, l.row, l.col);
        likely_wrong
            .filter(|l| l.kind == LocationKind::Cell)
            .map(key)
            .or_else(|| {
                locations
                    .iter()
                    .find(|l| l.kind == LocationKind::Cell && is_primary(l))
                    .map(key)
            })
            .or_else(|| locations.iter().find(|l| l.kind == LocationKind::Cell).map(key))
    }

    /// How the cells of `table` are marked, given the findings shown and the finding in focus.
    pub fn marks(
        &self,
        table: usize,
        shown: impl Fn(usize) -> bool,
        focus: Option<usize>,
    ) -> BTreeMap<(usize, usize), Mark> {
        let mut marks: BTreeMap<(usize, usize), Mark> = BTreeMap::new();
        for (&(t, r, c), inv) in self.cells.range((table, 0, 0)..(table + 1, 0, 0)) {
            debug_assert_eq!(t, table);
            if !inv.checks.is_empty() {
                marks.entry((r, c)).or_default().checked = true;
            }
        }
        for (i, f) in self.report.findings.iter().enumerate() {
            if !shown(i) {
                continue;
            }
            let in_focus = focus == Some(i);
            for l in f
                .locations
                .iter()
                .filter(|l| l.kind == LocationKind::Cell && l.table == table)
            {
                let m = marks.entry((l.row, l.col)).or_default();
                m.severity = Some(m.severity.map_or(f.severity, |s| s.min(f.severity)));
                if is_primary(l) {
                    m.primary = true;
                } else {
                    m.related = true;
                }
                m.focused |= in_focus;
            }
            if let Some(l) = f
                .likely_wrong
                .as_ref()
                .filter(|l| l.kind == LocationKind::Cell && l.table == table)
            {
                let m = marks.entry((l.row, l.col)).or_default();
                m.likely_wrong = true;
                m.severity = Some(m.severity.map_or(f.severity, |s| s.min(f.severity)));
                m.focused |= in_focus;
            }
        }
        marks
    }

    /// Tables a finding involves, as whole-table locations (e.g. an empty-table note).
    pub fn table_findings(&self, table: usize) -> Vec<usize> {
        self.report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                f.locations
                    .iter()
                    .any(|l| l.kind == LocationKind::Table && l.table == table)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Required tables the document lacks (ST001 failures), as the rule names them.
    pub fn missing_tables(&self) -> Vec<(Severity, String, String)> {
        self.report
            .findings
            .iter()
            .filter(|f| f.rule == "ST001" && !f.message_zh.is_empty())
            .filter_map(|f| {
                let c = f.check.and_then(|c| self.report.checks.get(c))?;
                (c.status == Status::Fail).then(|| {
                    let after = |s: &str, sep: char| {
                        s.split_once(sep)
                            .map_or(s.to_string(), |(_, b)| b.trim().to_string())
                    };
                    (f.severity, after(&c.subject_zh, '：'), after(&c.subject_en, ':'))
                })
            })
            .collect()
    }

    /// Counts of the findings by severity: (errors, warnings, infos).
    pub fn severity_counts(&self) -> (usize, usize, usize) {
        let n = |s: Severity| self.report.findings.iter().filter(|f| f.severity == s).count();
        (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SAMPLE_NAME, SAMPLE_TEXT};

    #[test]
    fn payload_round_trips_through_json() {
        let p = check(SAMPLE_NAME, SAMPLE_TEXT);
        let json = serde_json::to_string(&p).expect("json");
        let back: Payload = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, p);
        assert_eq!(
            p.report,
            suanpan::check_text(SAMPLE_NAME, SAMPLE_TEXT, &Options::default())
        );
        assert_eq!(p.tables.len(), p.report.tables.len());
    }

    #[test]
    fn cells_know_their_checks_and_findings() {
        let c = Checked::new(check(SAMPLE_NAME, SAMPLE_TEXT));
        let (i, f) = c
            .report
            .findings
            .iter()
            .enumerate()
            .find(|(_, f)| f.rule == "AR002")
            .expect("AR002");
        let total = f.locations.first().expect("a total");
        let inv = c.involved((total.table, total.row, total.col)).expect("indexed");
        assert!(inv.findings.contains(&i));
        let check = f.check.expect("a check");
        assert!(inv.checks.contains(&check));
        assert_eq!(c.finding_for_check(check), Some(i));
        // the same cell takes part in passed checks too (its column total)
        assert!(inv
            .checks
            .iter()
            .any(|&k| c.report.checks[k].status == Status::Pass));

        let marks = c.marks(total.table, |_| true, Some(i));
        let m = marks.get(&(total.row, total.col)).expect("marked");
        assert!(m.primary && m.focused && m.checked);
        assert_eq!(m.severity, Some(Severity::Error));
        let part = f.locations.iter().find(|l| l.role == "part").expect("a part");
        assert!(marks.get(&(part.row, part.col)).is_some_and(|m| m.related));
        assert_eq!(
            Checked::focus_cell(&f.locations, f.likely_wrong.as_ref()).map(|k| k.0),
            Some(total.table)
        );
        // hidden findings are not marked
        let none = c.marks(total.table, |_| false, None);
        assert!(none.values().all(|m| m.severity.is_none()));
    }

    #[test]
    fn missing_tables_come_from_st001() {
        let text = "2019年某某单位部门预算\n部门收支总体情况表\n单位：万元\n收入 预算数 支出 预算数\n合计 1.00 合计 1.00\n";
        let c = Checked::new(check("x", text));
        let missing = c.missing_tables();
        assert!(
            missing.iter().any(|(_, zh, _)| zh.contains("政府性基金")),
            "{missing:?}"
        );
        assert!(
            !missing
                .iter()
                .any(|(_, zh, _)| zh.contains("收支总表") && zh.starts_with("部门收支")),
            "{missing:?}"
        );
    }

    #[test]
    fn identity_equality() {
        let a = Checked::from_report(check("x", "无表格").report);
        let b = Checked::from_report(a.report.clone());
        assert_eq!(a, a);
        assert_ne!(a, b);
        assert_eq!(family_of("AR002"), "AR");
    }
}
