//! Parse + check of every corpus text document (target: under 2 ms each, natively).

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use suanpan::{check_text, Options};

fn corpus(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/text");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/corpus/text")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let mut group = c.benchmark_group("parse+check");
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().replace(".layout", "");
        let text = std::fs::read_to_string(&path).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| check_text("bench", std::hint::black_box(&text), &Options::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
