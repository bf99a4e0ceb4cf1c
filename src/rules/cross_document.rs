//! XD: one disclosure against another — last year's, the budget a 决算 reports against.
//!
//! A cross-document rule is declared like every other rule (its documentation, its code in
//! [`crate::rules::ALL`], `--select`), but it checks nothing in one document: its check
//! runs over a [`Pairing`] of two documents that [`crate::set::group`] found related, through
//! [`run`]. Its findings name both documents (by file) and both places ([`DocLocation`]).

mod figure_carried_over;
mod final_budget_mismatch;
mod previous_budget_final_mismatch;
mod previous_year_change_mismatch;
mod units_sum_mismatch;

pub use figure_carried_over::FIGURE_CARRIED_OVER;
pub use final_budget_mismatch::FINAL_BUDGET_MISMATCH;
pub use previous_budget_final_mismatch::PREVIOUS_BUDGET_FINAL_MISMATCH;
pub use previous_year_change_mismatch::PREVIOUS_YEAR_CHANGE_MISMATCH;
pub use units_sum_mismatch::UNITS_SUM_MISMATCH;

use serde::{Deserialize, Serialize};

use crate::model::{Document, Interval};
use crate::narrative::{Fact, Subject};
use crate::report::{Location, Severity, Status};
use crate::rules::narrative::{bound_name, candidates, cell_location, fact_location, Bound, Measure};
use crate::rules::{Context, Rule, Sink};
use crate::set::Relation;

/// The check of a cross-document rule within one document: none.
pub(crate) fn within_one(_: &Context<'_>, _: &mut Sink) {}

/// A location in one document of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLocation {
    /// The document, by file ("a.pdf", or "a.pdf + b.pdf" for a narrative with its tables).
    pub document: String,
    /// Where in it.
    #[serde(flatten)]
    pub location: Location,
}

/// A check of a cross-document rule, passed, failed or not checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossCheck {
    /// Rule code.
    pub rule: String,
    /// Outcome.
    pub status: Status,
    /// What was compared, in Chinese.
    pub subject_zh: String,
    /// What was compared, in English.
    pub subject_en: String,
    /// Why it was not checked (Chinese).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_zh: Option<String>,
    /// Why it was not checked (English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_en: Option<String>,
    /// The places compared.
    pub locations: Vec<DocLocation>,
}

/// A cross-document finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossFinding {
    /// Rule code.
    pub rule: String,
    /// Rule name.
    pub name: String,
    /// Severity.
    pub severity: Severity,
    /// Message in Chinese.
    pub message_zh: String,
    /// Message in English.
    pub message_en: String,
    /// The arithmetic ("13,994.31 − 12,323.48 = 1,670.83 ≠ 1,670.85").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arithmetic: Option<String>,
    /// Both documents' places: this document's first.
    pub locations: Vec<DocLocation>,
}

/// The checks and findings of the cross-document rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossSink {
    /// Every check.
    pub checks: Vec<CrossCheck>,
    /// The findings.
    pub findings: Vec<CrossFinding>,
}

impl CrossSink {
    fn check(
        &mut self,
        rule: &Rule,
        status: Status,
        subject: (String, String),
        reason: Option<(String, String)>,
        locations: Vec<DocLocation>,
    ) {
        let (reason_zh, reason_en) = match reason {
            Some((z, e)) => (Some(z), Some(e)),
            None => (None, None),
        };
        self.checks.push(CrossCheck {
            rule: rule.code.to_string(),
            status,
            subject_zh: subject.0,
            subject_en: subject.1,
            reason_zh,
            reason_en,
            locations,
        });
    }

    /// A passed check.
    pub fn pass(&mut self, rule: &Rule, subject: (String, String), locations: Vec<DocLocation>) {
        self.check(rule, Status::Pass, subject, None, locations);
    }

    /// A check that could not be evaluated, with the reason.
    pub fn not_checked(
        &mut self,
        rule: &Rule,
        subject: (String, String),
        reason: (String, String),
        locations: Vec<DocLocation>,
    ) {
        self.check(rule, Status::NotChecked, subject, Some(reason), locations);
    }

    /// A failed check and its finding.
    pub fn fail(
        &mut self,
        rule: &Rule,
        severity: Severity,
        subject: (String, String),
        message: (String, String),
        arithmetic: Option<String>,
        locations: Vec<DocLocation>,
    ) {
        self.check(rule, Status::Fail, subject, None, locations.clone());
        self.findings.push(CrossFinding {
            rule: rule.code.to_string(),
            name: rule.name.to_string(),
            severity,
            message_zh: message.0,
            message_en: message.1,
            arithmetic,
            locations,
        });
    }

    /// Appends another sink.
    pub fn absorb(&mut self, other: CrossSink) {
        self.checks.extend(other.checks);
        self.findings.extend(other.findings);
    }
}

/// One document of a pair: its name (the files) and its rules' context.
pub(crate) struct Side<'a> {
    /// The document, by file.
    pub name: &'a str,
    /// Its parsed form, narrative read once.
    pub ctx: Context<'a>,
}

impl<'a> Side<'a> {
    /// This document's place.
    pub(crate) fn at(&self, location: Location) -> DocLocation {
        DocLocation {
            document: self.name.to_string(),
            location,
        }
    }

    /// The place of a narrative fact.
    pub(crate) fn fact(&self, f: &Fact) -> DocLocation {
        self.at(fact_location(&self.ctx, f))
    }

    /// The place of a bound cell.
    pub(crate) fn cell(&self, b: &Bound<'_>) -> DocLocation {
        self.at(cell_location(b))
    }
}

/// Two related documents.
pub(crate) struct Pairing<'a> {
    /// How they are related.
    pub relation: Relation,
    /// The document checked.
    pub this: Side<'a>,
    /// The document it is checked against.
    pub other: Side<'a>,
}

/// The one table cell a subject stands for in a document: every candidate that is not blank
/// agrees. `Err` says why there is none.
pub(crate) fn one_cell<'a>(side: &Side<'a>, subject: &Subject) -> Result<Bound<'a>, (String, String)> {
    let found = candidates(&side.ctx, subject, Measure::Current)?;
    let printed: Vec<Bound<'a>> = found.into_iter().filter(|b| !b.blank).collect();
    let Some(first) = printed.first() else {
        return Err((
            format!("{} 中“{}”对应的单元格为空白", side.name, subject.label_zh()),
            format!(
                "the cell for \"{}\" is blank in {}",
                subject.label_zh(),
                side.name
            ),
        ));
    };
    if let Some(b) = printed.iter().find(|b| !b.interval.meets(&first.interval)) {
        return Err((
            format!(
                "{} 中“{}”对应多个数值不同的单元格（{} 与 {}），无法确定用哪一个",
                side.name,
                subject.label_zh(),
                bound_name(first),
                bound_name(b)
            ),
            format!(
                "\"{}\" matches cells with different values in {}: which one is meant is not certain",
                subject.label_zh(),
                side.name
            ),
        ));
    }
    let mut printed = printed;
    Ok(printed.swap_remove(0))
}

/// True when this document's own figure for the fact agrees with its own table (the finding
/// across documents is only certain when each document agrees with itself).
pub(crate) fn agrees_with_own_table<'a>(
    side: &Side<'a>,
    subject: &Subject,
    figure: Interval,
) -> Option<Bound<'a>> {
    let found = candidates(&side.ctx, subject, Measure::Current).ok()?;
    found.into_iter().find(|b| !b.blank && b.interval.meets(&figure))
}

/// This year's figure of a statement, bound to the cell of this year's tables it agrees with;
/// `None` (recorded as not checked) when it agrees with none: the finding across documents is
/// only certain when each document agrees with itself.
pub(crate) fn own_cell<'a>(
    rule: &Rule,
    side: &Side<'a>,
    f: &Fact,
    subject: &Subject,
    words: &(String, String),
    out: &mut CrossSink,
) -> Option<Bound<'a>> {
    let v = f.current()?;
    let found = agrees_with_own_table(side, subject, v.interval());
    if found.is_none() {
        let name = f.name();
        out.not_checked(
            rule,
            words.clone(),
            (
                format!(
                    "本年说明中的“{name}”{} 未能与本年表格中的单元格对应，本年数不确定",
                    v.raw
                ),
                format!(
                    "this year's \"{name}\" {} matches no cell of this year's tables",
                    v.raw
                ),
            ),
            vec![side.fact(f)],
        );
    }
    found
}

/// Runs the selected cross-document rules over two related documents.
pub fn run(
    relation: Relation,
    this: (&str, &Document),
    other: (&str, &Document),
    rules: &[&Rule],
) -> CrossSink {
    let pairing = Pairing {
        relation,
        this: Side {
            name: this.0,
            ctx: Context::new(this.1),
        },
        other: Side {
            name: other.0,
            ctx: Context::new(other.1),
        },
    };
    let mut out = CrossSink::default();
    for rule in rules {
        let check: fn(&Pairing<'_>, &mut CrossSink) = match rule.code {
            "XD001" => previous_year_change_mismatch::check_pair,
            "XD002" => previous_budget_final_mismatch::check_pair,
            "XD003" => final_budget_mismatch::check_pair,
            "XD004" => figure_carried_over::check_pair,
            _ => continue,
        };
        check(&pairing, &mut out);
    }
    out
}

/// Runs the selected cross-document rules over a department's document and its units' (XD005).
pub fn run_family(department: (&str, &Document), units: &[(&str, &Document)], rules: &[&Rule]) -> CrossSink {
    let mut out = CrossSink::default();
    if !rules.iter().any(|r| r.code == UNITS_SUM_MISMATCH.code) {
        return out;
    }
    let dept = Side {
        name: department.0,
        ctx: Context::new(department.1),
    };
    let units: Vec<Side<'_>> = units
        .iter()
        .map(|(name, doc)| Side {
            name,
            ctx: Context::new(doc),
        })
        .collect();
    units_sum_mismatch::check_family(&dept, &units, &mut out);
    out
}

/// One of a disclosure's main figures, for the year-over-year view of a department
/// ([`crate::set::YearOverYear`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MainFigure {
    /// What it is ("基本支出").
    pub label_zh: String,
    /// As its tables print it, with the unit ("13,994.31万元"), when its cells agree on one
    /// value.
    pub display: Option<String>,
    /// That value in 元 (the middle of its printed interval).
    pub yuan: Option<rust_decimal::Decimal>,
    /// The change against last year its narrative states: signed, in 元, and as written
    /// ("增加1,670.85万元").
    pub stated_change: Option<(rust_decimal::Decimal, String)>,
}

/// The main figures of a disclosure, each as its tables print it (a figure whose cells
/// disagree, or that no table prints, has none) with the change against last year its
/// narrative states.
pub fn main_figures(doc: &Document) -> Vec<MainFigure> {
    use crate::rules::bind::Item;
    let side = Side {
        name: "",
        ctx: Context::new(doc),
    };
    let subjects = [
        Subject::Total,
        Subject::Basic,
        Subject::Project,
        Subject::ThreePublic(Item::Total),
        Subject::ThreePublic(Item::Abroad),
        Subject::ThreePublic(Item::Reception),
        Subject::ThreePublic(Item::Purchase),
        Subject::ThreePublic(Item::Running),
        Subject::OperatingCost,
    ];
    subjects
        .iter()
        .map(|s| {
            let cell = one_cell(&side, s).ok();
            let stated_change = side.ctx.narrative().facts.iter().find_map(|f| {
                let (sign, x) = f.delta.as_ref()?;
                let previous_year = matches!(
                    f.base,
                    crate::narrative::Baseline::PreviousYear | crate::narrative::Baseline::PreviousBudget
                );
                (f.subject.as_ref() == Some(s) && previous_year && x.is_amount()).then(|| {
                    (
                        crate::rules::narrative::signed(x.interval(), *sign).mid(),
                        format!("{}{}", crate::rules::narrative::word(*sign), x.raw),
                    )
                })
            });
            MainFigure {
                label_zh: s.label_zh(),
                display: cell.as_ref().map(|b| b.display.clone()),
                yuan: cell.as_ref().map(|b| b.interval.mid()),
                stated_change,
            }
        })
        .collect()
}
