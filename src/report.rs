//! The report: recognised tables, every check evaluated, findings, parse issues.
//!
//! The JSON form of [`Report`] is a contract (`schema_version`); other tools read it and
//! the web app reopens saved reports. Decimal values are strings.

use serde::{Deserialize, Serialize};

use crate::model::{DocKind, ParseIssue, Table, TableKind, Unit};

/// Version of the JSON report schema. Version 2 added `source` to the locations of findings
/// (where the operand was printed: PDF page and box, sheet and cell, or line and column).
pub const SCHEMA_VERSION: u32 = 2;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// An identity broken beyond what rounding can explain.
    Error,
    /// A conditional or plausibility problem; or an error that depends on reading a blank as zero.
    Warning,
    /// Worth knowing, not a defect.
    Info,
}

impl Severity {
    /// 错误 / 警告 / 提示
    pub fn label_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
    /// error / warning / info
    pub fn label_en(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The outcome of one evaluated identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The identity holds within the printed precision.
    Pass,
    /// The identity cannot hold, whatever the rounding.
    Fail,
    /// The identity could not be evaluated (operand missing, layout uncertain…).
    NotChecked,
}

/// What a [`Location`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum LocationKind {
    /// A table cell (`table`, `row`, `col`).
    #[default]
    Cell,
    /// A whole table (`table`; `row` and `col` are 0).
    Table,
    /// Narrative text: `line`, the section heading in `row_label`, the words in `text`
    /// (`table`, `row` and `col` are 0 and mean nothing).
    Text,
    /// A row or field of a 项目支出绩效目标表 (not a [`Table`]): `block` indexes
    /// [`Report::performance`]; `line` is the row's source line, `row_label` the indicator or
    /// field, `column_label` its 一级/二级 path, `text` the value as printed (`table`, `row`
    /// and `col` are 0 and mean nothing).
    Performance,
}

impl LocationKind {
    /// True for [`LocationKind::Cell`] (the default, not serialised).
    pub fn is_cell(&self) -> bool {
        *self == LocationKind::Cell
    }
}

/// Where an operand is: a table cell (0-based row and column of [`Table`]) and its source line,
/// a whole table, a passage of the narrative, or a row of a 绩效目标表 (see [`LocationKind`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct Location {
    /// What the location points at (omitted for cells).
    #[serde(default, skip_serializing_if = "LocationKind::is_cell")]
    #[cfg_attr(feature = "ts", ts(as = "Option<LocationKind>", optional))]
    pub kind: LocationKind,
    /// Table index in `tables`.
    pub table: usize,
    /// Row index in the table (0-based).
    pub row: usize,
    /// Column index in the table (0-based).
    pub col: usize,
    /// 1-based source line.
    pub line: u32,
    /// Row label (code and name) as printed.
    pub row_label: String,
    /// Column header path.
    pub column_label: String,
    /// The cell as printed ("" when blank).
    pub text: String,
    /// Role in the identity: "total" (the reported side) or "part"; for performance targets
    /// also "indicator", "funds", "source" or "table".
    pub role: String,
    /// For a [`LocationKind::Performance`] location: the block's index in
    /// [`Report::performance`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// Where it was printed: PDF page and box, sheet and cell, or line and column of the
    /// text (filled in after the checks, for the locations of findings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<crate::source::Source>,
}

/// A value with the interval its printed precision allows, in the table's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Value {
    /// The value as the checker shows it (with thousands separators).
    pub display: String,
    /// Lower bound of the possible true value.
    pub min: String,
    /// Upper bound.
    pub max: String,
    /// Unit.
    pub unit: Unit,
}

/// One evaluated identity (passed, failed or not checked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct Check {
    /// Rule code (AR001…).
    pub rule: String,
    /// Outcome.
    pub status: Status,
    /// The identity in words, Chinese ("邮电费：小计 = 人员经费 + 公用经费").
    pub subject_zh: String,
    /// The identity in words, English.
    pub subject_en: String,
    /// Why it was not checked (Chinese), when not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_zh: Option<String>,
    /// Why it was not checked (English).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
    /// Operand cells: the total first, then the parts.
    pub locations: Vec<Location>,
    /// The reported value (the total side), when evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<Value>,
    /// The computed value (the sum side), when evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<Value>,
}

/// A problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct Finding {
    /// Rule code.
    pub rule: String,
    /// Rule name (kebab-case).
    pub name: String,
    /// Severity.
    pub severity: Severity,
    /// Chinese message with the numbers.
    pub message_zh: String,
    /// English message with the numbers.
    pub message_en: String,
    /// The arithmetic, spelled out ("3.53 + 0.00 = 3.53 ≠ 3.54，差 0.01").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arithmetic: Option<String>,
    /// Every operand cell (the first is the reported total).
    pub locations: Vec<Location>,
    /// Reported value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reported: Option<Value>,
    /// Computed value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<Value>,
    /// Smallest possible difference between the two sides, in the table's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<String>,
    /// Index of the check in `checks` that produced this finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<usize>,
    /// The cell the evidence singles out as the likely wrong one, when it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likely_wrong: Option<Location>,
    /// For a finding that only repeats the consequence of another: that finding's check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consequence_of: Option<usize>,
    /// Why the evidence points where it does (Chinese).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution_zh: Option<String>,
    /// Why the evidence points where it does (English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution_en: Option<String>,
}

/// A recognised table, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct TableSummary {
    /// Index.
    pub id: usize,
    /// Kind.
    pub kind: TableKind,
    /// Kind in Chinese.
    pub kind_zh: String,
    /// Title as printed.
    pub title: String,
    /// Unit declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// Number of data rows.
    pub rows: usize,
    /// Number of columns.
    pub columns: usize,
    /// 1-based source line of the title.
    pub line: u32,
    /// True when every row's numbers were placed in columns with confidence.
    pub reliable: bool,
    /// The "empty table" statement printed, when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_note: Option<String>,
}

/// A recognised 项目支出绩效目标表, summarised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct PerformanceSummary {
    /// Index (the `block` of a [`LocationKind::Performance`] location).
    pub id: usize,
    /// 项目名称, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// "department" (部门整体支出绩效目标表) or "self-evaluation" (绩效自评表); omitted for
    /// a project's table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// 1-based source line of the block.
    pub line: u32,
    /// The template generation, when the 一级 names tell it: "2015" (产出/效益/满意度),
    /// "2021" (成本/产出/效益/满意度) or "legacy" (项目完成/效益).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generation: Option<String>,
    /// The project budget as printed (年度资金总额, or 本级 + 上级), with its unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funds: Option<String>,
    /// Indicator rows read (placeholders excluded).
    pub indicators: usize,
    /// Indicators whose 三级 name the lexicon classifies (category known).
    pub classified: usize,
    /// Indicators whose direction (正向/反向) is known, so the comparator is checked.
    pub directed: usize,
    /// 二级 groups printed with no indicator.
    pub placeholders: usize,
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Summary {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
    /// Checks that passed.
    pub checks_passed: usize,
    /// Checks that failed.
    pub checks_failed: usize,
    /// Checks that could not be evaluated.
    pub checks_not_checked: usize,
    /// Tables recognised.
    pub tables: usize,
    /// Parse issues.
    pub parse_issues: usize,
}

/// What the document is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct DocumentInfo {
    /// Source name (file name or "pasted").
    pub source: String,
    /// 预算 / 决算.
    pub kind: DocKind,
    /// Fiscal year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// The full report of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The document.
    pub document: DocumentInfo,
    /// Recognised tables.
    pub tables: Vec<TableSummary>,
    /// The units of a file holding several units' tables, each checked on its own (empty
    /// for a file of one unit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<crate::model::UnitPart>,
    /// Recognised 项目支出绩效目标表 blocks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub performance: Vec<PerformanceSummary>,
    /// Structural problems met while parsing.
    pub parse_issues: Vec<ParseIssue>,
    /// Findings, errors first.
    pub findings: Vec<Finding>,
    /// Every evaluated identity; without the passed ones when the report was made with
    /// [`Report::without_passed_checks`] (`suanpan check` without `--checks`): the summary
    /// still counts them.
    pub checks: Vec<Check>,
    /// Counts.
    pub summary: Summary,
}

impl Report {
    /// True when there is no error finding.
    pub fn is_clean(&self) -> bool {
        self.summary.errors == 0
    }

    /// False when a limit cut the work (a parse issue `P005`: lines, cells, figures or
    /// comparisons beyond a limit were not read or not compared), so what was not found may
    /// still be there (`suanpan check` exits with status 3).
    pub fn fully_checked(&self) -> bool {
        !self.parse_issues.iter().any(|p| p.code == "P005")
    }

    /// The report with only the checks that did not pass (and any a finding points at);
    /// the passed ones stay counted in the summary. The findings' `check` and
    /// `consequence_of` indices are renumbered to match. Most of a report is its passed
    /// checks (the largest corpus document: 1.2 MB of JSON, 20 KB without them).
    pub fn without_passed_checks(mut self) -> Report {
        let mut keep: Vec<bool> = self.checks.iter().map(|c| c.status != Status::Pass).collect();
        for f in &self.findings {
            for i in [f.check, f.consequence_of].into_iter().flatten() {
                if let Some(k) = keep.get_mut(i) {
                    *k = true;
                }
            }
        }
        // new index of each kept check
        let mut index = vec![None; keep.len()];
        let mut next = 0;
        for (i, k) in keep.iter().enumerate() {
            if *k {
                index[i] = Some(next);
                next += 1;
            }
        }
        let renumber = |i: Option<usize>| i.and_then(|i| index.get(i).copied().flatten());
        for f in &mut self.findings {
            f.check = renumber(f.check);
            f.consequence_of = renumber(f.consequence_of);
        }
        let mut k = keep.into_iter();
        self.checks.retain(|_| k.next().unwrap_or(false));
        self
    }
}

/// Summarises a table for the report.
pub fn table_summary(t: &Table) -> TableSummary {
    TableSummary {
        id: t.id,
        kind: t.kind,
        kind_zh: t.kind.label_zh().to_string(),
        title: t.title.clone(),
        unit: t.unit,
        rows: t.rows.len(),
        columns: t.columns.len(),
        line: t.line,
        reliable: t.reliable,
        empty_note: t.empty_note.clone(),
    }
}

/// Summarises a 绩效目标表 block for the report.
pub fn performance_summary(id: usize, pt: &crate::model::PerformanceTable) -> PerformanceSummary {
    let rows = crate::perf::indicators(id, pt);
    PerformanceSummary {
        id,
        project: pt.project.clone(),
        kind: match pt.kind {
            crate::model::PerformanceKind::Project => None,
            crate::model::PerformanceKind::Department => Some("department".into()),
            crate::model::PerformanceKind::SelfEvaluation => Some("self-evaluation".into()),
        },
        line: pt.line,
        generation: crate::perf::generation(pt).map(|g| g.code().to_string()),
        funds: crate::perf::budget(pt).map(|a| format!("{} {}", a.raw, a.unit.label())),
        indicators: rows.len(),
        classified: rows.iter().filter(|v| v.term.is_some()).count(),
        directed: rows
            .iter()
            .filter(|v| v.term.as_ref().is_some_and(|t| t.polarity.is_some()))
            .count(),
        placeholders: pt.indicators.iter().filter(|i| i.is_placeholder()).count(),
    }
}

/// Fills in the [`Location::source`] of every location of the findings (and the cell each
/// finding singles out): where the operand was printed, from the text the document was
/// parsed from and the readers' [`SourceMap`](crate::source::SourceMap) (empty for pasted
/// text: lines and columns then).
pub fn attach_sources(
    report: &mut Report,
    doc: &crate::model::Document,
    text: &str,
    map: &crate::source::SourceMap,
) {
    // the text's lines, split once
    let lines: Vec<&str> = text.split('\n').collect();
    for f in &mut report.findings {
        for l in &mut f.locations {
            l.source = source_of(l, doc, &lines, map);
        }
        if let Some(l) = &mut f.likely_wrong {
            l.source = source_of(l, doc, &lines, map);
        }
    }
}

/// Where a location was printed (see [`attach_sources`]); `lines` is the document's text
/// split at `\n`.
pub fn source_of(
    loc: &Location,
    doc: &crate::model::Document,
    lines: &[&str],
    map: &crate::source::SourceMap,
) -> Option<crate::source::Source> {
    let (needle, nth, spill) = match loc.kind {
        LocationKind::Cell => {
            let row = doc.tables.get(loc.table)?.rows.get(loc.row)?;
            // the same text printed earlier in the row comes first on the line
            let nth = row
                .cells
                .iter()
                .take(loc.col)
                .filter(|c| c.display() == loc.text)
                .count();
            (loc.text.clone(), nth, if row.merged { 3 } else { 1 })
        }
        LocationKind::Table => (
            doc.tables
                .get(loc.table)
                .map(|t| t.title.clone())
                .unwrap_or_default(),
            0,
            2,
        ),
        LocationKind::Text | LocationKind::Performance => (loc.text.clone(), 0, 1),
    };
    map.locate_in(lines, loc.line, &needle, nth, spill)
}
