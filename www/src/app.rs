//! The root component: owns the state, the debounce timer, the file reader and the checker
//! (a web worker), and lays out the panels.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::checked::Checked;
use crate::components::header::Header;
use crate::components::input_panel::InputPanel;
use crate::components::results::Results;
use crate::components::summary::Export;
use crate::i18n::{html_lang, tr, Lang};
use crate::services::worker::{Checker, Outcome};
use crate::services::{checker, export, file_reader, perf, storage, textarea};
use crate::state::{Action, AppState};
use crate::{SAMPLE_NAME, SAMPLE_TEXT};

/// How long typing must pause before the text is checked.
pub const DEBOUNCE_MS: u32 = 250;

/// Brings the selected cell (table view) or the finding in focus (findings) into view.
fn scroll_to_selection(state: &AppState) {
    #[cfg(target_arch = "wasm32")]
    {
        use crate::state::Tab;
        use wasm_bindgen::JsCast;
        let doc = gloo::utils::document();
        let (selector, block) = match state.view.tab {
            Tab::Tables => match state.view.cell {
                Some((t, r, c)) => (
                    format!("[data-cell=\"{t}-{r}-{c}\"]"),
                    web_sys::ScrollLogicalPosition::Center,
                ),
                None => return,
            },
            Tab::Findings => match state.view.focus {
                Some(i) => (format!("#finding-{i}"), web_sys::ScrollLogicalPosition::Start),
                None => return,
            },
            Tab::Checks => return,
        };
        let Some(el) = doc.query_selector(&selector).ok().flatten() else {
            return;
        };
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(block);
        opts.set_inline(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
        // Keyboard users continue from there.
        let target = el
            .query_selector("button")
            .ok()
            .flatten()
            .filter(|_| state.view.tab == Tab::Tables)
            .unwrap_or(el);
        if let Ok(h) = target.dyn_into::<web_sys::HtmlElement>() {
            let f = web_sys::FocusOptions::new();
            f.set_prevent_scroll(true);
            let _ = h.focus_with_options(&f);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = state;
}

/// The app.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        perf::mark("suanpan:restore-start");
        let s = AppState::restore(storage::load());
        perf::measure("suanpan:restore", "suanpan:restore-start");
        s
    });
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let textarea_ref = use_node_ref();
    let dispatcher = state.dispatcher();
    let checker = {
        let d = dispatcher.clone();
        use_mut_ref(move || {
            Checker::new(Callback::from(move |(job, result): Outcome| match result {
                Ok(c) => d.dispatch(Action::Checked {
                    job,
                    result: Rc::new(c),
                }),
                Err(error) => d.dispatch(Action::CheckFailed { job, error }),
            }))
        })
    };

    // Time to interactive: the first render is on screen.
    use_effect_with((), |_| perf::mark("suanpan:interactive"));
    // Keep <html lang> in step with the toggle.
    use_effect_with(state.lang, |lang| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("lang", html_lang(*lang));
        }
    });
    // Hand a new job to the checker.
    {
        let state = state.clone();
        let checker = checker.clone();
        use_effect_with(state.pending, move |pending| {
            if let Some(job) = *pending {
                perf::mark("suanpan:check-start");
                let c = checker.borrow().clone();
                c.submit(job, &state.source, &state.text);
            }
        });
    }
    // A new result: measure, and remember the document for the next visit.
    {
        let state = state.clone();
        use_effect_with((state.revision, state.lang), move |_| {
            if state.revision > 0 {
                perf::measure("suanpan:check", "suanpan:check-start");
            }
            if !state.busy() && state.opened_report.is_none() {
                storage::save(&state.source, &state.text, state.lang);
            }
        });
    }
    // Bring the selection into view.
    {
        let state = state.clone();
        use_effect_with(state.view.scroll, move |n| {
            if *n > 0 {
                scroll_to_selection(&state);
            }
        });
    }

    let on_edit = {
        let dispatcher = dispatcher.clone();
        let timer = timer.clone();
        Callback::from(move |text: String| {
            dispatcher.dispatch(Action::Edit(text));
            let d = dispatcher.clone();
            // Replacing the timer drops (cancels) the previous one.
            *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || d.dispatch(Action::Check)));
        })
    };
    let on_file = {
        let dispatcher = dispatcher.clone();
        let timer = timer.clone();
        Callback::from(move |file: web_sys::File| {
            timer.borrow_mut().take();
            let d = dispatcher.clone();
            let task = file_reader::read(file, move |result| match result {
                Ok(loaded) if checker::looks_like_report(&loaded.name, &loaded.text) => {
                    match checker::open_report(&loaded.name, &loaded.text) {
                        Ok(report) => d.dispatch(Action::OpenReport {
                            name: loaded.name,
                            result: Rc::new(Checked::from_report(report)),
                        }),
                        Err(e) => d.dispatch(Action::InputFailed(e)),
                    }
                }
                Ok(loaded) => d.dispatch(Action::Load {
                    source: loaded.name,
                    text: loaded.text,
                }),
                Err(e) => d.dispatch(Action::InputFailed(e)),
            });
            // Keep the reader alive until it calls back (dropping it cancels the read).
            *reader.borrow_mut() = task;
        })
    };
    let on_sample = {
        let dispatcher = dispatcher.clone();
        let timer = timer.clone();
        Callback::from(move |()| {
            timer.borrow_mut().take();
            dispatcher.dispatch(Action::Load {
                source: SAMPLE_NAME.to_string(),
                text: SAMPLE_TEXT.to_string(),
            });
        })
    };
    let on_clear = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::AskClear))
    };
    let on_confirm_clear = {
        let dispatcher = dispatcher.clone();
        let textarea_ref = textarea_ref.clone();
        Callback::from(move |()| {
            timer.borrow_mut().take();
            dispatcher.dispatch(Action::Clear);
            if let Some(t) = textarea_ref.cast::<HtmlTextAreaElement>() {
                let _ = t.focus();
            }
        })
    };
    let on_cancel_clear = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::CancelClear))
    };
    let on_dismiss = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |()| dispatcher.dispatch(Action::DismissError))
    };
    let on_lang = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |lang: Lang| dispatcher.dispatch(Action::SetLang(lang)))
    };
    let on_locate = {
        let textarea_ref = textarea_ref.clone();
        Callback::from(move |line: u32| {
            if let Some(t) = textarea_ref.cast::<HtmlTextAreaElement>() {
                textarea::select_line(&t, line);
            }
        })
    };
    let dispatch = {
        let dispatcher = dispatcher.clone();
        Callback::from(move |a: Action| dispatcher.dispatch(a))
    };
    let on_export = {
        let state = state.clone();
        Callback::from(move |e: Export| {
            let Some(r) = &state.result else {
                return;
            };
            let report = &r.report;
            let source = state.opened_report.as_deref().unwrap_or(&state.source);
            match e {
                Export::Json => export::download(
                    &export::file_name(source, "json"),
                    "application/json;charset=utf-8",
                    &export::json(report),
                ),
                Export::Csv => export::download(
                    &export::file_name(source, "csv"),
                    "text/csv;charset=utf-8",
                    &export::csv(report),
                ),
                Export::Markdown => export::download(
                    &export::file_name(source, "md"),
                    "text/markdown;charset=utf-8",
                    &export::markdown(report, state.lang),
                ),
                Export::Print => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                }
            }
        })
    };

    let lang = state.lang;
    html! {
        <div class="app">
            <a class="skip-link" href="#results">{tr(lang, "跳到核对结果", "Skip to the result")}</a>
            <Header {lang} {on_lang} />
            <main class="layout">
                <InputPanel
                    {lang}
                    text={state.text.clone()}
                    source={state.source.clone()}
                    is_sample={state.is_sample()}
                    error={state.input_error.clone()}
                    textarea={textarea_ref}
                    {on_edit}
                    {on_file}
                    {on_sample}
                    {on_clear}
                    confirm_clear={state.confirm_clear}
                    {on_confirm_clear}
                    {on_cancel_clear}
                    opened_report={state.opened_report.clone()}
                    {on_dismiss}
                />
                <div class="results" id="results" tabindex="-1" aria-busy={state.busy().to_string()}>
                    if let Some(result) = &state.result {
                        <Results {lang} result={result.clone()} view={state.view.clone()} busy={state.busy()}
                            has_text={!state.text.is_empty()} opened_report={state.opened_report.clone()}
                            {on_locate} {on_export} {dispatch} />
                    } else if state.busy() {
                        <section class="panel empty-state" data-testid="checking">
                            <h2><span class="spinner" aria-hidden="true"></span>{tr(lang, "正在核对…", "Checking…")}</h2>
                            <p role="status" data-testid="stale">{tr(lang, "正在读取表格并逐项加总。", "Reading the tables and re-adding every number.")}</p>
                        </section>
                    } else {
                        <section class="panel empty-state" data-testid="empty-state">
                            <h2>{tr(lang, "还没有文本", "No text yet")}</h2>
                            <p>{tr(lang,
                                "粘贴公开文件的文字，或打开一个文本文件，或点“载入示例”看看效果。",
                                "Paste the text of a disclosure, open a text file, or press “Load sample” to see how it works.")}</p>
                        </section>
                    }
                </div>
            </main>
            <footer class="footer">
                <p>
                    {tr(lang,
                        "全部核对都在本页内完成（WebAssembly），文本不会离开你的电脑；首次访问后可离线使用。每个数字按其印出的小数位视为一个区间，只有四舍五入也无法解释的差额才报告为错误。",
                        "All checking happens in this page (WebAssembly); the text never leaves your computer, and the page works offline after the first visit. Each printed number is read as the interval its decimals allow, so only differences that rounding cannot explain are reported as errors.")}
                </p>
            </footer>
        </div>
    }
}
