//! PDF → text, in pure Rust (natively and in `wasm32-unknown-unknown`).
//!
//! The text layer is read with `hayro-interpret` (glyphs with their positions) and laid
//! out on a character grid the way `pdftotext -layout` does, so the same text parser reads
//! it ([`crate::parse::parse_text`]). See `docs/pdf.md` for the method and its limits.
//!
//! The engine is pre-1.0 and a panic aborts in release and in wasm, so inputs are checked
//! before they reach it: size, header, `%%EOF`, and limits on pages and glyphs.

#![allow(clippy::float_arithmetic)] // geometry only: amounts are never floats

pub mod annotate;
pub mod extract;
pub mod layout;
pub mod limits;
pub mod render;

use crate::source::{LineSource, SourceMap};
use hayro_interpret::hayro_syntax::{DecryptionError, LoadPdfError, Pdf};

/// Largest PDF accepted (bytes), as for text input.
pub const MAX_BYTES: usize = crate::input::MAX_BYTES;

/// Text read from a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    /// The pages' text, laid out like `pdftotext -layout`; pages joined by a form feed.
    pub text: String,
    /// Pages in the file.
    pub pages: usize,
    /// Characters laid out.
    pub glyphs: usize,
    /// 1-based numbers of the pages that have no text (scanned images, blank pages).
    pub pages_without_text: Vec<usize>,
    /// Things the reader should know (pages without text, undecodable fonts…).
    pub warnings: Vec<PdfWarning>,
    /// The page and the cell boxes of every line of `text`.
    pub sources: SourceMap,
}

/// A problem that did not stop reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfWarning {
    /// Stable code: `pdf-no-text-pages`, `pdf-undecoded-glyphs`, `pdf-rotated-text`, `pdf-limits`.
    pub code: &'static str,
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

/// Why a PDF could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfErrorKind {
    /// Not a PDF at all.
    NotPdf,
    /// Larger than [`MAX_BYTES`].
    TooLarge,
    /// Truncated or damaged beyond repair.
    Corrupt,
    /// Encrypted with a password (or an unsupported encryption).
    Encrypted,
    /// No page has a text layer: a scanned or image-only PDF.
    NoTextLayer,
    /// The text layer is there but most of it cannot be decoded (fonts without a Unicode
    /// map, typically embedded Identity-H subsets without ToUnicode).
    UndecodableText,
}

/// Why a PDF could not be read, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError {
    /// What went wrong.
    pub kind: PdfErrorKind,
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

fn error(kind: PdfErrorKind, zh: impl Into<String>, en: impl Into<String>) -> PdfError {
    PdfError {
        kind,
        message_zh: zh.into(),
        message_en: en.into(),
    }
}

fn too_much(r: limits::Refusal) -> PdfError {
    error(PdfErrorKind::TooLarge, r.message_zh, r.message_en)
}

/// True when the bytes start like a PDF (`%PDF-` within the first KiB, as readers accept).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// Reads the text layer of a PDF and lays it out like `pdftotext -layout`.
pub fn pdf_to_text(bytes: &[u8]) -> Result<PdfText, PdfError> {
    pdf_to_text_with_progress(bytes, &mut |_, _| {})
}

/// [`pdf_to_text`], calling `progress(pages read, pages)` after each page.
pub fn pdf_to_text_with_progress(
    bytes: &[u8],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<PdfText, PdfError> {
    let pdf = open(bytes)?;
    // forms drawn over and over (or a content stream named many times) are refused before
    // a page is interpreted
    limits::interpretation_cost(&pdf, extract::MAX_PAGES).map_err(too_much)?;
    let doc = extract::glyphs_with_progress(&pdf, progress);
    if doc.page_count == 0 {
        return Err(error(
            PdfErrorKind::Corrupt,
            "PDF 文件中没有页面（文件可能已损坏）",
            "the PDF has no pages (the file may be damaged)",
        ));
    }
    finish(doc)
}

/// Checks the bytes before the engine sees them (size, header, `%%EOF`, deflate bombs) and
/// opens the document; an encrypted or damaged file gets its message.
pub(crate) fn open(bytes: &[u8]) -> Result<Pdf, PdfError> {
    if bytes.len() > MAX_BYTES {
        return Err(error(
            PdfErrorKind::TooLarge,
            format!(
                "PDF 文件太大（{} MB），最大 {} MB",
                bytes.len() / 1_048_576,
                MAX_BYTES / 1_048_576
            ),
            format!(
                "the PDF is too large ({} MB); the limit is {} MB",
                bytes.len() / 1_048_576,
                MAX_BYTES / 1_048_576
            ),
        ));
    }
    if !looks_like_pdf(bytes) {
        return Err(error(
            PdfErrorKind::NotPdf,
            "这不是 PDF 文件（缺少 %PDF 文件头）",
            "this is not a PDF file (no %PDF header)",
        ));
    }
    // a file cut short (interrupted download) still opens through xref reconstruction, but
    // its last pages are missing: refuse it rather than check half a document
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(error(
            PdfErrorKind::Corrupt,
            "PDF 文件不完整（末尾缺少 %%EOF 标记），可能下载中断或文件已损坏；请重新下载后再试",
            "the PDF is incomplete (no %%EOF marker at its end): the download may have been interrupted or the file is damaged — download it again",
        ));
    }
    // a deflate bomb is refused before the engine inflates anything
    limits::scan_streams(bytes).map_err(too_much)?;
    match Pdf::new(bytes.to_vec()) {
        Ok(p) => Ok(p),
        Err(LoadPdfError::Decryption(DecryptionError::PasswordProtected)) => Err(error(
                PdfErrorKind::Encrypted,
                "PDF 已加密，需要密码才能打开；请先用 PDF 阅读器输入密码后另存为不加密的 PDF",
                "the PDF is encrypted and needs a password to open; open it in a PDF reader with the password and save an unencrypted copy",
            )),
        Err(LoadPdfError::Decryption(_)) => Err(error(
                PdfErrorKind::Encrypted,
                "PDF 已加密，且加密方式无法读取；请在 PDF 阅读器中另存为不加密的 PDF",
                "the PDF is encrypted with a method that cannot be read; save an unencrypted copy from a PDF reader",
            )),
        Err(LoadPdfError::Invalid) => Err(error(
                PdfErrorKind::Corrupt,
                "PDF 文件已损坏，无法读取",
                "the PDF is damaged and cannot be read",
            )),
    }
}

/// Lays out the pages of a document and collects warnings.
fn finish(doc: extract::DocGlyphs) -> Result<PdfText, PdfError> {
    let pages: Vec<layout::Page> = doc
        .pages
        .iter()
        .map(|p| layout::prepare_page(&p.glyphs, &p.rules, p.width, p.height))
        .collect();
    // column 0: the document's most common page margin, or the page's own text when it
    // starts further left; a page that starts with a table row continues the previous
    // page's table and keeps its columns
    let margin = common_margin(&pages.iter().map(|p| p.left).collect::<Vec<_>>());
    let mut texts = Vec::with_capacity(doc.pages.len());
    let mut glyphs = 0usize;
    let mut empty = Vec::new();
    let (mut undecoded, mut rotated, mut over_limit, mut invisible) = (0usize, 0usize, 0usize, 0usize);
    let mut prev_left: Option<f32> = None;
    let mut sources = SourceMap::new();
    let mut line = 1u32;
    for (i, (p, page)) in doc.pages.iter().zip(&pages).enumerate() {
        let mut left = page.left.unwrap_or(0.0).min(margin.unwrap_or(f32::INFINITY));
        if let Some(pl) = prev_left.filter(|_| page.starts_with_table_row()) {
            left = left.min(pl);
        }
        if page.glyphs == 0 {
            empty.push(i + 1);
        } else {
            prev_left = Some(left);
        }
        glyphs += page.glyphs;
        undecoded += p.undecoded;
        rotated += page.rotated;
        over_limit += p.over_limit;
        invisible += p.invisible;
        let (text, pieces) = layout::render_page_with_pieces(page, left);
        for ps in pieces {
            if !ps.is_empty() {
                sources.set(
                    line,
                    LineSource::Pdf {
                        page: u32::try_from(i + 1).unwrap_or(u32::MAX),
                        pieces: ps,
                    },
                );
            }
            line = line.saturating_add(1);
        }
        texts.push(text);
    }
    for _ in doc.pages.len()..doc.page_count {
        texts.push(String::new());
    }
    if glyphs == 0 {
        let ocr = if invisible > 0 {
            (
                "（只有不可见的文字层，如 OCR 结果，本工具不读取）",
                " (it only has invisible text, such as an OCR layer, which is not read)",
            )
        } else {
            ("", "")
        };
        return Err(error(
            PdfErrorKind::NoTextLayer,
            format!("这个 PDF 没有文字层{}：它是扫描件或图片，无法读取其中的数字。请使用带文字的 PDF，或先做文字识别（OCR）并核对结果", ocr.0),
            format!("this PDF has no text layer{}: it is a scan or an image, so its numbers cannot be read. Use a PDF with text, or run OCR first and proofread the result", ocr.1),
        ));
    }
    if undecoded * 2 > glyphs {
        return Err(error(
            PdfErrorKind::UndecodableText,
            format!("这个 PDF 的文字层无法解码：{glyphs} 个字符中有 {undecoded} 个的字体缺少 ToUnicode 映射（常见于 Identity-H 编码的嵌入子集字体），读不出文字和数字。请用生成 PDF 的软件重新导出（嵌入字体时保留 Unicode 映射），或提供 Excel/文本版本"),
            format!("this PDF's text layer cannot be decoded: {undecoded} of {glyphs} characters use fonts without a ToUnicode map (typically embedded Identity-H subsets), so its text and numbers cannot be read. Export the PDF again from its source (keeping the Unicode map of embedded fonts), or use the Excel/text version"),
        ));
    }
    let mut warnings = Vec::new();
    if !empty.is_empty() {
        let list = page_list(&empty);
        warnings.push(PdfWarning {
            code: "pdf-no-text-pages",
            message_zh: format!("第 {list} 页没有文字层（扫描页、图片或空白页），这些页的内容未被检查"),
            message_en: format!("page(s) {list} have no text layer (scanned, image or blank pages); their content is not checked"),
        });
    }
    if undecoded > 0 {
        warnings.push(PdfWarning {
            code: "pdf-undecoded-glyphs",
            message_zh: format!(
                "有 {undecoded} 个字符无法解码（字体缺少 ToUnicode 映射，常见于 Identity-H 编码的嵌入字体），显示为 �；涉及的文字和数字无法检查"
            ),
            message_en: format!(
                "{undecoded} character(s) could not be decoded (their font has no ToUnicode map, typically an embedded Identity-H font) and show as �; text and numbers using them cannot be checked"
            ),
        });
    }
    if rotated > 0 {
        warnings.push(PdfWarning {
            code: "pdf-rotated-text",
            message_zh: format!("忽略了 {rotated} 个与正文方向不同的旋转字符（印章、水印或竖排表头）"),
            message_en: format!("{rotated} character(s) running in another direction than the page's text were ignored (stamps, watermarks, rotated headers)"),
        });
    }
    if over_limit > 0 || doc.page_count > doc.pages.len() {
        // say only the limits that were hit ("忽略了 0 个字符" was said when only pages were)
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        if doc.page_count > doc.pages.len() {
            zh.push(format!(
                "{} 页中只读取了前 {} 页",
                doc.page_count,
                doc.pages.len()
            ));
            en.push(format!(
                "only the first {} of {} pages were read",
                doc.pages.len(),
                doc.page_count
            ));
        }
        if over_limit > 0 {
            zh.push(format!("忽略了 {over_limit} 个字符"));
            en.push(format!("{over_limit} character(s) were ignored"));
        }
        warnings.push(PdfWarning {
            code: "pdf-limits",
            message_zh: format!("文件超出处理上限：{}", zh.join("，")),
            message_en: format!("the file exceeds the processing limits: {}", en.join(" and ")),
        });
    }
    Ok(PdfText {
        text: texts.join("\u{c}"),
        pages: doc.page_count,
        glyphs,
        pages_without_text: empty,
        warnings,
        sources,
    })
}

/// The most common left margin of the pages (rounded to a point).
fn common_margin(lefts: &[Option<f32>]) -> Option<f32> {
    let mut counts: Vec<(i64, usize, f32)> = Vec::new();
    for l in lefts.iter().flatten() {
        let k = l.round() as i64;
        match counts.iter_mut().find(|(c, _, _)| *c == k) {
            Some(e) => {
                e.1 += 1;
                e.2 = e.2.min(*l);
            }
            None => counts.push((k, 1, *l)),
        }
    }
    counts
        .iter()
        .max_by_key(|(k, n, _)| (*n, -*k))
        .map(|(_, _, v)| *v)
}

/// "1–3, 7"
fn page_list(pages: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_pdf() {
        assert_eq!(pdf_to_text(b"hello").unwrap_err().kind, PdfErrorKind::NotPdf);
        assert_eq!(pdf_to_text(b"").unwrap_err().kind, PdfErrorKind::NotPdf);
        assert_eq!(
            pdf_to_text(b"%PDF-1.7\n").unwrap_err().kind,
            PdfErrorKind::Corrupt
        );
        assert_eq!(
            pdf_to_text(b"%PDF-1.7\n garbage \n%%EOF").unwrap_err().kind,
            PdfErrorKind::Corrupt
        );
    }

    fn page(text: &str, undecoded: usize) -> extract::PageGlyphs {
        let glyphs = text
            .chars()
            .enumerate()
            .map(|(i, c)| layout::Glyph {
                text: c.to_string(),
                x: 50.0 + 10.0 * i as f32,
                y: 100.0,
                size: 10.0,
                advance: 10.0,
                vertical: false,
                rotation: 0,
            })
            .collect();
        extract::PageGlyphs {
            width: 595.0,
            height: 842.0,
            glyphs,
            undecoded,
            ..Default::default()
        }
    }

    #[test]
    fn undecodable_glyphs_warn_then_fail() {
        let doc = |pages| extract::DocGlyphs { page_count: 2, pages };
        let t = finish(doc(vec![page("收入支出总表", 0), page("\u{FFFD}\u{FFFD}", 2)])).unwrap();
        assert_eq!(t.warnings.len(), 1);
        assert_eq!(t.warnings[0].code, "pdf-undecoded-glyphs");
        assert!(t.text.starts_with("收入支出总表\n\u{c}"));
        let e = finish(doc(vec![page("收入", 0), page("\u{FFFD}\u{FFFD}\u{FFFD}", 3)])).unwrap_err();
        assert_eq!(e.kind, PdfErrorKind::UndecodableText);
        assert!(e.message_zh.contains("ToUnicode") && e.message_en.contains("cannot be decoded"));
        let t = finish(doc(vec![page("收入", 0), page("", 0)])).unwrap();
        assert_eq!(t.pages_without_text, [2]);
        assert_eq!(t.warnings[0].code, "pdf-no-text-pages");
    }

    #[test]
    fn page_lists() {
        assert_eq!(page_list(&[1, 2, 3, 7]), "1–3, 7");
        assert_eq!(page_list(&[4]), "4");
    }
}
