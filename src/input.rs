//! Bytes → text, with clear messages (Chinese first, English too) for what cannot be read.
//!
//! [`read_document`] is the entry point for a file of any supported kind: a PDF (with the
//! `pdf` feature) is read through its text layer, anything else is decoded as text.

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Chinese message naming the file and the problem.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

/// Largest input accepted (bytes).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

fn err(zh: String, en: String) -> InputError {
    InputError {
        message_zh: zh,
        message_en: en,
    }
}

/// What kind of file a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// A text file (UTF-8 or UTF-16).
    Text,
    /// A PDF, read through its text layer.
    Pdf,
}

/// Something the reader should know about a document that was read (Chinese and English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    /// Stable code (`pdf-no-text-pages`, `pdf-undecoded-glyphs`, …).
    pub code: String,
    /// Chinese message naming the file.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

/// A document read from bytes: the text the parser reads, and notes on how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadDocument {
    /// The text (for PDFs: laid out like `pdftotext -layout`, pages separated by form feeds).
    pub text: String,
    /// What the bytes were.
    pub format: SourceFormat,
    /// Pages, for PDFs.
    pub pages: Option<usize>,
    /// Warnings (pages without text, undecodable characters…).
    pub warnings: Vec<InputWarning>,
}

/// Reads a document of any supported kind and returns its text: a PDF (recognised by its
/// `%PDF` header) through its text layer, anything else as text ([`decode_text`]).
pub fn read_document(name: &str, bytes: &[u8]) -> Result<String, InputError> {
    read_document_with_notes(name, bytes).map(|d| d.text)
}

/// [`read_document`], also returning the format, page count and warnings.
pub fn read_document_with_notes(name: &str, bytes: &[u8]) -> Result<ReadDocument, InputError> {
    #[cfg(feature = "pdf")]
    if is_pdf(bytes) {
        return read_pdf(name, bytes);
    }
    decode_text(name, bytes).map(|text| ReadDocument {
        text,
        format: SourceFormat::Text,
        pages: None,
        warnings: Vec::new(),
    })
}

/// True when the bytes start with the `%PDF` magic (after optional whitespace).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .take(1024)
        .position(|b| !b.is_ascii_whitespace() && *b != 0)
        .unwrap_or(0);
    bytes[start..].starts_with(b"%PDF")
}

#[cfg(feature = "pdf")]
fn read_pdf(name: &str, bytes: &[u8]) -> Result<ReadDocument, InputError> {
    match crate::pdf::pdf_to_text(bytes) {
        Ok(t) => Ok(ReadDocument {
            text: t.text,
            format: SourceFormat::Pdf,
            pages: Some(t.pages),
            warnings: t
                .warnings
                .into_iter()
                .map(|w| InputWarning {
                    code: w.code.to_string(),
                    message_zh: format!("{name}：{}", w.message_zh),
                    message_en: format!("{name}: {}", w.message_en),
                })
                .collect(),
        }),
        Err(e) => Err(err(
            format!("{name}：{}", e.message_zh),
            format!("{name}: {}", e.message_en),
        )),
    }
}

/// Decodes a text file: UTF-8 (with or without BOM) or UTF-16 with BOM. Recognises
/// formats that are not text (PDF, zip-based Office files, other binaries) and says so.
pub fn decode_text(name: &str, bytes: &[u8]) -> Result<String, InputError> {
    if bytes.len() > MAX_BYTES {
        return Err(err(
            format!(
                "{name}：文件太大（{} MB），最大 {} MB",
                bytes.len() / 1_048_576,
                MAX_BYTES / 1_048_576
            ),
            format!(
                "{name}: file too large ({} MB); the limit is {} MB",
                bytes.len() / 1_048_576,
                MAX_BYTES / 1_048_576
            ),
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(err(
            format!("{name}：这是 PDF 文件，当前版本只能读取文本；请在 PDF 阅读器中全选复制文字后粘贴"),
            format!("{name}: this is a PDF; this version reads text only — select all text in a PDF viewer and paste it"),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(err(
            format!("{name}：这是 Excel/Word（zip）文件，当前版本只能读取文本；请复制表格内容后粘贴"),
            format!("{name}: this is an Excel/Word (zip) file; this version reads text only — copy the table and paste it"),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(name, rest);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .filter(|c| c.len() == 2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return String::from_utf16(&units).map_err(|_| {
            err(
                format!("{name}：UTF-16 编码损坏，无法读取"),
                format!("{name}: broken UTF-16 text"),
            )
        });
    }
    utf8(name, bytes)
}

fn utf8(name: &str, bytes: &[u8]) -> Result<String, InputError> {
    let nul = bytes.iter().take(8192).filter(|b| **b == 0).count();
    if nul > 0 {
        return Err(err(
            format!("{name}：这不是文本文件（含二进制内容），无法读取"),
            format!("{name}: not a text file (binary content)"),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(err(
            format!(
                "{name}：不是 UTF-8 文本（第 {} 字节起无法解码），可能是 GBK 编码；请另存为 UTF-8 后再试",
                e.valid_up_to() + 1
            ),
            format!(
                "{name}: not UTF-8 text (undecodable from byte {}); it may be GBK — save it as UTF-8 and retry",
                e.valid_up_to() + 1
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_refuses() {
        assert_eq!(decode_text("a", "收入".as_bytes()).unwrap(), "收入");
        assert_eq!(decode_text("a", b"\xEF\xBB\xBFok").unwrap(), "ok");
        assert_eq!(decode_text("a", &[0xFF, 0xFE, 0x36, 0x65]).unwrap(), "收");
        assert!(decode_text("a.pdf", b"%PDF-1.7")
            .unwrap_err()
            .message_zh
            .contains("PDF"));
        assert!(decode_text("a", &[0xB5, 0xA5])
            .unwrap_err()
            .message_en
            .contains("UTF-8"));
        assert!(decode_text("a", b"ab\0cd").is_err());
    }

    #[test]
    fn documents_dispatch_on_the_pdf_header() {
        let d = read_document_with_notes("a.txt", "收入".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.format), ("收入", SourceFormat::Text));
        let e = read_document("a.pdf", b"%PDF-1.7 broken").unwrap_err();
        assert!(e.message_zh.starts_with("a.pdf：") && e.message_zh.contains("PDF"));
        assert!(e.message_en.starts_with("a.pdf: "));
    }
}
