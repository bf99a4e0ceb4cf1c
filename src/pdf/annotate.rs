//! The original PDF with a highlight annotation on every finding's cells, written as an
//! incremental update: the original bytes stay as they are and are a prefix of the output;
//! after them come the annotations, the pages that list them (a new version of each page
//! object with `/Annots`), and a cross-reference section pointing back to the original one
//! (a table or a stream, as the original has).
//!
//! A reviewer can send the file back to the department: every viewer shows the highlights and,
//! on the highlight, the finding's message.

use std::fmt::Write as _;

use hayro_interpret::hayro_syntax::object::{Array, MaybeRef};
use hayro_interpret::kurbo::Point;
use hayro_interpret::TransformExt;

use super::{error, open, PdfError, PdfErrorKind};
use crate::source::Rect;

/// One highlight annotation: the boxes of a finding's cells on one page (1-based; display
/// space, as [`crate::source::Source::Pdf`] gives them) and the note shown on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 1-based page.
    pub page: u32,
    /// The boxes (points, top-left origin of the displayed page, y down).
    pub rects: Vec<Rect>,
    /// The note (the finding's message and arithmetic).
    pub note: String,
    /// The colour (RGB, 0–1).
    pub color: [f32; 3],
}

/// Red, for errors.
pub const ERROR: [f32; 3] = [0.93, 0.26, 0.21];
/// Amber, for warnings.
pub const WARNING: [f32; 3] = [1.0, 0.76, 0.03];
/// Blue, for notes.
pub const INFO: [f32; 3] = [0.30, 0.60, 1.0];

/// What [`annotate`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotated {
    /// The original bytes followed by the update.
    pub bytes: Vec<u8>,
    /// Annotations written.
    pub annotations: usize,
    /// Marks that could not be written (a page that is not an object of its own, a page
    /// beyond the document, a page dictionary that cannot be extended).
    pub skipped: usize,
}

/// The trailer entries carried into the update.
struct Trailer {
    size: u32,
    root: String,
    info: Option<String>,
    id: Option<String>,
    prev: usize,
    stream: bool,
}

/// Adds the marks to the PDF as highlight annotations (see the module docs).
pub fn annotate(bytes: &[u8], marks: &[Mark]) -> Result<Annotated, PdfError> {
    let pdf = open(bytes)?;
    let trailer = trailer(bytes).ok_or_else(|| {
        error(
            PdfErrorKind::Corrupt,
            "无法在此 PDF 上添加批注：文件末尾的交叉引用表无法解析（文件可能已损坏或经过修复）",
            "cannot annotate this PDF: the cross-reference section at its end cannot be read (the file may be damaged or repaired)",
        )
    })?;
    let pages = pdf.pages();
    let mut next = trailer.size;
    // (object number, generation, body)
    let mut objects: Vec<(u32, i32, String)> = Vec::new();
    let (mut annotations, mut skipped) = (0usize, 0usize);
    let mut page_numbers: Vec<u32> = marks.iter().map(|m| m.page).collect();
    page_numbers.sort_unstable();
    page_numbers.dedup();
    for number in page_numbers {
        let on_page: Vec<&Mark> = marks.iter().filter(|m| m.page == number).collect();
        let Some(page) = number.checked_sub(1).and_then(|i| pages.get(i as usize)) else {
            skipped += on_page.len();
            continue;
        };
        let dict = page.raw();
        let Some(id) = dict.obj_id() else {
            skipped += on_page.len();
            continue;
        };
        let to_user = page.initial_transform(true).to_kurbo().inverse();
        let mut refs = String::new();
        for m in &on_page {
            // each box in user space: its quadrilateral, and the union of all of them
            let mut quads = String::new();
            let mut all: Option<(f64, f64, f64, f64)> = None;
            for rect in &m.rects {
                let a = to_user * Point::new(f64::from(rect.x0), f64::from(rect.y0));
                let b = to_user * Point::new(f64::from(rect.x1), f64::from(rect.y1));
                let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
                let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
                if ![x0, x1, y0, y1].iter().all(|v| v.is_finite()) {
                    continue;
                }
                let _ = write!(
                    quads,
                    "{x0:.2} {y1:.2} {x1:.2} {y1:.2} {x0:.2} {y0:.2} {x1:.2} {y0:.2} "
                );
                all = Some(match all {
                    None => (x0, y0, x1, y1),
                    Some((p, q, r, s)) => (p.min(x0), q.min(y0), r.max(x1), s.max(y1)),
                });
            }
            let Some((x0, y0, x1, y1)) = all else {
                skipped += 1;
                continue;
            };
            let [r, g, bl] = m.color;
            let body = format!(
                "<< /Type /Annot /Subtype /Highlight /F 4 /Rect [{x0:.2} {y0:.2} {x1:.2} {y1:.2}] /QuadPoints [{}] /C [{r:.2} {g:.2} {bl:.2}] /CA 0.45 /T {} /Contents {} /P {} {} R >>",
                quads.trim_end(),
                text_string("suanpan 算盘"),
                text_string(&m.note),
                id.obj_number,
                id.gen_number
            );
            let _ = write!(refs, " {next} 0 R");
            objects.push((next, 0, body));
            next += 1;
            annotations += 1;
        }
        if refs.is_empty() {
            continue;
        }
        let data = String::from_utf8_lossy(dict.data()).into_owned();
        match dict.get_raw::<Array<'_>>("Annots") {
            None => {
                // a page without annotations: the same dictionary with /Annots added
                let Some(end) = data.rfind(">>") else {
                    skipped += on_page.len();
                    continue;
                };
                let body = format!("{} /Annots [{refs} ] >>", &data[..end]);
                objects.push((id.obj_number, id.gen_number, body));
            }
            Some(MaybeRef::Ref(r)) => {
                // the page's annotations are an array object: a new version of it
                let old = pdf
                    .xref()
                    .get::<Array<'_>>(r.into())
                    .map(|a| String::from_utf8_lossy(a.data()).into_owned());
                match old.as_deref().and_then(|o| o.rfind(']').map(|e| (o, e))) {
                    Some((o, e)) => {
                        objects.push((r.obj_number, r.gen_number, format!("{}{refs} ]", &o[..e])))
                    }
                    None => {
                        skipped += on_page.len();
                        continue;
                    }
                }
            }
            Some(MaybeRef::NotRef(_)) => {
                // an array in the page dictionary: the new references go before its `]`
                let at = data.find("/Annots").and_then(|k| {
                    let open = k + data[k..].find('[')?;
                    let close = open + data[open..].find(']')?;
                    Some(close)
                });
                match at {
                    Some(close) => {
                        let body = format!("{}{refs} {}", &data[..close], &data[close..]);
                        objects.push((id.obj_number, id.gen_number, body));
                    }
                    None => {
                        skipped += on_page.len();
                        continue;
                    }
                }
            }
        }
    }
    let mut out = bytes.to_vec();
    if objects.is_empty() {
        // nothing to add: the file as it is
        return Ok(Annotated {
            bytes: out,
            annotations,
            skipped,
        });
    }
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, i32, usize)> = Vec::with_capacity(objects.len() + 1);
    for (n, g, body) in &objects {
        offsets.push((*n, *g, out.len()));
        out.extend_from_slice(format!("{n} {g} obj\n{body}\nendobj\n").as_bytes());
    }
    let mut extra = String::new();
    if let Some(i) = &trailer.info {
        let _ = write!(extra, " /Info {i}");
    }
    if let Some(id) = &trailer.id {
        let _ = write!(extra, " /ID {id}");
    }
    let xref_at = out.len();
    if trailer.stream {
        // a cross-reference stream (uncompressed): type 1 entries, 4-byte offsets
        let own = next;
        offsets.push((own, 0, xref_at));
        offsets.sort_by_key(|o| o.0);
        let mut data = Vec::new();
        let mut index = String::new();
        for (n, g, at) in &offsets {
            let _ = write!(index, "{n} 1 ");
            data.push(1u8);
            data.extend_from_slice(&u32::try_from(*at).unwrap_or(u32::MAX).to_be_bytes());
            data.extend_from_slice(&u16::try_from(*g).unwrap_or(0).to_be_bytes());
        }
        let head = format!(
            "{own} 0 obj\n<< /Type /XRef /Size {} /W [1 4 2] /Index [{}] /Root {} /Prev {}{extra} /Length {} >>\nstream\n",
            own + 1,
            index.trim_end(),
            trailer.root,
            trailer.prev,
            data.len()
        );
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(&data);
        out.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    } else {
        offsets.sort_by_key(|o| o.0);
        let mut table = String::from("xref\n");
        for (n, g, at) in &offsets {
            let _ = write!(table, "{n} 1\n{at:010} {g:05} n\r\n");
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {next} /Root {} /Prev {}{extra} >>\nstartxref\n{xref_at}\n%%EOF\n",
            trailer.root, trailer.prev
        );
        out.extend_from_slice(table.as_bytes());
    }
    Ok(Annotated {
        bytes: out,
        annotations,
        skipped,
    })
}

/// The highlights of a report: for every finding, one annotation per page its cells are on
/// (usually one), holding the boxes of all its cells there, coloured by severity, with the
/// finding's message, arithmetic and rule as the note. Locations without a PDF box (a
/// document read from several files, a spreadsheet) give none.
pub fn marks(report: &crate::report::Report) -> Vec<Mark> {
    marks_of_file(report, None)
}

/// [`marks`] for one file of a document read from several (`Some(name)`, as its
/// locations name it) or for a single PDF (`None`).
pub fn marks_of_file(report: &crate::report::Report, file: Option<&str>) -> Vec<Mark> {
    use crate::report::Severity;
    use crate::source::Source;
    let mut out = Vec::new();
    for f in &report.findings {
        let mut note = format!("[{}] {}", f.rule, f.message_zh);
        if let Some(a) = &f.arithmetic {
            let _ = write!(note, "\n= {a}");
        }
        let _ = write!(note, "\n\n{}", f.message_en);
        let color = match f.severity {
            Severity::Error => ERROR,
            Severity::Warning => WARNING,
            Severity::Info => INFO,
        };
        let mut pages: Vec<Mark> = Vec::new();
        for l in &f.locations {
            let Some(Source::Pdf {
                file: of, page, rect, ..
            }) = &l.source
            else {
                continue;
            };
            if of.as_deref() != file {
                continue;
            }
            match pages.iter_mut().find(|m| m.page == *page) {
                Some(m) => {
                    if !m.rects.contains(rect) {
                        m.rects.push(*rect);
                    }
                }
                None => pages.push(Mark {
                    page: *page,
                    rects: vec![*rect],
                    note: note.clone(),
                    color,
                }),
            }
        }
        out.extend(pages);
    }
    out
}

/// A PDF text string: UTF-16BE with its byte-order mark, in hex.
fn text_string(s: &str) -> String {
    let mut out = String::from("<FEFF");
    for u in s.encode_utf16() {
        let _ = write!(out, "{u:04X}");
    }
    out.push('>');
    out
}

/// The last cross-reference section's trailer entries (`/Size`, `/Root`, `/Info`, `/ID`) and
/// where it starts.
fn trailer(bytes: &[u8]) -> Option<Trailer> {
    let tail_at = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_at..];
    let k = tail.windows(9).rposition(|w| w == b"startxref")?;
    let rest = std::str::from_utf8(&tail[k + 9..]).ok().or_else(|| {
        // a stray byte after the number: read up to the first non-ASCII byte
        let end = tail[k + 9..]
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(tail.len() - k - 9);
        std::str::from_utf8(&tail[k + 9..k + 9 + end]).ok()
    })?;
    let prev: usize = rest.split_whitespace().next()?.parse().ok()?;
    let section = bytes.get(prev..)?;
    let section = &section[..section.len().min(1 << 20)];
    let text = String::from_utf8_lossy(section);
    let stream = !text.trim_start().starts_with("xref");
    // a stream section is an object: "12 0 obj"
    if stream {
        let mut words = text.split_whitespace();
        let ok = words.next()?.parse::<u32>().is_ok() && words.next()?.parse::<u32>().is_ok();
        if !ok || !words.next()?.starts_with("obj") {
            return None;
        }
    }
    // the trailer dictionary: after `trailer` (a table), or the stream's dictionary
    let dict_at = if stream {
        text.find("<<")?
    } else {
        text.find("trailer")?
    };
    let dict_end = if stream {
        text[dict_at..].find("stream").map_or(text.len(), |e| dict_at + e)
    } else {
        text[dict_at..]
            .find("startxref")
            .map_or(text.len(), |e| dict_at + e)
    };
    let dict = &text[dict_at..dict_end];
    if dict.contains("/Encrypt") {
        return None;
    }
    let size: u32 = value(dict, "/Size")?.parse().ok()?;
    let root = reference(dict, "/Root")?;
    let info = reference(dict, "/Info");
    // the file identifier is carried over when written in hex (a literal string may hold any
    // byte, which this text cannot carry; the identifier is optional in an unencrypted file)
    let id = dict.find("/ID").and_then(|i| {
        let open = i + dict[i..].find('[')?;
        let close = open + dict[open..].find(']')?;
        let inner = &dict[open + 1..close];
        inner
            .chars()
            .all(|c| c.is_ascii_hexdigit() || c == '<' || c == '>' || c.is_ascii_whitespace())
            .then(|| dict[open..=close].to_string())
    });
    Some(Trailer {
        size,
        root,
        info,
        id,
        prev,
        stream,
    })
}

/// The word after a key (`/Size 42` → "42").
fn value<'a>(dict: &'a str, key: &str) -> Option<&'a str> {
    let mut at = 0;
    while let Some(i) = dict[at..].find(key) {
        let after = &dict[at + i + key.len()..];
        // `/Size` and not `/SizeX`
        if after.starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit()) {
            let t = after.trim_start();
            let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
            return Some(&t[..end]).filter(|v| !v.is_empty());
        }
        at += i + key.len();
    }
    None
}

/// An indirect reference after a key (`/Root 1 0 R` → "1 0 R").
fn reference(dict: &str, key: &str) -> Option<String> {
    let i = dict.find(key)?;
    // "1 0 R", also written "1 0 R/Info…"
    let after = dict[i + key.len()..].replace('/', " /");
    let words: Vec<&str> = after.split_whitespace().take(3).collect();
    match words.as_slice() {
        [n, g, "R"] if n.parse::<u32>().is_ok() && g.parse::<u32>().is_ok() => Some(format!("{n} {g} R")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_values_and_strings() {
        let d = "trailer\n<< /Size 42 /Root 1 0 R /Info 7 0 R /ID [<AB><CD>] >>";
        assert_eq!(value(d, "/Size"), Some("42"));
        assert_eq!(reference(d, "/Root").as_deref(), Some("1 0 R"));
        assert_eq!(reference(d, "/Info").as_deref(), Some("7 0 R"));
        assert_eq!(text_string("A算"), "<FEFF00417B97>");
        let d = "<</Size 3113/Info 161 0 R/Root 1 0 R/ID[(x\u{fffd})(y)]>>";
        assert_eq!(value(d, "/Size"), Some("3113"));
        assert_eq!(reference(d, "/Info").as_deref(), Some("161 0 R"));
        assert_eq!(reference(d, "/Root").as_deref(), Some("1 0 R"));
    }
}
