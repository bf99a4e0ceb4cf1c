//! NR: the narrative's figures against the tables and against each other.
//!
//! The narrative is read once per run ([`crate::narrative::read`], via
//! [`Context::narrative`]); this module binds its subjects to table cells and holds what the
//! NR rules share: text locations, figure arithmetic and message helpers.

mod final_wording_mismatch;
mod narrative_amount_mismatch;
mod narrative_breakdown_mismatch;
mod narrative_change_mismatch;
mod narrative_item_copied;
mod narrative_paragraph_repeated;
mod narrative_project_mismatch;
mod narrative_self_contradiction;
mod narrative_share_mismatch;
mod narrative_template_defect;
mod staff_count_mismatch;

pub use final_wording_mismatch::FINAL_WORDING_MISMATCH;
pub use narrative_amount_mismatch::NARRATIVE_AMOUNT_MISMATCH;
pub use narrative_breakdown_mismatch::NARRATIVE_BREAKDOWN_MISMATCH;
pub use narrative_change_mismatch::NARRATIVE_CHANGE_MISMATCH;
pub use narrative_item_copied::NARRATIVE_ITEM_COPIED;
pub use narrative_paragraph_repeated::NARRATIVE_PARAGRAPH_REPEATED;
pub use narrative_project_mismatch::NARRATIVE_PROJECT_MISMATCH;
pub use narrative_self_contradiction::{
    MAX_LISTED as NR004_MAX_LISTED, MAX_PAIRS as NR004_MAX_PAIRS, NARRATIVE_SELF_CONTRADICTION,
};
pub use narrative_share_mismatch::NARRATIVE_SHARE_MISMATCH;
pub use narrative_template_defect::NARRATIVE_TEMPLATE_DEFECT;
pub use staff_count_mismatch::STAFF_COUNT_MISMATCH;

use rust_decimal::prelude::*;

use crate::codes;
use crate::model::{format_amount, Cell, DocKind, Interval, Table, TableKind, Unit};
use crate::narrative::lex::Figure;
use crate::narrative::{Fact, Source, Subject};
use crate::parse::normalize::squeeze;
use crate::report::{Location, LocationKind, Severity};
use crate::rules::bind::{self, Item, Side};
use crate::rules::identity::{blank_means_zero, location_of, Ref};
use crate::rules::{Context, Rule, Sink};

/// A location in the narrative: the paragraph's line, its section heading and the words.
pub(crate) fn text_location(
    ctx: &Context<'_>,
    section: usize,
    line: u32,
    text: &str,
    role: &str,
) -> Location {
    let heading = ctx
        .doc
        .sections
        .get(section)
        .map(|s| crate::parse::normalize::squeeze(&s.heading))
        .unwrap_or_default();
    let excerpt: String = if text.chars().count() > 160 {
        let mut s: String = text.chars().take(159).collect();
        s.push('…');
        s
    } else {
        text.to_string()
    };
    Location {
        kind: LocationKind::Text,
        table: 0,
        row: 0,
        col: 0,
        line,
        row_label: heading,
        column_label: String::new(),
        text: excerpt,
        role: role.to_string(),
        block: None,
        source: None,
    }
}

/// The location of a fact's words.
pub(crate) fn fact_location(ctx: &Context<'_>, f: &Fact) -> Location {
    text_location(ctx, f.section, f.line, &f.text, "narrative")
}

/// Records a failed check and its finding with the arithmetic spelled out.
pub(crate) fn fail(
    out: &mut Sink,
    rule: &Rule,
    severity: Severity,
    subject: (String, String),
    message: (String, String),
    arithmetic: Option<String>,
    locations: Vec<Location>,
) {
    out.fail(rule, severity, subject, message, locations);
    if let Some(f) = out.findings.last_mut() {
        f.arithmetic = arithmetic;
    }
}

/// The change word of a direction: 增加 or 减少.
pub(crate) fn word(sign: i8) -> &'static str {
    if sign > 0 {
        "增加"
    } else {
        "减少"
    }
}

/// The change word of a direction in English.
pub(crate) fn word_en(sign: i8) -> &'static str {
    if sign > 0 {
        "increase"
    } else {
        "decrease"
    }
}

/// A change amount with its direction (a decrease is negative).
pub(crate) fn signed(i: Interval, sign: i8) -> Interval {
    if sign > 0 {
        i
    } else {
        Interval::zero().minus(i)
    }
}

/// Shows an exact value in a unit with `decimals` digits (more when needed).
pub(crate) fn show(yuan: Decimal, unit: Unit, decimals: u32) -> String {
    format!(
        "{}{}",
        format_amount(yuan / unit.yuan_factor(), decimals),
        unit.label()
    )
}

/// Half-open interval arithmetic for ratios of non-negative intervals: the range of
/// `100 × a / b` (None when `b` can be zero or negative).
pub(crate) fn percent_range(a: Interval, b: Interval) -> Option<(Decimal, Decimal)> {
    if b.lo <= Decimal::ZERO {
        return None;
    }
    let lo = a.lo.max(Decimal::ZERO);
    let hi = a.hi.max(Decimal::ZERO);
    let h = Decimal::ONE_HUNDRED;
    Some((lo * h / b.hi, hi * h / b.lo))
}

/// True when the printed percentage `pct` can be the rounded value of some x in `[lo, hi]`.
pub(crate) fn pct_meets(pct: &Figure, range: (Decimal, Decimal)) -> bool {
    let p = pct.interval();
    let r = Interval {
        lo: range.0,
        hi: range.1,
        lo_open: false,
        hi_open: false,
    };
    p.meets(&r)
}

/// True when `pct` equals the range's midpoint truncated (截尾) rather than rounded.
pub(crate) fn pct_truncated(pct: &Figure, range: (Decimal, Decimal)) -> bool {
    let d = pct.decimals;
    let lo = range.0.trunc_with_scale(d);
    let hi = range.1.trunc_with_scale(d);
    pct.value >= lo && pct.value <= hi
}

/// What a measure of a subject is: the current amount (预算数 in a budget, 决算数 in a final
/// account) or the 年初预算 of a final account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Measure {
    /// 预算数 / 决算数.
    Current,
    /// 年初预算 (决算 only).
    Budget,
}

/// A table cell bound to a narrative subject, and the interval it stands for (元).
pub(crate) struct Bound<'a> {
    /// The cell.
    pub cell: Ref<'a>,
    /// Its interval.
    pub interval: Interval,
    /// Its value as printed with the table's unit ("858.21万元").
    pub display: String,
    /// The cell prints zero (or is blank in a table that leaves zeros blank).
    pub zero: bool,
    /// The cell is blank (read as zero by the table's convention).
    pub blank: bool,
}

fn bound<'a>(r: Ref<'a>) -> Option<Bound<'a>> {
    let t = r.table;
    let unit = t.unit.unwrap_or(Unit::Yuan);
    match t.cell(r.row, r.col) {
        Cell::Amount(a) => Some(Bound {
            cell: r,
            interval: a.interval(),
            display: format!("{}{}", a.raw, a.unit.label()),
            zero: a.is_zero(),
            blank: false,
        }),
        Cell::Blank | Cell::Dash if blank_means_zero(t) => Some(Bound {
            cell: r,
            interval: Interval::zero(),
            display: format!("空白（按 0 计，单位{}）", unit.label()),
            zero: true,
            blank: true,
        }),
        _ => None,
    }
}

fn tables<'a>(ctx: &Context<'a>, kind: TableKind) -> Option<&'a Table> {
    bind::table(ctx, kind)
}

fn total_cell<'a>(t: &'a Table, needles: &[&str]) -> Option<Ref<'a>> {
    let row = bind::total_row(t, 0)?;
    let col = if needles.is_empty() {
        bind::first_amount(t, 0)?
    } else {
        bind::column(t, 0, needles)?
    };
    Some(Ref::new(t, row, col))
}

fn source_words(s: Source) -> &'static [&'static str] {
    match s {
        Source::Fiscal => &["财政拨款"],
        Source::GeneralBudget => &["一般公共预算", "公共财政"],
        Source::GovernmentFund => &["政府性基金"],
        Source::StateCapital => &["国有资本经营"],
        Source::SpecialAccount => &["财政专户"],
        Source::Business => &["事业收入"],
        Source::Operating => &["经营收入"],
        Source::Other => &["其他收入"],
        Source::CarryOver => &["上年结转", "年初结转", "上年结余"],
    }
}

/// Rows of a summary table's income panel whose label names the source.
fn summary_income_rows<'a>(t: &'a Table, s: Source) -> Vec<Ref<'a>> {
    let Some(col) = bind::first_amount(t, 0) else {
        return Vec::new();
    };
    let words = source_words(s);
    (0..t.rows.len())
        .filter(|&r| {
            let l = bind::label(t, r, 0);
            let total = ["合计", "总计", "小计"].iter().any(|w| l.ends_with(w));
            let excluded = (s == Source::Fiscal && l.contains("一般公共预算"))
                || (s == Source::Other && l.contains("用事业基金"));
            !total && !excluded && words.iter().any(|w| l.contains(w))
        })
        .take(1)
        .map(|r| Ref::new(t, r, col))
        .collect()
}

/// Expenditure-side rows of a summary table whose label contains a word.
fn summary_expenditure_rows<'a>(t: &'a Table, word: &str) -> Vec<Ref<'a>> {
    let mut out = Vec::new();
    for p in 1..t.panel_count() {
        let Some(col) = bind::first_amount(t, p) else {
            continue;
        };
        for r in 0..t.rows.len() {
            if bind::label(t, r, p).contains(word) {
                out.push(Ref::new(t, r, col));
            }
        }
    }
    out
}

fn norm(s: &str) -> String {
    codes::norm_name(s)
}

/// Rows of a table with 功能分类 codes matching a chain of names.
fn function_rows<'a>(t: &'a Table, names: &[String]) -> Vec<Ref<'a>> {
    let Some(last) = names.last() else {
        return Vec::new();
    };
    let class = codes::function_class_by_name(&names[0]).map(|m| m.code);
    let mut out = Vec::new();
    for p in 0..t.panel_count() {
        let Some(col) = bind::first_amount(t, p) else {
            continue;
        };
        if names.len() == 1 {
            if let Some(class) = &class {
                if let Some(rows) = bind::class_rows(t, p, class) {
                    if rows.len() == 1 {
                        out.push(Ref::new(t, rows[0], col));
                    }
                }
            }
            continue;
        }
        let want = norm(last);
        // cheap test before normalising every label: the name's last two characters
        let tail: String = {
            let c: Vec<char> = want.chars().collect();
            c[c.len().saturating_sub(2)..].iter().collect()
        };
        let candidates: Vec<usize> = (0..t.rows.len())
            .filter(|&r| {
                let Some(h) = t.head(r, p) else { return false };
                if !h.label.contains(tail.as_str()) || norm(&h.label) != want {
                    return false;
                }
                match (&h.code, &class) {
                    (Some(c), Some(k)) => {
                        let code = c.display().replace(' ', "");
                        code.starts_with(k.as_str())
                            && match names.len() {
                                3 => code.len() == 7,
                                2 => code.len() == 5 || code.len() == 7,
                                _ => true,
                            }
                    }
                    (None, Some(_)) => false,
                    _ => true,
                }
            })
            .collect();
        let picked: Vec<usize> = if candidates.len() > 1 && names.len() >= 3 {
            // disambiguate 项 rows by their 款 name: the 款 rows' codes with that name
            let section = norm(&names[names.len() - 2]);
            let section_codes: Vec<String> = (0..t.rows.len())
                .filter_map(|q| {
                    let h = t.head(q, p)?;
                    let code = h.code.as_ref()?.display().replace(' ', "");
                    (code.len() == 5 && norm(&h.label) == section).then_some(code)
                })
                .collect();
            candidates
                .iter()
                .copied()
                .filter(|&r| {
                    let Some(code) = t.head(r, p).and_then(|h| h.code.as_ref()) else {
                        return false;
                    };
                    let joined = code.display().replace(' ', "");
                    section_codes.iter().any(|c| joined.starts_with(c.as_str()))
                })
                .collect()
        } else {
            candidates
        };
        if picked.len() == 1 {
            out.push(Ref::new(t, picked[0], col));
        }
    }
    out
}

/// The "三公" table's cells for an item.
fn three_public_cells<'a>(
    t: &'a Table,
    item: Item,
    final_account: bool,
    measure: Measure,
    year: Option<u16>,
) -> Vec<Ref<'a>> {
    let mut cols = bind::three_public_columns(t);
    // a table printing two years side by side ("2025年预算数 … 2026年预算数"): only the
    // document's year is its figure; without the year known, none is certain (a single year
    // over some columns is a title carried into the header, not a second group)
    let years_of = |c: usize| -> Vec<u16> {
        let path = t.columns.get(c).map(|c| c.path()).unwrap_or_default();
        header_years(&path)
    };
    let mut printed: Vec<u16> = cols.iter().flat_map(|(c, _, _)| years_of(*c)).collect();
    printed.sort_unstable();
    printed.dedup();
    if printed.len() >= 2 {
        cols.retain(|(c, _, _)| year.is_some_and(|y| years_of(*c).contains(&y)));
    }
    let want_measure = |m: Option<&'static str>| match (final_account, measure) {
        (false, _) => m != Some("决算数"),
        (true, Measure::Current) => m == Some("决算数") || m.is_none(),
        (true, Measure::Budget) => m == Some("预算数"),
    };
    // a table that also lists 会议费、培训费 or 机关运行经费 (Jiangsu's “三公”经费、会议费、培训费
    // 支出预算表) totals them all in its 合计: the “三公”经费 is then its "三公" 小计
    let wider = cols
        .iter()
        .any(|(_, i, _)| matches!(i, Some(Item::Meeting | Item::Training | Item::Operating)))
        || ["会议费", "培训费", "机关运行经费"]
            .iter()
            .any(|w| t.title.contains(w));
    let items: &[Item] = match item {
        // the wider table's 合计 may include 会议费、培训费: both are checked against the items
        Item::Total if wider => &[Item::ThreeSub, Item::Total],
        Item::Total => &[Item::Total, Item::ThreeSub],
        Item::CarSub => &[Item::CarSub],
        other => std::slice::from_ref(match other {
            Item::Abroad => &Item::Abroad,
            Item::Purchase => &Item::Purchase,
            Item::Running => &Item::Running,
            Item::Reception => &Item::Reception,
            Item::Meeting => &Item::Meeting,
            Item::Training => &Item::Training,
            Item::Operating => &Item::Operating,
            _ => &Item::Total,
        }),
    };
    let Some(row) = (0..t.rows.len()).find(|&r| t.rows[r].cells.iter().any(|c| c.amount().is_some())) else {
        return Vec::new();
    };
    let cell_of = |want: Item| {
        cols.iter()
            .find(|(_, i, m)| *i == Some(want) && want_measure(*m))
            .map(|(c, _, _)| Ref::new(t, row, *c))
    };
    for want in items {
        if let Some(found) = cell_of(*want) {
            // the "三公" 小计 / 合计 of a wider table is bound only when it is the sum of its
            // items (its 合计 may include 会议费、培训费; a header read into the wrong column
            // would bind that)
            if wider && matches!(want, Item::ThreeSub | Item::Total) && !sums_items(t, found, &cell_of) {
                return Vec::new();
            }
            return vec![found];
        }
    }
    Vec::new()
}

/// The four-digit years followed by 年 in a column's header path ("2026年预算数/合计" → 2026).
fn header_years(path: &str) -> Vec<u16> {
    let b = path.as_bytes();
    let mut out = Vec::new();
    for i in 0..b.len().saturating_sub(4) {
        let four = &b[i..i + 4];
        if four.iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && path[i + 4..].starts_with('年')
        {
            if let Ok(y) = path[i..i + 4].parse::<u16>() {
                out.push(y);
            }
        }
    }
    out
}

/// True when the cell equals 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 of its row.
fn sums_items<'a>(t: &'a Table, sub: Ref<'a>, cell_of: &dyn Fn(Item) -> Option<Ref<'a>>) -> bool {
    let value = |r: Option<Ref<'a>>| -> Option<Interval> {
        match t.cell(r?.row, r?.col) {
            Cell::Amount(a) => Some(a.interval()),
            Cell::Blank | Cell::Dash => Some(Interval::zero()),
            _ => None,
        }
    };
    let parts = [
        value(cell_of(Item::Abroad)),
        value(cell_of(Item::CarSub)),
        value(cell_of(Item::Reception)),
    ];
    let (Some(total), [Some(a), Some(b), Some(c)]) = (value(Some(sub)), parts) else {
        return false;
    };
    Interval::sum(vec![a, b, c]).meets(&total)
}

/// Why a subject could not be bound.
pub(crate) type Unbound = (String, String);

/// The table cells a subject's figure should equal. `Err` says why there is none.
pub(crate) fn candidates<'a>(
    ctx: &Context<'a>,
    subject: &Subject,
    measure: Measure,
) -> Result<Vec<Bound<'a>>, Unbound> {
    let final_account = ctx.doc.kind == DocKind::FinalAccount;
    if measure == Measure::Budget && !matches!(subject, Subject::ThreePublic(_)) {
        return Err((
            "决算表格不列年初预算数，无从核对".into(),
            "final-account tables do not print the initial budget".into(),
        ));
    }
    let summary = tables(ctx, TableKind::Summary);
    let income = tables(ctx, TableKind::Income);
    let expenditure = tables(ctx, TableKind::Expenditure);
    let fiscal = tables(ctx, TableKind::FiscalSummary);
    let general = tables(ctx, TableKind::GeneralBudgetExpenditure);
    let basic = tables(ctx, TableKind::GeneralBudgetBasic);
    let three = tables(ctx, TableKind::ThreePublic);
    let only_general = summary.is_some_and(|t| !bind::has_non_general_income(t));
    let mut refs: Vec<Ref<'a>> = Vec::new();
    let mut looked: Vec<&'static str> = Vec::new();
    let push_totals = |t: &'a Table, side: Side, refs: &mut Vec<Ref<'a>>, sub: bool| {
        let (s, g) = bind::summary_totals(t, side);
        if sub {
            refs.extend(s);
        }
        refs.extend(g);
    };
    match subject {
        Subject::Total => {
            if let Some(t) = summary {
                looked.push("收支总表");
                push_totals(t, Side::Income, &mut refs, false);
                push_totals(t, Side::Expenditure, &mut refs, false);
            }
        }
        Subject::IncomeTotal => {
            if let Some(t) = summary {
                looked.push("收支总表");
                push_totals(t, Side::Income, &mut refs, true);
            }
            if let Some(t) = income {
                looked.push("收入表");
                refs.extend(total_cell(t, &[]));
            }
        }
        Subject::ExpenditureTotal => {
            if let Some(t) = summary {
                looked.push("收支总表");
                push_totals(t, Side::Expenditure, &mut refs, true);
            }
            if let Some(t) = expenditure {
                looked.push("支出表");
                refs.extend(total_cell(t, &[]));
            }
        }
        Subject::Income(s) => {
            if let Some(t) = summary {
                looked.push("收支总表");
                refs.extend(summary_income_rows(t, *s));
            }
            if let Some(t) = income {
                looked.push("收入表");
                refs.extend(total_cell(t, source_words(*s)));
            }
            if matches!(s, Source::Fiscal | Source::GeneralBudget | Source::GovernmentFund) {
                if let Some(t) = fiscal {
                    looked.push("财政拨款收支总表");
                    refs.extend(summary_income_rows(t, *s));
                }
            }
        }
        Subject::Basic | Subject::Project | Subject::Reserve => {
            let word = match subject {
                Subject::Basic => "基本支出",
                Subject::Project => "项目支出",
                _ => "预留",
            };
            if let Some(t) = expenditure {
                looked.push("支出表");
                refs.extend(total_cell(t, &[word]));
            }
            if let Some(t) = summary {
                refs.extend(summary_expenditure_rows(t, word));
            }
            if only_general {
                if let Some(t) = general {
                    looked.push("一般公共预算支出表");
                    refs.extend(total_cell(t, &[word]));
                }
            }
        }
        Subject::FiscalTotal => {
            if let Some(t) = fiscal {
                looked.push("财政拨款收支总表");
                push_totals(t, Side::Income, &mut refs, false);
                push_totals(t, Side::Expenditure, &mut refs, false);
            }
        }
        Subject::FiscalExpenditure => {
            if let Some(t) = fiscal {
                looked.push("财政拨款收支总表");
                push_totals(t, Side::Expenditure, &mut refs, true);
            }
        }
        Subject::GeneralBudget => {
            if let Some(t) = general {
                looked.push("一般公共预算支出表");
                refs.extend(total_cell(t, &[]));
            }
            if let Some(t) = fiscal {
                looked.push("财政拨款收支总表");
                let (s, g) = bind::summary_totals(t, Side::Expenditure);
                for r in [s, g].into_iter().flatten() {
                    let panel = t.columns.get(r.col).map(|c| c.panel).unwrap_or(1);
                    if let Some(c) = bind::column(t, panel, &["一般公共预算"]) {
                        refs.push(Ref::new(t, r.row, c));
                    }
                }
            }
        }
        Subject::GeneralBudgetBasic => {
            if let Some(t) = basic {
                looked.push("一般公共预算基本支出表");
                // a two-panel table's 人员经费合计 / 公用经费合计 is not the basic total
                refs.extend(total_cell(t, &[]).filter(|r| {
                    let l = bind::label(t, r.row, 0);
                    !(l.contains("人员经费") || l.contains("公用经费"))
                }));
            }
            if let Some(t) = general {
                looked.push("一般公共预算支出表");
                refs.extend(total_cell(t, &["基本支出"]));
            }
        }
        Subject::GeneralBudgetProject => {
            if let Some(t) = general {
                looked.push("一般公共预算支出表");
                refs.extend(total_cell(t, &["项目支出"]));
            }
        }
        Subject::Personnel | Subject::PublicUse => {
            let word = if *subject == Subject::Personnel {
                "人员经费"
            } else {
                "公用经费"
            };
            if let Some(t) = basic {
                looked.push("一般公共预算基本支出表");
                refs.extend(total_cell(t, &[word]));
                for p in 0..t.panel_count() {
                    let Some(col) = bind::first_amount(t, p) else {
                        continue;
                    };
                    for r in 0..t.rows.len() {
                        let l = bind::label(t, r, p);
                        if l.starts_with(word) && !l.contains("日常") {
                            refs.push(Ref::new(t, r, col));
                        }
                    }
                }
            }
        }
        Subject::Function(names) => {
            for (t, name) in [
                (general, "一般公共预算支出表"),
                (expenditure, "支出表"),
                (income, "收入表"),
                (fiscal, "财政拨款收支总表"),
                (summary, "收支总表"),
            ] {
                let Some(t) = t else { continue };
                looked.push(name);
                if matches!(t.kind, TableKind::Summary | TableKind::FiscalSummary) {
                    if names.len() == 1 {
                        let class = codes::function_class_by_name(&names[0]).map(|m| m.code);
                        for (c, r) in bind::summary_class_cells(t) {
                            if Some(&c) == class.as_ref() {
                                refs.push(r);
                            }
                        }
                    }
                    continue;
                }
                refs.extend(function_rows(t, names));
            }
        }
        Subject::Coded { code, names } => {
            // bound by the code; the name printed in the narrative must be the row's name (a
            // code and a name that disagree leave the figure not checked)
            let last = names.last().map(|n| norm(n)).unwrap_or_default();
            let mut disagree: Option<String> = None;
            for (t, name) in [
                (general, "一般公共预算支出表"),
                (expenditure, "支出表"),
                (income, "收入表"),
            ] {
                let Some(t) = t else { continue };
                looked.push(name);
                for p in 0..t.panel_count() {
                    let Some(col) = bind::first_amount(t, p) else {
                        continue;
                    };
                    for r in 0..t.rows.len() {
                        let Some(h) = t.head(r, p) else { continue };
                        if h.code.as_ref().map(|c| c.display().replace(' ', "")).as_deref() != Some(code) {
                            continue;
                        }
                        if norm(&h.label) == last {
                            refs.push(Ref::new(t, r, col));
                        } else {
                            disagree.get_or_insert_with(|| squeeze(&h.label));
                        }
                    }
                }
            }
            if refs.is_empty() {
                if let Some(label) = disagree {
                    return Err((
                        format!(
                            "说明标注的科目编码 {code} 在表中是“{label}”，与说明的“{}”不一致，无法确定对应的单元格",
                            names.last().map(String::as_str).unwrap_or("")
                        ),
                        format!(
                            "the code {code} the narrative gives is \"{label}\" in the tables, not \"{}\"",
                            names.last().map(String::as_str).unwrap_or("")
                        ),
                    ));
                }
            }
        }
        Subject::ThreePublic(item) => {
            if let Some(t) = three {
                looked.push("“三公”经费表");
                refs.extend(three_public_cells(t, *item, final_account, measure, ctx.doc.year));
            }
        }
        Subject::OperatingCost => {
            if let Some(t) = three {
                looked.push("“三公”经费表");
                refs.extend(three_public_cells(
                    t,
                    Item::Operating,
                    final_account,
                    measure,
                    ctx.doc.year,
                ));
            }
            if let Some(t) = tables(ctx, TableKind::OperatingCost) {
                looked.push("机关运行经费表");
                refs.extend(total_cell(t, &[]));
            }
        }
        Subject::Procurement(p) => {
            if let Some(t) = tables(ctx, TableKind::Procurement) {
                looked.push("政府采购表");
                let word = match p {
                    crate::narrative::Purchase::Total => None,
                    crate::narrative::Purchase::Goods => Some("货物"),
                    crate::narrative::Purchase::Works => Some("工程"),
                    crate::narrative::Purchase::Services => Some("服务"),
                    // the tables never print the reserved shares
                    crate::narrative::Purchase::Sme | crate::narrative::Purchase::SmallMicro => Some(""),
                };
                match word {
                    None => refs.extend(total_cell(t, &[])),
                    Some("") => {}
                    Some(w) => {
                        if let Some(col) = bind::first_amount(t, 0) {
                            // "C服务", never a 功能分类 row such as "201 一般公共服务支出"
                            if let Some(r) = (0..t.rows.len()).find(|&r| {
                                let l = bind::label(t, r, 0);
                                l.contains(w)
                                    && l.chars().count() <= 8
                                    && !l.contains("支出")
                                    && t.head(r, 0).is_none_or(|h| h.code.is_none())
                            }) {
                                refs.push(Ref::new(t, r, col));
                            }
                        }
                    }
                }
            }
        }
        Subject::NamedProject(_) => {}
    }
    // a row whose numbers could not be aligned to columns binds nothing: its cell may hold
    // the neighbouring column's number
    let uncertain = refs
        .iter()
        .find(|r| r.table.rows.get(r.row).is_some_and(|row| row.uncertain))
        .map(|r| r.table.rows[r.row].line);
    // nor does a table whose rows could not be laid out into columns without guessing: its
    // column headers may stand over the neighbouring column's numbers
    let unreliable = refs
        .iter()
        .find(|r| !r.table.reliable)
        .map(|r| r.table.title.clone());
    let bound: Vec<Bound<'a>> = refs
        .into_iter()
        .filter(|r| r.table.reliable)
        .filter(|r| r.table.rows.get(r.row).is_some_and(|row| !row.uncertain))
        .filter_map(bound)
        .collect();
    if !bound.is_empty() {
        return Ok(bound);
    }
    if let Some(title) = unreliable {
        return Err((
            format!(
                "表“{title}”的列无法可靠地对齐，无法确定“{}”对应的单元格",
                subject.label_zh()
            ),
            format!(
                "the columns of \"{title}\" could not be aligned reliably, so no cell for \"{}\" is certain",
                subject.label_zh()
            ),
        ));
    }
    if let Some(line) = uncertain {
        return Err((
            format!("表中第 {line} 行的数字无法可靠地对齐到列，无法确定“{}”对应的单元格", subject.label_zh()),
            format!(
                "the numbers on line {line} could not be aligned to columns reliably, so no cell for \"{}\" is certain",
                subject.label_zh()
            ),
        ));
    }
    if looked.is_empty() {
        Err((
            format!("文档中没有可与“{}”对照的表格", subject.label_zh()),
            format!("no table in the document shows \"{}\"", subject.label_zh()),
        ))
    } else {
        Err((
            format!(
                "在{}中找不到“{}”对应的单元格",
                looked.join("、"),
                subject.label_zh()
            ),
            format!("no cell for \"{}\" found in the tables", subject.label_zh()),
        ))
    }
}

/// The cell location of a bound candidate.
pub(crate) fn cell_location(b: &Bound<'_>) -> Location {
    location_of(&b.cell, "table")
}

/// A cell named for messages: `收支总表「本年收入合计」`.
pub(crate) fn bound_name(b: &Bound<'_>) -> String {
    let t = b.cell.table;
    let row = crate::rules::identity::row_label(t, b.cell.row, b.cell.col);
    let col = t
        .columns
        .get(b.cell.col)
        .map(|c| c.label().to_string())
        .unwrap_or_default();
    let row = squeeze(&row);
    if col.is_empty() || row.contains(&col) || row.is_empty() {
        format!("{}「{}」", t.title, if row.is_empty() { col } else { row })
    } else {
        format!("{}「{}·{}」", t.title, row, col)
    }
}

/// Findings helpers for facts whose subject is unknown.
pub(crate) fn unknown_subject(f: &Fact) -> (String, String) {
    (
        format!("说明中的“{}”未能对应到表格中的项目", f.phrase),
        format!(
            "the narrative's \"{}\" could not be matched to a table item",
            f.phrase
        ),
    )
}

/// Severity of a finding whose figure is only off by truncation (a rounding convention,
/// docs/severity.md).
pub(crate) const TRUNCATION: Severity = Severity::Info;

/// Severity of a percentage off by one unit in its last printed digit (99.94% for 99.93%): a
/// rounding slip, wrong as printed but immaterial (docs/severity.md).
pub(crate) const LAST_DIGIT: Severity = Severity::Warning;

/// How a printed percentage misses the value its operands give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PctMiss {
    /// Truncated (截尾) instead of rounded: info.
    Truncated,
    /// Off by one unit in the last printed digit: warning.
    LastDigit,
    /// Anything else: error.
    Wrong,
}

impl PctMiss {
    /// The policy severity.
    pub(crate) fn severity(self) -> Severity {
        match self {
            PctMiss::Truncated => TRUNCATION,
            PctMiss::LastDigit => LAST_DIGIT,
            PctMiss::Wrong => Severity::Error,
        }
    }

    /// The words added to the message (zh, en).
    pub(crate) fn note(self) -> (&'static str, &'static str) {
        match self {
            PctMiss::Truncated => ("（截尾而非四舍五入）", " (truncated, not rounded)"),
            PctMiss::LastDigit => (
                "（末位相差 1，属舍入偏差）",
                " (off by one in the last digit: a rounding slip)",
            ),
            PctMiss::Wrong => ("", ""),
        }
    }
}

/// How `pct` misses the range (call only when [`pct_meets`] is false).
pub(crate) fn pct_miss(pct: &Figure, range: (Decimal, Decimal)) -> PctMiss {
    if pct_truncated(pct, range) {
        return PctMiss::Truncated;
    }
    let ulp = Decimal::new(1, pct.decimals);
    let p = pct.interval();
    let widened = Interval {
        lo: p.lo - ulp,
        hi: p.hi + ulp,
        lo_open: p.lo_open,
        hi_open: p.hi_open,
    };
    let r = Interval {
        lo: range.0,
        hi: range.1,
        lo_open: false,
        hi_open: false,
    };
    if pct.decimals > 0 && widened.meets(&r) {
        PctMiss::LastDigit
    } else {
        PctMiss::Wrong
    }
}
