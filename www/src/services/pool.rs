//! Checks a set of files in a pool of workers ([`super::worker`]): as many file readers as
//! checkers (the cores less one, 1 to 4); a reader takes the next file as soon as it has read
//! one, whose text waits for the first free checker ([`crate::batch::member`]), so reading and
//! checking overlap. When every file is done, one checker groups the set and runs the
//! cross-document rules ([`crate::batch::finish`]) and the readers are let go.
//!
//! The page's thread only passes messages: the bytes are read by the reader worker from the
//! `File` objects themselves, and nothing leaves the computer.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use suanpan::input::InputError;
use yew::Callback;

use crate::batch::SetDone;
use crate::protocol::Js;
use crate::services::worker::{Checker, ReadEvent, ReadOutcome, Reader, SetJob};
use suanpan::set::Row;
use suanpan::source::SourceMap;

/// What the pool reports.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolEvent {
    /// A file was read and checked (its row), or could not be read.
    Member(usize, Result<Js<Row>, InputError>),
    /// The set is grouped and checked across documents.
    Done(Result<SetDone, InputError>),
}

struct Inner {
    names: Vec<String>,
    files: Vec<web_sys::File>,
    next: usize,
    /// The readers, each with the file it reads.
    readers: Vec<(Reader, Option<usize>)>,
    /// The checkers, each with the file it checks.
    checkers: Vec<(Checker, Option<usize>)>,
    /// Files read, waiting for a checker: index, text, source map.
    to_check: std::collections::VecDeque<(usize, Rc<str>, Option<Js<SourceMap>>)>,
    /// Each file's text and row, once checked.
    checked: Vec<Option<(Rc<str>, Js<Row>)>>,
    failed: Vec<Option<InputError>>,
    events: Callback<PoolEvent>,
    finished: bool,
}

/// A set of files in work. Dropping it stops the work (its workers are terminated).
#[derive(Clone)]
pub struct Pool(Rc<RefCell<Inner>>);

/// How many files are read (and, apart, checked) at once: the cores the browser reports,
/// less one for the page, from 1 to 4 (each reader holds a PDF engine's memory).
fn lanes_for(files: usize) -> usize {
    let cores = web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|c| c.is_finite() && *c >= 1.0)
        .map_or(2, |c| c as usize);
    cores.saturating_sub(1).clamp(1, 4).min(files.max(1))
}

impl Pool {
    /// Starts reading and checking `files` (named `names`, their paths in the folder);
    /// progress and the result go to `events`.
    pub fn start(names: Vec<String>, files: Vec<web_sys::File>, events: Callback<PoolEvent>) -> Pool {
        let n = files.len();
        let pool = Pool(Rc::new(RefCell::new(Inner {
            names,
            files,
            next: 0,
            readers: Vec::new(),
            checkers: Vec::new(),
            to_check: Default::default(),
            checked: vec![None; n],
            failed: vec![None; n],
            events,
            finished: false,
        })));
        let lanes = lanes_for(n);
        let readers = (0..lanes)
            .map(|lane| {
                let weak = Rc::downgrade(&pool.0);
                let reader = Reader::new(Callback::from(move |(job, event): ReadOutcome| match event {
                    ReadEvent::Done(result) => on_read(&weak, lane, job as usize, result),
                    ReadEvent::Archive(_) => on_read(&weak, lane, job as usize, Err(nested_archive())),
                    ReadEvent::Progress(_) => {}
                }));
                (reader, None)
            })
            .collect();
        let checkers = (0..lanes)
            .map(|_| (Checker::new(Callback::noop()), None))
            .collect();
        {
            let mut i = pool.0.borrow_mut();
            i.readers = readers;
            i.checkers = checkers;
        }
        for lane in 0..lanes {
            read_next(&pool.0, lane);
        }
        done_yet(&pool.0);
        pool
    }
}

/// A .zip inside a set is not opened (a set is one level deep).
fn nested_archive() -> InputError {
    InputError {
        message_zh: "这是一个压缩包（.zip）：批量核对中不再展开其中的压缩包，请先解压或单独打开它。".into(),
        message_en: "This is a .zip archive: archives inside a set are not opened; unzip it first, or open it on its own.".into(),
    }
}

/// Gives reader `lane` the next file, if any.
fn read_next(inner: &Rc<RefCell<Inner>>, lane: usize) {
    let (reader, file, index) = {
        let mut i = inner.borrow_mut();
        let index = i.next;
        let Some(file) = i.files.get(index).cloned() else {
            if let Some(r) = i.readers.get_mut(lane) {
                r.1 = None;
            }
            return;
        };
        i.next += 1;
        let Some(r) = i.readers.get_mut(lane) else {
            return;
        };
        r.1 = Some(index);
        (r.0.clone(), file, index)
    };
    reader.submit(index as u64, vec![file]);
}

/// A file read: it waits for a checker, and the reader takes the next file at once.
fn on_read(
    weak: &Weak<RefCell<Inner>>,
    lane: usize,
    index: usize,
    result: Result<crate::services::worker::Read, InputError>,
) {
    let Some(inner) = weak.upgrade() else {
        return;
    };
    match result {
        Ok(read) => {
            inner
                .borrow_mut()
                .to_check
                .push_back((index, Rc::from(read.text), read.sources));
        }
        Err(e) => failed(&inner, index, e),
    }
    read_next(&inner, lane);
    check_next(&inner);
    done_yet(&inner);
}

fn failed(inner: &Rc<RefCell<Inner>>, index: usize, e: InputError) {
    let events = {
        let mut i = inner.borrow_mut();
        if let Some(f) = i.failed.get_mut(index) {
            *f = Some(e.clone());
        }
        i.events.clone()
    };
    events.emit(PoolEvent::Member(index, Err(e)));
}

/// Hands files read to the free checkers.
fn check_next(inner: &Rc<RefCell<Inner>>) {
    loop {
        let (checker, slot, index, text, sources, name) = {
            let mut i = inner.borrow_mut();
            let Some(slot) = i.checkers.iter().position(|c| c.1.is_none()) else {
                return;
            };
            let Some((index, text, sources)) = i.to_check.pop_front() else {
                return;
            };
            i.checkers[slot].1 = Some(index);
            let name = i.names.get(index).cloned().unwrap_or_default();
            (i.checkers[slot].0.clone(), slot, index, text, sources, name)
        };
        let weak = Rc::downgrade(inner);
        let kept = text.clone();
        checker.member(
            &name,
            &text,
            sources,
            Callback::from(move |r: Result<Js<Row>, InputError>| {
                if let Some(inner) = weak.upgrade() {
                    checked(&inner, slot, index, r, kept.clone());
                }
            }),
        );
    }
}

fn checked(
    inner: &Rc<RefCell<Inner>>,
    slot: usize,
    index: usize,
    r: Result<Js<Row>, InputError>,
    text: Rc<str>,
) {
    match r {
        Ok(row) => {
            let events = {
                let mut i = inner.borrow_mut();
                if let Some(c) = i.checked.get_mut(index) {
                    *c = Some((text, row.clone()));
                }
                if let Some(c) = i.checkers.get_mut(slot) {
                    c.1 = None;
                }
                i.events.clone()
            };
            events.emit(PoolEvent::Member(index, Ok(row)));
        }
        Err(e) => {
            if let Some(c) = inner.borrow_mut().checkers.get_mut(slot) {
                c.1 = None;
            }
            failed(inner, index, e);
        }
    }
    check_next(inner);
    done_yet(inner);
}

/// When every file is read and checked: groups the set and runs the cross-document checks
/// in one checker, and lets the readers go.
fn done_yet(inner: &Rc<RefCell<Inner>>) {
    let (job, checker, events) = {
        let mut i = inner.borrow_mut();
        let busy = i.readers.iter().any(|r| r.1.is_some())
            || i.checkers.iter().any(|c| c.1.is_some())
            || !i.to_check.is_empty()
            || i.next < i.files.len();
        if busy || i.finished {
            return;
        }
        i.finished = true;
        let mut job = SetJob::default();
        for (k, c) in i.checked.iter().enumerate() {
            if let Some((text, row)) = c {
                job.names.push(i.names.get(k).cloned().unwrap_or_default());
                job.texts.push(text.clone());
                job.rows.push(row.clone());
            }
        }
        job.unreadable = i.failed.iter().flatten().cloned().collect();
        // the readers are done: let their workers (and the files they kept) go
        i.readers.clear();
        let checker = i.checkers.first().map(|c| c.0.clone());
        i.checkers.truncate(1);
        (job, checker, i.events.clone())
    };
    let Some(checker) = checker else {
        // (never: there is always one checker)
        return events.emit(PoolEvent::Done(Err(crate::protocol::garbled("no checker"))));
    };
    checker.finish(
        &job,
        Callback::from(move |r: Result<SetDone, InputError>| events.emit(PoolEvent::Done(r))),
    );
}
