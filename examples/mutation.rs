//! Full mutation recall per corpus document: `cargo run --release --example mutation [FILES]`.
fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/text");
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path().to_string_lossy().to_string()))
            .collect();
        v.sort();
        files = v;
    }
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let doc = suanpan::parse::parse_text(&text);
        let r = suanpan::mutation::recall(&doc, 1);
        let name = f.rsplit('/').next().unwrap_or(&f);
        println!(
            "{:<90} tried {:>5} caught {:>5} recall {:>6.1}%",
            name,
            r.tried,
            r.caught,
            100.0 * r.ratio()
        );
        if std::env::var("SHOW_MISSED").is_ok() {
            for m in &r.missed {
                println!("    missed: {} | {} | {} | {} → {}", m.0, m.1, m.2, m.3, m.4);
            }
        }
    }
}
