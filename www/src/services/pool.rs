//! Checks a set of files in a pool of workers: each lane is a file reader and a checker
//! ([`super::worker`]); a lane reads a file, checks its text ([`crate::batch::member`]) and
//! takes the next file, so as many files are in work as there are lanes. When every file is
//! done, one checker groups the set and runs the cross-document rules
//! ([`crate::batch::finish`]) and the lanes' workers are let go.
//!
//! The page's thread only passes messages: the bytes are read by the reader worker from the
//! `File` objects themselves, and nothing leaves the computer.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use suanpan::input::InputError;
use yew::Callback;

use crate::batch::SetDone;
use crate::services::worker::{Checker, ReadEvent, ReadOutcome, Reader, SetJob};

/// What the pool reports.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolEvent {
    /// A file was read and checked (its row JSON), or could not be read.
    Member(usize, Result<String, InputError>),
    /// The set is grouped and checked across documents.
    Done(Result<SetDone, InputError>),
}

struct Lane {
    reader: Reader,
    checker: Checker,
    /// The file in work.
    file: Option<usize>,
}

struct Inner {
    names: Vec<String>,
    files: Vec<web_sys::File>,
    next: usize,
    lanes: Vec<Lane>,
    /// Each file's text and row JSON, once checked.
    checked: Vec<Option<(Rc<str>, String)>>,
    failed: Vec<Option<InputError>>,
    events: Callback<PoolEvent>,
}

/// A set of files in work. Dropping it stops the work (its workers are terminated).
#[derive(Clone)]
pub struct Pool(Rc<RefCell<Inner>>);

/// How many files are read and checked at once: the cores the browser reports, less one
/// for the page, from 1 to 4 (each lane holds a PDF engine's memory).
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
            lanes: Vec::new(),
            checked: vec![None; n],
            failed: vec![None; n],
            events,
        })));
        let lanes: Vec<Lane> = (0..lanes_for(n))
            .map(|lane| {
                let weak = Rc::downgrade(&pool.0);
                Lane {
                    reader: Reader::new(Callback::from(move |(job, event): ReadOutcome| {
                        if let ReadEvent::Done(result) = event {
                            on_read(&weak, lane, job as usize, result);
                        }
                    })),
                    checker: Checker::new(Callback::noop()),
                    file: None,
                }
            })
            .collect();
        pool.0.borrow_mut().lanes = lanes;
        let count = pool.0.borrow().lanes.len();
        for lane in 0..count {
            take_next(&pool.0, lane);
        }
        if n == 0 {
            finish(&pool.0);
        }
        pool
    }
}

/// Gives lane `lane` the next file, if any.
fn take_next(inner: &Rc<RefCell<Inner>>, lane: usize) {
    let (reader, file, index) = {
        let mut i = inner.borrow_mut();
        if i.next >= i.files.len() {
            if let Some(l) = i.lanes.get_mut(lane) {
                l.file = None;
            }
            return;
        }
        let index = i.next;
        i.next += 1;
        let file = i.files[index].clone();
        let Some(l) = i.lanes.get_mut(lane) else {
            return;
        };
        l.file = Some(index);
        (l.reader.clone(), file, index)
    };
    reader.submit(index as u64, vec![file]);
}

fn on_read(
    weak: &Weak<RefCell<Inner>>,
    lane: usize,
    index: usize,
    result: Result<crate::services::worker::Read, InputError>,
) {
    let Some(inner) = weak.upgrade() else {
        return;
    };
    let read = match result {
        Ok(r) => r,
        Err(e) => return member_done(&inner, lane, index, Err(e), None),
    };
    let (checker, name) = {
        let i = inner.borrow();
        let Some(l) = i.lanes.get(lane) else {
            return;
        };
        (l.checker.clone(), i.names.get(index).cloned().unwrap_or_default())
    };
    let text: Rc<str> = Rc::from(read.text);
    let weak = Rc::downgrade(&inner);
    let kept = text.clone();
    checker.member(
        &name,
        &text,
        read.sources.as_deref().unwrap_or(""),
        Callback::from(move |r: Result<String, InputError>| {
            if let Some(inner) = weak.upgrade() {
                member_done(&inner, lane, index, r, Some(kept.clone()));
            }
        }),
    );
}

fn member_done(
    inner: &Rc<RefCell<Inner>>,
    lane: usize,
    index: usize,
    r: Result<String, InputError>,
    text: Option<Rc<str>>,
) {
    let (events, row) = {
        let mut i = inner.borrow_mut();
        let row = match (r, text) {
            (Ok(row), Some(text)) => {
                if let Some(c) = i.checked.get_mut(index) {
                    *c = Some((text, row.clone()));
                }
                Ok(row)
            }
            (Err(e), _) => {
                if let Some(f) = i.failed.get_mut(index) {
                    *f = Some(e.clone());
                }
                Err(e)
            }
            (Ok(_), None) => Err(InputError {
                message_zh: "文件未能读取".into(),
                message_en: "The file was not read".into(),
            }),
        };
        (i.events.clone(), row)
    };
    events.emit(PoolEvent::Member(index, row));
    take_next(inner, lane);
    let all_done = {
        let i = inner.borrow();
        i.next >= i.files.len() && i.lanes.iter().all(|l| l.file.is_none())
    };
    if all_done {
        finish(inner);
    }
}

/// Groups the set and runs the cross-document checks in one checker; then lets the
/// workers go.
fn finish(inner: &Rc<RefCell<Inner>>) {
    let (job, checker, events) = {
        let mut i = inner.borrow_mut();
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
        let checker = i.lanes.first().map(|l| l.checker.clone());
        i.lanes.clear();
        (job, checker, i.events.clone())
    };
    let Some(checker) = checker else {
        return events.emit(PoolEvent::Done(Ok(SetDone::default())));
    };
    checker.clone().finish(
        &job,
        Callback::from(move |r: Result<SetDone, InputError>| {
            // the checker lives until the set is finished
            let _keep = &checker;
            events.emit(PoolEvent::Done(r));
        }),
    );
}
