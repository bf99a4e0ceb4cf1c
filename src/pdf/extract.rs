//! Glyphs out of a PDF with `hayro-interpret`: a [`Device`] that records every visible glyph's
//! text, baseline origin, size and advance in display space (y down, `/Rotate` applied).

use hayro_interpret::font::{Glyph as HGlyph, GlyphRun};
use hayro_interpret::hayro_cmap::{BfString, WritingMode};
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect};
use hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, SoftMask, TransformExt,
};

use super::layout::{Glyph, Rule};

/// Most glyphs kept per page (a bound on memory for hostile files; real pages have < 10,000).
pub const MAX_GLYPHS_PER_PAGE: usize = 200_000;
/// Most glyphs kept per document.
pub const MAX_GLYPHS: usize = 2_000_000;
/// Most pages read.
pub const MAX_PAGES: usize = 5_000;
/// Most ruling segments kept per page.
pub const MAX_RULES_PER_PAGE: usize = 50_000;

/// The glyphs of one page and what was dropped.
#[derive(Debug, Default)]
pub struct PageGlyphs {
    /// Page width and height in display space (points).
    pub width: f32,
    /// Height.
    pub height: f32,
    /// Visible, on-page glyphs, in drawing order.
    pub glyphs: Vec<Glyph>,
    /// Horizontal and vertical ruling segments (table borders).
    pub rules: Vec<Rule>,
    /// Glyphs drawn in text render mode 3 or 7 (invisible: OCR layers, clipping).
    pub invisible: usize,
    /// Glyphs outside the page.
    pub off_page: usize,
    /// Glyphs whose font gives no Unicode (Identity-H without ToUnicode and the like).
    pub undecoded: usize,
    /// Glyphs dropped because a limit was reached.
    pub over_limit: usize,
}

/// The glyphs of a document, page by page.
pub struct DocGlyphs {
    /// Pages in order.
    pub pages: Vec<PageGlyphs>,
    /// Pages in the file (may exceed `pages.len()` when [`MAX_PAGES`] was hit).
    pub page_count: usize,
}

/// Interprets every page of an opened document.
pub fn glyphs(pdf: &Pdf) -> DocGlyphs {
    glyphs_with_progress(pdf, &mut |_, _| {})
}

/// [`glyphs`], calling `progress(pages done, pages)` after each page (for a progress bar).
pub fn glyphs_with_progress(pdf: &Pdf, progress: &mut dyn FnMut(usize, usize)) -> DocGlyphs {
    let pages = pdf.pages();
    let settings = InterpreterSettings::default();
    // one cache per document: hayro's cache keys are only unique within a document
    let cache = InterpreterCache::new();
    let mut out = Vec::with_capacity(pages.len().min(MAX_PAGES));
    let mut total = 0usize;
    for page in pages.iter().take(MAX_PAGES) {
        let (w, h) = page.render_dimensions();
        let (w, h) = (finite_or(w, 595.0), finite_or(h, 842.0));
        let mut dev = Collector {
            page: PageGlyphs {
                width: w,
                height: h,
                ..PageGlyphs::default()
            },
            budget: MAX_GLYPHS_PER_PAGE.min(MAX_GLYPHS.saturating_sub(total)),
            last_fill: None,
        };
        let t = page.initial_transform(true).to_kurbo();
        let mut ctx = Context::new(
            t,
            Rect::new(0.0, 0.0, w as f64, h as f64),
            &cache,
            page.xref(),
            settings.clone(),
        );
        interpret_page(page, &mut ctx, &mut dev);
        total += dev.page.glyphs.len();
        out.push(dev.page);
        progress(out.len(), pages.len().min(MAX_PAGES));
    }
    DocGlyphs {
        pages: out,
        page_count: pages.len(),
    }
}

fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        default
    }
}

struct Collector {
    page: PageGlyphs,
    budget: usize,
    /// Signature of the last filled run: a `Stroke` run with the same signature that follows
    /// is the second half of text render mode 2/6 ("fake bold") and is skipped.
    last_fill: Option<u64>,
}

/// FNV-1a over the char codes and quantised origins of a run.
fn run_signature(run: &GlyphRun<'_, '_>, transform: Affine) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |v: u64| {
        for b in v.to_le_bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for g in run.glyphs() {
        let o = (transform * g.transform()) * Point::ORIGIN;
        eat(g.char_code() as u64);
        eat((o.x * 10.0).round() as i64 as u64);
        eat((o.y * 10.0).round() as i64 as u64);
    }
    h
}

impl Collector {
    fn push_rule(&mut self, a: Point, b: Point) {
        if self.page.rules.len() >= MAX_RULES_PER_PAGE {
            return;
        }
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        let ok = [a.x, a.y, b.x, b.y]
            .iter()
            .all(|v| v.is_finite() && v.abs() < 1e6);
        if ok && ((dy <= 0.5 && dx >= 2.0) || (dx <= 0.5 && dy >= 2.0)) {
            self.page.rules.push(Rule {
                x0: a.x.min(b.x) as f32,
                y0: a.y.min(b.y) as f32,
                x1: a.x.max(b.x) as f32,
                y1: a.y.max(b.y) as f32,
            });
        }
    }
}

/// The subpaths of a path made of straight lines only, in display space.
fn polylines(path: &BezPath, t: Affine) -> Vec<Vec<Point>> {
    let mut out: Vec<Vec<Point>> = Vec::new();
    let mut cur: Vec<Point> = Vec::new();
    let mut straight = true;
    for el in path.elements() {
        match *el {
            PathEl::MoveTo(p) => {
                if cur.len() > 1 && straight {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
                straight = true;
                cur.push(t * p);
            }
            PathEl::LineTo(p) => cur.push(t * p),
            PathEl::ClosePath => {
                if let Some(&first) = cur.first() {
                    cur.push(first);
                }
            }
            PathEl::QuadTo(..) | PathEl::CurveTo(..) => straight = false,
        }
        if out.len() > MAX_RULES_PER_PAGE {
            break;
        }
    }
    if cur.len() > 1 && straight {
        out.push(cur);
    }
    out
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        if self.page.rules.len() >= MAX_RULES_PER_PAGE {
            return;
        }
        match mode {
            DrawMode::Stroke(_) | DrawMode::FillAndStroke(..) => {
                for poly in polylines(path, props.transform) {
                    for w in poly.windows(2) {
                        self.push_rule(w[0], w[1]);
                    }
                }
            }
            DrawMode::Fill(_) => {
                // borders drawn as thin filled rectangles (Excel, WPS)
                for poly in polylines(path, props.transform) {
                    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
                    for p in &poly {
                        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
                    }
                    let (w, h) = (x1 - x0, y1 - y0);
                    if h <= 2.5 && w >= 2.0 {
                        let y = (y0 + y1) / 2.0;
                        self.push_rule(Point::new(x0, y), Point::new(x1, y));
                    } else if w <= 2.5 && h >= 2.0 {
                        let x = (x0 + x1) / 2.0;
                        self.push_rule(Point::new(x, y0), Point::new(x, y1));
                    }
                }
            }
            DrawMode::Invisible => {}
        }
    }
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {}
    fn pop_clip(&mut self) {}
    fn pop_transparency_group(&mut self) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        let n = run.glyphs().len();
        match mode {
            DrawMode::Invisible => {
                self.page.invisible += n;
                return;
            }
            DrawMode::Stroke(_) => {
                let sig = run_signature(run, props.transform);
                if self.last_fill.take() == Some(sig) {
                    return;
                }
            }
            DrawMode::Fill(_) => self.last_fill = Some(run_signature(run, props.transform)),
            DrawMode::FillAndStroke(..) => self.last_fill = None,
        }
        let vertical = run.writing_mode() == WritingMode::Vertical;
        let (w, h) = (self.page.width as f64, self.page.height as f64);
        for g in run.glyphs() {
            if self.budget == 0 {
                self.page.over_limit += 1;
                continue;
            }
            let m: Affine = props.transform * g.transform();
            // glyph space is 1000 units per em
            let o = m * Point::ORIGIN;
            let right = m * Point::new(1000.0, 0.0) - o;
            let up = m * Point::new(0.0, 1000.0) - o;
            let size = up.hypot();
            if !(o.x.is_finite()
                && o.y.is_finite()
                && size.is_finite()
                && right.x.is_finite()
                && right.y.is_finite())
            {
                self.page.off_page += 1;
                continue;
            }
            if o.y < -0.5 || o.y > h + 0.5 || o.x < -0.5 || o.x > w + 0.5 {
                self.page.off_page += 1;
                continue;
            }
            let adv_units = match &**g {
                HGlyph::Outline(og) => og.advance_width(),
                HGlyph::Type3(t) => t.advance_width(),
            };
            let scale = right.hypot() / 1000.0;
            let advance = adv_units
                .filter(|a| a.is_finite() && *a >= 0.0)
                .map(|a| a as f64 * scale)
                .unwrap_or(0.0);
            let text = match g.as_unicode() {
                Some(BfString::Char(c)) => c.to_string(),
                Some(BfString::String(s)) => s,
                None => {
                    self.page.undecoded += 1;
                    "\u{FFFD}".to_string()
                }
            };
            // direction of the baseline, quantised to quarter turns (display space, y down)
            let rotation = if right.x.abs() >= right.y.abs() {
                if right.x >= 0.0 {
                    0
                } else {
                    2
                }
            } else if right.y > 0.0 {
                1
            } else {
                3
            };
            self.page.glyphs.push(Glyph {
                text,
                x: o.x as f32,
                y: o.y as f32,
                size: size as f32,
                advance: advance as f32,
                vertical,
                rotation,
            });
            self.budget -= 1;
        }
    }
}
