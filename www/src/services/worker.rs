//! Checking off the page's thread.
//!
//! The worker is the second bin target, `suanpan-worker` (`src/worker.rs`), which Trunk
//! builds from `index.html` (`data-type="worker"`) into `suanpan-worker.js` and
//! `suanpan-worker_bg.wasm` (names without a hash); `www/static/suanpan-worker_loader.js`
//! starts it. It runs [`serve`]; the page talks to it through [`Checker`].
//!
//! Protocol (plain objects, structured-cloned):
//!
//! - worker → page `{kind: "ready"}` once its wasm is up (messages sent earlier would be lost);
//! - page → worker `{id, source, text}`;
//! - worker → page `{kind: "done", id, json}` (a [`Payload`](crate::checked::Payload) as JSON)
//!   or `{kind: "error", id, message}`.
//!
//! The page itself never checks: its wasm does not contain the checker. Where no worker can
//! start, the job fails with a message (the browser tests, whose page serves no worker,
//! call [`allow_local_checking`] instead). From `file://` browsers start no worker from a
//! file, so the single-file build hands the page a Blob-URL worker in
//! `window.suanpanWorkerUrl`. A worker that dies during a job (a bug in the checker) fails
//! that job with a message instead of taking the page down with it.

use suanpan::input::InputError;
use yew::Callback;

use crate::checked::Checked;

/// Where the worker's loader is, relative to the page. A page can name another worker
/// script in `window.suanpanWorkerUrl` (the single-file build passes a Blob URL there).
pub const WORKER_URL: &str = "./suanpan-worker_loader.js";

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

/// The outcome of a job: its number and the result or a bilingual error.
pub type Outcome = (u64, Result<Checked, InputError>);

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn crashed() -> InputError {
    InputError {
        message_zh: "核对时程序出错，未能完成。请把这份文本反馈给我们。".into(),
        message_en: "The checker failed on this text (a bug). Please report the text to us.".into(),
    }
}

fn unreadable(e: &str) -> InputError {
    InputError {
        message_zh: format!("核对结果无法读取（{e}）"),
        message_en: format!("The checker's result could not be read ({e})"),
    }
}

/// Turns the worker's JSON into a result.
pub fn decode(json: &str) -> Result<Checked, InputError> {
    serde_json::from_str(json)
        .map(Checked::new)
        .map_err(|e| unreadable(&e.to_string()))
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;
    use std::rc::Rc;

    use gloo::timers::callback::Timeout;
    use js_sys::{Object, Reflect};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

    use super::*;
    use crate::checked;

    struct Job {
        id: u64,
        source: String,
        text: String,
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

    struct Inner {
        worker: Slot,
        queued: Option<Job>,
        in_flight: Option<u64>,
        local: Option<Timeout>,
        done: Callback<Outcome>,
    }

    /// Runs check jobs in the worker (or on this thread where no worker can run).
    /// Clones share one worker.
    #[derive(Clone)]
    pub struct Checker(Rc<RefCell<Inner>>);

    fn get(v: &JsValue, key: &str) -> JsValue {
        Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn set(o: &Object, key: &str, v: &JsValue) {
        let _ = Reflect::set(o, &JsValue::from_str(key), v);
    }

    /// The worker script: `window.suanpanWorkerUrl` when the page sets it, else [`WORKER_URL`].
    fn worker_url() -> String {
        web_sys::window()
            .and_then(|w| Reflect::get(&w, &JsValue::from_str("suanpanWorkerUrl")).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| WORKER_URL.to_string())
    }

    fn workers_allowed() -> bool {
        let Some(w) = web_sys::window() else {
            return false;
        };
        let has_worker = Reflect::has(&w, &JsValue::from_str("Worker")).unwrap_or(false);
        // from file:// only a Blob-URL worker can start (the single-file build's)
        let file = w.location().protocol().map(|p| p == "file:").unwrap_or(true);
        has_worker && (!file || worker_url().starts_with("blob:"))
    }

    impl Checker {
        /// A checker that reports every finished job to `done`.
        pub fn new(done: Callback<Outcome>) -> Self {
            let worker = if workers_allowed() {
                Slot::Idle
            } else {
                Slot::Unavailable
            };
            Checker(Rc::new(RefCell::new(Inner {
                worker,
                queued: None,
                in_flight: None,
                local: None,
                done,
            })))
        }

        /// True when jobs run in a worker (false after falling back to this thread).
        pub fn uses_worker(&self) -> bool {
            !matches!(self.0.borrow().worker, Slot::Unavailable)
        }

        /// Checks `text`; the outcome goes to the `done` callback. A newer job replaces one
        /// that has not started yet.
        pub fn submit(&self, id: u64, source: &str, text: &str) {
            let job = Job {
                id,
                source: source.to_string(),
                text: text.to_string(),
            };
            let mut inner = self.0.borrow_mut();
            match &inner.worker {
                Slot::Unavailable => {
                    drop(inner);
                    self.run_here(job);
                }
                Slot::Idle => {
                    inner.queued = Some(job);
                    drop(inner);
                    self.spawn();
                }
                Slot::Starting(_) => inner.queued = Some(job),
                Slot::Ready(h) => {
                    if inner.in_flight.is_some() {
                        inner.queued = Some(job);
                    } else if post(&h.worker, &job) {
                        inner.in_flight = Some(job.id);
                    } else {
                        inner.worker = Slot::Unavailable;
                        drop(inner);
                        self.run_here(job);
                    }
                }
            }
        }

        fn run_here(&self, job: Job) {
            let done = self.0.borrow().done.clone();
            // A pause first, so the page paints "checking…" before this thread is busy.
            let t = Timeout::new(30, move || match local_check() {
                Some(check) => done.emit((job.id, Ok(Checked::new(check(&job.source, &job.text))))),
                None => done.emit((job.id, Err(no_worker()))),
            });
            self.0.borrow_mut().local = Some(t);
        }

        fn spawn(&self) {
            let worker = match Worker::new(&worker_url()) {
                Ok(w) => w,
                Err(_) => return self.give_up(),
            };
            let weak = Rc::downgrade(&self.0);
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                if let Some(inner) = weak.upgrade() {
                    Checker(inner).on_message(&e.data());
                }
            });
            let weak = Rc::downgrade(&self.0);
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                e.prevent_default();
                if let Some(inner) = weak.upgrade() {
                    Checker(inner).on_error();
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

        /// No worker: run what is queued here, and every later job too.
        fn give_up(&self) {
            let queued = {
                let mut inner = self.0.borrow_mut();
                inner.worker = Slot::Unavailable;
                inner.in_flight = None;
                inner.queued.take()
            };
            if let Some(job) = queued {
                self.run_here(job);
            }
        }

        fn post_next(&self) {
            let mut inner = self.0.borrow_mut();
            let inner = &mut *inner;
            if inner.in_flight.is_some() {
                return;
            }
            if let Slot::Ready(h) = &inner.worker {
                if let Some(job) = inner.queued.take() {
                    if post(&h.worker, &job) {
                        inner.in_flight = Some(job.id);
                    }
                }
            }
        }

        fn on_message(&self, data: &JsValue) {
            let kind = get(data, "kind").as_string().unwrap_or_default();
            match kind.as_str() {
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
                "done" | "error" => {
                    let id = get(data, "id").as_f64().map(|f| f as u64);
                    let done = {
                        let mut inner = self.0.borrow_mut();
                        inner.in_flight = None;
                        inner.done.clone()
                    };
                    self.post_next();
                    let Some(id) = id else {
                        return;
                    };
                    let result = if kind == "done" {
                        let json = get(data, "json").as_string().unwrap_or_default();
                        crate::services::perf::mark("suanpan:decode-start");
                        let r = decode(&json);
                        crate::services::perf::measure("suanpan:decode", "suanpan:decode-start");
                        r
                    } else {
                        Err(unreadable(&get(data, "message").as_string().unwrap_or_default()))
                    };
                    done.emit((id, result));
                }
                _ => {}
            }
        }

        fn on_error(&self) {
            let (starting, crashed_job, done) = {
                let inner = self.0.borrow();
                (
                    matches!(inner.worker, Slot::Starting(_)),
                    inner.in_flight,
                    inner.done.clone(),
                )
            };
            if starting {
                // The worker's files did not load: check on this thread from now on.
                self.give_up();
                return;
            }
            // The worker died during a job: fail that job; the next one gets a new worker.
            let queued = {
                let mut inner = self.0.borrow_mut();
                inner.worker = Slot::Idle;
                inner.in_flight = None;
                inner.queued.take()
            };
            if let Some(id) = crashed_job {
                done.emit((id, Err(crashed())));
            }
            if let Some(job) = queued {
                self.submit(job.id, &job.source, &job.text);
            }
        }
    }

    fn post(worker: &Worker, job: &Job) -> bool {
        let msg = Object::new();
        // job numbers are small integers: exact in a float
        set(&msg, "id", &JsValue::from_f64(job.id as f64));
        set(&msg, "source", &JsValue::from_str(&job.source));
        set(&msg, "text", &JsValue::from_str(&job.text));
        worker.post_message(&msg).is_ok()
    }

    /// The worker's main loop: answer every `{id, source, text}` with the checked payload.
    pub fn serve() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let Some(id) = get(&data, "id").as_f64() else {
                return;
            };
            let source = get(&data, "source").as_string().unwrap_or_default();
            let text = get(&data, "text").as_string().unwrap_or_default();
            let payload = checked::check(&source, &text);
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
        pub fn submit(&self, id: u64, source: &str, text: &str) {
            let check = local_check().unwrap_or(checked::check);
            self.0.emit((id, Ok(Checked::new(check(source, text)))));
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
}
