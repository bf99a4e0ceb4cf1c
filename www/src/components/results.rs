//! The results: the overview, then three tabs (findings, tables, what was checked).

use std::rc::Rc;

use yew::prelude::*;

use crate::checked::Checked;
use crate::components::checks::Checks;
use crate::components::findings::Findings;
use crate::components::summary::{Export, Summary};
use crate::components::table_view::TableView;
use crate::i18n::{tr, Lang};
use crate::state::{Action, Tab, View};

/// Props of [`Results`].
#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    /// Current language.
    pub lang: Lang,
    /// The result.
    pub result: Rc<Checked>,
    /// Tabs, selection and filters.
    pub view: View,
    /// True while a check waits or runs.
    pub busy: bool,
    /// True when the source text is there.
    pub has_text: bool,
    /// The reopened report's file name.
    pub opened_report: Option<String>,
    /// Select a source line.
    pub on_locate: Callback<u32>,
    /// Export.
    pub on_export: Callback<Export>,
    /// Change the state.
    pub dispatch: Callback<Action>,
    /// Open a finding on its original page (when the document's file is still open).
    #[prop_or_default]
    pub on_view_page: Option<Callback<usize>>,
    /// True when the document was read from PDFs still open (an annotated copy can be made).
    #[prop_or_default]
    pub can_annotate: bool,
}

const TABS: [Tab; 3] = [Tab::Findings, Tab::Tables, Tab::Checks];

fn tab_id(t: Tab) -> &'static str {
    match t {
        Tab::Findings => "tab-findings",
        Tab::Tables => "tab-tables",
        Tab::Checks => "tab-checks",
    }
}

fn focus_tab(t: Tab) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = gloo::utils::document()
            .get_element_by_id(tab_id(t))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = t;
}

/// The results column.
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let lang = props.lang;
    let r = &props.result;
    let report = &r.report;
    let shown: Rc<Vec<bool>> = Rc::new(
        report
            .findings
            .iter()
            .map(|f| props.view.filter.shows(f.severity, &f.rule))
            .collect(),
    );
    let label = |t: Tab| -> String {
        match t {
            Tab::Findings => format!("{} {}", tr(lang, "问题", "Findings"), report.findings.len()),
            Tab::Tables => format!("{} {}", tr(lang, "表格", "Tables"), report.tables.len()),
            Tab::Checks => format!(
                "{} {}",
                tr(lang, "核对了什么", "What was checked"),
                report.checks.len()
            ),
        }
    };
    let active = props.view.tab;
    let onkeydown = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = TABS.iter().position(|t| *t == active).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => TABS[(i + 1) % TABS.len()],
                "ArrowLeft" => TABS[(i + TABS.len() - 1) % TABS.len()],
                "Home" => TABS[0],
                "End" => TABS[TABS.len() - 1],
                _ => return,
            };
            e.prevent_default();
            dispatch.emit(Action::SetTab(next));
            focus_tab(next);
        })
    };
    let panel = match active {
        Tab::Findings => html! {
            <Findings {lang} result={r.clone()} filter={props.view.filter.clone()} focus={props.view.focus}
                has_text={props.has_text} on_locate={props.on_locate.clone()} dispatch={props.dispatch.clone()}
                on_view_page={props.on_view_page.clone()} />
        },
        Tab::Tables => html! {
            <TableView {lang} result={r.clone()} table={props.view.table} cell={props.view.cell} focus={props.view.focus}
                shown={shown.clone()} on_locate={props.on_locate.clone()} dispatch={props.dispatch.clone()} />
        },
        Tab::Checks => html! {
            <Checks {lang} result={r.clone()} dispatch={props.dispatch.clone()} />
        },
    };
    html! {
        <>
            <Summary {lang} result={r.clone()} busy={props.busy} opened_report={props.opened_report.clone()}
                on_export={props.on_export.clone()} dispatch={props.dispatch.clone()} can_annotate={props.can_annotate} />
            <section class="panel tabs-panel">
                <div class="tabs" role="tablist" aria-label={tr(lang, "结果视图", "Result views")} {onkeydown}>
                    { for TABS.iter().map(|&t| {
                        let selected = t == active;
                        let onclick = props.dispatch.reform(move |_: MouseEvent| Action::SetTab(t));
                        html! {
                            <button type="button" role="tab" id={tab_id(t)} class="tab" data-testid={tab_id(t)}
                                aria-selected={selected.to_string()} aria-controls="tab-panel"
                                tabindex={if selected { "0" } else { "-1" }} {onclick}>
                                {label(t)}
                            </button>
                        }
                    }) }
                </div>
                <div class="tab-panel" id="tab-panel" role="tabpanel" aria-labelledby={tab_id(active)} data-testid="tab-panel">
                    {panel}
                </div>
            </section>
        </>
    }
}
