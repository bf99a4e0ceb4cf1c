use crate::model::{RowKind, Table, TableKind};
use crate::parse::normalize::squeeze;
use crate::rules::identity::{sum_identity, Operand, Phrase};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 收支总表（收入支出决算总表、财政拨款收支总表）中，收入方的“收入总计”等于支出方的
    /// “支出总计”。The grand total of the income side equals the grand total of the
    /// expenditure side.
    ///
    /// ## Why it matters
    /// 收支总表是整套公开表的总纲：收入总计与支出总计不相等，说明表格编制时漏列或错列了
    /// 收支项目，后面各表都无法与之衔接。
    ///
    /// ## Example
    /// `tests/fixtures/rules/summary-total-mismatch/fail_totals_differ.md`: 收入总计 858.21,
    /// 支出总计 858.12.
    ///
    /// ## Tolerance
    /// Each total is the interval its printed decimals allow; the two must be able to be
    /// the same number.
    ///
    /// ## Known limitations
    /// The totals are found by their labels (收入总计 / 总计 / 收入合计 and 支出总计 / 总计 /
    /// 支出合计). When a side has no such row the check says "not checked".
    pub static SUMMARY_TOTAL_MISMATCH = {
        code: "AR001",
        name: "summary-total-mismatch",
        title_zh: "收入总计与支出总计不相等",
        title_en: "Income and expenditure grand totals differ",
        family: Arithmetic,
        severity: Error,
        tables: &[TableKind::Summary, TableKind::FiscalSummary],
        basis: &["财预〔2016〕143号：部门收支总表 收入总计 = 支出总计"],
        since: "0.1.0",
        check: check,
    };
}

/// The grand-total cell of one side: a total row whose label (in a panel of `panels`)
/// matches one of `labels` (in priority order); its first amount in that panel or later.
fn grand_total(table: &Table, panels: std::ops::Range<usize>, labels: &[&str]) -> Option<Operand> {
    for want in labels {
        for (i, row) in table.rows.iter().enumerate().rev() {
            for p in panels.clone() {
                let Some(h) = row.heads.get(p) else { continue };
                if h.kind != RowKind::Total || squeeze(&h.label) != *want {
                    continue;
                }
                // the amount may sit in this panel or, in three-panel layouts, a later one
                for later in p..table.panel_count() {
                    for col in table.amount_columns(later) {
                        if table.cell(i, col).amount().is_some() {
                            return Some(Operand { row: i, col });
                        }
                    }
                }
            }
        }
    }
    None
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &SUMMARY_TOTAL_MISMATCH;
    for table in ctx.tables_of(rule.tables) {
        if table.rows.is_empty() {
            continue;
        }
        let panels = table.panel_count();
        let subject = (
            format!("{}：收入总计 = 支出总计", table.title),
            format!("{}: income grand total = expenditure grand total", table.title),
        );
        if panels < 2 {
            out.not_checked(
                rule,
                subject,
                (
                    "未能分出收入方与支出方".into(),
                    "could not tell the income side from the expenditure side".into(),
                ),
            );
            continue;
        }
        let income = grand_total(table, 0..1, &["收入总计", "总计", "收入合计"]);
        let spending = grand_total(table, 1..panels, &["支出总计", "总计", "支出合计"]);
        match (income, spending) {
            (Some(inc), Some(exp)) => {
                let phrase = Phrase {
                    where_zh: table.title.clone(),
                    where_en: table.title.clone(),
                    total_label: "收入总计".into(),
                    part_labels: vec!["支出总计".into()],
                };
                sum_identity(rule, table, inc, &[exp], &phrase, out);
            }
            _ => out.not_checked(
                rule,
                subject,
                (
                    "没有找到收入总计或支出总计行".into(),
                    "no income or expenditure grand-total row found".into(),
                ),
            ),
        }
    }
}
