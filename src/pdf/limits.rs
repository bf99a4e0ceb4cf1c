//! Work limits checked before the PDF engine interprets a page.
//!
//! `hayro` inflates a stream whole when it needs it and draws a form XObject every time a
//! content stream says `Do`, to a depth of 50. A 10 KB file can therefore ask for gigabytes (a
//! deflate bomb) or never finish (forms that each draw the next one four times). Two checks run
//! first, in bounded memory, and refuse such a file with a message:
//!
//! 1. [`scan_streams`]: every stream in the file whose first filter is `FlateDecode` is inflated
//!    into a small buffer that is thrown away, counting bytes: one stream may give at most
//!    [`MAX_STREAM_BYTES`], all together [`MAX_INFLATED_BYTES`]. This reads the file's bytes,
//!    before the engine opens it (object streams included).
//! 2. [`interpretation_cost`]: the content the engine would interpret — every page's content
//!    streams, plus each form XObject's content once for every time it is drawn, nested as the
//!    engine nests them — is summed without drawing anything, and may be at most
//!    [`MAX_INTERPRETED_BYTES`] (a `Do` counts [`DO_COST`] bytes).

use std::collections::HashMap;

use hayro_interpret::hayro_syntax::content::ops::TypedInstruction;
use hayro_interpret::hayro_syntax::content::TypedIter;
use hayro_interpret::hayro_syntax::object::dict::keys::{CONTENTS, FORM, RESOURCES, SUBTYPE};
use hayro_interpret::hayro_syntax::object::{Array, Dict, Name, ObjectIdentifier, Stream};
use hayro_interpret::hayro_syntax::page::Resources;
use hayro_interpret::hayro_syntax::{Filter, Pdf};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZFlush, MZStatus};

/// Most bytes one stream may inflate to. Real content streams and fonts are a few MB.
pub const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all the streams of a file may inflate to together.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;
/// Most content bytes interpreted for a document, a form XObject counted each time it is
/// drawn. The largest corpus document interprets 1.5 MB; hayro interprets about 7 MB a second
/// of plain text operators natively, so this bounds a page's work to about 5 s.
pub const MAX_INTERPRETED_BYTES: u64 = 32 * 1024 * 1024;
/// What one `Do` of a form costs besides the form's own content (state saved and restored).
pub const DO_COST: u64 = 64;
/// The engine's nesting limit for forms, patterns and Type3 glyphs (hayro-interpret 0.9).
const MAX_DEPTH: u32 = 50;

/// Why a file was refused: the limit that was passed, in Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Chinese message.
    pub message_zh: String,
    /// English message.
    pub message_en: String,
}

fn mb(v: u64) -> u64 {
    v / (1024 * 1024)
}

fn stream_bomb(at: usize) -> Refusal {
    Refusal {
        message_zh: format!(
            "PDF 超出处理上限：文件第 {at} 字节处的数据流解压后超过 {} MB（可能是“解压炸弹”），不予读取",
            mb(MAX_STREAM_BYTES)
        ),
        message_en: format!(
            "the PDF exceeds the processing limits: the stream at byte {at} inflates to more than {} MB (a decompression bomb?); it is not read",
            mb(MAX_STREAM_BYTES)
        ),
    }
}

fn total_bomb() -> Refusal {
    Refusal {
        message_zh: format!(
            "PDF 超出处理上限：全部数据流解压后超过 {} MB，不予读取",
            mb(MAX_INFLATED_BYTES)
        ),
        message_en: format!(
            "the PDF exceeds the processing limits: its streams inflate to more than {} MB in all; it is not read",
            mb(MAX_INFLATED_BYTES)
        ),
    }
}

fn too_much_drawing(page: usize) -> Refusal {
    Refusal {
        message_zh: format!(
            "PDF 超出处理上限：到第 {page} 页为止，页面要绘制的内容已超过 {} MB（表单 XObject 每绘制一次计一次，层层嵌套时成倍增加），不予读取",
            mb(MAX_INTERPRETED_BYTES)
        ),
        message_en: format!(
            "the PDF exceeds the processing limits: up to page {page}, the content its pages draw is more than {} MB (a form XObject counted each time it is drawn, which multiplies when forms draw forms); it is not read",
            mb(MAX_INTERPRETED_BYTES)
        ),
    }
}

/// A reusable inflater that counts bytes and keeps none (its state and buffer are allocated
/// once: a file of a million tiny streams must not allocate a million of each).
pub struct Counter {
    state: Box<InflateState>,
    out: Vec<u8>,
}

impl Default for Counter {
    fn default() -> Self {
        Counter {
            state: InflateState::new_boxed(DataFormat::Zlib),
            out: vec![0u8; 64 * 1024],
        }
    }
}

impl Counter {
    /// Inflates `data` (zlib, else raw deflate) into the scratch buffer, counting the bytes,
    /// and stops past `cap`. Returns the bytes counted (more than `cap` when it was passed)
    /// and the input consumed.
    pub fn inflated_len(&mut self, data: &[u8], cap: u64) -> (u64, usize) {
        let zlib = self.count(data, cap, DataFormat::Zlib);
        if zlib.0 > 0 {
            return zlib;
        }
        self.count(data, cap, DataFormat::Raw)
    }

    fn count(&mut self, data: &[u8], cap: u64, format: DataFormat) -> (u64, usize) {
        self.state.reset(format);
        let (mut total, mut used) = (0u64, 0usize);
        loop {
            let r = inflate(&mut self.state, &data[used..], &mut self.out, MZFlush::None);
            used += r.bytes_consumed;
            total += r.bytes_written as u64;
            if total > cap {
                return (total, used);
            }
            match r.status {
                Ok(MZStatus::StreamEnd) | Err(_) => return (total, used),
                Ok(_) if r.bytes_consumed == 0 && r.bytes_written == 0 => return (total, used),
                Ok(_) => {}
            }
        }
    }
}

/// [`Counter::inflated_len`] with a counter of its own.
pub fn inflated_len(data: &[u8], cap: u64) -> (u64, usize) {
    Counter::default().inflated_len(data, cap)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// True when a stream dictionary's first filter is `FlateDecode` (`/Filter /FlateDecode` or
/// `/Filter [/FlateDecode …]`).
fn first_filter_is_flate(dict: &[u8]) -> bool {
    let Some(at) = rfind(dict, b"/Filter") else {
        return false;
    };
    let mut rest = &dict[at + b"/Filter".len()..];
    let skip = |r: &mut &[u8]| {
        while let Some((c, tail)) = r.split_first() {
            if c.is_ascii_whitespace() || *c == b'[' {
                *r = tail;
            } else {
                break;
            }
        }
    };
    skip(&mut rest);
    rest.starts_with(b"/FlateDecode")
        || rest.starts_with(b"/Fl") && rest.get(3).is_none_or(|c| !c.is_ascii_alphanumeric())
}

/// Inflates every deflated stream of the file's bytes (counting, nothing kept) and refuses
/// the file when one passes [`MAX_STREAM_BYTES`] or all together [`MAX_INFLATED_BYTES`].
/// Returns the bytes the streams inflate to. Encrypted streams do not inflate here; the
/// engine's decrypted bytes are measured by [`interpretation_cost`] where they are content.
pub fn scan_streams(bytes: &[u8]) -> Result<u64, Refusal> {
    let mut total = 0u64;
    let mut pos = 0usize;
    let mut counter = Counter::default();
    while let Some(at) = find(bytes, b"stream", pos) {
        pos = at + b"stream".len();
        if at >= 3 && &bytes[at - 3..at] == b"end" {
            continue;
        }
        // the keyword is followed by an end of line, and preceded by the dictionary's ">>"
        let data = match (bytes.get(pos), bytes.get(pos + 1)) {
            (Some(b'\r'), Some(b'\n')) => pos + 2,
            (Some(b'\n'), _) | (Some(b'\r'), _) => pos + 1,
            _ => continue,
        };
        let before = &bytes[at.saturating_sub(64 * 1024)..at];
        let trimmed = before.trim_ascii_end();
        if !trimmed.ends_with(b">>") {
            continue;
        }
        let dict = match rfind(trimmed, b"obj") {
            Some(o) => &trimmed[o..],
            None => trimmed,
        };
        if !first_filter_is_flate(dict) {
            continue;
        }
        let (n, used) = counter.inflated_len(&bytes[data..], MAX_STREAM_BYTES);
        if n > MAX_STREAM_BYTES {
            return Err(stream_bomb(at));
        }
        total += n;
        if total > MAX_INFLATED_BYTES {
            return Err(total_bomb());
        }
        pos = data + used;
    }
    Ok(total)
}

/// The bytes a stream decodes to, within [`MAX_STREAM_BYTES`] (None: it passes it). Deflated
/// streams are measured before the engine decodes them.
fn decoded<'a>(s: &Stream<'a>) -> Option<Vec<u8>> {
    let filters = s.filters();
    if filters.first() == Some(&Filter::FlateDecode) {
        let (n, _) = inflated_len(&s.raw_data(), MAX_STREAM_BYTES);
        if n > MAX_STREAM_BYTES {
            return None;
        }
    }
    let data = s.decoded().ok()?.into_owned();
    (data.len() as u64 <= MAX_STREAM_BYTES).then_some(data)
}

/// A form's content: its length and the forms it draws, with how often.
struct Form<'a> {
    bytes: u64,
    draws: Vec<(Stream<'a>, u64)>,
    resources: Resources<'a>,
}

struct Walk<'a> {
    forms: HashMap<ObjectIdentifier, Option<std::rc::Rc<Form<'a>>>>,
    cost: HashMap<(ObjectIdentifier, u32), u64>,
}

fn is_form(s: &Stream<'_>) -> bool {
    s.dict()
        .get::<Name<'_>>(SUBTYPE)
        .is_some_and(|n| n.as_ref() == FORM)
}

/// The forms drawn by a content stream (`Do` of a form XObject of its resources).
fn draws<'a>(data: &[u8], resources: &Resources<'a>) -> Vec<(Stream<'a>, u64)> {
    let mut counts: std::collections::BTreeMap<Vec<u8>, u64> = std::collections::BTreeMap::new();
    let mut ops = TypedIter::new(data);
    while let Some(op) = ops.next() {
        if let TypedInstruction::XObject(x) = op {
            *counts.entry(x.0.as_ref().to_vec()).or_insert(0) += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(name, n)| {
            let s = resources.x_objects.get::<Stream<'_>>(name.as_slice())?;
            is_form(&s).then_some((s, n))
        })
        .collect()
}

impl<'a> Walk<'a> {
    /// The content interpreted when `form` is drawn at nesting `depth`; None past a limit.
    fn cost(&mut self, form: &Stream<'a>, depth: u32, parent: &Resources<'a>) -> Option<u64> {
        if depth >= MAX_DEPTH {
            return Some(0);
        }
        let id = form.obj_id();
        if let Some(&c) = self.cost.get(&(id, depth)) {
            return Some(c);
        }
        // a form without resources uses its caller's (cached with the first caller's)
        let summary = match self.forms.get(&id) {
            Some(s) => s.clone(),
            None => {
                let s = decoded(form).map(|data| {
                    let resources = form
                        .dict()
                        .get::<Dict<'_>>(RESOURCES)
                        .map(Resources::new)
                        .unwrap_or_else(|| parent.clone());
                    std::rc::Rc::new(Form {
                        bytes: data.len() as u64,
                        draws: draws(&data, &resources),
                        resources,
                    })
                });
                self.forms.insert(id, s.clone());
                s
            }
        };
        let summary = summary?;
        // before the children are costed, so a form drawing itself stops at the depth limit
        self.cost.insert((id, depth), 0);
        let mut c = summary.bytes;
        for (child, n) in &summary.draws {
            let each = self.cost(child, depth + 1, &summary.resources)?;
            c = c.saturating_add(n.saturating_mul(each.saturating_add(DO_COST)));
            if c > MAX_INTERPRETED_BYTES {
                return None;
            }
        }
        self.cost.insert((id, depth), c);
        Some(c)
    }
}

/// The content bytes the engine would interpret for the first `pages` pages, a form counted
/// each time it is drawn; refused past [`MAX_INTERPRETED_BYTES`] (or a content stream past
/// [`MAX_STREAM_BYTES`]).
pub fn interpretation_cost(pdf: &Pdf, pages: usize) -> Result<u64, Refusal> {
    let mut walk = Walk {
        forms: HashMap::new(),
        cost: HashMap::new(),
    };
    let mut total = 0u64;
    for (i, page) in pdf.pages().iter().take(pages).enumerate() {
        let refuse = || too_much_drawing(i + 1);
        // the content streams, each measured before the engine joins them (an array may name
        // one stream many times)
        let raw = page.raw();
        let streams: Vec<Stream<'_>> = if let Some(s) = raw.get::<Stream<'_>>(CONTENTS) {
            vec![s]
        } else if let Some(a) = raw.get::<Array<'_>>(CONTENTS) {
            a.iter::<Stream<'_>>().collect()
        } else {
            Vec::new()
        };
        let mut sizes: HashMap<ObjectIdentifier, u64> = HashMap::new();
        let mut bytes = 0u64;
        for s in &streams {
            let n = match sizes.get(&s.obj_id()) {
                Some(&n) => n,
                None => {
                    let n = decoded(s).map_or(u64::MAX, |d| d.len() as u64);
                    sizes.insert(s.obj_id(), n);
                    n
                }
            };
            bytes = bytes.saturating_add(n).saturating_add(1);
            if total.saturating_add(bytes) > MAX_INTERPRETED_BYTES {
                return Err(refuse());
            }
        }
        total += bytes;
        let Some(content) = page.page_stream() else {
            continue;
        };
        let resources = page.resources();
        for (form, n) in draws(content, resources) {
            let each = walk.cost(&form, 1, resources).ok_or_else(refuse)?;
            total = total.saturating_add(n.saturating_mul(each.saturating_add(DO_COST)));
            if total > MAX_INTERPRETED_BYTES {
                return Err(refuse());
            }
        }
    }
    Ok(total)
}
