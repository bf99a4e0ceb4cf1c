//! Binding table cells to the quantities the rules talk about: totals, columns by header,
//! function classes by code or name.

use crate::codes;
use crate::model::{CodeLevel, RowKind, Table, TableKind};
use crate::parse::normalize::squeeze;
use crate::parse::segment::strip_enumerator;
use crate::rules::identity::Ref;
use crate::rules::Context;

/// The first table of a kind.
pub fn table<'a>(ctx: &Context<'a>, kind: TableKind) -> Option<&'a Table> {
    ctx.doc
        .tables
        .iter()
        .find(|t| t.kind == kind && !t.rows.is_empty())
}

/// The squeezed header path of a column.
pub fn header(t: &Table, col: usize) -> String {
    t.columns.get(col).map(|c| squeeze(&c.path())).unwrap_or_default()
}

/// The first amount column of a panel whose header contains one of `needles`.
///
/// A needle that names a spanning header over the matched column rather than the column
/// itself (基本支出 over 小计 / 人员经费 / 公用经费, however the header wrapped: the matched
/// column's own label is one of the needle's known sub-columns) binds the group's 小计 right
/// before it; with no such 小计 the column is not bound (binding a sub-column would compare a
/// part with a whole).
pub fn column(t: &Table, panel: usize, needles: &[&str]) -> Option<usize> {
    let cols = t.amount_columns(panel);
    let i = cols
        .iter()
        .position(|c| needles.iter().any(|n| header(t, *c).contains(n)))?;
    let leaf = |c: usize| squeeze(t.columns[c].label());
    let own = leaf(cols[i]);
    let spanning = needles.iter().any(|n| {
        !own.contains(n)
            && SUB_COLUMNS
                .iter()
                .any(|(parent, subs)| n == parent && subs.iter().any(|s| own.contains(s)))
    });
    // a group header read over the first column after a bare 小计 (the merged cell's text
    // landed one column right: "财政拨款收入" over 小计 / 一般公共预算 / 政府性基金): the
    // group's total is that 小计
    let group_after_subtotal = !own.contains("小计")
        && needles.iter().all(|n| !own.contains(n))
        && i.checked_sub(1).is_some_and(|j| {
            // (a bare 小计, or with a wrapped fragment of a neighbour's header appended)
            let h = header(t, cols[j]);
            h.starts_with("小计") && !h.contains('/')
        });
    if group_after_subtotal {
        return Some(cols[i - 1]);
    }
    if !spanning {
        return Some(cols[i]);
    }
    match i.checked_sub(1) {
        Some(j) if j > 0 && leaf(cols[j]).contains("小计") => Some(cols[j]),
        _ => None,
    }
}

/// Column headers that span known sub-columns in the templates.
const SUB_COLUMNS: &[(&str, &[&str])] = &[("基本支出", &["人员经费", "公用经费", "人员支出", "公用支出"])];

/// The first amount column of a panel (the total column in these templates).
pub fn first_amount(t: &Table, panel: usize) -> Option<usize> {
    t.amount_columns(panel).first().copied()
}

/// The grand-total row of a panel: a total row without code (合计 / 总计 …), the last one
/// whose label is not a 小计.
pub fn total_row(t: &Table, panel: usize) -> Option<usize> {
    let totals: Vec<usize> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.heads
                .get(panel)
                .is_some_and(|h| h.kind == RowKind::Total && h.code.is_none())
        })
        .map(|(i, _)| i)
        .collect();
    totals
        .iter()
        .copied()
        .find(|i| !squeeze(&t.rows[*i].heads[panel].label).ends_with("小计"))
        .or_else(|| totals.first().copied())
}

/// The 类 code of a row: its printed code, or (summary tables) the class its name denotes.
pub fn row_class(t: &Table, row: usize, panel: usize) -> Option<String> {
    let h = t.head(row, panel)?;
    if let Some(c) = &h.code {
        return c.class.clone().filter(|k| k.len() == 3);
    }
    if h.kind != RowKind::Item {
        return None;
    }
    codes::function_class_by_name(&h.label).map(|m| m.code)
}

/// Rows standing for 功能分类 类 `class` in a panel: the 类 row itself when printed,
/// otherwise the top-level rows of that class (a table listing only 项 rows).
/// None when the class cannot be bound reliably.
pub fn class_rows(t: &Table, panel: usize, class: &str) -> Option<Vec<usize>> {
    let coded: Vec<(usize, CodeLevel, Option<String>)> = t
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let h = r.heads.get(panel)?;
            if h.kind == RowKind::OfWhich {
                return None;
            }
            match &h.code {
                Some(c) => Some((i, c.level, c.class.clone().filter(|k| k.len() == 3))),
                None if h.kind == RowKind::Item => {
                    codes::function_class_by_name(&h.label).map(|m| (i, CodeLevel::Class, Some(m.code)))
                }
                None => None,
            }
        })
        .collect();
    if let Some((i, _, _)) = coded
        .iter()
        .find(|(_, l, c)| *l == CodeLevel::Class && c.as_deref() == Some(class))
    {
        return Some(vec![*i]);
    }
    let top = coded.iter().map(|(_, l, _)| *l).min()?;
    if top == CodeLevel::Class {
        return Some(Vec::new()); // the class is simply not listed
    }
    if coded.iter().any(|(_, l, c)| *l == top && c.is_none()) {
        return None; // a top-level row of unknown class
    }
    Some(
        coded
            .iter()
            .filter(|(_, l, c)| *l == top && c.as_deref() == Some(class))
            .map(|(i, _, _)| *i)
            .collect(),
    )
}

/// Every 类 named or coded in a panel, in order.
pub fn classes_in(t: &Table, panel: usize) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for r in 0..t.rows.len() {
        if let Some(c) = row_class(t, r, panel) {
            if c.starts_with('2') && !v.contains(&c) {
                v.push(c);
            }
        }
    }
    v
}

/// The cleaned label of a row in a panel.
pub fn label(t: &Table, row: usize, panel: usize) -> String {
    t.head(row, panel)
        .map(|h| squeeze(strip_enumerator(&h.label).0))
        .unwrap_or_default()
}

/// Which side of a summary table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// 收入
    Income,
    /// 支出
    Expenditure,
}

/// In a summary table (收支总表 / 财政拨款收支总表): the current-year subtotal of a side
/// (本年收入合计 / 小计 / 当年收入小计) when printed, and the grand total (收入总计 / 总计).
/// Each as (row, panel, column) of the first amount column holding it.
pub fn summary_totals(t: &Table, side: Side) -> (Option<Ref<'_>>, Option<Ref<'_>>) {
    let panels: Vec<usize> = match side {
        Side::Income => vec![0],
        Side::Expenditure => (1..t.panel_count()).collect(),
    };
    let mut sub = None;
    let mut grand = None;
    for r in 0..t.rows.len() {
        for &p in &panels {
            let l = label(t, r, p);
            if l.is_empty() {
                continue;
            }
            let is_grand = matches!(
                l.as_str(),
                "收入总计" | "支出总计" | "总计" | "收入合计" | "支出合计"
            );
            let is_sub = l.ends_with("小计")
                || l.starts_with("本年收入")
                || l.starts_with("本年支出")
                || l.starts_with("当年");
            if !(is_grand || is_sub) {
                continue;
            }
            // its value: this panel's first amount column, else a later panel's (Jiangsu)
            let cell = (p..t.panel_count())
                .filter_map(|q| first_amount(t, q))
                .find(|c| t.cell(r, *c).amount().is_some())
                .map(|c| Ref::new(t, r, c));
            if is_grand {
                grand = cell.or(grand);
            } else if sub.is_none() {
                sub = cell;
            }
        }
    }
    (sub, grand)
}

/// Rows of a summary table's side whose label is a 类 (by name or code), with the class.
pub fn summary_class_cells(t: &Table) -> Vec<(String, Ref<'_>)> {
    let mut out = Vec::new();
    for p in 1..t.panel_count() {
        let Some(col) = first_amount(t, p) else { continue };
        for r in 0..t.rows.len() {
            if let Some(class) = row_class(t, r, p) {
                if class.starts_with('2') && !out.iter().any(|(c, _): &(String, Ref<'_>)| *c == class) {
                    out.push((class, Ref::new(t, r, col)));
                }
            }
        }
    }
    out
}

/// True when a summary table shows income other than the 一般公共预算 appropriation
/// (another fund, 事业收入, other income, carry-overs): non-zero amounts on income rows
/// that are not 一般公共预算 / 财政拨款 / totals.
pub fn has_non_general_income(t: &Table) -> bool {
    let Some(col) = first_amount(t, 0) else {
        return true;
    };
    for r in 0..t.rows.len() {
        let l = label(t, r, 0);
        if l.is_empty()
            || l.contains("一般公共预算")
            || l.starts_with("财政拨款")
            || l.contains("公共财政")
            || l.ends_with("合计")
            || l.ends_with("总计")
            || l.ends_with("小计")
        {
            continue;
        }
        if t.cell(r, col).amount().is_some_and(|a| !a.is_zero()) {
            return true;
        }
    }
    false
}

/// The items of a "三公" table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Item {
    Total,
    Sub,
    ThreeSub,
    CarSub,
    Abroad,
    Purchase,
    Running,
    Reception,
    Meeting,
    Training,
    Operating,
}

/// The item a header word names (合计, 小计, 因公出国, 购置, 运行, 接待, 会议, 培训, 机关运行经费).
pub fn classify_word(w: &str) -> Option<Item> {
    let w = squeeze(w);
    if w.contains("机关运行") {
        Some(Item::Operating)
    } else if w.contains("合计") {
        Some(Item::Total)
    } else if w.contains("小计") {
        Some(Item::Sub)
    } else if w.contains("因公出国") || w.contains("（境）") || w.contains("(境)") {
        Some(Item::Abroad)
    } else if w.contains("购置") && !w.contains("运行") {
        Some(Item::Purchase)
    } else if (w.contains("运行") || w.contains("维护")) && !w.contains("购置") {
        Some(Item::Running)
    } else if w.contains("接待") {
        Some(Item::Reception)
    } else if w.contains("会议") {
        Some(Item::Meeting)
    } else if w.contains("培训") {
        Some(Item::Training)
    } else {
        None
    }
}

/// Column → (item, measure): the leaf decides, a generic leaf (费, 数, 预算数) asks its parents.
pub fn classify(path: &[String]) -> (Option<Item>, Option<&'static str>) {
    let mut parts: Vec<&str> = path.iter().map(String::as_str).collect();
    let measure = match parts.last().map(|l| squeeze(l)) {
        Some(l) if l.contains("决算数") => Some("决算数"),
        Some(l) if l.contains("预算数") && l.chars().count() <= 3 => Some("预算数"),
        _ => None,
    };
    if measure.is_some() {
        parts.pop();
    }
    // the leaf, then the leaf with its parent (a word wrapped across lines: "公务用车购" + "置费"),
    // then the parents upwards
    let n = parts.len();
    let mut candidates: Vec<String> = Vec::new();
    if n >= 1 {
        candidates.push(parts[n - 1].to_string());
    }
    if n >= 2 {
        candidates.push(format!("{}{}", parts[n - 2], parts[n - 1]));
    }
    candidates.extend(parts.iter().rev().skip(1).map(|p| p.to_string()));
    for c in candidates {
        if let Some(item) = classify_word(&c) {
            return (Some(item), measure);
        }
    }
    (None, measure)
}

/// The columns of a "三公" table: (column, item, 预算数/决算数), with each 小计 resolved to the
/// car subtotal (公务用车 heads it or 购置/运行 follow it) or the "三公" subtotal.
pub fn three_public_columns(table: &Table) -> Vec<(usize, Option<Item>, Option<&'static str>)> {
    let cols = table.amount_columns(0);
    let mut classes: Vec<(usize, Option<Item>, Option<&'static str>)> = cols
        .iter()
        .map(|&c| {
            let (item, m) = classify(&table.columns[c].header);
            (c, item, m)
        })
        .collect();
    for k in 0..classes.len() {
        if classes[k].1 != Some(Item::Sub) {
            continue;
        }
        let car_parent = table.columns[classes[k].0]
            .header
            .iter()
            .any(|h| h.contains("公务用车"));
        let m = classes[k].2;
        let next = classes[k + 1..].iter().find(|x| x.2 == m).and_then(|x| x.1);
        classes[k].1 = Some(
            if car_parent || matches!(next, Some(Item::Purchase | Item::Running)) {
                Item::CarSub
            } else {
                Item::ThreeSub
            },
        );
    }
    classes
}

/// A kind of 财政拨款 fund, or the total over them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fund {
    /// 合计 / 小计
    Total,
    /// 一般公共预算财政拨款
    General,
    /// 政府性基金预算财政拨款
    GovernmentFund,
    /// 国有资本经营预算财政拨款
    StateCapital,
}

impl Fund {
    const FUNDS: [Fund; 3] = [Fund::General, Fund::GovernmentFund, Fund::StateCapital];

    /// The word that names the fund in labels and headers (合计 for the total).
    pub fn keyword(self) -> &'static str {
        match self {
            Fund::Total => "合计",
            Fund::General => "一般公共预算",
            Fund::GovernmentFund => "政府性基金",
            Fund::StateCapital => "国有资本经营",
        }
    }

    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Fund::Total => "合计",
            Fund::General => "一般公共预算财政拨款",
            Fund::GovernmentFund => "政府性基金预算财政拨款",
            Fund::StateCapital => "国有资本经营预算财政拨款",
        }
    }

    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            Fund::Total => "total",
            Fund::General => "general public budget",
            Fund::GovernmentFund => "government funds",
            Fund::StateCapital => "state capital operations",
        }
    }

    /// The funds a cleaned row label names when it starts with one (一般公共预算财政拨款;
    /// 政府性基金预算财政拨 — a label cut by a line wrap still counts). Two or more when rows
    /// ran together (二、政府性基金预算财政拨款三、国有资本经营预算财政拨款).
    pub fn in_label(label: &str) -> Vec<Fund> {
        if !Fund::FUNDS.iter().any(|f| label.starts_with(f.keyword())) {
            return Vec::new();
        }
        Fund::FUNDS
            .into_iter()
            .filter(|f| label.contains(f.keyword()))
            .collect()
    }

    /// Every fund (and 合计/小计) a squeezed column header names.
    pub fn in_header(header: &str) -> Vec<Fund> {
        let mut v: Vec<Fund> = Vec::new();
        if header.contains("合计") || header.contains("小计") {
            v.push(Fund::Total);
        }
        v.extend(Fund::FUNDS.into_iter().filter(|f| header.contains(f.keyword())));
        v
    }
}
