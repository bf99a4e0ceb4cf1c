//! Prints the text `suanpan` reads from a PDF (the input of the text parser):
//! `cargo run --release --example pdftext -- file.pdf [out.txt]`.

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: pdftext FILE.pdf [OUT.txt]");
    let bytes = std::fs::read(&path).expect("read");
    let t0 = std::time::Instant::now();
    match suanpan::pdf::pdf_to_text(&bytes) {
        Ok(t) => {
            eprintln!(
                "{path}: {} pages, {} glyphs, {:.1} ms",
                t.pages,
                t.glyphs,
                t0.elapsed().as_secs_f64() * 1000.0
            );
            for w in &t.warnings {
                eprintln!("warning {}: {}", w.code, w.message_en);
            }
            match std::env::args().nth(2) {
                Some(out) => std::fs::write(out, &t.text).expect("write"),
                None => print!("{}", t.text),
            }
        }
        Err(e) => {
            eprintln!("{}\n{}", e.message_zh, e.message_en);
            std::process::exit(2);
        }
    }
}
