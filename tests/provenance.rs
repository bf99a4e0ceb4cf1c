//! Provenance: every location of a finding says where it was printed, and that place holds
//! what was printed (checked on the operands of every check, passed ones included). For every corpus PDF (shared corpus, golden, unaudited), the box given
//! for a table cell is compared with the glyphs of that page as the PDF engine draws them
//! (read again here, independently of the text layout): the glyphs inside the box spell the
//! cell's number, and the box is not much larger than they are. The page view's renderer
//! (`suanpan::pdf::render`) is held to the same boxes: the glyphs it draws inside each box
//! spell the cell's number, so an outline drawn there sits on the printed number.
#![cfg(feature = "pdf")]

mod common;

use hayro_interpret::hayro_syntax::Pdf;
use suanpan::input::read_document_with_notes;
use suanpan::pdf::extract;
use suanpan::report::{source_of, LocationKind};
use suanpan::source::{Rect, Source};
use suanpan::{check_document, check_text_with_sources, parse, Options};

/// The digits and decimal point of a text (what must match between a cell and its glyphs).
fn digits(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit() || *c == '.').collect()
}

#[test]
fn every_cell_of_a_finding_is_boxed_where_its_glyphs_are() {
    let (mut cells, mut exact, mut pages_named) = (0usize, 0usize, 0usize);
    let mut wrong: Vec<String> = Vec::new();
    for path in common::corpus_pdfs() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let doc = read_document_with_notes(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let report = check_text_with_sources(&name, &doc.text, &doc.sources, &Options::default());
        let pdf = Pdf::new(bytes.clone()).expect("opens");
        let glyphs = extract::glyphs(&pdf);
        for f in &report.findings {
            for l in f.locations.iter().chain(&f.likely_wrong) {
                assert!(l.source.is_some(), "{name}: {} has no source", f.rule);
            }
        }
        // every operand of every check (passed ones too), located the same way
        let parsed = parse::parse_text(&doc.text);
        let all = check_document(&name, &parsed, &Options::default());
        let lines: Vec<&str> = doc.text.split('\n').collect();
        for c in &all.checks {
            for l in &c.locations {
                let source = source_of(l, &parsed, &lines, &doc.sources);
                let Some(Source::Pdf {
                    page,
                    rect,
                    exact: ok,
                    ..
                }) = &source
                else {
                    panic!("{name}: {} located as {source:?}", c.rule);
                };
                pages_named += 1;
                assert!(
                    *page >= 1 && (*page as usize) <= glyphs.pages.len(),
                    "{name}: page {page}"
                );
                if l.kind != LocationKind::Cell || digits(&l.text).is_empty() {
                    continue;
                }
                cells += 1;
                if !ok {
                    continue;
                }
                exact += 1;
                let p = &glyphs.pages[*page as usize - 1];
                // the glyphs whose centre lies in the box, left to right
                let mut inside: Vec<_> = p
                    .glyphs
                    .iter()
                    .filter(|g| {
                        let w = if g.advance > 0.0 { g.advance } else { 0.5 * g.size };
                        let c = Rect {
                            x0: g.x + 0.5 * w,
                            y0: g.y - 0.3 * g.size,
                            x1: g.x + 0.5 * w,
                            y1: g.y - 0.3 * g.size,
                        };
                        rect.contains(&c, 0.0)
                    })
                    .collect();
                inside.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
                inside
                    .dedup_by(|a, b| a.text == b.text && (a.x - b.x).abs() < 0.5 && (a.y - b.y).abs() < 0.5);
                let spelled: String = inside.iter().map(|g| g.text.as_str()).collect();
                let want = digits(&l.text);
                // the box holds the number and little else (a wrapped cell may hold a label)
                let tight = digits(&spelled) == want;
                let width = rect.x1 - rect.x0;
                let small = width < 12.0 * want.len().max(4) as f32;
                if !tight || !small {
                    wrong.push(format!(
                        "{name} {} p.{page} {:?}: cell {:?} but the box holds {:?} (width {width:.0})",
                        c.rule, rect, l.text, spelled
                    ));
                }
            }
        }
    }
    println!("{cells} table cells in checks, {exact} boxed exactly; {pages_named} locations with a page");
    assert!(
        wrong.is_empty(),
        "{} boxes do not hold their cell:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(cells > 10_000, "{cells}");
    // every cell of a finding is found among the cells laid out on its line
    assert!(
        exact * 100 >= cells * 98,
        "{exact} of {cells} cells boxed exactly"
    );
}

/// The glyphs the page view draws (`<use … transform="matrix(a b c d e f)" … data-u="x"/>`):
/// each glyph's character and the centre of its em box on the page.
fn drawn_glyphs(svg: &str) -> Vec<(String, f32, f32)> {
    let mut out = Vec::new();
    for el in svg.split("<use ").skip(1) {
        let el = &el[..el.find("/>").unwrap_or(el.len())];
        let attr = |name: &str| {
            let start = el.find(&format!("{name}=\""))? + name.len() + 2;
            Some(&el[start..start + el[start..].find('"')?])
        };
        let (Some(m), Some(u)) = (attr("transform"), attr("data-u")) else {
            continue;
        };
        let m: Vec<f64> = m
            .trim_start_matches("matrix(")
            .trim_end_matches(')')
            .split(' ')
            .filter_map(|v| v.parse().ok())
            .collect();
        if m.len() != 6 {
            continue;
        }
        // a quarter em right of the origin and 0.3 em above the baseline (glyph space: 1000/em)
        let (gx, gy) = (250.0, 300.0);
        let x = m[0] * gx + m[2] * gy + m[4];
        let y = m[1] * gx + m[3] * gy + m[5];
        out.push((u.to_string(), x as f32, y as f32));
    }
    out
}

#[test]
fn the_page_view_draws_every_checked_number_inside_its_box() {
    use std::collections::HashMap;
    use suanpan::pdf::render::Renderer;
    let (mut cells, mut pages) = (0usize, 0usize);
    let mut wrong: Vec<String> = Vec::new();
    for path in common::corpus_pdfs() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let doc = read_document_with_notes(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let renderer = Renderer::new(&bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let mut drawn: HashMap<u32, Vec<(String, f32, f32)>> = HashMap::new();
        // the operands of every check (passed ones too), located as findings are
        let parsed = parse::parse_text(&doc.text);
        let all = check_document(&name, &parsed, &Options::default());
        let lines: Vec<&str> = doc.text.split('\n').collect();
        for c in &all.checks {
            for l in &c.locations {
                let Some(Source::Pdf {
                    page,
                    rect,
                    exact: true,
                    ..
                }) = source_of(l, &parsed, &lines, &doc.sources)
                else {
                    continue;
                };
                if l.kind != LocationKind::Cell || digits(&l.text).is_empty() {
                    continue;
                }
                let glyphs = drawn.entry(page).or_insert_with(|| {
                    pages += 1;
                    let svg = renderer.page(page as usize).expect("renders").svg;
                    drawn_glyphs(&svg)
                });
                cells += 1;
                let mut inside: Vec<&(String, f32, f32)> = glyphs
                    .iter()
                    .filter(|(_, x, y)| {
                        rect.contains(
                            &Rect {
                                x0: *x,
                                y0: *y,
                                x1: *x,
                                y1: *y,
                            },
                            0.5,
                        )
                    })
                    .collect();
                inside.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.1.total_cmp(&b.1)));
                inside.dedup_by(|a, b| a.0 == b.0 && (a.1 - b.1).abs() < 0.5 && (a.2 - b.2).abs() < 0.5);
                let spelled: String = inside.iter().map(|g| g.0.as_str()).collect();
                if digits(&spelled) != digits(&l.text) {
                    wrong.push(format!(
                        "{name} {} p.{page} {rect:?}: cell {:?} but the page view draws {spelled:?} there",
                        c.rule, l.text
                    ));
                }
            }
        }
    }
    println!("{cells} cells of checks on {pages} pages drawn inside their boxes");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(cells > 10_000, "{cells}");
}
