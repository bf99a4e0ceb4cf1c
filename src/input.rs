//! Bytes → text, with clear messages (Chinese first, English too) for what cannot be read.
//!
//! [`read_document`] is the entry point for a file of any supported kind. What a file is
//! comes from its first bytes, not its name: a PDF (feature `pdf`) is read through its text
//! layer; an .xlsx or .docx (a zip with a workbook or a Word document, features `xlsx`,
//! `docx`) and an .xls (an OLE compound file with a workbook, feature `xls`) become
//! tab-separated rows and lines of text; anything else is decoded as text (UTF-8, UTF-16,
//! and GB18030/GBK with feature `gbk`) and then read as HTML, CSV or plain text.
//! [`read_documents`] reads several files as one document (a narrative and its tables
//! published separately). See `docs/formats.md`.
//!
//! Every reader is a pure function of the bytes with size limits, and never panics on bad
//! input: it returns an [`InputError`] naming the file and the problem.

pub mod csv;
pub mod grid;
pub mod html;
pub mod numfmt;
pub mod text;

#[cfg(any(feature = "xls", feature = "doc"))]
pub mod cfb;
#[cfg(feature = "doc")]
pub mod doc;
#[cfg(feature = "docx")]
pub mod docx;
#[cfg(any(
    feature = "xlsx",
    feature = "docx",
    feature = "ods",
    feature = "xlsb",
    feature = "pdf",
    feature = "xls",
    feature = "doc"
))]
mod le;
#[cfg(feature = "ods")]
pub mod ods;
#[cfg(any(feature = "docx", feature = "doc"))]
mod word;
#[cfg(feature = "xls")]
pub mod xls;
#[cfg(feature = "xlsb")]
pub mod xlsb;
#[cfg(feature = "xlsx")]
pub mod xlsx;
#[cfg(any(feature = "xlsx", feature = "docx", feature = "ods", feature = "xlsb"))]
pub mod xml;
#[cfg(any(
    feature = "xlsx",
    feature = "docx",
    feature = "ods",
    feature = "xlsb",
    feature = "pdf"
))]
pub mod zip;

pub use text::decode_text;

use crate::source::SourceMap;

/// Why an input could not be read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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

/// The error for a file larger than [`MAX_BYTES`] (for callers that know the size before
/// reading the bytes, such as the CLI). A size within a megabyte of the limit (a stream read
/// up to the limit and one byte more) is shown as "over 64 MB".
pub fn too_large(name: &str, size: u64) -> InputError {
    let mb = size / 1_048_576;
    let limit = MAX_BYTES / 1_048_576;
    let (zh, en) = if mb > limit as u64 {
        (format!("{mb} MB"), format!("{mb} MB"))
    } else {
        (format!("超过 {limit} MB"), format!("over {limit} MB"))
    };
    err(
        format!("{name}：文件太大（{zh}），最大 {limit} MB"),
        format!("{name}: file too large ({en}); the limit is {limit} MB"),
    )
}

/// A problem found by one of the readers, before the file name is put in front.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

impl Problem {
    /// A problem with its two messages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Problem {
        Problem {
            message_zh: zh.into(),
            message_en: en.into(),
        }
    }

    /// The problem as an [`InputError`] naming the file.
    pub fn named(&self, name: &str) -> InputError {
        err(
            format!("{name}：{}", self.message_zh),
            format!("{name}: {}", self.message_en),
        )
    }
}

/// Something a reader noticed while reading (before the file name is put in front).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Stable code (`merged-numbers`, `hidden-sheets`, …).
    pub code: &'static str,
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

impl Note {
    /// A note with its code and two messages.
    pub fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Note {
        Note {
            code,
            message_zh: zh.into(),
            message_en: en.into(),
        }
    }

    fn named(&self, name: &str) -> InputWarning {
        InputWarning {
            code: self.code.to_string(),
            message_zh: format!("{name}：{}", self.message_zh),
            message_en: format!("{name}: {}", self.message_en),
        }
    }
}

/// What a reader extracted: the text for the parser and its notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The text (tab-separated rows for tables, one line per paragraph).
    pub text: String,
    /// Notes for the reader.
    pub notes: Vec<Note>,
    /// Where the lines of `text` came from (sheet, row and column of each field).
    pub sources: SourceMap,
}

/// What kind of file a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub enum SourceFormat {
    /// A text file (UTF-8, UTF-16 or GBK; tab-separated or laid out with spaces).
    Text,
    /// A PDF, read through its text layer.
    Pdf,
    /// An Excel workbook (.xlsx).
    Xlsx,
    /// An Excel 97–2003 workbook (.xls).
    Xls,
    /// A Word document (.docx).
    Docx,
    /// An OpenDocument spreadsheet (.ods).
    Ods,
    /// An Excel binary workbook (.xlsb).
    Xlsb,
    /// A Word 97–2003 document (.doc, and WPS 文字's .wps).
    Doc,
    /// A web page or an HTML fragment.
    Html,
    /// Comma-separated values.
    Csv,
}

impl SourceFormat {
    /// A short name (`text`, `pdf`, `xlsx`…).
    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Pdf => "pdf",
            SourceFormat::Xlsx => "xlsx",
            SourceFormat::Xls => "xls",
            SourceFormat::Docx => "docx",
            SourceFormat::Ods => "ods",
            SourceFormat::Xlsb => "xlsb",
            SourceFormat::Doc => "doc",
            SourceFormat::Html => "html",
            SourceFormat::Csv => "csv",
        }
    }
}

/// Something the reader should know about a document that was read (Chinese and English).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InputWarning {
    /// Stable code (`pdf-no-text-pages`, `pdf-undecoded-glyphs`, `merged-numbers`…).
    pub code: String,
    /// Chinese message naming the file.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

impl InputWarning {
    /// True when a reader's limit left part of the file unread (cells beyond a sheet's
    /// limits, pages or characters of a PDF beyond its limits).
    pub fn is_limit(&self) -> bool {
        matches!(self.code.as_str(), "cells-dropped" | "pdf-limits")
    }
}

/// A document read from bytes: the text the parser reads, and notes on how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadDocument {
    /// The text (for PDFs: laid out like `pdftotext -layout`, pages separated by form feeds;
    /// for spreadsheets and tables: tab-separated rows).
    pub text: String,
    /// What the bytes were.
    pub format: SourceFormat,
    /// Pages, for PDFs.
    pub pages: Option<usize>,
    /// Warnings (pages without text, merged cells, hidden sheets…).
    pub warnings: Vec<InputWarning>,
    /// Where each line of `text` came from (PDF page and cell boxes; sheet, row and column).
    pub sources: SourceMap,
}

/// Reads a document of any supported kind and returns its text (see the module docs).
pub fn read_document(name: &str, bytes: &[u8]) -> Result<String, InputError> {
    read_document_with_notes(name, bytes).map(|d| d.text)
}

/// [`read_document`], also returning the format, page count and warnings.
pub fn read_document_with_notes(name: &str, bytes: &[u8]) -> Result<ReadDocument, InputError> {
    read_one(name, bytes, &mut |_, _| {})
}

/// Reads one file; `pages(read, total)` is called after each page of a PDF.
fn read_one(
    name: &str,
    bytes: &[u8],
    pages: &mut dyn FnMut(usize, usize),
) -> Result<ReadDocument, InputError> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    if text::is_blank(bytes) {
        return Err(empty(name));
    }
    #[cfg(feature = "pdf")]
    if is_pdf(bytes) {
        return read_pdf(name, bytes, pages);
    }
    #[cfg(not(feature = "pdf"))]
    let _ = pages;
    if is_zip(bytes) {
        return read_zip(name, bytes);
    }
    if bytes.starts_with(&CFB_MAGIC) {
        return read_cfb(name, bytes);
    }
    // a file named .pdf/.xlsx/… whose bytes are neither that nor text is a damaged one
    let decoded = decode_text(name, bytes).map_err(|e| damaged_by_name(name).unwrap_or(e))?;
    // JSON (a saved report) is text for whoever reads it next, never CSV
    let json = decoded
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '[']);
    let mut sources = SourceMap::new();
    let (text, format, notes) = if json {
        (decoded, SourceFormat::Text, Vec::new())
    } else if html::looks_like_html(name, &decoded) {
        let e = html::html_to_text(&decoded);
        sources = e.sources;
        (e.text, SourceFormat::Html, e.notes)
    } else if csv::looks_like_csv(name, &decoded) {
        (csv::csv_to_tsv(&decoded), SourceFormat::Csv, Vec::new())
    } else {
        (decoded, SourceFormat::Text, Vec::new())
    };
    if text.trim().is_empty() {
        return Err(no_content(name));
    }
    Ok(ReadDocument {
        text,
        format,
        pages: None,
        warnings: notes.iter().map(|n| n.named(name)).collect(),
        sources,
    })
}

/// The message for bytes that are no known format and no text, when the file's name says
/// what it should have been (a PDF or Office file that lost its start: a broken download).
fn damaged_by_name(name: &str) -> Option<InputError> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    let (zh, en) = match ext.as_str() {
        "pdf" => ("PDF", "a PDF"),
        "xlsx" | "xlsm" | "xls" | "xlsb" => ("Excel", "an Excel file"),
        "ods" => ("表格", "a spreadsheet"),
        "docx" | "doc" => ("Word", "a Word file"),
        "wps" | "et" => {
            return Some(err(
                format!("{name}：文件名是 .{ext}，但内容不是 WPS 文字/表格（Word 97 或 Excel 97 格式）文件，也不是文本：可能是 WPS 2000 或更早版本的格式（无法读取，请在 WPS 中另存为 .docx 或 .xlsx），或文件已损坏、不完整"),
                format!("{name}: the name says .{ext} but the content is neither a WPS Writer/Spreadsheets file in the Word 97 or Excel 97 format nor text: perhaps the WPS 2000 or older format (which cannot be read; save it as .docx or .xlsx in WPS), or the file is damaged or incomplete"),
            ));
        }
        _ => return None,
    };
    Some(err(
        format!("{name}：文件名是 .{ext}，但内容不是 {zh} 文件，也不是文本：文件已损坏或不完整（开头的标记不对），可能下载中断；请重新获取文件"),
        format!("{name}: the name says .{ext} but the content is neither {en} nor text: the file is damaged or incomplete (it does not start as one), perhaps an interrupted download; get it again"),
    ))
}

fn empty(name: &str) -> InputError {
    err(
        format!("{name}：文件是空的"),
        format!("{name}: the file is empty"),
    )
}

fn no_content(name: &str) -> InputError {
    err(
        format!("{name}：文件中没有可读取的文字或表格"),
        format!("{name}: the file has no text or table to read"),
    )
}

/// Several files read as one document, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Combined {
    /// The texts of all files, each followed by a blank line; every file after the first
    /// starts on a new page (a form feed), as the pages of one PDF would. One file's text
    /// is kept as read.
    pub text: String,
    /// Where each file's text starts, in order.
    pub parts: Vec<Part>,
    /// The warnings of every file (each names its file).
    pub warnings: Vec<InputWarning>,
    /// Where each line of `text` came from (files named when there are several).
    #[serde(default)]
    pub sources: SourceMap,
}

impl Combined {
    /// The document's name: its files' names joined by " + " (the report's `source` for
    /// files read together, as `suanpan check --combine` names them).
    pub fn name(&self) -> String {
        let names: Vec<&str> = self.parts.iter().map(|p| p.name.as_str()).collect();
        names.join(" + ")
    }
}

/// One file of a [`Combined`] document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// The file's name.
    pub name: String,
    /// What it was.
    pub format: SourceFormat,
    /// Its first line in the combined text (1-based).
    pub first_line: u32,
    /// Its pages, for PDFs.
    pub pages: Option<usize>,
}

/// Reads several files as one document (the Jiangsu releases publish the narrative and the
/// tables as two PDFs). The texts are joined in the order given, each file starting on a
/// new page. The first file that cannot be read is the error; nothing is read from the
/// others then. The total size is limited like one file ([`MAX_BYTES`]).
pub fn read_documents(files: &[(&str, &[u8])]) -> Result<Combined, InputError> {
    read_documents_with_progress(files, &mut |_| {})
}

/// How far [`read_documents_with_progress`] has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress<'a> {
    /// The file being read (0-based) and how many there are.
    pub file: usize,
    /// Files in all.
    pub files: usize,
    /// Its name.
    pub name: &'a str,
    /// Pages read so far and pages in all, for a PDF (0 and 0 otherwise).
    pub page: usize,
    /// Pages in the PDF.
    pub pages: usize,
}

/// [`read_documents`], calling `progress` when each file starts and after each PDF page.
pub fn read_documents_with_progress(
    files: &[(&str, &[u8])],
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Combined, InputError> {
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    if total > MAX_BYTES {
        let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
        return Err(too_large(&names.join(" + "), total as u64));
    }
    let mut docs = Vec::with_capacity(files.len());
    for (i, (name, bytes)) in files.iter().enumerate() {
        let at = |page, pages| Progress {
            file: i,
            files: files.len(),
            name,
            page,
            pages,
        };
        progress(at(0, 0));
        docs.push((
            *name,
            read_one(name, bytes, &mut |page, pages| progress(at(page, pages)))?,
        ));
    }
    Ok(combine(docs))
}

/// Joins documents already read into one, as [`read_documents`] does: in the order given,
/// each file after the first on a new page; one document's text is kept as read.
pub fn combine(docs: Vec<(&str, ReadDocument)>) -> Combined {
    let mut out = Combined {
        text: String::new(),
        parts: Vec::new(),
        warnings: Vec::new(),
        sources: SourceMap::new(),
    };
    let several = docs.len() > 1;
    for (i, (name, doc)) in docs.into_iter().enumerate() {
        if i > 0 {
            out.text.push('\u{c}');
        }
        let first_line = out.text.matches('\n').count() as u32 + 1;
        if several {
            out.text
                .push_str(doc.text.trim_end_matches(['\n', '\r', '\u{c}']));
            out.text.push_str("\n\n");
        } else {
            // one file: its text as read
            out.text = doc.text;
        }
        out.sources.append(first_line, name, doc.sources);
        out.parts.push(Part {
            name: name.to_string(),
            format: doc.format,
            first_line,
            pages: doc.pages,
        });
        out.warnings.extend(doc.warnings);
    }
    out
}

/// A file's name and its bytes.
pub type NamedBytes = (String, Vec<u8>);

/// Most documents read from one .zip of documents.
pub const MAX_ARCHIVE_DOCUMENTS: usize = 5_000;

/// The documents in a .zip of documents (a folder sent as one file): each entry's path and
/// bytes, in archive order, folders, hidden files and `__MACOSX` left out. `Ok(None)` when the
/// bytes are no zip, or a zip that is one document (an Excel, Word or other Office file: read
/// it with [`read_document`]). The zip reader's limits hold (entries, inflated bytes); more than
/// [`MAX_ARCHIVE_DOCUMENTS`] documents, or more than [`MAX_BYTES`] in one, is refused.
#[cfg(any(feature = "xlsx", feature = "docx", feature = "ods", feature = "xlsb"))]
pub fn archive_entries(name: &str, bytes: &[u8]) -> Result<Option<Vec<NamedBytes>>, InputError> {
    if !is_zip(bytes) {
        return Ok(None);
    }
    let zip = zip::Zip::new(bytes).map_err(|p| p.named(name))?;
    if zip_kind(&zip) != ZipKind::Other {
        return Ok(None);
    }
    let mut out = Vec::new();
    for e in &zip.entries {
        let hidden = e
            .name
            .split('/')
            .any(|part| part.starts_with('.') || part == "__MACOSX");
        if e.name.ends_with('/') || hidden {
            continue;
        }
        if out.len() == MAX_ARCHIVE_DOCUMENTS {
            return Err(err(
                format!("{name}：压缩包中的文件超过 {MAX_ARCHIVE_DOCUMENTS} 个，请分批核对"),
                format!("{name}: the archive holds more than {MAX_ARCHIVE_DOCUMENTS} files; check them in batches"),
            ));
        }
        let inner = format!("{name}!{}", e.name);
        let data = zip.read_entry(e).map_err(|p| p.named(&inner))?;
        if data.len() > MAX_BYTES {
            return Err(too_large(&inner, data.len() as u64));
        }
        out.push((inner, data));
    }
    Ok(Some(out))
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

/// True for a zip archive (the container of .xlsx, .docx, .ods …).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The signature of an OLE compound file (.xls, .doc, encrypted Office files).
pub const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

#[cfg(feature = "pdf")]
fn read_pdf(
    name: &str,
    bytes: &[u8],
    pages: &mut dyn FnMut(usize, usize),
) -> Result<ReadDocument, InputError> {
    match crate::pdf::pdf_to_text_with_progress(bytes, pages) {
        Ok(t) => Ok(ReadDocument {
            text: t.text,
            sources: t.sources,
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

#[cfg(not(any(feature = "xlsx", feature = "docx", feature = "ods", feature = "xlsb")))]
fn unsupported_office(name: &str) -> InputError {
    err(
        format!("{name}：这是 Excel/Word（zip）文件，此版本未包含读取它的功能；请复制表格内容后粘贴"),
        format!("{name}: this is an Excel/Word (zip) file, which this build cannot read — copy the table and paste it"),
    )
}

/// A zip: .xlsx, .docx, or something else that is named for what it is.
fn read_zip(name: &str, bytes: &[u8]) -> Result<ReadDocument, InputError> {
    #[cfg(any(feature = "xlsx", feature = "docx", feature = "ods", feature = "xlsb"))]
    {
        let zip = zip::Zip::new(bytes).map_err(|p| {
            Problem::new(
                format!("Excel/Word（zip）文件已损坏：{}", p.message_zh),
                format!("broken Excel/Word (zip) file: {}", p.message_en),
            )
            .named(name)
        })?;
        let kind = zip_kind(&zip);
        match kind {
            #[cfg(feature = "xlsx")]
            ZipKind::Xlsx => {
                let e = xlsx::read_zip(&zip).map_err(|p| p.named(name))?;
                if e.text.trim().is_empty() {
                    return Err(no_excel_data(name));
                }
                Ok(read(name, e, SourceFormat::Xlsx))
            }
            #[cfg(feature = "xlsb")]
            ZipKind::Xlsb => {
                let e = xlsb::read_zip(&zip).map_err(|p| p.named(name))?;
                if e.text.trim().is_empty() {
                    return Err(no_excel_data(name));
                }
                Ok(read(name, e, SourceFormat::Xlsb))
            }
            #[cfg(feature = "ods")]
            ZipKind::Ods => {
                let e = ods::read_zip(&zip).map_err(|p| p.named(name))?;
                Ok(read(name, e, SourceFormat::Ods))
            }
            #[cfg(feature = "docx")]
            ZipKind::Docx => {
                let e = docx::read_zip(&zip).map_err(|p| p.named(name))?;
                if e.text.trim().is_empty() {
                    return Err(no_word_text(name));
                }
                Ok(read(name, e, SourceFormat::Docx))
            }
            other => Err(other.problem().named(name)),
        }
    }
    #[cfg(not(any(feature = "xlsx", feature = "docx", feature = "ods", feature = "xlsb")))]
    {
        let _ = bytes;
        Err(unsupported_office(name))
    }
}

/// What a zip archive holds.
#[cfg(any(feature = "xlsx", feature = "docx", feature = "ods", feature = "xlsb"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ZipKind {
    Xlsx,
    Docx,
    Xlsb,
    Pptx,
    Ods,
    Odt,
    Ofd,
    Encrypted,
    Other,
}

#[cfg(any(feature = "xlsx", feature = "docx", feature = "ods", feature = "xlsb"))]
fn zip_kind(zip: &zip::Zip<'_>) -> ZipKind {
    let names: Vec<String> = zip.entries.iter().map(|e| e.name.to_ascii_lowercase()).collect();
    let has = |n: &str| names.iter().any(|x| x == n);
    let prefix = |p: &str| names.iter().any(|x| x.starts_with(p));
    let mimetype = zip.read("mimetype").ok().flatten().unwrap_or_default();
    if has("xl/workbook.bin") {
        ZipKind::Xlsb
    } else if has("xl/workbook.xml") || prefix("xl/worksheets/") {
        ZipKind::Xlsx
    } else if has("word/document.xml") {
        ZipKind::Docx
    } else if prefix("ppt/") {
        ZipKind::Pptx
    } else if mimetype.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
        ZipKind::Ods
    } else if mimetype.starts_with(b"application/vnd.oasis.opendocument.text") {
        ZipKind::Odt
    } else if has("ofd.xml") {
        ZipKind::Ofd
    } else if zip.encrypted() {
        ZipKind::Encrypted
    } else {
        // a workbook or document whose relationships point elsewhere
        let rels = zip.read("_rels/.rels").ok().flatten().unwrap_or_default();
        let rels = String::from_utf8_lossy(&rels);
        if rels.contains("xl/") || rels.contains("workbook") {
            ZipKind::Xlsx
        } else if rels.contains("word/") {
            ZipKind::Docx
        } else {
            ZipKind::Other
        }
    }
}

#[cfg(any(feature = "xlsx", feature = "docx", feature = "ods", feature = "xlsb"))]
impl ZipKind {
    fn problem(self) -> Problem {
        match self {
            ZipKind::Xlsx => Problem::new(
                "这是 Excel（.xlsx）文件，此版本未包含读取它的功能；请复制表格内容后粘贴",
                "this is an Excel (.xlsx) file, which this build cannot read — copy the table and paste it",
            ),
            ZipKind::Docx => Problem::new(
                "这是 Word（.docx）文件，此版本未包含读取它的功能；请复制文字后粘贴",
                "this is a Word (.docx) file, which this build cannot read — copy the text and paste it",
            ),
            ZipKind::Xlsb => Problem::new(
                "这是 Excel 二进制工作簿（.xlsb），无法读取；请在 Excel/WPS 中另存为 .xlsx",
                "this is an Excel binary workbook (.xlsb), which cannot be read; save it as .xlsx in Excel/WPS",
            ),
            ZipKind::Pptx => Problem::new(
                "这是 PowerPoint 演示文稿，无法读取；请提供 PDF、Excel 或 Word 版本",
                "this is a PowerPoint presentation, which cannot be read; use the PDF, Excel or Word version",
            ),
            ZipKind::Ods => Problem::new(
                "这是 OpenDocument 表格（.ods），无法读取；请另存为 .xlsx",
                "this is an OpenDocument spreadsheet (.ods), which cannot be read; save it as .xlsx",
            ),
            ZipKind::Odt => Problem::new(
                "这是 OpenDocument 文本（.odt），无法读取；请另存为 .docx",
                "this is an OpenDocument text (.odt), which cannot be read; save it as .docx",
            ),
            ZipKind::Ofd => Problem::new(
                "这是 OFD 版式文件，无法读取；请提供 PDF 版本",
                "this is an OFD document, which cannot be read; use the PDF version",
            ),
            ZipKind::Encrypted => Problem::new(
                "这是加密的 zip 压缩包，无法读取",
                "this is an encrypted zip archive, which cannot be read",
            ),
            ZipKind::Other => Problem::new(
                "这是 zip 压缩包，但不是 Excel（.xlsx）或 Word（.docx）文件；请解压后分别打开其中的文件",
                "this is a zip archive but not an Excel (.xlsx) or Word (.docx) file; unpack it and open the files inside",
            ),
        }
    }
}

/// A reader's text and notes as a read document of this format.
#[cfg(any(
    feature = "xlsx",
    feature = "docx",
    feature = "ods",
    feature = "xlsb",
    feature = "xls",
    feature = "doc"
))]
fn read(name: &str, e: Extracted, format: SourceFormat) -> ReadDocument {
    ReadDocument {
        text: e.text,
        sources: e.sources,
        format,
        pages: None,
        warnings: e.notes.iter().map(|n| n.named(name)).collect(),
    }
}

#[cfg(any(feature = "xlsx", feature = "xlsb", feature = "xls"))]
fn no_excel_data(name: &str) -> InputError {
    Problem::new(
        "Excel 文件中没有任何数据（所有工作表都是空的）",
        "the Excel file has no data (every worksheet is empty)",
    )
    .named(name)
}

#[cfg(any(feature = "docx", feature = "doc"))]
fn no_word_text(name: &str) -> InputError {
    Problem::new("Word 文件中没有文字或表格", "the Word file has no text or table").named(name)
}

/// The problem of a file encrypted with a password to open.
#[cfg(any(feature = "xls", feature = "ods"))]
pub(crate) fn encrypted() -> Problem {
    Problem::new(
        "文件已加密，需要密码才能打开；请在 Excel/WPS 中输入密码后另存为不加密的文件",
        "the file is encrypted and needs a password; open it in Excel/WPS with the password and save an unencrypted copy",
    )
}

/// An OLE compound file: a Word 97–2003 document (.doc, WPS 文字's .wps), an .xls workbook
/// (and WPS 表格's .et), or another old Office file named for what it is.
fn read_cfb(name: &str, bytes: &[u8]) -> Result<ReadDocument, InputError> {
    #[cfg(any(feature = "xls", feature = "doc"))]
    {
        let file = cfb::Cfb::new(bytes).map_err(|p| p.named(name))?;
        #[cfg(feature = "doc")]
        if file.has("WordDocument") {
            let e = doc::read_cfb(&file).map_err(|p| p.named(name))?;
            if e.text.trim().is_empty() {
                return Err(no_word_text(name));
            }
            return Ok(read(name, e, SourceFormat::Doc));
        }
        #[cfg(feature = "xls")]
        {
            let e = xls::read_cfb(&file).map_err(|p| p.named(name))?;
            if e.text.trim().is_empty() {
                return Err(no_excel_data(name));
            }
            Ok(read(name, e, SourceFormat::Xls))
        }
        #[cfg(not(feature = "xls"))]
        Err(Problem::new(
            "这是 Office 复合文档，但其中没有 Word 文档",
            "this is an Office compound file, but it holds no Word document",
        )
        .named(name))
    }
    #[cfg(not(any(feature = "xls", feature = "doc")))]
    {
        let _ = bytes;
        Err(err(
            format!("{name}：这是旧版 Office 文件（.xls/.doc），此版本未包含读取它的功能；请复制表格内容后粘贴"),
            format!("{name}: this is an old Office file (.xls/.doc), which this build cannot read — copy the table and paste it"),
        ))
    }
}

#[cfg(any(feature = "xlsx", feature = "xls", feature = "ods", feature = "xlsb"))]
/// One sheet (or table) of a spreadsheet, appended to `out` as lines, with its notes. The
/// sheet's name is written as the table's title when the sheet prints none above its first
/// row of numbers and the name reads as one (`一般公共预算支出表`).
pub(crate) fn sheet_text(sheet: &str, grid: &grid::Grid, hidden: (usize, usize), out: &mut Extracted) {
    if grid.is_empty() {
        return;
    }
    let mut text = String::new();
    let mut rows = Vec::new();
    let merged = grid.render_mapped(&mut text, &mut rows);
    if !out.text.is_empty() {
        out.text.push('\n');
    }
    if !has_title(&text) && crate::parse::segment::table_title(sheet).is_some() {
        out.text.push_str(sheet.trim());
        out.text.push('\n');
    }
    let first_line = out.text.matches('\n').count() + 1;
    out.sources.set_grid_rows(first_line, sheet.trim(), &rows);
    out.text.push_str(&text);
    if merged > 0 {
        out.notes.push(Note::new(
            "merged-numbers",
            format!("“{sheet}”有 {merged} 个数字位于合并单元格中，无法确定所属的行或列，涉及的核对不作判断"),
            format!("\"{sheet}\": {merged} number(s) sit in merged cells, so their row or column is unclear; the checks that need them are not evaluated"),
        ));
    }
    if hidden.0 + hidden.1 > 0 {
        out.notes.push(Note::new(
            "hidden-cells",
            format!(
                "“{sheet}”中隐藏的 {} 行、{} 列未读取（与打印出的表格一致）",
                hidden.0, hidden.1
            ),
            format!(
                "\"{sheet}\": {} hidden row(s) and {} hidden column(s) were not read (as the printed table)",
                hidden.0, hidden.1
            ),
        ));
    }
    if grid.dropped > 0 {
        out.notes.push(Note::new(
            "cells-dropped",
            format!(
                "“{sheet}”超出 {} 列、{} 行或 {} 个单元格上限的 {} 个单元格未读取",
                grid::MAX_COLS,
                grid::MAX_ROWS,
                grid::MAX_CELLS,
                grid.dropped
            ),
            format!(
                "\"{sheet}\": {} cell(s) beyond {} columns, {} rows or {} cells were not read",
                grid.dropped,
                grid::MAX_COLS,
                grid::MAX_ROWS,
                grid::MAX_CELLS
            ),
        ));
    }
}

/// The note on hidden sheets not read, when there are any.
#[cfg(any(feature = "xlsx", feature = "xls", feature = "ods", feature = "xlsb"))]
pub(crate) fn hidden_sheets(names: &[String], out: &mut Extracted) {
    if !names.is_empty() {
        out.notes.push(Note::new(
            "hidden-sheets",
            format!("隐藏的工作表未读取：{}", names.join("、")),
            format!("hidden sheets were not read: {}", names.join(", ")),
        ));
    }
}

/// True when a table title comes before the first line with an amount.
#[cfg(any(feature = "xlsx", feature = "xls", feature = "ods", feature = "xlsb"))]
fn has_title(text: &str) -> bool {
    for line in crate::parse::lexer::lines(text) {
        if line.spans.iter().any(|s| s.is_amount()) {
            return false;
        }
        if line.spans.len() == 1 && crate::parse::segment::table_title(&line.joined()).is_some() {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_dispatch_on_the_pdf_header() {
        let d = read_document_with_notes("a.txt", "收入".as_bytes()).unwrap();
        assert_eq!((d.text.as_str(), d.format), ("收入", SourceFormat::Text));
        let e = read_document("a.pdf", b"%PDF-1.7 broken").unwrap_err();
        assert!(e.message_zh.starts_with("a.pdf：") && e.message_zh.contains("PDF"));
        assert!(e.message_en.starts_with("a.pdf: "));
    }

    #[test]
    fn json_stays_text() {
        let json = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3,\n  \"d\": [1, 2, 3]\n}\n";
        for name in ["r.json", "r.csv", "r.txt"] {
            let d = read_document_with_notes(name, json.as_bytes()).unwrap();
            assert_eq!((d.text.as_str(), d.format), (json, SourceFormat::Text), "{name}");
        }
    }

    #[test]
    fn empty_and_blank_files() {
        for bytes in [&b""[..], b"  \n\t ", b"\xEF\xBB\xBF", b"\xFF\xFE"] {
            let e = read_document("a.txt", bytes).unwrap_err();
            assert_eq!(e.message_zh, "a.txt：文件是空的", "{bytes:?}");
            assert_eq!(e.message_en, "a.txt: the file is empty");
        }
        let e = read_document("a.html", b"<html><script>x()</script></html>").unwrap_err();
        assert!(e.message_zh.contains("没有可读取"), "{e:?}");
    }

    #[test]
    fn several_files_make_one_document() {
        let c = read_documents(&[("a.txt", "一\n二\n".as_bytes()), ("b.csv", b"x,y\n1,2\n")]).unwrap();
        assert_eq!(c.text, "一\n二\n\n\u{c}x\ty\n1\t2\n\n");
        assert_eq!(c.parts[1].first_line, 4);
        let one = read_documents(&[("a.txt", "一\n\n\n".as_bytes())]).unwrap();
        assert_eq!(one.text, "一\n\n\n", "one file is kept as read");
        assert_eq!(c.parts[1].format, SourceFormat::Csv);
        let mut seen = Vec::new();
        let files: [(&str, &[u8]); 2] = [("a.txt", b"ok"), ("b.txt", b"")];
        let e = read_documents_with_progress(&files, &mut |p| seen.push((p.file, p.name.to_string())))
            .unwrap_err();
        assert_eq!(seen, [(0, "a.txt".to_string()), (1, "b.txt".to_string())]);
        assert!(e.message_zh.starts_with("b.txt："));
    }
}
