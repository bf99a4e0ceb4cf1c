//! The annotated PDF (`suanpan check --annotate OUT.pdf FILE.pdf`): for every corpus PDF, the
//! original bytes are a prefix of the output, our reader reads the same text from it, and two
//! independent readers agree: qpdf finds no structural error and counts one highlight per
//! annotation written, poppler's pdftotext extracts the same text as from the original.
//! (CI installs qpdf and poppler-utils; elsewhere that half is skipped with a note.)
#![cfg(feature = "pdf")]

mod common;

use std::path::Path;
use std::process::Command;

use suanpan::input::read_document_with_notes;
use suanpan::pdf::annotate::{annotate, marks};
use suanpan::pdf::pdf_to_text;
use suanpan::{check_text_with_sources, Options};

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

/// Highlight annotations on the pages of a PDF, as qpdf reads them.
fn qpdf_highlights(path: &Path) -> usize {
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=pages", "--json-key=qpdf"])
        .arg(path)
        .output()
        .expect("qpdf runs");
    let json: serde_json::Value =
        serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).expect("qpdf JSON");
    let objects = &json["qpdf"][1];
    let resolve = |v: &serde_json::Value| -> serde_json::Value {
        match v.as_str() {
            Some(r) if r.ends_with(" R") => objects[format!("obj:{r}")]["value"].clone(),
            _ => v.clone(),
        }
    };
    let mut n = 0;
    for page in json["pages"].as_array().expect("pages") {
        let dict = resolve(&page["object"]);
        let annots = resolve(&dict["/Annots"]);
        for a in annots.as_array().into_iter().flatten() {
            if resolve(a)["/Subtype"] == "/Highlight" {
                n += 1;
            }
        }
    }
    n
}

fn pdftotext(path: &Path) -> Vec<u8> {
    Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs")
        .stdout
}

#[test]
fn every_corpus_pdf_annotates_as_an_incremental_update() {
    let independent = have("qpdf") && have("pdftotext");
    if !independent {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have qpdf and pdftotext (scripts/tools.sh installs them)"
        );
        println!("qpdf or pdftotext missing: only our own reader checks the output");
    }
    let dir = std::env::temp_dir().join(format!("suanpan-annotate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (mut files, mut written) = (0usize, 0usize);
    for path in common::corpus_pdfs() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let doc = read_document_with_notes(&name, &bytes).unwrap();
        let report = check_text_with_sources(&name, &doc.text, &doc.sources, &Options::default());
        let m = marks(&report);
        let located = report
            .findings
            .iter()
            .filter(|f| {
                f.locations
                    .iter()
                    .any(|l| matches!(l.source, Some(suanpan::source::Source::Pdf { .. })))
            })
            .count();
        assert!(
            m.len() >= located,
            "{name}: {} marks for {located} findings",
            m.len()
        );
        let out = annotate(&bytes, &m).unwrap_or_else(|e| panic!("{name}: {}", e.message_en));
        assert_eq!(out.skipped, 0, "{name}");
        assert_eq!(out.annotations, m.len(), "{name}");
        assert!(
            out.bytes.starts_with(&bytes),
            "{name}: the original bytes are a prefix"
        );
        // our reader: the same text
        assert_eq!(
            pdf_to_text(&out.bytes).unwrap().text,
            pdf_to_text(&bytes).unwrap().text,
            "{name}"
        );
        if independent {
            let file = dir.join(&name);
            std::fs::write(&file, &out.bytes).unwrap();
            let check = Command::new("qpdf").arg("--check").arg(&file).output().unwrap();
            // exit 0: no problem; 3: warnings only (which the original may already have)
            assert!(
                matches!(check.status.code(), Some(0) | Some(3)),
                "{name}: qpdf --check: {}",
                String::from_utf8_lossy(&check.stdout)
            );
            assert_eq!(qpdf_highlights(&file), m.len(), "{name}: highlights qpdf counts");
            assert_eq!(
                pdftotext(&file),
                pdftotext(&path),
                "{name}: pdftotext reads the same text"
            );
            std::fs::remove_file(&file).ok();
        }
        files += 1;
        written += out.annotations;
    }
    std::fs::remove_dir_all(&dir).ok();
    println!("{files} PDFs annotated, {written} highlights");
    assert!(
        files >= 30 && written > 100,
        "{files} files, {written} highlights"
    );
}
