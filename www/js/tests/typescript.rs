//! The package's `report.d.ts` is generated from the core's types (ts-rs, feature `ts`):
//! this fails when the checked-in file is stale. `SUANPAN_BLESS=1` rewrites it.

use std::path::Path;

#[test]
fn report_d_ts_is_generated_from_the_rust_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("package/report.d.ts");
    let want = suanpan::typescript::declarations();
    if std::env::var_os("SUANPAN_BLESS").is_some() {
        std::fs::write(&path, &want).expect("write report.d.ts");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "www/js/package/report.d.ts is stale: SUANPAN_BLESS=1 cargo test -p suanpan-js --test typescript"
    );
}

#[test]
fn every_type_the_report_refers_to_is_declared() {
    let types = suanpan::typescript::types();
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    for t in &types {
        for r in &t.references {
            assert!(
                names.contains(&r.as_str()),
                "{} refers to {r}, which is not declared",
                t.name
            );
        }
    }
}
