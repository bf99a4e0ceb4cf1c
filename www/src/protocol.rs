//! The messages between the page and its two web workers — the checker (`src/worker.rs`,
//! [`crate::services::worker::serve`]) and the file reader (the package `suanpan-reader`,
//! `www/reader`) — defined once for both sides.
//!
//! Each message is a serde enum, written with [`encode`] (serde-wasm-bindgen: a plain
//! JavaScript object, which `postMessage` structured-clones) and read back with [`receive`]:
//! `{check: {id, source, text, sources}}`, `"ready"`. Nothing is built by hand with
//! `Reflect`, and no message carries JSON text. (The enums are externally tagged: an
//! internally tagged enum is read through serde's buffer, which loses the JavaScript objects
//! a [`Js`] holds.)
//!
//! Values the page only passes on from one worker to the other (a source map, a set's rows,
//! the checker's payload for the annotated PDF) cross as [`Js<T>`]: the JavaScript object
//! one worker wrote, typed by what it holds, which the page hands on without reading — so
//! the page's wasm carries no code to read or write them.
//!
//! Numbers: job numbers are `u64` below 2^53 (exact in a JavaScript number); PDF boxes are
//! `f32`, which widen to a JavaScript number and come back to the same `f32`.

use std::marker::PhantomData;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use suanpan::input::{InputError, InputWarning, Part};
use suanpan::source::SourceMap;
use wasm_bindgen::JsValue;

use crate::batch::{BatchRender, SetExports, SetView};
use crate::checked::Payload;

/// A job's number (the page's read and check jobs count from 1; a worker's other requests
/// from 2^40).
pub type Id = u64;

/// A value written by one worker as a JavaScript object (through serde-wasm-bindgen) and
/// read by the other, which the page holds and passes on without reading. Clones share the
/// object; two are equal when they are the same object.
#[derive(Serialize, Deserialize)]
#[serde(transparent, bound = "")]
pub struct Js<T> {
    #[serde(serialize_with = "keep", deserialize_with = "take")]
    value: Rc<JsValue>,
    #[serde(skip)]
    _of: PhantomData<fn() -> T>,
}

fn keep<S: Serializer>(v: &Rc<JsValue>, s: S) -> Result<S::Ok, S::Error> {
    serde_wasm_bindgen::preserve::serialize(&**v, s)
}

fn take<'de, D: Deserializer<'de>>(d: D) -> Result<Rc<JsValue>, D::Error> {
    serde_wasm_bindgen::preserve::deserialize::<D, JsValue>(d).map(Rc::new)
}

impl<T> Clone for Js<T> {
    fn clone(&self) -> Self {
        Js {
            value: self.value.clone(),
            _of: PhantomData,
        }
    }
}

impl<T> PartialEq for Js<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.value, &other.value)
    }
}

impl<T> Eq for Js<T> {}

impl<T> std::fmt::Debug for Js<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Js<{}>", std::any::type_name::<T>())
    }
}

impl<T> Js<T> {
    /// A value that holds nothing (reading it fails): for tests off the browser.
    pub fn nothing() -> Self {
        Js {
            value: Rc::new(JsValue::UNDEFINED),
            _of: PhantomData,
        }
    }
}

impl<T: Serialize> Js<T> {
    /// Writes `value` as a JavaScript object.
    pub fn new(value: &T) -> Result<Self, InputError> {
        to_js(value).map(|v| Js {
            value: Rc::new(v),
            _of: PhantomData,
        })
    }
}

impl<T: DeserializeOwned> Js<T> {
    /// Reads the value back.
    pub fn read(&self) -> Result<T, InputError> {
        self.read_as()
    }
}

impl<T> Js<T> {
    /// Reads a part of the value: `U` has some of `T`'s fields (the reader takes only the
    /// report of a checker's payload).
    pub fn read_as<U: DeserializeOwned>(&self) -> Result<U, InputError> {
        serde_wasm_bindgen::from_value((*self.value).clone()).map_err(|e| garbled(&e.to_string()))
    }
}

/// A message that could not be written or read (a bug): what it says.
pub fn garbled(e: &str) -> InputError {
    InputError {
        message_zh: format!("页面与后台程序之间的消息无法读取（{e}）"),
        message_en: format!("A message between the page and its background worker could not be read ({e})"),
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, InputError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new())
        .map_err(|e| garbled(&e.to_string()))
}

/// Writes a message as the JavaScript object `postMessage` sends.
pub fn encode<T: Serialize>(message: &T) -> Result<JsValue, InputError> {
    to_js(message)
}

/// Reads a message that came with `postMessage`.
pub fn receive<T: DeserializeOwned>(data: JsValue) -> Result<T, InputError> {
    serde_wasm_bindgen::from_value(data).map_err(|e| garbled(&e.to_string()))
}

// ---- the checker ----

/// Page → checker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToChecker {
    /// Check a text (with the reader's source map, `None` for typed or pasted text): answered
    /// with [`FromChecker::Checked`].
    Check {
        /// The job.
        id: Id,
        /// Where the text came from (a file's name).
        source: String,
        /// The text.
        text: String,
        /// Where each line was printed.
        sources: Option<Js<SourceMap>>,
    },
    /// Check one document of a set: answered with [`FromChecker::Member`]
    /// ([`crate::batch::member`]).
    Member {
        /// The request.
        id: Id,
        /// The file's path in the set.
        source: String,
        /// Its text.
        text: String,
        /// Where each line was printed.
        sources: Option<Js<SourceMap>>,
    },
    /// Group a set and check it across documents: answered with [`FromChecker::Set`]
    /// ([`crate::batch::finish`]).
    Set {
        /// The request.
        id: Id,
        /// Each readable document's path.
        names: Vec<String>,
        /// Its text.
        texts: Vec<String>,
        /// Its row, as [`FromChecker::Member`] gave it.
        rows: Vec<Js<suanpan::set::Row>>,
        /// The files that could not be read.
        unreadable: Vec<InputError>,
    },
    /// Draw the batch view: answered with [`FromChecker::Html`]
    /// ([`crate::batch::render_html`]).
    Draw {
        /// The request.
        id: Id,
        /// What to draw.
        request: BatchRender,
    },
}

/// Checker → page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromChecker {
    /// Its wasm is up (messages sent before would be lost).
    Ready,
    /// A text checked.
    Checked {
        /// The job.
        id: Id,
        /// What the checker found.
        payload: Js<Payload>,
    },
    /// A document of a set checked: its row.
    Member {
        /// The request.
        id: Id,
        /// The document's row.
        row: Js<suanpan::set::Row>,
    },
    /// A set grouped and checked across documents.
    Set {
        /// The request.
        id: Id,
        /// What the batch view shows.
        view: Js<SetView>,
        /// What it downloads.
        exports: SetExports,
    },
    /// The batch view drawn.
    Html {
        /// The request.
        id: Id,
        /// The view's HTML (every text from a file escaped).
        html: String,
    },
    /// A request failed (`id` is `None` when the request itself could not be read).
    Failed {
        /// The request.
        id: Option<Id>,
        /// Why.
        error: InputError,
    },
}

// ---- the file reader ----

/// Page → reader.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToReader {
    /// Read files as one document (the `File` objects themselves: the reader reads their
    /// bytes off the page's thread): answered with [`FromReader::Progress`], then
    /// [`FromReader::Read`], [`FromReader::Archive`] or [`FromReader::Failed`].
    Read {
        /// The job.
        id: Id,
        /// The files (an array of `File`).
        #[serde(with = "serde_wasm_bindgen::preserve")]
        files: js_sys::Array,
    },
    /// Draw a page of a PDF of the last read: answered with [`FromReader::Page`].
    Page {
        /// The request.
        id: Id,
        /// One of the files read ("" for the only one).
        file: String,
        /// The page (1-based).
        page: u32,
    },
    /// Draw a sheet (or a Word/HTML table) of the last read as read, with the boxes of
    /// `cells`: answered with [`FromReader::Page`].
    Sheet {
        /// The request.
        id: Id,
        /// One of the files read ("" for the only one).
        file: String,
        /// The sheet ("表六", "表格 2").
        sheet: String,
        /// The cells ("D12").
        cells: Vec<String>,
    },
    /// Write every PDF of the last read with a highlight on each finding of the checker's
    /// payload (only its report is read): answered with [`FromReader::Annotated`].
    Annotate {
        /// The request.
        id: Id,
        /// The checker's payload, as it came.
        payload: Js<Payload>,
    },
}

/// How far the reader has got with a job.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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

/// A page of a PDF (or a sheet) drawn by the reader, for the page view.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AnnotatedFile {
    /// The original file's name.
    pub name: String,
    /// The annotated PDF.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub bytes: js_sys::Uint8Array,
    /// Highlights written.
    pub annotations: usize,
}

/// Reader → page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromReader {
    /// Its wasm is up.
    Ready,
    /// A read got further (when each file starts, and after each page of a PDF).
    Progress {
        /// The job.
        id: Id,
        /// How far.
        progress: ReadProgress,
    },
    /// The files read as one document ([`suanpan::input::read_documents_with_progress`]).
    Read {
        /// The job.
        id: Id,
        /// The text of all files.
        text: String,
        /// Where each file's text starts.
        parts: Vec<Part>,
        /// The reader's notes.
        warnings: Vec<InputWarning>,
        /// Where each line was printed (`None` when the text has no place to point to).
        sources: Option<Js<SourceMap>>,
    },
    /// The one file was a .zip of two documents or more: not read, but its documents handed
    /// back to be checked as a set ([`suanpan::input::archive_entries`]).
    Archive {
        /// The job.
        id: Id,
        /// The documents (an array of `File`; a `File`'s name cannot hold a "/").
        #[serde(with = "serde_wasm_bindgen::preserve")]
        files: js_sys::Array,
        /// Their paths in the zip.
        names: Vec<String>,
    },
    /// A page or sheet drawn.
    Page {
        /// The request.
        id: Id,
        /// The drawing.
        image: PageImage,
    },
    /// The PDFs of the last read, annotated.
    Annotated {
        /// The request.
        id: Id,
        /// Each PDF read.
        files: Vec<AnnotatedFile>,
    },
    /// A job or request failed (`id` is `None` when the request itself could not be read).
    Failed {
        /// The job or request.
        id: Option<Id>,
        /// Why.
        error: InputError,
    },
}

/// What the page's side of a worker needs to know of an answer.
pub trait Answer: DeserializeOwned + 'static {
    /// The worker is up.
    fn is_ready(&self) -> bool;
    /// The job or request it answers (`None` for "ready", or a failure to read a request).
    fn id(&self) -> Option<Id>;
    /// True unless more messages follow for the same job (progress).
    fn ends_job(&self) -> bool;
}

impl Answer for FromChecker {
    fn is_ready(&self) -> bool {
        matches!(self, FromChecker::Ready)
    }
    fn id(&self) -> Option<Id> {
        match self {
            FromChecker::Ready => None,
            FromChecker::Checked { id, .. }
            | FromChecker::Member { id, .. }
            | FromChecker::Set { id, .. }
            | FromChecker::Html { id, .. } => Some(*id),
            FromChecker::Failed { id, .. } => *id,
        }
    }
    fn ends_job(&self) -> bool {
        true
    }
}

impl Answer for FromReader {
    fn is_ready(&self) -> bool {
        matches!(self, FromReader::Ready)
    }
    fn id(&self) -> Option<Id> {
        match self {
            FromReader::Ready => None,
            FromReader::Progress { id, .. }
            | FromReader::Read { id, .. }
            | FromReader::Archive { id, .. }
            | FromReader::Page { id, .. }
            | FromReader::Annotated { id, .. } => Some(*id),
            FromReader::Failed { id, .. } => *id,
        }
    }
    fn ends_job(&self) -> bool {
        !matches!(self, FromReader::Progress { .. })
    }
}

/// What a worker is asked to do, as the page queues it.
pub trait Request: Serialize + 'static {
    /// The job or request.
    fn id(&self) -> Id;
    /// Its kind: a newer request of the same kind replaces a queued one (drawing a page
    /// never drops a file being read).
    fn kind(&self) -> &'static str;
}

impl Request for ToChecker {
    fn id(&self) -> Id {
        match self {
            ToChecker::Check { id, .. }
            | ToChecker::Member { id, .. }
            | ToChecker::Set { id, .. }
            | ToChecker::Draw { id, .. } => *id,
        }
    }
    fn kind(&self) -> &'static str {
        match self {
            ToChecker::Check { .. } => "check",
            ToChecker::Member { .. } => "member",
            ToChecker::Set { .. } => "set",
            ToChecker::Draw { .. } => "draw",
        }
    }
}

impl Request for ToReader {
    fn id(&self) -> Id {
        match self {
            ToReader::Read { id, .. }
            | ToReader::Page { id, .. }
            | ToReader::Sheet { id, .. }
            | ToReader::Annotate { id, .. } => *id,
        }
    }
    fn kind(&self) -> &'static str {
        match self {
            ToReader::Read { .. } => "read",
            ToReader::Page { .. } | ToReader::Sheet { .. } => "render",
            ToReader::Annotate { .. } => "annotate",
        }
    }
}
