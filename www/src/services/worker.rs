//! The page's two web workers: the checker and the file reader.
//!
//! - The **checker** is the second bin target of this package, `suanpan-worker`
//!   (`src/worker.rs`), built by Trunk from `index.html` (`data-type="worker"`) into
//!   `suanpan-worker.js` and `suanpan-worker_bg.wasm`; `www/static/suanpan-worker_loader.js`
//!   starts it. It runs [`serve`]; the page talks to it through [`Checker`].
//! - The **file reader** is the package `suanpan-reader` (`www/reader`), which alone carries
//!   the PDF engine and the Office readers; `www/static/suanpan-reader_loader.js` starts it on
//!   the first file the user opens, drops or pastes as HTML (a visit that only pastes text
//!   never downloads it). The page talks to it through [`Reader`]; its protocol is in
//!   `www/reader/src/main.rs`.
//!
//! Checker protocol (plain objects, structured-cloned):
//!
//! - worker → page `{kind: "ready"}` once its wasm is up (messages sent earlier would be lost);
//! - page → worker `{id, source, text}`;
//! - worker → page `{kind: "done", id, json}` (a [`Payload`](crate::checked::Payload) as JSON)
//!   or `{kind: "error", id, message}`.
//!
//! Both run one job at a time through the same client (`Channel`): a newer job replaces
//! one that has not started yet, and a worker that dies during a job (a bug) fails that job
//! with a message instead of taking the page down with it; the next job starts a new worker.
//!
//! The page itself never checks or reads files: its wasm contains neither the checker nor
//! the readers. Where no worker can start, a job fails with a message (the browser tests,
//! whose page serves no worker, call [`allow_local_checking`] instead). From `file://`
//! browsers start no worker from a file, so the single-file build hands the page Blob-URL
//! workers in `window.suanpanWorkerUrl` and `window.suanpanReaderUrl`.

use suanpan::input::{InputError, InputWarning, Part};
use yew::Callback;

use crate::checked::Checked;

/// Where the checker's loader is, relative to the page. A page can name another worker
/// script in `window.suanpanWorkerUrl` (the single-file build passes a Blob URL there).
pub const WORKER_URL: &str = "./suanpan-worker_loader.js";

/// Where the file reader's loader is (or `window.suanpanReaderUrl`).
pub const READER_URL: &str = "./suanpan-reader_loader.js";

/// A checker that runs on the page's thread, for where no worker can run.
pub type LocalCheck = fn(&str, &str) -> crate::checked::Payload;

thread_local! {
    static LOCAL: std::cell::Cell<Option<LocalCheck>> = const { std::cell::Cell::new(None) };
}

/// Lets [`Checker`] check on the page's thread when no worker can run (the browser tests
/// do this: their page serves no worker). The app itself never does, so the page's wasm
/// does not contain the checker.
pub fn allow_local_checking(check: LocalCheck) {
    LOCAL.with(|l| l.set(Some(check)));
}

fn local_check() -> Option<LocalCheck> {
    LOCAL.with(|l| l.get())
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn no_worker() -> InputError {
    InputError {
        message_zh: "无法启动后台核对（Web Worker）。请用最新版的 Chrome、Edge、Firefox 或 Safari 打开本页；离线使用请打开单文件版 suanpan.html。".into(),
        message_en: "The background checker (a Web Worker) could not start. Open this page in a current Chrome, Edge, Firefox or Safari; for offline use open the single-file suanpan.html.".into(),
    }
}

fn no_reader() -> InputError {
    InputError {
        message_zh: "无法启动文件读取（Web Worker），文件未能打开。请用最新版的 Chrome、Edge、Firefox 或 Safari 打开本页，或复制文件中的文字后粘贴。".into(),
        message_en: "The file reader (a Web Worker) could not start, so the file was not opened. Open this page in a current Chrome, Edge, Firefox or Safari, or copy the file's text and paste it.".into(),
    }
}

/// The outcome of a check: its job number and the result or a bilingual error.
pub type Outcome = (u64, Result<Checked, InputError>);

/// How far the reader has got with a job.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadProgress {
    /// The file being read (0-based).
    pub file: usize,
    /// Files in the job.
    pub files: usize,
    /// Its name.
    pub name: String,
    /// Pages read, for a PDF.
    pub page: usize,
    /// Pages in the PDF (0 for other files).
    pub pages: usize,
}

/// What the reader reports about a job.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadEvent {
    /// It got further.
    Progress(ReadProgress),
    /// It finished: the files as one document, or why they could not be read.
    Done(Result<Read, InputError>),
    /// The one file was a .zip of documents: its documents with their paths in the zip, to
    /// be checked as a set.
    Archive(Vec<(String, web_sys::File)>),
}

/// A report from the reader: the job's number and the event.
pub type ReadOutcome = (u64, ReadEvent);

/// A page of a PDF drawn by the reader (for the page view).
#[derive(Debug, Clone, PartialEq)]
pub struct PageImage {
    /// The page as SVG (`viewBox` in points, the space of the findings' boxes).
    pub svg: String,
    /// Display width (points).
    pub width: f64,
    /// Display height (points).
    pub height: f64,
    /// Pages in the file (0 for a sheet).
    pub pages: u32,
    /// True when the page was too large to draw whole.
    pub truncated: bool,
    /// For a sheet: the boxes of the cells asked for, in order, four numbers each (x0, y0,
    /// x1, y1; NaN for a cell not drawn).
    pub rects: Vec<f64>,
}

/// A PDF written with the findings as highlight annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotatedFile {
    /// The original file's name.
    pub name: String,
    /// The annotated PDF.
    pub bytes: Vec<u8>,
    /// Highlights written.
    pub annotations: usize,
}

/// What the worker is given to finish a set: each readable document's name, text and row
/// JSON, and the messages of the files that could not be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetJob {
    /// Each document's name.
    pub names: Vec<String>,
    /// Each document's text.
    pub texts: Vec<std::rc::Rc<str>>,
    /// Each document's row JSON ([`crate::batch::member`]).
    pub rows: Vec<String>,
    /// The files that could not be read.
    pub unreadable: Vec<InputError>,
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn crashed() -> InputError {
    InputError {
        message_zh: "核对时程序出错，未能完成。请把这份文本反馈给我们。".into(),
        message_en: "The checker failed on this text (a bug). Please report the text to us.".into(),
    }
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn reader_crashed() -> InputError {
    InputError {
        message_zh: "读取文件时程序出错，文件未能打开（当前文本保持不变）。请把这个文件反馈给我们，或复制其中的文字后粘贴。".into(),
        message_en: "The file reader failed on this file (a bug), so it was not opened. Please report the file to us, or copy its text and paste it.".into(),
    }
}

fn unreadable(e: &str) -> InputError {
    InputError {
        message_zh: format!("核对结果无法读取（{e}）"),
        message_en: format!("The checker's result could not be read ({e})"),
    }
}

/// Turns the checker's JSON into a result.
pub fn decode(json: &str) -> Result<Checked, InputError> {
    serde_json::from_str(json)
        .map(|p| {
            let mut c = Checked::new(p);
            c.json = Some(std::rc::Rc::from(json));
            c
        })
        .map_err(|e| unreadable(&e.to_string()))
}

/// A document the reader read, as the page needs it: a [`suanpan::input::Combined`] whose
/// source map stays the JSON the reader wrote (handed on to the checker as it is: the page
/// has no code to read or write a source map).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Read {
    /// The text of all files.
    pub text: String,
    /// Where each file's text starts.
    pub parts: Vec<Part>,
    /// The reader's notes.
    pub warnings: Vec<InputWarning>,
    /// The source map as JSON (`None` when the text has no place to point to).
    #[serde(skip)]
    pub sources: Option<String>,
}

/// Turns the reader's `done` (with its source map's JSON, "" for none) or `error` JSON into
/// a result.
pub fn decode_read(done: bool, json: &str, sources: &str) -> Result<Read, InputError> {
    if done {
        serde_json::from_str::<Read>(json)
            .map(|mut r| {
                r.sources = (!sources.is_empty()).then(|| sources.to_string());
                r
            })
            .map_err(|e| unreadable(&e.to_string()))
    } else {
        Err(serde_json::from_str(json).unwrap_or_else(|e| unreadable(&e.to_string())))
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;
    use std::rc::Rc;

    use gloo::timers::callback::Timeout;
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

    use super::*;
    use crate::checked;

    /// A job: its number, the message that carries it, and its kind (a newer job replaces a
    /// queued one of the same kind only: drawing a page never drops a file being read).
    struct Job {
        id: u64,
        msg: Object,
        kind: &'static str,
    }

    struct Handle {
        worker: Worker,
        _on_message: Closure<dyn FnMut(MessageEvent)>,
        _on_error: Closure<dyn FnMut(web_sys::Event)>,
    }

    impl Drop for Handle {
        fn drop(&mut self) {
            self.worker.set_onmessage(None);
            self.worker.set_onerror(None);
            self.worker.terminate();
        }
    }

    enum Slot {
        Idle,
        Starting(Handle),
        Ready(Handle),
        Unavailable,
    }

    /// What a channel tells its owner about a job.
    enum Event {
        /// A message from the worker (`kind` is neither "ready" nor empty).
        Message { kind: String, data: JsValue },
        /// The worker died during the job.
        Crashed,
        /// No worker can run: the job is handed back.
        Unavailable(Job),
    }

    struct Inner {
        /// The window property naming another worker script, and the default script.
        url: (&'static str, &'static str),
        worker: Slot,
        queued: Vec<Job>,
        in_flight: Option<u64>,
        on_event: Rc<dyn Fn(u64, Event)>,
    }

    /// One web worker running one job at a time (shared by [`Checker`] and [`Reader`]).
    #[derive(Clone)]
    struct Channel(Rc<RefCell<Inner>>);

    fn get(v: &JsValue, key: &str) -> JsValue {
        Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn set(o: &Object, key: &str, v: &JsValue) {
        let _ = Reflect::set(o, &JsValue::from_str(key), v);
    }

    fn text(v: &JsValue, key: &str) -> String {
        get(v, key).as_string().unwrap_or_default()
    }

    fn number(v: &JsValue, key: &str) -> usize {
        get(v, key).as_f64().map_or(0, |f| f as usize)
    }

    impl Channel {
        fn new(url: (&'static str, &'static str), on_event: Rc<dyn Fn(u64, Event)>) -> Self {
            let ch = Channel(Rc::new(RefCell::new(Inner {
                url,
                worker: Slot::Idle,
                queued: Vec::new(),
                in_flight: None,
                on_event,
            })));
            if !ch.workers_allowed() {
                ch.0.borrow_mut().worker = Slot::Unavailable;
            }
            ch
        }

        /// The worker script: the window property when the page sets it, else the default.
        fn url(&self) -> String {
            let (property, default) = self.0.borrow().url;
            web_sys::window()
                .and_then(|w| Reflect::get(&w, &JsValue::from_str(property)).ok())
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| default.to_string())
        }

        fn workers_allowed(&self) -> bool {
            let Some(w) = web_sys::window() else {
                return false;
            };
            let has_worker = Reflect::has(&w, &JsValue::from_str("Worker")).unwrap_or(false);
            // from file:// only a Blob-URL worker can start (the single-file build's)
            let file = w.location().protocol().map(|p| p == "file:").unwrap_or(true);
            has_worker && (!file || self.url().starts_with("blob:"))
        }

        fn available(&self) -> bool {
            !matches!(self.0.borrow().worker, Slot::Unavailable)
        }

        fn emit(&self, id: u64, event: Event) {
            let f = self.0.borrow().on_event.clone();
            f(id, event);
        }

        /// Queues a job, replacing a queued one of its kind (which is dropped unanswered:
        /// its owner has moved on).
        fn enqueue(inner: &mut Inner, job: Job) {
            inner.queued.retain(|j| j.kind != job.kind);
            inner.queued.push(job);
        }

        fn submit(&self, job: Job) {
            let mut inner = self.0.borrow_mut();
            match &inner.worker {
                Slot::Unavailable => {
                    drop(inner);
                    self.emit(job.id, Event::Unavailable(job));
                }
                Slot::Idle => {
                    Self::enqueue(&mut inner, job);
                    drop(inner);
                    self.spawn();
                }
                Slot::Starting(_) => Self::enqueue(&mut inner, job),
                Slot::Ready(h) => {
                    if inner.in_flight.is_some() {
                        Self::enqueue(&mut inner, job);
                    } else if h.worker.post_message(&job.msg).is_ok() {
                        inner.in_flight = Some(job.id);
                    } else {
                        inner.worker = Slot::Unavailable;
                        drop(inner);
                        self.emit(job.id, Event::Unavailable(job));
                    }
                }
            }
        }

        fn spawn(&self) {
            let worker = match Worker::new(&self.url()) {
                Ok(w) => w,
                Err(_) => return self.give_up(),
            };
            let weak = Rc::downgrade(&self.0);
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                if let Some(inner) = weak.upgrade() {
                    Channel(inner).on_message(e.data());
                }
            });
            let weak = Rc::downgrade(&self.0);
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                e.prevent_default();
                if let Some(inner) = weak.upgrade() {
                    Channel(inner).on_error();
                }
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            self.0.borrow_mut().worker = Slot::Starting(Handle {
                worker,
                _on_message: on_message,
                _on_error: on_error,
            });
        }

        /// No worker: hand back what is queued, and every later job too.
        fn give_up(&self) {
            let queued = {
                let mut inner = self.0.borrow_mut();
                inner.worker = Slot::Unavailable;
                inner.in_flight = None;
                std::mem::take(&mut inner.queued)
            };
            for job in queued {
                self.emit(job.id, Event::Unavailable(job));
            }
        }

        fn post_next(&self) {
            let mut inner = self.0.borrow_mut();
            let inner = &mut *inner;
            if inner.in_flight.is_some() {
                return;
            }
            if let Slot::Ready(h) = &inner.worker {
                if !inner.queued.is_empty() {
                    let job = inner.queued.remove(0);
                    if h.worker.post_message(&job.msg).is_ok() {
                        inner.in_flight = Some(job.id);
                    }
                }
            }
        }

        fn on_message(&self, data: JsValue) {
            let kind = get(&data, "kind").as_string().unwrap_or_default();
            match kind.as_str() {
                "" => {}
                "ready" => {
                    {
                        let mut inner = self.0.borrow_mut();
                        let w = std::mem::replace(&mut inner.worker, Slot::Idle);
                        inner.worker = match w {
                            Slot::Starting(h) => Slot::Ready(h),
                            other => other,
                        };
                    }
                    self.post_next();
                }
                _ => {
                    // every message but progress ends its job
                    let final_message = kind != "progress";
                    if final_message {
                        self.0.borrow_mut().in_flight = None;
                        self.post_next();
                    }
                    // job numbers are small integers: exact in a float
                    if let Some(id) = get(&data, "id").as_f64() {
                        self.emit(id as u64, Event::Message { kind, data });
                    }
                }
            }
        }

        fn on_error(&self) {
            let (starting, crashed_job) = {
                let inner = self.0.borrow();
                (matches!(inner.worker, Slot::Starting(_)), inner.in_flight)
            };
            if starting {
                // The worker's files did not load.
                self.give_up();
                return;
            }
            // The worker died during a job: fail that job; the next one gets a new worker.
            let queued = {
                let mut inner = self.0.borrow_mut();
                inner.worker = Slot::Idle;
                inner.in_flight = None;
                std::mem::take(&mut inner.queued)
            };
            if let Some(id) = crashed_job {
                self.emit(id, Event::Crashed);
            }
            for job in queued {
                self.submit(job);
            }
        }
    }

    /// Runs check jobs in the worker (or on this thread where no worker can run).
    /// Clones share one worker.
    #[derive(Clone)]
    pub struct Checker {
        channel: Channel,
        asks: Asks,
    }

    impl Checker {
        /// A checker that reports every finished job to `done`.
        pub fn new(done: Callback<Outcome>) -> Self {
            let local: Rc<RefCell<Option<Timeout>>> = Rc::new(RefCell::new(None));
            let asks = Asks::new();
            let pending = asks.clone();
            let on_event = move |id: u64, event: Event| {
                if let Some(w) = pending.take(id) {
                    return answer(w, event, no_worker, crashed);
                }
                match event {
                    Event::Message { kind, data } => {
                        let result = if kind == "done" {
                            let json = get(&data, "json").as_string().unwrap_or_default();
                            crate::services::perf::mark("suanpan:decode-start");
                            let r = decode(&json);
                            crate::services::perf::measure("suanpan:decode", "suanpan:decode-start");
                            r
                        } else {
                            Err(unreadable(&get(&data, "message").as_string().unwrap_or_default()))
                        };
                        done.emit((id, result));
                    }
                    Event::Crashed => done.emit((id, Err(crashed()))),
                    Event::Unavailable(job) => {
                        let done = done.clone();
                        let source = get(&job.msg, "source").as_string().unwrap_or_default();
                        let text = get(&job.msg, "text").as_string().unwrap_or_default();
                        // A pause first, so the page paints "checking…" before this thread is busy.
                        let t = Timeout::new(30, move || match local_check() {
                            Some(check) => done.emit((id, Ok(Checked::new(check(&source, &text))))),
                            None => done.emit((id, Err(no_worker()))),
                        });
                        *local.borrow_mut() = Some(t);
                    }
                }
            };
            Checker {
                channel: Channel::new(("suanpanWorkerUrl", WORKER_URL), Rc::new(on_event)),
                asks,
            }
        }

        /// True when jobs run in a worker (false after falling back to this thread).
        pub fn uses_worker(&self) -> bool {
            self.channel.available()
        }

        /// Checks one document of a set; its row goes to `done`.
        pub fn member(
            &self,
            name: &str,
            text: &str,
            sources: &str,
            done: Callback<Result<String, InputError>>,
        ) {
            let msg = Object::new();
            set(&msg, "member", &JsValue::TRUE);
            set(&msg, "source", &JsValue::from_str(name));
            set(&msg, "text", &JsValue::from_str(text));
            set(&msg, "sources", &JsValue::from_str(sources));
            self.asks.ask(&self.channel, msg, "member", Waiting::Member(done));
        }

        /// Groups a set and runs the cross-document checks; the result goes to `done`.
        pub fn finish(&self, job: &SetJob, done: Callback<Result<crate::batch::SetDone, InputError>>) {
            let msg = Object::new();
            let strings = |v: &mut dyn Iterator<Item = &str>| -> Array { v.map(JsValue::from_str).collect() };
            set(&msg, "set", &strings(&mut job.names.iter().map(String::as_str)));
            set(&msg, "texts", &strings(&mut job.texts.iter().map(|t| &**t)));
            set(&msg, "rows", &strings(&mut job.rows.iter().map(String::as_str)));
            let unreadable = serde_json::to_string(&job.unreadable).unwrap_or_default();
            set(&msg, "unreadable", &JsValue::from_str(&unreadable));
            self.asks.ask(&self.channel, msg, "set", Waiting::Set(done));
        }

        /// Draws the batch view as HTML ([`crate::batch::render_html`]); a newer drawing
        /// replaces one not started.
        pub fn draw_batch(
            &self,
            request: &crate::batch::BatchRender,
            done: Callback<Result<String, InputError>>,
        ) {
            let msg = Object::new();
            let json = serde_json::to_string(request).unwrap_or_default();
            set(&msg, "batch_html", &JsValue::from_str(&json));
            self.asks.ask(&self.channel, msg, "html", Waiting::Html(done));
        }

        /// Checks `text`; the outcome goes to the `done` callback. A newer job replaces one
        /// that has not started yet.
        /// `sources` is the reader's source map as JSON ("" for typed or pasted text).
        pub fn submit(&self, id: u64, source: &str, text: &str, sources: &str) {
            let msg = Object::new();
            set(&msg, "id", &JsValue::from_f64(id as f64));
            set(&msg, "source", &JsValue::from_str(source));
            set(&msg, "text", &JsValue::from_str(text));
            set(&msg, "sources", &JsValue::from_str(sources));
            self.channel.submit(Job {
                id,
                msg,
                kind: "check",
            });
        }
    }

    /// What waits for an answer that is not a read or a check: a page, an annotated file, a
    /// set's document or the set.
    enum Waiting {
        Page(Callback<Result<PageImage, InputError>>),
        Annotated(Callback<Result<Vec<AnnotatedFile>, InputError>>),
        Member(Callback<Result<String, InputError>>),
        Set(Callback<Result<crate::batch::SetDone, InputError>>),
        Html(Callback<Result<String, InputError>>),
    }

    /// The requests of a channel that wait for an answer of their own.
    #[derive(Clone)]
    struct Asks {
        waiting: Rc<RefCell<Vec<(u64, Waiting)>>>,
        next: Rc<std::cell::Cell<u64>>,
    }

    impl Asks {
        fn new() -> Self {
            Asks {
                waiting: Rc::default(),
                // apart from the page's read and check jobs (small numbers)
                next: Rc::new(std::cell::Cell::new(1 << 40)),
            }
        }

        fn take(&self, id: u64) -> Option<Waiting> {
            let mut p = self.waiting.borrow_mut();
            p.iter().position(|(j, _)| *j == id).map(|i| p.remove(i).1)
        }

        fn ask(&self, channel: &Channel, msg: Object, kind: &'static str, w: Waiting) {
            let id = self.next.get() + 1;
            self.next.set(id);
            set(&msg, "id", &JsValue::from_f64(id as f64));
            // a newer request of the same kind replaces a queued one: forget its callback
            self.waiting.borrow_mut().retain(|(_, v)| {
                !matches!(
                    (v, kind),
                    (Waiting::Page(_), "render")
                        | (Waiting::Annotated(_), "annotate")
                        | (Waiting::Html(_), "html")
                )
            });
            self.waiting.borrow_mut().push((id, w));
            channel.submit(Job { id, msg, kind });
        }
    }

    /// Answers what waited, from the worker's message (or its crash, or its absence).
    fn answer(w: Waiting, event: Event, absent: fn() -> InputError, crash: fn() -> InputError) {
        let failure = match event {
            Event::Message { kind, data } => {
                let json = || get(&data, "json").as_string().unwrap_or_default();
                let decoded = |kind_wanted: &str| -> Result<(), InputError> {
                    if kind == kind_wanted {
                        Ok(())
                    } else {
                        Err(match decode_read(false, &json(), "") {
                            Err(e) => e,
                            Ok(_) => unreadable(""),
                        })
                    }
                };
                match w {
                    Waiting::Page(cb) => cb.emit(decoded("page").map(|()| page_image(&data))),
                    Waiting::Annotated(cb) => cb.emit(decoded("annotated").map(|()| annotated_files(&data))),
                    Waiting::Member(cb) => cb.emit(decoded("member").map(|()| text(&data, "row"))),
                    Waiting::Set(cb) => cb.emit(decoded("set").map(|()| crate::batch::SetDone {
                        view: text(&data, "view"),
                        exports: crate::batch::SetExports {
                            json: text(&data, "json"),
                            csv: text(&data, "csv"),
                            findings_csv: text(&data, "findings_csv"),
                        },
                    })),
                    Waiting::Html(cb) => cb.emit(decoded("html").map(|()| text(&data, "html"))),
                }
                return;
            }
            Event::Crashed => crash(),
            Event::Unavailable(_) => absent(),
        };
        match w {
            Waiting::Page(cb) => cb.emit(Err(failure)),
            Waiting::Annotated(cb) => cb.emit(Err(failure)),
            Waiting::Member(cb) => cb.emit(Err(failure)),
            Waiting::Set(cb) => cb.emit(Err(failure)),
            Waiting::Html(cb) => cb.emit(Err(failure)),
        }
    }

    /// Reads files in the reader worker, started on the first job; draws their pages and
    /// writes them annotated. Clones share one worker.
    #[derive(Clone)]
    pub struct Reader {
        channel: Channel,
        asks: Asks,
    }

    fn page_image(data: &JsValue) -> PageImage {
        let f = |k: &str| get(data, k).as_f64().unwrap_or(0.0);
        PageImage {
            svg: get(data, "svg").as_string().unwrap_or_default(),
            width: f("width"),
            height: f("height"),
            pages: number(data, "pages") as u32,
            truncated: get(data, "truncated").as_bool().unwrap_or(false),
            // (a PDF page has none)
            rects: get(data, "rects")
                .dyn_into::<js_sys::Float64Array>()
                .map(|a| a.to_vec())
                .unwrap_or_default(),
        }
    }

    fn annotated_files(data: &JsValue) -> Vec<AnnotatedFile> {
        Array::from(&get(data, "files"))
            .iter()
            .map(|f| AnnotatedFile {
                name: get(&f, "name").as_string().unwrap_or_default(),
                bytes: js_sys::Uint8Array::new(&get(&f, "bytes")).to_vec(),
                annotations: number(&f, "annotations"),
            })
            .collect()
    }

    impl Reader {
        /// A reader that reports progress and finished jobs to `report`.
        pub fn new(report: Callback<ReadOutcome>) -> Self {
            let asks = Asks::new();
            let pending = asks.clone();
            let on_event = move |id: u64, event: Event| {
                if let Some(w) = pending.take(id) {
                    return answer(w, event, no_reader, reader_crashed);
                }
                let event = match event {
                    Event::Message { kind, data } if kind == "progress" => {
                        ReadEvent::Progress(ReadProgress {
                            file: number(&data, "file"),
                            files: number(&data, "files"),
                            name: get(&data, "name").as_string().unwrap_or_default(),
                            page: number(&data, "page"),
                            pages: number(&data, "pages"),
                        })
                    }
                    Event::Message { kind, data } if kind == "archive" => ReadEvent::Archive(
                        Array::from(&get(&data, "names"))
                            .iter()
                            .map(|n| n.as_string().unwrap_or_default())
                            .zip(Array::from(&get(&data, "files")).iter())
                            .filter_map(|(n, f)| Some((n, f.dyn_into::<web_sys::File>().ok()?)))
                            .collect(),
                    ),
                    Event::Message { kind, data } => {
                        let json = get(&data, "json").as_string().unwrap_or_default();
                        let sources = get(&data, "sources").as_string().unwrap_or_default();
                        ReadEvent::Done(decode_read(kind == "done", &json, &sources))
                    }
                    Event::Crashed => ReadEvent::Done(Err(reader_crashed())),
                    Event::Unavailable(_) => ReadEvent::Done(Err(no_reader())),
                };
                report.emit((id, event));
            };
            Reader {
                channel: Channel::new(("suanpanReaderUrl", READER_URL), Rc::new(on_event)),
                asks,
            }
        }

        /// Reads `files` as one document. A newer job replaces one that has not started.
        pub fn submit(&self, id: u64, files: Vec<web_sys::File>) {
            let msg = Object::new();
            set(&msg, "id", &JsValue::from_f64(id as f64));
            let list: Array = files.into_iter().collect();
            set(&msg, "files", &list);
            self.channel.submit(Job {
                id,
                msg,
                kind: "read",
            });
        }

        /// Draws page `page` (1-based) of the PDF `file` of the last read ("" for the only
        /// one) — or, when `sheet` is not empty, that sheet as read with the boxes of
        /// `cells`; the result goes to `done`.
        pub fn render(
            &self,
            file: &str,
            page: u32,
            sheet: &str,
            cells: &[String],
            done: Callback<Result<PageImage, InputError>>,
        ) {
            let msg = Object::new();
            set(&msg, "render", &JsValue::from_f64(page as f64));
            set(&msg, "file", &JsValue::from_str(file));
            if !sheet.is_empty() {
                set(&msg, "sheet", &JsValue::from_str(sheet));
                let list: Array = cells.iter().map(|c| JsValue::from_str(c)).collect();
                set(&msg, "cells", &list);
            }
            self.asks.ask(&self.channel, msg, "render", Waiting::Page(done));
        }

        /// Writes every PDF of the last read with a highlight on each finding of the
        /// checker's payload `report` (its JSON, as the checker sent it); the files go to
        /// `done`.
        pub fn annotate(&self, report: &str, done: Callback<Result<Vec<AnnotatedFile>, InputError>>) {
            let msg = Object::new();
            set(&msg, "annotate", &JsValue::from_str(report));
            self.asks
                .ask(&self.channel, msg, "annotate", Waiting::Annotated(done));
        }
    }

    /// A set's messages in the checker worker: `{id, member: true, source, text, sources}` →
    /// `{kind: "member", id, row}` ([`crate::batch::member`]); `{id, set: [name…],
    /// texts: [text…], rows: [row…], unreadable}` → `{kind: "set", id, view, json, csv,
    /// findings_csv}` ([`crate::batch::finish`]); `{id, batch_html}` → `{kind: "html", id,
    /// html}` ([`crate::batch::render_html`]). `None` for any other message.
    fn serve_set(id: f64, data: &JsValue) -> Option<Object> {
        let reply = Object::new();
        set(&reply, "id", &JsValue::from_f64(id));
        if get(data, "member").as_bool() == Some(true) {
            let source = get(data, "source").as_string().unwrap_or_default();
            let text = get(data, "text").as_string().unwrap_or_default();
            let sources = get(data, "sources")
                .as_string()
                .and_then(|j| serde_json::from_str::<suanpan::source::SourceMap>(&j).ok())
                .unwrap_or_default();
            let row = crate::batch::member(&source, &text, &sources);
            set(&reply, "kind", &JsValue::from_str("member"));
            set(&reply, "row", &JsValue::from_str(&row));
            return Some(reply);
        }
        if let Some(json) = get(data, "batch_html").as_string() {
            let request: crate::batch::BatchRender = serde_json::from_str(&json).unwrap_or_default();
            set(&reply, "kind", &JsValue::from_str("html"));
            set(
                &reply,
                "html",
                &JsValue::from_str(&crate::batch::render_html(&request)),
            );
            return Some(reply);
        }
        let names = get(data, "set");
        if names.is_undefined() {
            return None;
        }
        let strings =
            |v: &JsValue| -> Vec<String> { Array::from(v).iter().filter_map(|s| s.as_string()).collect() };
        let names = strings(&names);
        let texts = strings(&get(data, "texts"));
        let rows = strings(&get(data, "rows"));
        let unreadable: Vec<InputError> =
            serde_json::from_str(&get(data, "unreadable").as_string().unwrap_or_default())
                .unwrap_or_default();
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .map(String::as_str)
            .zip(texts.iter().map(String::as_str))
            .collect();
        let done = crate::batch::finish(&rows, &pairs, unreadable.iter().map(Into::into).collect());
        set(&reply, "kind", &JsValue::from_str("set"));
        for (k, v) in [
            ("view", &done.view),
            ("json", &done.exports.json),
            ("csv", &done.exports.csv),
            ("findings_csv", &done.exports.findings_csv),
        ] {
            set(&reply, k, &JsValue::from_str(v));
        }
        Some(reply)
    }

    /// The checker worker's main loop: answer every `{id, source, text}` with the payload
    /// (and a set's messages, [`serve_set`]).
    pub fn serve() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let Some(id) = get(&data, "id").as_f64() else {
                return;
            };
            if let Some(reply) = serve_set(id, &data) {
                let _ = reply_to.post_message(&reply);
                return;
            }
            let source = get(&data, "source").as_string().unwrap_or_default();
            let text = get(&data, "text").as_string().unwrap_or_default();
            // where the text came from (pages and boxes of a PDF); none for typed text
            let sources = get(&data, "sources")
                .as_string()
                .and_then(|j| serde_json::from_str::<suanpan::source::SourceMap>(&j).ok())
                .unwrap_or_default();
            let payload = checked::check_with_sources(&source, &text, &sources);
            let reply = Object::new();
            set(&reply, "id", &JsValue::from_f64(id));
            match serde_json::to_string(&payload) {
                Ok(json) => {
                    set(&reply, "kind", &JsValue::from_str("done"));
                    set(&reply, "json", &JsValue::from_str(&json));
                }
                Err(err) => {
                    set(&reply, "kind", &JsValue::from_str("error"));
                    set(&reply, "message", &JsValue::from_str(&err.to_string()));
                }
            }
            let _ = reply_to.post_message(&reply);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        let ready = Object::new();
        set(&ready, "kind", &JsValue::from_str("ready"));
        let _ = scope.post_message(&ready);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::*;
    use crate::checked;

    /// Off the browser (native tests) jobs run at once.
    #[derive(Clone)]
    pub struct Checker(Callback<Outcome>);

    impl Checker {
        /// A checker that reports every finished job to `done`.
        pub fn new(done: Callback<Outcome>) -> Self {
            Checker(done)
        }

        /// Never a worker off the browser.
        pub fn uses_worker(&self) -> bool {
            false
        }

        /// Checks `text` now (with the checker given to [`allow_local_checking`], else
        /// [`checked::check`]).
        pub fn submit(&self, id: u64, source: &str, text: &str, _sources: &str) {
            let check = local_check().unwrap_or(checked::check);
            self.0.emit((id, Ok(Checked::new(check(source, text)))));
        }

        /// Checks one document of a set now.
        pub fn member(
            &self,
            name: &str,
            text: &str,
            _sources: &str,
            done: Callback<Result<String, InputError>>,
        ) {
            done.emit(Ok(crate::batch::member(name, text, &Default::default())));
        }

        /// Draws the batch view now.
        pub fn draw_batch(
            &self,
            request: &crate::batch::BatchRender,
            done: Callback<Result<String, InputError>>,
        ) {
            done.emit(Ok(crate::batch::render_html(request)));
        }

        /// Finishes a set now.
        pub fn finish(&self, job: &SetJob, done: Callback<Result<crate::batch::SetDone, InputError>>) {
            let texts: Vec<(&str, &str)> = job
                .names
                .iter()
                .map(String::as_str)
                .zip(job.texts.iter().map(|t| &**t))
                .collect();
            let unreadable = job.unreadable.iter().map(Into::into).collect();
            done.emit(Ok(crate::batch::finish(&job.rows, &texts, unreadable)));
        }
    }

    /// Off the browser no file can be read.
    #[derive(Clone)]
    pub struct Reader(Callback<ReadOutcome>);

    impl Reader {
        /// A reader that reports to `report`.
        pub fn new(report: Callback<ReadOutcome>) -> Self {
            Reader(report)
        }

        /// Fails at once: there is no worker off the browser.
        pub fn submit(&self, id: u64, files: Vec<web_sys::File>) {
            drop(files);
            self.0.emit((id, ReadEvent::Done(Err(no_reader()))));
        }

        /// Fails at once: there is no worker off the browser.
        pub fn render(
            &self,
            _file: &str,
            _page: u32,
            _sheet: &str,
            _cells: &[String],
            done: Callback<Result<PageImage, InputError>>,
        ) {
            done.emit(Err(no_reader()));
        }

        /// Fails at once: there is no worker off the browser.
        pub fn annotate(&self, _report: &str, done: Callback<Result<Vec<AnnotatedFile>, InputError>>) {
            done.emit(Err(no_reader()));
        }
    }
}

pub use imp::*;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checked;

    #[test]
    fn worker_json_decodes() {
        let p = checked::check(crate::SAMPLE_NAME, crate::SAMPLE_TEXT);
        let json = serde_json::to_string(&p).expect("json");
        let c = decode(&json).expect("decodes");
        assert_eq!(c.report, p.report);
        let e = decode("{").expect_err("refused");
        assert!(e.message_zh.contains("无法读取"));
    }

    #[test]
    fn reader_json_decodes() {
        let files: [(&str, &[u8]); 2] = [("a.txt", "收入\n".as_bytes()), ("b.csv", b"x,y\n1,2\n")];
        let c = suanpan::input::read_documents(&files).expect("reads");
        let json = serde_json::to_string(&c).expect("json");
        let r = decode_read(true, &json, "{}").expect("decodes");
        assert_eq!((&r.text, &r.parts, &r.warnings), (&c.text, &c.parts, &c.warnings));
        assert_eq!(r.sources.as_deref(), Some("{}"));
        assert_eq!(decode_read(true, &json, "").expect("decodes").sources, None);
        let e = suanpan::input::read_documents(&[("c.txt", b"")]).expect_err("empty");
        let json = serde_json::to_string(&e).expect("json");
        assert_eq!(decode_read(false, &json, "").expect_err("an error"), e);
        assert!(decode_read(true, "{", "").is_err());
    }
}
