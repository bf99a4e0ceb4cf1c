use crate::model::{Table, TableKind};
use crate::parse::normalize::squeeze;
use crate::parse::segment::strip_enumerator;
use crate::rules::identity::{column_label, row_label, sum_identity, Operand, Phrase};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 收支总表与财政拨款收支总表的纵向结构，收入方与支出方分别核对、逐列核对：
    /// - 本年收入合计（小计）= 各收入项目之和；本年支出合计 = 各功能分类“类”之和（江苏“支出用途”
    ///   栏：基本支出 + 项目支出 + 单位预留机动经费）；
    /// - 收入总计 = 本年收入合计 + 上年结转（决算：使用非财政拨款结余 + 年初结转和结余）；
    ///   支出总计 = 本年支出合计 + 结转下年（决算：结余分配 + 年末结转和结余）；
    /// - 财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营（分项）。
    ///
    /// The vertical structure of the summary tables, side by side and column by column:
    /// subtotal = items, grand total = subtotal + carry-overs, parent item = its sub-items.
    ///
    /// ## Why it matters
    /// 收支总表的每一个合计都是公众读到的“总盘子”；分项相加不等于合计，说明有收支项目漏列、重列或
    /// 填错。
    ///
    /// ## Example
    /// `tests/fixtures/rules/summary-composition-mismatch/fail_items.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed decimals; blank items count as zero (a failure that
    /// only the blanks explain is a warning).
    ///
    /// ## Known limitations
    /// Rows are bound by their labels: totals (合计/小计/总计), sub-items numbered 1. 2. or
    /// named after a fund under a 财政拨款 row, and carry-over rows between the subtotal and the
    /// grand total. Numbered breakdowns under a carry-over row (年初结转 一、二、三) are not summed.
    pub static SUMMARY_COMPOSITION_MISMATCH = {
        code: "AR005",
        name: "summary-composition-mismatch",
        title_zh: "收支总表合计与分项不符",
        title_en: "Summary table total differs from its items",
        family: Arithmetic,
        severity: Error,
        tables: &[TableKind::Summary, TableKind::FiscalSummary],
        basis: &["部门收支总表：本年收入合计 + 上年结转 = 收入总计；本年支出合计 + 结转下年 = 支出总计"],
        since: "0.1.0",
        confirm: PerTable,
        check: check,
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Grand,
    Subtotal,
    Item,
    SubItem,
}

fn clean(label: &str) -> String {
    squeeze(strip_enumerator(label).0)
}

fn is_grand(l: &str) -> bool {
    matches!(
        l,
        "收入总计" | "支出总计" | "总计" | "收入合计" | "支出合计" | "收支总计"
    )
}

fn is_subtotal(l: &str) -> bool {
    l.ends_with("小计")
        || l.starts_with("本年收入")
        || l.starts_with("本年支出")
        || l.starts_with("当年收入")
        || l.starts_with("当年支出")
}

/// How a label is numbered: 0 "一、", 1 "(一)" / "（1）", 2 "1."; `None` when it is not.
fn enumerator_style(label: &str) -> Option<u8> {
    strip_enumerator(label).1?;
    let first = label.trim_start().chars().next()?;
    Some(if matches!(first, '(' | '（') {
        1
    } else if first.is_ascii_digit() {
        2
    } else {
        0
    })
}

/// A fund named as a sub-item of a 财政拨款 row.
fn fund_name(l: &str) -> bool {
    ["一般公共预算", "政府性基金", "国有资本经营", "公共财政拨款"]
        .iter()
        .any(|f| l.starts_with(f))
}

/// The label a row carries for panel `p`: its own, or (for a row with numbers but no label
/// in this panel) the label of an earlier panel, as Jiangsu prints 当年支出小计 in the
/// function panel with its amount in the 支出用途 panel.
fn label_for(table: &Table, row: usize, p: usize) -> String {
    let own = table.head(row, p).map(|h| h.label.clone()).unwrap_or_default();
    if !own.is_empty() {
        return own;
    }
    let has_amount = table
        .amount_columns(p)
        .iter()
        .any(|c| table.cell(row, *c).amount().is_some());
    if !has_amount {
        return String::new();
    }
    (0..p)
        .rev()
        .filter_map(|q| table.head(row, q))
        .map(|h| h.label.clone())
        .find(|l| !l.is_empty())
        .unwrap_or_default()
}

/// The cell holding a total's value in column `col` of panel `p`; for a row whose value sits
/// in a later panel's column (Jiangsu), that column.
fn value_col(table: &Table, row: usize, p: usize, col_index: usize) -> Option<usize> {
    let own = table.amount_columns(p);
    let c = *own.get(col_index)?;
    if table.cell(row, c).amount().is_some() {
        return Some(c);
    }
    if col_index == 0 {
        for later in p + 1..table.panel_count() {
            if let Some(&lc) = table.amount_columns(later).first() {
                if table.cell(row, lc).amount().is_some()
                    && table.head(row, later).is_none_or(|h| h.label.is_empty())
                {
                    return Some(lc);
                }
            }
        }
    }
    Some(c)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &SUMMARY_COMPOSITION_MISMATCH;
    for table in ctx.tables_of(rule.tables) {
        if table.panel_count() < 2 {
            continue;
        }
        for p in 0..table.panel_count() {
            // rows of this panel with their roles
            let mut rows: Vec<(usize, Role, String)> = Vec::new();
            let mut after_fiscal_parent = false;
            for r in 0..table.rows.len() {
                let raw = label_for(table, r, p);
                if raw.is_empty() {
                    continue;
                }
                let l = clean(&raw);
                let numeral = strip_enumerator(&raw).1;
                let arabic = numeral.is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
                let role = if is_grand(&l) {
                    Role::Grand
                } else if is_subtotal(&l) {
                    Role::Subtotal
                } else if arabic || (after_fiscal_parent && numeral.is_none() && fund_name(&l)) {
                    Role::SubItem
                } else {
                    Role::Item
                };
                if role != Role::SubItem {
                    // "财政拨款（补助）" followed by unnumbered fund names (Xinjiang template)
                    after_fiscal_parent = l.starts_with("财政拨款");
                }
                rows.push((r, role, raw));
            }
            let Some(grand_pos) = rows.iter().rposition(|(_, role, _)| *role == Role::Grand) else {
                continue;
            };
            let sub_pos = rows[..grand_pos]
                .iter()
                .rposition(|(_, role, _)| *role == Role::Subtotal);
            let items_end = sub_pos.unwrap_or(grand_pos);
            let items: Vec<usize> = rows[..items_end]
                .iter()
                .filter(|(_, role, _)| *role == Role::Item)
                .map(|(r, _, _)| *r)
                .collect();
            // carry-overs between subtotal and grand total (numbered breakdowns skipped, but
            // not a row numbered like the subtotal itself: "一、本年收入 … 二、上年结转")
            let carries: Vec<usize> = match sub_pos {
                Some(s) => rows[s + 1..grand_pos]
                    .iter()
                    .filter(|(r, role, raw)| {
                        let style = enumerator_style(raw);
                        *role == Role::Item
                            && (style.is_none()
                                || style == enumerator_style(&rows[s].2)
                                || table.head(*r, p).is_some_and(|h| h.code.is_some()))
                    })
                    .map(|(r, _, _)| *r)
                    .collect(),
                None => Vec::new(),
            };
            let grand_row = rows[grand_pos].0;
            let ncols = table.amount_columns(p).len();
            for k in 0..ncols {
                let col_of = |r: usize| value_col(table, r, p, k);
                let Some(gcol) = col_of(grand_row) else { continue };
                let label = column_label(table, gcol);
                let ops = |rs: &[usize]| -> Vec<Operand> {
                    rs.iter()
                        .filter_map(|&r| col_of(r).map(|col| Operand { row: r, col }))
                        .collect()
                };
                let names =
                    |rs: &[usize]| -> Vec<String> { rs.iter().map(|&r| label_for(table, r, p)).collect() };
                let where_zh = format!("{}（{}）", table.title, label);
                let where_en = format!("{} ({})", table.title, label);
                let grand_label = rows[grand_pos].2.clone();
                match sub_pos {
                    Some(sp) => {
                        let (srow, _, slabel) = rows[sp].clone();
                        let Some(scol) = col_of(srow) else { continue };
                        if !items.is_empty() {
                            let phrase = Phrase {
                                where_zh: where_zh.clone(),
                                where_en: where_en.clone(),
                                total_label: slabel.clone(),
                                part_labels: names(&items),
                            };
                            sum_identity(
                                rule,
                                table,
                                Operand { row: srow, col: scol },
                                &ops(&items),
                                &phrase,
                                out,
                            );
                        }
                        let mut parts = vec![srow];
                        parts.extend(carries.iter().copied());
                        let phrase = Phrase {
                            where_zh: where_zh.clone(),
                            where_en: where_en.clone(),
                            total_label: grand_label.clone(),
                            part_labels: names(&parts),
                        };
                        sum_identity(
                            rule,
                            table,
                            Operand {
                                row: grand_row,
                                col: gcol,
                            },
                            &ops(&parts),
                            &phrase,
                            out,
                        );
                    }
                    None if !items.is_empty() => {
                        let phrase = Phrase {
                            where_zh: where_zh.clone(),
                            where_en: where_en.clone(),
                            total_label: grand_label.clone(),
                            part_labels: names(&items),
                        };
                        sum_identity(
                            rule,
                            table,
                            Operand {
                                row: grand_row,
                                col: gcol,
                            },
                            &ops(&items),
                            &phrase,
                            out,
                        );
                    }
                    None => {}
                }
                // parent items = their numbered / fund sub-items
                let mut i = 0;
                while i < items_end {
                    let (prow, prole, plabel) = rows[i].clone();
                    let subs: Vec<usize> = rows[i + 1..items_end]
                        .iter()
                        .take_while(|(_, role, _)| *role == Role::SubItem)
                        .map(|(r, _, _)| *r)
                        .collect();
                    if prole == Role::Item && !subs.is_empty() {
                        if let Some(pcol) = col_of(prow) {
                            let phrase = Phrase {
                                where_zh: where_zh.clone(),
                                where_en: where_en.clone(),
                                total_label: plabel.clone(),
                                part_labels: names(&subs),
                            };
                            sum_identity(
                                rule,
                                table,
                                Operand { row: prow, col: pcol },
                                &ops(&subs),
                                &phrase,
                                out,
                            );
                        }
                    }
                    i += 1 + subs.len();
                }
                let _ = row_label;
            }
        }
    }
}
