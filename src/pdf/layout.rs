//! Positioned glyphs → lines of text on a character grid, like `pdftotext -layout`.
//!
//! 1. Orientation: the page's dominant baseline direction is made horizontal; glyphs in other
//!    directions (stamps, rotated header cells, watermarks) are dropped and counted.
//! 2. Vertical writing (WMode 1): each column of glyphs becomes one horizontal word placed
//!    where the column starts.
//! 3. Lines: glyphs are grouped by baseline (tolerance relative to the font size), sorted by
//!    x, and fill+stroke or overprinted duplicates are removed. A line printed a little
//!    above another one (codes in a vertically centred table row) is merged into it when
//!    their words do not overlap horizontally.
//! 4. Words and cells: a gap wider than 0.15 em is a space; wider than [`CELL_GAP_EM`] (or any
//!    gap next to a number) separates cells.
//! 5. Grid: x maps to a column by a per-page character width (the median advance of the
//!    page's digits). Numbers are placed by their right edge and text by its left edge, so
//!    that right-aligned table columns line up on their right edges on every line; cells
//!    keep at least two spaces between them (a cell that would collide moves right).

/// A glyph in display space (y down, points).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Its Unicode text (usually one character; U+FFFD when the font gives none).
    pub text: String,
    /// Baseline origin x.
    pub x: f32,
    /// Baseline origin y.
    pub y: f32,
    /// Effective font size.
    pub size: f32,
    /// Advance width (0 when unknown).
    pub advance: f32,
    /// Drawn with a vertical-writing font (WMode 1).
    pub vertical: bool,
    /// Baseline direction in quarter turns clockwise (0 = left to right).
    pub rotation: u8,
}

/// A gap wider than this many ems separates two cells.
pub const CELL_GAP_EM: f32 = 0.9;
/// A gap wider than this many ems is a space.
const SPACE_GAP_EM: f32 = 0.15;

/// What laying out a page produced.
#[derive(Debug, Default, Clone)]
pub struct PageText {
    /// The page's lines, each ending with `\n`.
    pub text: String,
    /// Glyphs laid out.
    pub glyphs: usize,
    /// Glyphs dropped because their baseline ran in another direction than the page's text.
    pub rotated: usize,
}

/// A word or cell: a run of glyphs on one line.
#[derive(Debug, Clone)]
struct Chunk {
    text: String,
    x0: f32,
    x1: f32,
    /// Placed by its right edge (a number).
    right: bool,
    /// Characters (columns) it takes.
    len: usize,
}

#[derive(Debug, Clone)]
struct Line {
    y: f32,
    size: f32,
    chunks: Vec<Chunk>,
}

fn is_space(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// Lays out one page. `width`/`height` are the page's display dimensions.
pub fn layout_page(glyphs: &[Glyph], width: f32, height: f32, left_margin: Option<f32>) -> PageText {
    let mut out = PageText::default();
    let (glyphs, rotated) = upright(glyphs, width, height);
    out.rotated = rotated;
    let glyphs = collapse_vertical(glyphs);
    if glyphs.is_empty() {
        return out;
    }
    out.glyphs = glyphs.iter().map(|g| g.text.chars().count()).sum();
    let cw = char_width(&glyphs);
    let left = page_left(&glyphs).min(left_margin.unwrap_or(f32::INFINITY));
    let lines = merge_offset_lines(build_lines(glyphs));
    let mut prev: Option<&Line> = None;
    for line in &lines {
        if let Some(p) = prev {
            // one blank line for a paragraph-sized vertical gap
            let pitch = line.y - p.y;
            if pitch > 2.2 * p.size.max(line.size) {
                out.text.push('\n');
            }
        }
        out.text.push_str(&render_line(line, cw, left));
        out.text.push('\n');
        prev = Some(line);
    }
    out
}

/// The leftmost glyph origin of a page (its text's left margin).
pub fn page_left_of(glyphs: &[Glyph], width: f32, height: f32) -> Option<f32> {
    let (g, _) = upright(glyphs, width, height);
    let g = collapse_vertical(g);
    (!g.is_empty()).then(|| page_left(&g))
}

fn page_left(glyphs: &[Glyph]) -> f32 {
    glyphs
        .iter()
        .filter(|g| !is_space(&g.text))
        .map(|g| g.x)
        .fold(f32::INFINITY, f32::min)
        .max(0.0)
}

/// Rotates the page so its dominant text direction runs left to right; drops the rest.
fn upright(glyphs: &[Glyph], width: f32, height: f32) -> (Vec<Glyph>, usize) {
    let mut count = [0usize; 4];
    for g in glyphs {
        if !is_space(&g.text) {
            count[(g.rotation & 3) as usize] += 1;
        }
    }
    let mut dominant = 0u8;
    for r in 1..4u8 {
        if count[r as usize] > count[dominant as usize] {
            dominant = r;
        }
    }
    let mut dropped = 0;
    let mut out = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        if g.rotation & 3 != dominant {
            if !is_space(&g.text) {
                dropped += 1;
            }
            continue;
        }
        let (x, y) = match dominant {
            1 => (g.y, width - g.x),
            2 => (width - g.x, height - g.y),
            3 => (height - g.y, g.x),
            _ => (g.x, g.y),
        };
        out.push(Glyph {
            x,
            y,
            rotation: 0,
            ..g.clone()
        });
    }
    (out, dropped)
}

/// Turns each column of vertical-writing glyphs into one horizontal word.
fn collapse_vertical(glyphs: Vec<Glyph>) -> Vec<Glyph> {
    if !glyphs.iter().any(|g| g.vertical) {
        return glyphs;
    }
    let (mut vert, mut out): (Vec<Glyph>, Vec<Glyph>) = glyphs.into_iter().partition(|g| g.vertical);
    vert.retain(|g| !is_space(&g.text));
    vert.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    // columns: glyphs at (nearly) the same x, each a little below the previous one
    let mut cols: Vec<Vec<Glyph>> = Vec::new();
    for g in vert {
        let s = g.size.max(1.0);
        let fits = cols.iter_mut().rev().take(8).find(|c| {
            let last = &c[c.len() - 1];
            (last.x - g.x).abs() < 0.3 * s && g.y > last.y - 0.2 * s && g.y - last.y < 1.8 * s
        });
        match fits {
            Some(c) => c.push(g),
            None => cols.push(vec![g]),
        }
    }
    for c in cols {
        let first = &c[0];
        let text: String = c.iter().map(|g| g.text.as_str()).collect();
        out.push(Glyph {
            text,
            x: first.x,
            y: first.y,
            size: first.size,
            advance: first.size,
            vertical: false,
            rotation: 0,
        });
    }
    out
}

/// The page's character width: the median advance of its digits, else half the median size.
fn char_width(glyphs: &[Glyph]) -> f32 {
    let mut digits: Vec<f32> = glyphs
        .iter()
        .filter(|g| g.text.len() == 1 && g.text.as_bytes()[0].is_ascii_digit() && g.advance > 0.0)
        .map(|g| g.advance)
        .collect();
    let cw = if digits.len() >= 5 {
        median(&mut digits)
    } else {
        let mut sizes: Vec<f32> = glyphs.iter().map(|g| g.size).collect();
        median(&mut sizes) * 0.5
    };
    if cw.is_finite() && cw > 0.5 {
        cw.min(200.0)
    } else {
        5.0
    }
}

fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

/// Groups glyphs into lines by baseline, sorts each line by x and drops duplicates.
fn build_lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.retain(|g| !is_space(&g.text));
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<Glyph>> = Vec::new();
    let mut base = 0.0f32;
    let mut base_size = 0.0f32;
    for g in glyphs {
        let joins = groups.last().is_some_and(|_| {
            let tol = 0.35 * g.size.min(base_size).max(1.0);
            (g.y - base).abs() <= tol
        });
        if joins {
            if let Some(l) = groups.last_mut() {
                l.push(g);
            }
        } else {
            base = g.y;
            base_size = g.size;
            groups.push(vec![g]);
        }
    }
    groups
        .into_iter()
        .map(|mut gs| {
            gs.sort_by(|a, b| a.x.total_cmp(&b.x));
            let gs = dedupe(gs);
            let mut sizes: Vec<f32> = gs.iter().map(|g| g.size).collect();
            let size = median(&mut sizes).max(1.0);
            let mut ys: Vec<f32> = gs.iter().map(|g| g.y).collect();
            let y = median(&mut ys);
            Line {
                y,
                size,
                chunks: chunks(&gs),
            }
        })
        .collect()
}

/// Drops a glyph that repeats one just drawn at (nearly) the same place: fill+stroke text
/// and "bold by overprinting".
fn dedupe(gs: Vec<Glyph>) -> Vec<Glyph> {
    let mut out: Vec<Glyph> = Vec::with_capacity(gs.len());
    for g in gs {
        let tol = 0.15 * g.size.max(1.0);
        let dup = out
            .iter()
            .rev()
            .take_while(|k| g.x - k.x <= tol)
            .any(|k| k.text == g.text && (k.y - g.y).abs() <= tol && (k.x - g.x).abs() <= tol);
        if !dup {
            out.push(g);
        }
    }
    out
}

/// True for a printed number or a dash standing for one (placed by its right edge).
fn numeric(s: &str) -> bool {
    let t = s.trim();
    if matches!(t, "-" | "—" | "——" | "－" | "–" | "--") {
        return true;
    }
    let t = t.strip_suffix('%').unwrap_or(t);
    crate::parse::lexer::parse_number(t).is_some_and(|n| n.money_like)
}

/// A line's glyphs → words → cells.
fn chunks(gs: &[Glyph]) -> Vec<Chunk> {
    // words: glyphs with no visible gap
    struct Word {
        text: String,
        x0: f32,
        x1: f32,
        size: f32,
    }
    let mut words: Vec<Word> = Vec::new();
    for g in gs {
        let s = g.size.max(1.0);
        let adv = if g.advance > 0.0 { g.advance } else { 0.5 * s };
        match words.last_mut() {
            Some(w) if g.x - w.x1 <= SPACE_GAP_EM * s.min(w.size) => {
                w.text.push_str(&g.text);
                w.x1 = w.x1.max(g.x + adv);
            }
            _ => words.push(Word {
                text: g.text.clone(),
                x0: g.x,
                x1: g.x + adv,
                size: s,
            }),
        }
    }
    // cells: words separated by a cell-wide gap, or next to a number
    let mut out: Vec<Chunk> = Vec::new();
    let mut prev_numeric = false;
    for w in words {
        let num = numeric(&w.text);
        let joins = out.last().is_some_and(|c| {
            let gap = w.x0 - c.x1;
            gap <= CELL_GAP_EM * w.size && !num && !prev_numeric
        });
        match out.last_mut() {
            Some(c) if joins => {
                c.text.push(' ');
                c.text.push_str(&w.text);
                c.x1 = c.x1.max(w.x1);
            }
            _ => out.push(Chunk {
                text: w.text,
                x0: w.x0,
                x1: w.x1,
                right: false,
                len: 0,
            }),
        }
        prev_numeric = num;
    }
    for c in &mut out {
        c.right = numeric(&c.text);
        c.len = c.text.chars().count();
    }
    out
}

/// Merges a line into the next one when it sits less than a line's height above it and
/// their cells do not overlap (vertically centred table cells print codes a few points
/// above the label and the numbers of the same row).
fn merge_offset_lines(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut it = lines.into_iter().peekable();
    while let Some(mut line) = it.next() {
        if let Some(next) = it.peek_mut() {
            let close = next.y - line.y < 0.95 * line.size.min(next.size);
            let pad = 0.5 * line.size.min(next.size);
            let disjoint = line.chunks.iter().all(|a| {
                next.chunks
                    .iter()
                    .all(|b| a.x1 + pad <= b.x0 || b.x1 + pad <= a.x0)
            });
            if close && disjoint && !line.chunks.is_empty() {
                next.chunks.append(&mut line.chunks);
                next.chunks.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// Places a line's cells on the character grid.
fn render_line(line: &Line, cw: f32, left: f32) -> String {
    let col = |x: f32| -> i64 {
        let c = ((x - left) / cw).round();
        if c.is_finite() {
            (c as i64).clamp(0, 100_000)
        } else {
            0
        }
    };
    let mut s = String::new();
    let mut end: i64 = 0; // columns used so far
    for (i, c) in line.chunks.iter().enumerate() {
        let len = c.len as i64;
        let want = if c.right { col(c.x1) - len } else { col(c.x0) };
        let min = if i == 0 { 0 } else { end + 2 };
        let start = want.max(min);
        for _ in end..start {
            s.push(' ');
        }
        s.push_str(&c.text);
        end = start + len;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x: f32, y: f32) -> Glyph {
        let cjk = text.chars().any(|c| c as u32 > 0x2E80);
        Glyph {
            text: text.into(),
            x,
            y,
            size: 10.0,
            advance: if cjk { 10.0 } else { 5.0 },
            vertical: false,
            rotation: 0,
        }
    }

    fn word(s: &str, x: f32, y: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for c in s.chars() {
            let gl = g(&c.to_string(), x, y);
            x += gl.advance;
            out.push(gl);
        }
        out
    }

    #[test]
    fn numbers_align_right() {
        let mut gs = Vec::new();
        gs.extend(word("合计", 0.0, 100.0));
        gs.extend(word("1,234.50", 200.0 - 40.0, 100.0));
        gs.extend(word("行政运行", 0.0, 115.0));
        gs.extend(word("4.50", 200.0 - 20.0, 115.0));
        let p = layout_page(&gs, 595.0, 842.0, None);
        let lines: Vec<&str> = p.text.lines().collect();
        assert_eq!(lines.len(), 2);
        let r0 = lines[0].chars().count();
        let r1 = lines[1].chars().count();
        assert_eq!(r0, r1, "{lines:?}");
        assert!(lines[0].starts_with("合计  "));
    }

    #[test]
    fn duplicates_and_offpage_order() {
        let mut gs = word("收入", 0.0, 50.0);
        gs.extend(word("收入", 0.3, 50.2)); // overprinted bold
        let p = layout_page(&gs, 595.0, 842.0, None);
        assert_eq!(p.text, "收入\n");
    }

    #[test]
    fn vertical_column_becomes_a_word() {
        let mut gs = word("项目", 0.0, 50.0);
        for (i, c) in "因公出国".chars().enumerate() {
            let mut gl = g(&c.to_string(), 100.0, 50.0 + 10.0 * i as f32);
            gl.vertical = true;
            gs.push(gl);
        }
        let p = layout_page(&gs, 595.0, 842.0, None);
        assert!(
            p.text.starts_with("项目") && p.text.contains("因公出国"),
            "{}",
            p.text
        );
    }

    #[test]
    fn rotated_minority_is_dropped() {
        let mut gs = word("正文", 0.0, 50.0);
        let mut stamp = g("章", 100.0, 100.0);
        stamp.rotation = 1;
        gs.push(stamp);
        let p = layout_page(&gs, 595.0, 842.0, None);
        assert_eq!(p.rotated, 1);
        assert_eq!(p.text, "正文\n");
    }
}
