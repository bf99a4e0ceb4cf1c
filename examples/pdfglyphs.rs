//! Dev tool: the glyphs and ruling lines `suanpan` collects from a PDF, and where the time
//! goes: `cargo run --release --example pdfglyphs -- FILE.pdf [--glyphs]`.

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: pdfglyphs FILE.pdf [--glyphs]");
    let show = std::env::args().any(|a| a == "--glyphs");
    let bytes = std::fs::read(&path).expect("read");
    let t0 = std::time::Instant::now();
    let pdf = hayro_interpret::hayro_syntax::Pdf::new(bytes.clone()).expect("open");
    let t1 = std::time::Instant::now();
    let doc = suanpan::pdf::extract::glyphs(&pdf);
    let t2 = std::time::Instant::now();
    let mut chars = 0;
    for p in &doc.pages {
        chars += suanpan::pdf::layout::layout_page(&p.glyphs, &p.rules, p.width, p.height, None).glyphs;
    }
    let t3 = std::time::Instant::now();
    let ms = |a: std::time::Instant, b: std::time::Instant| (b - a).as_secs_f64() * 1000.0;
    eprintln!(
        "open {:.1} ms, interpret {:.1} ms, layout {:.1} ms ({} chars)",
        ms(t0, t1),
        ms(t1, t2),
        ms(t2, t3),
        chars
    );
    for (i, p) in doc.pages.iter().enumerate() {
        println!(
            "page {} {}x{}: {} glyphs, {} rules, invisible {}, off-page {}, undecoded {}",
            i + 1,
            p.width,
            p.height,
            p.glyphs.len(),
            p.rules.len(),
            p.invisible,
            p.off_page,
            p.undecoded
        );
        if show {
            for g in &p.glyphs {
                println!(
                    "  {:?} x={:.2} y={:.2} size={:.2} adv={:.2} vertical={} rot={}",
                    g.text, g.x, g.y, g.size, g.advance, g.vertical, g.rotation
                );
            }
        }
    }
}
