//! # suanpan (算盘)
//!
//! Checks Chinese government department budget (部门预算) and final-account (部门决算)
//! disclosures: parses their tables and narrative into a typed model and re-adds every
//! number. The crate is pure: no file system, no clock, no network, no web APIs, so the
//! same code runs natively (the `suanpan` CLI) and in the browser (WebAssembly).

#![warn(missing_docs)]
#![deny(clippy::float_arithmetic)]

pub mod attribution;
pub mod codes;
pub mod definitions;
pub mod input;
pub mod model;
pub mod mutation;
pub mod narrative;
pub mod parse;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod perf;
pub mod render;
pub mod report;
pub mod rules;
pub mod set;
pub mod source;
#[cfg(feature = "ts")]
pub mod typescript;

use model::Document;
use report::{DocumentInfo, Report, Severity, Status, Summary, SCHEMA_VERSION};

/// Options for a check run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rule codes or names to run; empty = all.
    pub select: Vec<String>,
}

impl Options {
    /// True when the rule runs: no selection, or a selected code or code prefix (`AR`,
    /// `ar00`, any case) or name names it.
    pub fn selects(&self, rule: &rules::Rule) -> bool {
        self.select.is_empty() || self.select.iter().any(|s| names(rule, s))
    }

    /// The selected codes, names or prefixes that name no rule (the CLI refuses them: a
    /// selection that runs nothing would report a clean document).
    pub fn unmatched(&self) -> Vec<&str> {
        self.select
            .iter()
            .filter(|s| !rules::ALL.iter().any(|r| names(r, s)))
            .map(String::as_str)
            .collect()
    }
}

fn names(rule: &rules::Rule, s: &str) -> bool {
    !s.is_empty()
        && (rule.name == s
            || rule
                .code
                .get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s)))
}

/// Parses and checks a disclosure given as text.
pub fn check_text(source: &str, text: &str, options: &Options) -> Report {
    check_text_with_sources(source, text, &source::SourceMap::new(), options)
}

/// Checks a file holding several units' disclosures unit by unit ([`parse::units`]): the
/// first unit (the department, or the first unit printed) with the narrative and the 绩效
/// tables, every other unit with its own tables only (the table rules: sums, tables against
/// each other, required tables — the narrative stays with the first unit, so its figures are
/// never compared with another unit's cells; it is there for the statements that explain an
/// empty table). Each finding of a later unit names its unit.
fn run_units(doc: &Document, rules: &[&rules::Rule]) -> rules::Sink {
    let mut all = rules::Sink::default();
    for (k, unit) in doc.units.iter().enumerate() {
        let mut part = doc.clone();
        part.tables = doc.tables[unit.first..unit.end]
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, mut t)| {
                t.id = i;
                t
            })
            .collect();
        part.units = Vec::new();
        let own: Vec<&rules::Rule> = if k == 0 {
            rules.to_vec()
        } else {
            part.performance = Vec::new();
            rules
                .iter()
                .copied()
                .filter(|r| {
                    matches!(
                        r.family,
                        rules::Family::Arithmetic | rules::Family::CrossTable | rules::Family::Structure
                    )
                })
                .collect()
        };
        let mut sink = rules::run(&part, &own);
        let shift = |l: &mut report::Location| {
            if matches!(l.kind, report::LocationKind::Cell | report::LocationKind::Table) {
                l.table += unit.first;
            }
        };
        let name = unit
            .name
            .clone()
            .unwrap_or_else(|| format!("第 {} 个单位", k + 1));
        for c in &mut sink.checks {
            c.locations.iter_mut().for_each(shift);
            if k > 0 {
                c.subject_zh = format!("【{name}】{}", c.subject_zh);
                c.subject_en = format!("[{name}] {}", c.subject_en);
            }
        }
        for f in &mut sink.findings {
            f.locations.iter_mut().for_each(shift);
            if let Some(l) = &mut f.likely_wrong {
                shift(l);
            }
            if k > 0 {
                f.message_zh = format!("【{name}】{}", f.message_zh);
                f.message_en = format!("[{name}] {}", f.message_en);
            }
        }
        all.absorb(sink);
    }
    all
}

/// [`check_text`] for text read from files: every location of a finding says where it was
/// printed, through the readers' source map (PDF page and box, sheet and cell).
pub fn check_text_with_sources(
    source: &str,
    text: &str,
    sources: &source::SourceMap,
    options: &Options,
) -> Report {
    check_parsed(source, text, &parse::parse_text(text), sources, options)
}

/// [`check_text_with_sources`] for text already parsed into `doc` (the document sets read
/// each text once: [`set::check_member`]).
pub fn check_parsed(
    source: &str,
    text: &str,
    doc: &Document,
    sources: &source::SourceMap,
    options: &Options,
) -> Report {
    let mut report = check_document(source, doc, options);
    // located in the text as parsed (a wrapped number rejoined on its first line)
    let parsed = parse::normalize::rejoin_split_numbers(text);
    report::attach_sources(&mut report, doc, &parsed, sources);
    report
}

/// Checks a parsed document.
pub fn check_document(source: &str, doc: &Document, options: &Options) -> Report {
    let rules: Vec<&rules::Rule> = rules::ALL
        .iter()
        .copied()
        .filter(|r| options.selects(r))
        .collect();
    let sink = if doc.units.len() < 2 {
        rules::run(doc, &rules)
    } else {
        run_units(doc, &rules)
    };
    let mut parse_issues = doc.issues.clone();
    parse_issues.extend(sink.notes);
    let mut findings = sink.findings;
    attribution::attribute(&mut findings, &sink.checks);
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| {
                // table findings in table order, then narrative findings in line order
                let key = |f: &report::Finding| {
                    f.locations.first().map(|l| match l.kind {
                        report::LocationKind::Text | report::LocationKind::Performance => {
                            (usize::MAX, l.line as usize, 0)
                        }
                        _ => (l.table, l.row, l.col),
                    })
                };
                key(a).cmp(&key(b))
            })
            .then_with(|| a.rule.cmp(&b.rule))
    });
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let status = |s: Status| sink.checks.iter().filter(|c| c.status == s).count();
    let summary = Summary {
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        checks_passed: status(Status::Pass),
        checks_failed: status(Status::Fail),
        checks_not_checked: status(Status::NotChecked) + sink.unlisted,
        tables: doc.tables.len(),
        parse_issues: parse_issues.len(),
    };
    Report {
        schema_version: SCHEMA_VERSION,
        document: DocumentInfo {
            source: source.to_string(),
            kind: doc.kind,
            year: doc.year,
            department: doc.department.clone(),
        },
        tables: doc.tables.iter().map(report::table_summary).collect(),
        units: doc.units.clone(),
        performance: doc
            .performance
            .iter()
            .enumerate()
            .map(|(i, p)| report::performance_summary(i, p))
            .collect(),
        parse_issues,
        findings,
        checks: sink.checks,
        summary,
    }
}
