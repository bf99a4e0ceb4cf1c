//! Rule declaration, the registry and the machinery every rule shares.
//!
//! A rule is a `static` [`Rule`] declared with [`declare_rule!`] in its own file under
//! `src/rules/<family>/`; its rustdoc is its documentation (captured at compile time for
//! `suanpan explain` and the web app). [`ALL`] lists every rule, sorted by code.

pub mod arithmetic;
pub mod bind;
pub mod confirm;
pub mod cross_document;
pub mod cross_table;
pub mod identity;
pub mod narrative;
pub mod performance;
pub mod structure;

use serde::Serialize;

use crate::model::{Document, Table, TableKind};
use crate::report::{Check, Finding, Severity, Status};

/// Rule families (the code prefix says which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// AR: sums within one table.
    Arithmetic,
    /// XT: equalities across tables.
    CrossTable,
    /// NR: narrative figures against tables.
    Narrative,
    /// PF: performance targets.
    Performance,
    /// ST: the set of tables and their structure.
    Structure,
    /// XD: one disclosure against another (last year's, the year's budget).
    CrossDocument,
}

impl Family {
    /// Code prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Arithmetic => "AR",
            Family::CrossTable => "XT",
            Family::Narrative => "NR",
            Family::Performance => "PF",
            Family::Structure => "ST",
            Family::CrossDocument => "XD",
        }
    }
    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Family::Arithmetic => "表内勾稽",
            Family::CrossTable => "表间勾稽",
            Family::Narrative => "说明与表格",
            Family::Performance => "绩效目标",
            Family::Structure => "表格完整性",
            Family::CrossDocument => "跨文件",
        }
    }
}

/// A rule: metadata, documentation and its check function.
pub struct Rule {
    /// Stable code, never reused (`AR001`).
    pub code: &'static str,
    /// Kebab-case name of the problem (`row-sum-mismatch`).
    pub name: &'static str,
    /// Short Chinese title.
    pub title_zh: &'static str,
    /// Short English title.
    pub title_en: &'static str,
    /// Family.
    pub family: Family,
    /// Default severity of its findings.
    pub severity: Severity,
    /// Tables it inspects.
    pub tables: &'static [TableKind],
    /// Regulation or template clauses it enforces.
    pub basis: &'static [&'static str],
    /// Version that added it.
    pub since: &'static str,
    /// Markdown documentation (the rule's doc comment).
    pub docs: &'static str,
    /// How the numbers must confirm the structure its checks assume ([`confirm`]).
    pub confirm: confirm::Confirm,
    /// The check.
    pub check: fn(&Context<'_>, &mut Sink),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Declares a rule: doc comment + metadata + check function.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $docs:literal])*
        pub static $id:ident = {
            code: $code:literal,
            name: $name:literal,
            title_zh: $title_zh:literal,
            title_en: $title_en:literal,
            family: $fam:ident,
            severity: $sev:ident,
            tables: $tables:expr,
            basis: $basis:expr,
            since: $since:literal,
            $(confirm: $confirm:ident,)?
            check: $check:path $(,)?
        };
    ) => {
        $(#[doc = $docs])*
        pub static $id: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            title_zh: $title_zh,
            title_en: $title_en,
            family: $crate::rules::Family::$fam,
            severity: $crate::report::Severity::$sev,
            tables: $tables,
            basis: $basis,
            since: $since,
            docs: concat!($($docs, "\n",)*),
            confirm: $crate::__rule_confirm!($($confirm)?),
            check: $check,
        };
    };
}

/// The `confirm:` field of [`declare_rule!`] (default: each check stands on its own).
#[doc(hidden)]
#[macro_export]
macro_rules! __rule_confirm {
    () => {
        $crate::rules::confirm::Confirm::None
    };
    ($c:ident) => {
        $crate::rules::confirm::Confirm::$c
    };
}

/// Every rule, sorted by code.
pub static ALL: &[&Rule] = &[
    &arithmetic::SUMMARY_TOTAL_MISMATCH,
    &arithmetic::ROW_SUM_MISMATCH,
    &arithmetic::COLUMN_TOTAL_MISMATCH,
    &arithmetic::CLASSIFICATION_ROLLUP_MISMATCH,
    &arithmetic::SUMMARY_COMPOSITION_MISMATCH,
    &arithmetic::THREE_PUBLIC_MISMATCH,
    &arithmetic::PERSONNEL_PUBLIC_SPLIT_MISMATCH,
    &arithmetic::PROCUREMENT_MISMATCH,
    &arithmetic::FISCAL_FUND_BALANCE_MISMATCH,
    &arithmetic::FUND_CARRYOVER_MISMATCH,
    &narrative::NARRATIVE_AMOUNT_MISMATCH,
    &narrative::NARRATIVE_SHARE_MISMATCH,
    &narrative::NARRATIVE_CHANGE_MISMATCH,
    &narrative::NARRATIVE_SELF_CONTRADICTION,
    &narrative::FINAL_WORDING_MISMATCH,
    &narrative::STAFF_COUNT_MISMATCH,
    &narrative::NARRATIVE_TEMPLATE_DEFECT,
    &narrative::NARRATIVE_BREAKDOWN_MISMATCH,
    &narrative::NARRATIVE_PROJECT_MISMATCH,
    &narrative::NARRATIVE_PARAGRAPH_REPEATED,
    &narrative::NARRATIVE_ITEM_COPIED,
    &performance::INDICATOR_HIERARCHY_INVALID,
    &performance::INDICATOR_COVERAGE_INCOMPLETE,
    &performance::INDICATOR_ROW_EMPTY,
    &performance::INDICATOR_UNIT_MISMATCH,
    &performance::RATE_OUT_OF_RANGE,
    &performance::TARGET_POLARITY_REVERSED,
    &performance::TARGET_TRIVIALLY_LOW,
    &performance::TARGET_VAGUE,
    &performance::COST_TARGET_NOT_MONEY,
    &performance::COST_TARGET_EXCEEDS_BUDGET,
    &performance::DEADLINE_OUTSIDE_BUDGET_YEAR,
    &performance::INPUT_INDICATOR_AS_OUTPUT,
    &performance::INDICATOR_SET_COPIED,
    &performance::PROJECT_FUNDS_MISMATCH,
    &performance::PERFORMANCE_PROJECT_COUNT_MISMATCH,
    &performance::COST_BREAKDOWN_MISMATCH,
    &performance::TARGET_UNQUANTIFIED,
    &performance::SCORE_ABOVE_WEIGHT,
    &performance::SCORE_TOTAL_MISMATCH,
    &performance::FULL_SCORE_ON_MISSED_TARGET,
    &performance::DEVIATION_REASON_MISSING,
    &performance::SATISFACTION_ALL_FULL,
    &performance::ACTUAL_VALUE_IMPOSSIBLE,
    &structure::REQUIRED_TABLE_MISSING,
    &structure::EMPTY_TABLE_UNEXPLAINED,
    &structure::EMPTY_NOTE_CONTRADICTS_DATA,
    &structure::CLASSIFICATION_NAME_MISMATCH,
    &cross_document::PREVIOUS_YEAR_CHANGE_MISMATCH,
    &cross_document::PREVIOUS_BUDGET_FINAL_MISMATCH,
    &cross_document::FINAL_BUDGET_MISMATCH,
    &cross_document::FIGURE_CARRIED_OVER,
    &cross_document::UNITS_SUM_MISMATCH,
    &cross_table::SUMMARY_INCOME_MISMATCH,
    &cross_table::SUMMARY_EXPENDITURE_MISMATCH,
    &cross_table::INCOME_FISCAL_MISMATCH,
    &cross_table::FISCAL_GENERAL_BUDGET_MISMATCH,
    &cross_table::BASIC_EXPENDITURE_MISMATCH,
    &cross_table::PROJECT_TABLE_MISMATCH,
    &cross_table::EXPENDITURE_GENERAL_BUDGET_MISMATCH,
    &cross_table::THREE_PUBLIC_ECONOMIC_MISMATCH,
    &cross_table::OPERATING_COST_EXCEEDS_PUBLIC,
    &cross_table::SUMMARY_FISCAL_MISMATCH,
];

/// Looks a rule up by code (case-insensitive) or name.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Joins wrapped lines: a space between Latin words, none between Chinese characters.
pub fn join_wrapped_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        let cjk_seam = out.chars().last().is_some_and(|c| !c.is_ascii())
            && l.chars().next().is_some_and(|c| !c.is_ascii());
        if !out.is_empty() && !cjk_seam {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// The text of one `## heading` section of a rule's docs (wrapped lines joined), e.g.
/// "Why it matters".
pub fn doc_section(docs: &str, heading: &str) -> Option<String> {
    let mut lines: Vec<&str> = Vec::new();
    let mut inside = false;
    for raw in docs.lines() {
        let line = raw.strip_prefix(' ').unwrap_or(raw).trim();
        if let Some(h) = line.strip_prefix("## ") {
            if inside {
                break;
            }
            inside = h.trim().eq_ignore_ascii_case(heading);
        } else if inside && !line.is_empty() {
            lines.push(line);
        }
    }
    (!lines.is_empty()).then(|| join_wrapped_lines(&lines))
}

/// What a rule sees.
pub struct Context<'a> {
    /// The parsed document.
    pub doc: &'a Document,
    narrative: std::cell::OnceCell<crate::narrative::Narrative>,
    performance: std::cell::OnceCell<Vec<Vec<crate::perf::View<'a>>>>,
}

impl<'a> Context<'a> {
    /// A context over a document.
    pub fn new(doc: &'a Document) -> Self {
        Context {
            doc,
            narrative: std::cell::OnceCell::new(),
            performance: std::cell::OnceCell::new(),
        }
    }

    /// The rows of every 绩效目标表 (placeholders included) seen through the lexicon and the
    /// value grammar, read once per run.
    pub fn performance(&self) -> &[Vec<crate::perf::View<'a>>] {
        self.performance.get_or_init(|| {
            self.doc
                .performance
                .iter()
                .enumerate()
                .map(|(b, pt)| crate::perf::views(b, pt))
                .collect()
        })
    }

    /// The indicator rows of block `b` (placeholders excluded).
    pub fn indicators(&self, b: usize) -> impl Iterator<Item = &crate::perf::View<'a>> + '_ {
        self.performance()
            .get(b)
            .into_iter()
            .flatten()
            .filter(|v| !v.ind.is_placeholder())
    }

    /// The narrative's figures, read once per run.
    pub fn narrative(&self) -> &crate::narrative::Narrative {
        self.narrative.get_or_init(|| crate::narrative::read(self.doc))
    }

    /// Tables of the given kinds, in document order.
    pub fn tables_of(&self, kinds: &'a [TableKind]) -> impl Iterator<Item = &'a Table> + 'a {
        self.doc.tables.iter().filter(move |t| kinds.contains(&t.kind))
    }
}

/// Collects the checks and findings of a run.
#[derive(Debug, Default)]
pub struct Sink {
    /// Every evaluated check.
    pub checks: Vec<Check>,
    /// Findings.
    pub findings: Vec<Finding>,
    /// Notes on structures the numbers did not confirm ([`confirm`]), and on limits.
    pub notes: Vec<crate::model::ParseIssue>,
    /// Not-checked entries not listed: beyond [`MAX_NOT_CHECKED`] of one rule, and counted in
    /// one more entry per rule ([`run`]); the summary counts them.
    pub unlisted: usize,
    not_checked: usize,
}

/// Most not-checked entries listed per rule: a text of a million figures that bind to no
/// table would otherwise list a million reasons. The rest are counted in one more entry.
pub const MAX_NOT_CHECKED: usize = 1_000;

impl Sink {
    /// Records a check; returns its index.
    pub fn check(&mut self, check: Check) -> usize {
        self.checks.push(check);
        self.checks.len() - 1
    }

    /// Appends another sink's checks, findings and notes (check indices re-based).
    pub fn absorb(&mut self, other: Sink) {
        let base = self.checks.len();
        self.checks.extend(other.checks);
        self.findings.extend(other.findings.into_iter().map(|mut f| {
            f.check = f.check.map(|c| c + base);
            f.consequence_of = f.consequence_of.map(|c| c + base);
            f
        }));
        self.notes.extend(other.notes);
        self.unlisted += other.unlisted;
    }

    /// Records a finding.
    pub fn finding(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// Records a failed check and its finding (for rules that are not a sum).
    #[allow(clippy::too_many_arguments)]
    pub fn fail(
        &mut self,
        rule: &Rule,
        severity: Severity,
        subject: (String, String),
        message: (String, String),
        locations: Vec<crate::report::Location>,
    ) {
        let idx = self.check(Check {
            rule: rule.code.to_string(),
            status: Status::Fail,
            subject_zh: subject.0,
            subject_en: subject.1,
            reason_zh: None,
            reason_en: None,
            locations: locations.clone(),
            reported: None,
            computed: None,
        });
        self.finding(Finding {
            rule: rule.code.to_string(),
            name: rule.name.to_string(),
            severity,
            message_zh: message.0,
            message_en: message.1,
            arithmetic: None,
            locations,
            reported: None,
            computed: None,
            difference: None,
            check: Some(idx),
            likely_wrong: None,
            consequence_of: None,
            attribution_zh: None,
            attribution_en: None,
        });
    }

    /// Records a passed check (for rules that are not a sum).
    pub fn pass(&mut self, rule: &Rule, subject: (String, String), locations: Vec<crate::report::Location>) {
        self.check(Check {
            rule: rule.code.to_string(),
            status: Status::Pass,
            subject_zh: subject.0,
            subject_en: subject.1,
            reason_zh: None,
            reason_en: None,
            locations,
            reported: None,
            computed: None,
        });
    }

    /// Records a check that could not be evaluated.
    pub fn not_checked(&mut self, rule: &Rule, subject: (String, String), reason: (String, String)) {
        self.not_checked_at(rule, subject, reason, Vec::new());
    }

    /// Records a check that could not be evaluated, with where its subject is.
    pub fn not_checked_at(
        &mut self,
        rule: &Rule,
        subject: (String, String),
        reason: (String, String),
        locations: Vec<crate::report::Location>,
    ) {
        if self.not_checked >= MAX_NOT_CHECKED {
            self.unlisted += 1;
            return;
        }
        self.not_checked += 1;
        self.check(Check {
            rule: rule.code.to_string(),
            status: Status::NotChecked,
            subject_zh: subject.0,
            subject_en: subject.1,
            reason_zh: Some(reason.0),
            reason_en: Some(reason.1),
            locations,
            reported: None,
            computed: None,
        });
    }
}

/// Runs the selected rules over a document.
pub fn run(doc: &Document, rules: &[&Rule]) -> Sink {
    let ctx = Context::new(doc);
    let mut sink = Sink::default();
    let mut unread_columns = std::collections::BTreeSet::new();
    for rule in rules {
        let mut own = Sink::default();
        (rule.check)(&ctx, &mut own);
        confirm::apply(rule, &mut own, doc, &mut unread_columns);
        let unlisted = std::mem::take(&mut own.unlisted);
        if unlisted > 0 {
            // one entry stands for the rest (it is counted as one of them)
            own.check(Check {
                rule: rule.code.to_string(),
                status: Status::NotChecked,
                subject_zh: format!("另有 {unlisted} 项未核对，未逐一列出"),
                subject_en: format!("{unlisted} more not checked, not listed one by one"),
                reason_zh: Some(format!(
                    "每条规则最多逐一列出 {MAX_NOT_CHECKED} 项未核对的检查；其余 {unlisted} 项的原因与已列出的类似"
                )),
                reason_en: Some(format!(
                    "each rule lists at most {MAX_NOT_CHECKED} checks it could not evaluate; the reasons of the other {unlisted} are like those listed"
                )),
                locations: Vec::new(),
                reported: None,
                computed: None,
            });
            sink.unlisted += unlisted - 1;
        }
        sink.absorb(own);
    }
    if let Some((line, left)) = ctx.narrative.get().and_then(|n| n.cut) {
        sink.notes.push(crate::model::ParseIssue {
            code: "P005".into(),
            line,
            message_zh: format!(
                "说明中的数字超过 {} 个：第 {line} 行起的 {left} 段未读取，其中的说法未核对，文档未完整核对",
                crate::narrative::MAX_FIGURES
            ),
            message_en: format!(
                "the narrative has more than {} figures: the {left} paragraph(s) from line {line} were not read nor checked; the document was not fully checked",
                crate::narrative::MAX_FIGURES
            ),
        });
    }
    sink
}
