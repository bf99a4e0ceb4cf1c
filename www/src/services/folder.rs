//! The files of a folder: picked (`<input webkitdirectory>`, each `File` knows its
//! `webkitRelativePath`) or dropped (the drop's entries, walked with the File and Directory
//! Entries API). Only what the user chose is read, and only in this page.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A `File` with what browsers add to one picked with a folder.
    #[wasm_bindgen(extends = web_sys::File)]
    type FolderFile;
    /// Its path in the folder ("" or absent for a file picked alone).
    #[wasm_bindgen(method, getter, js_name = webkitRelativePath)]
    fn webkit_relative_path(this: &FolderFile) -> Option<String>;
}

/// At most this many files are checked as one set in the page (each document's text stays
/// in memory until the set is grouped); the command line takes 5,000 from a .zip, and any
/// number from a folder.
pub const MAX_FILES: usize = 500;

/// A file's path in the folder it was picked with (its name when it has none).
pub fn path_of(file: &web_sys::File) -> String {
    let relative = file
        .unchecked_ref::<FolderFile>()
        .webkit_relative_path()
        .unwrap_or_default();
    if relative.is_empty() {
        file.name()
    } else {
        relative
    }
}

/// The entries of a drop that are folders (read at once: a drop's items are gone once its
/// handler returns); empty when no folder was dropped. The drop's other files are entries
/// too, and are returned with them.
pub fn dropped_entries(dt: &web_sys::DataTransfer) -> Vec<web_sys::FileSystemEntry> {
    let items = dt.items();
    let entries: Vec<web_sys::FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if entries.iter().any(|e| e.is_directory()) {
        entries
    } else {
        Vec::new()
    }
}

/// A callback-taking call of the Entries API as a future: `call(resolve, reject)`.
async fn promised(call: impl FnOnce(&js_sys::Function, &js_sys::Function)) -> Option<wasm_bindgen::JsValue> {
    let mut call = Some(call);
    let p = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(c) = call.take() {
            c(&resolve, &reject)
        }
    });
    wasm_bindgen_futures::JsFuture::from(p).await.ok()
}

/// Every document file under `entries` (folders walked depth-first, in the order the
/// browser lists them; the batch table sorts them by path), with its path; the walk stops
/// one file after [`MAX_FILES`] (the set says how many were left out).
pub async fn walk(entries: Vec<web_sys::FileSystemEntry>) -> Vec<(String, web_sys::File)> {
    let mut out = Vec::new();
    let mut stack: Vec<web_sys::FileSystemEntry> = entries.into_iter().rev().collect();
    while let Some(entry) = stack.pop() {
        let path = entry.full_path().trim_start_matches('/').to_string();
        if entry.is_directory() {
            if path.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
                continue;
            }
            let reader = entry
                .unchecked_into::<web_sys::FileSystemDirectoryEntry>()
                .create_reader();
            let mut children = Vec::new();
            // a directory is listed in batches until an empty one
            loop {
                let batch = promised(|ok, err| {
                    let _ = reader.read_entries_with_callback_and_callback(ok, err);
                })
                .await;
                let Some(batch) = batch else {
                    break;
                };
                let batch = js_sys::Array::from(&batch);
                if batch.length() == 0 {
                    break;
                }
                children.extend(
                    batch
                        .iter()
                        .map(|e| e.unchecked_into::<web_sys::FileSystemEntry>()),
                );
                if children.len() > MAX_FILES {
                    break;
                }
            }
            stack.extend(children.into_iter().rev());
        } else if entry.is_file() && crate::batch::is_document(&path) {
            if out.len() > MAX_FILES {
                break;
            }
            let file_entry = entry.unchecked_into::<web_sys::FileSystemFileEntry>();
            let file = promised(|ok, err| file_entry.file_with_callback_and_callback(ok, err)).await;
            if let Some(f) = file.and_then(|f| f.dyn_into::<web_sys::File>().ok()) {
                out.push((path, f));
            }
        }
    }
    out
}
