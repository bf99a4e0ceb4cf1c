//! `pdf_to_text` on every corpus PDF, natively (target: a 30-page document well under
//! 300 ms in the browser; see benches/wasm/run.sh for the wasm numbers).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};

fn corpus(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/pdf");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus/pdf")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    files.sort();
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

criterion_group!(benches, corpus);
criterion_main!(benches);
