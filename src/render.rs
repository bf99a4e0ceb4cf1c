//! Renderers: human text, Markdown and JSON from the same [`Report`], and the rules page.

pub mod escape;
mod markdown;
mod set;
mod text;

pub use markdown::{markdown, rules_markdown};
pub use set::{kind_label, row_name, set_csv, set_findings_csv, set_json, set_text};
pub use text::text;

use crate::report::Report;

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文
    #[default]
    Zh,
    /// English
    En,
}

/// Stable, pretty JSON of a report.
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Reads a report saved as JSON (the web app reopens saved reports).
pub fn parse_json(text: &str) -> Result<Report, String> {
    serde_json::from_str(text).map_err(|e| format!("不是 suanpan 报告 / not a suanpan report: {e}"))
}

pub(crate) fn kind_line(report: &Report, lang: Lang) -> String {
    let d = &report.document;
    let mut parts: Vec<String> = Vec::new();
    match lang {
        Lang::Zh => {
            if let Some(y) = d.year {
                parts.push(format!("{y} 年"));
            }
            parts.push(format!("部门{}", d.kind.label_zh()));
        }
        Lang::En => {
            if let Some(y) = d.year {
                parts.push(y.to_string());
            }
            parts.push(
                match d.kind {
                    crate::model::DocKind::Budget => "department budget",
                    crate::model::DocKind::FinalAccount => "department final accounts",
                    crate::model::DocKind::Unknown => "disclosure (kind unknown)",
                }
                .to_string(),
            );
        }
    }
    if let Some(dept) = &d.department {
        parts.push(dept.clone());
    }
    parts.join(" · ")
}

/// Where a location was printed, for the text and Markdown reports: "第 3 页" / "page 3" for
/// a PDF, "表5!D12" for a spreadsheet, else its line of text ("L12").
pub(crate) fn place(l: &crate::report::Location, lang: Lang) -> String {
    use crate::source::Source;
    match &l.source {
        Some(s @ (Source::Pdf { .. } | Source::Cell { .. })) => match lang {
            Lang::Zh => s.label_zh(),
            _ => s.label_en(),
        },
        _ => format!("L{}", l.line),
    }
}
