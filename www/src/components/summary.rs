//! The overview: what the document is (department, year, 预算/决算), the counts by
//! severity, the tables found and missing, and the exports.

use std::rc::Rc;

use suanpan::report::Severity;
use yew::prelude::*;

use crate::checked::Checked;
use crate::i18n::{doc_kind, severity_icon, table_kind, tr, Lang};
use crate::state::Action;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The CLI's JSON report.
    Json,
    /// One row per finding.
    Csv,
    /// The CLI's Markdown report.
    Markdown,
    /// The browser's print dialog (the print stylesheet makes an A4 report).
    Print,
    /// The original PDF with a highlight on every finding's cells.
    AnnotatedPdf,
}

/// Props of [`Summary`].
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// Current language.
    pub lang: Lang,
    /// The result.
    pub result: Rc<Checked>,
    /// True while a check waits or runs.
    pub busy: bool,
    /// The name of the reopened report file, when the result is one.
    pub opened_report: Option<String>,
    /// Export the report.
    pub on_export: Callback<Export>,
    /// Change the state.
    pub dispatch: Callback<Action>,
    /// True when the document was read from PDFs still open (an annotated copy can be made).
    #[prop_or_default]
    pub can_annotate: bool,
}

fn count(
    class: &'static str,
    testid: &'static str,
    icon: &'static str,
    n: usize,
    label: &'static str,
) -> Html {
    let class = classes!("count", class, (n == 0).then_some("zero"));
    html! {
        <li {class} data-testid={testid}>
            <span class="n">{n}</span>
            <span class="label"><span aria-hidden="true">{icon}{" "}</span>{label}</span>
        </li>
    }
}

/// The overview panel.
#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    let lang = props.lang;
    let r = &props.result.report;
    let s = &r.summary;
    let d = &r.document;
    let year = d.year.map(|y| y.to_string());
    let title = match lang {
        Lang::Zh => format!(
            "{}{}{}",
            year.clone().map(|y| format!("{y} 年")).unwrap_or_default(),
            doc_kind(lang, d.kind),
            d.department
                .as_deref()
                .map(|x| format!(" · {x}"))
                .unwrap_or_default()
        ),
        Lang::En => format!(
            "{}{}{}",
            year.clone().map(|y| format!("{y} ")).unwrap_or_default(),
            doc_kind(lang, d.kind),
            d.department
                .as_deref()
                .map(|x| format!(" · {x}"))
                .unwrap_or_default()
        ),
    };
    let total = s.checks_passed + s.checks_failed + s.checks_not_checked;
    let line = match lang {
        Lang::Zh => format!(
            "核对 {total} 项：通过 {}，不通过 {}，未核对 {} · 识别表格 {} 张{}",
            s.checks_passed,
            s.checks_failed,
            s.checks_not_checked,
            s.tables,
            if s.parse_issues > 0 {
                format!(" · 解析提示 {} 条", s.parse_issues)
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "{total} checks: {} passed, {} failed, {} not checked · {} tables recognised{}",
            s.checks_passed,
            s.checks_failed,
            s.checks_not_checked,
            s.tables,
            if s.parse_issues > 0 {
                format!(" · {} parse notes", s.parse_issues)
            } else {
                String::new()
            }
        ),
    };
    let missing = props.result.missing_tables();
    let unknown = tr(lang, "未识别", "not found");
    let export = |e: Export| props.on_export.reform(move |_: MouseEvent| e);
    html! {
        <section class="panel summary" aria-labelledby="summary-heading" data-testid="summary">
            <div class="summary-head">
                <h2 id="summary-heading">{tr(lang, "核对结果", "Result")}</h2>
                <span class="busy" role="status" data-testid="busy-status">
                    if props.busy {
                        <span class="stale" data-testid="stale"><span class="spinner" aria-hidden="true"></span>{tr(lang, "正在核对…", "checking…")}</span>
                    }
                </span>
            </div>
            <p class="doc-title" data-testid="doc-title">{title}</p>
            if let Some(name) = &props.opened_report {
                <p class="opened-report" data-testid="opened-report">
                    {tr(lang, "已打开保存的报告：", "Saved report opened: ")}<strong>{name}</strong>
                    {tr(lang, "（没有原文）", " (no source text)")}
                </p>
            }
            <dl class="facts" data-testid="facts">
                <div><dt>{tr(lang, "部门", "Department")}</dt><dd data-testid="fact-department">{d.department.clone().unwrap_or_else(|| unknown.to_string())}</dd></div>
                <div><dt>{tr(lang, "年度", "Year")}</dt><dd data-testid="fact-year">{year.unwrap_or_else(|| unknown.to_string())}</dd></div>
                <div><dt>{tr(lang, "类型", "Kind")}</dt><dd data-testid="fact-kind">{doc_kind(lang, d.kind)}</dd></div>
            </dl>
            <ul class="counts">
                {count("error", "count-errors", severity_icon(Severity::Error), s.errors, tr(lang, "错误", "errors"))}
                {count("warning", "count-warnings", severity_icon(Severity::Warning), s.warnings, tr(lang, "警告", "warnings"))}
                {count("info", "count-infos", severity_icon(Severity::Info), s.infos, tr(lang, "提示", "notes"))}
                {count("pass", "count-passed", "✓", s.checks_passed, tr(lang, "项核对通过", "checks passed"))}
                {count("not-checked", "count-not-checked", "–", s.checks_not_checked, tr(lang, "项未能核对", "not checked"))}
            </ul>
            <p class="summary-line" data-testid="summary-line">{line}</p>
            <div class="tables-found">
                <h3>{match lang {
                    Lang::Zh => format!("识别的表格 {} 张", r.tables.len()),
                    Lang::En => format!("{} tables recognised", r.tables.len()),
                }}</h3>
                if r.tables.is_empty() {
                    <p class="empty">{tr(lang, "没有识别出表格。", "No table recognised.")}</p>
                } else {
                    <ol class="table-list" data-testid="table-list">
                        { for r.tables.iter().map(|t| {
                            let id = t.id;
                            let onclick = props.dispatch.reform(move |_: MouseEvent| Action::ShowTable(id));
                            let label = format!("{}{} {}", tr(lang, "表", "T"), t.id + 1, table_kind(lang, t.kind));
                            let flag = !t.reliable || t.empty_note.is_some();
                            html! {
                                <li>
                                    <button type="button" class="table-chip" title={t.title.clone()} disabled={props.result.tables.is_none()} {onclick}>
                                        {label}
                                        if flag { <span class="flag" aria-hidden="true">{" ⚠"}</span> }
                                        <span class="visually-hidden">{format!(" · {}", t.title)}</span>
                                    </button>
                                </li>
                            }
                        }) }
                    </ol>
                }
                if !missing.is_empty() {
                    <div class="missing" data-testid="missing-tables">
                        <h3>{tr(lang, "缺少的表格", "Missing tables")}</h3>
                        <ul>
                            { for missing.iter().map(|(sev, zh, en)| html! {
                                <li class={crate::i18n::severity_class(*sev)}>
                                    <span aria-hidden="true">{severity_icon(*sev)}{" "}</span>
                                    {match lang { Lang::Zh => zh.clone(), Lang::En => en.clone() }}
                                </li>
                            }) }
                        </ul>
                    </div>
                }
            </div>
            <div class="exports" role="group" aria-label={tr(lang, "导出报告", "Export the report")}>
                <span class="filter-label">{tr(lang, "导出", "Export")}</span>
                <button type="button" class="button small" data-testid="export-json" onclick={export(Export::Json)}>{"JSON"}</button>
                <button type="button" class="button small" data-testid="export-csv" onclick={export(Export::Csv)}>{"CSV"}</button>
                <button type="button" class="button small" data-testid="export-md" onclick={export(Export::Markdown)}>{"Markdown"}</button>
                <button type="button" class="button small" data-testid="print" onclick={export(Export::Print)}>
                    {tr(lang, "打印", "Print")}
                </button>
                if props.can_annotate {
                    <button type="button" class="button small" data-testid="export-annotated"
                        title={tr(lang, "下载原 PDF，每条问题的单元格加上高亮批注（原文件内容不变）", "Download the original PDF with a highlight on every finding's cells (the original content is unchanged)")}
                        onclick={export(Export::AnnotatedPdf)}>
                        {tr(lang, "带批注的 PDF", "Annotated PDF")}
                    </button>
                }
            </div>
        </section>
    }
}
