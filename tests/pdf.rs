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

fn errors(r: &Report) -> Vec<(String, String)> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule.clone(), f.message_zh.clone()))
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
            if !el.contains(e) {
                notes.push(format!("new error {}: {}", e.0, e.1));
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
