//! `suanpan` — the native command-line checker.
//!
//! ```text
//! suanpan check [--format text|json|markdown] [--lang zh|en] [--select AR001,AR002] [--combine] FILE...
//!     (- = stdin; PDF, Excel .xlsx/.xls, Word .docx, HTML, CSV or text; --combine reads all FILEs as one document)
//! suanpan rules [--markdown]
//! suanpan explain CODE
//! ```
//! Exit status: 0 = no error findings, 1 = error findings, 2 = input could not be read or bad usage.

use std::io::Read;
use std::process::ExitCode;

use suanpan::render::{self, Lang};
use suanpan::{check_text, input, rules, Options};

const USAGE: &str = "用法 / usage:
  suanpan check [--format text|json|markdown] [--lang zh|en] [--select CODES] [--combine] FILE...
      FILE：PDF、Excel（.xlsx/.xls）、Word（.docx）、HTML、CSV 或文本；- 读标准输入
            PDF, Excel (.xlsx/.xls), Word (.docx), HTML, CSV or text; - reads stdin
      --combine：把所有 FILE 按顺序作为一份文档核对（说明和表格分开发布时）
                 check all FILEs, in order, as one document (a narrative and its tables published separately)
  suanpan rules [--markdown]
  suanpan explain CODE
退出码 / exit status: 0 无错误 no errors, 1 有错误 error findings, 2 无法读取输入或用法错误 unreadable input or bad usage";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => cmd_check(&args[1..]),
        Some("rules") => {
            if args.iter().any(|a| a == "--markdown") {
                print!("{}", render::rules_markdown());
            } else {
                for r in rules::ALL {
                    println!(
                        "{}  {:<34} {:<8} {}",
                        r.code,
                        r.name,
                        r.severity.label_en(),
                        r.title_zh
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Some("explain") => match args.get(1).and_then(|c| rules::find(c)) {
            Some(r) => {
                println!("{} {} — {}\n{}\n", r.code, r.name, r.title_zh, r.title_en);
                for line in r.docs.lines() {
                    println!("{}", line.strip_prefix(' ').unwrap_or(line));
                }
                ExitCode::SUCCESS
            }
            None => {
                eprintln!(
                    "未知规则 / unknown rule: {}\n用 `suanpan rules` 查看全部规则 / run `suanpan rules` for the list",
                    args.get(1).map(String::as_str).unwrap_or("")
                );
                ExitCode::from(2)
            }
        },
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("--version") | Some("-V") => {
            println!("suanpan {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn cmd_check(args: &[String]) -> ExitCode {
    let mut format = Format::Text;
    let mut lang = Lang::Zh;
    let mut files: Vec<String> = Vec::new();
    let mut options = Options::default();
    let mut combine = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" | "-f" => match it.next().map(String::as_str) {
                Some("text") => format = Format::Text,
                Some("json") => format = Format::Json,
                Some("markdown") | Some("md") => format = Format::Markdown,
                other => {
                    eprintln!("--format 只能是 text、json 或 markdown / --format must be text, json or markdown (got {other:?})");
                    return ExitCode::from(2);
                }
            },
            "--lang" => match it.next().map(String::as_str) {
                Some("zh") => lang = Lang::Zh,
                Some("en") => lang = Lang::En,
                other => {
                    eprintln!("--lang 只能是 zh 或 en / --lang must be zh or en (got {other:?})");
                    return ExitCode::from(2);
                }
            },
            "--select" => {
                let list = it
                    .next()
                    .map(|l| l.split(',').map(str::trim).filter(|s| !s.is_empty()));
                options.select = list.into_iter().flatten().map(String::from).collect();
                if options.select.is_empty() {
                    eprintln!("--select 需要规则代码 / --select needs rule codes");
                    return ExitCode::from(2);
                }
                let unknown = options.unmatched();
                if !unknown.is_empty() {
                    eprintln!(
                        "--select 中没有这样的规则 / no rule matches --select: {}\n用 `suanpan rules` 查看全部规则 / run `suanpan rules` for the list",
                        unknown.join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
            "--combine" => combine = true,
            s if s.starts_with("--") => {
                eprintln!("未知选项 / unknown option: {s}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => files.push(a.clone()),
        }
    }
    if files.is_empty() {
        eprintln!("没有指定文件 / no file given\n{USAGE}");
        return ExitCode::from(2);
    }
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for f in &files {
        let (name, bytes) = if f == "-" {
            let mut buf = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut buf) {
                eprintln!("无法读取标准输入 / cannot read stdin: {e}");
                return ExitCode::from(2);
            }
            ("stdin".to_string(), buf)
        } else {
            // a file over the limit is refused before it is read
            if let Ok(m) = std::fs::metadata(f) {
                if m.len() > input::MAX_BYTES as u64 {
                    let e = input::too_large(f, m.len());
                    eprintln!("{}\n{}", e.message_zh, e.message_en);
                    return ExitCode::from(2);
                }
            }
            match std::fs::read(f) {
                Ok(b) => (f.clone(), b),
                Err(e) => {
                    eprintln!("无法读取文件 {f} / cannot read {f}: {e}");
                    return ExitCode::from(2);
                }
            }
        };
        inputs.push((name, bytes));
    }
    // each document to check: its name and text
    let mut documents: Vec<(String, String)> = Vec::new();
    if combine {
        let parts: Vec<(&str, &[u8])> = inputs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        match input::read_documents(&parts) {
            Ok(c) => {
                for w in &c.warnings {
                    eprintln!("提示 / note: {}\n{}", w.message_zh, w.message_en);
                }
                let names: Vec<&str> = c.parts.iter().map(|p| p.name.as_str()).collect();
                documents.push((names.join(" + "), c.text));
            }
            Err(e) => {
                eprintln!("{}\n{}", e.message_zh, e.message_en);
                return ExitCode::from(2);
            }
        }
    } else {
        for (name, bytes) in &inputs {
            match input::read_document_with_notes(name, bytes) {
                Ok(d) => {
                    for w in &d.warnings {
                        eprintln!("提示 / note: {}\n{}", w.message_zh, w.message_en);
                    }
                    documents.push((name.clone(), d.text));
                }
                Err(e) => {
                    eprintln!("{}\n{}", e.message_zh, e.message_en);
                    return ExitCode::from(2);
                }
            }
        }
    }
    let mut any_error = false;
    let mut reports = Vec::new();
    for (name, text) in &documents {
        let report = check_text(name, text, &options);
        any_error |= !report.is_clean();
        reports.push(report);
    }
    match format {
        Format::Json => {
            if reports.len() == 1 {
                println!("{}", render::json(&reports[0]));
            } else {
                let all: Vec<String> = reports.iter().map(render::json).collect();
                println!("[{}]", all.join(",\n"));
            }
        }
        Format::Text => {
            for r in &reports {
                println!("{}", render::text(r, lang));
            }
        }
        Format::Markdown => {
            for r in &reports {
                println!("{}", render::markdown(r, lang));
            }
        }
    }
    if any_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
