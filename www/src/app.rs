//! The root component: owns the state, the debounce timer and the two workers (the file
//! reader and the checker), and lays out the panels. Files dropped anywhere on the page are
//! opened.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::batch::{BatchAction, BatchState};
use crate::checked::Checked;
use crate::components::header::Header;
use crate::components::input_panel::{files_of, InputPanel, PastedHtml};
use crate::components::page_view::{PageView, RenderRequest};
use crate::components::results::Results;
use crate::components::summary::Export;
use crate::i18n::{html_lang, tr, Lang};
use crate::services::pool::{Pool, PoolEvent};
use crate::services::worker::{Checker, Outcome, ReadEvent, ReadOutcome, Reader};
use crate::services::{checker, export, folder, perf, storage, textarea};
use crate::state::{Action, AppState, Reading};
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
    // The latest read job and what it is for (files replace the text, a pasted table is
    // inserted where it was pasted); reports of older jobs are dropped.
    let read_job: Rc<RefCell<(u64, Option<Purpose>)>> = use_mut_ref(|| (0, None));
    let dragging = use_state_eq(|| false);
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

    // a .zip of documents opened: checked as a set (the callback is set below)
    let on_archive: Rc<RefCell<Option<Callback<NamedFiles>>>> = use_mut_ref(|| None);
    let reader = {
        let d = dispatcher.clone();
        let read_job = read_job.clone();
        let on_archive = on_archive.clone();
        let textarea_ref = textarea_ref.clone();
        use_mut_ref(move || {
            Reader::new(Callback::from(move |(job, event): ReadOutcome| {
                let purpose = {
                    let r = read_job.borrow();
                    if r.0 != job {
                        return;
                    }
                    r.1.clone()
                };
                match event {
                    ReadEvent::Progress(p) => {
                        let names = match &purpose {
                            Some(Purpose::Files(names)) => names.clone(),
                            _ => Vec::new(),
                        };
                        d.dispatch(Action::Reading(Some(Reading {
                            names,
                            progress: Some(p),
                        })));
                    }
                    ReadEvent::Archive(files) => {
                        read_job.borrow_mut().1 = None;
                        d.dispatch(Action::Reading(None));
                        let start = on_archive.borrow().clone();
                        if let Some(start) = start {
                            start.emit(files);
                        }
                    }
                    ReadEvent::Done(result) => {
                        read_job.borrow_mut().1 = None;
                        perf::measure("suanpan:read", "suanpan:read-start");
                        let current = textarea_ref.cast::<HtmlTextAreaElement>().map(|t| t.value());
                        read_done(&d, purpose, result, current);
                    }
                }
            }))
        })
    };

    // The finding shown on its original page, if any.
    let page_view = use_state(|| None::<usize>);
    let render = {
        let reader = reader.clone();
        Callback::from(move |(file, page, sheet, cells, done): RenderRequest| {
            perf::mark("suanpan:render-start");
            let done = done.reform(|r| {
                perf::measure("suanpan:render", "suanpan:render-start");
                r
            });
            let r = reader.borrow().clone();
            r.render(&file, page, &sheet, &cells, done);
        })
    };
    // The original file is still in the reader while the text is as read from it.
    let file_open = state.sources.is_some() && state.opened_report.is_none();
    let on_view_page = {
        let page_view = page_view.clone();
        file_open.then(|| Callback::from(move |i: usize| page_view.set(Some(i))))
    };
    let can_annotate = file_open
        && state.source.to_lowercase().contains(".pdf")
        && state.result.as_ref().is_some_and(|r| r.payload.is_some());

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
                c.submit(job, &state.source, &state.text, state.sources.clone());
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
    // Files opened as one document (one file, or a narrative and its tables).
    let open_files = {
        let dispatcher = dispatcher.clone();
        let timer = timer.clone();
        let reader = reader.clone();
        let read_job = read_job.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            timer.borrow_mut().take();
            let names: Vec<String> = files.iter().map(|f| f.name()).collect();
            let job = {
                let mut r = read_job.borrow_mut();
                r.0 += 1;
                r.1 = Some(Purpose::Files(names.clone()));
                r.0
            };
            perf::mark("suanpan:read-start");
            dispatcher.dispatch(Action::Reading(Some(Reading {
                names,
                progress: None,
            })));
            let r = reader.borrow().clone();
            r.submit(job, files);
        })
    };
    // A set of documents: each read and checked on its own in a pool of workers, then
    // grouped and checked across documents (the batch view).
    let batch = use_reducer(BatchState::default);
    let pool: Rc<RefCell<Option<Pool>>> = use_mut_ref(|| None);
    let start_batch = {
        let batch = batch.dispatcher();
        let pool = pool.clone();
        Callback::from(move |mut files: Vec<(String, web_sys::File)>| {
            perf::mark("suanpan:batch-start");
            // at most MAX_FILES in one set; the view says how many were left out
            let left_out = files.len().saturating_sub(folder::MAX_FILES);
            files.truncate(folder::MAX_FILES);
            batch.dispatch(BatchAction::Start(files.clone(), left_out));
            let b = batch.clone();
            let events = Callback::from(move |e: PoolEvent| match e {
                PoolEvent::Member(i, row) => b.dispatch(BatchAction::Member(i, row)),
                PoolEvent::Done(r) => {
                    perf::measure("suanpan:batch", "suanpan:batch-start");
                    b.dispatch(BatchAction::Done(r));
                }
            });
            let (names, files): (Vec<String>, Vec<web_sys::File>) = files.into_iter().unzip();
            // a set in work is replaced (its workers stop)
            *pool.borrow_mut() = Some(Pool::start(names, files, events));
        })
    };
    *on_archive.borrow_mut() = Some(start_batch.clone());
    // Files picked or dropped: three or more are a set; fewer are one document.
    let on_files = {
        let open_files = open_files.clone();
        let start_batch = start_batch.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            if files.len() >= 3 {
                start_batch.emit(files.into_iter().map(|f| (folder::path_of(&f), f)).collect());
            } else {
                open_files.emit(files);
            }
        })
    };
    // A folder picked: its documents are a set (one document is opened as such).
    let on_folder = {
        let open_files = open_files.clone();
        let start_batch = start_batch.clone();
        let dispatcher = dispatcher.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            let docs: Vec<(String, web_sys::File)> = files
                .into_iter()
                .map(|f| (folder::path_of(&f), f))
                .filter(|(p, _)| crate::batch::is_document(p))
                .collect();
            match docs.len() {
                0 => dispatcher.dispatch(Action::InputFailed(suanpan::input::InputError {
                    message_zh: "文件夹中没有可读取的文件（PDF、Excel、Word、网页、CSV 或文本）。".into(),
                    message_en:
                        "The folder holds no file that can be read (PDF, Excel, Word, web page, CSV or text)."
                            .into(),
                })),
                1 => open_files.emit(docs.into_iter().map(|(_, f)| f).collect()),
                _ => start_batch.emit(docs),
            }
        })
    };
    let on_paste_html = {
        let dispatcher = dispatcher.clone();
        let reader = reader.clone();
        let read_job = read_job.clone();
        Callback::from(move |p: PastedHtml| {
            let Some(file) = html_file(&p.html) else {
                return;
            };
            let job = {
                let mut r = read_job.borrow_mut();
                r.0 += 1;
                r.1 = Some(Purpose::Paste {
                    start: p.start,
                    end: p.end,
                });
                r.0
            };
            perf::mark("suanpan:read-start");
            dispatcher.dispatch(Action::Reading(Some(Reading::default())));
            let r = reader.borrow().clone();
            r.submit(job, vec![file]);
        })
    };
    // Files dragged over the page are opened where they are dropped (anywhere).
    let has_files = |e: &DragEvent| {
        e.data_transfer().is_some_and(|d| {
            d.types()
                .iter()
                .any(|t| t.as_string().as_deref() == Some("Files"))
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            if has_files(&e) {
                e.prevent_default();
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // leaving the window (no element to enter)
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_files = on_files.clone();
        let start_batch = start_batch.clone();
        let on_folder = on_folder.clone();
        Callback::from(move |e: DragEvent| {
            dragging.set(false);
            // a folder dropped: its documents (and the other files dropped with it) are a set
            let entries = e
                .data_transfer()
                .map(|d| folder::dropped_entries(&d))
                .unwrap_or_default();
            if !entries.is_empty() {
                e.prevent_default();
                let start_batch = start_batch.clone();
                let on_folder = on_folder.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let files = folder::walk(entries).await;
                    if files.len() == 1 {
                        on_folder.emit(files.into_iter().map(|(_, f)| f).collect());
                    } else if files.is_empty() {
                        on_folder.emit(Vec::new());
                    } else {
                        start_batch.emit(files);
                    }
                });
                return;
            }
            let files = files_of(e.data_transfer().and_then(|d| d.files()));
            if !files.is_empty() {
                e.prevent_default();
                on_files.emit(files);
            }
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
                notes: Vec::new(),
                sources: None,
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
        let reader = reader.clone();
        let d = dispatcher.clone();
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
                Export::AnnotatedPdf => {
                    let d = d.clone();
                    let done = Callback::from(
                        move |r: Result<
                            Vec<crate::services::worker::AnnotatedFile>,
                            suanpan::input::InputError,
                        >| match r {
                            Ok(files) => {
                                for f in files {
                                    export::download_bytes(
                                        &export::file_name(&f.name, "pdf"),
                                        "application/pdf",
                                        &f.bytes.to_vec(),
                                    );
                                }
                            }
                            Err(e) => d.dispatch(Action::InputFailed(e)),
                        },
                    );
                    if let Some(payload) = &r.payload {
                        let reader = reader.borrow().clone();
                        reader.annotate(payload, done);
                    }
                }
                Export::Print => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.print();
                    }
                }
            }
        })
    };

    let on_batch_open = {
        let batch = batch.clone();
        let open_files = open_files.clone();
        Callback::from(move |indices: Vec<usize>| {
            let picked: Vec<&crate::batch::BatchFile> =
                indices.iter().filter_map(|&i| batch.files.get(i)).collect();
            let name = picked
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join(" + ");
            let files = picked.iter().map(|f| f.file.clone()).collect();
            batch.dispatch(BatchAction::View(name));
            open_files.emit(files);
        })
    };
    let on_batch_export = {
        let batch = batch.clone();
        Callback::from(move |kind: String| {
            let Some(Ok(set)) = &batch.set else {
                return;
            };
            let x = &set.exports;
            let csv = "text/csv;charset=utf-8";
            match kind.as_str() {
                "csv" => export::download("suanpan-set.csv", csv, &x.csv),
                "findings" => export::download("suanpan-set-findings.csv", csv, &x.findings_csv),
                _ => export::download("suanpan-set.json", "application/json;charset=utf-8", &x.json),
            }
        })
    };
    let batch_dispatch = {
        let batch = batch.dispatcher();
        let pool = pool.clone();
        Callback::from(move |a: BatchAction| {
            if a == BatchAction::Close {
                // stops a set still in work
                pool.borrow_mut().take();
            }
            batch.dispatch(a)
        })
    };
    // The batch view is drawn by the checker worker as HTML (`batch::render_html`); only
    // the latest drawing is shown, and the control last used keeps the focus.
    let batch_html = use_state(|| None::<AttrValue>);
    let batch_draws: Rc<RefCell<(u64, Option<String>)>> = use_mut_ref(|| (0, None));
    {
        let batch_html = batch_html.clone();
        let checker = checker.clone();
        let draws = batch_draws.clone();
        use_effect_with((batch.clone(), state.lang), move |(b, lang)| {
            if b.active() {
                let n = {
                    let mut d = draws.borrow_mut();
                    d.0 += 1;
                    d.0
                };
                let request = b.render_request(*lang == Lang::Zh);
                let c = checker.borrow().clone();
                let draws = draws.clone();
                c.draw_batch(
                    &request,
                    Callback::from(move |r: Result<String, suanpan::input::InputError>| {
                        if draws.borrow().0 != n {
                            return;
                        }
                        let html = r.unwrap_or_else(|e| {
                            let mut o = String::from("<p class=\"error-message\" role=\"alert\">");
                            suanpan::source::escape_xml(
                                &mut o,
                                &format!("{} / {}", e.message_zh, e.message_en),
                            );
                            o + "</p>"
                        });
                        batch_html.set(Some(AttrValue::from(html)));
                    }),
                );
            }
        });
    }
    {
        let draws = batch_draws.clone();
        use_effect_with(batch_html.clone(), move |_| {
            #[cfg(target_arch = "wasm32")]
            if let Some(key) = draws.borrow_mut().1.take() {
                use wasm_bindgen::JsCast;
                let el = gloo::utils::document()
                    .query_selector(&format!("[data-focus=\"{key}\"]"))
                    .ok()
                    .flatten();
                if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.focus();
                    if let Some(i) = el
                        .dyn_ref::<web_sys::HtmlInputElement>()
                        .filter(|i| i.type_() == "search")
                    {
                        let end = i.value().encode_utf16().count() as u32;
                        let _ = i.set_selection_range(end, end);
                    }
                }
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = draws;
        });
    }
    let batch_click = {
        let dispatch = batch_dispatch.clone();
        let draws = batch_draws.clone();
        Callback::from(move |e: MouseEvent| {
            let Some(el) = e.target_dyn_into::<web_sys::Element>().and_then(|t| {
                t.closest("[data-open],[data-sort],[data-export],[data-action]")
                    .ok()
                    .flatten()
            }) else {
                return;
            };
            let attr = |k: &str| el.get_attribute(k);
            if let Some(files) = attr("data-open") {
                on_batch_open.emit(files.split(',').filter_map(|f| f.parse().ok()).collect());
            } else if let Some(by) = attr("data-sort")
                .as_deref()
                .and_then(crate::batch::SortBy::from_key)
            {
                draws.borrow_mut().1 = attr("data-focus");
                dispatch.emit(BatchAction::Sort(by));
            } else if let Some(kind) = attr("data-export") {
                on_batch_export.emit(kind);
            } else if attr("data-action").as_deref() == Some("close") {
                dispatch.emit(BatchAction::Close);
            }
        })
    };
    let batch_input = {
        let dispatch = batch_dispatch.clone();
        let draws = batch_draws.clone();
        Callback::from(move |e: Event| {
            let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            draws.borrow_mut().1 = i.get_attribute("data-focus");
            dispatch.emit(if i.type_() == "checkbox" {
                BatchAction::ProblemsOnly(i.checked())
            } else {
                BatchAction::Filter(i.value())
            });
        })
    };
    let batch_table = batch.active() && batch.viewing.is_none();

    let lang = state.lang;
    html! {
        <div class={classes!("app", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
            <a class="skip-link" href="#results">{tr(lang, "跳到核对结果", "Skip to the result")}</a>
            <Header {lang} {on_lang} />
            if batch_table {
                <main class="layout batch-layout">
                    <section class="panel batch" data-testid="batch" aria-labelledby="batch-title"
                        aria-busy={batch.set.is_none().to_string()}
                        onclick={batch_click} oninput={batch_input.reform(|e: InputEvent| Event::from(e))} onchange={batch_input.clone()}>
                        {batch_html.as_ref().map(|h| Html::from_html_unchecked(h.clone())).unwrap_or_default()}
                    </section>
                </main>
            } else {
            if let Some(name) = &batch.viewing {
                <nav class="batch-back" data-testid="batch-back-bar" aria-label={tr(lang, "批量核对", "Batch check")}>
                    <button type="button" class="button small" data-testid="batch-back"
                        onclick={batch_dispatch.reform(|_: MouseEvent| BatchAction::Back)}>
                        {tr(lang, "← 返回批量结果", "← Back to the batch")}</button>
                    <span class="summary-line">{format!(" {} / {} ", name, batch.files.len())}{tr(lang, "个文件之一", "files in the set")}</span>
                </nav>
            }
            <main class="layout">
                <InputPanel
                    {lang}
                    text={state.text.clone()}
                    source={state.source.clone()}
                    is_sample={state.is_sample()}
                    error={state.input_error.clone()}
                    textarea={textarea_ref}
                    {on_edit}
                    {on_files}
                    {on_folder}
                    {on_paste_html}
                    reading={state.reading.clone()}
                    notes={state.notes.clone()}
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
                            {on_locate} {on_export} {dispatch} on_view_page={on_view_page.clone()} {can_annotate} />
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
            }
            if let (Some(i), Some(result)) = (*page_view, &state.result) {
                if let Some(f) = result.report.findings.get(i) {
                    <PageView {lang} finding={Rc::new(f.clone())} render={render.clone()}
                        on_close={{ let page_view = page_view.clone(); Callback::from(move |()| page_view.set(None)) }} />
                }
            }
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

/// Files with their paths (in a folder or a .zip).
type NamedFiles = Vec<(String, web_sys::File)>;

/// What a read job is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Purpose {
    /// Files opened or dropped (their names): they replace the text.
    Files(Vec<String>),
    /// A table pasted as HTML: inserted in place of this selection of the text.
    Paste {
        /// Selection start (UTF-16).
        start: u32,
        /// Selection end.
        end: u32,
    },
}

/// The name given to a table pasted as HTML.
const PASTED_HTML: &str = "粘贴的表格.html";

/// The clipboard's HTML as a file for the reader.
fn html_file(html: &str) -> Option<web_sys::File> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(html));
    web_sys::File::new_with_str_sequence(&parts, PASTED_HTML).ok()
}

/// Applies a finished read: files replace the text (a saved JSON report reopens), a pasted
/// table goes where it was pasted in `current` (the textarea's text now).
fn read_done(
    d: &UseReducerDispatcher<AppState>,
    purpose: Option<Purpose>,
    result: Result<crate::services::worker::Read, suanpan::input::InputError>,
    current: Option<String>,
) {
    let combined = match result {
        Ok(c) => c,
        Err(e) => return d.dispatch(Action::InputFailed(e)),
    };
    match purpose {
        Some(Purpose::Paste { start, end }) => {
            d.dispatch(Action::Reading(None));
            let table = combined.text.trim_end_matches(['\n', '\u{c}']);
            let text = textarea::splice_utf16(&current.unwrap_or_default(), start, end, table);
            d.dispatch(Action::Edit(text));
            d.dispatch(Action::Check);
        }
        _ => {
            let names: Vec<&str> = combined.parts.iter().map(|p| p.name.as_str()).collect();
            let source = names.join(" + ");
            if let [only] = names.as_slice() {
                if checker::looks_like_report(only, &combined.text) {
                    let name = only.to_string();
                    return match checker::open_report(&name, &combined.text) {
                        Ok(report) => d.dispatch(Action::OpenReport {
                            name,
                            result: Rc::new(Checked::from_report(report)),
                        }),
                        Err(e) => d.dispatch(Action::InputFailed(e)),
                    };
                }
            }
            d.dispatch(Action::Load {
                source,
                text: combined.text,
                notes: combined.warnings,
                sources: combined.sources,
            });
        }
    }
}
