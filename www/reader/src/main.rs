//! The web app's file reader: a web worker that turns the files a user opens, drops or
//! pastes (PDF, .xlsx, .xls, .docx, HTML, CSV, text in UTF-8/UTF-16/GBK) into one text with
//! [`suanpan::input::read_documents_with_progress`]. The page starts it on the first upload
//! (`www/static/suanpan-reader_loader.js`), so a visit that only pastes text never downloads
//! the PDF engine. See `www/src/services/worker.rs` for the page's side.
//!
//! Protocol (plain objects, structured-cloned):
//!
//! - reader → page `{kind: "ready"}` once its wasm is up;
//! - page → reader `{id, files: [File…]}` (the `File` objects themselves: the bytes are
//!   read here, off the page's thread, with `FileReaderSync`);
//! - reader → page `{kind: "progress", id, file, files, name, page, pages}` when each file
//!   starts and after each page of a PDF;
//! - reader → page `{kind: "done", id, json, sources}` (a [`suanpan::input::Combined`] as
//!   JSON without its source map, and the source map as JSON of its own, "" for none) or
//!   `{kind: "error", id, json}` (a [`suanpan::input::InputError`] as JSON);
//! - one .zip of two documents or more (not an Office file) is not read: reader → page `{kind: "archive",
//!   id, files: [File…], names: [path…]}`, its documents as `File` objects and their paths in the zip
//!   ([`suanpan::input::archive_entries`], with the zip reader's limits), which the page
//!   checks as a set.
//!
//! The files of the last read job stay here (the page view and the annotated download need
//! their bytes; nothing is sent anywhere):
//!
//! - page → reader `{id, render: page, file}` (1-based page; `file` names one of the files
//!   read, "" for the only one) → `{kind: "page", id, svg, width, height, page, pages,
//!   images, simplified, truncated}`: the page drawn by [`suanpan::pdf::render`];
//! - page → reader `{id, annotate: payload}` (the checker's payload as JSON, of which only
//!   its `report` is read) → `{kind: "annotated", id,
//!   files: [{name, bytes}]}`: every PDF read, with a highlight on each finding's cells
//!   ([`suanpan::pdf::annotate`]);
//! - page → reader `{id, sheet, file, cells: ["D12", …]}` → `{kind: "page", id, svg, width,
//!   height, rects: Float64Array [x0, y0, x1, y1, …] (NaN for a cell not drawn)}`: a sheet (or
//!   a Word/HTML table) as read,
//!   drawn by [`suanpan::source::draw_sheet`], with the boxes of the cells asked for;
//! - either can fail: `{kind: "failed", id, json}` (an [`InputError`] as JSON).

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;

    use js_sys::{Array, Object, Reflect, Uint8Array};
    use suanpan::input::{self, InputError, Progress, MAX_BYTES};
    use suanpan::pdf::render::Renderer;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

    fn get(v: &JsValue, key: &str) -> JsValue {
        Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn set(o: &Object, key: &str, v: &JsValue) {
        let _ = Reflect::set(o, &JsValue::from_str(key), v);
    }

    fn message(kind: &str, id: f64) -> Object {
        let o = Object::new();
        set(&o, "kind", &JsValue::from_str(kind));
        set(&o, "id", &JsValue::from_f64(id));
        o
    }

    fn unreadable(name: &str, why: &str) -> InputError {
        InputError {
            message_zh: format!("{name}：浏览器无法读取这个文件（{why}）"),
            message_en: format!("{name}: the browser could not read this file ({why})"),
        }
    }

    /// The bytes of every file, or the first problem.
    fn bytes_of(files: &[File]) -> Result<Vec<(String, Vec<u8>)>, InputError> {
        // Blob sizes are integral; the float only carries JavaScript's number.
        let total: u64 = files.iter().map(|f| f.size() as u64).sum();
        if total > MAX_BYTES as u64 {
            let names: Vec<String> = files.iter().map(|f| f.name()).collect();
            return Err(input::too_large(&names.join(" + "), total));
        }
        let sync = FileReaderSync::new().map_err(|_| unreadable("", "FileReaderSync"))?;
        files
            .iter()
            .map(|f| {
                let name = f.name();
                let buf = sync.read_as_array_buffer(f).map_err(|e| {
                    unreadable(&name, &e.as_string().unwrap_or_else(|| "FileReaderSync".into()))
                })?;
                Ok((name, Uint8Array::new(&buf).to_vec()))
            })
            .collect()
    }

    thread_local! {
        /// The files of the last read job, and the PDFs among them opened for drawing.
        static KEPT: RefCell<Vec<(String, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
        static OPENED: RefCell<Vec<(String, Renderer)>> = const { RefCell::new(Vec::new()) };
        /// The text read from them and where each line came from (to draw a sheet).
        static READ: RefCell<Option<(String, suanpan::source::SourceMap)>> = const { RefCell::new(None) };
    }

    fn gone() -> InputError {
        InputError {
            message_zh: "原文件已不在内存中（例如读取程序重新启动过），请重新打开该文件。".into(),
            message_en: "The original file is no longer in memory (the reader may have restarted); open the file again.".into(),
        }
    }

    fn pdf_error(name: &str, e: suanpan::pdf::PdfError) -> InputError {
        InputError {
            message_zh: format!("{name}：{}", e.message_zh),
            message_en: format!("{name}: {}", e.message_en),
        }
    }

    /// Draws a page of a kept PDF (`file` "" for the only file).
    fn render(file: &str, page: usize) -> Result<Object, InputError> {
        let name = KEPT.with(|k| {
            let k = k.borrow();
            let pdfs: Vec<&(String, Vec<u8>)> = k
                .iter()
                .filter(|(_, b)| suanpan::pdf::looks_like_pdf(b))
                .collect();
            match file {
                "" => pdfs.first().map(|(n, _)| n.clone()),
                f => pdfs.iter().find(|(n, _)| n == f).map(|(n, _)| n.clone()),
            }
        });
        let name = name.ok_or_else(gone)?;
        let opened = OPENED.with(|o| o.borrow().iter().any(|(n, _)| *n == name));
        if !opened {
            let r = KEPT.with(|k| {
                let k = k.borrow();
                let bytes = k
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, b)| b.as_slice())
                    .unwrap_or(&[]);
                Renderer::new(bytes)
            });
            let r = r.map_err(|e| pdf_error(&name, e))?;
            OPENED.with(|o| o.borrow_mut().push((name.clone(), r)));
        }
        let drawn = OPENED.with(|o| {
            let o = o.borrow();
            let r = o.iter().find(|(n, _)| *n == name).map(|(_, r)| r);
            r.map(|r| r.page(page))
        });
        let p = drawn.ok_or_else(gone)?.map_err(|e| pdf_error(&name, e))?;
        let m = Object::new();
        set(&m, "svg", &JsValue::from_str(&p.svg));
        for (k, v) in [
            ("width", p.width as f64),
            ("height", p.height as f64),
            ("page", p.page as f64),
            ("pages", p.pages as f64),
            ("images", p.images as f64),
            ("simplified", p.simplified as f64),
        ] {
            set(&m, k, &JsValue::from_f64(v));
        }
        set(&m, "truncated", &JsValue::from_bool(p.truncated));
        set(&m, "file", &JsValue::from_str(&name));
        Ok(m)
    }

    /// Draws sheet `sheet` of `file` ("" for the only file) as read, with the boxes of `cells`.
    fn render_sheet(file: &str, sheet: &str, cells: &[String]) -> Result<Object, InputError> {
        let drawn = READ.with(|r| {
            let r = r.borrow();
            let (text, sources) = r.as_ref()?;
            let file = (!file.is_empty()).then_some(file);
            suanpan::source::draw_sheet(text, sources, file, sheet, cells)
        });
        let s = drawn.ok_or_else(gone)?;
        let m = Object::new();
        set(&m, "svg", &JsValue::from_str(&s.svg));
        set(&m, "width", &JsValue::from_f64(s.width as f64));
        set(&m, "height", &JsValue::from_f64(s.height as f64));
        set(&m, "file", &JsValue::from_str(file));
        // four numbers per cell asked for, NaN for one not drawn
        let flat: Vec<f64> = s
            .rects
            .iter()
            .flat_map(|r| match r {
                Some(r) => [r.x0, r.y0, r.x1, r.y1].map(f64::from),
                None => [f64::NAN; 4],
            })
            .collect();
        set(&m, "rects", &js_sys::Float64Array::from(flat.as_slice()));
        Ok(m)
    }

    /// Every kept PDF with a highlight on each finding's cells.
    fn annotate(report_json: &str) -> Result<Object, InputError> {
        /// The checker's payload: only its report is read here.
        #[derive(serde::Deserialize)]
        struct Payload {
            report: suanpan::report::Report,
        }
        let report = serde_json::from_str::<Payload>(report_json)
            .map_err(|e| unreadable("", &e.to_string()))?
            .report;
        let out = Array::new();
        let kept = KEPT.with(|k| k.borrow().clone());
        let pdfs: Vec<&(String, Vec<u8>)> = kept
            .iter()
            .filter(|(_, b)| suanpan::pdf::looks_like_pdf(b))
            .collect();
        if pdfs.is_empty() {
            return Err(gone());
        }
        let several = kept.len() > 1;
        for (name, bytes) in pdfs {
            let marks = suanpan::pdf::annotate::marks_of_file(&report, several.then_some(name.as_str()));
            let a = suanpan::pdf::annotate::annotate(bytes, &marks).map_err(|e| pdf_error(name, e))?;
            let f = Object::new();
            set(&f, "name", &JsValue::from_str(name));
            set(&f, "bytes", &Uint8Array::from(a.bytes.as_slice()));
            set(&f, "annotations", &JsValue::from_f64(a.annotations as f64));
            out.push(&f);
        }
        let m = Object::new();
        set(&m, "files", &out);
        Ok(m)
    }

    /// The document read (a [`suanpan::input::Combined`] as JSON, without its source map)
    /// and its source map as JSON ("" for none).
    fn read(
        scope: &DedicatedWorkerGlobalScope,
        id: f64,
        files: &[File],
    ) -> Result<(String, String), InputError> {
        let owned = bytes_of(files)?;
        // a new document: the previous one's files are let go
        OPENED.with(|o| o.borrow_mut().clear());
        KEPT.with(|k| k.borrow_mut().clear());
        READ.with(|r| r.borrow_mut().take());
        let borrowed: Vec<(&str, &[u8])> = owned.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        let mut progress = |p: Progress<'_>| {
            let m = message("progress", id);
            set(&m, "file", &JsValue::from_f64(p.file as f64));
            set(&m, "files", &JsValue::from_f64(p.files as f64));
            set(&m, "name", &JsValue::from_str(p.name));
            set(&m, "page", &JsValue::from_f64(p.page as f64));
            set(&m, "pages", &JsValue::from_f64(p.pages as f64));
            let _ = scope.post_message(&m);
        };
        let mut combined = input::read_documents_with_progress(&borrowed, &mut progress)?;
        drop(borrowed);
        KEPT.with(|k| *k.borrow_mut() = owned);
        // the source map goes as a JSON of its own, which the page hands on to the checker
        let map = std::mem::take(&mut combined.sources);
        let sources = if map.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&map).map_err(|e| unreadable("", &e.to_string()))?
        };
        let json = serde_json::to_string(&combined).map_err(|e| unreadable("", &e.to_string()))?;
        READ.with(|r| *r.borrow_mut() = Some((combined.text, map)));
        Ok((json, sources))
    }

    /// True when the file's first bytes are a zip's (by the bytes, never the name).
    fn starts_like_zip(file: &File) -> bool {
        let Ok(head) = file.slice_with_i32_and_i32(0, 4) else {
            return false;
        };
        FileReaderSync::new()
            .and_then(|r| r.read_as_array_buffer(&head))
            .is_ok_and(|b| input::is_zip(&Uint8Array::new(&b).to_vec()))
    }

    /// The documents of one .zip of documents as `File` objects (`None` for any other file).
    fn archive(files: &[File]) -> Result<Option<(Array, Array)>, InputError> {
        let owned = bytes_of(files)?;
        let Some((name, bytes)) = owned.first() else {
            return Ok(None);
        };
        // one file in a zip is not a set, and a zip that cannot be listed is read as one
        // document: both get the reader's own message as before
        let Some(entries) = input::archive_entries(name, bytes)
            .ok()
            .flatten()
            .filter(|e| e.len() > 1)
        else {
            return Ok(None);
        };
        let (out, names) = (Array::new(), Array::new());
        for (path, bytes) in entries {
            let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
            // (a File's name cannot hold a "/": the path goes beside it)
            let base = path.rsplit('/').next().unwrap_or(&path);
            let f = File::new_with_u8_array_sequence(&parts, base).map_err(|_| unreadable(&path, "File"))?;
            out.push(&f);
            names.push(&JsValue::from_str(&path));
        }
        Ok(Some((out, names)))
    }

    /// The worker's main loop.
    pub fn serve() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let Some(id) = get(&data, "id").as_f64() else {
                return;
            };
            let asked = if let Some(sheet) = get(&data, "sheet").as_string() {
                let file = get(&data, "file").as_string().unwrap_or_default();
                let cells: Vec<String> = Array::from(&get(&data, "cells"))
                    .iter()
                    .filter_map(|c| c.as_string())
                    .collect();
                Some(("page", render_sheet(&file, &sheet, &cells)))
            } else if let Some(page) = get(&data, "render").as_f64() {
                let file = get(&data, "file").as_string().unwrap_or_default();
                Some(("page", render(&file, page.max(0.0) as usize)))
            } else {
                get(&data, "annotate")
                    .as_string()
                    .map(|report| ("annotated", annotate(&report)))
            };
            if let Some((kind, result)) = asked {
                let reply = match result {
                    Ok(m) => {
                        set(&m, "kind", &JsValue::from_str(kind));
                        set(&m, "id", &JsValue::from_f64(id));
                        m
                    }
                    Err(err) => {
                        let m = message("failed", id);
                        let json = serde_json::to_string(&err).unwrap_or_default();
                        set(&m, "json", &JsValue::from_str(&json));
                        m
                    }
                };
                let _ = reply_to.post_message(&reply);
                return;
            }
            let files: Vec<File> = Array::from(&get(&data, "files"))
                .iter()
                .filter_map(|f| f.dyn_into::<File>().ok())
                .collect();
            // a .zip of documents: its files go back to be checked as a set
            let looks_zipped = files.len() == 1 && starts_like_zip(&files[0]);
            if looks_zipped {
                let reply = match archive(&files) {
                    Ok(Some((list, names))) => {
                        let m = message("archive", id);
                        set(&m, "files", &list);
                        set(&m, "names", &names);
                        Some(m)
                    }
                    Ok(None) => None,
                    Err(err) => {
                        let m = message("error", id);
                        let json = serde_json::to_string(&err).unwrap_or_default();
                        set(&m, "json", &JsValue::from_str(&json));
                        Some(m)
                    }
                };
                if let Some(reply) = reply {
                    let _ = reply_to.post_message(&reply);
                    return;
                }
            }
            let reply = match read(&reply_to, id, &files) {
                Ok((json, sources)) => {
                    let m = message("done", id);
                    set(&m, "json", &JsValue::from_str(&json));
                    set(&m, "sources", &JsValue::from_str(&sources));
                    m
                }
                Err(err) => {
                    let m = message("error", id);
                    let json = serde_json::to_string(&err).unwrap_or_default();
                    set(&m, "json", &JsValue::from_str(&json));
                    m
                }
            };
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

#[cfg(target_arch = "wasm32")]
fn main() {
    imp::serve();
}

/// Off the browser there is no worker.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
