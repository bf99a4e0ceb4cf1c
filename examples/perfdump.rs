//! Prints the 绩效 tables read from a text file (the output of `pdftext`):
//! `cargo run --release --example perfdump -- file.txt`, one line per indicator.

fn main() {
    let path = std::env::args().nth(1).expect("usage: perfdump FILE.txt");
    let text = std::fs::read_to_string(&path).expect("read");
    let doc = suanpan::parse::parse_text(&text);
    for (k, p) in doc.performance.iter().enumerate() {
        println!(
            "#{k} line {} {:?} {:?} project={:?} funds={:?}/{:?}/{:?} unit={:?} indicators={} total_score={:?}",
            p.line,
            p.kind,
            p.title,
            p.project,
            p.total_funds,
            p.fiscal_funds,
            p.other_funds,
            p.funds_unit,
            p.indicators.len(),
            p.total_score
        );
        for i in &p.indicators {
            println!(
                "   {:>5} {} | {} | {} | {} {}",
                i.line,
                i.level1,
                i.level2,
                i.level3,
                i.value,
                i.evaluation
                    .as_ref()
                    .map(|e| format!("{e:?}"))
                    .unwrap_or_default()
            );
        }
    }
}
