//! Hostile inputs (issue 16): every input here is written by a generator in the test, none
//! is a committed file. Each case asserts the exit status or the report, and the message.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use suanpan::{check_text, Options};

mod support;

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

// ---------------------------------------------------------------------------------------
// 2. Safe output
// ---------------------------------------------------------------------------------------

/// Strings made to attack a reader of the report: HTML, a `javascript:` link, terminal
/// escapes (an OSC 8 link, a title change, a screen clear, a bell) and a bidi override.
const HOSTILE: [&str; 6] = [
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "\x1b]8;;http://evil\x07点我\x1b]8;;\x07",
    "\x1b]0;pwned\x07\x1b[2J",
    "\u{9b}31m\u{7f}",
    "\u{202e}txt.exe",
];

/// The tab table with a hostile string in the label of its wrong row (so it is quoted in a
/// finding, its message and its location).
fn hostile_table(s: &str) -> String {
    tab_table("12.00").replace("行政运行", &format!("行政运行{s}"))
}

fn assert_no_controls(out: &str, what: &str) {
    let bad: Vec<char> = out
        .chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(bad.is_empty(), "{what}: {bad:?} in\n{out}");
}

#[test]
fn the_text_report_shows_control_characters_as_escapes() {
    for s in HOSTILE {
        let r = check_text(&format!("name{s}\n.txt"), &hostile_table(s), &only_arithmetic());
        assert!(r.summary.errors >= 1, "{s:?}: the row is still checked");
        for lang in [suanpan::render::Lang::Zh, suanpan::render::Lang::En] {
            let out = suanpan::render::text(&r, lang);
            assert_no_controls(&out, s);
            assert!(out.starts_with("name"), "{out}");
            assert!(
                out.lines().next().unwrap().contains(".txt"),
                "the name stays on its line"
            );
        }
    }
    let r = check_text("t", &hostile_table("\x1b[2J"), &only_arithmetic());
    assert!(suanpan::render::text(&r, suanpan::render::Lang::Zh).contains("\\u{1b}[2J"));
}

#[test]
fn the_markdown_report_passes_no_html_and_no_link() {
    for s in HOSTILE
        .iter()
        .copied()
        .chain(["&lt;img src=x onerror=alert(1)&gt;", "<javascript:alert(1)>"])
    {
        let r = check_text(&format!("{s}.txt"), &hostile_table(s), &only_arithmetic());
        assert!(r.summary.errors >= 1, "{s:?}");
        let out = suanpan::render::markdown(&r, suanpan::render::Lang::Zh);
        assert_no_controls(&out, s);
        assert!(
            !out.contains('<') && !out.contains('>'),
            "{s:?}: raw HTML in\n{out}"
        );
        let link = out.match_indices("](").any(|(i, _)| !out[..i].ends_with('\\'));
        assert!(!link, "{s:?}: a link in\n{out}");
        // every table row still has its cells: no `|` from the text ends a cell
        for row in out.lines().filter(|l| l.starts_with("| 错误")) {
            assert_eq!(row.matches(" | ").count(), 3, "{row}");
        }
    }
    // an HTML file whose text has the tag entity-escaped: decoded by the reader, escaped again
    let html = "<table><tr><td>部门支出总体情况表</td></tr><tr><td>单位：万元</td></tr>\
                <tr><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>\
                <tr><td>行政运行&lt;img src=x onerror=alert(1)&gt;</td><td>12.00</td><td>5.00</td><td>6.00</td></tr></table>";
    let text = suanpan::input::read_document("a.html", html.as_bytes()).unwrap();
    let r = check_text("a.html", &text, &only_arithmetic());
    let out = suanpan::render::markdown(&r, suanpan::render::Lang::En);
    assert!(!out.contains("<img") && out.contains("&lt;img"), "{out}");
}

#[test]
fn file_names_with_control_characters_are_shown_escaped() {
    let dir = scratch("names");
    let name = dir.join("a\x1b]0;pwned\x07\nerror[AR002] fake.txt");
    std::fs::write(&name, hostile_table("\x1b[31m")).unwrap();
    for format in ["text", "markdown", "json"] {
        let out = suanpan(&[
            "check",
            "--select",
            "AR",
            "--format",
            format,
            name.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_no_controls(&stdout, format);
        assert!(
            !stdout.lines().any(|l| l.starts_with("error[AR002] fake")),
            "{stdout}"
        );
    }
    // the name in an error message too
    let bad = dir.join("b\x1b[2J\n.txt");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").unwrap();
    let out = suanpan(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_no_controls(&stderr, "stderr");
    assert!(stderr.contains("b\\u{1b}[2J\\u{a}.txt"), "{stderr}");
    let out = suanpan(&["check", "--frob\x1b[2J", "x"]);
    assert_no_controls(&String::from_utf8(out.stderr).unwrap(), "unknown option");
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------
// 3. Clean exits
// ---------------------------------------------------------------------------------------

/// A table of `rows` rows that do not add up: a report (text or JSON) far larger than a
/// pipe's buffer.
fn long_table(rows: usize) -> String {
    let mut t = String::from(
        "部门支出总体情况表\n单位：万元\n功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n",
    );
    // every 10th row is wrong, each by its own amount (a structure the other rows confirm, so
    // every wrong row is a finding: a long report)
    for i in 0..rows {
        let total = if i % 10 == 0 {
            format!("5.{:02}", (i / 10) % 100)
        } else {
            "3.00".to_string()
        };
        t.push_str(&format!(
            "201\t03\t{:02}\t行政运行{i}\t{total}\t1.00\t2.00\n",
            i % 100
        ));
    }
    t
}

/// Runs `args` with its standard output a pipe that is closed after the first line.
fn closed_early(args: &[&str]) -> Output {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(env!("CARGO_BIN_EXE_suanpan"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty(), "{args:?} printed something");
    // the reader is dropped here: the pipe is closed
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = scratch("pipe");
    let f = dir.join("long.txt");
    std::fs::write(&f, long_table(3000)).unwrap();
    let f = f.to_str().unwrap();
    for args in [
        vec!["check", "--format", "json", f],
        vec!["check", "--select", "AR002", f, f],
    ] {
        let out = closed_early(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(
            stderr.is_empty(),
            "{args:?}: nothing on stderr, no panic: {stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_a_message() {
    let dir = scratch("full");
    let f = dir.join("t.txt");
    std::fs::write(&f, tab_table("12.00")).unwrap();
    for args in [vec!["check", f.to_str().unwrap()], vec!["rules"], vec!["--help"]] {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_suanpan"))
            .args(&args)
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("无法写出报告 / cannot write the report:") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------
// 4. Bounded reads
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn an_endless_device_is_refused_as_too_large() {
    let start = std::time::Instant::now();
    let out = suanpan(&["check", "/dev/zero"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("/dev/zero：文件太大（超过 64 MB），最大 64 MB")
            && stderr.contains("/dev/zero: file too large (over 64 MB); the limit is 64 MB"),
        "{stderr}"
    );
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}

#[test]
fn standard_input_beyond_the_limit_is_refused() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_suanpan"))
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // a generated stream 1 MB longer than the limit; the writer stops when the reader does
    let writer = std::thread::spawn(move || {
        let block = "收入\t1.00\n".repeat(4096);
        let mut written = 0usize;
        while written <= suanpan::input::MAX_BYTES + (1 << 20) {
            if stdin.write_all(block.as_bytes()).is_err() {
                break;
            }
            written += block.len();
        }
        written
    });
    let out = child.wait_with_output().unwrap();
    let written = writer.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stdin：文件太大（超过 64 MB）"), "{stderr}");
    assert!(written > suanpan::input::MAX_BYTES, "{written}");
}

// ---------------------------------------------------------------------------------------
// 5. Messages
// ---------------------------------------------------------------------------------------

#[test]
fn damaged_utf8_gets_its_offset_and_a_hint() {
    let text = tab_table("12.00") + "说明：本表为预算数。\n";
    let bytes = text.as_bytes();
    // cut in the middle of the last character (。 is three bytes, the newline one)
    let cut = &bytes[..bytes.len() - 2];
    let e = suanpan::input::read_document("cut.txt", cut).unwrap_err();
    let offset = bytes.len() - 4;
    assert_eq!(
        e.message_zh,
        format!("cut.txt：UTF-8 文本在偏移 {offset} 字节处的最后一个字符不完整，文件可能被截断（下载中断）；请重新获取完整的文件")
    );
    assert!(e.message_en.contains(&format!("byte offset {offset}")) && e.message_en.contains("truncated"));
    // one bad byte in the middle, with and without a byte-order mark
    for bom in [&b""[..], b"\xEF\xBB\xBF"] {
        let mut bad = bom.to_vec();
        bad.extend_from_slice(bytes);
        let at = bom.len() + text.find("行政运行").unwrap() + 1;
        bad[at] = 0xFF;
        let e = suanpan::input::read_document("bad.txt", &bad).unwrap_err();
        assert!(
            e.message_zh.contains(&format!("偏移 {at} 字节处有无效字节 0xFF"))
                && e.message_zh.contains("损坏"),
            "{e:?}"
        );
        assert!(
            e.message_en
                .contains(&format!("invalid byte 0xFF at byte offset {at}")),
            "{e:?}"
        );
    }
    // GBK is still GBK
    #[cfg(feature = "gbk")]
    {
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert_eq!(suanpan::input::read_document("gbk.txt", &gbk).unwrap(), text);
    }
}

#[test]
fn double_dash_ends_the_options() {
    let dir = scratch("dashdash");
    std::fs::write(dir.join("--combine"), tab_table("12.00")).unwrap();
    std::fs::write(dir.join("-f"), tab_table("11.00")).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_suanpan"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let out = run(&["check", "--select", "AR", "--", "--combine"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("--combine — "));
    let out = run(&[
        "check",
        "--select",
        "AR",
        "--format",
        "json",
        "--",
        "-f",
        "--combine",
    ]);
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v.len(), v[0]["document"]["source"].as_str()), (2, Some("-f")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_missing_file_does_not_hide_the_others() {
    let dir = scratch("missing");
    let a = dir.join("a.txt");
    let b = dir.join("b.txt");
    std::fs::write(&a, tab_table("11.00")).unwrap();
    std::fs::write(&b, tab_table("12.00")).unwrap();
    let missing = dir.join("missing.txt");
    let png = dir.join("image.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let (a, b, missing, png) = (
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        missing.to_str().unwrap(),
        png.to_str().unwrap(),
    );
    let out = suanpan(&["check", "--select", "AR", a, missing, b, png]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stdout.contains(&format!("{a} — ")) && stdout.contains(&format!("{b} — ")),
        "{stdout}"
    );
    assert!(
        stderr.contains(&format!("无法读取文件 {missing}"))
            && stderr.contains(&format!("cannot read {missing}"))
    );
    assert!(stderr.contains(&format!("{png}：这不是文本文件")), "{stderr}");
    let out = suanpan(&["check", "--select", "AR", "--format", "json", missing, a, b]);
    assert_eq!(out.status.code(), Some(2));
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.len(), 2);
    // combined, every file is needed: nothing is checked
    let out = suanpan(&["check", "--combine", a, missing, b]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_read() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("latin1");
    let name = dir.join(std::ffi::OsStr::from_bytes(b"caf\xE9.txt"));
    std::fs::write(&name, tab_table("12.00")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_suanpan"))
        .args([
            "check".as_ref(),
            "--select".as_ref(),
            "AR".as_ref(),
            name.as_os_str(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("caf\u{fffd}.txt — "));
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------
// 6. Work that grows with the input: PF013 compares projects in groups, not in pairs
// ---------------------------------------------------------------------------------------

/// Two CJK characters that tell project (or name) `i` apart.
fn tag(i: usize) -> String {
    [0x4E00 + (i * 37) % 20000, 0x4E00 + (i * 91 + 5) % 20000]
        .iter()
        .filter_map(|c| char::from_u32(*c as u32))
        .collect()
}

/// A 项目支出绩效目标表 for project `i` with the given indicator names and goal.
fn perf_block(i: usize, names: &[String], goal: &str) -> String {
    let mut t = format!(
        "## 项目支出绩效目标表\n\n<b>预算单位</b>\t某网信办\t\t\t<b>项目名称</b>\t项目{}\t\n\
         <b>项目资金（万元）</b>\t年度资金总额：\t100.00\t其中：财政拨款\t100.00\t其他资金\t0\n\
         <b>项目总体目标</b>\t{goal}\t\t\t\t\t\n\
         <b>一级指标</b>\t<b>二级指标</b>\t<b>三级指标</b>\t\t\t<b>指标值（包含数字及文字描述）</b>\t\n",
        tag(i)
    );
    for (k, n) in names.iter().enumerate() {
        let first = if k == 0 { "项目完成指标" } else { "" };
        t.push_str(&format!("{first}\t数量指标\t{n}\t\t\t≥{} 个\t\n", 10 + k));
    }
    t.push('\n');
    t
}

fn indicator(i: usize) -> String {
    format!("设备{}维护数量", tag(i))
}

fn pf013(text: &str) -> suanpan::report::Report {
    check_text(
        "p",
        text,
        &Options {
            select: vec!["PF013".into()],
        },
    )
}

#[test]
fn copied_performance_tables_are_reported_once_per_group() {
    let n = 1000;
    let start = std::time::Instant::now();
    // n copies of one set: one warning naming them all, one check (was n(n−1)/2 of each)
    let names: Vec<String> = (0..5).map(indicator).collect();
    let text: String = (0..n)
        .map(|i| perf_block(i, &names, &format!("保障项目{}正常运行。", tag(i))))
        .collect();
    let r = pf013(&text);
    assert_eq!((r.summary.warnings, r.checks.len()), (1, 1));
    assert_eq!(r.findings[0].locations.len(), n);
    assert!(
        r.findings[0].message_zh.contains(&format!("等 {n} 个项目")),
        "{}",
        r.findings[0].message_zh
    );
    // n distinct sets: n passed checks, no warning
    let text: String = (0..n)
        .map(|i| {
            perf_block(
                i,
                &(0..5).map(|k| indicator(n + 5 * i + k)).collect::<Vec<_>>(),
                &format!("保障项目{}正常运行。", tag(i)),
            )
        })
        .collect();
    let r = pf013(&text);
    assert_eq!((r.summary.warnings, r.summary.checks_passed), (0, n));
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

#[test]
fn near_copies_and_shared_goals_are_still_found() {
    // nine shared names and one of its own: 9/11 = 82% between any two, found through the
    // index of rare names although no two sets are equal
    let shared: Vec<String> = (0..9).map(indicator).collect();
    let mut text = String::new();
    for i in 0..40 {
        let mut names = shared.clone();
        names.push(indicator(100 + i));
        text.push_str(&perf_block(i, &names, &format!("保障项目{}正常运行。", tag(i))));
    }
    // two more with their own names and the same goal, word for word
    for i in 40..42 {
        let names: Vec<String> = (0..4).map(|k| indicator(1000 + 10 * i + k)).collect();
        text.push_str(&perf_block(i, &names, "保障全市网络设备正常运行，提升服务水平。"));
    }
    let r = pf013(&text);
    assert_eq!(r.summary.warnings, 2, "{:#?}", r.findings);
    assert!(r
        .findings
        .iter()
        .any(|f| f.locations.len() == 40 && f.message_zh.contains("两两重合 80% 以上")));
    assert!(r
        .findings
        .iter()
        .any(|f| f.locations.len() == 2 && f.message_zh.contains("绩效目标文字完全相同")));
    // the brute force agrees: every pair of the 40 overlaps by ≥ 80%, no other pair does
    assert_eq!(r.summary.checks_passed, 0);
}

#[test]
fn the_comparison_budget_is_said_in_the_report() {
    // every 6 of 12 names: 924 different sets, each as common as the others, so every
    // set's rarest names are shared and the index cannot tell them apart
    let names: Vec<String> = (0..12).map(indicator).collect();
    let mut text = String::new();
    let mut i = 0;
    for mask in 0u32..(1 << 12) {
        if mask.count_ones() == 6 {
            let set: Vec<String> = (0..12)
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| names[k].clone())
                .collect();
            text.push_str(&perf_block(i, &set, &format!("保障项目{}正常运行。", tag(i))));
            i += 1;
        }
    }
    let start = std::time::Instant::now();
    let r = pf013(&text);
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
    assert_eq!(r.summary.warnings, 0, "no two 6-of-12 sets overlap by 80%");
    let stop = r
        .checks
        .iter()
        .find(|c| c.status == suanpan::report::Status::NotChecked);
    let stop = stop.expect("the budget stopped the comparisons");
    assert!(
        stop.reason_zh.as_deref().unwrap().contains("100000 对"),
        "{stop:?}"
    );
}

#[test]
fn grouping_copies_agrees_with_comparing_every_pair() {
    // random sets of 3–8 of 10 names (a linear congruential generator: no dependency)
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |m: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % m
    };
    let universe: Vec<String> = (0..10).map(indicator).collect();
    let mut groups = 0;
    for round in 0..5 {
        let sets: Vec<std::collections::BTreeSet<usize>> = (0..60)
            .map(|_| {
                let size = 3 + next(6) as usize;
                let mut s = std::collections::BTreeSet::new();
                while s.len() < size {
                    s.insert(next(10) as usize);
                }
                s
            })
            .collect();
        let text: String = sets
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let names: Vec<String> = s.iter().map(|k| universe[*k].clone()).collect();
                perf_block(i, &names, &format!("保障项目{}正常运行。", tag(i)))
            })
            .collect();
        // brute force: join every pair that overlaps by ≥ 80%
        let mut group: Vec<usize> = (0..sets.len()).collect();
        fn root(g: &mut [usize], mut i: usize) -> usize {
            while g[i] != i {
                i = g[i];
            }
            i
        }
        for a in 0..sets.len() {
            for b in a + 1..sets.len() {
                let common = sets[a].intersection(&sets[b]).count();
                let union = sets[a].union(&sets[b]).count();
                if common * 100 / union >= 80 {
                    let (ra, rb) = (root(&mut group, a), root(&mut group, b));
                    group[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        let mut expected: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        for i in 0..sets.len() {
            let r = root(&mut group, i);
            expected.entry(r).or_default().push(format!("项目{}", tag(i)));
        }
        let mut expected: Vec<Vec<String>> = expected.into_values().filter(|g| g.len() >= 2).collect();
        let r = pf013(&text);
        let mut found: Vec<Vec<String>> = r
            .findings
            .iter()
            .map(|f| f.locations.iter().map(|l| l.text.clone()).collect())
            .collect();
        expected.iter_mut().chain(found.iter_mut()).for_each(|g| g.sort());
        expected.sort();
        found.sort();
        assert_eq!(found, expected, "round {round}");
        groups += found.len();
    }
    assert!(groups >= 5, "{groups} groups: the rounds exercise the grouping");
}

#[test]
fn a_text_of_too_many_lines_is_read_up_to_its_limits() {
    // a table of 400,010 rows of 4 cells: the text is read up to 400,000 lines and
    // 1,000,000 cells, the table up to 200,000 rows (the row limit of a spreadsheet), each
    // limit a parse issue
    let rows = suanpan::parse::MAX_LINES + 10;
    let mut text = String::with_capacity(rows * 40);
    text.push_str("部门支出总体情况表\n单位：万元\n功能分类科目名称\t合计\t基本支出\t项目支出\n");
    for _ in 0..rows {
        text.push_str("行政运行\t3.00\t1.00\t2.00\n");
    }
    let start = std::time::Instant::now();
    let r = check_text("rows", &text, &only_arithmetic());
    let limits: Vec<&suanpan::model::ParseIssue> =
        r.parse_issues.iter().filter(|i| i.code == "P005").collect();
    let said = |part: &str| limits.iter().any(|i| i.message_zh.contains(part));
    assert!(
        said("文本超过 400000 行：第 400001 行起的 13 行未读取"),
        "{limits:#?}"
    );
    assert!(said("超过 200000 行"), "{limits:#?}");
    // (and its 1.6 million cells pass the 1 million of a whole text)
    assert!(said("行超出读取上限"), "{limits:#?}");
    assert!(r.tables[0].rows <= 200_000);
    assert!(start.elapsed().as_secs() < 120, "{:?}", start.elapsed());
}

/// A PDF of `pages` pages, each showing one line of text in Helvetica (the pages share one
/// content stream), written by the shared PDF writer of tests/support.
#[cfg(feature = "pdf")]
fn pdf_of_pages(pages: usize) -> Vec<u8> {
    let content = "BT /F1 12 Tf 72 720 Td (Total 12.00) Tj ET";
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Count {pages} /Kids [{}] >>",
            (0..pages)
                .map(|i| format!("{} 0 R", 5 + i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    for _ in 0..pages {
        objects.push(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
                .into(),
        );
    }
    let objects: Vec<Vec<u8>> = objects.into_iter().map(String::into_bytes).collect();
    support::pdf(&objects)
}

#[cfg(feature = "pdf")]
#[test]
fn the_pdf_page_limit_note_says_only_what_was_cut() {
    let d = suanpan::input::read_document_with_notes("pages.pdf", &pdf_of_pages(3)).unwrap();
    assert!(d.text.contains("12.00"), "{:?}", d.text);
    assert!(d.warnings.iter().all(|w| w.code != "pdf-limits"));
    let pages = suanpan::pdf::extract::MAX_PAGES + 1;
    let d = suanpan::input::read_document_with_notes("pages.pdf", &pdf_of_pages(pages)).unwrap();
    let w = d
        .warnings
        .iter()
        .find(|w| w.code == "pdf-limits")
        .expect("the page limit is noted");
    assert_eq!(
        w.message_zh,
        format!(
            "pages.pdf：文件超出处理上限：{pages} 页中只读取了前 {} 页",
            pages - 1
        )
    );
    assert!(!w.message_zh.contains("0 个字符"), "{}", w.message_zh);
    assert_eq!(
        w.message_en,
        format!(
            "pages.pdf: the file exceeds the processing limits: only the first {} of {pages} pages were read",
            pages - 1
        )
    );
}

#[test]
fn utf32_and_carriage_return_text_is_read() {
    let text = tab_table("12.00");
    let le: Vec<u8> = text.chars().flat_map(|c| (c as u32).to_le_bytes()).collect();
    let be: Vec<u8> = text.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
    for (name, bytes) in [
        (
            "utf-32le with a byte-order mark",
            [vec![0xFF, 0xFE, 0, 0], le.clone()].concat(),
        ),
        (
            "utf-32be with a byte-order mark",
            [vec![0, 0, 0xFE, 0xFF], be.clone()].concat(),
        ),
        ("utf-32le", le),
        ("utf-32be", be),
        ("carriage returns", text.replace('\n', "\r").into_bytes()),
    ] {
        let read = suanpan::input::read_document(name, &bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(read, text, "{name}");
        let r = check_text(name, &read, &only_arithmetic());
        assert!(r.summary.errors >= 1, "{name}: the wrong total is found");
    }
    // a broken one is said to be broken
    let e = suanpan::input::read_document(
        "b.txt",
        &[0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF],
    )
    .unwrap_err();
    assert!(e.message_zh.contains("UTF-32 编码损坏"), "{e:?}");
}

#[test]
fn a_garbled_office_or_pdf_file_is_called_damaged() {
    // a PDF and an .xlsx whose first bytes were lost: binary, and named for what they were
    let mut pdf = b"\x01\x02\x03".to_vec();
    pdf.extend((0..4000u32).map(|i| (i * 7919 % 251) as u8));
    for (name, kind) in [("a.pdf", "PDF"), ("b.xlsx", "Excel"), ("c.DOCX", "Word")] {
        let e = suanpan::input::read_document(name, &pdf).unwrap_err();
        assert!(
            e.message_zh.starts_with(&format!("{name}：文件名是 ."))
                && e.message_zh.contains(&format!("内容不是 {kind} 文件")),
            "{e:?}"
        );
        assert!(e.message_en.contains("damaged or incomplete"), "{e:?}");
    }
    // the same bytes named .txt are "not a text file", and an HTML table named .xls is read
    let e = suanpan::input::read_document("a.txt", &pdf).unwrap_err();
    assert!(e.message_zh.contains("不是文本文件"), "{e:?}");
    let html = "<table><tr><td>收入</td><td>1.00</td></tr></table>";
    assert!(suanpan::input::read_document("export.xls", html.as_bytes()).is_ok());
}

#[cfg(feature = "xlsx")]
#[test]
fn a_merged_cell_bomb_costs_what_is_in_the_file() {
    // 32 sheets, each a number merged over the whole sheet (A1:XFD1048576): 51 million cells
    // per sheet once clipped to the grid's limits, ~270 MB each before
    let names = support::bomb_sheet_names();
    let sheets = support::merged_bomb_sheets(&names, 1_048_575, 16_383);
    let xlsx = support::xlsx(&sheets, true);
    assert!(xlsx.len() < 100_000, "{} bytes", xlsx.len());
    let start = std::time::Instant::now();
    let d = suanpan::input::read_document_with_notes("bomb.xlsx", &xlsx).unwrap();
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
    assert!(d.text.len() < 10_000, "{} bytes of text", d.text.len());
    assert!(!d.text.contains("12.50"), "the merged number is not read");
    let notes = d.warnings.iter().filter(|w| w.code == "merged-numbers").count();
    assert_eq!(notes, 32, "{:#?}", d.warnings);
}

#[test]
fn combined_files_beyond_the_limit_are_refused_as_they_are_read() {
    let dir = scratch("combine-limit");
    let block = "收入\t1.00\n".repeat(1 << 16);
    let half = suanpan::input::MAX_BYTES / 2 + 1024;
    let mut text = String::with_capacity(half + block.len());
    while text.len() < half {
        text.push_str(&block);
    }
    let (a, b, c) = (dir.join("a.txt"), dir.join("b.txt"), dir.join("c.txt"));
    std::fs::write(&a, &text).unwrap();
    std::fs::write(&b, &text).unwrap();
    std::fs::write(&c, "not read").unwrap();
    let out = suanpan(&[
        "check",
        "--combine",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        c.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{} + {}：文件太大（", a.display(), b.display()))
            && stderr.contains("最大 64 MB"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn long_lines_and_too_many_cells_are_read_up_to_their_limits() {
    use suanpan::parse::lexer::{lines_within_limits, MAX_LINE_BYTES, MAX_LINE_SPANS, MAX_SPANS};
    // one line of 12,000,000 numbers took 1.5 GB: a line is read up to 100,000 bytes
    let long = "1.00 ".repeat(50_000);
    let (lines, cut) = lines_within_limits(&format!("收入\n{long}\n"));
    assert_eq!(cut, Some((2, 1)));
    assert!(lines[1].text.len() <= MAX_LINE_BYTES && lines[1].spans.len() == MAX_LINE_SPANS);
    // a row of 300 cells keeps the 256 columns a table may have
    let row = vec!["1.00"; 300].join("\t");
    let (lines, cut) = lines_within_limits(&row);
    assert_eq!((lines[0].spans.len(), cut), (MAX_LINE_SPANS, Some((1, 1))));
    // the whole text keeps 1,000,000 cells: the lines after have their text, no cells
    let rows = MAX_SPANS / MAX_LINE_SPANS + 3;
    let table = format!("{}\n", vec!["1.00"; MAX_LINE_SPANS].join("\t")).repeat(rows);
    let (lines, cut) = lines_within_limits(&table);
    let spans: usize = lines.iter().map(|l| l.spans.len()).sum();
    assert_eq!(spans, MAX_SPANS);
    let (first, n) = cut.unwrap();
    assert_eq!(
        (first as usize, n),
        (MAX_SPANS / MAX_LINE_SPANS + 1, rows - MAX_SPANS / MAX_LINE_SPANS)
    );
    assert!(lines.last().unwrap().spans.is_empty() || lines.last().unwrap().text.is_empty());
    // and the report says so
    let r = check_text("long", &format!("收入\n{long}\n"), &Options::default());
    let issue = r
        .parse_issues
        .iter()
        .find(|i| i.code == "P005")
        .expect("a P005 issue");
    assert!(
        issue.message_zh.starts_with("第 2 行起有 1 行超出读取上限"),
        "{}",
        issue.message_zh
    );
}

// ---------------------------------------------------------------------------------------
// 7. The narrative: repeated and contradictory mentions are grouped, figures are bounded
// ---------------------------------------------------------------------------------------

const NARRATIVE_HEAD: &str = "某局2024年部门预算\n\n三、关于某局2024年支出预算情况说明\n\n";

fn nr004(text: &str) -> suanpan::report::Report {
    check_text(
        "n",
        text,
        &Options {
            select: vec!["NR004".into()],
        },
    )
}

#[test]
fn a_change_repeated_word_for_word_is_compared_once() {
    // 100 KB of one sentence, one paragraph each: was 2 million passed checks and 1.4 GB
    let line = "基本支出 347.90 万元，比上年执行数增加 71.75 万元。\n\n";
    let text = NARRATIVE_HEAD.to_string() + &line.repeat(100_000 / line.len());
    let start = std::time::Instant::now();
    let r = nr004(&text);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert_eq!(r.summary.errors + r.summary.warnings, 0);
    assert_eq!(r.checks.len(), 0, "one statement, nothing to compare it with");
}

#[test]
fn contradicting_changes_are_listed_up_to_a_limit_and_counted() {
    // 50 different changes of one amount, each repeated: 1,225 contradicting pairs, of which
    // 20 are listed and the rest counted in one more finding (was 2 GB of JSON, 28 s)
    let mut text = NARRATIVE_HEAD.to_string();
    while text.len() < 100_000 {
        for i in 1..=50 {
            text.push_str(&format!("基本支出 347.90 万元，比上年执行数增加 {i}.75 万元。"));
        }
    }
    let start = std::time::Instant::now();
    let r = nr004(&text);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert_eq!(
        r.summary.errors,
        21,
        "{:#?}",
        r.findings.iter().map(|f| &f.message_zh).collect::<Vec<_>>()
    );
    let listed = &r.findings[0].message_zh;
    assert!(listed.contains("（同样的说法共"), "{listed}");
    let rest = r
        .findings
        .iter()
        .find(|f| f.message_zh.contains("还有"))
        .expect("the rest, counted");
    assert!(
        rest.message_zh.contains(&format!("还有 {} 对", 50 * 49 / 2 - 20)),
        "{}",
        rest.message_zh
    );
    assert!(rest.message_en.contains("more pairs"), "{}", rest.message_en);
    let json = suanpan::render::json(&r.without_passed_checks());
    assert!(json.len() < 200_000, "{} bytes", json.len());
}

#[test]
fn contradictions_beyond_the_comparison_limit_are_said() {
    use suanpan::rules::narrative::NR004_MAX_PAIRS as MAX_PAIRS;
    // every change different: n(n−1)/2 pairs, compared up to the limit, the rest said
    let n = 400;
    let mut text = NARRATIVE_HEAD.to_string();
    for i in 0..n {
        text.push_str(&format!("基本支出 347.90 万元，比上年执行数增加 {i}.25 万元。"));
    }
    let r = nr004(&text);
    let pairs = n * (n - 1) / 2;
    assert!(pairs > MAX_PAIRS);
    let skipped = r
        .checks
        .iter()
        .find(|c| c.status == suanpan::report::Status::NotChecked)
        .expect("the pairs not compared are said");
    assert!(
        skipped
            .reason_zh
            .as_deref()
            .unwrap()
            .contains(&format!("其余 {} 对未比较", pairs - MAX_PAIRS)),
        "{skipped:?}"
    );
    assert!(r
        .parse_issues
        .iter()
        .any(|p| p.code == "P005" && p.message_zh.contains("未完整核对")));
    assert_eq!(r.summary.errors, 21, "20 listed and one counting the rest");
}

#[test]
fn many_amounts_of_one_item_in_a_paragraph_are_one_finding() {
    let amounts: Vec<String> = (0..3000)
        .map(|i| format!("基本支出 {i}.{:02} 万元", i % 100))
        .collect();
    let text = NARRATIVE_HEAD.to_string() + &amounts.join("，") + "。\n";
    let start = std::time::Instant::now();
    let r = nr004(&text);
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    assert_eq!(r.summary.errors, 1);
    let m = &r.findings[0].message_zh;
    assert!(
        m.contains("3000 个不同的金额") && m.contains("共提及 3000 次"),
        "{m}"
    );
    // two amounts: the message it always had
    let r =
        nr004(&(NARRATIVE_HEAD.to_string() + "基本支出 350.35 万元，主要用于工资。基本支出 352.67 万元。\n"));
    assert_eq!(
        r.findings[0].message_zh,
        "同一段中“基本支出”先写 350.35万元，又写 352.67万元"
    );
}

#[test]
fn a_narrative_of_too_many_figures_is_read_up_to_its_limit() {
    // paragraphs of figures without a full stop: every figure a fact holding its clause
    // (a 500 KB text took 9 GB and 23 s)
    let para: String = (0..5000)
        .map(|i| format!("支出 {i}.{:02} 万元，", i % 100))
        .collect();
    let paragraphs = suanpan::narrative::MAX_FIGURES / 5000 + 3;
    let text = NARRATIVE_HEAD.to_string() + &vec![para; paragraphs].join("\n\n") + "\n";
    let start = std::time::Instant::now();
    let r = check_text("n", &text, &Options::default());
    assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    let cut = r
        .parse_issues
        .iter()
        .find(|p| p.code == "P005" && p.message_zh.contains("说明中的数字超过"))
        .expect("the limit is said");
    assert!(
        cut.message_zh.contains("段未读取") && cut.message_en.contains("not fully checked"),
        "{cut:?}"
    );
    // the not-checked entries are listed up to their limit, and all counted
    assert!(
        r.checks.len() < 5 * suanpan::rules::MAX_NOT_CHECKED,
        "{}",
        r.checks.len()
    );
    assert!(r.summary.checks_not_checked >= suanpan::narrative::MAX_FIGURES / 2);
    assert!(r.checks.iter().any(|c| c.subject_zh.contains("未逐一列出")));
}
