//! `cargo +nightly fuzz run narrative` (see fuzz/README.md): any text as a 情况说明 through the
//! narrative reader and the NR rules — its clause and figure limits, NR004's grouping —
//! never a panic, and a report that lists each rule's not-checked entries up to its limit.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("某局2024年部门预算\n\n三、关于某局2024年支出预算情况说明\n\n{body}\n");
    let r = suanpan::check_text(
        "fuzz",
        &text,
        &suanpan::Options {
            select: vec!["NR".into()],
        },
    );
    for rule in suanpan::rules::ALL {
        let listed = r
            .checks
            .iter()
            .filter(|c| c.rule == rule.code && c.status == suanpan::report::Status::NotChecked)
            .count();
        assert!(listed <= suanpan::rules::MAX_NOT_CHECKED + 1);
    }
});
