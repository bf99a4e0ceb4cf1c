//! Recognised tables: kind, title, unit, columns and rows of cells.

use serde::{Deserialize, Serialize};

use super::{Amount, Code, Unit};

/// Which standard disclosure table this is.
///
/// Names follow the 预算 templates; the 决算 equivalents map to the same kind
/// (收入支出决算总表 → [`TableKind::Summary`], and so on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum TableKind {
    /// 部门收支总表 / 收入支出决算总表
    Summary,
    /// 部门收入总表 / 收入决算表
    Income,
    /// 部门支出总表 / 支出决算表
    Expenditure,
    /// 财政拨款收支总表 / 财政拨款收入支出决算总表
    FiscalSummary,
    /// 财政拨款支出表 (功能科目), Jiangsu
    FiscalExpenditure,
    /// 财政拨款基本支出表 (经济科目), Jiangsu
    FiscalBasic,
    /// 一般公共预算(财政拨款)支出表
    GeneralBudgetExpenditure,
    /// 一般公共预算(财政拨款)基本支出表
    GeneralBudgetBasic,
    /// 项目支出表
    ProjectExpenditure,
    /// "三公"经费支出表 (possibly with 会议费/培训费 or 机关运行经费)
    ThreePublic,
    /// 政府性基金预算(财政拨款)支出表
    GovernmentFund,
    /// 国有资本经营预算(财政拨款)支出表
    StateCapital,
    /// 机关运行经费支出表
    OperatingCost,
    /// 政府采购预算表
    Procurement,
    /// A table we found but do not recognise.
    Other,
}

impl TableKind {
    /// All kinds, in template order.
    pub const ALL: &'static [TableKind] = &[
        TableKind::Summary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::FiscalSummary,
        TableKind::FiscalExpenditure,
        TableKind::FiscalBasic,
        TableKind::GeneralBudgetExpenditure,
        TableKind::GeneralBudgetBasic,
        TableKind::ProjectExpenditure,
        TableKind::ThreePublic,
        TableKind::GovernmentFund,
        TableKind::StateCapital,
        TableKind::OperatingCost,
        TableKind::Procurement,
        TableKind::Other,
    ];

    /// Short Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            TableKind::Summary => "收支总表",
            TableKind::Income => "收入表",
            TableKind::Expenditure => "支出表",
            TableKind::FiscalSummary => "财政拨款收支总表",
            TableKind::FiscalExpenditure => "财政拨款支出表",
            TableKind::FiscalBasic => "财政拨款基本支出表",
            TableKind::GeneralBudgetExpenditure => "一般公共预算支出表",
            TableKind::GeneralBudgetBasic => "一般公共预算基本支出表",
            TableKind::ProjectExpenditure => "项目支出表",
            TableKind::ThreePublic => "“三公”经费表",
            TableKind::GovernmentFund => "政府性基金预算支出表",
            TableKind::StateCapital => "国有资本经营预算支出表",
            TableKind::OperatingCost => "机关运行经费表",
            TableKind::Procurement => "政府采购表",
            TableKind::Other => "其他表",
        }
    }

    /// The template's name for this table in a 预算 or a 决算 disclosure.
    pub fn template_name(self, final_account: bool) -> &'static str {
        match (self, final_account) {
            (TableKind::Summary, false) => "部门收支总表",
            (TableKind::Summary, true) => "收入支出决算总表",
            (TableKind::Income, false) => "部门收入总表",
            (TableKind::Income, true) => "收入决算表",
            (TableKind::Expenditure, false) => "部门支出总表",
            (TableKind::Expenditure, true) => "支出决算表",
            (TableKind::FiscalSummary, false) => "财政拨款收支总表",
            (TableKind::FiscalSummary, true) => "财政拨款收入支出决算总表",
            (TableKind::GeneralBudgetExpenditure, false) => "一般公共预算支出表",
            (TableKind::GeneralBudgetExpenditure, true) => "一般公共预算财政拨款支出决算表",
            (TableKind::GeneralBudgetBasic, false) => "一般公共预算基本支出表",
            (TableKind::GeneralBudgetBasic, true) => "一般公共预算财政拨款基本支出决算表",
            (TableKind::ThreePublic, false) => "一般公共预算“三公”经费支出表",
            (TableKind::ThreePublic, true) => "财政拨款“三公”经费支出决算表",
            (TableKind::GovernmentFund, false) => "政府性基金预算支出表",
            (TableKind::GovernmentFund, true) => "政府性基金预算财政拨款收入支出决算表",
            (TableKind::StateCapital, false) => "国有资本经营预算支出表",
            (TableKind::StateCapital, true) => "国有资本经营预算财政拨款支出决算表",
            (k, _) => k.label_zh(),
        }
    }

    /// Short English name.
    pub fn label_en(self) -> &'static str {
        match self {
            TableKind::Summary => "income and expenditure summary",
            TableKind::Income => "income table",
            TableKind::Expenditure => "expenditure table",
            TableKind::FiscalSummary => "fiscal appropriation summary",
            TableKind::FiscalExpenditure => "fiscal appropriation expenditure",
            TableKind::FiscalBasic => "fiscal appropriation basic expenditure",
            TableKind::GeneralBudgetExpenditure => "general public budget expenditure",
            TableKind::GeneralBudgetBasic => "general public budget basic expenditure",
            TableKind::ProjectExpenditure => "project expenditure",
            TableKind::ThreePublic => "\"three public\" expenses",
            TableKind::GovernmentFund => "government fund budget",
            TableKind::StateCapital => "state capital operation budget",
            TableKind::OperatingCost => "administrative operating costs",
            TableKind::Procurement => "government procurement",
            TableKind::Other => "other table",
        }
    }

    /// Recognises a table kind from its title (numbering and year already stripped).
    pub fn from_title(title: &str) -> TableKind {
        let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        let has = |s: &str| t.contains(s);
        if has("三公") {
            TableKind::ThreePublic
        } else if has("政府采购") {
            TableKind::Procurement
        } else if has("机关运行经费") {
            TableKind::OperatingCost
        } else if has("政府性基金") {
            TableKind::GovernmentFund
        } else if has("国有资本经营") {
            TableKind::StateCapital
        } else if has("项目支出") {
            TableKind::ProjectExpenditure
        } else if has("基本支出") {
            if has("一般公共预算") {
                TableKind::GeneralBudgetBasic
            } else {
                TableKind::FiscalBasic
            }
        } else if has("财政拨款") && (has("收支") || has("收入支出")) {
            TableKind::FiscalSummary
        } else if has("一般公共预算") && has("支出") {
            TableKind::GeneralBudgetExpenditure
        } else if has("财政拨款") && has("支出") {
            TableKind::FiscalExpenditure
        } else if has("收支") || has("收入支出") {
            TableKind::Summary
        } else if has("收入") {
            TableKind::Income
        } else if has("支出") {
            TableKind::Expenditure
        } else {
            TableKind::Other
        }
    }
}

/// One cell of a table as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum Cell {
    /// Nothing printed. Not zero: unknown.
    Blank,
    /// A dash (—, -, －) printed where a number would be.
    Dash,
    /// A number.
    Amount(Amount),
    /// Text.
    Text(String),
}

impl Cell {
    /// The amount, when the cell holds one.
    pub fn amount(&self) -> Option<&Amount> {
        match self {
            Cell::Amount(a) => Some(a),
            _ => None,
        }
    }

    /// True for [`Cell::Blank`] and [`Cell::Dash`].
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Blank | Cell::Dash)
    }

    /// The cell as display text.
    pub fn display(&self) -> String {
        match self {
            Cell::Blank => String::new(),
            Cell::Dash => "—".to_string(),
            Cell::Amount(a) => a.raw.clone(),
            Cell::Text(t) => t.clone(),
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnRole {
    /// Classification code (类/款/项 split or joined).
    Code,
    /// Row label (科目名称 / 项目).
    Label,
    /// Amounts.
    Amount,
    /// Other text (project names, purchase methods…).
    Text,
}

/// A column of a table, with its header resolved into a path of labels
/// (e.g. `["支出预算", "基本支出"]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Header labels from the top header row down, spaces removed.
    pub header: Vec<String>,
    /// What the column holds.
    pub role: ColumnRole,
    /// Which panel the column belongs to (a two-sided table has panels 0 and 1).
    pub panel: usize,
}

impl Column {
    /// The most specific header label (the bottom one), or "" when none.
    pub fn label(&self) -> &str {
        self.header.last().map(String::as_str).unwrap_or("")
    }

    /// The header path joined with "/".
    pub fn path(&self) -> String {
        self.header.join("/")
    }
}

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowKind {
    /// An ordinary item row.
    Item,
    /// A total row (合计 / 总计 / 小计 …).
    Total,
    /// A "其中：" breakdown row (not additive).
    OfWhich,
}

/// The label and code of a row within one panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowHead {
    /// Classification code, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    /// The row label (科目名称 or 项目), spaces inside CJK text removed.
    pub label: String,
    /// What the row is.
    pub kind: RowKind,
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// 1-based source line of the row (its first line when it spans several).
    pub line: u32,
    /// One cell per column.
    pub cells: Vec<Cell>,
    /// Label and code per panel (index = panel).
    pub heads: Vec<RowHead>,
    /// True when the row was rebuilt from several source lines (vertically centred
    /// cells in PDF text): its alignment is less certain.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub merged: bool,
    /// True when the row's numbers could not be placed in columns with confidence
    /// (checks that need its cells say "not checked").
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub uncertain: bool,
}

/// A recognised table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Index of the table in the document (0-based).
    pub id: usize,
    /// What the table is.
    pub kind: TableKind,
    /// Title as printed (numbering and markup removed).
    pub title: String,
    /// Numbering as printed (表一, 公开01表, 1.…), when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The unit declared for the table (单位：万元), when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// 1-based source line of the title.
    pub line: u32,
    /// 1-based last source line of the table.
    pub end_line: u32,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows (header rows excluded).
    pub rows: Vec<Row>,
    /// A statement that the table is empty ("本表无数据", "此表为空"…), when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_note: Option<String>,
    /// True when the rows could be laid out into columns without guessing.
    pub reliable: bool,
    /// True when the table runs on in the next one (its title repeated on the next page) but
    /// the two could not be joined (the continuation's columns were read differently): the
    /// checks that need the whole table (totals against classes, roll-ups) are not judged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub continued: bool,
    /// The department or unit printed above the table (编制单位 / 单位名称 / 部门), when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

impl Table {
    /// Number of panels (1 for ordinary tables, 2 or 3 for side-by-side layouts).
    pub fn panel_count(&self) -> usize {
        self.columns.iter().map(|c| c.panel + 1).max().unwrap_or(1)
    }

    /// Appends the rows of the same table continued on the next page.
    ///
    /// The continuation's columns are matched to this table's by panel, role and order: its
    /// stub may have been read with more or fewer code columns (a page without any 项 code),
    /// and those cells are kept only where this table has the column (the codes stay in each
    /// row's head either way).
    pub fn append(&mut self, next: Table) {
        let key = |cols: &[Column], i: usize| {
            let c = &cols[i];
            let stub = matches!(c.role, ColumnRole::Code | ColumnRole::Label);
            let ordinal = cols[..i]
                .iter()
                .filter(|d| {
                    d.panel == c.panel
                        && if stub {
                            d.role == c.role
                        } else {
                            !matches!(d.role, ColumnRole::Code | ColumnRole::Label)
                        }
                })
                .count();
            (c.panel, stub.then_some(c.role), ordinal)
        };
        let target: Vec<Option<usize>> = (0..next.columns.len())
            .map(|j| {
                let k = key(&next.columns, j);
                (0..self.columns.len()).find(|&i| key(&self.columns, i) == k)
            })
            .collect();
        let width = self.columns.len();
        let identity = width == next.columns.len() && target.iter().enumerate().all(|(j, t)| *t == Some(j));
        for mut row in next.rows {
            if !identity {
                let mut cells = vec![Cell::Blank; width];
                for (j, c) in row.cells.into_iter().enumerate() {
                    if let Some(Some(i)) = target.get(j) {
                        cells[*i] = c;
                    }
                }
                row.cells = cells;
            }
            self.rows.push(row);
        }
        self.end_line = self.end_line.max(next.end_line);
        self.reliable &= next.reliable;
    }

    /// Indices of the amount columns of a panel, left to right.
    pub fn amount_columns(&self, panel: usize) -> Vec<usize> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.panel == panel && c.role == ColumnRole::Amount)
            .map(|(i, _)| i)
            .collect()
    }

    /// True when the table carries no amount at all.
    pub fn has_no_amounts(&self) -> bool {
        !self
            .rows
            .iter()
            .any(|r| r.cells.iter().any(|c| c.amount().is_some()))
    }

    /// The head of a row in a panel (an empty head when the row has none there).
    pub fn head(&self, row: usize, panel: usize) -> Option<&RowHead> {
        self.rows.get(row).and_then(|r| r.heads.get(panel))
    }

    /// The cell at (row, column).
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.cells.get(col))
            .unwrap_or(&Cell::Blank)
    }
}
