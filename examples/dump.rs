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
        if std::env::var_os("DUMP_TEXT").is_some() {
            for p in &s.paragraphs {
                println!("  P L{} {}", p.line, p.text);
            }
        }
    }
    if facts_enabled() {
        let n = suanpan::narrative::read(&doc);
        let fig = |f: &Option<suanpan::narrative::lex::Figure>| {
            f.as_ref().map(|f| f.raw.clone()).unwrap_or_default()
        };
        for f in &n.facts {
            println!(
                "FACT L{} {:?} [{}] lvl={} prev={} d={} r={} base={:?} flat={} share={} of={:?} bud={} act={} comp={} cmp={:?} reason={:?} parent={:?}",
                f.line,
                f.subject,
                f.phrase,
                fig(&f.level),
                fig(&f.previous),
                f.delta.as_ref().map(|d| format!("{}{}", d.0, d.1.raw)).unwrap_or_default(),
                f.rate.as_ref().map(|d| format!("{}{}", d.0, d.1.raw)).unwrap_or_default(),
                f.base,
                f.flat,
                f.share.as_ref().map(|s| s.pct.raw.clone()).unwrap_or_default(),
                f.share.as_ref().map(|s| s.of_phrase.clone()),
                fig(&f.budget),
                fig(&f.actual),
                fig(&f.completion),
                f.comparison.as_ref().map(|c| c.0),
                f.reason.as_ref().map(|c| c.0),
                f.parent
            );
        }
        for s in &n.staff {
            println!(
                "STAFF L{} {:?} {:?} {:?} {:?} {:?}",
                s.line,
                fig(&s.authorized),
                fig(&s.actual),
                fig(&s.active),
                fig(&s.retired),
                fig(&s.lixiu)
            );
        }
        for p in &n.projects {
            println!(
                "PROJECT L{} {} {:?} {:?}",
                p.line,
                p.name,
                p.amount.as_ref().map(|a| a.0.raw.clone()),
                p.allocation
                    .iter()
                    .map(|a| format!("{}={}", a.0, a.1.raw))
                    .collect::<Vec<_>>()
            );
        }
        for l in &n.loose {
            println!("LOOSE L{} {} [{}]", l.line, l.figure.raw, l.phrase);
        }
        for o in &n.orphan_comparisons {
            println!("ORPHAN {:?}", o);
        }
    }
    for i in &doc.issues {
        println!("ISSUE {} L{} {}", i.code, i.line, i.message_zh);
    }
}

/// `DUMP_FACTS=1`: the narrative facts, one per line.
#[allow(dead_code)]
fn facts_enabled() -> bool {
    std::env::var_os("DUMP_FACTS").is_some()
}
