fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(path).unwrap();
    let doc = suanpan::parse::parse_text(&text);
    println!(
        "kind={:?} year={:?} dept={:?}",
        doc.kind, doc.year, doc.department
    );
    for t in &doc.tables {
        println!(
            "== T{} {:?} [{}] unit={:?} lines {}-{} reliable={} rows={} empty={:?}",
            t.id,
            t.kind,
            t.title,
            t.unit,
            t.line,
            t.end_line,
            t.reliable,
            t.rows.len(),
            t.empty_note
        );
        for c in &t.columns {
            print!(" | p{} {:?} {}", c.panel, c.role, c.path());
        }
        println!();
        for r in &t.rows {
            let heads: Vec<String> = r
                .heads
                .iter()
                .map(|h| {
                    format!(
                        "{}:{}:{:?}",
                        h.code.as_ref().map(|c| c.display()).unwrap_or_default(),
                        h.label,
                        h.kind
                    )
                })
                .collect();
            let cells: Vec<String> = r.cells.iter().map(|c| c.display()).collect();
            println!(
                "  L{}{}{} {:?} {:?}",
                r.line,
                if r.merged { "M" } else { "" },
                if r.uncertain { "?" } else { "" },
                heads,
                cells
            );
        }
    }
    for p in &doc.performance {
        println!(
            "PERF L{}-{} {:?} [{}] project={:?} unit={:?} funds={:?}/{:?}/{:?} {:?} period={:?} {} rows",
            p.line,
            p.end_line,
            p.layout,
            p.title,
            p.project,
            p.unit_name,
            p.total_funds,
            p.fiscal_funds,
            p.other_funds,
            p.funds_unit,
            p.period,
            p.indicators.len()
        );
        if let Some(c) = &p.costs {
            println!("  costs {:?}", c);
        }
        for i in &p.indicators {
            println!(
                "  L{} [{}|{}{}] {} = {:?}",
                i.line,
                i.level1,
                i.level2,
                if i.level2_printed { "*" } else { "" },
                i.level3,
                i.value
            );
        }
    }
    for s in &doc.sections {
        println!("SEC L{} {} ({} paras)", s.line, s.heading, s.paragraphs.len());
    }
    for i in &doc.issues {
        println!("ISSUE {} L{} {}", i.code, i.line, i.message_zh);
    }
}
