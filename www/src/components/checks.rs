//! "What was checked": every evaluated identity, grouped by rule family and rule, with how
//! many passed, failed or could not be checked. A rule's list opens on demand (a long
//! document has hundreds of checks).

use std::collections::BTreeSet;
use std::rc::Rc;

use suanpan::report::{LocationKind, Status};
use yew::prelude::*;

use crate::checked::{family_of, Checked};
use crate::i18n::{family, status, status_class, status_icon, tr, Lang, FAMILIES};
use crate::state::Action;

/// Props of [`Checks`].
#[derive(Properties, PartialEq)]
pub struct ChecksProps {
    /// Current language.
    pub lang: Lang,
    /// The result.
    pub result: Rc<Checked>,
    /// Change the state.
    pub dispatch: Callback<Action>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    pass: usize,
    fail: usize,
    not_checked: usize,
}

impl Counts {
    fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::NotChecked => self.not_checked += 1,
        }
    }
}

fn counts_text(lang: Lang, c: Counts) -> String {
    match lang {
        Lang::Zh => format!("通过 {} · 不通过 {} · 未核对 {}", c.pass, c.fail, c.not_checked),
        Lang::En => format!(
            "{} passed · {} failed · {} not checked",
            c.pass, c.fail, c.not_checked
        ),
    }
}

/// The "what was checked" view.
#[component]
pub fn Checks(props: &ChecksProps) -> Html {
    let lang = props.lang;
    let open = use_state(BTreeSet::<String>::new);
    let report = &props.result.report;
    let has_tables = props.result.tables.is_some();

    // rules in code order, with their checks
    let mut rules: Vec<(String, Vec<usize>, Counts)> = Vec::new();
    for (i, c) in report.checks.iter().enumerate() {
        match rules.iter_mut().find(|(r, _, _)| *r == c.rule) {
            Some((_, list, n)) => {
                list.push(i);
                n.add(c.status);
            }
            None => {
                let mut n = Counts::default();
                n.add(c.status);
                rules.push((c.rule.clone(), vec![i], n));
            }
        }
    }
    rules.sort_by(|a, b| a.0.cmp(&b.0));
    let mut total = Counts::default();
    for c in &report.checks {
        total.add(c.status);
    }

    let families = FAMILIES.iter().filter_map(|&(prefix, fam)| {
        let of: Vec<&(String, Vec<usize>, Counts)> =
            rules.iter().filter(|(r, _, _)| family_of(r) == prefix).collect();
        (!of.is_empty()).then_some((prefix, fam, of))
    });

    let rule_group = |(code, list, n): &(String, Vec<usize>, Counts)| {
        let is_open = open.contains(code);
        let toggle = {
            let open = open.clone();
            let code = code.clone();
            Callback::from(move |_: MouseEvent| {
                let mut set = (*open).clone();
                if !set.remove(&code) {
                    set.insert(code.clone());
                }
                open.set(set);
            })
        };
        let rule = crate::rules_meta::find(code);
        let title = rule.map(|r| tr(lang, r.title_zh, r.title_en)).unwrap_or_default();
        let list_id = format!("checks-{code}");
        let status_mark = if n.fail > 0 {
            ("fail", Status::Fail)
        } else if n.pass > 0 {
            ("pass", Status::Pass)
        } else {
            ("not-checked", Status::NotChecked)
        };
        html! {
            <li class="rule-group" data-testid="rule-group" data-rule={code.clone()}>
                <button type="button" class="rule-toggle" aria-expanded={is_open.to_string()} aria-controls={list_id.clone()} onclick={toggle}>
                    <span class="chevron" aria-hidden="true">{if is_open { "▾" } else { "▸" }}</span>
                    <span class={classes!("status", status_mark.0)} aria-hidden="true">{status_icon(status_mark.1)}</span>
                    <code class="rule-code">{code}</code>
                    <span class="rule-title">{title}</span>
                    <span class="rule-counts" data-testid="rule-counts">{counts_text(lang, *n)}</span>
                </button>
                if is_open {
                    <ul class="check-list" id={list_id}>
                        { for list.iter().filter_map(|&i| report.checks.get(i).map(|c| (i, c))).map(|(i, c)| {
                            let subject = match lang { Lang::Zh => &c.subject_zh, Lang::En => &c.subject_en };
                            let reason = match lang { Lang::Zh => c.reason_zh.as_deref(), Lang::En => c.reason_en.as_deref() };
                            let st = status_class(c.status);
                            let show = (has_tables && c.locations.iter().any(|l| matches!(l.kind, LocationKind::Cell | LocationKind::Table)))
                                .then(|| props.dispatch.reform(move |_: MouseEvent| Action::ShowCheck(i)));
                            let values = c.reported.as_ref().zip(c.computed.as_ref()).map(|(r, k)| match lang {
                                Lang::Zh => format!("报告 {} · 计算 {}", r.display, k.display),
                                Lang::En => format!("reported {} · computed {}", r.display, k.display),
                            });
                            html! {
                                <li class={classes!("check", st)} data-testid="check" data-status={st}>
                                    <span class={classes!("status", st)}><span aria-hidden="true">{status_icon(c.status)}{" "}</span>{status(lang, c.status)}</span>
                                    {" "}<span class="subject">{subject}</span>
                                    if let Some(v) = values { <span class="values">{v}</span> }
                                    if let Some(r) = reason { <span class="reason">{format!(" — {r}")}</span> }
                                    if let Some(show) = show {
                                        {" "}<button type="button" class="link" onclick={show}>{tr(lang, "在表中查看", "Show in the table")}</button>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
            </li>
        }
    };

    html! {
        <section class="checks" data-testid="checks-view" aria-labelledby="checks-heading">
            <h2 id="checks-heading" class="visually-hidden">{tr(lang, "核对了什么", "What was checked")}</h2>
            <p class="checks-total" data-testid="checks-total">
                {match lang {
                    Lang::Zh => format!("共核对 {} 项。", report.checks.len()),
                    Lang::En => format!("{} checks in all.", report.checks.len()),
                }}
                {" "}{counts_text(lang, total)}
            </p>
            if report.checks.is_empty() {
                <p class="empty">{tr(lang, "没有可核对的内容。", "Nothing could be checked.")}</p>
            }
            { for families.map(|(prefix, fam, of)| html! {
                <div class="family-group">
                    <h3>{format!("{prefix} · {}", family(lang, fam))}</h3>
                    <ul class="rule-groups">{ for of.into_iter().map(&rule_group) }</ul>
                </div>
            }) }
        </section>
    }
}
