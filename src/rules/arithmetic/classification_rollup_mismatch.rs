use crate::model::{Cell, RowKind};
use crate::rules::arithmetic::{coded_rows, CODED_TABLES};
use crate::rules::identity::{column_label, row_label, sum_identity, Operand, Phrase};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 科目层级汇总：每个“类”等于其下各“款”之和，每个“款”等于其下各“项”之和（经济分类：
    /// 类 = 各款之和），逐列核对。Each classification row equals the sum of its direct
    /// children (类 = Σ款, 款 = Σ项), column by column.
    ///
    /// ## Why it matters
    /// 上级科目与下级科目之和不符，说明某个科目金额填错或漏列了下级科目。
    ///
    /// ## Example
    /// `tests/fixtures/rules/classification-rollup-mismatch/fail_class_sum.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed decimals.
    ///
    /// ## Known limitations
    /// Children are the rows that follow a code at a deeper level, in print order. When the
    /// printed codes are complete and a child's code does not start with its parent's, the
    /// group is "not checked". Truncated codes (OCR "20" for 201) are matched by what is
    /// printed.
    pub static CLASSIFICATION_ROLLUP_MISMATCH = {
        code: "AR004",
        name: "classification-rollup-mismatch",
        title_zh: "上级科目与下级科目之和不符",
        title_en: "Classification row differs from the sum of its sub-rows",
        family: Arithmetic,
        severity: Error,
        tables: CODED_TABLES,
        basis: &["政府收支分类科目：类、款、项逐级汇总"],
        since: "0.1.0",
        confirm: PerTable,
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &CLASSIFICATION_ROLLUP_MISMATCH;
    for table in ctx.tables_of(rule.tables) {
        for panel in 0..table.panel_count() {
            let coded = coded_rows(table, panel);
            for (k, &(parent, level)) in coded.iter().enumerate() {
                // descendants: following coded rows deeper than the parent, until a total row
                let mut desc = Vec::new();
                for &(r, l) in &coded[k + 1..] {
                    if l <= level {
                        break;
                    }
                    let between_total = (parent + 1..r).any(|i| {
                        table.rows[i]
                            .heads
                            .get(panel)
                            .is_some_and(|h| h.kind == RowKind::Total)
                    });
                    if between_total {
                        break;
                    }
                    desc.push((r, l));
                }
                let Some(child_level) = desc.iter().map(|(_, l)| *l).min() else {
                    continue;
                };
                let children: Vec<usize> = desc
                    .iter()
                    .filter(|(_, l)| *l == child_level)
                    .map(|(r, _)| *r)
                    .collect();
                let code = |r: usize| table.rows[r].heads[panel].code.clone();
                let parent_code = code(parent);
                let consistent = children.iter().all(|c| match (&parent_code, code(*c)) {
                    (Some(p), Some(ch)) => p.may_contain(&ch),
                    _ => true,
                });
                for col in table.amount_columns(panel) {
                    let all_blank = std::iter::once(parent)
                        .chain(children.iter().copied())
                        .all(|r| matches!(table.cell(r, col), Cell::Blank | Cell::Dash));
                    if all_blank {
                        continue;
                    }
                    let label = column_label(table, col);
                    let parent_label = row_label(table, parent, col);
                    let where_zh = format!("{}「{}」", table.title, parent_label);
                    let where_en = format!("{}, \"{}\"", table.title, parent_label);
                    if !consistent {
                        out.not_checked(
                            rule,
                            (
                                format!("{where_zh}：{label} = 下级科目之和"),
                                format!("{where_en}: {label} = sum of sub-rows"),
                            ),
                            (
                                "下级科目编码与上级不衔接".into(),
                                "sub-row codes do not continue the parent's code".into(),
                            ),
                        );
                        continue;
                    }
                    let phrase = Phrase {
                        where_zh: format!("{where_zh}（{label}）"),
                        where_en: format!("{where_en} ({label})"),
                        total_label: parent_label.clone(),
                        part_labels: children.iter().map(|r| row_label(table, *r, col)).collect(),
                    };
                    let ops: Vec<Operand> = children.iter().map(|&row| Operand { row, col }).collect();
                    sum_identity(rule, table, Operand { row: parent, col }, &ops, &phrase, out);
                }
            }
        }
    }
}
