//! Registry invariants (clippy/ruff-style meta tests).

use std::path::Path;

use suanpan::rules::ALL;

#[test]
fn codes_sorted_unique_and_prefixed() {
    let codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "ALL must be sorted by code with no duplicates");
    for r in ALL {
        assert!(
            r.code.starts_with(r.family.prefix()),
            "{} has the wrong family prefix",
            r.code
        );
        assert!(
            r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}: name must be kebab-case",
            r.name
        );
        assert!(
            !r.title_zh.ends_with('。'),
            "{}: titles have no trailing 。",
            r.code
        );
    }
    let mut names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), ALL.len(), "rule names must be unique");
}

#[test]
fn docs_have_required_sections() {
    for r in ALL {
        for h in ["## What it checks", "## Why it matters", "## Example"] {
            assert!(r.docs.contains(h), "{}: docs lack `{h}`", r.code);
        }
    }
}

#[test]
fn every_rule_has_pass_and_fail_fixtures() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    for r in ALL {
        let dir = base.join(r.name);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{}: missing fixture dir {}", r.code, dir.display()))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        // a rule that only ever warns shows its failure with warn_ fixtures
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("fail_") || n.starts_with("warn_")),
            "{}: no fail_ or warn_ fixture",
            r.code
        );
        assert!(
            names.iter().any(|n| n.starts_with("pass_")),
            "{}: no pass_ fixture",
            r.code
        );
    }
    for entry in std::fs::read_dir(&base).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        assert!(
            ALL.iter().any(|r| r.name == name),
            "fixture dir {name} matches no rule"
        );
    }
}

#[test]
fn every_rule_file_is_registered() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    for family in std::fs::read_dir(&base).unwrap().flatten() {
        if !family.path().is_dir() {
            continue;
        }
        for f in std::fs::read_dir(family.path()).unwrap().flatten() {
            let stem = f.path().file_stem().unwrap().to_string_lossy().replace('_', "-");
            assert!(
                ALL.iter().any(|r| r.name == stem),
                "src/rules/{:?} is not in ALL",
                f.path()
            );
        }
    }
}

#[test]
fn rules_page_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = suanpan::render::rules_markdown();
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    if have != want {
        if std::env::var("SUANPAN_BLESS").is_ok() {
            std::fs::write(&path, want).unwrap();
        } else {
            panic!("docs/rules.md is stale: run `cargo run -- rules --markdown > docs/rules.md` (or SUANPAN_BLESS=1 cargo test)");
        }
    }
}

/// docs/severity.md: the narrative rules (and ST002, XT009, whose severities follow the same
/// policy) say in their documentation which severity they use and why.
#[test]
fn narrative_rules_state_their_severity() {
    for r in ALL {
        let covered = r.code.starts_with("NR") || r.code == "ST002" || r.code == "XT009";
        if covered {
            assert!(
                r.docs.contains("## Severity"),
                "{}: the docs need a \"## Severity\" section (see docs/severity.md)",
                r.code
            );
        }
    }
    let policy = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/severity.md"))
        .expect("docs/severity.md");
    for s in ["**error**", "**warning**", "**info**", "not checked"] {
        assert!(policy.contains(s), "docs/severity.md must define {s}");
    }
}
