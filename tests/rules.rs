//! Rule fixtures: every rule has `fail_*` fixtures that must trigger it (as errors),
//! `warn_*` fixtures that must trigger it as warnings only, `info_*` fixtures that must
//! trigger it as info only, and `pass_*` fixtures that must
//! exercise it without any finding. Each fixture's rendered report is an insta snapshot.

mod common;

use std::path::Path;

use suanpan::report::{Severity, Status};
use suanpan::rules::{Family, ALL};
use suanpan::{check_text, render, Options};

#[test]
fn rule_fixtures() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut seen = 0;
    // the cross-document rules read sets of documents: tests/set.rs runs their fixtures
    for rule in ALL.iter().filter(|r| r.family != Family::CrossDocument) {
        let dir = base.join(rule.name);
        for path in common::files(&dir, "md") {
            seen += 1;
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let md = std::fs::read_to_string(&path).unwrap();
            let text = common::fixture_text(&md);
            let report = check_text(
                &stem,
                &text,
                &Options {
                    select: vec![rule.code.to_string()],
                },
            );
            let mine: Vec<_> = report.findings.iter().filter(|f| f.rule == rule.code).collect();
            let passed = report
                .checks
                .iter()
                .filter(|c| c.rule == rule.code && c.status == Status::Pass)
                .count();
            if stem.starts_with("fail_") {
                assert!(
                    mine.iter().any(|f| f.severity == Severity::Error),
                    "{}: {stem} must produce an error finding\n{}",
                    rule.code,
                    render::text(&report, render::Lang::Zh)
                );
            } else if stem.starts_with("warn_") {
                assert!(
                    !mine.is_empty() && mine.iter().all(|f| f.severity == Severity::Warning),
                    "{}: {stem} must produce warnings only\n{}",
                    rule.code,
                    render::text(&report, render::Lang::Zh)
                );
            } else if stem.starts_with("info_") {
                assert!(
                    !mine.is_empty() && mine.iter().all(|f| f.severity == Severity::Info),
                    "{}: {stem} must produce info findings only\n{}",
                    rule.code,
                    render::text(&report, render::Lang::Zh)
                );
            } else if stem.starts_with("pass_") {
                assert!(
                    mine.is_empty() && passed > 0,
                    "{}: {stem} must pass at least one check and produce no finding\n{}",
                    rule.code,
                    render::text(&report, render::Lang::Zh)
                );
            } else {
                panic!(
                    "{}: fixture names start with fail_, warn_, info_ or pass_",
                    path.display()
                );
            }
            insta::with_settings!({
                snapshot_path => "snapshots/rules",
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => format!("{} {} — {}", rule.code, rule.name, stem),
            }, {
                insta::assert_snapshot!(format!("{}__{}", rule.name, stem), render::text(&report, render::Lang::Zh));
            });
        }
    }
    assert!(seen > 0);
}
