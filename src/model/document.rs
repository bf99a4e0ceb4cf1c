//! The parsed disclosure: tables, narrative and performance-target tables.

use serde::{Deserialize, Serialize};

use super::Table;

/// 预算 or 决算.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    /// 部门预算
    Budget,
    /// 部门决算
    FinalAccount,
    /// Could not be told from the text.
    Unknown,
}

impl DocKind {
    /// 预算 / 决算 / 未知
    pub fn label_zh(self) -> &'static str {
        match self {
            DocKind::Budget => "预算",
            DocKind::FinalAccount => "决算",
            DocKind::Unknown => "未知",
        }
    }
}

/// A paragraph of narrative text with its source line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// 1-based source line where the paragraph starts.
    pub line: u32,
    /// The text (markup removed, wrapped lines joined).
    pub text: String,
}

/// A narrative section (情况说明, 名词解释 …) under its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading as printed (markup removed).
    pub heading: String,
    /// 1-based source line of the heading.
    pub line: u32,
    /// Paragraphs under the heading.
    pub paragraphs: Vec<Paragraph>,
}

/// One indicator row of a 绩效目标表.
///
/// A row with an empty `level3` and `value` is a placeholder: a 二级 group printed with
/// no indicator under it (湘潭 2023 lists 经济效益指标 with nothing in it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// 一级指标 (carried down from the row above when blank).
    pub level1: String,
    /// 二级指标 (carried down when blank).
    pub level2: String,
    /// 三级指标.
    pub level3: String,
    /// 指标值 as printed (markup removed; split 指标性质/指标值/度量单位 cells joined).
    pub value: String,
    /// 1-based source line.
    pub line: u32,
    /// True when the 二级 cell was printed on this row (not carried down).
    #[serde(default)]
    pub level2_printed: bool,
    /// 指标解释 / 评分标准 text printed with the row, when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// True when the row was given to its project by the layout alone (a wide table whose
    /// project cells are centred over their rows) and lies at the edge of that project's rows:
    /// it may belong to the neighbouring project, so the project's funds are not held to it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub project_edge: bool,
    /// In a 绩效自评表: 实际完成值, 分值, 得分 and 偏差原因 as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
}

/// The self-evaluation columns of an indicator row (决算 绩效自评表).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// 实际完成值 as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// 分值 (the indicator's full marks) as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
    /// 得分 as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<String>,
    /// 偏差原因 as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a 绩效 table is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PerformanceKind {
    /// One project's targets (项目支出绩效目标表, 填报表, one project of a wide table).
    #[default]
    Project,
    /// The department's targets as a whole (部门整体支出绩效目标表).
    Department,
    /// A self-evaluation of results (决算 绩效自评表).
    SelfEvaluation,
}

impl Indicator {
    /// True for a placeholder row: a 二级 group with no indicator.
    pub fn is_placeholder(&self) -> bool {
        self.level3.is_empty() && self.value.is_empty()
    }
}

/// How a 绩效目标表 block was laid out in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PerformanceLayout {
    /// One row per line, cells separated by tabs (or by wide gaps of spaces).
    #[default]
    Rows,
    /// A web capture: one cell per line, each ending with `|`; row breaks are lost.
    CellPerLine,
    /// A document preview whose cells were run together on one line.
    Glued,
    /// A space-aligned table (a PDF's text, `pdftotext -layout`) read by the columns of its
    /// header: form-style 填报表, wide tables whose project cells span many rows.
    Columns,
}

/// A row of a 项目预算成本构成 breakdown (鄂州 2022 template): an item, its amounts by column
/// (budget, then actual spending of earlier years) and its 测算依据.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostRow {
    /// Item name ("合计" for the total row).
    pub name: String,
    /// Amounts as printed, one per amount column.
    pub amounts: Vec<String>,
    /// 测算依据, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
    /// 1-based source line.
    pub line: u32,
}

/// A 项目预算成本构成 breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostBreakdown {
    /// Headers of the amount columns (金额, 2020年实际执行数 …).
    pub columns: Vec<String>,
    /// Item rows.
    pub items: Vec<CostRow>,
    /// The 合计 row.
    pub total: Option<CostRow>,
    /// True when the printed digits of a row ran together and were separated by choosing the
    /// split under which the most column totals hold (see `parse::perf`).
    pub split_inferred: bool,
}

/// A 项目支出绩效目标表 block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerformanceTable {
    /// 1-based source line of the block.
    pub line: u32,
    /// 1-based source line of the block's last line.
    #[serde(default)]
    pub end_line: u32,
    /// The title as printed.
    #[serde(default)]
    pub title: String,
    /// How the block was laid out.
    #[serde(default)]
    pub layout: PerformanceLayout,
    /// 项目名称.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// 预算单位 / 预算部门.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_name: Option<String>,
    /// 年度资金总额 as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_funds: Option<String>,
    /// 其中：财政拨款 (or 年度本级预算金额) as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_funds: Option<String>,
    /// 其他资金 (or 上级资金) as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_funds: Option<String>,
    /// The unit of the funds (项目资金（万元）, 单位：万元, 250万).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_unit: Option<super::Unit>,
    /// 1-based source line of the funds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funds_line: Option<u32>,
    /// 总体目标 / 年度目标 text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// 年度目标 / 本年度绩效目标, when printed apart from the 总体目标.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_goal: Option<String>,
    /// 实施期 / 起止时间 as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// 项目预算成本构成, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub costs: Option<CostBreakdown>,
    /// Indicator rows.
    pub indicators: Vec<Indicator>,
    /// What the table is about (project, department, self-evaluation).
    #[serde(default)]
    pub kind: PerformanceKind,
    /// A self-evaluation's printed total: (分值, 得分, line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_score: Option<(String, String, u32)>,
    /// True when the block looks cut off: its last value is a comparator with nothing after
    /// it (a web excerpt that stops mid-row).
    #[serde(default)]
    pub truncated: bool,
}

/// A structural problem met while parsing: never fatal, always positioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ParseIssue {
    /// Stable code (`P001`…).
    pub code: String,
    /// 1-based source line.
    pub line: u32,
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

/// A parsed disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// 预算 / 决算.
    pub kind: DocKind,
    /// Fiscal year, when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Department or unit name, when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Recognised tables in document order.
    pub tables: Vec<Table>,
    /// Narrative sections in document order.
    pub sections: Vec<Section>,
    /// 绩效目标表 blocks.
    pub performance: Vec<PerformanceTable>,
    /// Structural problems.
    pub issues: Vec<ParseIssue>,
    /// The units of a file that holds several (a department and its units, each with its
    /// own set of tables): empty for a file of one unit. See [`crate::parse::units`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<UnitPart>,
}

/// One unit's tables in a file holding several units' disclosures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct UnitPart {
    /// The unit's name as printed above its tables (编制单位 / 单位名称 / 部门), when any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its tables: indices `first..end` into [`Document::tables`].
    pub first: usize,
    /// One past its last table.
    pub end: usize,
}
