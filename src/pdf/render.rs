//! One PDF page drawn as SVG, for the page view: the same engine that reads the text
//! (`hayro-interpret`) interprets the page, and a [`Device`] writes what it draws — paths
//! (table rules, fills), glyph outlines (each glyph shape defined once and placed with
//! `<use>`), raster images (as PNG) — in display space (points, y down, `/Rotate` applied),
//! the space of [`crate::source::Source::Pdf`] boxes. So a finding's box drawn over the SVG
//! with the same `viewBox` sits on the printed number.
//!
//! A glyph whose font is not embedded and has no outline (a CJK font the engine cannot
//! supply) is written as `<text>` with its character at its place, drawn by the browser's
//! own CJK font. Every drawn glyph carries its character in `data-u`, so tests (and
//! assistive tools) can tell what is printed where.
//!
//! The output is bounded ([`MAX_ELEMENTS`], [`MAX_SVG_BYTES`]): a hostile page is cut short
//! and says so, it never exhausts memory.

use std::collections::HashMap;
use std::fmt::Write as _;

use hayro_interpret::font::{Glyph as HGlyph, GlyphRun};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect};
use hayro_interpret::{
    interpret_page, BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, FillRule, Image, ImageData,
    ImageDrawProps, InterpreterCache, InterpreterSettings, Paint, SoftMask, TransformExt,
};

use super::{error, open, too_much, PdfError, PdfErrorKind};
use crate::source::escape_xml;

/// Most elements (paths, glyphs, images) written for one page.
pub const MAX_ELEMENTS: usize = 300_000;
/// Largest SVG written for one page (bytes).
pub const MAX_SVG_BYTES: usize = 48 * 1024 * 1024;
/// Images are decoded at most this many pixels wide or high.
const MAX_IMAGE_SIDE: u32 = 1200;

/// A page drawn as SVG.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSvg {
    /// The SVG document (`viewBox="0 0 width height"`, points).
    pub svg: String,
    /// 1-based page number.
    pub page: usize,
    /// Pages in the file.
    pub pages: usize,
    /// Display width (points).
    pub width: f32,
    /// Display height (points).
    pub height: f32,
    /// Glyphs drawn from their outlines.
    pub outlined: usize,
    /// Glyphs drawn as text with the browser's font (no outline in the file).
    pub substituted: usize,
    /// Raster images drawn.
    pub images: usize,
    /// Things not drawn (stencil masks, patterns shown flat, soft masks ignored…).
    pub simplified: usize,
    /// True when a limit cut the page short.
    pub truncated: bool,
}

/// An opened PDF whose pages can be drawn one by one (the page view keeps one per file).
pub struct Renderer {
    pdf: hayro_interpret::hayro_syntax::Pdf,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").field("pages", &self.pages()).finish()
    }
}

/// Draws page `page` (1-based) of a PDF as SVG.
pub fn render_page(bytes: &[u8], page: usize) -> Result<PageSvg, PdfError> {
    Renderer::new(bytes)?.page(page)
}

impl Renderer {
    /// Opens a PDF with the same checks as reading it (size, damage, encryption, and the
    /// drawing cost of every page, so no page can exhaust the engine later).
    pub fn new(bytes: &[u8]) -> Result<Renderer, PdfError> {
        let pdf = open(bytes)?;
        super::limits::interpretation_cost(&pdf, super::extract::MAX_PAGES).map_err(too_much)?;
        Ok(Renderer { pdf })
    }

    /// Pages in the file.
    pub fn pages(&self) -> usize {
        self.pdf.pages().len()
    }

    /// Draws page `page` (1-based) as SVG.
    pub fn page(&self, page: usize) -> Result<PageSvg, PdfError> {
        let pages = self.pdf.pages();
        let count = pages.len();
        let Some(p) = page
            .checked_sub(1)
            .filter(|i| *i < super::extract::MAX_PAGES)
            .and_then(|i| pages.get(i))
        else {
            return Err(error(
                PdfErrorKind::Corrupt,
                format!("PDF 中没有第 {page} 页（共 {count} 页）"),
                format!("the PDF has no page {page} (it has {count})"),
            ));
        };
        draw(p, page, count)
    }
}

fn draw(
    p: &hayro_interpret::hayro_syntax::page::Page<'_>,
    page: usize,
    count: usize,
) -> Result<PageSvg, PdfError> {
    let (w, h) = p.render_dimensions();
    let (w, h) = (finite_or(w, 595.0), finite_or(h, 842.0));
    let cache = InterpreterCache::new();
    let mut ctx = Context::new(
        p.initial_transform(true).to_kurbo(),
        Rect::new(0.0, 0.0, w as f64, h as f64),
        &cache,
        p.xref(),
        InterpreterSettings::default(),
    );
    let mut dev = Svg::default();
    interpret_page(p, &mut ctx, &mut dev);
    let mut svg = String::with_capacity(dev.body.len() + dev.defs.len() + 256);
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img"><rect width="100%" height="100%" fill="#fff"/><defs>"##,
        num(w as f64),
        num(h as f64),
        num(w as f64),
        num(h as f64)
    );
    svg.push_str(&dev.defs);
    svg.push_str("</defs>");
    svg.push_str(&dev.body);
    // groups left open by an unbalanced page
    for _ in 0..dev.open {
        svg.push_str("</g>");
    }
    svg.push_str("</svg>");
    Ok(PageSvg {
        svg,
        page,
        pages: count,
        width: w,
        height: h,
        outlined: dev.outlined,
        substituted: dev.substituted,
        images: dev.images,
        simplified: dev.simplified,
        truncated: dev.truncated,
    })
}

fn finite_or(v: f32, default: f32) -> f32 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        default
    }
}

#[derive(Default)]
struct Svg {
    defs: String,
    body: String,
    /// Glyph outline cache key → id of its `<path>` in `defs` (None: empty outline).
    glyphs: HashMap<u128, Option<usize>>,
    next_id: usize,
    /// `<g>` elements open (clips and groups).
    open: usize,
    elements: usize,
    outlined: usize,
    substituted: usize,
    images: usize,
    simplified: usize,
    truncated: bool,
}

/// A number with at most two decimals ("12.5", "-3", "0").
fn num(v: f64) -> String {
    let mut s = String::new();
    push_num(&mut s, v);
    s
}

fn push_num(out: &mut String, v: f64) {
    let v = if v.is_finite() { v } else { 0.0 };
    let r = (v * 100.0).round() / 100.0;
    let start = out.len();
    let _ = write!(out, "{r:.2}");
    // trim "1.50" → "1.5", "2.00" → "2", "-0.00" → "0"
    while out.ends_with('0') {
        out.pop();
    }
    if out.ends_with('.') {
        out.pop();
    }
    if &out[start..] == "-0" {
        out.truncate(start);
        out.push('0');
    }
}

/// A path as SVG path data, after `t`.
fn path_data(out: &mut String, path: &BezPath, t: Affine) {
    for el in path.elements() {
        let pts: &[Point] = &match *el {
            PathEl::MoveTo(p) => {
                out.push('M');
                [p, p, p]
            }
            PathEl::LineTo(p) => {
                out.push('L');
                [p, p, p]
            }
            PathEl::QuadTo(a, b) => {
                out.push('Q');
                [a, b, b]
            }
            PathEl::CurveTo(a, b, c) => {
                out.push('C');
                [a, b, c]
            }
            PathEl::ClosePath => {
                out.push('Z');
                continue;
            }
        };
        let n = match el {
            PathEl::MoveTo(_) | PathEl::LineTo(_) => 1,
            PathEl::QuadTo(..) => 2,
            _ => 3,
        };
        for (i, p) in pts.iter().take(n).enumerate() {
            let p = t * *p;
            if i > 0 {
                out.push(' ');
            }
            push_num(out, p.x);
            out.push(',');
            push_num(out, p.y);
        }
    }
}

/// `rgb(…)` and opacity of a paint; a pattern is shown as light grey (simplified).
fn color(paint: &Paint<'_>) -> (String, f32, bool) {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, a] = c.to_rgba().to_rgba8();
            (format!("#{r:02x}{g:02x}{b:02x}"), a as f32 / 255.0, false)
        }
        Paint::Pattern(_) => ("#d0d0d0".to_string(), 1.0, true),
    }
}

fn matrix(out: &mut String, m: Affine) {
    out.push_str("matrix(");
    for (i, v) in m.as_coeffs().iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // glyph matrices are small (size / 1000): keep more digits than for coordinates
        let _ = write!(out, "{}", (v * 1e5).round() / 1e5);
    }
    out.push(')');
}

/// How much a transform scales lengths (the square root of its determinant).
fn scale_of(t: Affine) -> f64 {
    let [a, b, c, d, _, _] = t.as_coeffs();
    (a * d - b * c).abs().sqrt()
}

impl Svg {
    /// False (and the page marked truncated) once a limit is reached.
    fn room(&mut self) -> bool {
        if self.elements >= MAX_ELEMENTS || self.body.len() + self.defs.len() >= MAX_SVG_BYTES {
            self.truncated = true;
            return false;
        }
        self.elements += 1;
        true
    }

    fn paint_attrs(&mut self, props: &DrawProps<'_>, mode: &DrawMode, scale: f64) {
        let (fill, stroke) = match mode {
            DrawMode::Fill(rule) => (Some(*rule), None),
            DrawMode::Stroke(s) => (None, Some(s)),
            DrawMode::FillAndStroke(rule, s) => (Some(*rule), Some(s)),
            DrawMode::Invisible => (None, None),
        };
        let (c, alpha, simplified) = color(&props.paint);
        if simplified || props.soft_mask.is_some() {
            self.simplified += 1;
        }
        let b = &mut self.body;
        match fill {
            Some(rule) => {
                let _ = write!(b, r#" fill="{c}""#);
                if rule == FillRule::EvenOdd {
                    b.push_str(r#" fill-rule="evenodd""#);
                }
            }
            None => b.push_str(r#" fill="none""#),
        }
        if let Some(s) = stroke {
            // a zero-width line is the thinnest line the device can draw
            let width = (s.line_width as f64 * scale).max(0.25);
            let _ = write!(b, r#" stroke="{c}" stroke-width="{}""#, num(width));
            if !s.dash_array.is_empty() && s.dash_array.iter().all(|d| d.is_finite() && *d >= 0.0) {
                b.push_str(r#" stroke-dasharray=""#);
                for (i, d) in s.dash_array.iter().enumerate() {
                    if i > 0 {
                        b.push(' ');
                    }
                    push_num(b, *d as f64 * scale);
                }
                b.push('"');
            }
        }
        if alpha < 1.0 {
            let _ = write!(b, r#" opacity="{}""#, num(alpha as f64));
        }
    }

    fn glyph_id(&mut self, key: u128, outline: impl FnOnce() -> BezPath) -> Option<usize> {
        if let Some(id) = self.glyphs.get(&key) {
            return *id;
        }
        let path = outline();
        let id = if path.elements().is_empty() {
            None
        } else {
            let id = self.next_id;
            self.next_id += 1;
            let _ = write!(self.defs, r#"<path id="g{id}" d=""#);
            path_data(&mut self.defs, &path, Affine::IDENTITY);
            self.defs.push_str(r#""/>"#);
            Some(id)
        };
        self.glyphs.insert(key, id);
        id
    }
}

fn unicode(g: &HGlyph<'_>) -> String {
    match g.as_unicode() {
        Some(BfString::Char(c)) => c.to_string(),
        Some(BfString::String(s)) => s,
        None => String::new(),
    }
}

/// Base64 (standard alphabet, padded).
fn base64(out: &mut String, data: &[u8]) {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

/// Every `k`-th pixel of every `k`-th row (`k` ≥ 1), and the new size.
fn thin(pixels: &[u8], w: u32, h: u32, channels: usize, k: u32) -> (Vec<u8>, u32, u32) {
    if k <= 1 {
        return (pixels.to_vec(), w, h);
    }
    let (w2, h2) = (w.div_ceil(k), h.div_ceil(k));
    let mut out = Vec::with_capacity(w2 as usize * h2 as usize * channels);
    for y in (0..h as usize).step_by(k as usize) {
        for x in (0..w as usize).step_by(k as usize) {
            let i = (y * w as usize + x) * channels;
            out.extend_from_slice(&pixels[i..i + channels]);
        }
    }
    (out, w2, h2)
}

/// A PNG of 8-bit pixels: `channels` 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA).
fn png(width: u32, height: u32, channels: u8, pixels: &[u8]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crate::input::zip::crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let color_type = match channels {
        1 => 0,
        2 => 4,
        3 => 2,
        _ => 6,
    };
    let row = width as usize * channels as usize;
    let mut raw = Vec::with_capacity((row + 1) * height as usize);
    for r in pixels.chunks(row.max(1)).take(height as usize) {
        raw.push(0); // filter: none
        raw.extend_from_slice(r);
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, color_type, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 2),
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

impl<'a> Device<'a> for Svg {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        if matches!(mode, DrawMode::Invisible) || !self.room() {
            return;
        }
        self.body.push_str(r#"<path d=""#);
        path_data(&mut self.body, path, props.transform);
        self.body.push('"');
        self.paint_attrs(&props, mode, scale_of(props.transform));
        self.body.push_str("/>");
    }

    fn push_clip_path(&mut self, clip: &ClipPath) {
        let id = self.next_id;
        self.next_id += 1;
        let _ = write!(self.defs, r#"<clipPath id="c{id}"><path d=""#);
        path_data(&mut self.defs, &clip.path, Affine::IDENTITY);
        self.defs.push('"');
        if clip.fill == FillRule::EvenOdd {
            self.defs.push_str(r#" clip-rule="evenodd""#);
        }
        self.defs.push_str("/></clipPath>");
        let _ = write!(self.body, r#"<g clip-path="url(#c{id})">"#);
        self.open += 1;
    }

    fn push_transparency_group(&mut self, opacity: f32, mask: Option<SoftMask<'a>>, _: BlendMode) {
        if mask.is_some() {
            self.simplified += 1;
        }
        if opacity.is_finite() && opacity < 1.0 {
            let _ = write!(self.body, r#"<g opacity="{}">"#, num(opacity.max(0.0) as f64));
        } else {
            self.body.push_str("<g>");
        }
        self.open += 1;
    }

    fn pop_clip(&mut self) {
        if self.open > 0 {
            self.body.push_str("</g>");
            self.open -= 1;
        }
    }

    fn pop_transparency_group(&mut self) {
        self.pop_clip();
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        if matches!(mode, DrawMode::Invisible) {
            return;
        }
        for g in run.glyphs() {
            if !self.room() {
                return;
            }
            let m: Affine = props.transform * g.transform();
            match &**g {
                HGlyph::Outline(og) => {
                    let text = unicode(g);
                    let key = og.identifier().cache_key();
                    match self.glyph_id(key, || og.outline()) {
                        Some(id) => {
                            let _ = write!(self.body, r##"<use href="#g{id}" transform=""##);
                            matrix(&mut self.body, m);
                            self.body.push('"');
                            // glyph space is 1000 units per em: a stroke is scaled with it
                            let glyph_scale = scale_of(m).max(1e-9);
                            self.paint_attrs(&props, mode, 1.0 / glyph_scale);
                            if !text.is_empty() {
                                self.body.push_str(r#" data-u=""#);
                                escape_xml(&mut self.body, &text);
                                self.body.push('"');
                            }
                            self.body.push_str("/>");
                            self.outlined += 1;
                        }
                        None if !text.trim().is_empty() => {
                            // no outline (a font the engine cannot supply): the browser's font
                            let o = m * Point::ORIGIN;
                            let size = (m * Point::new(0.0, 1000.0) - o).hypot();
                            let (c, _, _) = color(&props.paint);
                            let _ = write!(
                                self.body,
                                r#"<text x="{}" y="{}" font-size="{}" fill="{c}" font-family="SimSun,'Songti SC','Noto Serif CJK SC','Noto Sans CJK SC',serif" data-u=""#,
                                num(o.x),
                                num(o.y),
                                num(size)
                            );
                            escape_xml(&mut self.body, &text);
                            self.body.push_str(r#"">"#);
                            escape_xml(&mut self.body, &text);
                            self.body.push_str("</text>");
                            self.substituted += 1;
                        }
                        None => {}
                    }
                }
                HGlyph::Type3(t) => {
                    t.interpret(self, props.transform, g.transform(), &props.paint);
                }
            }
        }
    }

    fn draw_image(&mut self, image: Image<'a, '_>, props: ImageDrawProps<'a>) {
        let Image::Raster(raster) = image else {
            // stencil masks (one-colour images) are not drawn
            self.simplified += 1;
            return;
        };
        if !self.room() {
            return;
        }
        let mut written = None;
        let target = (
            raster.width().clamp(1, MAX_IMAGE_SIDE),
            raster.height().clamp(1, MAX_IMAGE_SIDE),
        );
        raster.with_rgba(
            |data, alpha| {
                let (w, h, sf) = (data.width(), data.height(), data.scale_factors());
                let n = w as usize * h as usize;
                if n == 0 {
                    return;
                }
                let alpha = alpha.filter(|a| a.data.len() == n).map(|a| a.data);
                let (channels, pixels) = match (&data, alpha) {
                    (ImageData::Rgb(d), None) if d.data.len() == 3 * n => (3, d.data.clone()),
                    (ImageData::Luma(d), None) if d.data.len() == n => (1, d.data.clone()),
                    (ImageData::Rgb(d), Some(a)) if d.data.len() == 3 * n => {
                        let mut p = Vec::with_capacity(4 * n);
                        for (rgb, a) in d.data.chunks(3).zip(a) {
                            p.extend_from_slice(rgb);
                            p.push(a);
                        }
                        (4, p)
                    }
                    (ImageData::Luma(d), Some(a)) if d.data.len() == n => {
                        let mut p = Vec::with_capacity(2 * n);
                        for (l, a) in d.data.iter().zip(a) {
                            p.push(*l);
                            p.push(a);
                        }
                        (2, p)
                    }
                    _ => return,
                };
                // a page is shown at most ~2,000 px wide: larger images are thinned first
                let k = w.max(h).div_ceil(MAX_IMAGE_SIDE).max(1);
                let (pixels, w2, h2) = thin(&pixels, w, h, channels, k);
                let sf = (sf.0 * k as f32, sf.1 * k as f32);
                written = Some((png(w2, h2, channels as u8, &pixels), w2, h2, sf));
            },
            Some(target),
        );
        let Some((png, w, h, sf)) = written else {
            self.simplified += 1;
            return;
        };
        // the transform maps the image's pixels (its declared size; a decoded image may be
        // smaller, by `scale_factors`) to the page, first row at the top
        let m = props.transform;
        let _ = write!(
            self.body,
            r#"<image width="{}" height="{}" preserveAspectRatio="none" transform=""#,
            w as f64 * sf.0 as f64,
            h as f64 * sf.1 as f64
        );
        matrix(&mut self.body, m);
        self.body.push_str(r#"" href="data:image/png;base64,"#);
        base64(&mut self.body, &png);
        self.body.push_str(r#""/>"#);
        self.images += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(123.456), "123.46");
    }

    #[test]
    fn base64_pads() {
        let mut s = String::new();
        base64(&mut s, b"any carnal pleas");
        assert_eq!(s, "YW55IGNhcm5hbCBwbGVhcw==");
        s.clear();
        base64(&mut s, b"abc");
        assert_eq!(s, "YWJj");
    }

    #[test]
    fn png_is_well_formed() {
        let p = png(2, 1, 3, &[255, 0, 0, 0, 255, 0]);
        assert!(p.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&p[12..16], b"IHDR");
        assert!(p.ends_with(&[0xAE, 0x42, 0x60, 0x82]), "IEND's CRC");
    }

    #[test]
    fn missing_page_is_refused() {
        let e = render_page(b"not a pdf", 1).unwrap_err();
        assert_eq!(e.kind, PdfErrorKind::NotPdf);
    }
}
