//! Sets of documents on the command line: a directory (recursive), a glob or a .zip of
//! documents expanded into files ([`expand`]); `--summary` checks them in parallel on all
//! cores and reports the set ([`summary`]): one row per document, the groups, the
//! cross-document findings (src/set.rs), `--out DIR` one JSON per document and the set's
//! JSON and CSV. A progress bar is drawn on standard error only when it is a terminal.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use suanpan::render::{self, escape, Lang};
use suanpan::set::{self, Row, SetReport, Unreadable};
use suanpan::{input, Options};

use super::{read_input, say, warn, Format, NOT_FULLY_CHECKED};

/// Most files a directory or glob expands to.
const MAX_FILES: usize = 100_000;

/// One document to read: a file (or standard input), or an entry of a .zip of documents.
pub enum Item {
    /// A file as named on the command line or found in a directory.
    File(OsString),
    /// An entry of a .zip of documents, read already ("a.zip!x.pdf").
    Entry(String, Vec<u8>),
}

impl Item {
    /// Its bytes and the name it is shown by.
    pub fn read(&self) -> Result<(String, Vec<u8>), input::InputError> {
        match self {
            Item::File(f) => read_input(f),
            Item::Entry(name, bytes) => Ok((name.clone(), bytes.clone())),
        }
    }
}

fn shown(p: &Path) -> String {
    escape::line(&p.to_string_lossy()).into_owned()
}

fn problem(zh: String, en: String) -> input::InputError {
    input::InputError {
        message_zh: zh,
        message_en: en,
    }
}

/// The files the arguments name: a file as it is, a directory's files (recursively, sorted,
/// hidden ones left out), the files a glob (`*`, `?`, `**`) matches, the documents in a .zip
/// of documents. What cannot be listed is an error for that argument; the others are kept.
pub fn expand(args: &[OsString]) -> (Vec<Item>, Vec<input::InputError>) {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for a in args {
        let path = PathBuf::from(a);
        if a == "-" {
            items.push(Item::File(a.clone()));
        } else if path.is_dir() {
            let mut files = Vec::new();
            walk(&path, &mut files, &mut errors);
            if files.is_empty() {
                errors.push(problem(
                    format!("目录 {} 中没有文件", shown(&path)),
                    format!("no file in the directory {}", shown(&path)),
                ));
            }
            files
                .into_iter()
                .for_each(|f| add_file(f, &mut items, &mut errors));
        } else if !path.exists() && a.to_string_lossy().contains(['*', '?']) {
            let files = glob(&a.to_string_lossy());
            if files.is_empty() {
                errors.push(problem(
                    format!("没有与 {} 匹配的文件", escape::line(&a.to_string_lossy())),
                    format!("no file matches {}", escape::line(&a.to_string_lossy())),
                ));
            }
            files
                .into_iter()
                .for_each(|f| add_file(f, &mut items, &mut errors));
        } else {
            add_file(path, &mut items, &mut errors);
        }
        if items.len() > MAX_FILES {
            errors.push(problem(
                format!("文件超过 {MAX_FILES} 个，请分批核对"),
                format!("more than {MAX_FILES} files: check them in batches"),
            ));
            items.truncate(MAX_FILES);
            break;
        }
    }
    (items, errors)
}

/// A file, or the documents of a .zip of documents.
fn add_file(path: PathBuf, items: &mut Vec<Item>, errors: &mut Vec<input::InputError>) {
    let mut magic = [0u8; 4];
    let zip = std::fs::File::open(&path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok()
        && input::is_zip(&magic);
    if !zip {
        items.push(Item::File(path.into_os_string()));
        return;
    }
    let read = read_input(&path.clone().into_os_string())
        .and_then(|(name, bytes)| input::archive_entries(&name, &bytes));
    match read {
        Ok(Some(entries)) => items.extend(entries.into_iter().map(|(n, b)| Item::Entry(n, b))),
        // an Excel or Word file: one document
        Ok(None) => items.push(Item::File(path.into_os_string())),
        Err(e) => errors.push(e),
    }
}

/// The files under a directory, sorted, hidden files and directories left out; symbolic
/// links to directories are not followed (no loops).
fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<input::InputError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(problem(
                format!("无法读取目录 {}：{e}", shown(dir)),
                format!("cannot read the directory {}: {e}", shown(dir)),
            ));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths {
        if out.len() > MAX_FILES {
            return;
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out, errors),
            Ok(m) if m.is_file() || (m.file_type().is_symlink() && p.is_file()) => out.push(p),
            _ => {}
        }
    }
}

/// The files a glob matches: `*` and `?` within one path component, `**` for any depth.
fn glob(pattern: &str) -> Vec<PathBuf> {
    let absolute = pattern.starts_with('/');
    let mut current: Vec<PathBuf> = vec![if absolute {
        PathBuf::from("/")
    } else {
        PathBuf::new()
    }];
    for part in pattern.split('/').filter(|p| !p.is_empty() && *p != ".") {
        let mut next = Vec::new();
        for base in &current {
            let dir = if base.as_os_str().is_empty() {
                Path::new(".")
            } else {
                base.as_path()
            };
            if part == "**" {
                let mut dirs = vec![base.clone()];
                let mut k = 0;
                while k < dirs.len() && dirs.len() < MAX_FILES {
                    let d = if dirs[k].as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        dirs[k].clone()
                    };
                    if let Ok(rd) = std::fs::read_dir(&d) {
                        let mut subs: Vec<PathBuf> = rd
                            .flatten()
                            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                            .map(|e| dirs[k].join(e.file_name()))
                            .collect();
                        subs.sort();
                        dirs.extend(subs);
                    }
                    k += 1;
                }
                next.extend(dirs);
            } else if part.contains(['*', '?']) {
                if let Ok(rd) = std::fs::read_dir(dir) {
                    let mut hits: Vec<PathBuf> = rd
                        .flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .filter(|n| !n.starts_with('.') || part.starts_with('.'))
                        .filter(|n| wildcard(part, n))
                        .map(|n| base.join(n))
                        .collect();
                    hits.sort();
                    next.extend(hits);
                }
            } else {
                next.push(base.join(part));
            }
        }
        current = next;
    }
    let mut files: Vec<PathBuf> = current.into_iter().filter(|p| p.is_file()).collect();
    let mut seen = BTreeSet::new();
    files.retain(|p| seen.insert(p.clone()));
    files
}

/// `*` (any characters) and `?` (one character) against a name.
fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// Runs `f` over `items` on `jobs` threads; results in the items' order. A progress bar on
/// standard error when it is a terminal.
fn parallel<T: Sync, R: Send>(items: &[T], jobs: usize, label: &str, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let bar = std::io::stderr().is_terminal() && !items.is_empty();
    std::thread::scope(|s| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(r);
                }
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if bar {
                    let width = 30 * n / items.len();
                    let _ = write!(
                        std::io::stderr().lock(),
                        "\r{label} [{}{}] {n}/{}",
                        "#".repeat(width),
                        ".".repeat(30 - width),
                        items.len()
                    );
                }
            });
        }
    });
    if bar {
        let _ = writeln!(std::io::stderr().lock());
    }
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// What `--summary` was asked for.
pub struct Summary {
    /// Output format of the set's report on standard output.
    pub format: Format,
    /// Language.
    pub lang: Lang,
    /// Rules.
    pub options: Options,
    /// `--out DIR`.
    pub out: Option<PathBuf>,
    /// `--checks`: passed checks listed in the JSON written to `--out`.
    pub passed_checks: bool,
    /// Threads.
    pub jobs: usize,
}

/// A file name for a report in `--out`: the document's name with path separators and
/// characters a file system may refuse replaced, unique within the run.
fn out_name(name: &str, prefix: &str, used: &Mutex<BTreeSet<String>>) -> String {
    let name: Vec<&str> = name
        .split(" + ")
        .map(|part| part.strip_prefix(prefix).unwrap_or(part))
        .collect();
    let mut base: String = name
        .join(" + ")
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|!".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    if base.chars().count() > 150 {
        base = base.chars().take(150).collect();
    }
    let mut used = used.lock().unwrap_or_else(|e| e.into_inner());
    let mut candidate = format!("{base}.json");
    let mut k = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}-{k}.json");
        k += 1;
    }
    candidate
}

fn write_out(dir: &Path, file: &str, content: &str) -> Result<(), String> {
    std::fs::write(dir.join(file), content).map_err(|e| {
        format!(
            "无法写出 {}：{e} / cannot write {}: {e}",
            shown(&dir.join(file)),
            shown(&dir.join(file))
        )
    })
}

/// One checked file.
struct Checked {
    row: Row,
    notes: Vec<String>,
}

/// The directory part all names share ("/tmp/set/" for "/tmp/set/a.pdf" and "/tmp/set/b/c.pdf").
fn common_dir(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut end = first.rfind('/').map_or(0, |i| i + 1);
    for n in names {
        while end > 0 && !(n.len() >= end && n.is_char_boundary(end) && n[..end] == first[..end]) {
            end = first[..end - 1].rfind('/').map_or(0, |i| i + 1);
        }
    }
    first[..end].to_string()
}

/// `suanpan check --summary`: every document checked in parallel, the set grouped and checked
/// across documents, the set's report printed (and written to `--out`).
pub fn summary(items: &[Item], errors: Vec<input::InputError>, s: &Summary) -> ExitCode {
    let mut unreadable: Vec<Unreadable> = errors.iter().map(Unreadable::from).collect();
    errors.iter().for_each(say);
    if let Some(dir) = &s.out {
        if let Err(e) = std::fs::create_dir_all(dir) {
            warn(&format!(
                "无法创建目录 {}：{e} / cannot create the directory {}: {e}",
                shown(dir),
                shown(dir)
            ));
            return ExitCode::from(2);
        }
    }
    // report files are named relative to the files' common directory
    let shown_names: Vec<String> = items
        .iter()
        .map(|i| match i {
            Item::File(f) => escape::line(&f.to_string_lossy()).into_owned(),
            Item::Entry(n, _) => n.clone(),
        })
        .collect();
    let prefix = common_dir(&shown_names);
    let used = Mutex::new(BTreeSet::from([
        "set.json".to_string(),
        "set.csv".to_string(),
        "set-findings.csv".to_string(),
    ]));
    let write_failed = Mutex::new(None::<String>);
    let write = |name: &str, report: suanpan::report::Report| {
        if let Some(dir) = &s.out {
            let report = if s.passed_checks {
                report
            } else {
                report.without_passed_checks()
            };
            if let Err(e) = write_out(
                dir,
                &out_name(name, &prefix, &used),
                &(render::json(&report) + "\n"),
            ) {
                *write_failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
            }
        }
    };
    // 1. every file, read and checked on its own
    let checked: Vec<Result<Checked, input::InputError>> =
        parallel(items, s.jobs, "核对 / checking", |item| {
            let (name, bytes) = item.read()?;
            let d = input::read_document_with_notes(&name, &bytes)?;
            drop(bytes);
            let notes = d
                .warnings
                .iter()
                .map(|w| format!("提示 / note: {}\n{}", w.message_zh, w.message_en))
                .collect();
            let (report, identity) = set::check_member(&name, &d.text, &d.sources, &s.options);
            let mut row = Row::new(&name, identity, &report);
            row.cut |= d.warnings.iter().any(input::InputWarning::is_limit);
            write(&name, report);
            Ok(Checked { row, notes })
        });
    let mut rows = Vec::new();
    let mut item_of = Vec::new();
    for (i, c) in checked.into_iter().enumerate() {
        match c {
            Ok(c) => {
                c.notes.iter().for_each(|n| warn(n));
                rows.push(c.row);
                item_of.push(i);
            }
            Err(e) => {
                say(&e);
                unreadable.push(Unreadable::from(&e));
            }
        }
    }
    // 2. the groups, from what each text says
    let ids: Vec<set::Identity> = rows.iter().map(|r| r.identity.clone()).collect();
    let groups = set::group(&ids);
    let names: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
    // 3. the editions of two files checked as one, and the pairs across documents
    enum Job {
        Combined(usize),
        Pair(set::Pair),
        Family(usize),
        Series(usize),
    }
    let mut jobs: Vec<Job> = (0..groups.editions.len())
        .filter(|&e| groups.editions[e].files.len() > 1)
        .map(Job::Combined)
        .collect();
    jobs.extend(groups.pairs.iter().copied().map(Job::Pair));
    jobs.extend((0..groups.families.len()).map(Job::Family));
    jobs.extend((0..groups.series.len()).map(Job::Series));
    let read_edition = |e: usize| -> Result<(String, input::Combined), input::InputError> {
        let edition = &groups.editions[e];
        let mut parts = Vec::new();
        for &f in &edition.files {
            parts.push(items[item_of[f]].read()?);
        }
        let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        Ok((set::edition_name(edition, &names), input::read_documents(&refs)?))
    };
    enum Done {
        Combined(Row),
        Pair(suanpan::rules::cross_document::CrossSink),
        Years(Vec<set::YearOverYear>),
        Failed(input::InputError),
    }
    let done: Vec<Done> = parallel(&jobs, s.jobs, "跨文件 / across", |job| match job {
        Job::Combined(e) => match read_edition(*e) {
            Ok((name, c)) => {
                let (report, identity) = set::check_member(&name, &c.text, &c.sources, &s.options);
                let row = Row::new(&name, identity, &report);
                write(&name, report);
                Done::Combined(row)
            }
            Err(e) => Done::Failed(e),
        },
        Job::Pair(p) => match (read_edition(p.this), read_edition(p.other)) {
            (Ok((a, ca)), Ok((b, cb))) => {
                let (da, db) = (
                    suanpan::parse::parse_text(&ca.text),
                    suanpan::parse::parse_text(&cb.text),
                );
                Done::Pair(set::check_pair(p.relation, (&a, &da), (&b, &db), &s.options))
            }
            (Err(e), _) | (_, Err(e)) => Done::Failed(e),
        },
        Job::Family(k) => {
            let (d, units) = &groups.families[*k];
            let read: Result<Vec<(String, suanpan::model::Document)>, input::InputError> = std::iter::once(d)
                .chain(units)
                .map(|&e| read_edition(e).map(|(n, c)| (n, suanpan::parse::parse_text(&c.text))))
                .collect();
            match read {
                Ok(docs) => {
                    let members: Vec<(&str, &suanpan::model::Document)> =
                        docs[1..].iter().map(|(n, d)| (n.as_str(), d)).collect();
                    Done::Pair(set::check_family((&docs[0].0, &docs[0].1), &members, &s.options))
                }
                Err(e) => Done::Failed(e),
            }
        }
        Job::Series(k) => {
            // the series' editions parsed, in the slots of all editions
            let mut parsed: Vec<Option<(String, suanpan::model::Document)>> =
                vec![None; groups.editions.len()];
            for &e in &groups.series[*k] {
                match read_edition(e) {
                    Ok((n, c)) => parsed[e] = Some((n, suanpan::parse::parse_text(&c.text))),
                    Err(err) => return Done::Failed(err),
                }
            }
            let one = set::Groups {
                editions: groups.editions.clone(),
                series: vec![groups.series[*k].clone()],
                ..Default::default()
            };
            Done::Years(set::series_years(&one, &parsed))
        }
    });
    let mut report = SetReport::new(rows, groups);
    for d in done {
        match d {
            Done::Combined(row) => report.combined.push(row),
            Done::Pair(sink) => {
                report.checks.extend(sink.checks);
                report.findings.extend(sink.findings);
            }
            Done::Years(years) => report.years.extend(years),
            Done::Failed(e) => {
                say(&e);
                unreadable.push(Unreadable::from(&e));
            }
        }
    }
    report.unreadable = unreadable;
    if let Some(dir) = &s.out {
        for (file, content) in [
            ("set.json", render::set_json(&report) + "\n"),
            ("set.csv", render::set_csv(&report)),
            ("set-findings.csv", render::set_findings_csv(&report)),
        ] {
            if let Err(e) = write_out(dir, file, &content) {
                *write_failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
            }
        }
    }
    let out = match s.format {
        Format::Json => render::set_json(&report) + "\n",
        Format::Text | Format::Markdown => render::set_text(&report, s.lang),
    };
    let status = super::emit(&out);
    if status != ExitCode::SUCCESS {
        return status;
    }
    if let Some(e) = write_failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        warn(&e);
        return ExitCode::from(2);
    }
    if !report.unreadable.is_empty() {
        ExitCode::from(2)
    } else if report.has_errors() {
        ExitCode::from(1)
    } else if report.documents.iter().chain(&report.combined).any(|r| r.cut) {
        ExitCode::from(NOT_FULLY_CHECKED)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::{common_dir, wildcard};

    #[test]
    fn common_directories() {
        let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(common_dir(&v(&["/tmp/s/a.pdf", "/tmp/s/b/c.pdf"])), "/tmp/s/");
        assert_eq!(common_dir(&v(&["a.pdf", "b.pdf"])), "");
        assert_eq!(common_dir(&v(&["x/a.pdf", "xy/b.pdf"])), "");
    }

    #[test]
    fn wildcards() {
        assert!(wildcard("*.pdf", "a.pdf"));
        assert!(wildcard("a?c*", "abc.txt"));
        assert!(!wildcard("*.pdf", "a.pdf.txt"));
        assert!(wildcard("*", ""));
    }
}
