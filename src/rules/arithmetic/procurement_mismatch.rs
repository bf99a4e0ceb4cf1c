use crate::model::{RowKind, TableKind};
use crate::parse::normalize::squeeze;
use crate::parse::segment::strip_enumerator;
use crate::rules::bind;
use crate::rules::identity::{sum_identity, Operand, Phrase};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 政府采购预算表的层级汇总：合计 = 各采购品目大类（货物、工程、服务）之和；每个大类 = 其下各专项
    /// （经济科目）小计之和；每个专项小计 = 其下各采购物品之和。The procurement table adds up:
    /// total = categories (goods, works, services), category = its subtotals, subtotal = its
    /// items.
    ///
    /// ## Why it matters
    /// 政府采购预算 = 货物 + 工程 + 服务 是公开要求的一部分；明细与小计不符说明采购预算编报有误。
    ///
    /// ## Example
    /// `tests/fixtures/rules/procurement-mismatch/fail_items.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed decimals.
    ///
    /// ## Known limitations
    /// Rows are typed by their text: items name a purchase method (分散自行组织, 政府集中采购,
    /// 部门集中采购…, also when the method wraps in its column and is printed on the line just
    /// above the amount), categories are numbered (一、货物A), the total says 合计, and every
    /// other row with an amount is a subtotal of the items that follow it.
    pub static PROCUREMENT_MISMATCH = {
        code: "AR008",
        name: "procurement-mismatch",
        title_zh: "政府采购预算合计与明细不符",
        title_en: "Procurement budget does not add up",
        family: Arithmetic,
        severity: Error,
        tables: &[TableKind::Procurement],
        basis: &["财预〔2016〕143号：政府采购预算（货物、工程、服务）公开"],
        since: "0.1.0",
        confirm: PerTable,
        check: check,
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Total,
    Category,
    Subtotal,
    Item,
}

/// True when the words name a purchase method. Stems, so that a method wrapped in its narrow
/// column still reads as one ("部门集中采" / "购", "分散自行组" / "织").
fn is_item(label: &str) -> bool {
    let l = squeeze(label);
    [
        "组织",
        "集中采",
        "分散采",
        "分散自行",
        "委托",
        "自行采",
        "定点",
        "协议供",
        "电子卖",
    ]
    .iter()
    .any(|w| l.contains(w))
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &PROCUREMENT_MISMATCH;
    for t in ctx.tables_of(rule.tables) {
        let Some(col) = bind::first_amount(t, 0) else {
            continue;
        };
        let has_amount = |r: &crate::model::Row| r.cells.get(col).is_some_and(|c| c.amount().is_some());
        // a wrapped item prints its words on the lines around its amount: the purchase
        // method may be on a line of its own just above ("台式计算机 部门集中采" / "（20万以 27.00")
        let above = |i: usize| -> String {
            t.rows[..i]
                .iter()
                .rev()
                .take(2)
                .take_while(|r| !has_amount(r))
                .map(|r| r.heads.first().map_or("", |h| h.label.as_str()))
                .collect()
        };
        let rows: Vec<(usize, Kind)> = t
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| has_amount(r))
            .map(|(i, r)| {
                let h = &r.heads[0];
                let kind = if h.kind == RowKind::Total {
                    Kind::Total
                } else if strip_enumerator(&h.label)
                    .1
                    .is_some_and(|n| !n.chars().all(|c| c.is_ascii_digit()))
                {
                    Kind::Category
                } else if is_item(&h.label) || is_item(&above(i)) {
                    Kind::Item
                } else {
                    Kind::Subtotal
                };
                (i, kind)
            })
            .collect();
        let sum = |parent: usize, children: Vec<usize>, out: &mut Sink| {
            if children.is_empty() {
                return;
            }
            let label = |r: usize| t.rows[r].heads[0].label.clone();
            let phrase = Phrase {
                where_zh: t.title.clone(),
                where_en: t.title.clone(),
                total_label: label(parent),
                part_labels: children.iter().map(|&r| label(r)).collect(),
            };
            let ops: Vec<Operand> = children.iter().map(|&row| Operand { row, col }).collect();
            sum_identity(rule, t, Operand { row: parent, col }, &ops, &phrase, out);
        };
        let mut categories = Vec::new();
        for (k, &(r, kind)) in rows.iter().enumerate() {
            let following = &rows[k + 1..];
            match kind {
                Kind::Subtotal => {
                    let items: Vec<usize> = following
                        .iter()
                        .take_while(|(_, kd)| *kd == Kind::Item)
                        .map(|(i, _)| *i)
                        .collect();
                    sum(r, items, out);
                }
                Kind::Category => {
                    categories.push(r);
                    let block: Vec<(usize, Kind)> = following
                        .iter()
                        .take_while(|(_, kd)| !matches!(kd, Kind::Category | Kind::Total))
                        .copied()
                        .collect();
                    let subtotals: Vec<usize> = block
                        .iter()
                        .filter(|(_, kd)| *kd == Kind::Subtotal)
                        .map(|(i, _)| *i)
                        .collect();
                    let children = if subtotals.is_empty() {
                        block
                            .iter()
                            .filter(|(_, kd)| *kd == Kind::Item)
                            .map(|(i, _)| *i)
                            .collect()
                    } else {
                        subtotals
                    };
                    sum(r, children, out);
                }
                _ => {}
            }
        }
        if let Some(&(total, _)) = rows.iter().find(|(_, kd)| *kd == Kind::Total) {
            sum(total, categories, out);
        }
    }
}
