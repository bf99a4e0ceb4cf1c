//! A file holding several units' disclosures (a department and its units, each with its own
//! set of tables) is checked unit by unit: the second unit's tables are compared with each
//! other, not with the first unit's; the narrative stays with the first unit; every finding
//! of a later unit names it.

mod common;

use suanpan::report::{LocationKind, Report, Severity};
use suanpan::{check_text, Options};

const XINJIANG: &str = "xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt";

fn text() -> String {
    std::fs::read_to_string(common::corpus_dir().join("text").join(XINJIANG)).unwrap()
}

/// The document, then the tables of a second unit (another name above its tables).
fn bundle(perturb: Option<(&str, &str)>) -> String {
    let full = text();
    let start = full.find("表一：").unwrap();
    let end = full.find("### 第三部分").unwrap();
    let mut unit = full[start..end].replace(
        "独山子区委网络安全和信息化领导小组办公室",
        "独山子区网络安全应急指挥中心",
    );
    if let Some((from, to)) = perturb {
        assert!(unit.contains(from), "{from}");
        unit = unit.replacen(from, to, 1);
    }
    format!("{full}\n\u{c}{unit}")
}

fn errors(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}", f.rule, f.message_zh))
        .collect();
    v.sort();
    v
}

#[test]
fn a_second_unit_is_checked_on_its_own() {
    let single = check_text("one", &text(), &Options::default());
    let both = check_text("two", &bundle(None), &Options::default());
    assert_eq!(both.units.len(), 2, "{:?}", both.units);
    assert_eq!(
        both.units[1].name.as_deref(),
        Some("独山子区网络安全应急指挥中心")
    );
    let first = both.units[1].first;
    // the first unit: exactly what the document alone gives
    let own: Vec<String> = errors(&both).into_iter().filter(|e| !e.contains("【")).collect();
    assert_eq!(own, errors(&single));
    // the second unit: its tables' own errors (the same tables: the same sums break), named,
    // and no narrative or 绩效 finding (its figures are the first unit's)
    let second: Vec<&suanpan::report::Finding> = both
        .findings
        .iter()
        .filter(|f| f.message_zh.starts_with("【独山子区网络安全应急指挥中心】"))
        .collect();
    assert!(second
        .iter()
        .all(|f| !f.rule.starts_with("NR") && !f.rule.starts_with("PF")));
    let table_errors = |r: &Report| {
        r.findings
            .iter()
            .filter(|f| {
                f.severity == Severity::Error && (f.rule.starts_with("AR") || f.rule.starts_with("XT"))
            })
            .count()
    };
    assert_eq!(
        second
            .iter()
            .filter(
                |f| f.severity == Severity::Error && (f.rule.starts_with("AR") || f.rule.starts_with("XT"))
            )
            .count(),
        table_errors(&single)
    );
    for f in &second {
        for l in f
            .locations
            .iter()
            .filter(|l| matches!(l.kind, LocationKind::Cell | LocationKind::Table))
        {
            assert!(l.table >= first, "{} points into the first unit: {l:?}", f.rule);
        }
    }
    // the cross-table checks ran for both units
    let xt = |r: &Report| r.checks.iter().filter(|c| c.rule.starts_with("XT")).count();
    assert!(
        xt(&both) >= 2 * xt(&single) - 2,
        "{} vs {}",
        xt(&both),
        xt(&single)
    );
}

#[test]
fn a_wrong_cell_in_the_second_unit_is_named_there() {
    let clean = check_text("two", &bundle(None), &Options::default());
    // 基本支出表's 30201 办公费 in the second unit
    let r = check_text("two", &bundle(Some(("858.21", "858.31"))), &Options::default());
    let new: Vec<String> = errors(&r)
        .into_iter()
        .filter(|e| !errors(&clean).contains(e))
        .collect();
    assert!(!new.is_empty());
    assert!(
        new.iter().all(|e| e.contains("【独山子区网络安全应急指挥中心】")),
        "{new:#?}"
    );
}
