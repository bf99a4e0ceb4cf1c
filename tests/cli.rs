//! The command-line contract: formats and exit codes.

mod common;

use std::process::Command;

fn suanpan(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_suanpan"))
        .args(args)
        .output()
        .expect("run suanpan")
}

fn corpus(name: &str) -> String {
    common::corpus_dir()
        .join("text")
        .join(name)
        .to_string_lossy()
        .to_string()
}

#[test]
fn exit_one_on_error_findings_with_json() {
    let out = suanpan(&[
        "check",
        "--format",
        "json",
        &corpus("xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["tables"].as_array().unwrap().len(), 8);
    let findings = v["findings"].as_array().unwrap();
    let row = findings
        .iter()
        .find(|f| f["rule"] == "AR002")
        .expect("an AR002 finding");
    assert!(row["locations"][0]["line"].as_u64().is_some());
    assert!(findings.iter().any(|f| f["rule"] == "ST001"));
}

#[test]
fn exit_zero_when_clean_and_text_markdown_render() {
    let f = corpus("shanghai-putuo-government-office-2025-dept-budget.layout.txt");
    let out = suanpan(&["check", &f]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("识别表格 9 张"));
    let out = suanpan(&["check", "--format", "markdown", "--lang", "en", &f]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("## Tables"));
}

#[test]
fn exit_two_on_unreadable_input() {
    let out = suanpan(&["check", "/nonexistent/file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取"));
    let dir = std::env::temp_dir().join(format!("suanpan-cli-unreadable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("x.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 binary").unwrap();
    let out = suanpan(&["check", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PDF"));
    // GBK text is read (收入), a binary renamed .txt is refused naming the file
    let gbk = dir.join("gbk.txt");
    std::fs::write(&gbk, [0xCA, 0xD5, 0xC8, 0xEB]).unwrap();
    let out = suanpan(&["check", gbk.to_str().unwrap()]);
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = dir.join("image.txt");
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..2000u32).map(|i| (i * 7 % 251) as u8));
    std::fs::write(&png, bytes).unwrap();
    let out = suanpan(&["check", png.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("image.txt"));
    let out = suanpan(&["check", "--format", "yaml", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stdin_rules_and_explain() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_suanpan"))
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("没有表格的文字".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = suanpan(&["rules"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("AR002"));
    let out = suanpan(&["explain", "AR002"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("## What it checks"));
    assert_eq!(suanpan(&["explain", "ZZ999"]).status.code(), Some(2));
}

#[cfg(feature = "pdf")]
#[test]
fn reads_pdfs() {
    let f = common::corpus_dir()
        .join("pdf")
        .join("shanghai-putuo-government-office-2025-dept-budget.pdf");
    let out = suanpan(&["check", "--format", "json", f.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tables"].as_array().unwrap().len(), 9);
    // a page without text is reported on stderr, the check still runs
    let f = common::corpus_dir()
        .join("pdf")
        .join("shanghai-putuo-finance-bureau-2024-dept-final.pdf");
    let out = suanpan(&["check", f.to_str().unwrap()]);
    // it has narrative-vs-table errors (exit 1), as its text has
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有文字层"));
}

#[test]
fn combine_reads_several_files_as_one_document() {
    let narrative = corpus("jiangsu-party-committee-office-2019-dept-budget.layout.txt");
    let tables = corpus("jiangsu-party-committee-office-2019-dept-budget-tables.layout.txt");
    // separately: the narrative has no table, the tables no narrative
    let out = suanpan(&["check", "--format", "json", &narrative, &tables]);
    let v: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0]["tables"].as_array().unwrap().len(), 0);
    // together: one report, the narrative's figures bound to the tables
    let out = suanpan(&["check", "--combine", "--format", "json", &narrative, &tables]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(v["tables"].as_array().unwrap().len(), 12);
    assert_eq!(v["document"]["source"], format!("{narrative} + {tables}"));
    let findings = v["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["rule"] != "ST001"),
        "no table is missing any more"
    );
    // the "三公" shares are of the “三公”经费 (508.20), not of the table's 合计 that adds
    // 会议费 and 培训费 (1,471.70)
    for f in findings.iter().filter(|f| f["rule"] == "NR002") {
        assert_ne!(f["computed"]["display"], "1,471.70", "{f}");
        assert!(!f["message_zh"].as_str().unwrap().contains("1,471.70"), "{f}");
    }
    // a bad file among them: exit 2, the message names it
    let dir = std::env::temp_dir().join(format!("suanpan-cli-combine-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("图.txt");
    std::fs::write(&png, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).unwrap();
    let out = suanpan(&["check", "--combine", &narrative, png.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(&format!("{}：这不是文本文件，而是 PNG 图片", png.display())),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert!(String::from_utf8_lossy(&suanpan(&["--help"]).stdout).contains("--combine"));
}

#[test]
fn passed_checks_are_counted_and_listed_with_checks() {
    // the largest corpus document (by its report)
    let f = corpus("shanghai-putuo-wanli-street-2024-dept-budget.layout.txt");
    let full = suanpan(&["check", "--format", "json", "--checks", &f]);
    let short = suanpan(&["check", "--format", "json", &f]);
    assert_eq!(full.status.code(), short.status.code());
    // issue 16: at most a tenth of its report at b11d8c2 (1,206,108 bytes; 19,812 now)
    assert!(
        short.stdout.len() <= 1_206_108 / 10,
        "{} bytes",
        short.stdout.len()
    );
    assert!(
        short.stdout.len() * 10 <= full.stdout.len(),
        "{} bytes without --checks, {} with",
        short.stdout.len(),
        full.stdout.len()
    );
    let full: serde_json::Value = serde_json::from_slice(&full.stdout).unwrap();
    let short: serde_json::Value = serde_json::from_slice(&short.stdout).unwrap();
    assert_eq!(full["summary"], short["summary"]);
    assert_eq!(
        full["findings"].as_array().unwrap().len(),
        short["findings"].as_array().unwrap().len()
    );
    let checks = short["checks"].as_array().unwrap();
    assert!(checks.iter().all(|c| c["status"] != "pass"));
    let not_passed = full["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "pass");
    assert_eq!(not_passed.count(), checks.len());
    // every finding still points at its own check
    for (s, l) in short["findings"]
        .as_array()
        .unwrap()
        .iter()
        .zip(full["findings"].as_array().unwrap())
    {
        for key in ["check", "consequence_of"] {
            match (s[key].as_u64(), l[key].as_u64()) {
                (Some(i), Some(j)) => assert_eq!(checks[i as usize], full["checks"][j as usize], "{key}"),
                (None, None) => {}
                other => panic!("{key}: {other:?}"),
            }
        }
    }
}

#[test]
fn exit_three_when_a_limit_cut_the_work() {
    // a clean document with one line beyond the reading limit: no error, not fully checked
    let clean = std::fs::read_to_string(corpus(
        "shanghai-putuo-government-office-2025-dept-budget.layout.txt",
    ))
    .unwrap();
    let dir = std::env::temp_dir().join(format!("suanpan-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = dir.join("cut.txt");
    std::fs::write(&cut, format!("{clean}\n{}\n", "说明".repeat(60_000))).unwrap();
    let out = suanpan(&["check", "--format", "json", cut.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["parse_issues"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["code"] == "P005"));
    // errors win over the cut
    let wrong =
        std::fs::read_to_string(corpus("xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt")).unwrap();
    std::fs::write(&cut, format!("{wrong}\n{}\n", "说明".repeat(60_000))).unwrap();
    assert_eq!(suanpan(&["check", cut.to_str().unwrap()]).status.code(), Some(1));
    // the status is in the help
    let help = String::from_utf8_lossy(&suanpan(&["--help"]).stdout).to_string();
    assert!(
        help.contains("3 未发现错误") && help.contains("not fully checked"),
        "{help}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(feature = "pdf")]
#[test]
fn the_largest_report_is_a_tenth_of_what_it_was() {
    // the corpus document with the largest report: 2,474,131 bytes of JSON at b11d8c2
    // (every passed check listed), 75,061 without --checks since issue 16
    let f = common::corpus_dir()
        .join("unaudited")
        .join("yantai-jiaoyuju-2026-budget.pdf");
    let out = suanpan(&["check", "--format", "json", f.to_str().unwrap()]);
    assert!(out.stdout.len() <= 2_474_131 / 10, "{} bytes", out.stdout.len());
}

#[test]
fn annotate_writes_the_pdf_with_highlights_and_says_where() {
    let pdf = common::corpus_dir().join("golden/jiangsu-procuratorate-2018-dept-budget.pdf");
    let pdf = pdf.to_string_lossy().to_string();
    let dir = std::env::temp_dir().join(format!("suanpan-cli-annotate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_pdf = dir.join("out.pdf").to_string_lossy().to_string();
    let out = suanpan(&["check", "--annotate", &out_pdf, &pdf]);
    assert_eq!(out.status.code(), Some(1), "the document has errors");
    let written = std::fs::read(&out_pdf).unwrap();
    assert!(written.starts_with(&std::fs::read(&pdf).unwrap()));
    assert!(String::from_utf8_lossy(&out.stderr).contains("个批注"));
    // the text report names the page of each cell
    assert!(String::from_utf8_lossy(&out.stdout).contains("第 23 页 · "));
    // JSON: the box of the printed number
    let out = suanpan(&["check", "--format", "json", &pdf]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let source = &v["findings"][0]["locations"][0]["source"];
    assert_eq!(source["kind"], "pdf");
    assert!(source["page"].as_u64().is_some() && source["rect"]["x0"].as_f64().is_some());
    // one PDF only
    let txt = corpus("xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt");
    let out = suanpan(&["check", "--annotate", &out_pdf, &txt]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PDF"));
    let out = suanpan(&["check", "--annotate", &out_pdf, &pdf, &pdf]);
    assert_eq!(out.status.code(), Some(2));
    let out = suanpan(&["check", "--annotate"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn options_with_equals_per_command_help_and_unknown_options() {
    let f = corpus("xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt");
    // `--format=json` is `--format json`, and so is `-f json`
    let spaced = suanpan(&["check", "--format", "json", &f]);
    let joined = suanpan(&["check", "--format=json", &f]);
    let short = suanpan(&["check", "-f", "json", &f]);
    assert_eq!(joined.status.code(), Some(1));
    assert_eq!(joined.stdout, spaced.stdout);
    assert_eq!(short.stdout, spaced.stdout);
    let v: serde_json::Value = serde_json::from_slice(&joined.stdout).unwrap();
    assert_eq!(v["schema_version"], 2);
    let out = suanpan(&["check", "--lang=en", "--select=AR002", &f]);
    assert_eq!(out.status.code(), Some(1));
    // each command has its own help, on standard output, status 0
    let help = suanpan(&["check", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("--summary") && text.contains("--format=json") && text.contains("退出码"),
        "{text}"
    );
    assert!(!text.contains("suanpan explain"), "{text}");
    for (command, says) in [("rules", "--markdown"), ("explain", "AR002")] {
        let help = suanpan(&[command, "--help"]);
        assert_eq!(help.status.code(), Some(0));
        let text = String::from_utf8_lossy(&help.stdout);
        assert!(
            text.contains(&format!("suanpan {command}")) && text.contains(says),
            "{text}"
        );
        assert!(!text.contains("--combine"), "{text}");
    }
    // an unknown option is a usage error in Chinese and English, status 2, nothing on stdout
    for args in [
        &["check", "--frobnicate", &f][..],
        &["check", "-x", &f],
        &["check", "--combine=yes", &f],
        &["rules", "--json"],
        &["explain", "AR002", "AR003"],
        &["frobnicate"],
        &[],
    ] {
        let out = suanpan(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("用法 / usage:"), "{args:?}: {err}");
    }
    let err = String::from_utf8_lossy(&suanpan(&["check", "--frobnicate", &f]).stderr).to_string();
    assert!(
        err.starts_with("未知选项 / unknown option: --frobnicate\n"),
        "{err}"
    );
    // an option's missing value
    let err = String::from_utf8_lossy(&suanpan(&["check", &f, "--out"]).stderr).to_string();
    assert!(
        err.contains("--out 需要目录名 / --out needs a directory"),
        "{err}"
    );
    // a file whose name starts with `-`, after `--`
    let out = suanpan(&["check", "--", "-not-an-option"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取"));
}
