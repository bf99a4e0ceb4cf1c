//! Mutation recall: change one printed table amount at a time (±10 and +100 units of the last
//! printed digit, ×10, two digits swapped) and require that a new error appears for most
//! mutations. Floors per corpus document (measured values are in the issue notes; the full
//! run is `cargo run --release --example mutation`). Every 3rd amount is mutated here to keep
//! the debug-build test quick.

mod common;

use suanpan::mutation::recall;
use suanpan::parse::parse_text;

#[test]
fn mutation_recall_floors() {
    for (name, floor) in [
        ("xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt", 0.99),
        (
            "shanghai-putuo-government-office-2025-dept-budget.layout.txt",
            0.98,
        ),
        ("shanghai-putuo-wanli-street-2024-dept-budget.layout.txt", 0.98),
        (
            "jiangsu-party-committee-office-2018-dept-budget-tables.layout.txt",
            0.95,
        ),
        (
            "jiangsu-party-committee-office-2019-dept-budget-tables.layout.txt",
            0.95,
        ),
        // the 决算 pair: squeezed rows settle by the table's column profile; the edited copy lost tables
        ("shanghai-putuo-finance-bureau-2024-dept-final.layout.txt", 0.95),
        (
            "shanghai-putuo-finance-bureau-2024-dept-final-edited-with-planted-errors.layout.txt",
            0.93,
        ),
    ] {
        let text = std::fs::read_to_string(common::corpus_dir().join("text").join(name)).unwrap();
        let r = recall(&parse_text(&text), 3);
        assert!(r.tried > 100, "{name}: only {} mutations", r.tried);
        assert!(
            r.ratio() >= floor,
            "{name}: recall {:.3} below {floor} ({} of {}); missed e.g. {:#?}",
            r.ratio(),
            r.caught,
            r.tried,
            &r.missed[..r.missed.len().min(10)]
        );
    }
}
