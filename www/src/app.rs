//! The root component: owns the state, the debounce timer and the file reader, and lays
//! out the panels.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::findings::Findings;
use crate::components::header::Header;
use crate::components::input_panel::InputPanel;
use crate::components::summary::Summary;
use crate::components::tables::Tables;
use crate::i18n::{html_lang, tr, Lang};
use crate::services::{file_reader, storage, textarea};
use crate::state::{Action, AppState};
use crate::{SAMPLE_NAME, SAMPLE_TEXT};

/// How long typing must pause before the text is checked.
pub const DEBOUNCE_MS: u32 = 250;

/// The app.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState::restore(storage::load()));
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let textarea_ref = use_node_ref();

    // Keep <html lang> in step with the toggle.
    use_effect_with(state.lang, |lang| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("lang", html_lang(*lang));
        }
    });
    // Remember the document and language for the next visit.
    {
        let state = state.clone();
        use_effect_with((state.revision, state.lang), move |_| {
            if !state.stale {
                storage::save(&state.source, &state.text, state.lang);
            }
        });
    }

    let dispatcher = state.dispatcher();
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
        Callback::from(move |()| {
            timer.borrow_mut().take();
            dispatcher.dispatch(Action::Clear);
        })
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

    let lang = state.lang;
    html! {
        <div class="app">
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
                    {on_dismiss}
                />
                <div class="results" aria-live="polite" aria-busy={state.stale.to_string()}>
                    if let Some(report) = &state.report {
                        <Summary {lang} report={report.clone()} stale={state.stale} />
                        <Findings {lang} report={report.clone()} on_locate={on_locate.clone()} />
                        <Tables {lang} report={report.clone()} {on_locate} />
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
                        "全部核对都在本页内完成（WebAssembly），文本不会离开你的电脑。每个数字按其印出的小数位视为一个区间，只有四舍五入也无法解释的差额才报告为错误。",
                        "All checking happens in this page (WebAssembly); the text never leaves your computer. Each printed number is read as the interval its decimals allow, so only differences that rounding cannot explain are reported as errors.")}
                </p>
            </footer>
        </div>
    }
}
