//! Structure confirmed by the document's own numbers.
//!
//! A rule that checks an identity repeated over the rows or columns of a table (a row total
//! against its columns, a total row against its rows, a 类 against its 款) asserts a
//! *structure*: which columns make up the total, which rows are children of which. The header
//! and the codes suggest that structure; the numbers confirm it. When most of a table's
//! checks of one rule fail, the document is not wrong in most of its rows: we misread its
//! structure (a spanning header over a 小计 and its parts, a wrapped row label, a column
//! shifted by a page break). Those failures are then not findings but "not checked", with a
//! parse note naming the table and the structure that could not be confirmed.
//!
//! Failures are counted as *independent* failures: one wrong cell makes its row, its 款, its
//! 类 and the 合计 row fail by the same amount, and that is one defect, not four. Failures are
//! independent when their differences |computed − reported| differ (a wrong cell that is a
//! part in one identity and the total of another misses both by the same amount).
//!
//! A reading is confirmed when one independent failure stands among checks of which at least
//! one holds (or is the table's only check of the rule: nothing can confirm a single declared
//! identity, and nothing refutes it), or when at least [`MIN_PASSES`] checks hold and the independent failures are at
//! most a fifth of the evaluated checks (ExceLint's "an error is a cell that disrupts an
//! otherwise regular region"). A table whose every check fails confirms nothing. On the golden corpus this keeps
//! every real table error (the one 司法局 row whose 项目支出 was copied from its 款 is one
//! failure among dozens of rows that add up).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use crate::model::{Document, ParseIssue};
use crate::report::{Check, LocationKind, Status};
use crate::rules::{Rule, Sink};

/// Passed checks needed before a failure of the same structure is believed.
pub const MIN_PASSES: usize = 2;

/// How a rule's checks are confirmed by the numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Each check stands on its own (a single identity, a cross-table equality).
    None,
    /// The rule's checks in one table share one structure: confirmed together.
    PerTable,
    /// As [`Confirm::PerTable`], and the rule's rows are the evidence that the table's columns
    /// were read right (a row total against its columns): where they are refuted, the other
    /// rules' failures in that table are not believed either.
    Columns,
    /// The rule's checks in one column of a table share one structure (a column's roll-up
    /// of 类/款/项): confirmed column by column, since a column can be misread alone.
    PerColumn,
}

/// What the numbers say about one structure: checks that held and distinct failures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Checks that held.
    pub passed: usize,
    /// Checks that failed.
    pub failed: usize,
    /// Failures with distinct differences (one wrong cell counts once).
    pub independent: usize,
}

impl Tally {
    /// The tally of a set of checks.
    pub fn of<'a>(checks: impl IntoIterator<Item = &'a Check>) -> Tally {
        let mut t = Tally::default();
        let mut keys = BTreeSet::new();
        for c in checks {
            match c.status {
                Status::Pass => t.passed += 1,
                Status::Fail => {
                    t.failed += 1;
                    keys.insert(failure_key(c));
                }
                Status::NotChecked => {}
            }
        }
        t.independent = keys.len();
        t
    }

    /// True when the numbers confirm the structure (see the module docs).
    pub fn confirmed(&self) -> bool {
        match self.independent {
            0 => true,
            // one defect among checks that hold, or a table with a single identity (nothing
            // to confirm it with: the header declares it)
            1 => self.passed >= 1 || self.failed == 1,
            n => self.passed >= MIN_PASSES && n * 5 <= self.passed + n,
        }
    }
}

/// A printed amount as the report displays it ("2,358.68", "-3.00").
fn display_value(s: &str) -> Option<Decimal> {
    crate::parse::lexer::parse_number(s).map(|n| n.value)
}

/// What makes two failures the same defect: the same difference between the two sides.
fn failure_key(c: &Check) -> String {
    let diff = c
        .reported
        .as_ref()
        .zip(c.computed.as_ref())
        .and_then(|(r, s)| Some(display_value(&s.display)? - display_value(&r.display)?));
    match diff {
        // a wrong cell that is a part in one identity and the total in another misses by
        // the same amount with opposite signs
        Some(d) => d.abs().normalize().to_string(),
        // a failure that is not a sum: the amount it is about (a class row and its item
        // misplaced by the same amount are one defect), else its subject
        None => match c.locations.first().map(|l| l.text.as_str()) {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => c.subject_zh.clone(),
        },
    }
}

/// The table (and, per column, the column) a check is about: its first cell.
fn group_of(c: &Check, per_column: bool) -> Option<(usize, usize)> {
    c.locations
        .iter()
        .find(|l| matches!(l.kind, LocationKind::Cell | LocationKind::Table))
        .map(|l| (l.table, if per_column { l.col } else { 0 }))
}

/// Applies the rule's confirmation to its own checks and findings (`sink` holds only this
/// rule's output). Failures of an unconfirmed structure become "not checked" and lose their
/// findings; a parse note per table says so.
///
/// `unread_columns` holds the tables whose columns a [`Confirm::Columns`] rule could not
/// confirm; this rule adds to it, or has its failures there not believed.
pub fn apply(rule: &Rule, sink: &mut Sink, doc: &Document, unread_columns: &mut BTreeSet<usize>) {
    let per_column = match rule.confirm {
        Confirm::None => return,
        Confirm::PerTable | Confirm::Columns => false,
        Confirm::PerColumn => true,
    };
    let mut groups: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, c) in sink.checks.iter().enumerate() {
        if let Some(g) = group_of(c, per_column) {
            groups.entry(g).or_default().push(i);
        }
    }
    let mut refuted: BTreeSet<usize> = BTreeSet::new();
    let mut noted: BTreeSet<usize> = BTreeSet::new();
    for ((table, _), idx) in groups {
        let tally = Tally::of(idx.iter().map(|&i| &sink.checks[i]));
        let continued = doc.tables.iter().any(|t| t.id == table && t.continued);
        let columns_unread =
            rule.confirm != Confirm::Columns && (unread_columns.contains(&table) || continued);
        if tally.confirmed() && !columns_unread {
            continue;
        }
        if rule.confirm == Confirm::Columns {
            unread_columns.insert(table);
        }
        if columns_unread && tally.failed == 0 {
            continue;
        }
        let (line, title) = doc
            .tables
            .iter()
            .find(|t| t.id == table)
            .map(|t| (t.line, t.title.clone()))
            .unwrap_or_default();
        let (p, f) = (tally.passed, tally.failed);
        let (code, name, what) = (rule.code, rule.name, rule.title_zh);
        // why the failures are not judged: on each check, and once per table as a note
        let (reason_zh, reason_en, note_zh, note_en) = if columns_unread && continued {
            (
                format!("表“{title}”在下一页续表，续表未能与本表对齐合并，此项不作判断"),
                format!("table \"{title}\" runs on in a continuation that could not be joined to it; not judged"),
                format!("表“{title}”在下一页续表而未能合并，{code} {what}（{name}）的 {f} 项不符不作判断"),
                format!("table \"{title}\" runs on in a continuation that could not be joined, so {f} failure(s) of {code} ({name}) are not judged"),
            )
        } else if columns_unread {
            (
                format!("表“{title}”的行合计与其各列不符，列未能确认读对，此项不作判断"),
                format!("the rows of table \"{title}\" do not add up across their columns: the columns are not confirmed as read, so this is not judged"),
                format!("表“{title}”：行合计未能确认各列读对，{code} {what}（{name}）的 {f} 项不符不作判断"),
                format!("table \"{title}\": its rows do not confirm its columns, so {f} failure(s) of {code} ({name}) are not judged"),
            )
        } else {
            (
                format!("表“{title}”中此结构仅 {p} 项相符、{f} 项不符：数字不支持这种读法（可能是多层表头、折行或换页未被正确识别），不作判断"),
                format!("in table \"{title}\" this structure holds in only {p} check(s) and fails in {f}: the numbers do not confirm this reading (a multi-level header, wrapped label or page break may have been misread); not judged"),
                format!("表“{title}”：{code} {what}（{name}）所依据的结构未能由表中数字确认（{p} 项相符、{f} 项不符），这些核对不作判断"),
                format!("table \"{title}\": the structure behind {code} ({name}) is not confirmed by the table's own numbers ({p} hold, {f} fail); those checks are not judged"),
            )
        };
        for &i in &idx {
            let c = &mut sink.checks[i];
            if c.status != Status::Fail {
                continue;
            }
            c.status = Status::NotChecked;
            c.reason_zh = Some(reason_zh.clone());
            c.reason_en = Some(reason_en.clone());
            refuted.insert(i);
        }
        if noted.insert(table) {
            sink.notes.push(ParseIssue {
                code: "P010".to_string(),
                line,
                message_zh: note_zh,
                message_en: note_en,
            });
        }
    }
    if !refuted.is_empty() {
        sink.findings
            .retain(|f| !f.check.is_some_and(|c| refuted.contains(&c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(passed: usize, independent: usize) -> Tally {
        Tally {
            passed,
            failed: independent,
            independent,
        }
    }

    #[test]
    fn one_failure_among_rows_that_hold_is_believed() {
        assert!(tally(1, 1).confirmed());
        assert!(tally(2, 1).confirmed());
        assert!(tally(40, 1).confirmed());
        assert!(tally(8, 2).confirmed());
        assert!(tally(0, 0).confirmed());
    }

    #[test]
    fn a_structure_most_rows_refute_is_not() {
        assert!(tally(0, 1).confirmed(), "a single identity");
        let twice = Tally {
            passed: 0,
            failed: 2,
            independent: 1,
        };
        assert!(!twice.confirmed(), "every check fails");
        assert!(!tally(3, 2).confirmed());
        assert!(!tally(5, 15).confirmed());
        assert!(!tally(7, 2).confirmed());
    }

    #[test]
    fn failures_with_the_same_difference_are_one_defect() {
        let check = |rep: &str, comp: &str| Check {
            rule: "AR002".into(),
            status: Status::Fail,
            subject_zh: String::new(),
            subject_en: String::new(),
            reason_zh: None,
            reason_en: None,
            locations: Vec::new(),
            reported: Some(crate::report::Value {
                display: rep.into(),
                min: String::new(),
                max: String::new(),
                unit: crate::model::Unit::WanYuan,
            }),
            computed: Some(crate::report::Value {
                display: comp.into(),
                min: String::new(),
                max: String::new(),
                unit: crate::model::Unit::WanYuan,
            }),
        };
        let cs = [
            check("12.00", "11.00"),
            check("1,212.00", "1,211.0"),
            check("3.00", "4.00"),
            check("5", "7"),
        ];
        let t = Tally::of(cs.iter());
        assert_eq!((t.failed, t.independent), (4, 2));
    }
}
