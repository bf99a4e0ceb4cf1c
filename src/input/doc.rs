//! Word 97–2003 .doc (and WPS 文字's .wps) — placeholder, filled in below.
use super::cfb::Cfb;
use super::{Extracted, Problem};

/// Reads the document of an opened compound file.
pub fn read_cfb(_cfb: &Cfb<'_>) -> Result<Extracted, Problem> {
    Err(Problem::new(
        "这是旧版 Word 文件（.doc），无法读取；请在 Word/WPS 中另存为 .docx",
        "this is an old Word file (.doc), which cannot be read; save it as .docx in Word/WPS",
    ))
}
