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
//! - reader → page `{kind: "done", id, json}` (a [`suanpan::input::Combined`] as JSON) or
//!   `{kind: "error", id, json}` (a [`suanpan::input::InputError`] as JSON).

#[cfg(target_arch = "wasm32")]
mod imp {
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use suanpan::input::{self, InputError, Progress, MAX_BYTES};
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

    fn read(scope: &DedicatedWorkerGlobalScope, id: f64, files: &[File]) -> Result<String, InputError> {
        let owned = bytes_of(files)?;
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
        let combined = input::read_documents_with_progress(&borrowed, &mut progress)?;
        serde_json::to_string(&combined).map_err(|e| unreadable("", &e.to_string()))
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
            let files: Vec<File> = Array::from(&get(&data, "files"))
                .iter()
                .filter_map(|f| f.dyn_into::<File>().ok())
                .collect();
            let reply = match read(&reply_to, id, &files) {
                Ok(json) => {
                    let m = message("done", id);
                    set(&m, "json", &JsValue::from_str(&json));
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
