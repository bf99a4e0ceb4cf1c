//! `pdf_to_text` on every corpus PDF, natively (target: a 30-page document well under
//! 300 ms in the browser; see benches/wasm/run.sh for the wasm numbers), and the page view's
//! renderer: every page of each file drawn as SVG (`render_pages/<file>`: divide by the
//! pages printed; target: a page ≤ 200 ms in the browser, docs/page-view.md).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

fn corpus_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/pdf");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
    files
}

fn corpus(c: &mut Criterion) {
    let files = corpus_files();
    let mut group = c.benchmark_group("pdf_to_text");
    group.sample_size(20);
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| suanpan::pdf::pdf_to_text(std::hint::black_box(&bytes)).unwrap())
        });
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_pages");
    group.sample_size(10);
    for path in corpus_files() {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let r = suanpan::pdf::render::Renderer::new(&bytes).unwrap();
        println!("{name}: {} pages", r.pages());
        group.bench_function(name, |b| {
            b.iter(|| {
                for p in 1..=r.pages() {
                    std::hint::black_box(r.page(p).unwrap());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, corpus, render);
criterion_main!(benches);
