use crate::model::{format_amount, Amount, Interval, Unit};
use crate::parse::lexer::parse_number;
use crate::perf::{block_name, block_name_en};
use crate::report::Severity;
use crate::rules::performance::{block_loc, blocks, intervals};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 项目预算成本构成表（成本构成、金额、测算依据、往年实际执行数）中，每一列各项之和等于合计。
    /// In a 项目预算成本构成 breakdown, every amount column adds up to its 合计.
    ///
    /// ## Why it matters
    /// 成本构成是绩效目标表中成本指标和项目资金的依据；合计与分项对不上，说明测算或抄录有误。
    /// 鄂州 2022 年的表中，2020 年实际执行数 191 + 99 + 372.88 = 662.88，合计却印作 662.98。
    ///
    /// ## Example
    /// `tests/fixtures/rules/cost-breakdown-mismatch/fail_column.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed precision; an integer printed among amounts with
    /// decimals is read at their precision (`191` next to `372.88` is 191.00).
    ///
    /// ## Known limitations
    /// The breakdown is read from the glued preview layout (鄂州 2022), whose digits of
    /// adjacent columns run together: the parser keeps the only split under which the most
    /// columns add up, and the message says so. A column still failing under that split
    /// fails under every split that balances the others. Breakdowns in other layouts are not
    /// read yet.
    pub static COST_BREAKDOWN_MISMATCH = {
        code: "PF016",
        name: "cost-breakdown-mismatch",
        title_zh: "成本构成合计与分项不符",
        title_en: "Cost breakdown does not add up",
        family: Performance,
        severity: Error,
        tables: &[],
        basis: &["项目支出绩效目标表（湖北）：项目预算成本构成及测算依据"],
        since: "0.2.0",
        check: check,
    };
}

fn amount(s: &str) -> Option<Amount> {
    let n = parse_number(s)?;
    // the breakdown prints no unit; the comparison is unit-free
    Some(Amount {
        value: n.value,
        decimals: n.decimals,
        unit: Unit::Yuan,
        raw: s.to_string(),
    })
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &COST_BREAKDOWN_MISMATCH;
    for (b, pt) in blocks(ctx) {
        let Some(c) = &pt.costs else { continue };
        let Some(total) = &c.total else { continue };
        for (k, col) in c.columns.iter().enumerate() {
            let items: Option<Vec<(String, Amount)>> = c
                .items
                .iter()
                .map(|r| {
                    r.amounts
                        .get(k)
                        .and_then(|s| amount(s))
                        .map(|a| (r.name.clone(), a))
                })
                .collect();
            let (Some(items), Some(t)) = (items, total.amounts.get(k).and_then(|s| amount(s))) else {
                continue;
            };
            let mut all: Vec<&Amount> = items.iter().map(|(_, a)| a).collect();
            all.push(&t);
            let ivs = intervals(&all);
            let sum = Interval::sum(ivs[..items.len()].iter().copied());
            let terms: Vec<String> = items.iter().map(|(_, a)| a.raw.clone()).collect();
            let s: rust_decimal::Decimal = items.iter().map(|(_, a)| a.value).sum();
            let d = all.iter().map(|a| a.decimals).max().unwrap_or(0);
            let subject = (
                format!(
                    "{}成本构成「{col}」列：合计 = {}",
                    block_name(pt),
                    items
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(" + ")
                ),
                format!(
                    "{} cost breakdown, column \"{col}\": 合计 = sum of the items",
                    block_name_en(pt)
                ),
            );
            let mut locs = vec![block_loc(b, total.line, "合计", col, &t.raw, "total")];
            locs.extend(
                c.items
                    .iter()
                    .zip(&items)
                    .map(|(r, (_, a))| block_loc(b, r.line, &r.name, col, &a.raw, "part")),
            );
            if sum.meets(&ivs[items.len()]) {
                out.pass(rule, subject, locs);
                continue;
            }
            let diff = (t.value - s).abs();
            let (nz, ne) = if c.split_inferred {
                (
                    "（原文各列数字连写，按使其余各列合计成立的唯一拆分读取）",
                    " (the printed digits of adjacent columns run together; they were split the only way that makes the other columns add up)",
                )
            } else {
                ("", "")
            };
            out.fail(
                rule,
                Severity::Error,
                subject,
                (
                    format!(
                        "{}成本构成「{col}」列：合计 {} ≠ {} = {}，差 {}{nz}",
                        block_name(pt),
                        t.raw,
                        terms.join(" + "),
                        format_amount(s, d),
                        format_amount(diff, d)
                    ),
                    format!(
                        "{} cost breakdown, column \"{col}\": 合计 {} ≠ {} = {}, off by {}{ne}",
                        block_name_en(pt),
                        t.raw,
                        terms.join(" + "),
                        format_amount(s, d),
                        format_amount(diff, d)
                    ),
                ),
                locs,
            );
            if let Some(f) = out.findings.last_mut() {
                f.arithmetic = Some(format!(
                    "{} = {} ≠ {}，差 {}",
                    terms.join(" + "),
                    format_amount(s, d),
                    t.raw,
                    format_amount(diff, d)
                ));
            }
        }
    }
}
