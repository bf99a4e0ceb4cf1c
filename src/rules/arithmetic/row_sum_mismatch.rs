use crate::model::{Cell, RowKind, TableKind};
use crate::parse::normalize::squeeze;
use crate::rules::identity::{column_is_empty, row_where, sum_identity, Operand, Phrase};
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
    /// ## Known limitations
    /// The total column is the first amount column whose header says 合计/小计/总计. Columns
    /// whose membership in the total is unclear (结转, 结余, 其中) are left out when empty and
    /// make the row "not checked" when they hold a number.
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
            let mut parts: Vec<usize> = Vec::new();
            let mut unclear: Vec<usize> = Vec::new();
            for &c in &cols[1..] {
                let path = table.columns[c].path();
                if unclear_member(&path) {
                    unclear.push(c);
                } else {
                    parts.push(c);
                }
            }
            if parts.is_empty() {
                continue;
            }
            let unclear_with_values: Vec<usize> = unclear
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
    }
}
