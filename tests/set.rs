//! Document sets (src/set.rs): the golden series identified and grouped without hints, and the
//! cross-document rules (XD) held to hand verdicts (tests/golden/cross-document.tsv).

mod common;
mod support;

use std::path::PathBuf;

use suanpan::report::{Severity, Status};
use suanpan::rules::{Family, ALL};
use suanpan::set::{self, Level, Parts, Relation};
use suanpan::Options;

/// The golden series as read from the PDFs: every golden PDF, and the series members kept
/// in pdf/ (万里街道 2024, 普陀区财政局 2024 决算).
fn golden_texts() -> Vec<(String, String)> {
    let root = common::corpus_dir();
    let mut paths: Vec<PathBuf> = common::files(&root.join("golden"), "pdf");
    for extra in [
        "shanghai-putuo-wanli-street-2024-dept-budget.pdf",
        "shanghai-putuo-finance-bureau-2024-dept-final.pdf",
    ] {
        paths.push(root.join("pdf").join(extra));
    }
    paths
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let bytes = std::fs::read(p).unwrap();
            let text = suanpan::input::read_document(&name, &bytes).unwrap();
            (name, text)
        })
        .collect()
}

/// The golden series, as one set: the groups are found from the texts alone (file names are
/// never read), and every cross-document finding is one held to a hand verdict in
/// tests/golden/cross-document.tsv (and every verdict is still found).
#[test]
fn golden_series_groups_and_cross_document_verdicts() {
    let texts = golden_texts();
    let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let names: Vec<&str> = refs.iter().map(|(n, _)| *n).collect();
    let (_, report) = set::check_set(&refs, &Options::default());
    let groups = &report.groups;
    assert!(
        groups.ungrouped.is_empty(),
        "every golden document is identified: {:?}",
        groups.ungrouped
    );
    // narrative + tables published separately, paired without hints
    let combined: Vec<String> = groups
        .editions
        .iter()
        .filter(|e| e.files.len() > 1)
        .map(|e| set::edition_name(e, &names))
        .collect();
    for year in [2017, 2018, 2019] {
        let want = format!(
            "jiangsu-cppcc-office-{year}-dept-budget-narrative.pdf + jiangsu-cppcc-office-{year}-dept-budget-tables.pdf"
        );
        assert!(combined.contains(&want), "{want} not paired: {combined:?}");
    }
    assert!(combined.contains(
        &"jiangsu-npc-standing-committee-2019-dept-budget-narrative.pdf + jiangsu-npc-office-2019-dept-budget-tables.pdf".to_string()
    ));
    assert_eq!(combined.len(), 4, "{combined:?}");
    // the years of one department, a 决算 and the next budget, a department with its unit
    let pair = |relation: Relation, this: &str, other: &str| {
        groups.pairs.iter().any(|p| {
            p.relation == relation
                && set::edition_name(&groups.editions[p.this], &names).starts_with(this)
                && set::edition_name(&groups.editions[p.other], &names).starts_with(other)
        })
    };
    for dept in ["cppcc-office", "high-court", "npc-office", "procuratorate"] {
        assert!(pair(
            Relation::PreviousYear,
            &format!("jiangsu-{dept}-2018"),
            &format!("jiangsu-{dept}-2017")
        ));
    }
    assert!(pair(
        Relation::PreviousYear,
        "jiangsu-npc-standing-committee-2019",
        "jiangsu-npc-office-2018"
    ));
    assert!(pair(
        Relation::PreviousYear,
        "shanghai-putuo-wanli-street-2024",
        "shanghai-putuo-wanli-street-2023"
    ));
    assert!(pair(
        Relation::PreviousYear,
        "shanghai-putuo-wanli-street-2025",
        "shanghai-putuo-wanli-street-2024"
    ));
    assert!(pair(
        Relation::FinalOfPreviousYear,
        "shanghai-putuo-finance-bureau-2025-dept-budget",
        "shanghai-putuo-finance-bureau-2024-dept-final"
    ));
    assert!(pair(
        Relation::UnitOf,
        "shanghai-putuo-justice-2026-dept",
        "shanghai-putuo-justice-2026-unit"
    ));
    // a unit budget is a unit's, whatever its file is called
    let finance = report
        .documents
        .iter()
        .find(|r| r.file == "shanghai-finance-bureau-2025-dept-budget.pdf")
        .unwrap();
    assert_eq!(finance.identity.level, Level::Unit, "its cover says 市级单位预算");
    assert!(report
        .documents
        .iter()
        .all(|r| r.identity.parts != Parts::Neither));
    // the findings against the verdicts
    let tsv = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/cross-document.tsv"),
    )
    .unwrap();
    let mut want: Vec<(String, String, String, String)> = Vec::new();
    for line in tsv
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 6, "cross-document.tsv: six fields: {line}");
        assert!(["real", "real-minor", "uncertain"].contains(&f[4]), "{line}");
        assert!(
            f[3] != "error" || f[4] == "real",
            "only a real defect is an error: {line}"
        );
        want.push((f[0].into(), f[1].into(), f[2].into(), f[3].into()));
    }
    let mut have: Vec<(String, String, String, String)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.locations[0].document.clone(),
                f.rule.clone(),
                f.arithmetic.clone().unwrap_or_default(),
                match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                }
                .to_string(),
            )
        })
        .collect();
    want.sort();
    have.sort();
    assert_eq!(
        have, want,
        "the cross-document findings differ from tests/golden/cross-document.tsv"
    );
    // every finding names both documents and a place in each
    for f in &report.findings {
        let docs: std::collections::BTreeSet<&str> =
            f.locations.iter().map(|l| l.document.as_str()).collect();
        assert!(docs.len() >= 2, "{} names one document only", f.message_zh);
    }
}

/// A cross-document fixture: `file: NAME` before each ```text block.
fn fixture_documents(md: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut name = None;
    let mut inside = false;
    for line in md.lines() {
        if let Some(n) = line.strip_prefix("file: ") {
            name = Some(n.trim().to_string());
            continue;
        }
        if line.trim_start().starts_with("```") {
            inside = !inside && line.trim_start().trim_start_matches('`').trim() == "text";
            if inside {
                out.push((
                    name.take().unwrap_or_else(|| format!("doc{}", out.len() + 1)),
                    String::new(),
                ));
            }
            continue;
        }
        if inside {
            let text = &mut out.last_mut().unwrap().1;
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}

/// Every XD rule has fixtures of several documents: `fail_` must give an error finding of the
/// rule, `warn_` warnings only, `pass_` a passed check and no finding. Each set's findings are
/// a snapshot.
#[test]
fn cross_document_fixtures() {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut seen = 0;
    for rule in ALL.iter().filter(|r| r.family == Family::CrossDocument) {
        for path in common::files(&base.join(rule.name), "md") {
            seen += 1;
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let docs = fixture_documents(&std::fs::read_to_string(&path).unwrap());
            assert!(
                docs.len() >= 2,
                "{}: a cross-document fixture holds two documents or more",
                path.display()
            );
            let refs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
            let options = Options {
                select: vec![rule.code.to_string()],
            };
            let (_, set) = set::check_set(&refs, &options);
            let mine: Vec<_> = set.findings.iter().filter(|f| f.rule == rule.code).collect();
            let passed = set
                .checks
                .iter()
                .filter(|c| c.rule == rule.code && c.status == Status::Pass)
                .count();
            let shown = format!("{set:#?}");
            if stem.starts_with("fail_") {
                assert!(
                    mine.iter().any(|f| f.severity == Severity::Error),
                    "{}: {stem} must give an error\n{shown}",
                    rule.code
                );
            } else if stem.starts_with("warn_") {
                assert!(
                    !mine.is_empty() && mine.iter().all(|f| f.severity == Severity::Warning),
                    "{}: {stem} must give warnings only\n{shown}",
                    rule.code
                );
            } else if stem.starts_with("pass_") {
                assert!(
                    mine.is_empty() && passed > 0,
                    "{}: {stem} must pass a check and find nothing\n{shown}",
                    rule.code
                );
            } else {
                panic!(
                    "{}: fixture names start with fail_, warn_ or pass_",
                    path.display()
                );
            }
            let report: Vec<String> = mine
                .iter()
                .map(|f| {
                    let places: Vec<String> = f
                        .locations
                        .iter()
                        .map(|l| {
                            format!(
                                "  {} 第 {} 行 {} {}",
                                l.document, l.location.line, l.location.row_label, l.location.text
                            )
                        })
                        .collect();
                    format!(
                        "{} {:?} {}\n{}",
                        f.rule,
                        f.severity,
                        f.message_zh,
                        places.join("\n")
                    )
                })
                .collect();
            insta::with_settings!({
                snapshot_path => "snapshots/rules",
                prepend_module_to_snapshot => false,
                omit_expression => true,
                description => format!("{} {} — {}", rule.code, rule.name, stem),
            }, {
                insta::assert_snapshot!(format!("{}__{}", rule.name, stem), report.join("\n"));
            });
        }
    }
    assert!(seen >= 6, "the XD fixtures were not found");
}

/// `suanpan check --summary` on a directory (nested), a glob and a .zip of documents: one row
/// per file, the cross-document finding, the exit status, and with `--out` one JSON report per
/// document plus the set's JSON and CSV.
#[test]
fn cli_summary_of_a_directory_a_glob_and_a_zip() {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules/previous-year-change-mismatch/fail_carried_typo.md");
    let docs = fixture_documents(&std::fs::read_to_string(base).unwrap());
    let dir = std::env::temp_dir().join(format!("suanpan-set-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("in/2018")).unwrap();
    std::fs::write(dir.join("in").join(&docs[0].0), &docs[0].1).unwrap();
    std::fs::write(dir.join("in/2018").join(&docs[1].0), &docs[1].1).unwrap();
    std::fs::write(dir.join("in/.hidden.txt"), "not read").unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_suanpan"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let out_dir = dir.join("out");
    let (code, stdout, stderr) = run(&[
        "check".as_ref(),
        "--summary".as_ref(),
        "--jobs".as_ref(),
        "2".as_ref(),
        "--out".as_ref(),
        out_dir.as_os_str(),
        dir.join("in").as_os_str(),
    ]);
    assert_eq!(code, Some(1), "the carried typo is an error\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("XD001") && stdout.contains("江苏省某某厅"),
        "{stdout}"
    );
    assert!(!stdout.contains(".hidden"), "{stdout}");
    assert!(
        !stderr.contains('['),
        "no progress bar when standard error is not a terminal: {stderr}"
    );
    let mut written: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "2017.txt.json",
            "2018_2018.txt.json",
            "set-findings.csv",
            "set.csv",
            "set.json"
        ]
    );
    let set: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("set.json")).unwrap()).unwrap();
    assert_eq!(set["documents"].as_array().unwrap().len(), 2);
    assert_eq!(set["findings"][0]["rule"], "XD001");
    let csv = std::fs::read_to_string(out_dir.join("set.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    // the same through a glob, and through a .zip of the two documents
    let (code, stdout, _) = run(&[
        "check".as_ref(),
        "--summary".as_ref(),
        dir.join("in/**/*.txt").as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("XD001"));
    let zip = support::zip(
        &[
            ("a/2017.txt", docs[0].1.as_bytes()),
            ("b/2018.txt", docs[1].1.as_bytes()),
        ],
        true,
    );
    std::fs::write(dir.join("set.zip"), zip).unwrap();
    let (code, stdout, _) = run(&[
        "check".as_ref(),
        "--summary".as_ref(),
        dir.join("set.zip").as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("set.zip!b/2018.txt") && stdout.contains("XD001"),
        "{stdout}"
    );
    // without --summary a directory is its files, each reported
    let (_, stdout, _) = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        dir.join("in").as_os_str(),
    ]);
    let all: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(all.as_array().map(Vec::len), Some(2));
    // bad input: an empty directory, a glob that matches nothing — a message, status 2
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let (code, _, stderr) = run(&[
        "check".as_ref(),
        "--summary".as_ref(),
        dir.join("empty").as_os_str(),
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("没有文件") && stderr.contains("no file"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&[
        "check".as_ref(),
        "--summary".as_ref(),
        dir.join("in/*.pdf").as_os_str(),
    ]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no file matches"), "{stderr}");
    let (code, _, stderr) = run(&[
        "check".as_ref(),
        "--out".as_ref(),
        out_dir.as_os_str(),
        dir.join("in").as_os_str(),
    ]);
    assert_eq!(
        code,
        Some(2),
        "--out without --summary is a usage error: {stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A .zip of documents is read as its files (folders, hidden files and __MACOSX left out); an
/// Office file stays one document; a damaged archive is a message in Chinese and English.
#[test]
fn archives_of_documents() {
    let zip = support::zip(
        &[
            ("set/", b"".as_slice()),
            ("set/a.txt", "收支总表".as_bytes()),
            ("set/.DS_Store", b"x".as_slice()),
            ("__MACOSX/set/._a.txt", b"x".as_slice()),
            ("set/b/c.csv", "a,b\n1,2\n".as_bytes()),
        ],
        true,
    );
    let entries = suanpan::input::archive_entries("set.zip", &zip).unwrap().unwrap();
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["set.zip!set/a.txt", "set.zip!set/b/c.csv"]);
    let office = support::xlsx_values(&[("1", 0)]);
    assert!(suanpan::input::archive_entries("t.xlsx", &office)
        .unwrap()
        .is_none());
    assert!(suanpan::input::archive_entries("t.txt", "收支总表".as_bytes())
        .unwrap()
        .is_none());
    let mut broken = zip.clone();
    broken.truncate(zip.len() / 2);
    broken.extend_from_slice(&zip[zip.len() - 22..]);
    if let Err(e) = suanpan::input::archive_entries("broken.zip", &broken) {
        assert!(
            e.message_zh.contains("broken.zip") && e.message_en.contains("broken.zip"),
            "{e:?}"
        );
    }
}

/// The year-over-year view of the golden series: every department with two years or more has
/// its figures side by side; the change computed from two consecutive years' tables stands
/// beside the change the narrative states (检察院 2018 基本支出: +1,670.83 from the tables,
/// "增加1,670.85" in the narrative: the carried-over typo), and no change is computed across
/// a year missing from the set.
#[test]
fn golden_series_year_over_year() {
    let texts = golden_texts();
    let refs: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let (_, report) = set::check_set(&refs, &Options::default());
    let names: Vec<(&str, Vec<u16>)> = report
        .years
        .iter()
        .map(|y| (y.name.as_str(), y.years.clone()))
        .collect();
    for (name, years) in [
        ("江苏省人民检察院", vec![2017, 2018, 2019]),
        ("江苏省高级人民法院", vec![2017, 2018, 2019]),
        ("江苏省政协办公厅", vec![2017, 2018, 2019]),
        ("上海市普陀区人民政府万里街道办事处", vec![2023, 2024, 2025]),
    ] {
        assert!(
            names.contains(&(name, years.clone())),
            "{name} {years:?} in {names:?}"
        );
    }
    let court = report
        .years
        .iter()
        .find(|y| y.name == "江苏省人民检察院")
        .unwrap();
    let basic = court.rows.iter().find(|r| r.label_zh == "基本支出").unwrap();
    assert_eq!(basic.values[1].as_deref(), Some("13,994.31万元"));
    assert_eq!(basic.computed[0], None);
    assert_eq!(
        basic.computed[1].map(set::show_change).as_deref(),
        Some("+1,670.83万元")
    );
    assert_eq!(
        basic.stated[1].as_ref().map(|s| s.1.as_str()),
        Some("增加1,670.85万元")
    );
    // every computed change is the difference of the two printed figures
    for y in &report.years {
        for r in &y.rows {
            for i in 1..y.years.len() {
                if let Some(c) = r.computed[i] {
                    assert_eq!(y.years[i], y.years[i - 1] + 1);
                    assert_eq!(Some(c), r.yuan[i].zip(r.yuan[i - 1]).map(|(a, b)| a - b));
                }
            }
        }
    }
}
