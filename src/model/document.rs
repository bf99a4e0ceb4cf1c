//! The parsed disclosure: tables, narrative and performance-target tables.

use serde::{Deserialize, Serialize};

use super::Table;

/// 预算 or 决算.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// 一级指标 (carried down from the row above when blank).
    pub level1: String,
    /// 二级指标 (carried down when blank).
    pub level2: String,
    /// 三级指标.
    pub level3: String,
    /// 指标值 as printed (markup removed).
    pub value: String,
    /// 1-based source line.
    pub line: u32,
}

/// A 项目支出绩效目标表 block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerformanceTable {
    /// 1-based source line of the block.
    pub line: u32,
    /// 项目名称.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// 预算单位 / 预算部门.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_name: Option<String>,
    /// 年度资金总额 as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_funds: Option<String>,
    /// 总体目标 / 年度目标 text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Indicator rows.
    pub indicators: Vec<Indicator>,
}

/// A structural problem met while parsing: never fatal, always positioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
}
