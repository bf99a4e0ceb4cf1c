//! `suanpan` — the native command-line checker.
//!
//! ```text
//! suanpan check [--format text|json|markdown] [--lang zh|en] [--select AR001,AR002] [--combine] [--checks] [--] FILE...
//!     (- = stdin; PDF, Excel .xlsx/.xls, Word .docx, HTML, CSV or text; --combine reads all FILEs as one document;
//!      a FILE may be a directory, a glob or a .zip of documents)
//! suanpan check --summary [--out DIR] [--jobs N] DIR|GLOB|ZIP|FILE...
//! suanpan rules [--markdown]
//! suanpan explain CODE
//! suanpan COMMAND --help
//! ```
//! Arguments are read with `lexopt`: an option's value follows it (`--format json`) or is
//! joined with `=` (`--format=json`); `-` is standard input and everything after `--` a file.
//! An unknown option or a missing value is a usage error (Chinese, then English; status 2).
//!
//! Exit status: 0 = no error findings, 1 = error findings, 2 = an input could not be read
//! (the other files' reports are still printed), bad usage, or the report could not be
//! written; 3 = no error found, but a limit cut the work (the document was not fully checked);
//! 141 = standard output was closed before the report was written (`| head`), as
//! for a program ended by SIGPIPE; nothing is printed then.

#[path = "suanpan/batch.rs"]
mod batch;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use suanpan::render::{self, escape, Lang};
use suanpan::source::SourceMap;
use suanpan::{check_text_with_sources, input, rules, Options};

/// The synopsis and options of `suanpan check` (`suanpan check --help`).
const CHECK_USAGE: &str = "  suanpan check [--format text|json|markdown] [--lang zh|en] [--select CODES] [--combine] [--checks] [--annotate OUT.pdf] [--] FILE...
  suanpan check --summary [--out DIR] [--jobs N] [--format ..] [--lang ..] [--select ..] [--checks] DIR|GLOB|ZIP|FILE...
      FILE：PDF、Excel（.xlsx/.xls）、Word（.docx）、HTML、CSV 或文本；- 读标准输入；-- 之后都是文件名
            PDF, Excel (.xlsx/.xls), Word (.docx), HTML, CSV or text; - reads stdin; everything after -- is a file
      FILE 也可以是目录（含子目录）、通配符（*、?、**）或文件的 .zip 压缩包
            a FILE may also be a directory (recursive), a glob (*, ?, **) or a .zip of documents
      --format, -f：输出格式（默认 text） the output format (default text); --format json 或/or --format=json
      --lang：报告语言（默认 zh） the report's language (default zh)
      --select CODES：只用这些规则（代码、前缀或名称，逗号分隔）
                 only these rules (codes, prefixes or names, separated by commas)
      --combine：把所有 FILE 按顺序作为一份文档核对（说明和表格分开发布时）
                 check all FILEs, in order, as one document (a narrative and its tables published separately)
      --summary：作为一组文件核对：每个文件一行（部门、年度、类别、表格、问题数），自动分组
                 （说明与表格、同一部门的各年度、部门与单位）并跨文件核对（XD 规则）；多核并行
                 check the files as a set: one row per document, the groups found from the texts
                 (narrative + tables, the years of a department, a department and its units) and the
                 cross-document rules (XD); in parallel on all cores
      --out DIR：（与 --summary 一起）每个文件写一份 JSON 报告，另写 set.json、set.csv、set-findings.csv
                 (with --summary) write one JSON report per document, and set.json, set.csv, set-findings.csv
      --jobs N, -j N：并行线程数（默认为 CPU 核数） threads (default: the number of cores)
      --checks：JSON 中列出通过的核对（默认只计数）
                list the passed checks in the JSON (by default they are only counted)
      --annotate OUT.pdf：另存一份原 PDF，在每个问题涉及的单元格上加高亮批注（原文件字节不变，增量更新）
                write the PDF (one FILE) with a highlight annotation on every finding's cells to OUT.pdf
                (an incremental update: the original bytes are kept)
      --help, -h：本说明 this help";

/// `suanpan rules --help`.
const RULES_USAGE: &str = "  suanpan rules [--markdown]
      列出全部规则；--markdown 输出 Markdown（docs/rules.md 由此生成）
      list the rules; --markdown writes Markdown (docs/rules.md is generated from it)";

/// `suanpan explain --help`.
const EXPLAIN_USAGE: &str = "  suanpan explain CODE
      一条规则的说明（代码或名称，如 AR002） one rule's documentation (a code or name, e.g. AR002)";

const EXIT_STATUS: &str = "退出码 / exit status: 0 无错误 no errors, 1 有错误 error findings,
  2 无法读取输入（其余文件的报告照常输出）、用法错误或无法写出报告
    an input could not be read (the other files' reports are still printed), bad usage, or the report could not be written,
  3 未发现错误，但超出处理上限，文档未完整核对（报告中有 P005 说明）
    no error found, but a limit cut the work: the document was not fully checked (a P005 note says what),
  141 输出管道已关闭 standard output closed early (| head)";

/// The commands, for their help and usage errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Command {
    Check,
    Rules,
    Explain,
}

/// The usage of one command (`suanpan check --help`), or of all of them.
fn usage(command: Option<Command>) -> String {
    match command {
        Some(Command::Check) => format!("用法 / usage:\n{CHECK_USAGE}\n{EXIT_STATUS}"),
        Some(Command::Rules) => format!("用法 / usage:\n{RULES_USAGE}"),
        Some(Command::Explain) => format!("用法 / usage:\n{EXPLAIN_USAGE}"),
        None => format!(
            "用法 / usage:\n{CHECK_USAGE}\n{RULES_USAGE}\n{EXPLAIN_USAGE}\n  suanpan COMMAND --help：一个命令的说明 / one command's help\n{EXIT_STATUS}"
        ),
    }
}

/// A usage error: the message (Chinese / English) and the command's usage on standard
/// error, status 2.
fn usage_error(message: &str, command: Option<Command>) -> ExitCode {
    warn(&format!("{message}\n{}", usage(command)));
    ExitCode::from(2)
}

/// A command-line parsing error in Chinese and English.
fn parse_error(e: &lexopt::Error) -> String {
    use lexopt::Error as E;
    match e {
        E::MissingValue { option: Some(o) } => format!("{o} 需要一个值 / {o} needs a value"),
        E::MissingValue { option: None } => "缺少一个值 / a value is missing".to_string(),
        E::UnexpectedOption(o) => format!("未知选项 / unknown option: {}", escape::line(o)),
        E::UnexpectedArgument(a) => format!(
            "多余的参数 / unexpected argument: {}",
            escape::line(&a.to_string_lossy())
        ),
        E::UnexpectedValue { option, value } => format!(
            "{option} 不带值 / {option} takes no value (got {})",
            escape::line(&value.to_string_lossy())
        ),
        E::NonUnicodeValue(v) => format!(
            "参数不是有效的文本 / the argument is not valid text: {}",
            escape::line(&v.to_string_lossy())
        ),
        E::ParsingFailed { value, error } => format!(
            "无法读取参数 / cannot read the argument {}: {error}",
            escape::line(value)
        ),
        E::Custom(error) => format!("参数错误 / bad argument: {error}"),
    }
}

/// No error was found, but a limit cut the work: the document was not fully checked.
const NOT_FULLY_CHECKED: u8 = 3;

/// Standard output was closed before everything was written: the status a shell reports
/// for a program ended by SIGPIPE (128 + 13).
const BROKEN_PIPE: u8 = 141;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Markdown,
}

fn main() -> ExitCode {
    // arguments that are not Unicode (a file name in another encoding) are kept as they are
    let mut parser = lexopt::Parser::from_env();
    match parser.next() {
        Ok(Some(lexopt::Arg::Value(command))) => match command.to_string_lossy().as_ref() {
            "check" => cmd_check(parser),
            "rules" => cmd_rules(parser),
            "explain" => cmd_explain(parser),
            "help" => emit(&format!("{}\n", usage(None))),
            other => usage_error(
                &format!("未知命令 / unknown command: {}", escape::line(other)),
                None,
            ),
        },
        Ok(Some(lexopt::Arg::Short('h') | lexopt::Arg::Long("help"))) => emit(&format!("{}\n", usage(None))),
        Ok(Some(lexopt::Arg::Short('V') | lexopt::Arg::Long("version"))) => {
            emit(&format!("suanpan {}\n", env!("CARGO_PKG_VERSION")))
        }
        Ok(None) => usage_error("没有指定命令 / no command given", None),
        Ok(Some(arg)) => usage_error(&parse_error(&arg.unexpected()), None),
        Err(e) => usage_error(&parse_error(&e), None),
    }
}

/// `suanpan rules [--markdown]`.
fn cmd_rules(mut parser: lexopt::Parser) -> ExitCode {
    let mut markdown = false;
    loop {
        match parser.next() {
            Ok(None) => break,
            Ok(Some(lexopt::Arg::Long("markdown"))) => markdown = true,
            Ok(Some(lexopt::Arg::Short('h') | lexopt::Arg::Long("help"))) => {
                return emit(&format!("{}\n", usage(Some(Command::Rules))))
            }
            Ok(Some(arg)) => return usage_error(&parse_error(&arg.unexpected()), Some(Command::Rules)),
            Err(e) => return usage_error(&parse_error(&e), Some(Command::Rules)),
        }
    }
    if markdown {
        return emit(&render::rules_markdown());
    }
    let mut o = String::new();
    for r in rules::ALL {
        let _ = writeln!(
            o,
            "{}  {:<34} {:<8} {}",
            r.code,
            r.name,
            r.severity.label_en(),
            r.title_zh
        );
    }
    emit(&o)
}

/// `suanpan explain CODE`.
fn cmd_explain(mut parser: lexopt::Parser) -> ExitCode {
    let mut code: Option<String> = None;
    loop {
        match parser.next() {
            Ok(None) => break,
            Ok(Some(lexopt::Arg::Short('h') | lexopt::Arg::Long("help"))) => {
                return emit(&format!("{}\n", usage(Some(Command::Explain))))
            }
            Ok(Some(lexopt::Arg::Value(v))) if code.is_none() => {
                code = Some(v.to_string_lossy().into_owned())
            }
            Ok(Some(arg)) => return usage_error(&parse_error(&arg.unexpected()), Some(Command::Explain)),
            Err(e) => return usage_error(&parse_error(&e), Some(Command::Explain)),
        }
    }
    let Some(code) = code else {
        return usage_error("需要规则代码 / a rule code is needed", Some(Command::Explain));
    };
    match rules::find(&code) {
        Some(r) => {
            let mut o = format!("{} {} — {}\n{}\n\n", r.code, r.name, r.title_zh, r.title_en);
            for line in r.docs.lines() {
                let _ = writeln!(o, "{}", line.strip_prefix(' ').unwrap_or(line));
            }
            emit(&o)
        }
        None => {
            warn(&format!(
                "未知规则 / unknown rule: {}\n用 `suanpan rules` 查看全部规则 / run `suanpan rules` for the list",
                escape::line(&code)
            ));
            ExitCode::from(2)
        }
    }
}

fn cmd_check(mut parser: lexopt::Parser) -> ExitCode {
    use lexopt::Arg::{Long, Short, Value};
    const CHECK: Option<Command> = Some(Command::Check);
    let mut format = Format::Text;
    let mut lang = Lang::Zh;
    let mut files: Vec<OsString> = Vec::new();
    let mut options = Options::default();
    let mut combine = false;
    let mut passed_checks = false;
    let mut annotate: Option<PathBuf> = None;
    let mut summary = false;
    let mut out_dir: Option<PathBuf> = None;
    let mut jobs = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    loop {
        // the option as written (`--format`, `-f`); `-` (standard input) is a value, and so
        // is everything after `--`
        let option = match parser.next() {
            Ok(Some(Value(file))) => {
                files.push(file);
                continue;
            }
            Ok(Some(Long(long))) => format!("--{long}"),
            Ok(Some(Short(short))) => format!("-{short}"),
            Ok(None) => break,
            Err(e) => return usage_error(&parse_error(&e), CHECK),
        };
        // an option's value, if it has one (`--format json` or `--format=json`)
        let mut value = || parser.value().ok();
        let text = |v: Option<OsString>| v.map(|v| v.to_string_lossy().into_owned());
        match option.as_str() {
            "--format" | "-f" => match text(value()).as_deref() {
                Some("text") => format = Format::Text,
                Some("json") => format = Format::Json,
                Some("markdown") | Some("md") => format = Format::Markdown,
                other => {
                    warn(&format!("--format 只能是 text、json 或 markdown / --format must be text, json or markdown (got {other:?})"));
                    return ExitCode::from(2);
                }
            },
            "--lang" => match text(value()).as_deref() {
                Some("zh") => lang = Lang::Zh,
                Some("en") => lang = Lang::En,
                other => {
                    warn(&format!(
                        "--lang 只能是 zh 或 en / --lang must be zh or en (got {other:?})"
                    ));
                    return ExitCode::from(2);
                }
            },
            "--select" => {
                let list = text(value()).unwrap_or_default();
                options.select = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                if options.select.is_empty() {
                    warn("--select 需要规则代码 / --select needs rule codes");
                    return ExitCode::from(2);
                }
                let unknown = options.unmatched();
                if !unknown.is_empty() {
                    warn(&format!(
                        "--select 中没有这样的规则 / no rule matches --select: {}\n用 `suanpan rules` 查看全部规则 / run `suanpan rules` for the list",
                        escape::line(&unknown.join(", "))
                    ));
                    return ExitCode::from(2);
                }
            }
            "--combine" => combine = true,
            "--checks" => passed_checks = true,
            "--summary" => summary = true,
            "--out" => match value() {
                Some(dir) => out_dir = Some(PathBuf::from(dir)),
                None => {
                    warn("--out 需要目录名 / --out needs a directory");
                    return ExitCode::from(2);
                }
            },
            "--jobs" | "-j" => match text(value())
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|n| *n > 0)
            {
                Some(n) => jobs = n,
                None => {
                    warn("--jobs 需要正整数 / --jobs needs a positive number");
                    return ExitCode::from(2);
                }
            },
            "--annotate" => match value() {
                Some(out) => annotate = Some(PathBuf::from(out)),
                None => {
                    warn("--annotate 需要输出文件名 / --annotate needs an output file name");
                    return ExitCode::from(2);
                }
            },
            "--help" | "-h" => return emit(&format!("{}\n", usage(CHECK))),
            _ => return usage_error(&parse_error(&lexopt::Error::UnexpectedOption(option)), CHECK),
        }
    }
    if files.is_empty() {
        return usage_error("没有指定文件 / no file given", CHECK);
    }
    if out_dir.is_some() && !summary {
        warn("--out 只能与 --summary 一起使用 / --out goes with --summary");
        return ExitCode::from(2);
    }
    if summary && (combine || annotate.is_some()) {
        warn("--summary 会自动合并说明与表格，不能与 --combine 或 --annotate 同用 / --summary pairs narratives and tables itself: not with --combine or --annotate");
        return ExitCode::from(2);
    }
    let (items, listing_errors) = batch::expand(&files);
    if summary {
        return batch::summary(
            &items,
            listing_errors,
            &batch::Summary {
                format,
                lang,
                options,
                out: out_dir,
                passed_checks,
                jobs,
            },
        );
    }
    if annotate.is_some() && (combine || files.len() != 1 || items.len() != 1) {
        warn("--annotate 只能用于一个 PDF 文件 / --annotate takes exactly one PDF file");
        return ExitCode::from(2);
    }
    // an input that cannot be read is reported and the others are still checked (exit 2);
    // files combined into one document are all needed. One file at a time: its bytes are
    // gone before the next is read.
    let mut unreadable = !listing_errors.is_empty();
    listing_errors.iter().for_each(say);
    if combine && unreadable {
        return ExitCode::from(2);
    }
    let mut any_error = false;
    // a reader's or the checker's limit left part of a document unchecked
    let mut cut = false;
    let mut reports = Vec::new();
    let mut read_format = None;
    let mut check = |name: &str, text: &str, sources: &SourceMap, read_cut: bool| {
        let report = check_text_with_sources(name, text, sources, &options);
        any_error |= !report.is_clean();
        cut |= read_cut || !report.fully_checked();
        // the passed checks are most of a report: counted, and listed on request
        reports.push(if passed_checks {
            report
        } else {
            report.without_passed_checks()
        });
    };
    if combine {
        let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
        let mut total = 0usize;
        for item in &items {
            match item.read() {
                Ok(input) => {
                    // the limit is for all files together: no need to read more
                    total += input.1.len();
                    if total > input::MAX_BYTES {
                        let mut names: Vec<String> = inputs.into_iter().map(|(n, _)| n).collect();
                        names.push(input.0);
                        say(&input::too_large(&names.join(" + "), total as u64));
                        return ExitCode::from(2);
                    }
                    inputs.push(input);
                }
                Err(e) => {
                    say(&e);
                    return ExitCode::from(2);
                }
            }
        }
        let parts: Vec<(&str, &[u8])> = inputs.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        match input::read_documents(&parts) {
            Ok(c) => {
                c.warnings.iter().for_each(note);
                check(
                    &c.name(),
                    &c.text,
                    &c.sources,
                    c.warnings.iter().any(input::InputWarning::is_limit),
                );
            }
            Err(e) => {
                say(&e);
                return ExitCode::from(2);
            }
        }
    } else {
        for item in &items {
            let read = item
                .read()
                .and_then(|(name, bytes)| input::read_document_with_notes(&name, &bytes).map(|d| (name, d)));
            match read {
                Ok((name, d)) => {
                    d.warnings.iter().for_each(note);
                    check(
                        &name,
                        &d.text,
                        &d.sources,
                        d.warnings.iter().any(input::InputWarning::is_limit),
                    );
                    read_format = Some(d.format);
                }
                Err(e) => {
                    say(&e);
                    unreadable = true;
                }
            }
        }
    }
    if let (Some(out), Some(report), Some(format)) = (&annotate, reports.first(), read_format) {
        if let Err(status) = write_annotated(&files[0], out, format, report) {
            return status;
        }
    }
    let out = match format {
        _ if reports.is_empty() => String::new(),
        // one document: one report; several files: an array, whichever could be read
        Format::Json if combine || (files.len() == 1 && items.len() == 1) => render::json(&reports[0]) + "\n",
        Format::Json => {
            let all: Vec<String> = reports.iter().map(render::json).collect();
            format!("[{}]\n", all.join(",\n"))
        }
        Format::Text => reports.iter().map(|r| render::text(r, lang) + "\n").collect(),
        Format::Markdown => reports.iter().map(|r| render::markdown(r, lang) + "\n").collect(),
    };
    if !out.is_empty() {
        let status = emit(&out);
        if status != ExitCode::SUCCESS {
            return status;
        }
    }
    if unreadable {
        ExitCode::from(2)
    } else if any_error {
        ExitCode::from(1)
    } else if cut {
        ExitCode::from(NOT_FULLY_CHECKED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes the input PDF with the report's findings as highlight annotations to `out`.
fn write_annotated(
    input_file: &OsString,
    out: &std::path::Path,
    format: input::SourceFormat,
    report: &suanpan::report::Report,
) -> Result<(), ExitCode> {
    use suanpan::pdf::annotate;
    let shown = escape::line(&out.to_string_lossy()).into_owned();
    if format != input::SourceFormat::Pdf {
        warn("--annotate 只能用于 PDF 文件 / --annotate takes a PDF file");
        return Err(ExitCode::from(2));
    }
    let bytes = read_input(input_file).map(|(_, b)| b).map_err(|e| {
        say(&e);
        ExitCode::from(2)
    })?;
    let marks = annotate::marks(report);
    let done = annotate::annotate(&bytes, &marks).map_err(|e| {
        warn(&format!("{}\n{}", e.message_zh, e.message_en));
        ExitCode::from(2)
    })?;
    std::fs::write(out, &done.bytes).map_err(|e| {
        warn(&format!("无法写出 {shown}：{e} / cannot write {shown}: {e}"));
        ExitCode::from(2)
    })?;
    let skipped = if done.skipped > 0 {
        format!(
            "（{} 处无法标注 / {} could not be placed）",
            done.skipped, done.skipped
        )
    } else {
        String::new()
    };
    warn(&format!(
        "已写出 {shown}：{} 个批注{skipped} / wrote {shown}: {} annotation(s)",
        done.annotations, done.annotations
    ));
    Ok(())
}

/// The bytes of one input (`-` is standard input) and the name it is shown by. At most
/// [`input::MAX_BYTES`] + 1 bytes are read from anything, so standard input, a FIFO or a
/// device (`/dev/zero`) is refused as too large instead of filling the memory.
fn read_input(f: &OsString) -> Result<(String, Vec<u8>), input::InputError> {
    // the name as shown: a file name is not trusted (control characters, line breaks)
    let shown = escape::line(&f.to_string_lossy()).into_owned();
    let cannot = |e: std::io::Error| input::InputError {
        message_zh: format!("无法读取文件 {shown}：{e}"),
        message_en: format!("cannot read {shown}: {e}"),
    };
    if f == "-" {
        let bytes = read_limited(std::io::stdin().lock(), "stdin").map_err(|e| match e {
            Limited::TooLarge(e) => e,
            Limited::Io(e) => input::InputError {
                message_zh: format!("无法读取标准输入：{e}"),
                message_en: format!("cannot read stdin: {e}"),
            },
        })?;
        return Ok(("stdin".to_string(), bytes));
    }
    let file = std::fs::File::open(PathBuf::from(f)).map_err(cannot)?;
    // a file over the limit is refused before it is read
    if let Ok(m) = file.metadata() {
        if m.is_file() && m.len() > input::MAX_BYTES as u64 {
            return Err(input::too_large(&shown, m.len()));
        }
    }
    match read_limited(file, &shown) {
        Ok(bytes) => Ok((shown, bytes)),
        Err(Limited::TooLarge(e)) => Err(e),
        Err(Limited::Io(e)) => Err(cannot(e)),
    }
}

enum Limited {
    TooLarge(input::InputError),
    Io(std::io::Error),
}

/// Reads at most [`input::MAX_BYTES`] + 1 bytes; more than the limit is an error.
fn read_limited(r: impl Read, shown: &str) -> Result<Vec<u8>, Limited> {
    let mut bytes = Vec::new();
    r.take(input::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(Limited::Io)?;
    if bytes.len() > input::MAX_BYTES {
        return Err(Limited::TooLarge(input::too_large(shown, bytes.len() as u64)));
    }
    Ok(bytes)
}

/// Writes to standard output. A closed pipe (`| head`) ends quietly with [`BROKEN_PIPE`];
/// another write error (a full disk) is a message and status 2.
fn emit(out: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(BROKEN_PIPE),
        Err(e) => {
            warn(&format!("无法写出报告 / cannot write the report: {e}"));
            ExitCode::from(2)
        }
    }
}

/// A message on standard error; its text is not trusted (control characters escaped), and
/// a standard error that cannot be written to is no reason to stop.
fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", escape::text(message));
}

/// An input error on standard error, Chinese then English.
fn say(e: &input::InputError) {
    warn(&format!("{}\n{}", e.message_zh, e.message_en));
}

/// A reader's note on standard error.
fn note(w: &input::InputWarning) {
    warn(&format!("提示 / note: {}\n{}", w.message_zh, w.message_en));
}
