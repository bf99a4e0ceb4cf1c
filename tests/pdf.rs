//! PDF input: every corpus PDF read through `pdf_to_text` gives the same tables and amounts
//! as its `pdftotext -layout` text, and no error the text path does not give; bad files get
//! clear errors, never a panic.
#![cfg(feature = "pdf")]

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use suanpan::model::{Cell, Document, TableKind, Unit};
use suanpan::pdf::{pdf_to_text, PdfErrorKind};
use suanpan::report::{Report, Severity};
use suanpan::{check_document, parse, Options};

fn pdf_dir() -> PathBuf {
    common::corpus_dir().join("pdf")
}

/// Printed amounts of each table, as a multiset.
fn amounts(doc: &Document) -> Vec<BTreeMap<String, usize>> {
    doc.tables
        .iter()
        .map(|t| {
            let mut m = BTreeMap::new();
            for r in &t.rows {
                for c in &r.cells {
                    if let Cell::Amount(a) = c {
                        *m.entry(a.raw.clone()).or_insert(0) += 1;
                    }
                }
            }
            m
        })
        .collect()
}

fn tables(doc: &Document) -> Vec<(TableKind, String, Option<Unit>)> {
    doc.tables
        .iter()
        .map(|t| (t.kind, t.title.clone(), t.unit))
        .collect()
}

/// Error findings, keyed by rule and the printed operands (table and text of every
/// location): the same finding may name a column header a little differently on each path.
type ErrorKey = (String, Vec<(usize, String)>, String);

fn errors(r: &Report) -> Vec<ErrorKey> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            let mut at: Vec<(usize, String)> =
                f.locations.iter().map(|l| (l.table, l.text.clone())).collect();
            at.sort();
            (f.rule.clone(), at, f.message_zh.clone())
        })
        .collect()
}

fn uncertain(doc: &Document) -> usize {
    doc.tables
        .iter()
        .map(|t| t.rows.iter().filter(|r| r.uncertain).count())
        .sum()
}

/// Differences between two multisets: (missing from `got`, extra in `got`).
fn diff(want: &BTreeMap<String, usize>, got: &BTreeMap<String, usize>) -> (Vec<String>, Vec<String>) {
    let mut missing = Vec::new();
    let mut extra = Vec::new();
    for (k, n) in want {
        let g = got.get(k).copied().unwrap_or(0);
        for _ in g..*n {
            missing.push(k.clone());
        }
    }
    for (k, n) in got {
        let w = want.get(k).copied().unwrap_or(0);
        for _ in w..*n {
            extra.push(k.clone());
        }
    }
    (missing, extra)
}

#[test]
fn corpus_pdfs_read_like_their_layout_text() {
    let pdfs = common::files(&pdf_dir(), "pdf");
    assert_eq!(pdfs.len(), 8, "the 8 corpus PDFs are in tests/corpus/pdf");
    let mut failures = Vec::new();
    for path in pdfs {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let pdf = pdf_to_text(&bytes).unwrap_or_else(|e| panic!("{stem}: {}", e.message_en));
        let layout_path = common::corpus_dir()
            .join("text")
            .join(format!("{stem}.layout.txt"));
        let layout = std::fs::read_to_string(&layout_path).unwrap();
        assert_eq!(
            pdf.pages,
            layout.trim_end_matches('\u{c}').split('\u{c}').count(),
            "{stem}: page count"
        );
        let (doc_l, doc_p) = (parse::parse_text(&layout), parse::parse_text(&pdf.text));
        let (rep_l, rep_p) = (
            check_document(&stem, &doc_l, &Options::default()),
            check_document(&stem, &doc_p, &Options::default()),
        );
        let (tl, tp) = (tables(&doc_l), tables(&doc_p));
        let (al, ap) = (amounts(&doc_l), amounts(&doc_p));
        let total: usize = al.iter().flat_map(|m| m.values()).sum();
        let mut matched = 0usize;
        let mut notes = Vec::new();
        if tl != tp {
            notes.push(format!("tables differ:\n  layout {tl:?}\n  pdf    {tp:?}"));
        } else {
            for (i, (l, p)) in al.iter().zip(&ap).enumerate() {
                let (missing, extra) = diff(l, p);
                matched += l.values().sum::<usize>() - missing.len();
                if !missing.is_empty() || !extra.is_empty() {
                    notes.push(format!(
                        "table {i} {}: missing {missing:?}, extra {extra:?}",
                        tl[i].1
                    ));
                }
            }
        }
        let (el, ep) = (errors(&rep_l), errors(&rep_p));
        for e in &ep {
            if !el.iter().any(|l| l.0 == e.0 && l.1 == e.1) {
                notes.push(format!("new error {}: {}", e.0, e.2));
            }
        }
        // allowed (the PDF may be read better), but shown
        for e in &el {
            if !ep.iter().any(|p| p.0 == e.0 && p.1 == e.1) {
                println!("  (layout-only error {}: {})", e.0, e.2);
            }
        }
        println!(
            "{stem}: {} pages, {} glyphs, tables {}/{}, amounts {matched}/{total}, uncertain rows layout {} pdf {}, checks passed layout {} pdf {}, errors layout {} pdf {}",
            pdf.pages,
            pdf.glyphs,
            tp.len(),
            tl.len(),
            uncertain(&doc_l),
            uncertain(&doc_p),
            rep_l.summary.checks_passed,
            rep_p.summary.checks_passed,
            el.len(),
            ep.len()
        );
        for n in &notes {
            println!("  {n}");
        }
        if !notes.is_empty() {
            failures.push(stem);
        }
    }
    assert!(
        failures.is_empty(),
        "PDF path differs from the layout path: {failures:?}"
    );
}

#[test]
fn not_a_pdf() {
    let e = pdf_to_text(b"PK\x03\x04 not a pdf").unwrap_err();
    assert_eq!(e.kind, PdfErrorKind::NotPdf);
    assert!(e.message_zh.contains("PDF") && e.message_en.contains("not a PDF"));
}

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn corpus_pdf(name: &str) -> Vec<u8> {
    std::fs::read(pdf_dir().join(name)).unwrap()
}

#[test]
fn truncated_pdfs_are_refused() {
    let full = corpus_pdf("shanghai-putuo-government-office-2025-dept-budget.pdf");
    for cut in [10, 1000, full.len() / 3, full.len() / 2, full.len() - 10] {
        let e = pdf_to_text(&full[..cut]).unwrap_err();
        assert_eq!(e.kind, PdfErrorKind::Corrupt, "cut at {cut}");
        assert!(e.message_zh.contains("不完整") && e.message_en.contains("incomplete"));
    }
}

/// xorshift: reproducible noise without a dependency
fn noise(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn random_bytes_with_a_pdf_header_are_refused() {
    for seed in 1..40u64 {
        let mut b = b"%PDF-1.7\n".to_vec();
        b.extend(noise(seed, 64 + 97 * seed as usize));
        if seed % 2 == 0 {
            b.extend_from_slice(b"\n%%EOF\n");
        }
        let e = pdf_to_text(&b).unwrap_err();
        assert_eq!(e.kind, PdfErrorKind::Corrupt, "seed {seed}");
    }
    // a corpus file with its middle overwritten by noise: damaged, read what can be read
    let mut b = corpus_pdf("jiangsu-party-committee-office-2018-dept-budget-tables.pdf");
    let n = b.len();
    b[n / 3..n / 2].copy_from_slice(&noise(7, n / 2 - n / 3));
    let _ = pdf_to_text(&b);
}

#[test]
fn encrypted_pdfs() {
    let e = pdf_to_text(&fixture("encrypted-user-password.pdf")).unwrap_err();
    assert_eq!(e.kind, PdfErrorKind::Encrypted);
    assert!(e.message_zh.contains("加密") && e.message_en.contains("encrypted"));
    // an owner password alone does not stop reading
    let t = pdf_to_text(&fixture("encrypted-owner-only.pdf")).unwrap();
    assert!(
        t.text.contains("Total") && t.text.contains("1,234.50"),
        "{}",
        t.text
    );
}

#[test]
fn image_only_pdfs_have_no_text_layer() {
    let e = pdf_to_text(&fixture("image-only.pdf")).unwrap_err();
    assert_eq!(e.kind, PdfErrorKind::NoTextLayer);
    assert!(e.message_zh.contains("没有文字层") && e.message_en.contains("no text layer"));
    // an invisible OCR layer is not read (it may be wrong), and the message says it is there
    let e = pdf_to_text(&fixture("ocr-layer-only.pdf")).unwrap_err();
    assert_eq!(e.kind, PdfErrorKind::NoTextLayer);
    assert!(e.message_zh.contains("OCR") && e.message_en.contains("OCR"));
}

#[test]
fn fonts_without_unicode_maps_are_detected() {
    let e = pdf_to_text(&fixture("identity-h-without-tounicode.pdf")).unwrap_err();
    assert_eq!(e.kind, PdfErrorKind::UndecodableText);
    assert!(e.message_zh.contains("ToUnicode") && e.message_en.contains("ToUnicode"));
}

#[test]
fn read_document_dispatches_pdfs() {
    let name = "shanghai-putuo-wanli-street-2024-dept-budget";
    let d = suanpan::input::read_document_with_notes("x.pdf", &corpus_pdf(&format!("{name}.pdf"))).unwrap();
    assert_eq!(d.format, suanpan::input::SourceFormat::Pdf);
    assert_eq!(d.pages, Some(33));
    let squeezed: String = d.text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains("单位：元") || squeezed.contains("单位:元"));
    let e = suanpan::input::read_document("x.pdf", &fixture("image-only.pdf")).unwrap_err();
    assert!(e.message_zh.starts_with("x.pdf：") && e.message_en.starts_with("x.pdf: "));
}

#[test]
fn rotation_vertical_writing_duplicates_and_hidden_text() {
    let t = pdf_to_text(&fixture("features.pdf")).unwrap();
    let pages: Vec<&str> = t.text.split('\u{c}').collect();
    assert_eq!((t.pages, pages.len()), (4, 4));
    let lines: Vec<&str> = pages[0].lines().collect();
    // predefined CJK CMaps (UniGB-UCS2-H) decode; numbers align by their right edges
    assert!(
        lines[0].starts_with("收入合计  ") && lines[0].ends_with("1,234.50"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("行政运行  ") && lines[1].ends_with("34.50"),
        "{lines:?}"
    );
    assert_eq!(lines[0].chars().count(), lines[1].chars().count(), "{lines:?}");
    // fill+stroke text once; a vertical-writing column (UniGB-UCS2-V) as one word
    assert_eq!(pages[0].matches("粗体").count(), 1);
    assert!(pages[0].contains("因公出国"), "{}", pages[0]);
    // invisible (3 Tr), clipping (7 Tr), off-page and rotated text are not read
    for gone in ["hidden", "clip", "offpage", "9.99", "STAMP"] {
        assert!(!t.text.contains(gone), "{gone} in {}", t.text);
    }
    assert!(t.warnings.iter().any(|w| w.code == "pdf-rotated-text"));
    // /Rotate 90, 180, 270 pages read upright
    for (p, rot) in pages[1..].iter().zip([90, 180, 270]) {
        assert_eq!(p.trim(), format!("Rotate {rot} total  42.00"));
    }
}
