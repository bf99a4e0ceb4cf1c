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
//! The messages both ways are defined once, in [`crate::protocol`] (serde enums sent as
//! plain objects through serde-wasm-bindgen), and the reader's package uses the same module.
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

use crate::protocol::Js;
pub use crate::protocol::{AnnotatedFile, PageImage, ReadProgress};

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

/// What the worker is given to finish a set: each readable document's name, text and row,
/// and the messages of the files that could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SetJob {
    /// Each document's name.
    pub names: Vec<String>,
    /// Each document's text.
    pub texts: Vec<std::rc::Rc<str>>,
    /// Each document's row ([`crate::batch::member`]).
    pub rows: Vec<Js<suanpan::set::Row>>,
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

/// Indexes the checker's payload, keeping it as it came for the annotated PDF.
pub fn checked(payload: Js<crate::checked::Payload>) -> Result<Checked, InputError> {
    let mut c = Checked::new(payload.read()?);
    c.payload = Some(payload);
    Ok(c)
}

/// A document the reader read, as the page needs it: a [`suanpan::input::Combined`] whose
/// source map stays the object the reader wrote (handed on to the checker as it is: the
/// page has no code to read or write a source map).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The text of all files.
    pub text: String,
    /// Where each file's text starts.
    pub parts: Vec<Part>,
    /// The reader's notes.
    pub warnings: Vec<InputWarning>,
    /// The source map (`None` when the text has no place to point to).
    pub sources: Option<Js<suanpan::source::SourceMap>>,
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;
    use std::rc::Rc;

    use gloo::timers::callback::Timeout;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

    use super::*;
    use crate::batch::{BatchRender, SetDone};
    use crate::checked;
    use crate::protocol::{self, Answer, FromChecker, FromReader, Id, Request, ToChecker, ToReader};

    #[wasm_bindgen]
    extern "C" {
        /// The page's global object, with what this module reads of it.
        type Page;
        /// Another checker script (the single-file build's Blob URL).
        #[wasm_bindgen(method, getter, js_name = suanpanWorkerUrl)]
        fn suanpan_worker_url(this: &Page) -> Option<String>;
        /// Another reader script.
        #[wasm_bindgen(method, getter, js_name = suanpanReaderUrl)]
        fn suanpan_reader_url(this: &Page) -> Option<String>;
        /// The `Worker` constructor, where there is one.
        #[wasm_bindgen(method, getter, js_name = Worker)]
        fn worker_class(this: &Page) -> JsValue;
    }

    fn page() -> Option<Page> {
        web_sys::window().map(|w| w.unchecked_into::<Page>())
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
    enum Event<M, A> {
        /// The worker's answer (not "ready").
        Answer(A),
        /// The worker died during the job, or its answer could not be read.
        Crashed(Option<InputError>),
        /// No worker can run: the job is handed back.
        Unavailable(M),
    }

    struct Inner<M, A> {
        /// Which worker script (and the window property that can name another).
        script: Script,
        worker: Slot,
        queued: Vec<M>,
        in_flight: Option<Id>,
        on_event: Rc<dyn Fn(Id, Event<M, A>)>,
    }

    #[derive(Clone, Copy)]
    enum Script {
        Checker,
        Reader,
    }

    /// One web worker running one job at a time (shared by [`Checker`] and [`Reader`]): the
    /// requests `M` go as [`protocol`] messages, the answers `A` come back as them.
    struct Channel<M, A>(Rc<RefCell<Inner<M, A>>>);

    impl<M, A> Clone for Channel<M, A> {
        fn clone(&self) -> Self {
            Channel(self.0.clone())
        }
    }

    impl<M: Request, A: Answer> Channel<M, A> {
        fn new(script: Script, on_event: Rc<dyn Fn(Id, Event<M, A>)>) -> Self {
            let ch = Channel(Rc::new(RefCell::new(Inner {
                script,
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
            let script = self.0.borrow().script;
            let named = page().and_then(|p| match script {
                Script::Checker => p.suanpan_worker_url(),
                Script::Reader => p.suanpan_reader_url(),
            });
            named.unwrap_or_else(|| {
                match script {
                    Script::Checker => WORKER_URL,
                    Script::Reader => READER_URL,
                }
                .to_string()
            })
        }

        fn workers_allowed(&self) -> bool {
            let Some(p) = page() else {
                return false;
            };
            let has_worker = !p.worker_class().is_undefined();
            // from file:// only a Blob-URL worker can start (the single-file build's)
            let file = web_sys::window()
                .and_then(|w| w.location().protocol().ok())
                .is_none_or(|p| p == "file:");
            has_worker && (!file || self.url().starts_with("blob:"))
        }

        fn available(&self) -> bool {
            !matches!(self.0.borrow().worker, Slot::Unavailable)
        }

        fn emit(&self, id: Id, event: Event<M, A>) {
            let f = self.0.borrow().on_event.clone();
            f(id, event);
        }

        /// Queues a job, replacing a queued one of its kind (which is dropped unanswered:
        /// its owner has moved on).
        fn enqueue(inner: &mut Inner<M, A>, job: M) {
            inner.queued.retain(|j| j.kind() != job.kind());
            inner.queued.push(job);
        }

        /// Posts a job to a worker that is up, or says why it could not be sent.
        fn post(worker: &Worker, job: &M) -> Result<(), InputError> {
            let msg = protocol::encode(job)?;
            worker
                .post_message(&msg)
                .map_err(|e| protocol::garbled(&e.as_string().unwrap_or_else(|| "postMessage".into())))
        }

        fn submit(&self, job: M) {
            let mut inner = self.0.borrow_mut();
            match &inner.worker {
                Slot::Unavailable => {
                    drop(inner);
                    self.emit(job.id(), Event::Unavailable(job));
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
                    } else {
                        let id = job.id();
                        match Self::post(&h.worker, &job) {
                            Ok(()) => inner.in_flight = Some(id),
                            Err(e) => {
                                drop(inner);
                                self.emit(id, Event::Crashed(Some(e)));
                            }
                        }
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
                self.emit(job.id(), Event::Unavailable(job));
            }
        }

        fn post_next(&self) {
            let failed = {
                let mut inner = self.0.borrow_mut();
                let inner = &mut *inner;
                if inner.in_flight.is_some() {
                    return;
                }
                let Slot::Ready(h) = &inner.worker else {
                    return;
                };
                if inner.queued.is_empty() {
                    return;
                }
                let job = inner.queued.remove(0);
                match Self::post(&h.worker, &job) {
                    Ok(()) => {
                        inner.in_flight = Some(job.id());
                        None
                    }
                    Err(e) => Some((job.id(), e)),
                }
            };
            if let Some((id, e)) = failed {
                self.emit(id, Event::Crashed(Some(e)));
                self.post_next();
            }
        }

        fn on_message(&self, data: JsValue) {
            let answer = match protocol::receive::<A>(data) {
                Ok(a) => a,
                Err(e) => {
                    // (a bug) the job in work fails with what went wrong
                    let id = self.0.borrow_mut().in_flight.take();
                    if let Some(id) = id {
                        self.emit(id, Event::Crashed(Some(e)));
                    }
                    return self.post_next();
                }
            };
            if answer.is_ready() {
                {
                    let mut inner = self.0.borrow_mut();
                    let w = std::mem::replace(&mut inner.worker, Slot::Idle);
                    inner.worker = match w {
                        Slot::Starting(h) => Slot::Ready(h),
                        other => other,
                    };
                }
                return self.post_next();
            }
            let id = answer.id().or(self.0.borrow().in_flight);
            if answer.ends_job() {
                self.0.borrow_mut().in_flight = None;
                self.post_next();
            }
            if let Some(id) = id {
                self.emit(id, Event::Answer(answer));
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
                self.emit(id, Event::Crashed(None));
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
        channel: Channel<ToChecker, FromChecker>,
        asks: Asks,
    }

    impl Checker {
        /// A checker that reports every finished job to `done`.
        pub fn new(done: Callback<Outcome>) -> Self {
            let local: Rc<RefCell<Option<Timeout>>> = Rc::new(RefCell::new(None));
            let asks = Asks::new();
            let pending = asks.clone();
            let on_event = move |id: Id, event: Event<ToChecker, FromChecker>| {
                if let Some(w) = pending.take(id) {
                    return answer_checker(w, event);
                }
                match event {
                    Event::Answer(FromChecker::Checked { payload, .. }) => {
                        crate::services::perf::mark("suanpan:decode-start");
                        let r = checked(payload);
                        crate::services::perf::measure("suanpan:decode", "suanpan:decode-start");
                        done.emit((id, r));
                    }
                    Event::Answer(FromChecker::Failed { error, .. }) => done.emit((id, Err(error))),
                    Event::Answer(_) => done.emit((id, Err(protocol::garbled("unexpected answer")))),
                    Event::Crashed(e) => done.emit((id, Err(e.unwrap_or_else(crashed)))),
                    Event::Unavailable(ToChecker::Check { source, text, .. }) => {
                        let done = done.clone();
                        // A pause first, so the page paints "checking…" before this thread is busy.
                        let t = Timeout::new(30, move || match local_check() {
                            Some(check) => done.emit((id, Ok(Checked::new(check(&source, &text))))),
                            None => done.emit((id, Err(no_worker()))),
                        });
                        *local.borrow_mut() = Some(t);
                    }
                    Event::Unavailable(_) => done.emit((id, Err(no_worker()))),
                }
            };
            Checker {
                channel: Channel::new(Script::Checker, Rc::new(on_event)),
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
            sources: Option<Js<suanpan::source::SourceMap>>,
            done: Callback<Result<Js<suanpan::set::Row>, InputError>>,
        ) {
            let id = self.asks.ask(Waiting::Member(done), "member");
            self.channel.submit(ToChecker::Member {
                id,
                source: name.to_string(),
                text: text.to_string(),
                sources,
            });
        }

        /// Groups a set and runs the cross-document checks; the result goes to `done`.
        pub fn finish(&self, job: &SetJob, done: Callback<Result<SetDone, InputError>>) {
            let id = self.asks.ask(Waiting::Set(done), "set");
            self.channel.submit(ToChecker::Set {
                id,
                names: job.names.clone(),
                texts: job.texts.iter().map(|t| t.to_string()).collect(),
                rows: job.rows.clone(),
                unreadable: job.unreadable.clone(),
            });
        }

        /// Draws the batch view as HTML ([`crate::batch::render_html`]); a newer drawing
        /// replaces one not started.
        pub fn draw_batch(&self, request: &BatchRender, done: Callback<Result<String, InputError>>) {
            let id = self.asks.ask(Waiting::Html(done), "draw");
            self.channel.submit(ToChecker::Draw {
                id,
                request: request.clone(),
            });
        }

        /// Checks `text`; the outcome goes to the `done` callback. A newer job replaces one
        /// that has not started yet. `sources` is the reader's source map (`None` for typed
        /// or pasted text).
        pub fn submit(
            &self,
            id: u64,
            source: &str,
            text: &str,
            sources: Option<Js<suanpan::source::SourceMap>>,
        ) {
            self.channel.submit(ToChecker::Check {
                id,
                source: source.to_string(),
                text: text.to_string(),
                sources,
            });
        }
    }

    /// What waits for an answer that is not a read or a check.
    enum Waiting {
        Page(Callback<Result<PageImage, InputError>>),
        Annotated(Callback<Result<Vec<AnnotatedFile>, InputError>>),
        Member(Callback<Result<Js<suanpan::set::Row>, InputError>>),
        Set(Callback<Result<SetDone, InputError>>),
        Html(Callback<Result<String, InputError>>),
    }

    impl Waiting {
        fn fail(self, e: InputError) {
            match self {
                Waiting::Page(cb) => cb.emit(Err(e)),
                Waiting::Annotated(cb) => cb.emit(Err(e)),
                Waiting::Member(cb) => cb.emit(Err(e)),
                Waiting::Set(cb) => cb.emit(Err(e)),
                Waiting::Html(cb) => cb.emit(Err(e)),
            }
        }

        /// The kinds of request a newer one replaces while queued.
        fn replaced_by(&self, kind: &str) -> bool {
            matches!(
                (self, kind),
                (Waiting::Page(_), "render")
                    | (Waiting::Annotated(_), "annotate")
                    | (Waiting::Html(_), "draw")
            )
        }
    }

    /// The requests of a channel that wait for an answer of their own.
    #[derive(Clone)]
    struct Asks {
        waiting: Rc<RefCell<Vec<(Id, Waiting)>>>,
        next: Rc<std::cell::Cell<Id>>,
    }

    impl Asks {
        fn new() -> Self {
            Asks {
                waiting: Rc::default(),
                // apart from the page's read and check jobs (small numbers)
                next: Rc::new(std::cell::Cell::new(1 << 40)),
            }
        }

        fn take(&self, id: Id) -> Option<Waiting> {
            let mut p = self.waiting.borrow_mut();
            p.iter().position(|(j, _)| *j == id).map(|i| p.remove(i).1)
        }

        /// A number for a request of `kind` that waits with `w`; a newer request of the same
        /// kind replaces a queued one, whose callback is forgotten.
        fn ask(&self, w: Waiting, kind: &str) -> Id {
            let id = self.next.get() + 1;
            self.next.set(id);
            let mut waiting = self.waiting.borrow_mut();
            waiting.retain(|(_, v)| !v.replaced_by(kind));
            waiting.push((id, w));
            id
        }
    }

    /// Answers what waited on the checker.
    fn answer_checker(w: Waiting, event: Event<ToChecker, FromChecker>) {
        match (w, event) {
            (Waiting::Member(cb), Event::Answer(FromChecker::Member { row, .. })) => cb.emit(Ok(row)),
            (Waiting::Set(cb), Event::Answer(FromChecker::Set { view, exports, .. })) => {
                cb.emit(Ok(SetDone { view, exports }))
            }
            (Waiting::Html(cb), Event::Answer(FromChecker::Html { html, .. })) => cb.emit(Ok(html)),
            (w, Event::Answer(FromChecker::Failed { error, .. })) => w.fail(error),
            (w, Event::Answer(_)) => w.fail(protocol::garbled("unexpected answer")),
            (w, Event::Crashed(e)) => w.fail(e.unwrap_or_else(crashed)),
            (w, Event::Unavailable(_)) => w.fail(no_worker()),
        }
    }

    /// Answers what waited on the reader.
    fn answer_reader(w: Waiting, event: Event<ToReader, FromReader>) {
        match (w, event) {
            (Waiting::Page(cb), Event::Answer(FromReader::Page { image, .. })) => cb.emit(Ok(image)),
            (Waiting::Annotated(cb), Event::Answer(FromReader::Annotated { files, .. })) => {
                cb.emit(Ok(files))
            }
            (w, Event::Answer(FromReader::Failed { error, .. })) => w.fail(error),
            (w, Event::Answer(_)) => w.fail(protocol::garbled("unexpected answer")),
            (w, Event::Crashed(e)) => w.fail(e.unwrap_or_else(reader_crashed)),
            (w, Event::Unavailable(_)) => w.fail(no_reader()),
        }
    }

    /// Reads files in the reader worker, started on the first job; draws their pages and
    /// writes them annotated. Clones share one worker.
    #[derive(Clone)]
    pub struct Reader {
        channel: Channel<ToReader, FromReader>,
        asks: Asks,
    }

    impl Reader {
        /// A reader that reports progress and finished jobs to `report`.
        pub fn new(report: Callback<ReadOutcome>) -> Self {
            let asks = Asks::new();
            let pending = asks.clone();
            let on_event = move |id: Id, event: Event<ToReader, FromReader>| {
                if let Some(w) = pending.take(id) {
                    return answer_reader(w, event);
                }
                let event = match event {
                    Event::Answer(FromReader::Progress { progress, .. }) => ReadEvent::Progress(progress),
                    Event::Answer(FromReader::Archive { files, names, .. }) => ReadEvent::Archive(
                        names
                            .into_iter()
                            .zip(files.iter())
                            .filter_map(|(n, f)| Some((n, f.dyn_into::<web_sys::File>().ok()?)))
                            .collect(),
                    ),
                    Event::Answer(FromReader::Read {
                        text,
                        parts,
                        warnings,
                        sources,
                        ..
                    }) => ReadEvent::Done(Ok(Read {
                        text,
                        parts,
                        warnings,
                        sources,
                    })),
                    Event::Answer(FromReader::Failed { error, .. }) => ReadEvent::Done(Err(error)),
                    Event::Answer(_) => ReadEvent::Done(Err(protocol::garbled("unexpected answer"))),
                    Event::Crashed(e) => ReadEvent::Done(Err(e.unwrap_or_else(reader_crashed))),
                    Event::Unavailable(_) => ReadEvent::Done(Err(no_reader())),
                };
                report.emit((id, event));
            };
            Reader {
                channel: Channel::new(Script::Reader, Rc::new(on_event)),
                asks,
            }
        }

        /// Reads `files` as one document. A newer job replaces one that has not started.
        pub fn submit(&self, id: u64, files: Vec<web_sys::File>) {
            self.channel.submit(ToReader::Read {
                id,
                files: files.into_iter().collect(),
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
            let id = self.asks.ask(Waiting::Page(done), "render");
            let file = file.to_string();
            self.channel.submit(if sheet.is_empty() {
                ToReader::Page { id, file, page }
            } else {
                ToReader::Sheet {
                    id,
                    file,
                    sheet: sheet.to_string(),
                    cells: cells.to_vec(),
                }
            });
        }

        /// Writes every PDF of the last read with a highlight on each finding of the
        /// checker's `payload` (as the checker sent it); the files go to `done`.
        pub fn annotate(
            &self,
            payload: &Js<crate::checked::Payload>,
            done: Callback<Result<Vec<AnnotatedFile>, InputError>>,
        ) {
            let id = self.asks.ask(Waiting::Annotated(done), "annotate");
            self.channel.submit(ToReader::Annotate {
                id,
                payload: payload.clone(),
            });
        }
    }

    /// What the checker worker answers to one request.
    fn answer(message: ToChecker) -> FromChecker {
        let read_sources = |s: Option<Js<suanpan::source::SourceMap>>| match s {
            Some(s) => s.read(),
            None => Ok(Default::default()),
        };
        let result = match message {
            ToChecker::Check {
                id,
                source,
                text,
                sources,
            } => read_sources(sources)
                .map(|s| checked::check_with_sources(&source, &text, &s))
                .and_then(|p| Js::new(&p))
                .map(|payload| FromChecker::Checked { id, payload })
                .map_err(|e| (id, e)),
            ToChecker::Member {
                id,
                source,
                text,
                sources,
            } => read_sources(sources)
                .map(|s| crate::batch::member(&source, &text, &s))
                .and_then(|row| Js::new(&row))
                .map(|row| FromChecker::Member { id, row })
                .map_err(|e| (id, e)),
            ToChecker::Set {
                id,
                names,
                texts,
                rows,
                unreadable,
            } => rows
                .iter()
                .map(Js::read)
                .collect::<Result<Vec<_>, _>>()
                .and_then(|rows| {
                    let pairs: Vec<(&str, &str)> = names
                        .iter()
                        .map(String::as_str)
                        .zip(texts.iter().map(String::as_str))
                        .collect();
                    let (view, exports) =
                        crate::batch::finish(rows, &pairs, unreadable.iter().map(Into::into).collect());
                    Ok(FromChecker::Set {
                        id,
                        view: Js::new(&view)?,
                        exports,
                    })
                })
                .map_err(|e| (id, e)),
            ToChecker::Draw { id, request } => crate::batch::draw(&request)
                .map(|html| FromChecker::Html { id, html })
                .map_err(|e| (id, e)),
        };
        result.unwrap_or_else(|(id, error)| FromChecker::Failed { id: Some(id), error })
    }

    /// Posts an answer; one that cannot be written says so instead.
    fn reply(scope: &DedicatedWorkerGlobalScope, answer: &FromChecker, id: Option<Id>) {
        let msg =
            protocol::encode(answer).or_else(|error| protocol::encode(&FromChecker::Failed { id, error }));
        if let Ok(msg) = msg {
            let _ = scope.post_message(&msg);
        }
    }

    /// The checker worker's main loop: answers every [`ToChecker`] message.
    pub fn serve() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let (answer, id) = match protocol::receive::<ToChecker>(e.data()) {
                Ok(m) => {
                    let id = m.id();
                    (answer(m), Some(id))
                }
                Err(error) => (FromChecker::Failed { id: None, error }, None),
            };
            reply(&reply_to, &answer, id);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        reply(&scope, &FromChecker::Ready, None);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::*;
    use crate::batch::{BatchRender, SetDone};
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
        pub fn submit(
            &self,
            id: u64,
            source: &str,
            text: &str,
            _sources: Option<Js<suanpan::source::SourceMap>>,
        ) {
            let check = local_check().unwrap_or(checked::check);
            self.0.emit((id, Ok(Checked::new(check(source, text)))));
        }

        /// Fails at once: a set's rows cross between workers, and there are none here.
        pub fn member(
            &self,
            _name: &str,
            _text: &str,
            _sources: Option<Js<suanpan::source::SourceMap>>,
            done: Callback<Result<Js<suanpan::set::Row>, InputError>>,
        ) {
            done.emit(Err(no_worker()));
        }

        /// Draws the batch view now.
        pub fn draw_batch(&self, request: &BatchRender, done: Callback<Result<String, InputError>>) {
            done.emit(crate::batch::draw(request));
        }

        /// Fails at once, like [`Checker::member`].
        pub fn finish(&self, _job: &SetJob, done: Callback<Result<SetDone, InputError>>) {
            done.emit(Err(no_worker()));
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
        pub fn annotate(
            &self,
            _payload: &Js<crate::checked::Payload>,
            done: Callback<Result<Vec<AnnotatedFile>, InputError>>,
        ) {
            done.emit(Err(no_reader()));
        }
    }
}

pub use imp::*;
