//! Time spent per rule on a document: `cargo run --release --example rule_times FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).expect("read");
    let n = 20;
    let t0 = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(suanpan::parse::parse_text(&text));
    }
    println!("parse {:>8.3} ms", t0.elapsed().as_secs_f64() * 1e3 / n as f64);
    let doc = suanpan::parse::parse_text(&text);
    let t0 = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(suanpan::narrative::read(&doc));
    }
    println!(
        "narrative::read {:>8.3} ms",
        t0.elapsed().as_secs_f64() * 1e3 / n as f64
    );
    for r in suanpan::rules::ALL {
        let t0 = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(suanpan::rules::run(&doc, &[r]));
        }
        println!(
            "{} {:>8.3} ms",
            r.code,
            t0.elapsed().as_secs_f64() * 1e3 / n as f64
        );
    }
}
