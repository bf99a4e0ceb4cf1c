use crate::model::{Cell, RowKind};
use crate::rules::arithmetic::{coded_rows, CODED_TABLES};
use crate::rules::identity::{column_label, sum_identity, Operand, Phrase};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 按科目编码列示的表中，“合计”行等于各最高层级科目（通常为“类”）之和，逐列核对。
    /// The grand-total row equals the sum of the top-level classification rows, column by
    /// column.
    ///
    /// ## Why it matters
    /// 合计与各类之和不符，说明漏列了科目或合计填错，表上的总数不可信。
    ///
    /// ## Example
    /// `tests/fixtures/rules/column-total-mismatch/fail_total_row.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed decimals: with n addends the sum may differ from
    /// the printed total by up to n half-units of the last digit.
    ///
    /// ## Known limitations
    /// Only rows with a classification code are summed; "其中" rows are skipped. A panel
    /// with rows that carry amounts but no code is "not checked" (the rows cannot be placed
    /// in the hierarchy).
    pub static COLUMN_TOTAL_MISMATCH = {
        code: "AR003",
        name: "column-total-mismatch",
        title_zh: "合计行与各类之和不符",
        title_en: "Total row differs from the sum of the top-level rows",
        family: Arithmetic,
        severity: Error,
        tables: CODED_TABLES,
        basis: &["财预〔2016〕143号：支出按功能分类科目列示到项级、经济分类列示到款级"],
        since: "0.1.0",
        confirm: PerTable,
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &COLUMN_TOTAL_MISMATCH;
    for table in ctx.tables_of(rule.tables) {
        for panel in 0..table.panel_count() {
            let coded = coded_rows(table, panel);
            let Some(top) = coded.iter().map(|(_, l)| *l).min() else {
                continue;
            };
            let tops: Vec<usize> = coded.iter().filter(|(_, l)| *l == top).map(|(i, _)| *i).collect();
            let totals: Vec<usize> = table
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
            let Some(&total_row) = totals.first() else {
                continue;
            };
            let cols = table.amount_columns(panel);
            // rows with amounts but neither a code nor a total label cannot be placed
            let stray = table.rows.iter().enumerate().find(|(i, r)| {
                !totals.contains(i)
                    && r.heads
                        .get(panel)
                        .is_some_and(|h| h.code.is_none() && h.kind == RowKind::Item)
                    && cols
                        .iter()
                        .any(|c| r.cells.get(*c).is_some_and(|x| x.amount().is_some()))
            });
            let total_label = table.rows[total_row].heads[panel].label.clone();
            for &col in &cols {
                let all_blank = std::iter::once(total_row)
                    .chain(tops.iter().copied())
                    .all(|r| matches!(table.cell(r, col), Cell::Blank | Cell::Dash));
                if all_blank {
                    continue;
                }
                let label = column_label(table, col);
                let where_zh = format!("{}「{}」列", table.title, label);
                let where_en = format!("{}, column \"{}\"", table.title, label);
                if let Some((_, r)) = stray {
                    out.not_checked(
                        rule,
                        (
                            format!("{where_zh}：{total_label} = 各类之和"),
                            format!("{where_en}: {total_label} = sum of top-level rows"),
                        ),
                        (
                            format!("第 {} 行有金额但没有科目编码，无法归入层级", r.line),
                            format!("line {} has amounts but no classification code", r.line),
                        ),
                    );
                    continue;
                }
                let phrase = Phrase {
                    where_zh,
                    where_en,
                    total_label: total_label.clone(),
                    part_labels: tops
                        .iter()
                        .map(|r| crate::rules::identity::row_label(table, *r, col))
                        .collect(),
                };
                let ops: Vec<Operand> = tops.iter().map(|&row| Operand { row, col }).collect();
                sum_identity(rule, table, Operand { row: total_row, col }, &ops, &phrase, out);
            }
        }
    }
}
