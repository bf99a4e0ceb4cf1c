use crate::model::{format_amount, Amount, Interval};
use crate::perf::lexicon::Category;
use crate::perf::{self, block_name, block_name_en};
use crate::report::Severity;
use crate::rules::performance::{block_loc, blocks, intervals, loc, show, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 以金额表示的成本指标不超过项目预算（年度资金总额；没有时为本级 + 上级资金）。下限或等值
    /// 目标（“≥”“=”或不写符号）超过预算是错误，几项下限之和超过预算也是错误；成本目标恰好等于全部
    /// 预算，或上限（“≤”）高于预算，为警告。A money cost target is within the project budget: a
    /// floor or an equal target above it is an error (also when several floors add up to more);
    /// a target equal to the whole budget, or a cap above it, is a warning.
    ///
    /// ## Why it matters
    /// 成本目标要与预算“相应匹配”（财预〔2015〕88号）。超过预算的成本不可能用这笔钱实现；把全部
    /// 预算原样写成成本目标（“控制在预算成本内 250万”对 250 万元预算），只是复述预算，没有约束
    /// 单位成本，也不体现节约。
    ///
    /// ## Example
    /// `tests/fixtures/rules/cost-target-exceeds-budget/fail_above_budget.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed precision; units converted exactly (70000 元 against
    /// 69.56 万元).
    ///
    /// ## Known limitations
    /// Only cost rows whose value is a money amount are compared; a block without 项目资金
    /// is not checked.
    pub static COST_TARGET_EXCEEDS_BUDGET = {
        code: "PF010",
        name: "cost-target-exceeds-budget",
        title_zh: "成本指标超出项目预算",
        title_en: "Cost target exceeds the project budget",
        family: Performance,
        severity: Error,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效目标要与预算确定的投入相匹配"],
        since: "0.2.0",
        check: check,
    };
}

/// "（7.00 万元）" when the target is printed in another unit than the budget.
fn converted(m: &Amount, budget: &Amount) -> String {
    if m.unit == budget.unit {
        return String::new();
    }
    let v = m.yuan() / budget.unit.yuan_factor();
    format!(
        "（{} {}）",
        format_amount(v, budget.decimals.max(2)),
        budget.unit.label()
    )
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &COST_TARGET_EXCEEDS_BUDGET;
    for (b, pt) in blocks(ctx) {
        let costs: Vec<(&perf::View<'_>, Amount)> = ctx
            .indicators(b)
            .filter(|v| {
                v.is_cost()
                    || v.term
                        .as_ref()
                        .is_some_and(|t| t.category == Category::Money && t.polarity.is_some())
            })
            .filter_map(|v| v.target.money().map(|m| (v, m)))
            .collect();
        if costs.is_empty() {
            continue;
        }
        let name = block_name(pt);
        let name_en = block_name_en(pt);
        let Some(budget) = perf::budget(pt) else {
            for (v, _) in &costs {
                out.not_checked_at(
                    rule,
                    (
                        format!("{}不超过项目预算", where_zh(pt, v)),
                        format!("{}: within the project budget", where_en(pt, v)),
                    ),
                    (
                        "表中没有可读的项目资金".into(),
                        "the table prints no readable project funds".into(),
                    ),
                    vec![loc(v, "indicator")],
                );
            }
            continue;
        };
        let funds_loc = block_loc(
            b,
            pt.funds_line.unwrap_or(pt.line),
            "项目资金",
            "年度资金总额",
            &budget.raw,
            "funds",
        );
        let budget_iv = budget.interval();
        let mut floors: Vec<&Amount> = Vec::new();
        for (v, m) in &costs {
            let op = v.target.op_or_eq();
            let subject = (
                format!(
                    "{}目标 {} 不超过项目预算 {}",
                    where_zh(pt, v),
                    show(m),
                    show(&budget)
                ),
                format!(
                    "{}: target {} within the project budget {}",
                    where_en(pt, v),
                    show(m),
                    show(&budget)
                ),
            );
            if v.ind.project_edge {
                out.not_checked_at(
                    rule,
                    subject,
                    (
                        "该行位于宽表中两个项目的交界，所属项目由版面推断，可能属于相邻项目".into(),
                        "the row lies where two projects of a wide table meet; its project is inferred from the layout and may be the neighbour's".into(),
                    ),
                    vec![loc(v, "indicator")],
                );
                continue;
            }
            let iv = intervals(&[m, &budget])[0];
            let locs = vec![loc(v, "indicator"), funds_loc.clone()];
            if !op.is_cap() {
                floors.push(m);
            }
            if !iv.can_be_le(&budget_iv) {
                let severity = if op.is_cap() {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                let (zh, en) = if op.is_cap() {
                    (
                        format!("{}的上限“{}”{}高于项目全部预算 {}，这一上限起不到约束作用", where_zh(pt, v), v.ind.value, converted(m, &budget), show(&budget)),
                        format!("{}: the cap \"{}\"{} is above the whole project budget {}, so it constrains nothing", where_en(pt, v), v.ind.value, converted(m, &budget), show(&budget)),
                    )
                } else {
                    (
                        format!("{}的目标“{}”{}超过项目全部预算 {}，用这笔预算不可能实现", where_zh(pt, v), v.ind.value, converted(m, &budget), show(&budget)),
                        format!("{}: the target \"{}\"{} exceeds the whole project budget {}; it cannot be met with this money", where_en(pt, v), v.ind.value, converted(m, &budget), show(&budget)),
                    )
                };
                out.fail(rule, severity, subject, (zh, en), locs);
            } else if iv.meets(&budget_iv) && !op.is_floor() {
                out.fail(
                    rule,
                    Severity::Warning,
                    subject,
                    (
                        format!(
                            "{}的目标“{}”等于项目全部预算 {}：成本目标只是复述了预算总额，没有测算单位成本，也不体现节约",
                            where_zh(pt, v),
                            v.ind.value,
                            show(&budget)
                        ),
                        format!(
                            "{}: the target \"{}\" equals the whole project budget {}: it restates the appropriation instead of costing the output",
                            where_en(pt, v),
                            v.ind.value,
                            show(&budget)
                        ),
                    ),
                    locs,
                );
            } else {
                out.pass(rule, subject, locs);
            }
        }
        // several floors together
        if floors.len() >= 2 {
            let ivs = intervals(&floors);
            let sum = Interval::sum(ivs.iter().copied());
            let total: rust_decimal::Decimal = floors.iter().map(|a| a.yuan()).sum();
            let shown = format!(
                "{} {}",
                format_amount(total / budget.unit.yuan_factor(), 2),
                budget.unit.label()
            );
            let terms: Vec<String> = floors.iter().map(|a| show(a)).collect();
            let subject = (
                format!(
                    "{name}：成本指标下限之和 {} = {shown} 不超过项目预算 {}",
                    terms.join(" + "),
                    show(&budget)
                ),
                format!(
                    "{name_en}: the cost floors add up to {shown}, within the budget {}",
                    show(&budget)
                ),
            );
            let locs: Vec<_> = costs
                .iter()
                .filter(|(v, _)| !v.target.op_or_eq().is_cap())
                .map(|(v, _)| loc(v, "part"))
                .chain(std::iter::once(funds_loc.clone()))
                .collect();
            if sum.can_be_le(&budget_iv) {
                out.pass(rule, subject, locs);
            } else {
                out.fail(
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!("{name}的成本指标合计至少 {shown}（{}），超过项目全部预算 {}", terms.join(" + "), show(&budget)),
                        format!("{name_en}: the cost targets add up to at least {shown} ({}), more than the whole budget {}", terms.join(" + "), show(&budget)),
                    ),
                    locs,
                );
            }
        }
    }
}
