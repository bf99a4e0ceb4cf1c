//! The recognised tables as published (codes, names, columns, unit), one at a time, with
//! the cells of the findings lit up: the reported side (a total, or the figure compared)
//! and the parts. Clicking a cell lists every check that involves it, passed or not.

use std::collections::BTreeMap;
use std::rc::Rc;

use suanpan::model::ColumnRole;
use suanpan::report::Check;
use yew::prelude::*;

use crate::checked::{CellKey, Checked, Mark, PrintedColumn, PrintedTable};
use crate::components::findings::line_button;
use crate::i18n::{
    role, severity, severity_class, severity_icon, status, status_class, status_icon, table_kind, tr, unit,
    Lang,
};
use crate::state::Action;

/// Props of [`TableView`].
#[derive(Properties, PartialEq)]
pub struct TableViewProps {
    /// Current language.
    pub lang: Lang,
    /// The result.
    pub result: Rc<Checked>,
    /// The table shown.
    pub table: usize,
    /// The selected cell.
    pub cell: Option<CellKey>,
    /// The finding in focus.
    pub focus: Option<usize>,
    /// Which findings are shown (the others are not lit up).
    pub shown: Rc<Vec<bool>>,
    /// Select a source line.
    pub on_locate: Callback<u32>,
    /// Change the state.
    pub dispatch: Callback<Action>,
}

/// One header cell: label, colspan, rowspan, first column index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadCell {
    /// Label.
    pub label: String,
    /// Columns spanned.
    pub colspan: usize,
    /// Header rows spanned.
    pub rowspan: usize,
    /// Index of the first column.
    pub first: usize,
}

/// The header rows of a table: a column's path of labels runs down; neighbours that share
/// the upper labels share one cell; a column with a shorter path spans the rows below.
pub fn header_rows(columns: &[PrintedColumn]) -> Vec<Vec<HeadCell>> {
    let depth = columns.iter().map(|c| c.header.len()).max().unwrap_or(0).max(1);
    let len = |c: &PrintedColumn| c.header.len().max(1);
    let label = |c: &PrintedColumn, i: usize| c.header.get(i).cloned().unwrap_or_default();
    let mut rows = Vec::with_capacity(depth);
    for level in 0..depth {
        let mut row = Vec::new();
        let mut c = 0;
        while c < columns.len() {
            let col = &columns[c];
            let n = len(col);
            if level >= n {
                c += 1;
                continue;
            }
            if level + 1 == n {
                row.push(HeadCell {
                    label: label(col, level),
                    colspan: 1,
                    rowspan: depth - level,
                    first: c,
                });
                c += 1;
                continue;
            }
            let prefix = &col.header[..=level];
            let mut end = c + 1;
            while end < columns.len()
                && len(&columns[end]) > level + 1
                && columns[end].header.get(..=level) == Some(prefix)
                && columns[end].panel == col.panel
            {
                end += 1;
            }
            row.push(HeadCell {
                label: label(col, level),
                colspan: end - c,
                rowspan: 1,
                first: c,
            });
            c = end;
        }
        rows.push(row);
    }
    rows
}

/// The label of a cell's row (its code and name columns) and of its column (header path).
fn cell_labels(t: &PrintedTable, row: usize, col: usize) -> (String, String) {
    let panel = t.columns.get(col).map_or(0, |c| c.panel);
    let row_label = t
        .rows
        .get(row)
        .map(|r| {
            t.columns
                .iter()
                .zip(&r.cells)
                .filter(|(c, v)| {
                    c.panel == panel
                        && matches!(c.role, ColumnRole::Code | ColumnRole::Label)
                        && !v.is_empty()
                })
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let col_label = t.columns.get(col).map(|c| c.header.join("/")).unwrap_or_default();
    (row_label, col_label)
}

fn mark_text(lang: Lang, m: &Mark) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(s) = m.severity {
        parts.push(severity(lang, s));
    }
    if m.likely_wrong {
        parts.push(tr(lang, "可能出错", "likely wrong"));
    }
    if m.primary {
        parts.push(tr(lang, "报告值", "reported figure"));
    } else if m.related {
        parts.push(tr(lang, "分项", "part"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join("，"))
    }
}

fn values(lang: Lang, c: &Check) -> Option<String> {
    let (r, k) = (c.reported.as_ref()?, c.computed.as_ref()?);
    Some(match lang {
        Lang::Zh => format!("报告 {} · 计算 {}", r.display, k.display),
        Lang::En => format!("reported {} · computed {}", r.display, k.display),
    })
}

fn cell_panel(props: &TableViewProps, t: &PrintedTable, key: CellKey) -> Html {
    let lang = props.lang;
    let result = &props.result;
    let (_, row, col) = key;
    let (row_label, col_label) = cell_labels(t, row, col);
    let value = t
        .rows
        .get(row)
        .and_then(|r| r.cells.get(col))
        .cloned()
        .unwrap_or_default();
    let line = t.rows.get(row).map_or(t.line, |r| r.line);
    let involved = result.involved(key);
    let checks: Vec<usize> = involved.map(|i| i.checks.clone()).unwrap_or_default();
    let heading = format!(
        "{} · {} = {}",
        if row_label.is_empty() { "—" } else { &row_label },
        if col_label.is_empty() { "—" } else { &col_label },
        if value.is_empty() {
            tr(lang, "（空）", "(blank)")
        } else {
            &value
        }
    );
    let count = match lang {
        Lang::Zh => format!("涉及这个单元格的核对 {} 项", checks.len()),
        Lang::En => format!("{} checks involve this cell", checks.len()),
    };
    html! {
        <section class="cell-panel" data-testid="cell-panel" aria-labelledby="cell-panel-heading" aria-live="polite">
            <h3 id="cell-panel-heading">{heading}</h3>
            <p class="cell-meta">{count}{" · "}{line_button(lang, line, &props.on_locate, true)}</p>
            if checks.is_empty() {
                <p class="empty">{tr(lang, "没有核对用到这个单元格。", "No check uses this cell.")}</p>
            } else {
                <ul class="cell-checks" data-testid="cell-checks">
                    { for checks.iter().filter_map(|&i| result.report.checks.get(i).map(|c| (i, c))).map(|(i, c)| {
                        let subject = match lang { Lang::Zh => &c.subject_zh, Lang::En => &c.subject_en };
                        let reason = match lang { Lang::Zh => c.reason_zh.as_deref(), Lang::En => c.reason_en.as_deref() };
                        let here = c.locations.iter().find(|l| (l.table, l.row, l.col) == key);
                        let finding = result.finding_for_check(i);
                        let go = finding.map(|f| props.dispatch.reform(move |_: MouseEvent| Action::GoToFinding(f)));
                        let st = status_class(c.status);
                        html! {
                            <li class={classes!("cell-check", st)} data-status={st}>
                                <span class={classes!("status", st)}><span aria-hidden="true">{status_icon(c.status)}{" "}</span>{status(lang, c.status)}</span>
                                {" "}<code class="rule-code">{&c.rule}</code>{" "}
                                <span class="subject">{subject}</span>
                                if let Some(l) = here { <span class="role-tag">{role(lang, &l.role)}</span> }
                                if let Some(v) = values(lang, c) { <span class="values">{v}</span> }
                                if let Some(r) = reason { <span class="reason">{format!(" — {r}")}</span> }
                                if let Some(go) = go {
                                    {" "}<button type="button" class="link" onclick={go}>{tr(lang, "查看问题", "See the finding")}</button>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}

fn picker(props: &TableViewProps, tables: &[PrintedTable]) -> Html {
    let lang = props.lang;
    let findings = &props.result.report.findings;
    let onchange = props.dispatch.reform(|e: Event| {
        let v = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .and_then(|s| s.value().parse::<usize>().ok())
            .unwrap_or(0);
        Action::ShowTable(v)
    });
    html! {
        <div class="table-picker">
            <label for="table-select">{tr(lang, "表格", "Table")}</label>
            <select id="table-select" data-testid="table-select" {onchange}>
                { for tables.iter().map(|t| {
                    let n = findings.iter().filter(|f| f.locations.iter().any(|l| matches!(l.kind, suanpan::report::LocationKind::Cell | suanpan::report::LocationKind::Table) && l.table == t.id)).count();
                    let flag = match (lang, n) {
                        (_, 0) => String::new(),
                        (Lang::Zh, n) => format!("（{n} 个问题）"),
                        (Lang::En, 1) => " (1 finding)".to_string(),
                        (Lang::En, n) => format!(" ({n} findings)"),
                    };
                    html! {
                        <option value={t.id.to_string()} selected={t.id == props.table}>
                            {format!("{}{} · {}{}", tr(lang, "表", "T"), t.id + 1, t.title, flag)}
                        </option>
                    }
                }) }
            </select>
        </div>
    }
}

fn legend(lang: Lang) -> Html {
    html! {
        <ul class="legend" aria-label={tr(lang, "图例", "Legend")}>
            <li><span class="swatch primary sev-error" aria-hidden="true">{"✖"}</span>{tr(lang, "有问题的报告值（合计）", "reported figure (total) of a finding")}</li>
            <li><span class="swatch related sev-error" aria-hidden="true">{"·"}</span>{tr(lang, "参与计算的分项", "a part of its sum")}</li>
            <li><span class="swatch likely" aria-hidden="true">{"?"}</span>{tr(lang, "可能填错的单元格", "the likely wrong cell")}</li>
            <li><span class="swatch checked" aria-hidden="true">{"✓"}</span>{tr(lang, "已核对（点击查看）", "checked (click for the checks)")}</li>
        </ul>
    }
}

fn grid(props: &TableViewProps, t: &PrintedTable, marks: &BTreeMap<(usize, usize), Mark>) -> Html {
    let lang = props.lang;
    let heads = header_rows(&t.columns);
    let panel_start =
        |c: usize| c > 0 && t.columns.get(c).map(|x| x.panel) != t.columns.get(c - 1).map(|x| x.panel);
    html! {
        <>
        <div class="grid-caption" aria-hidden="true">
            <span class="caption-title">{t.number.as_deref().map(|n| format!("{n} ")).unwrap_or_default()}{&t.title}</span>
            <span class="caption-unit">{tr(lang, "单位：", "Unit: ")}{unit(lang, t.unit)}</span>
        </div>
        <div class="grid-wrap" tabindex="0" role="region" aria-label={format!("{} {}", tr(lang, "表格内容：", "Table content:"), t.title)}>
            <table class="grid" data-testid="grid" data-table={t.id.to_string()}>
                <caption class="visually-hidden">
                    {t.number.as_deref().map(|n| format!("{n} ")).unwrap_or_default()}{&t.title}
                    {format!(" · {}{}", tr(lang, "单位：", "Unit: "), unit(lang, t.unit))}
                </caption>
                <thead>
                    { for heads.iter().map(|row| html! {
                        <tr>
                            { for row.iter().map(|h| html! {
                                <th scope="col" colspan={h.colspan.to_string()} rowspan={h.rowspan.to_string()}
                                    class={classes!(panel_start(h.first).then_some("panel-start"))}>{&h.label}</th>
                            }) }
                        </tr>
                    }) }
                </thead>
                <tbody>
                    { for t.rows.iter().enumerate().map(|(r, row)| html! {
                        <tr class={classes!(row.total.then_some("total"), row.of_which.then_some("of-which"), row.uncertain.then_some("uncertain"))}>
                            { for t.columns.iter().enumerate().map(|(c, col)| {
                                let text = row.cells.get(c).cloned().unwrap_or_default();
                                let key = (t.id, r, c);
                                let mark = marks.get(&(r, c)).copied().unwrap_or_default();
                                let selected = props.cell == Some(key);
                                let sev = mark.severity.map(|s| format!("sev-{}", severity_class(s)));
                                let class = classes!(
                                    panel_start(c).then_some("panel-start"),
                                    match col.role { ColumnRole::Amount => "num", ColumnRole::Code => "code", ColumnRole::Label => "label", ColumnRole::Text => "text" },
                                    sev.clone(),
                                    mark.primary.then_some("primary"),
                                    (mark.related && !mark.primary).then_some("related"),
                                    mark.likely_wrong.then_some("likely"),
                                    mark.focused.then_some("focused"),
                                    selected.then_some("selected"),
                                );
                                let data_mark = if mark.severity.is_some() {
                                    if mark.primary || mark.likely_wrong { "primary" } else { "related" }
                                } else { "" };
                                let interactive = mark.checked || mark.severity.is_some();
                                let inner = if interactive {
                                    let onclick = props.dispatch.reform(move |_: MouseEvent| Action::SelectCell { cell: key, scroll: false });
                                    let icon = match mark.severity {
                                        Some(s) if mark.primary || mark.likely_wrong => severity_icon(s),
                                        Some(_) => "·",
                                        None => "",
                                    };
                                    html! {
                                        <button type="button" class="cell-button" aria-pressed={selected.to_string()} {onclick}>
                                            if !icon.is_empty() { <span class="cell-icon" aria-hidden="true">{icon}</span> }
                                            if mark.likely_wrong { <span class="cell-icon likely-icon" aria-hidden="true">{"?"}</span> }
                                            <span class="v">{if text.is_empty() { "\u{a0}".to_string() } else { text.clone() }}</span>
                                            <span class="visually-hidden">{mark_text(lang, &mark)}</span>
                                        </button>
                                    }
                                } else {
                                    html! { {text.clone()} }
                                };
                                let cell_id = format!("{}-{}-{}", t.id, r, c);
                                if col.role == ColumnRole::Label {
                                    html! { <th scope="row" {class} data-cell={cell_id} data-mark={data_mark}>{inner}</th> }
                                } else {
                                    html! { <td {class} data-cell={cell_id} data-mark={data_mark}>{inner}</td> }
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
        </>
    }
}

/// The table view.
#[component]
pub fn TableView(props: &TableViewProps) -> Html {
    let lang = props.lang;
    let result = &props.result;
    let Some(tables) = result.tables.as_ref() else {
        return html! {
            <section class="table-view" data-testid="table-view">
                <p class="empty" data-testid="no-tables">
                    {tr(lang,
                        "这是打开的已保存报告，没有原文，无法显示表格；每个问题下列出了它涉及的单元格。",
                        "This is a saved report without its source text, so the tables cannot be shown; each finding lists its cells.")}
                </p>
            </section>
        };
    };
    if tables.is_empty() {
        return html! {
            <section class="table-view" data-testid="table-view">
                <p class="empty">
                    {tr(lang,
                        "没有识别出表格。请确认粘贴的是公开文件中的表格部分（含表名、“单位：万元”和表头）。",
                        "No table recognised. Make sure the pasted text includes the tables (title, “单位：万元” and the header).")}
                </p>
            </section>
        };
    }
    let t = tables.get(props.table).unwrap_or(&tables[0]);
    let shown = props.shown.clone();
    let marks = result.marks(t.id, |i| shown.get(i).copied().unwrap_or(false), props.focus);
    let table_findings: Vec<usize> = result
        .table_findings(t.id)
        .into_iter()
        .filter(|&i| props.shown.get(i).copied().unwrap_or(false))
        .collect();
    let cell = props.cell.filter(|c| c.0 == t.id);
    let kind = table_kind(lang, t.kind);
    let line = t.line;
    html! {
        <section class="table-view" data-testid="table-view" aria-labelledby="table-view-heading">
            <h2 id="table-view-heading" class="visually-hidden">{tr(lang, "表格", "Tables")}</h2>
            {picker(props, tables)}
            <p class="table-facts">
                <span class="table-kind">{kind}</span>
                <span>{match lang { Lang::Zh => format!("{} 行 × {} 列", t.rows.len(), t.columns.len()), Lang::En => format!("{} rows × {} columns", t.rows.len(), t.columns.len()) }}</span>
                if !t.reliable { <span class="flag">{"⚠ "}{tr(lang, "列位置不确定", "columns uncertain")}</span> }
                {line_button(lang, line, &props.on_locate, true)}
            </p>
            { for table_findings.iter().filter_map(|&i| result.report.findings.get(i).map(|f| (i, f))).map(|(i, f)| {
                let go = props.dispatch.reform(move |_: MouseEvent| Action::GoToFinding(i));
                html! {
                    <p class={classes!("table-finding", severity_class(f.severity))} data-testid="table-finding">
                        <span class={classes!("badge", severity_class(f.severity))}><span aria-hidden="true">{severity_icon(f.severity)}{" "}</span>{severity(lang, f.severity)}</span>
                        {" "}<code class="rule-code">{&f.rule}</code>{" "}
                        {match lang { Lang::Zh => &f.message_zh, Lang::En => &f.message_en }}
                        {" "}<button type="button" class="link" onclick={go}>{tr(lang, "查看问题", "See the finding")}</button>
                    </p>
                }
            }) }
            if let Some(note) = &t.empty_note {
                <p class="empty-note">{tr(lang, "表中注明：", "The table says: ")}<q>{note}</q></p>
            }
            if t.rows.is_empty() {
                <p class="empty">{tr(lang, "这张表没有数据行。", "This table has no data rows.")}</p>
            } else {
                {legend(lang)}
                {grid(props, t, &marks)}
            }
            if let Some(key) = cell {
                {cell_panel(props, t, key)}
            } else if !t.rows.is_empty() {
                <p class="hint cell-hint">{tr(lang, "点击一个数字，列出用到它的全部核对（通过的和不通过的）。", "Click a number to list every check that uses it (passed and failed).")}</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(h: &[&str], panel: usize) -> PrintedColumn {
        PrintedColumn {
            header: h.iter().map(|s| s.to_string()).collect(),
            role: ColumnRole::Amount,
            panel,
        }
    }

    #[test]
    fn headers_merge_shared_labels() {
        let cols = [
            col(&["项目"], 0),
            col(&["公务用车购置及运行费", "小计"], 0),
            col(&["公务用车购置及运行费", "购置费"], 0),
            col(&["合计"], 0),
        ];
        let rows = header_rows(&cols);
        assert_eq!(rows.len(), 2);
        let labels: Vec<(&str, usize, usize)> = rows[0]
            .iter()
            .map(|h| (h.label.as_str(), h.colspan, h.rowspan))
            .collect();
        assert_eq!(
            labels,
            vec![("项目", 1, 2), ("公务用车购置及运行费", 2, 1), ("合计", 1, 2)]
        );
        let labels: Vec<&str> = rows[1].iter().map(|h| h.label.as_str()).collect();
        assert_eq!(labels, vec!["小计", "购置费"]);
        // every column is covered exactly once per header row (colspans + rowspans from above)
        assert!(header_rows(&[]).len() == 1);
    }

    #[test]
    fn panels_do_not_share_headers() {
        let cols = [col(&["收入", "预算数"], 0), col(&["收入", "预算数"], 1)];
        let rows = header_rows(&cols);
        assert_eq!(rows[0].len(), 2);
    }
}
