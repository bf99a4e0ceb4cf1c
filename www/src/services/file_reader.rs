//! Reads a file the user picked or dropped. The returned [`FileReader`] must be kept alive
//! until the callback runs: dropping it cancels the read.

use gloo::file::callbacks::{read_as_bytes, FileReader};
use suanpan::input::{InputError, MAX_BYTES};

use super::checker;

/// A file read and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The file name.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// Starts reading `file`; `done` receives the text or a bilingual error. Returns `None`
/// when `done` has already been called (the file was refused before reading).
pub fn read(
    file: web_sys::File,
    done: impl FnOnce(Result<Loaded, InputError>) + 'static,
) -> Option<FileReader> {
    let name = file.name();
    // Blob sizes are integral; the float only carries JavaScript's number.
    let size = file.size() as u64;
    if size > MAX_BYTES as u64 {
        done(Err(too_large(&name, size)));
        return None;
    }
    let file = gloo::file::File::from(file);
    Some(read_as_bytes(&file, move |result| match result {
        Ok(bytes) => done(checker::decode(&name, &bytes).map(|text| Loaded { name, text })),
        Err(e) => done(Err(InputError {
            message_zh: format!("{name}：无法读取文件（{e}）"),
            message_en: format!("{name}: the file could not be read ({e})"),
        })),
    }))
}

fn too_large(name: &str, size: u64) -> InputError {
    let mb = size.div_ceil(1_048_576);
    let limit = MAX_BYTES / 1_048_576;
    InputError {
        message_zh: format!("{name}：文件太大（约 {mb} MB），最大 {limit} MB"),
        message_en: format!("{name}: file too large (about {mb} MB); the limit is {limit} MB"),
    }
}
