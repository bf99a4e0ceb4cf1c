//! Draws pages of PDFs as SVG with the page view's renderer and reports, per file, the time
//! per page, the SVG size and what was drawn (outlined glyphs, glyphs drawn with a system
//! font, images, things simplified). `cargo run --release --example pdfpage -- [--out DIR] F.pdf…`
//! (docs/page-view.md records the corpus measurement).

use std::time::Instant;

fn main() {
    let mut out_dir = None;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--out" {
            out_dir = args.next();
        } else {
            files.push(a);
        }
    }
    let (mut all_pages, mut all_ms, mut all_outlined, mut all_sub, mut worst) = (0, 0.0, 0, 0, 0.0f64);
    println!("file\tpages\tms/page\tmax ms\tKB/page\toutlined\tsystem-font\timages\tsimplified\ttruncated");
    for f in &files {
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{f}: {e}");
                continue;
            }
        };
        let first = match suanpan::pdf::render::Renderer::new(&bytes) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{f}: {}", e.message_en);
                continue;
            }
        };
        let (mut ms, mut max_ms, mut kb, mut outlined, mut sub, mut images, mut simp, mut trunc) =
            (0.0, 0.0f64, 0usize, 0, 0, 0, 0, 0);
        for page in 1..=first.pages() {
            let t = Instant::now();
            let Ok(p) = first.page(page) else {
                continue;
            };
            let el = t.elapsed().as_secs_f64() * 1000.0;
            ms += el;
            max_ms = max_ms.max(el);
            kb += p.svg.len() / 1024;
            outlined += p.outlined;
            sub += p.substituted;
            images += p.images;
            simp += p.simplified;
            trunc += usize::from(p.truncated);
            if let Some(d) = &out_dir {
                let name = std::path::Path::new(f)
                    .file_stem()
                    .unwrap_or_default()
                    .to_string_lossy();
                let _ = std::fs::write(format!("{d}/{name}-{page}.svg"), &p.svg);
            }
        }
        let n = first.pages().max(1);
        println!(
            "{}\t{}\t{:.1}\t{:.1}\t{}\t{}\t{}\t{}\t{}\t{}",
            std::path::Path::new(f)
                .file_name()
                .unwrap_or_default()
                .to_string_lossy(),
            first.pages(),
            ms / n as f64,
            max_ms,
            kb / n,
            outlined,
            sub,
            images,
            simp,
            trunc
        );
        all_pages += first.pages();
        all_ms += ms;
        all_outlined += outlined;
        all_sub += sub;
        worst = worst.max(max_ms);
    }
    println!(
        "all\t{all_pages}\t{:.1}\t{worst:.1}\t-\t{all_outlined}\t{all_sub}\t-\t-\t-",
        all_ms / all_pages.max(1) as f64
    );
}
