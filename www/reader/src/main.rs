//! The web app's file reader: a web worker that turns the files a user opens, drops or
//! pastes (PDF, .xlsx, .xls, .docx, HTML, CSV, text in UTF-8/UTF-16/GBK) into one text with
//! [`suanpan::input::read_documents_with_progress`]. The page starts it on the first upload
//! (`www/static/suanpan-reader_loader.js`), so a visit that only pastes text never downloads
//! the PDF engine. See `www/src/services/worker.rs` for the page's side.
//!
//! Its messages are [`suanpan_web::protocol::ToReader`] and
//! [`suanpan_web::protocol::FromReader`], defined once for the page and this worker. A read
//! job gets the `File` objects themselves (the bytes are read here, off the page's thread,
//! with `FileReaderSync`) and answers with progress, then the document read — or, for one
//! .zip of two documents or more (not an Office file), its documents as `File` objects with
//! their paths in the zip ([`suanpan::input::archive_entries`], with the zip reader's
//! limits), which the page checks as a set.
//!
//! The files of the last read job stay here (the page view and the annotated download need
//! their bytes; nothing is sent anywhere): a page of a PDF is drawn by
//! [`suanpan::pdf::render`], a sheet (or a Word/HTML table) as read by
//! [`suanpan::source::draw_sheet`] with the boxes of the cells asked for, and every PDF is
//! written with a highlight on each finding ([`suanpan::pdf::annotate`]).

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;

    use js_sys::{Array, Uint8Array};
    use suanpan::input::{self, InputError, Progress, MAX_BYTES};
    use suanpan::pdf::render::Renderer;
    use suanpan_web::protocol::{self, AnnotatedFile, FromReader, Id, Js, PageImage, ReadProgress, ToReader};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, File, FileReaderSync, MessageEvent};

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
    fn render(file: &str, page: usize) -> Result<PageImage, InputError> {
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
        Ok(PageImage {
            svg: p.svg,
            width: f64::from(p.width),
            height: f64::from(p.height),
            pages: p.pages as u32,
            truncated: p.truncated,
            rects: Vec::new(),
        })
    }

    /// Draws sheet `sheet` of `file` ("" for the only file) as read, with the boxes of `cells`.
    fn render_sheet(file: &str, sheet: &str, cells: &[String]) -> Result<PageImage, InputError> {
        let drawn = READ.with(|r| {
            let r = r.borrow();
            let (text, sources) = r.as_ref()?;
            let file = (!file.is_empty()).then_some(file);
            suanpan::source::draw_sheet(text, sources, file, sheet, cells)
        });
        let s = drawn.ok_or_else(gone)?;
        Ok(PageImage {
            svg: s.svg,
            width: f64::from(s.width),
            height: f64::from(s.height),
            pages: 0,
            truncated: false,
            // four numbers per cell asked for, NaN for one not drawn
            rects: s
                .rects
                .iter()
                .flat_map(|r| match r {
                    Some(r) => [r.x0, r.y0, r.x1, r.y1].map(f64::from),
                    None => [f64::NAN; 4],
                })
                .collect(),
        })
    }

    /// Every kept PDF with a highlight on each finding's cells.
    fn annotate(payload: &Js<suanpan_web::checked::Payload>) -> Result<Vec<AnnotatedFile>, InputError> {
        /// The checker's payload: only its report is read here.
        #[derive(serde::Deserialize)]
        struct ReportOnly {
            report: suanpan::report::Report,
        }
        let report = payload.read_as::<ReportOnly>()?.report;
        let kept = KEPT.with(|k| k.borrow().clone());
        let pdfs: Vec<&(String, Vec<u8>)> = kept
            .iter()
            .filter(|(_, b)| suanpan::pdf::looks_like_pdf(b))
            .collect();
        if pdfs.is_empty() {
            return Err(gone());
        }
        let several = kept.len() > 1;
        pdfs.into_iter()
            .map(|(name, bytes)| {
                let marks = suanpan::pdf::annotate::marks_of_file(&report, several.then_some(name.as_str()));
                let a = suanpan::pdf::annotate::annotate(bytes, &marks).map_err(|e| pdf_error(name, e))?;
                Ok(AnnotatedFile {
                    name: name.clone(),
                    bytes: Uint8Array::from(a.bytes.as_slice()),
                    annotations: a.annotations,
                })
            })
            .collect()
    }

    /// Posts an answer; one that cannot be written says so instead.
    fn reply(scope: &DedicatedWorkerGlobalScope, answer: &FromReader, id: Option<Id>) {
        let msg =
            protocol::encode(answer).or_else(|error| protocol::encode(&FromReader::Failed { id, error }));
        if let Ok(msg) = msg {
            let _ = scope.post_message(&msg);
        }
    }

    /// Reads the files as one document.
    fn read(scope: &DedicatedWorkerGlobalScope, id: Id, files: &[File]) -> Result<FromReader, InputError> {
        let owned = bytes_of(files)?;
        // a new document: the previous one's files are let go
        OPENED.with(|o| o.borrow_mut().clear());
        KEPT.with(|k| k.borrow_mut().clear());
        READ.with(|r| r.borrow_mut().take());
        let borrowed: Vec<(&str, &[u8])> = owned.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        let mut progress = |p: Progress<'_>| {
            let progress = ReadProgress {
                file: p.file,
                files: p.files,
                name: p.name.to_string(),
                page: p.page,
                pages: p.pages,
            };
            reply(scope, &FromReader::Progress { id, progress }, Some(id));
        };
        let mut combined = input::read_documents_with_progress(&borrowed, &mut progress)?;
        drop(borrowed);
        KEPT.with(|k| *k.borrow_mut() = owned);
        let map = std::mem::take(&mut combined.sources);
        let sources = if map.is_empty() {
            None
        } else {
            Some(Js::new(&map)?)
        };
        let answer = FromReader::Read {
            id,
            text: combined.text.clone(),
            parts: combined.parts,
            warnings: combined.warnings,
            sources,
        };
        READ.with(|r| *r.borrow_mut() = Some((combined.text, map)));
        Ok(answer)
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
    fn archive(id: Id, files: &[File]) -> Result<Option<FromReader>, InputError> {
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
        let (out, mut names) = (Array::new(), Vec::new());
        for (path, bytes) in entries {
            let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
            // (a File's name cannot hold a "/": the path goes beside it)
            let base = path.rsplit('/').next().unwrap_or(&path);
            let f = File::new_with_u8_array_sequence(&parts, base).map_err(|_| unreadable(&path, "File"))?;
            out.push(&f);
            names.push(path);
        }
        Ok(Some(FromReader::Archive {
            id,
            files: out,
            names,
        }))
    }

    /// What the reader answers to one request.
    fn answer(scope: &DedicatedWorkerGlobalScope, message: ToReader) -> Result<FromReader, InputError> {
        match message {
            ToReader::Page { id, file, page } => {
                render(&file, page as usize).map(|image| FromReader::Page { id, image })
            }
            ToReader::Sheet {
                id,
                file,
                sheet,
                cells,
            } => render_sheet(&file, &sheet, &cells).map(|image| FromReader::Page { id, image }),
            ToReader::Annotate { id, payload } => {
                annotate(&payload).map(|files| FromReader::Annotated { id, files })
            }
            ToReader::Read { id, files } => {
                let files: Vec<File> = files.iter().filter_map(|f| f.dyn_into::<File>().ok()).collect();
                // a .zip of documents: its files go back to be checked as a set
                if files.len() == 1 && starts_like_zip(&files[0]) {
                    if let Some(a) = archive(id, &files)? {
                        return Ok(a);
                    }
                }
                read(scope, id, &files)
            }
        }
    }

    /// The worker's main loop.
    pub fn serve() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            use suanpan_web::protocol::Request;
            let (answer, id) = match protocol::receive::<ToReader>(e.data()) {
                Ok(m) => {
                    let id = m.id();
                    let a = answer(&reply_to, m)
                        .unwrap_or_else(|error| FromReader::Failed { id: Some(id), error });
                    (a, Some(id))
                }
                Err(error) => (FromReader::Failed { id: None, error }, None),
            };
            reply(&reply_to, &answer, id);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker.
        on_message.forget();
        reply(&scope, &FromReader::Ready, None);
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    imp::serve();
}

/// Off the browser there is no worker.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
