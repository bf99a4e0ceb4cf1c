//! The findings, each with its rule, message, arithmetic, why it matters, its basis and its
//! located cells; filters by severity and rule family; then what could not be checked and
//! the parser's notes.

use std::rc::Rc;

use suanpan::report::{Finding, Location, LocationKind, Severity, Status};
use yew::prelude::*;

use crate::checked::{family_of, Checked};
use crate::components::rule_doc;
use crate::i18n::{family, role, severity, severity_class, severity_icon, tr, Lang, FAMILIES};
use crate::state::{Action, Filter};

/// Props of [`Findings`].
#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    /// Current language.
    pub lang: Lang,
    /// The result.
    pub result: Rc<Checked>,
    /// Which findings are shown.
    pub filter: Filter,
    /// The finding in focus.
    pub focus: Option<usize>,
    /// True when the source text is there (line numbers can be selected in it).
    pub has_text: bool,
    /// Select a source line.
    pub on_locate: Callback<u32>,
    /// Change the state.
    pub dispatch: Callback<Action>,
    /// Open a finding on its original page (when the document's file is still open).
    #[prop_or_default]
    pub on_view_page: Option<Callback<usize>>,
}

/// A "line N" button (or plain text when there is no source text to select it in).
pub fn line_button(lang: Lang, line: u32, on_locate: &Callback<u32>, has_text: bool) -> Html {
    let label = match lang {
        Lang::Zh => format!("第 {line} 行"),
        Lang::En => format!("line {line}"),
    };
    if !has_text {
        return html! { <span class="line">{label}</span> };
    }
    let onclick = on_locate.reform(move |_: MouseEvent| line);
    let title = tr(lang, "在文本中选中这一行", "Select this line in the text");
    html! { <button type="button" class="link line" {title} {onclick}>{label}</button> }
}

/// Where a location was printed, when it was read from a file: "第 15 页" / "p. 15" for a
/// PDF, "表5!D12" for a spreadsheet (nothing for typed text: its line says it).
pub fn place(lang: Lang, l: &Location) -> Html {
    use suanpan::source::Source;
    let label = match (&l.source, lang) {
        (Some(Source::Pdf { page, .. }), Lang::Zh) => format!("第 {page} 页"),
        (Some(Source::Pdf { page, .. }), _) => format!("p. {page}"),
        (Some(Source::Cell { sheet, cell, .. }), _) => format!("{sheet}!{cell}"),
        _ => return html! {},
    };
    html! { <span class="place" data-testid="place">{" · "}{label}</span> }
}

/// The cells (and narrative passages) of a finding or check.
pub fn locations(lang: Lang, locs: &[Location], on_locate: &Callback<u32>, has_text: bool) -> Html {
    let cells: Vec<&Location> = locs.iter().filter(|l| l.kind != LocationKind::Table).collect();
    if cells.is_empty() {
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
                    { for cells.iter().map(|l| if l.kind == LocationKind::Text {
                        // a passage of the narrative: its section and its words, as a quote
                        html! {
                            <tr class="narrative">
                                <td>{line_button(lang, l.line, on_locate, has_text)}{place(lang, l)}</td>
                                <td>{&l.row_label}</td>
                                <td colspan="2"><q class="quote">{&l.text}</q></td>
                                <td class="role">{role(lang, &l.role)}</td>
                            </tr>
                        }
                    } else {
                        html! {
                            <tr class={classes!((l.role == "total").then_some("total"))}>
                                <td>{line_button(lang, l.line, on_locate, has_text)}{place(lang, l)}</td>
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

fn finding(props: &FindingsProps, i: usize, f: &Finding) -> Html {
    let lang = props.lang;
    let report = &props.result.report;
    let rule = crate::rules_meta::find(&f.rule);
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
        _ => Checked::first_table(&f.locations)
            .and_then(|t| report.tables.get(t))
            .map(|t| format!("{}{} · {}", tr(lang, "表", "Table "), t.id + 1, t.title)),
    };
    let attribution = match lang {
        Lang::Zh => f.attribution_zh.as_deref(),
        Lang::En => f.attribution_en.as_deref(),
    };
    let docs = props
        .result
        .docs
        .iter()
        .find(|(c, _)| *c == f.rule)
        .map(|(_, d)| d);
    let why = docs.and_then(|d| rule_doc::section(d, "Why it matters"));
    let can_show = props.result.tables.is_some() && Checked::first_table(&f.locations).is_some();
    let sev = severity_class(f.severity);
    let show = props.dispatch.reform(move |_: MouseEvent| Action::ShowFinding(i));
    let view_page = props
        .on_view_page
        .as_ref()
        .filter(|_| crate::components::page_view::has_page(f))
        .map(|cb| cb.reform(move |_: MouseEvent| i));
    let id = format!("finding-{i}");
    html! {
        <li class={classes!("finding", sev, (props.focus == Some(i)).then_some("focused"))} tabindex="-1"
            data-testid="finding" data-rule={f.rule.clone()} id={id.clone()} aria-labelledby={format!("{id}-head")}>
            <div class="finding-head" id={format!("{id}-head")}>
                <span class={classes!("badge", sev)}><span aria-hidden="true">{severity_icon(f.severity)}{" "}</span>{severity(lang, f.severity)}</span>
                <code class="rule-code">{&f.rule}</code>
                <span class="rule-title">{title}</span>
            </div>
            if let Some(t) = table {
                <p class="finding-table">{t}</p>
            }
            <p class="message">{message}</p>
            if let Some(a) = &f.arithmetic {
                <p class="arithmetic"><span class="visually-hidden">{tr(lang, "算式：", "Arithmetic: ")}</span><code>{a}</code></p>
            }
            if let Some(a) = attribution {
                <p class="attribution"><span class="label">{tr(lang, "可能出错的单元格：", "Likely wrong: ")}</span>{a}</p>
            }
            if f.consequence_of.is_some() {
                <p class="consequence">{tr(lang, "这一条是另一处错误的连带结果。", "This follows from another finding.")}</p>
            }
            {locations(lang, &f.locations, &props.on_locate, props.has_text)}
            if can_show || view_page.is_some() {
                <div class="finding-actions">
                    if can_show {
                        <button type="button" class="button small" data-testid="show-in-table" onclick={show}>
                            <span aria-hidden="true">{"▦ "}</span>{tr(lang, "在表中查看", "Show in the table")}
                        </button>
                    }
                    if let Some(onclick) = view_page {
                        <button type="button" class="button small" data-testid="view-page" {onclick}>
                            <span aria-hidden="true">{"🔍 "}</span>{tr(lang, "在原文中查看", "View on the original page")}
                        </button>
                    }
                </div>
            }
            if let Some(r) = rule {
                <div class="explain">
                    if let Some(why) = why {
                        <p class="why" data-testid="why"><span class="label">{tr(lang, "为什么重要：", "Why it matters: ")}</span>{rule_doc::inline_text(&why)}</p>
                    }
                    if !r.basis.is_empty() {
                        <div class="basis" data-testid="basis">
                            <span class="label">{tr(lang, "依据：", "Basis: ")}</span>
                            <ul>{ for r.basis.iter().map(|b| html! { <li lang="zh-CN">{*b}</li> }) }</ul>
                        </div>
                    }
                    if let Some(docs) = docs {
                        <details class="rule-doc">
                            <summary>{tr(lang, "规则说明", "About this rule")}{format!(" · {} {}", r.code, r.name)}</summary>
                            {rule_doc::render(docs)}
                        </details>
                    }
                </div>
            }
        </li>
    }
}

fn chip(
    label: String,
    count: usize,
    on: bool,
    onclick: Callback<MouseEvent>,
    testid: String,
    class: &'static str,
) -> Html {
    html! {
        <button type="button" class={classes!("chip", class, (!on).then_some("off"))}
            aria-pressed={on.to_string()} data-testid={testid} {onclick}>
            <span class="check" aria-hidden="true">{if on { "☑" } else { "☐" }}</span>
            {label}
            <span class="n">{count}</span>
        </button>
    }
}

fn filters(props: &FindingsProps) -> Html {
    let lang = props.lang;
    let findings = &props.result.report.findings;
    let severities = [Severity::Error, Severity::Warning, Severity::Info];
    let sev_chips: Vec<Html> = severities
        .iter()
        .map(|&s| {
            let n = findings.iter().filter(|f| f.severity == s).count();
            let on = !props.filter.hidden_severities.contains(&s);
            let label = format!("{} {}", severity_icon(s), severity(lang, s));
            chip(
                label,
                n,
                on,
                props
                    .dispatch
                    .reform(move |_: MouseEvent| Action::ToggleSeverity(s)),
                format!("filter-{}", severity_class(s)),
                severity_class(s),
            )
        })
        .collect();
    let fam_chips: Vec<Html> = FAMILIES
        .iter()
        .map(|&(prefix, fam)| {
            let n = findings.iter().filter(|f| family_of(&f.rule) == prefix).count();
            let on = !props.filter.hidden_families.iter().any(|f| f == prefix);
            chip(
                format!("{prefix} {}", family(lang, fam)),
                n,
                on,
                props
                    .dispatch
                    .reform(move |_: MouseEvent| Action::ToggleFamily(prefix.to_string())),
                format!("filter-{prefix}"),
                "family",
            )
        })
        .collect();
    let reset = props.dispatch.reform(|_: MouseEvent| Action::ResetFilter);
    html! {
        <div class="filters" role="group" aria-label={tr(lang, "筛选问题", "Filter the findings")}>
            <div class="chips"><span class="filter-label">{tr(lang, "级别", "Severity")}</span>{ for sev_chips }</div>
            <div class="chips"><span class="filter-label">{tr(lang, "规则类别", "Rule family")}</span>{ for fam_chips }</div>
            if !props.filter.is_empty() {
                <button type="button" class="link reset" data-testid="filter-reset" onclick={reset}>{tr(lang, "显示全部", "Show all")}</button>
            }
        </div>
    }
}

/// The findings panel.
#[component]
pub fn Findings(props: &FindingsProps) -> Html {
    let lang = props.lang;
    let r = &props.result.report;
    let not_checked: Vec<_> = r
        .checks
        .iter()
        .filter(|c| c.status == Status::NotChecked)
        .collect();
    let shown: Vec<(usize, &Finding)> = r
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| props.filter.shows(f.severity, &f.rule))
        .collect();
    let hidden = r.findings.len() - shown.len();
    html! {
        <section class="findings" aria-labelledby="findings-heading">
            <h2 id="findings-heading" class="visually-hidden">{tr(lang, "发现的问题", "Findings")}</h2>
            if r.findings.is_empty() {
                <p class="all-clear" data-testid="all-clear">
                    <span aria-hidden="true">{"✓ "}</span>
                    if r.summary.checks_passed > 0 {
                        {tr(lang, "没有发现问题：能核对的合计都对得上。", "No problem found: every total that could be checked adds up.")}
                    } else {
                        {tr(lang, "没有可核对的合计。", "Nothing could be checked.")}
                    }
                </p>
            } else {
                {filters(props)}
                if hidden > 0 {
                    <p class="hidden-note" data-testid="hidden-note">{match lang {
                        Lang::Zh => format!("已隐藏 {hidden} 条（筛选）"),
                        Lang::En => format!("{hidden} hidden by the filters"),
                    }}</p>
                }
                <ol class="finding-list" data-testid="finding-list">
                    { for shown.iter().map(|(i, f)| finding(props, *i, f)) }
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
                                    if let Some(l) = c.locations.first() { {" "}{line_button(lang, l.line, &props.on_locate, props.has_text)} }
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
                                {" "}{line_button(lang, p.line, &props.on_locate, props.has_text)}
                            </li>
                        }) }
                    </ul>
                </details>
            }
        </section>
    }
}
