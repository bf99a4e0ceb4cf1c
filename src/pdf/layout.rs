//! Positioned glyphs → lines of text on a character grid, like `pdftotext -layout`
//! (docs/pdf.md, section 2).
//!
//! 1. Orientation: the page's dominant baseline direction is made horizontal; glyphs in other
//!    directions (stamps, rotated header cells, watermarks) are dropped and counted.
//! 2. Vertical writing (WMode 1): each column of glyphs becomes one horizontal word placed
//!    where the column starts.
//! 3. Lines: glyphs are grouped by baseline (tolerance relative to the font size), sorted by
//!    x, and fill+stroke or overprinted duplicates are removed.
//! 4. Rows: in ruled tables, the lines between two row borders (a wrapped label, cells
//!    centred at different heights) become one line; elsewhere a line of codes printed a
//!    little above the next line joins it.
//! 5. Words and cells: a gap wider than 0.15 em is a space; wider than [`CELL_GAP_EM`], across
//!    a vertical rule, or next to a number it separates cells.
//! 6. Grid: x maps to a column by a per-page character width (the median advance of the
//!    page's digits). Numbers are placed by their right edge and text by its left edge, so
//!    that right-aligned table columns line up on their right edges on every line; cells
//!    keep at least two spaces between them (a cell that would collide moves right). On
//!    header lines, CJK cells are spaced out to their width on paper.

use crate::source::{Piece, Rect};

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

/// An axis-aligned ruling segment (a table border) in display space: `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

/// A horizontal rule: y and its x extent.
#[derive(Debug, Clone, Copy)]
struct HRule {
    y: f32,
    x0: f32,
    x1: f32,
}

/// A vertical rule: x and its y extent.
#[derive(Debug, Clone, Copy)]
struct VRule {
    x: f32,
    y0: f32,
    y1: f32,
}

/// Height of a glyph above its baseline and below it, in ems (boxes drawn around cells).
const ASCENT: f32 = 0.88;
/// Below the baseline.
const DESCENT: f32 = 0.14;

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
    /// Baseline of its (last) line.
    y: f32,
    /// Top and bottom of its glyphs (all its lines).
    top: f32,
    /// Bottom.
    bottom: f32,
    /// Joined from cells of several lines (a wrapped label).
    joined: bool,
}

#[derive(Debug, Clone)]
struct Line {
    /// Baseline (the first one, for a line merged from several).
    y: f32,
    /// Baseline of the last line merged into this one.
    y_end: f32,
    size: f32,
    chunks: Vec<Chunk>,
}

impl Line {
    fn extent(&self) -> (f32, f32) {
        let x0 = self.chunks.iter().map(|c| c.x0).fold(f32::INFINITY, f32::min);
        let x1 = self.chunks.iter().map(|c| c.x1).fold(f32::NEG_INFINITY, f32::max);
        (x0, x1)
    }
}

fn is_space(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// A page's lines, ready to be placed on the grid once its left margin is chosen.
#[derive(Debug, Default, Clone)]
pub struct Page {
    lines: Vec<Line>,
    /// Character width (points per column).
    cw: f32,
    /// Leftmost glyph origin, when the page has text.
    pub left: Option<f32>,
    /// Characters (spaces not counted).
    pub glyphs: usize,
    /// Glyphs dropped because their baseline ran in another direction than the page's text.
    pub rotated: usize,
    /// The dominant text direction (quarter turns) and the page's display size: boxes of
    /// the laid-out frame are turned back into display space with them.
    turn: (u8, f32, f32),
}

impl Page {
    /// True when the page starts with a table row (several cells, one of them a number or a
    /// code): a table continued from the previous page.
    pub fn starts_with_table_row(&self) -> bool {
        self.lines.first().is_some_and(|l| {
            l.chunks.len() >= 2
                && l.chunks
                    .iter()
                    .any(|c| c.right || c.text.chars().all(|ch| ch.is_ascii_digit()))
        })
    }
}

/// Builds a page's lines. `width`/`height` are its display dimensions; `rules` its ruling
/// segments.
pub fn prepare_page(glyphs: &[Glyph], rules: &[Rule], width: f32, height: f32) -> Page {
    let mut out = Page::default();
    let (glyphs, rotated, dominant) = upright(glyphs, width, height);
    out.rotated = rotated;
    out.turn = (dominant, width, height);
    let hrules = horizontal_rules(rules, dominant, width, height);
    let vrules = vertical_rules(rules, dominant, width, height);
    let glyphs = collapse_vertical(glyphs);
    out.glyphs = glyphs
        .iter()
        .filter(|g| !is_space(&g.text))
        .map(|g| g.text.chars().count())
        .sum();
    if out.glyphs == 0 {
        return out;
    }
    out.cw = char_width(&glyphs);
    out.left = Some(page_left(&glyphs));
    out.lines = merge_offset_lines(merge_ruled_rows(build_lines(glyphs, &vrules), &hrules, out.cw));
    out
}

/// Places a page's lines on the grid with column 0 at x = `left`; every line ends with `\n`.
pub fn render_page(page: &Page, left: f32) -> String {
    render_page_with_pieces(page, left).0
}

/// [`render_page`], also returning the cells of every line (one entry per line of the text,
/// blank lines included): their character columns and their boxes in display space.
pub fn render_page_with_pieces(page: &Page, left: f32) -> (String, Vec<Vec<Piece>>) {
    let mut text = String::new();
    let mut pieces = Vec::with_capacity(page.lines.len());
    let mut prev: Option<&Line> = None;
    for line in &page.lines {
        if let Some(p) = prev {
            // one blank line for a paragraph-sized vertical gap
            let pitch = line.y - p.y_end;
            if pitch > 2.2 * p.size.max(line.size) {
                text.push('\n');
                pieces.push(Vec::new());
            }
        }
        let (s, mut ps) = render_line(line, page.cw, left);
        for p in &mut ps {
            p.rect = unturn(p.rect, page.turn);
        }
        text.push_str(&s);
        text.push('\n');
        pieces.push(ps);
        prev = Some(line);
    }
    (text, pieces)
}

/// A box of the laid-out frame (text running left to right) in display space: the inverse of
/// [`rotate`] applied to its corners.
fn unturn(r: Rect, (rotation, width, height): (u8, f32, f32)) -> Rect {
    let back = |x: f32, y: f32| match rotation & 3 {
        1 => (width - y, x),
        2 => (width - x, height - y),
        3 => (y, height - x),
        _ => (x, y),
    };
    let (ax, ay) = back(r.x0, r.y0);
    let (bx, by) = back(r.x1, r.y1);
    Rect {
        x0: ax.min(bx),
        y0: ay.min(by),
        x1: ax.max(bx),
        y1: ay.max(by),
    }
}

/// Lays out one page on its own (column 0 at its leftmost glyph, or at `left_margin` when
/// that is further left).
pub fn layout_page(
    glyphs: &[Glyph],
    rules: &[Rule],
    width: f32,
    height: f32,
    left_margin: Option<f32>,
) -> PageText {
    let page = prepare_page(glyphs, rules, width, height);
    let left = page.left.unwrap_or(0.0).min(left_margin.unwrap_or(f32::INFINITY));
    PageText {
        text: render_page(&page, left),
        glyphs: page.glyphs,
        rotated: page.rotated,
    }
}

fn page_left(glyphs: &[Glyph]) -> f32 {
    glyphs
        .iter()
        .filter(|g| !is_space(&g.text))
        .map(|g| g.x)
        .fold(f32::INFINITY, f32::min)
        .max(0.0)
}

/// A display-space point in the frame where text of direction `rotation` runs left to right.
fn rotate(x: f32, y: f32, rotation: u8, width: f32, height: f32) -> (f32, f32) {
    match rotation & 3 {
        1 => (y, width - x),
        2 => (width - x, height - y),
        3 => (height - y, x),
        _ => (x, y),
    }
}

/// The rules that are horizontal once the page is turned to its text direction.
fn horizontal_rules(rules: &[Rule], rotation: u8, width: f32, height: f32) -> Vec<HRule> {
    let mut out: Vec<HRule> = rules
        .iter()
        .filter_map(|r| {
            let (ax, ay) = rotate(r.x0, r.y0, rotation, width, height);
            let (bx, by) = rotate(r.x1, r.y1, rotation, width, height);
            ((ay - by).abs() <= 0.5 && (ax - bx).abs() >= 2.0).then(|| HRule {
                y: (ay + by) / 2.0,
                x0: ax.min(bx),
                x1: ax.max(bx),
            })
        })
        .collect();
    out.sort_by(|a, b| a.y.total_cmp(&b.y));
    out
}

/// The rules that are vertical once the page is turned to its text direction, by x.
fn vertical_rules(rules: &[Rule], rotation: u8, width: f32, height: f32) -> Vec<VRule> {
    let mut out: Vec<VRule> = rules
        .iter()
        .filter_map(|r| {
            let (ax, ay) = rotate(r.x0, r.y0, rotation, width, height);
            let (bx, by) = rotate(r.x1, r.y1, rotation, width, height);
            ((ax - bx).abs() <= 0.5 && (ay - by).abs() >= 2.0).then(|| VRule {
                x: (ax + bx) / 2.0,
                y0: ay.min(by),
                y1: ay.max(by),
            })
        })
        .collect();
    out.sort_by(|a, b| a.x.total_cmp(&b.x));
    out
}

/// True when a cell border runs between x0 and x1 at the height of text on baseline `y`.
fn border(vrules: &[VRule], x0: f32, x1: f32, y: f32, size: f32) -> bool {
    let (lo, hi) = (x0.min(x1) - 0.5, x0.max(x1) + 0.5);
    let from = vrules.partition_point(|r| r.x < lo);
    vrules[from..]
        .iter()
        .take_while(|r| r.x <= hi)
        .any(|r| r.y0 <= y - 0.5 * size && r.y1 >= y)
}

/// Rotates the page so its dominant text direction runs left to right; drops the rest.
/// Returns the glyphs, how many were dropped and the dominant direction.
fn upright(glyphs: &[Glyph], width: f32, height: f32) -> (Vec<Glyph>, usize, u8) {
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
        let (x, y) = rotate(g.x, g.y, dominant, width, height);
        out.push(Glyph {
            x,
            y,
            rotation: 0,
            ..g.clone()
        });
    }
    (out, dropped, dominant)
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
fn build_lines(mut glyphs: Vec<Glyph>, vrules: &[VRule]) -> Vec<Line> {
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
                y_end: y,
                size,
                chunks: chunks(&gs, vrules),
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
fn chunks(gs: &[Glyph], vrules: &[VRule]) -> Vec<Chunk> {
    // words: glyphs with no visible gap
    struct Word {
        text: String,
        x0: f32,
        x1: f32,
        size: f32,
        y: f32,
        top: f32,
        bottom: f32,
    }
    let mut words: Vec<Word> = Vec::new();
    for g in gs {
        let s = g.size.max(1.0);
        let adv = if g.advance > 0.0 { g.advance } else { 0.5 * s };
        match words.last_mut() {
            Some(w) if g.x - w.x1 <= SPACE_GAP_EM * s.min(w.size) && !border(vrules, w.x1, g.x, g.y, s) => {
                w.text.push_str(&g.text);
                w.x1 = w.x1.max(g.x + adv);
                w.top = w.top.min(g.y - ASCENT * s);
                w.bottom = w.bottom.max(g.y + DESCENT * s);
            }
            _ => words.push(Word {
                text: g.text.clone(),
                x0: g.x,
                x1: g.x + adv,
                size: s,
                y: g.y,
                top: g.y - ASCENT * s,
                bottom: g.y + DESCENT * s,
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
            gap <= CELL_GAP_EM * w.size && !num && !prev_numeric && !border(vrules, c.x1, w.x0, w.y, w.size)
        });
        match out.last_mut() {
            Some(c) if joins => {
                c.text.push(' ');
                c.text.push_str(&w.text);
                c.x1 = c.x1.max(w.x1);
                c.top = c.top.min(w.top);
                c.bottom = c.bottom.max(w.bottom);
            }
            _ => out.push(Chunk {
                text: w.text,
                x0: w.x0,
                x1: w.x1,
                right: false,
                len: 0,
                y: w.y,
                top: w.top,
                bottom: w.bottom,
                joined: false,
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

/// Length of `[x0, x1]` covered by horizontal rules lying strictly between `y0` and `y1`.
fn rule_cover(hrules: &[HRule], y0: f32, y1: f32, x0: f32, x1: f32) -> f32 {
    let from = hrules.partition_point(|r| r.y <= y0);
    hrules[from..]
        .iter()
        .take_while(|r| r.y < y1)
        .map(|r| (r.x1.min(x1) - r.x0.max(x0)).max(0.0))
        .sum()
}

/// True when a ruling line runs between two lines over their common width (a row border).
fn separated(a: &Line, b: &Line, hrules: &[HRule]) -> bool {
    let (ax0, ax1) = a.extent();
    let (bx0, bx1) = b.extent();
    let (x0, x1) = (ax0.min(bx0), ax1.max(bx1));
    let narrow = (ax1 - ax0).min(bx1 - bx0).max(1.0);
    rule_cover(hrules, a.y_end, b.y - 0.7 * b.size, x0, x1) >= 0.3 * narrow
}

/// Joins a wrapped cell's next line to its text: no space between CJK characters.
fn join_wrapped(a: &mut Chunk, b: &Chunk) {
    let last = a.text.chars().last();
    let first = b.text.chars().next();
    if last.is_some_and(|c| c.is_ascii_alphanumeric()) && first.is_some_and(|c| c.is_ascii_alphanumeric()) {
        a.text.push(' ');
    }
    a.text.push_str(&b.text);
    a.x0 = a.x0.min(b.x0);
    a.x1 = a.x1.max(b.x1);
    a.top = a.top.min(b.top);
    a.bottom = a.bottom.max(b.bottom);
    a.y = b.y;
    a.joined = true;
}

/// Merges the lines of one ruled table row into one line: a cell that wraps continues its
/// text, and cells printed at different heights (vertically centred) come together.
/// Returns `None` when the lines do not fit together (two numbers in one place).
fn merge_band(band: &[Line], cw: f32, hrules: &[HRule]) -> Option<Line> {
    let mut merged = band[0].clone();
    let top = band[0].y;
    for l in &band[1..] {
        for c in &l.chunks {
            // a border above this cell inside the band: it is a lower row of a header whose
            // upper cells span several columns
            let w = (c.x1 - c.x0).max(0.1);
            if rule_cover(hrules, top, c.y - 0.7 * l.size, c.x0, c.x1) >= 0.5 * w {
                return None;
            }
            let pad = 0.2 * l.size;
            let over: Vec<usize> = merged
                .chunks
                .iter()
                .enumerate()
                .filter(|(_, m)| m.x0 < c.x1 + pad && c.x0 < m.x1 + pad)
                .map(|(i, _)| i)
                .collect();
            match over.as_slice() {
                [] => merged.chunks.push(c.clone()),
                [i] if !merged.chunks[*i].right && !c.right => {
                    let m = &mut merged.chunks[*i];
                    // one cell only: no border between the two pieces (a spanning header
                    // cell above its sub-columns is two cells)
                    let (o0, o1) = (m.x0.max(c.x0), m.x1.min(c.x1));
                    if o1 > o0 && rule_cover(hrules, m.y, c.y - 0.7 * l.size, o0, o1) >= 0.5 * (o1 - o0) {
                        return None;
                    }
                    // the joined text must fit the cell's width on the grid, or it would run
                    // into the next column (narrow header cells wrapped over three lines)
                    let len = m.text.chars().count() + c.text.chars().count();
                    let width = (m.x1.max(c.x1) - m.x0.min(c.x0)) / cw;
                    if len as f32 > width + 1.0 {
                        return None;
                    }
                    join_wrapped(m, c);
                }
                _ => return None,
            }
        }
        merged.chunks.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        merged.y_end = l.y_end;
        merged.size = merged.size.max(l.size);
    }
    for c in &mut merged.chunks {
        c.right = numeric(&c.text);
        c.len = c.text.chars().count();
    }
    Some(merged)
}

/// In ruled tables, the lines between two row borders are one row: wrapped labels and
/// vertically centred cells print one row on several lines (pitfall 11 of
/// docs/pdf-engines.md). A band is merged when ruling lines close it above and below, no rule
/// runs through it, and it is at most a few lines high.
fn merge_ruled_rows(lines: Vec<Line>, hrules: &[HRule], cw: f32) -> Vec<Line> {
    if hrules.is_empty() || lines.len() < 2 {
        return lines;
    }
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        // the band starting at line i
        let mut j = i + 1;
        while j < lines.len() {
            let (a, b) = (&lines[j - 1], &lines[j]);
            let close = b.y - a.y_end <= 1.8 * a.size.max(b.size);
            if !close || separated(a, b, hrules) {
                break;
            }
            j += 1;
        }
        let band = &lines[i..j];
        let merged = (band.len() >= 2)
            .then(|| {
                let first = &band[0];
                let last = &band[band.len() - 1];
                let size = band.iter().map(|l| l.size).fold(0.0f32, f32::max);
                let (x0, x1) = band
                    .iter()
                    .map(Line::extent)
                    .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), (c, d)| {
                        (a.min(c), b.max(d))
                    });
                let width = (x1 - x0).max(1.0);
                let closed_above =
                    rule_cover(hrules, first.y - 2.2 * size, first.y - 0.6 * first.size, x0, x1)
                        >= 0.5 * width;
                let closed_below =
                    rule_cover(hrules, last.y_end, last.y_end + 1.2 * size, x0, x1) >= 0.5 * width;
                let short = last.y_end - first.y <= 3.5 * size;
                (closed_above && closed_below && short)
                    .then(|| merge_band(band, cw, hrules))
                    .flatten()
            })
            .flatten();
        match merged {
            Some(m) => out.push(m),
            None => out.extend(band.iter().cloned()),
        }
        i = j;
    }
    out
}

/// Merges a line of codes into the next one when it sits less than a line's height above it
/// and their cells do not overlap (unruled tables with vertically centred cells print the
/// codes a few points above the label and the numbers of the same row).
fn merge_offset_lines(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut it = lines.into_iter().peekable();
    while let Some(mut line) = it.next() {
        if let Some(next) = it.peek_mut() {
            let close = next.y - line.y_end < 0.95 * line.size.min(next.size);
            let pad = 0.5 * line.size.min(next.size);
            let codes = line
                .chunks
                .iter()
                .all(|c| c.text.chars().all(|ch| ch.is_ascii_digit() || ch == ' '));
            let disjoint = line.chunks.iter().all(|a| {
                next.chunks
                    .iter()
                    .all(|b| a.x1 + pad <= b.x0 || b.x1 + pad <= a.x0)
            });
            if close && codes && disjoint && !line.chunks.is_empty() {
                next.chunks.append(&mut line.chunks);
                next.chunks.sort_by(|a, b| a.x0.total_cmp(&b.x0));
                next.y = line.y;
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// Places a line's cells on the character grid.
///
/// On a line of several text cells and no number (a table header, a row of labels), a cell
/// of CJK text only is spaced out ("预 算 数"): each character then takes two columns, the
/// width it has on paper, and the parser matches headers to amount columns by their overlap
/// (a spaced-out cell stays one word for it). Elsewhere text is packed one column per
/// character, like pdftotext.
fn render_line(line: &Line, cw: f32, left: f32) -> (String, Vec<Piece>) {
    let col = |x: f32| -> i64 {
        let c = ((x - left) / cw).round();
        if c.is_finite() {
            (c as i64).clamp(0, 100_000)
        } else {
            0
        }
    };
    let spread_line = line.chunks.len() >= 2 && !line.chunks.iter().any(|c| c.right);
    let mut s = String::new();
    let mut pieces = Vec::with_capacity(line.chunks.len());
    let mut end: i64 = 0; // columns used so far
    for (i, c) in line.chunks.iter().enumerate() {
        let spaced: Option<String> = (spread_line
            && !c.joined
            && c.text.chars().count() >= 2
            && !c.text.chars().any(|ch| ch.is_ascii_alphanumeric()))
        .then(|| {
            let chars: Vec<String> = c
                .text
                .split_whitespace()
                .flat_map(|w| w.chars())
                .map(String::from)
                .collect();
            chars.join(" ")
        });
        let text = spaced.as_deref().unwrap_or(&c.text);
        let len = text.chars().count() as i64;
        let want = if c.right { col(c.x1) - len } else { col(c.x0) };
        let min = if i == 0 { 0 } else { end + 2 };
        let start = want.max(min);
        for _ in end..start {
            s.push(' ');
        }
        s.push_str(text);
        end = start + len;
        pieces.push(Piece {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            rect: Rect {
                x0: c.x0,
                y0: c.top,
                x1: c.x1,
                y1: c.bottom,
            },
        });
    }
    (s, pieces)
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
        let p = layout_page(&gs, &[], 595.0, 842.0, None);
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
        let p = layout_page(&gs, &[], 595.0, 842.0, None);
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
        let p = layout_page(&gs, &[], 595.0, 842.0, None);
        // a header line: its CJK cells are spaced out to their width on paper
        assert!(
            p.text.starts_with("项 目") && p.text.contains("因 公 出 国"),
            "{}",
            p.text
        );
    }

    fn hrule(y: f32, x0: f32, x1: f32) -> Rule {
        Rule { x0, y0: y, x1, y1: y }
    }

    #[test]
    fn a_ruled_row_printed_on_several_lines_is_one_line() {
        // codes a few points above, a label wrapped over two lines, numbers in between
        let mut gs = word("208", 10.0, 94.0);
        gs.extend(word("机关事业单位基本", 60.0, 96.0));
        gs.extend(word("160.75", 280.0, 101.0));
        gs.extend(word("缴费支出", 60.0, 108.0));
        let rules = [hrule(82.0, 0.0, 320.0), hrule(112.0, 0.0, 320.0)];
        let p = layout_page(&gs, &rules, 595.0, 842.0, None);
        let lines: Vec<&str> = p.text.lines().collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].contains("机关事业单位基本缴费支出"), "{lines:?}");
        assert!(
            lines[0].starts_with("208  ") && lines[0].ends_with("160.75"),
            "{lines:?}"
        );
        // without the borders the same glyphs stay on their lines (pdftotext-like)
        let p = layout_page(&gs, &[], 595.0, 842.0, None);
        assert!(p.text.lines().count() >= 3, "{}", p.text);
    }

    #[test]
    fn header_cells_spanning_columns_stay_on_their_line() {
        let mut gs = word("支出", 100.0, 96.0);
        gs.extend(word("项目", 10.0, 103.0));
        gs.extend(word("基本", 60.0, 110.0));
        gs.extend(word("项目", 140.0, 110.0));
        // the border under 支出 runs over the sub-columns only
        let rules = [
            hrule(82.0, 0.0, 200.0),
            hrule(100.0, 50.0, 200.0),
            hrule(114.0, 0.0, 200.0),
        ];
        let p = layout_page(&gs, &rules, 595.0, 842.0, None);
        assert_eq!(p.text.lines().count(), 3, "{}", p.text);
    }

    #[test]
    fn rotated_minority_is_dropped() {
        let mut gs = word("正文", 0.0, 50.0);
        let mut stamp = g("章", 100.0, 100.0);
        stamp.rotation = 1;
        gs.push(stamp);
        let p = layout_page(&gs, &[], 595.0, 842.0, None);
        assert_eq!(p.rotated, 1);
        assert_eq!(p.text, "正文\n");
    }
}
