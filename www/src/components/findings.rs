//! The findings, each with its rule, message, arithmetic and located cells; then what
//! could not be checked and the parser's notes.

use std::rc::Rc;

use suanpan::report::{Finding, Location, LocationKind, Report, Status};
use yew::prelude::*;

use crate::components::rule_doc;
use crate::i18n::{role, severity, severity_class, tr, Lang};

/// Props of [`Findings`].
#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    /// Current language.
    pub lang: Lang,
    /// The report.
    pub report: Rc<Report>,
    /// Select a source line.
    pub on_locate: Callback<u32>,
}

fn line_button(lang: Lang, line: u32, on_locate: &Callback<u32>) -> Html {
    let onclick = on_locate.reform(move |_: MouseEvent| line);
    let label = match lang {
        Lang::Zh => format!("第 {line} 行"),
        Lang::En => format!("line {line}"),
    };
    let title = tr(lang, "在文本中选中这一行", "Select this line in the text");
    html! { <button type="button" class="link line" {title} {onclick}>{label}</button> }
}

fn locations(lang: Lang, locs: &[Location], on_locate: &Callback<u32>) -> Html {
    if locs.is_empty() {
        return html! {};
    }
    html! {
        <div class="locations-wrap">
            <table class="locations">
                <caption class="visually-hidden">{tr(lang, "涉及的单元格", "Cells involved")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{tr(lang, "位置", "Where")}</th>
                        <th scope="col">{tr(lang, "行", "Row")}</th>
                        <th scope="col">{tr(lang, "列", "Column")}</th>
                        <th scope="col" class="num">{tr(lang, "数值", "Value")}</th>
                        <th scope="col" class="role">{tr(lang, "角色", "Role")}</th>
                    </tr>
                </thead>
                <tbody>
                    { for locs.iter().map(|l| if l.kind == LocationKind::Text {
                        // a passage of the narrative: its section and its words
                        html! {
                            <tr class="narrative">
                                <td>{line_button(lang, l.line, on_locate)}</td>
                                <td>{&l.row_label}</td>
                                <td colspan="2" class="quote">{&l.text}</td>
                                <td class="role">{role(lang, &l.role)}</td>
                            </tr>
                        }
                    } else {
                        html! {
                            <tr class={classes!((l.role == "total").then_some("total"))}>
                                <td>{line_button(lang, l.line, on_locate)}</td>
                                <td>{&l.row_label}</td>
                                <td>{&l.column_label}</td>
                                <td class="num">{if l.text.is_empty() { tr(lang, "（空）", "(blank)").to_string() } else { l.text.clone() }}</td>
                                <td class="role">{role(lang, &l.role)}</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn finding(lang: Lang, report: &Report, f: &Finding, on_locate: &Callback<u32>) -> Html {
    let rule = suanpan::rules::find(&f.rule);
    let title = rule.map(|r| tr(lang, r.title_zh, r.title_en)).unwrap_or_default();
    let message = match lang {
        Lang::Zh => &f.message_zh,
        Lang::En => &f.message_en,
    };
    let table = match f.locations.first() {
        Some(l) if l.kind == LocationKind::Performance => {
            l.block.and_then(|b| report.performance.get(b)).map(|p| {
                format!(
                    "{}{}",
                    tr(lang, "项目支出绩效目标表", "Performance-target table"),
                    p.project
                        .as_deref()
                        .map(|n| format!(" · {n}"))
                        .unwrap_or_default()
                )
            })
        }
        _ => f
            .locations
            .iter()
            .find(|l| matches!(l.kind, LocationKind::Cell | LocationKind::Table))
            .and_then(|l| report.tables.get(l.table))
            .map(|t| format!("{}{} · {}", tr(lang, "表", "Table "), t.id + 1, t.title)),
    };
    let sev = severity_class(f.severity);
    html! {
        <li class={classes!("finding", sev)} data-testid="finding" data-rule={f.rule.clone()}>
            <div class="finding-head">
                <span class={classes!("badge", sev)}>{severity(lang, f.severity)}</span>
                <code class="rule-code">{&f.rule}</code>
                <span class="rule-name">{&f.name}</span>
                <span class="rule-title">{title}</span>
            </div>
            if let Some(t) = table {
                <p class="finding-table">{t}</p>
            }
            <p class="message">{message}</p>
            if let Some(a) = &f.arithmetic {
                <p class="arithmetic"><span class="visually-hidden">{tr(lang, "算式：", "Arithmetic: ")}</span><code>{a}</code></p>
            }
            {locations(lang, &f.locations, on_locate)}
            if let Some(r) = rule {
                <details class="rule-doc">
                    <summary>{tr(lang, "规则说明", "About this rule")}{format!(" · {} {}", r.code, r.name)}</summary>
                    {rule_doc::render(r.docs)}
                </details>
            }
        </li>
    }
}

/// The findings panel.
#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    let lang = props.lang;
    let r = &props.report;
    let not_checked: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == Status::NotChecked)
        .collect();
    html! {
        <section class="panel findings" aria-labelledby="findings-heading">
            <h2 id="findings-heading">
                {tr(lang, "发现的问题", "Findings")}
                <span class="pill">{r.findings.len()}</span>
            </h2>
            if r.findings.is_empty() {
                <p class="all-clear" data-testid="all-clear">
                    if r.summary.checks_passed > 0 {
                        {tr(lang, "没有发现问题：能核对的合计都对得上。", "No problem found: every total that could be checked adds up.")}
                    } else {
                        {tr(lang, "没有可核对的合计。", "Nothing could be checked.")}
                    }
                </p>
            } else {
                <ol class="finding-list" data-testid="finding-list">
                    { for r.findings.iter().map(|f| finding(lang, r, f, &props.on_locate)) }
                </ol>
            }
            if !not_checked.is_empty() {
                <details class="more" data-testid="not-checked">
                    <summary>{match lang {
                        Lang::Zh => format!("未能核对的 {} 项", not_checked.len()),
                        Lang::En => format!("{} checks could not be evaluated", not_checked.len()),
                    }}</summary>
                    <ul class="plain">
                        { for not_checked.iter().map(|c| {
                            let (subject, reason) = match lang {
                                Lang::Zh => (&c.subject_zh, c.reason_zh.as_deref()),
                                Lang::En => (&c.subject_en, c.reason_en.as_deref()),
                            };
                            html! {
                                <li>
                                    <code class="rule-code">{&c.rule}</code>{" "}{subject}
                                    if let Some(reason) = reason { <span class="reason">{format!(" — {reason}")}</span> }
                                    if let Some(l) = c.locations.first() { {" "}{line_button(lang, l.line, &props.on_locate)} }
                                </li>
                            }
                        }) }
                    </ul>
                </details>
            }
            if !r.parse_issues.is_empty() {
                <details class="more" data-testid="parse-issues">
                    <summary>{match lang {
                        Lang::Zh => format!("解析提示 {} 条", r.parse_issues.len()),
                        Lang::En => format!("{} parse notes", r.parse_issues.len()),
                    }}</summary>
                    <ul class="plain">
                        { for r.parse_issues.iter().map(|p| html! {
                            <li>
                                <code class="rule-code">{&p.code}</code>{" "}
                                {match lang { Lang::Zh => &p.message_zh, Lang::En => &p.message_en }}
                                {" "}{line_button(lang, p.line, &props.on_locate)}
                            </li>
                        }) }
                    </ul>
                </details>
            }
        </section>
    }
}
