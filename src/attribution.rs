//! Attribution: which cell the evidence singles out, and which findings only repeat the
//! consequence of another.
//!
//! * One wrong cell breaks every identity it takes part in, each by the same amount. When
//!   several error findings share a cell and differ by the same printed amount, the most
//!   specific one stays an error naming that cell; the others become info "consequences".
//! * A row identity that fails while each of its parts agrees with its own column total
//!   points at the row's total cell; when such errors also explain why a column's children
//!   add up to a little more than the printed parent (within rounding), that is said too.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::model::format_amount;
use crate::parse::lexer::parse_number;
use crate::report::{Check, Finding, Location, Severity, Status};

/// A table cell, or (for a location outside the tables: narrative text, a 绩效目标表 row) its
/// kind, block and line — such locations all have table, row and col 0.
type Cell = (u8, usize, usize, usize, u32);

fn cell(l: &Location) -> Cell {
    use crate::report::LocationKind;
    match l.kind {
        LocationKind::Cell | LocationKind::Table => (0, l.table, l.row, l.col, 0),
        LocationKind::Text => (1, 0, 0, 0, l.line),
        LocationKind::Performance => (2, l.block.unwrap_or(0), 0, 0, l.line),
    }
}

fn printed(v: &Option<crate::report::Value>) -> Option<Decimal> {
    v.as_ref().and_then(|v| parse_number(&v.display)).map(|n| n.value)
}

/// total − Σ parts, as printed, for a check that has both sides.
fn discrepancy(c: &Check) -> Option<Decimal> {
    Some(printed(&c.reported)? - printed(&c.computed)?)
}

/// How specific a rule is: row identities first, cross-table comparisons last.
fn specificity(rule: &str) -> u8 {
    match rule {
        "AR002" | "AR006" => 0,
        "AR004" => 1,
        "AR005" => 2,
        "AR003" => 3,
        "AR001" => 4,
        _ => 5,
    }
}

fn name(l: &Location) -> String {
    if l.column_label.is_empty() {
        l.row_label.clone()
    } else {
        format!(
            "「{}」{}",
            l.row_label,
            l.column_label.rsplit('/').next().unwrap_or("")
        )
    }
}

/// Adds attribution to the findings of a run.
pub fn attribute(findings: &mut [Finding], checks: &[Check]) {
    duplicates(findings);
    consequences(findings, checks);
    row_totals(findings, checks);
}

/// One inconsistency seen by two rule families (a project's amount in the narrative against the
/// 项目支出表 is both a narrative and a performance-target question): when every place an error
/// finding points at is also in another rule's error finding, and the places include narrative
/// text or a 绩效目标表, the finding that names every source stays the error and the other becomes
/// an info that refers to it.
fn duplicates(findings: &mut [Finding]) {
    use crate::report::LocationKind;
    let keys: Vec<Vec<Cell>> = findings
        .iter()
        .map(|f| {
            let mut k: Vec<Cell> = f.locations.iter().map(cell).collect();
            k.sort();
            k.dedup();
            k
        })
        .collect();
    let outside = |f: &Finding| {
        f.locations
            .iter()
            .any(|l| matches!(l.kind, LocationKind::Text | LocationKind::Performance))
    };
    for i in 0..findings.len() {
        if findings[i].severity != Severity::Error || keys[i].len() < 2 || !outside(&findings[i]) {
            continue;
        }
        let wider = (0..findings.len()).find(|&j| {
            j != i
                && findings[j].rule != findings[i].rule
                && findings[j].severity == Severity::Error
                && keys[j].len() > keys[i].len()
                && keys[i].iter().all(|k| keys[j].contains(k))
        });
        let Some(j) = wider else { continue };
        let (rule, check) = (findings[j].rule.clone(), findings[j].check);
        let f = &mut findings[i];
        f.severity = Severity::Info;
        f.consequence_of = check;
        f.attribution_zh = Some(format!(
            "同一处不一致已由 {rule} 报告（该条列出了全部来源），这里不另计为错误"
        ));
        f.attribution_en = Some(format!(
            "the same inconsistency is reported by {rule}, which names every source; not counted again"
        ));
    }
}

fn consequences(findings: &mut [Finding], checks: &[Check]) {
    // error findings with their check, cells and discrepancy
    let errs: Vec<usize> = (0..findings.len())
        .filter(|&i| findings[i].severity == Severity::Error && findings[i].check.is_some())
        .collect();
    let mut by_cell: BTreeMap<Cell, Vec<usize>> = BTreeMap::new();
    for &i in &errs {
        for l in &findings[i].locations {
            by_cell.entry(cell(l)).or_default().push(i);
        }
    }
    let mut shared: Vec<(Cell, Vec<usize>)> = by_cell.into_iter().filter(|(_, v)| v.len() >= 2).collect();
    shared.sort_by_key(|(_, v)| std::cmp::Reverse(v.len()));
    let mut done = vec![false; findings.len()];
    for (c, group) in shared {
        let group: Vec<usize> = group.into_iter().filter(|i| !done[*i]).collect();
        if group.len() < 2 {
            continue;
        }
        let diff = |i: usize| {
            findings[i]
                .check
                .and_then(|k| discrepancy(&checks[k]))
                .map(|d| d.abs())
        };
        let Some(primary) = group
            .iter()
            .copied()
            .min_by_key(|&i| (specificity(&findings[i].rule), findings[i].locations.len()))
        else {
            continue;
        };
        let d = diff(primary);
        // one wrong cell shifts every identity it is in by the same amount
        let same: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&i| i != primary && diff(i) == d && d.is_some())
            .collect();
        if same.is_empty() {
            continue;
        }
        let Some(loc) = findings[primary].locations.iter().find(|l| cell(l) == c).cloned() else {
            continue;
        };
        let n = same.len() + 1;
        let primary_check = findings[primary].check;
        findings[primary].likely_wrong = Some(loc.clone());
        findings[primary].attribution_zh = Some(format!(
            "{}（第 {} 行）同时使 {n} 项核对不成立，且差额相同，最可能是这个单元格填错了",
            name(&loc),
            loc.line
        ));
        findings[primary].attribution_en = Some(format!(
            "{} (line {}) breaks {n} identities by the same amount: it is most likely the wrong cell",
            name(&loc),
            loc.line
        ));
        done[primary] = true;
        for i in same {
            findings[i].severity = Severity::Info;
            findings[i].likely_wrong = Some(loc.clone());
            findings[i].consequence_of = primary_check;
            findings[i].attribution_zh = Some(format!(
                "这一差额是{}（第 {} 行）同一处错误的后果，不另计为错误",
                name(&loc),
                loc.line
            ));
            findings[i].attribution_en = Some(format!(
                "this difference follows from the same error in {} (line {})",
                name(&loc),
                loc.line
            ));
            done[i] = true;
        }
    }
}

fn row_totals(findings: &mut [Finding], checks: &[Check]) {
    // cells taking part in a passing check, and in a failing one
    let mut in_pass: BTreeMap<Cell, Vec<usize>> = BTreeMap::new();
    let mut in_fail: BTreeMap<Cell, usize> = BTreeMap::new();
    for (k, c) in checks.iter().enumerate() {
        for l in &c.locations {
            match c.status {
                Status::Pass => in_pass.entry(cell(l)).or_default().push(k),
                Status::Fail => *in_fail.entry(cell(l)).or_default() += 1,
                Status::NotChecked => {}
            }
        }
    }
    // row identities whose parts all agree with their columns: the row total is the suspect
    let mut suspects: Vec<(usize, Location, Decimal)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if f.rule != "AR002" || f.severity != Severity::Error || f.likely_wrong.is_some() {
            continue;
        }
        let Some(k) = f.check else { continue };
        let Some(total) = f.locations.iter().find(|l| l.role == "total").cloned() else {
            continue;
        };
        let parts: Vec<&Location> = f.locations.iter().filter(|l| l.role == "part").collect();
        let parts_confirmed = parts
            .iter()
            .filter(|l| !l.text.is_empty() && parse_number(&l.text).is_some_and(|n| !n.value.is_zero()))
            .all(|l| in_pass.get(&cell(l)).is_some_and(|v| !v.is_empty()));
        let total_alone = in_fail.get(&cell(&total)).copied().unwrap_or(0) <= 1;
        let Some(d) = discrepancy(&checks[k]) else {
            continue;
        };
        if parts_confirmed && total_alone {
            suspects.push((i, total, d));
        }
    }
    for (i, total, _) in &suspects {
        findings[*i].likely_wrong = Some(total.clone());
        findings[*i].attribution_zh = Some(format!(
            "各分项与其所在列的合计一致，最可能出错的是本行的{}（第 {} 行）",
            name(total),
            total.line
        ));
        findings[*i].attribution_en = Some(format!(
            "each part agrees with its column total, so the row total {} (line {}) is the likely error",
            name(total),
            total.line
        ));
    }
    // do these errors explain a column whose children add up to a little more than the parent?
    for c in checks
        .iter()
        .filter(|c| c.status == Status::Pass && c.rule == "AR004")
    {
        let Some(gap) = printed(&c.computed).zip(printed(&c.reported)).map(|(a, b)| a - b) else {
            continue;
        };
        if gap.is_zero() {
            continue;
        }
        let children: Vec<Cell> = c
            .locations
            .iter()
            .filter(|l| l.role == "part")
            .map(cell)
            .collect();
        let involved: Vec<&(usize, Location, Decimal)> = suspects
            .iter()
            .filter(|(_, t, _)| children.contains(&cell(t)))
            .collect();
        let sum: Decimal = involved.iter().map(|(_, _, d)| *d).sum();
        if involved.is_empty() || sum != gap {
            continue;
        }
        let parent = c.locations.iter().find(|l| l.role == "total");
        let (Some(p), Some(comp), Some(rep)) = (parent, c.computed.as_ref(), c.reported.as_ref()) else {
            continue;
        };
        let rows: Vec<String> = involved.iter().map(|(_, t, _)| t.row_label.clone()).collect();
        let d = gap.abs().scale();
        for (i, _, _) in &involved {
            let zh = format!(
                "{}的合计差额也使「{}」{}列的明细合计为 {}，而表列 {}，相差 {}（在四舍五入容差之内，单看该列不能判定为错）",
                rows.join("、"),
                p.row_label,
                p.column_label.rsplit('/').next().unwrap_or(""),
                comp.display,
                rep.display,
                format_amount(gap.abs(), d)
            );
            let en = format!(
                "the errors in {} also make the children of \"{}\" add up to {} against the printed {} ({} apart, within rounding on its own)",
                rows.join(", "),
                p.row_label,
                comp.display,
                rep.display,
                format_amount(gap.abs(), d)
            );
            let f = &mut findings[*i];
            f.attribution_zh = Some(match f.attribution_zh.take() {
                Some(a) => format!("{a}。{zh}"),
                None => zh,
            });
            f.attribution_en = Some(match f.attribution_en.take() {
                Some(a) => format!("{a}; {en}"),
                None => en,
            });
        }
    }
}
