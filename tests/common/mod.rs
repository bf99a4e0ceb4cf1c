//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The text a fixture stands for: the contents of its ```text blocks (or the whole file).
pub fn fixture_text(md: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    let mut found = false;
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            if inside {
                inside = false;
            } else if line.trim_start().trim_start_matches('`').trim() == "text" {
                inside = true;
                found = true;
            }
            continue;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    if found {
        out
    } else {
        md.to_string()
    }
}

/// Files of a directory, sorted by name.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// Every PDF of the corpus: the shared corpus's own, the golden and the unaudited ones.
pub fn corpus_pdfs() -> Vec<PathBuf> {
    let root = corpus_dir();
    ["pdf", "golden", "unaudited"]
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
        .flat_map(|d| files(&d, "pdf"))
        .collect()
}

/// The corpus: `tests/corpus` (a copy of the shared corpus committed with the tests), or
/// $SUANPAN_CORPUS.
pub fn corpus_dir() -> PathBuf {
    if let Ok(p) = std::env::var("SUANPAN_CORPUS") {
        return PathBuf::from(p);
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    for cand in [here.join("tests/corpus"), here.join("../shared/corpus")] {
        if cand.is_dir() {
            return cand;
        }
    }
    panic!("corpus not found: set SUANPAN_CORPUS or put it at ../shared/corpus")
}
