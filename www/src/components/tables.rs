//! The tables the parser recognised, with kind and unit.

use std::rc::Rc;

use suanpan::report::Report;
use yew::prelude::*;

use crate::i18n::{table_kind, tr, unit, Lang};

/// Props of [`Tables`].
#[derive(Properties, PartialEq)]
pub struct TablesProps {
    /// Current language.
    pub lang: Lang,
    /// The report.
    pub report: Rc<Report>,
    /// Select a source line.
    pub on_locate: Callback<u32>,
}

/// The list of recognised tables.
#[component]
pub fn Tables(props: &TablesProps) -> Html {
    let lang = props.lang;
    let tables = &props.report.tables;
    html! {
        <section class="panel tables" aria-labelledby="tables-heading">
            <h2 id="tables-heading">
                {tr(lang, "识别的表格", "Tables recognised")}
                <span class="pill">{tables.len()}</span>
            </h2>
            if tables.is_empty() {
                <p class="empty">
                    {tr(lang,
                        "没有识别出表格。请确认粘贴的是公开文件中的表格部分（含表名、“单位：万元”和表头）。",
                        "No table recognised. Make sure the pasted text includes the tables (title, “单位：万元” and the header).")}
                </p>
            } else {
                <ol class="table-list" data-testid="table-list">
                    { for tables.iter().map(|t| {
                        let line = t.line;
                        let onclick = props.on_locate.reform(move |_: MouseEvent| line);
                        let rows = match lang {
                            Lang::Zh => format!("{} 行", t.rows),
                            Lang::En if t.rows == 1 => "1 row".to_string(),
                            Lang::En => format!("{} rows", t.rows),
                        };
                        html! {
                            <li class="table-item">
                                <span class="table-no">{format!("{}{}", tr(lang, "表", "T"), t.id + 1)}</span>
                                <span class="table-kind">{table_kind(lang, t.kind)}</span>
                                <span class="table-meta">
                                    <span class="unit">{unit(lang, t.unit)}</span>
                                    <span>{rows}</span>
                                    if !t.reliable {
                                        <span class="flag">{tr(lang, "列位置不确定", "columns uncertain")}</span>
                                    }
                                    if t.empty_note.is_some() {
                                        <span class="flag muted">{tr(lang, "空表（有说明）", "empty (explained)")}</span>
                                    }
                                </span>
                                <button type="button" class="table-title link" title={tr(lang, "在文本中定位", "Show in the text")} {onclick}>
                                    {&t.title}
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}
