//! The counts: errors, warnings, checks passed and not checked, tables recognised.

use std::rc::Rc;

use suanpan::report::Report;
use yew::prelude::*;

use crate::i18n::{doc_kind, tr, Lang};

/// Props of [`Summary`].
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// Current language.
    pub lang: Lang,
    /// The report.
    pub report: Rc<Report>,
    /// True while an edit waits to be checked.
    pub stale: bool,
}

fn count(class: &'static str, testid: &'static str, n: usize, label: &'static str) -> Html {
    let class = classes!("count", class, (n == 0).then_some("zero"));
    html! {
        <li {class} data-testid={testid}>
            <span class="n">{n}</span>
            <span class="label">{label}</span>
        </li>
    }
}

/// The summary bar.
#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    let lang = props.lang;
    let r = &props.report;
    let s = &r.summary;
    let d = &r.document;
    let year = d.year.map(|y| y.to_string());
    let title = match lang {
        Lang::Zh => format!(
            "{}{}{}",
            year.map(|y| format!("{y} 年")).unwrap_or_default(),
            doc_kind(lang, d.kind),
            d.department
                .as_deref()
                .map(|x| format!(" · {x}"))
                .unwrap_or_default()
        ),
        Lang::En => format!(
            "{}{}{}",
            year.map(|y| format!("{y} ")).unwrap_or_default(),
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
            "核对 {total} 项：通过 {}，不通过 {}，未核对 {} · 识别表格 {} 张{}{}",
            s.checks_passed,
            s.checks_failed,
            s.checks_not_checked,
            s.tables,
            if s.infos > 0 {
                format!(" · 提示 {} 条", s.infos)
            } else {
                String::new()
            },
            if s.parse_issues > 0 {
                format!(" · 解析提示 {} 条", s.parse_issues)
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "{total} checks: {} passed, {} failed, {} not checked · {} tables recognised{}{}",
            s.checks_passed,
            s.checks_failed,
            s.checks_not_checked,
            s.tables,
            if s.infos > 0 {
                format!(" · {} notes", s.infos)
            } else {
                String::new()
            },
            if s.parse_issues > 0 {
                format!(" · {} parse notes", s.parse_issues)
            } else {
                String::new()
            }
        ),
    };
    html! {
        <section class="panel summary" aria-labelledby="summary-heading" data-testid="summary">
            <div class="summary-head">
                <h2 id="summary-heading">{tr(lang, "核对结果", "Result")}</h2>
                if props.stale {
                    <span class="stale" data-testid="stale">{tr(lang, "正在核对…", "checking…")}</span>
                }
            </div>
            <p class="doc-title" data-testid="doc-title">{title}</p>
            <ul class="counts">
                {count("error", "count-errors", s.errors, tr(lang, "错误", "errors"))}
                {count("warning", "count-warnings", s.warnings, tr(lang, "警告", "warnings"))}
                {count("pass", "count-passed", s.checks_passed, tr(lang, "项核对通过", "checks passed"))}
                {count("not-checked", "count-not-checked", s.checks_not_checked, tr(lang, "项未能核对", "not checked"))}
            </ul>
            <p class="summary-line" data-testid="summary-line">{line}</p>
        </section>
    }
}
