//! Hostile inputs (issue 16): every input here is written by a generator in the test, none
//! is a committed file. Each case asserts the exit status or the report, and the message.

use std::path::PathBuf;
use std::process::{Command, Output};

use suanpan::{check_text, Options};

fn suanpan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_suanpan"))
        .args(args)
        .output()
        .expect("run suanpan")
}

/// A scratch directory of its own for each test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("suanpan-hostile-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn only_arithmetic() -> Options {
    Options {
        select: vec!["AR".into()],
    }
}

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

/// A tab-separated 支出总体情况表 whose first row prints `total` where 5.00 + 6.00 = 11.00
/// is right; the 合计 row is right.
fn tab_table(total: &str) -> String {
    format!(
        "部门支出总体情况表\n单位：万元\n功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出\n\
         类\t款\t项\t\t\t\t\n201\t03\t01\t行政运行\t{total}\t5.00\t6.00\n\t\t\t合计\t11.00\t5.00\t6.00\n"
    )
}

/// The same table laid out with spaces (as `pdftotext -layout` prints it), the planted
/// total in the 合计 row where 100.00 + 100.00 = 200.00 is right. `total` is padded on the
/// left to the width of `200.00`, so its right edge stays in the column.
fn layout_table(total: &str) -> String {
    let pad = 6usize.saturating_sub(total.chars().filter(|c| !hidden(*c)).count());
    let total = format!("{}{total}", " ".repeat(pad));
    format!(
        "                  部门支出预算总表\n\
         编制部门：某某局                                     单位：元\n\
         功能分类科目编码\n                 功能分类科目名称         合计             基本支出            项目支出\n\
         类     款    项\n\
         201   03   01   行政运行                  100.00       40.00           60.00\n\
         201   03   02   一般行政管理事务           100.00       40.00           60.00\n\
         \x20                合计                    {total}       80.00          120.00\n"
    )
}

fn hidden(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}')
}

/// `printed` with `insert` put after its `at`-th character.
fn plant(printed: &str, at: usize, insert: &str) -> String {
    let mut s: String = printed.chars().take(at).collect();
    s.push_str(insert);
    s.extend(printed.chars().skip(at));
    s
}

/// A printed number in another digit script: `base` is the code point of its zero.
fn digits_in(printed: &str, base: u32) -> String {
    printed
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(base + d).unwrap(),
            None => c,
        })
        .collect()
}

/// Every way a wrong total is hidden: invisible characters and no-break spaces at each
/// position inside it, and the digits in other scripts.
fn disguises(printed: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, ch) in [
        ("zero-width space", "\u{200b}"),
        ("zero-width non-joiner", "\u{200c}"),
        ("zero-width joiner", "\u{200d}"),
        ("word joiner", "\u{2060}"),
        ("byte-order mark", "\u{feff}"),
        ("soft hyphen", "\u{00ad}"),
        ("right-to-left mark", "\u{200f}"),
    ] {
        for at in 0..=printed.chars().count() {
            out.push((format!("{name} at {at}"), plant(printed, at, ch)));
        }
    }
    // a no-break space between two digits of the integer part
    for (name, ch) in [
        ("no-break space", "\u{00a0}"),
        ("narrow no-break space", "\u{202f}"),
        ("thin space", "\u{2009}"),
        ("ideographic space", "\u{3000}"),
    ] {
        let int_digits = printed.find('.').unwrap_or(printed.len());
        for at in 1..int_digits {
            out.push((format!("{name} at {at}"), plant(printed, at, ch)));
        }
    }
    for (name, zero) in [
        ("full-width", 0xFF10),
        ("Arabic-Indic", 0x0660),
        ("Extended Arabic-Indic", 0x06F0),
        ("Devanagari", 0x0966),
        ("mathematical bold", 0x1D7CE),
    ] {
        out.push((format!("{name} digits"), digits_in(printed, zero)));
    }
    out.push((
        "Arabic decimal separator".into(),
        digits_in(printed, 0x0660).replace('.', "\u{066b}"),
    ));
    out
}

// ---------------------------------------------------------------------------------------
// 1. Nothing hidden
// ---------------------------------------------------------------------------------------

#[test]
fn a_wrong_total_with_a_hidden_character_is_still_found() {
    let plain = check_text("t", &tab_table("12.00"), &only_arithmetic());
    assert!(plain.summary.errors >= 1, "the planted total is an error");
    let plain = check_text("l", &layout_table("201.00"), &only_arithmetic());
    assert!(plain.summary.errors >= 1, "the planted layout total is an error");
    let mut cases = 0;
    for (name, total) in disguises("12.00") {
        let r = check_text("t", &tab_table(&total), &only_arithmetic());
        assert!(
            r.summary.errors >= 1,
            "tab-separated, {name}: {total:?} hides the error"
        );
        assert!(
            r.findings.iter().any(|f| f.message_zh.contains("12.00")),
            "tab-separated, {name}: the finding shows the total as 12.00"
        );
        cases += 1;
    }
    for (name, total) in disguises("201.00") {
        let r = check_text("l", &layout_table(&total), &only_arithmetic());
        assert!(r.summary.errors >= 1, "layout, {name}: {total:?} hides the error");
        assert!(
            r.findings.iter().any(|f| f.message_zh.contains("201.00")),
            "layout, {name}: the finding shows the total as 201.00: {:#?}",
            r.findings
        );
        cases += 1;
    }
    assert!(cases > 100, "{cases} disguises");
}

#[test]
fn hidden_characters_are_found_through_the_cli() {
    let dir = scratch("cli-hidden");
    for (i, total) in ["1\u{200b}2.00", "12\u{00ad}.00", "1\u{00a0}2.00", "١٢.٠٠"]
        .iter()
        .enumerate()
    {
        let f = dir.join(format!("t{i}.txt"));
        std::fs::write(&f, tab_table(total)).unwrap();
        let out = suanpan(&["check", "--select", "AR002", f.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{total:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("合计 12.00"),
            "{total:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_numbers_apart_stay_two_numbers() {
    // a no-break space after a number with decimals separates two numbers, as a space does
    for sep in ["\u{00a0}", "\u{3000}", "\u{202f}"] {
        let line = format!("201\t03\t01\t行政运行\t12.00{sep}5.00\t6.00");
        let lines = suanpan::parse::lexer::lines(&line);
        let cells: Vec<&str> = lines[0].spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(cells[4], "12.00 5.00", "{sep:?}");
    }
    // and positions after an invisible character do not move
    let l = suanpan::parse::normalize::normalize_line("ab\u{200b}c   1\u{200b}2.00  x");
    assert_eq!(l, " abc    12.00  x");
    assert_eq!(
        l.chars().count(),
        "ab\u{200b}c   1\u{200b}2.00  x".chars().count()
    );
}

#[test]
fn an_unreadable_amount_is_reported_not_passed_over() {
    let long = "1".repeat(29);
    for total in [
        format!("{long}.00"),
        long.clone(),
        "1,2345.00".into(),
        "9".repeat(16),
    ] {
        for (name, text) in [("tab", tab_table(&total)), ("layout", layout_table(&total))] {
            let r = check_text("t", &text, &only_arithmetic());
            let issue = r
                .parse_issues
                .iter()
                .find(|i| i.code == "P004")
                .unwrap_or_else(|| panic!("{name}, {total}: no P004 in {:#?}", r.parse_issues));
            assert!(
                issue.message_zh.starts_with("无法读取的金额"),
                "{}",
                issue.message_zh
            );
            assert!(
                issue.message_en.starts_with("unreadable amount"),
                "{}",
                issue.message_en
            );
            assert!(
                issue.message_zh.chars().count() < 200,
                "a long number is not quoted whole"
            );
        }
    }
    // in the narrative, a figure with its unit
    let text = format!("一、收支预算总体情况\n    2024年收入预算{long}万元，比上年增加5.00万元。\n");
    let r = check_text("n", &text, &Options::default());
    assert!(
        r.parse_issues.iter().any(|i| i.code == "P004"),
        "{:#?}",
        r.parse_issues
    );
    // but not a long number that is no amount (an account number, a date)
    let text = "一、联系方式\n    账号6222021234567890123，2024.01.01 发布。\n";
    let r = check_text("n", text, &Options::default());
    assert!(
        r.parse_issues.iter().all(|i| i.code != "P004"),
        "{:#?}",
        r.parse_issues
    );
}

#[test]
fn the_largest_readable_amounts_do_not_overflow() {
    // 28 digits in 万元 overflowed the exact decimal type (a panic) before amounts were
    // limited to 15 integer digits; the largest readable ones, in 亿元, still add up
    let big = "999,999,999,999,999.9999999999";
    for unit in ["万元", "亿元", "元"] {
        let text = tab_table(big).replace("万元", unit).replace("11.00", big);
        let r = check_text("t", &text, &Options::default());
        assert!(r.summary.checks_passed + r.summary.checks_failed > 0, "{unit}");
        let text = tab_table(&"9".repeat(28)).replace("万元", unit);
        let r = check_text("t", &text, &Options::default());
        assert!(r.parse_issues.iter().any(|i| i.code == "P004"), "{unit}");
    }
}

#[test]
fn select_that_matches_no_rule_is_a_usage_error() {
    let dir = scratch("select");
    let f = dir.join("t.txt");
    std::fs::write(&f, tab_table("12.00")).unwrap();
    let f = f.to_str().unwrap();
    for select in ["ZZ999", "AR002,XX", ",", "", "row-sum"] {
        let out = suanpan(&["check", "--select", select, f]);
        assert_eq!(out.status.code(), Some(2), "--select {select:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--select") && err.contains(" / "), "{err}");
        assert!(out.stdout.is_empty(), "nothing is checked");
    }
    let err = String::from_utf8_lossy(&suanpan(&["check", "--select", "AR002,XX", f]).stderr).to_string();
    assert!(err.contains("没有这样的规则") && err.contains("no rule matches") && err.contains("XX"));
    // codes in any case, prefixes and names still select
    for select in ["AR002", "ar002", "AR", "ar00", "row-sum-mismatch", "AR002, AR003"] {
        let out = suanpan(&["check", "--select", select, f]);
        assert_eq!(out.status.code(), Some(1), "--select {select:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
