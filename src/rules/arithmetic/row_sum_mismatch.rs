use crate::model::{Cell, RowKind, Table, TableKind};
use crate::parse::normalize::squeeze;
use crate::rules::confirm::{Tally, MIN_PASSES};
use crate::rules::identity::{column_is_empty, holds_in_row, row_where, sum_identity, Operand, Phrase};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 每一行中，合计列等于各组成列之和：支出表 合计 = 基本支出 + 项目支出（+ 上缴上级支出、
    /// 经营支出、对附属单位补助支出、单位预留机动经费）；基本支出表 小计 = 人员经费 + 公用经费；
    /// 收入表 合计 = 各收入来源之和。In every row the total column equals the sum of its
    /// component columns.
    ///
    /// ## Why it matters
    /// 行内合计与分项不符，说明某个单元格填错：公众无法知道该科目到底安排了多少钱。
    ///
    /// ## Example
    /// `tests/fixtures/rules/row-sum-mismatch/fail_basic_row.md`: 邮电费 小计 3.54 but
    /// 人员经费 0.00 + 公用经费 3.53.
    ///
    /// ## Tolerance
    /// Each cell is the interval its printed decimals allow. In a basic-expenditure table a
    /// printed 0.00 under 人员经费 in a 302 row (or under 公用经费 in a 301/303 row) is exactly
    /// zero, because the template defines those columns by economic class.
    /// A blank component is read as zero; when the identity fails only under that reading the
    /// finding is a warning.
    ///
    /// ## Structure confirmed by the numbers
    /// Which columns make up the total is read from the header (every column after the total;
    /// or, when 小计 columns stand among them, each 小计 with the columns after it up to the
    /// next 小计 as one member), and from the numbers — a column that the rows show to be the sum of the run of
    /// columns right after it (a 小计 under a spanning header such as 财政拨款 / 本年收入 /
    /// 基本支出, however the header wrapped) counts once, and its run is checked against it.
    /// The reading the table's rows confirm is checked; when the rows confirm neither (most of
    /// them fail), the checks are "not checked" with a parse note (P010), never errors.
    ///
    /// ## Known limitations
    /// The total column is the first amount column whose header says 合计/小计/总计. Columns
    /// whose membership in the total is unclear (结转, 结余, 其中) are left out when empty and
    /// make the row "not checked" when they hold a number. A subtotal is recognised only over
    /// the columns right after it (the template's order).
    pub static ROW_SUM_MISMATCH = {
        code: "AR002",
        name: "row-sum-mismatch",
        title_zh: "行合计与分项之和不符",
        title_en: "Row total differs from the sum of its columns",
        family: Arithmetic,
        severity: Error,
        tables: &[
            TableKind::Income,
            TableKind::Expenditure,
            TableKind::FiscalSummary,
            TableKind::GeneralBudgetExpenditure,
            TableKind::GeneralBudgetBasic,
            TableKind::FiscalBasic,
            TableKind::ProjectExpenditure,
            TableKind::GovernmentFund,
            TableKind::StateCapital,
        ],
        basis: &["部门预算公开模板：支出表 合计 = 基本支出 + 项目支出；基本支出表 合计 = 人员经费 + 公用经费"],
        since: "0.1.0",
        confirm: Columns,
        check: check,
    };
}

fn is_total_header(path: &str) -> bool {
    let p = squeeze(path);
    p.contains("合计") || p.contains("小计") || p.contains("总计") || p.contains('合') && p.ends_with('计')
}

/// Columns that may or may not be part of the total.
fn unclear_member(path: &str) -> bool {
    let p = squeeze(path);
    ["结转", "结余", "其中", "上年", "年初", "年末"]
        .iter()
        .any(|w| p.contains(w))
}

/// How a panel's amount columns make up its total: the columns the total is the sum of,
/// those whose membership is unclear, and the subtotal columns inside (a 小计 under a
/// spanning header and the sub-columns it adds up), each checked too.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reading {
    parts: Vec<usize>,
    unclear: Vec<usize>,
    groups: Vec<(usize, Vec<usize>)>,
}

impl Reading {
    /// A reading whose members are `members`; those whose header makes their membership
    /// unclear (结转, 其中 …) are set apart.
    fn new(table: &Table, members: Vec<usize>, groups: Vec<(usize, Vec<usize>)>) -> Reading {
        let (unclear, parts) = members
            .into_iter()
            .partition(|c| unclear_member(&table.columns[*c].path()));
        Reading {
            parts,
            unclear,
            groups,
        }
    }
}

/// The header's reading: every column after the total is a part, except the unclear ones.
fn header_reading(table: &Table, members: &[usize]) -> Reading {
    Reading::new(table, members.to_vec(), Vec::new())
}

/// The header tree's reading, when total-like columns (小计) stand among the parts: each
/// heads the columns after it up to the next one (a spanning header such as 本年收入 /
/// 上年结转 over its 小计 and sub-columns; the spanning label itself often wraps or lands on
/// one sub-column, so the 小计 columns are what marks the groups). Columns before the first
/// 小计 are parts of their own. `None` when no part is a 小计 (the header is flat).
fn header_tree_reading(table: &Table, members: &[usize]) -> Option<Reading> {
    let heads: Vec<usize> = (0..members.len())
        .filter(|&i| is_total_header(table.columns[members[i]].label()))
        .collect();
    let first = *heads.first()?;
    let mut parts: Vec<usize> = members[..first].to_vec();
    let mut groups = Vec::new();
    for (k, &h) in heads.iter().enumerate() {
        let end = heads.get(k + 1).copied().unwrap_or(members.len());
        parts.push(members[h]);
        if end > h + 1 {
            groups.push((members[h], members[h + 1..end].to_vec()));
        }
    }
    Some(Reading::new(table, parts, groups))
}

/// The numbers' reading: a column that the rows confirm as the sum of the run of columns right
/// after it (a 小计 and its sub-columns, wherever the header put it or however it wrapped) is
/// one member of the total; its run is checked against it. `None` when no such column exists.
fn numbers_reading(table: &Table, members: &[usize]) -> Option<Reading> {
    let rows = table.rows.len();
    let mut parts = Vec::new();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < members.len() {
        let head = members[i];
        // (passes, fails, end) of the best run
        let mut best: Option<(usize, usize, usize)> = None;
        for end in i + 1..members.len() {
            let run = &members[i + 1..=end];
            let (mut pass, mut fail) = (0usize, 0usize);
            for r in 0..rows {
                let any = run
                    .iter()
                    .any(|c| table.cell(r, *c).amount().is_some_and(|a| !a.is_zero()));
                match holds_in_row(table, r, head, run) {
                    Some(true) if any => pass += 1,
                    Some(false) => fail += 1,
                    _ => {}
                }
            }
            let confirmed = pass >= MIN_PASSES && fail * 5 <= pass + fail;
            let better = best.is_none_or(|(bp, bf, _)| pass > bp || (pass == bp && fail < bf));
            if confirmed && better {
                best = Some((pass, fail, end));
            }
        }
        parts.push(head);
        match best {
            Some((_, _, end)) => {
                groups.push((head, members[i + 1..=end].to_vec()));
                i = end + 1;
            }
            None => i += 1,
        }
    }
    if groups.is_empty() {
        return None;
    }
    Some(Reading::new(table, parts, groups))
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &ROW_SUM_MISMATCH;
    for table in ctx.tables_of(rule.tables) {
        for panel in 0..table.panel_count() {
            let cols = table.amount_columns(panel);
            // the total column says 合计/小计/总计, or is an unlabelled first column followed by
            // 基本支出 / 项目支出 (Jiangsu 支出预算总表)
            let unlabelled_total = cols.len() >= 3
                && table.columns[cols[0]].path().is_empty()
                && cols[1..]
                    .iter()
                    .any(|c| table.columns[*c].path().contains("基本支出"));
            let Some(pos) = cols
                .iter()
                .position(|c| is_total_header(&table.columns[*c].path()))
                .or(unlabelled_total.then_some(0))
            else {
                continue;
            };
            // the total must be the first amount column; components follow it
            if pos != 0 || cols.len() < 2 {
                continue;
            }
            let total_col = cols[0];
            // the header's reading and, where the numbers show subtotal columns, theirs: the
            // one the rows confirm best is checked (never the one with more errors)
            let mut best: Option<(Tally, Sink)> = None;
            // a 小计 among the parts means the header is a tree: adding the 小计 to its own
            // sub-columns (the flat reading) is never the structure
            let tree = header_tree_reading(table, &cols[1..]);
            let flat = tree.is_none().then(|| header_reading(table, &cols[1..]));
            let readings = flat
                .into_iter()
                .chain(tree)
                .chain(numbers_reading(table, &cols[1..]));
            for reading in readings {
                if reading.parts.is_empty() {
                    continue;
                }
                let mut own = Sink::default();
                check_reading(table, panel, total_col, &reading, &mut own);
                let tally = Tally::of(&own.checks);
                let wins = best
                    .as_ref()
                    .is_none_or(|(b, _)| (tally.confirmed(), tally.passed) > (b.confirmed(), b.passed));
                if wins {
                    best = Some((tally, own));
                }
            }
            if let Some((_, own)) = best {
                out.absorb(own);
            }
        }
    }
}

/// The checks of one reading of a panel, row by row.
fn check_reading(table: &Table, panel: usize, total_col: usize, reading: &Reading, out: &mut Sink) {
    let rule = &ROW_SUM_MISMATCH;
    let parts = &reading.parts;
    let unclear_with_values: Vec<usize> = reading
        .unclear
        .iter()
        .copied()
        .filter(|c| !column_is_empty(table, *c))
        .collect();
    for (r, row) in table.rows.iter().enumerate() {
        if row
            .heads
            .get(panel)
            .is_some_and(|h| h.kind == RowKind::OfWhich && h.label.is_empty())
        {
            continue;
        }
        let all_blank = std::iter::once(total_col)
            .chain(parts.iter().copied())
            .all(|c| matches!(table.cell(r, c), Cell::Blank | Cell::Dash));
        if all_blank {
            continue;
        }
        let (where_zh, where_en) = row_where(table, r, total_col);
        for (head, run) in &reading.groups {
            let phrase = Phrase {
                where_zh: where_zh.clone(),
                where_en: where_en.clone(),
                total_label: table.columns[*head].label().to_string(),
                part_labels: run
                    .iter()
                    .map(|c| table.columns[*c].label().to_string())
                    .collect(),
            };
            let ops: Vec<Operand> = run.iter().map(|&col| Operand { row: r, col }).collect();
            sum_identity(rule, table, Operand { row: r, col: *head }, &ops, &phrase, out);
        }
        if let Some(c) = unclear_with_values
            .iter()
            .find(|c| table.cell(r, **c).amount().is_some())
        {
            let label = table.columns[*c].label().to_string();
            out.not_checked(
                rule,
                (
                    format!("{where_zh}：行合计 = 各列之和"),
                    format!("{where_en}: row total = sum of columns"),
                ),
                (
                    format!("“{label}”列是否计入合计无法确定"),
                    format!("unclear whether column \"{label}\" is part of the total"),
                ),
            );
            continue;
        }
        let phrase = Phrase {
            where_zh,
            where_en,
            total_label: match table.columns[total_col].label() {
                "" => "合计".to_string(),
                l => l.to_string(),
            },
            part_labels: parts
                .iter()
                .map(|c| table.columns[*c].label().to_string())
                .collect(),
        };
        let ops: Vec<Operand> = parts.iter().map(|&col| Operand { row: r, col }).collect();
        sum_identity(
            rule,
            table,
            Operand {
                row: r,
                col: total_col,
            },
            &ops,
            &phrase,
            out,
        );
    }
}
