use rust_decimal::Decimal;

use crate::model::{DocKind, Interval};
use crate::narrative::{Fact, Purchase, Subject};
use crate::report::Severity;
use crate::rules::bind::Item;
use crate::rules::narrative::{fact_location, fail, text_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 说明中“其中”列出的组成部分加起来等于总数 (the parts a sentence lists add up to its total):
    /// - “三公”经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；公务用车购置及运行费 =
    ///   购置费 + 运行费 —— 金额和较上年的增减额都要相加一致（“持平”算 0）；
    /// - 政府采购 = 货物 + 工程 + 服务；面向中小企业预留 ≤ 政府采购，其中预留给小微企业 ≤ 面向中小企业预留；
    /// - 基本支出 = 人员经费 + 公用经费；
    /// - 预算的支出合计 = 基本支出 + 项目支出（+ 单位预留机动经费）；决算的本年支出合计 ≥ 基本支出 +
    ///   项目支出（另有上缴上级、经营支出等）；
    /// - 项目说明的“资金分配情况”之和等于“预算安排规模”。
    ///
    /// Parts are taken from the same section as the total; the sums use interval arithmetic, so
    /// rounding in the parts never causes a finding.
    ///
    /// ## Severity
    /// Error: the parts as printed do not add up to the whole beyond rounding (docs/severity.md).
    ///
    /// ## Why it matters
    /// 分项加不回总数，说明至少有一个数字写错了。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-breakdown-mismatch/fail_allocation.md`
    /// (资金分配情况 164.52 + 24 + 29.48 = 218.00 万元，预算安排规模却是 228.00 万元).
    ///
    /// ## Known limitations
    /// Only the listed compositions are checked; a “其中” list that is not exhaustive by nature
    /// (examples of a total) is never summed. When every part states its share and the shares
    /// are of the parts' own sum, not of the stated total (“支出预算 4483899.83 … 基本支出
    /// 2919265.78，占本年支出预算 74.41%”), the document speaks of two different wholes and the
    /// sum is not judged.
    pub static NARRATIVE_BREAKDOWN_MISMATCH = {
        code: "NR008",
        name: "narrative-breakdown-mismatch",
        title_zh: "说明中的分项之和与总数不符",
        title_en: "Narrative parts do not add up",
        family: Narrative,
        severity: Error,
        tables: &[],
        basis: &["部门预算/决算公开模板：情况说明"],
        since: "0.1.0",
        check: check,
    };
}

type Composition = (Subject, &'static [&'static [Subject]], bool);

fn compositions(final_account: bool) -> Vec<Composition> {
    use Subject::*;
    vec![
        (
            ThreePublic(Item::Total),
            &[
                &[
                    ThreePublic(Item::Abroad),
                    ThreePublic(Item::CarSub),
                    ThreePublic(Item::Reception),
                ],
                &[
                    ThreePublic(Item::Abroad),
                    ThreePublic(Item::Purchase),
                    ThreePublic(Item::Running),
                    ThreePublic(Item::Reception),
                ],
            ],
            true,
        ),
        (
            ThreePublic(Item::CarSub),
            &[&[ThreePublic(Item::Purchase), ThreePublic(Item::Running)]],
            true,
        ),
        (
            Procurement(Purchase::Total),
            &[&[
                Procurement(Purchase::Goods),
                Procurement(Purchase::Works),
                Procurement(Purchase::Services),
            ]],
            true,
        ),
        // the shares reserved for small enterprises are parts of the procurement
        (
            Procurement(Purchase::Total),
            &[&[Procurement(Purchase::Sme)]],
            false,
        ),
        (
            Procurement(Purchase::Sme),
            &[&[Procurement(Purchase::SmallMicro)]],
            false,
        ),
        (GeneralBudgetBasic, &[&[Personnel, PublicUse]], true),
        (Basic, &[&[Personnel, PublicUse]], true),
        (
            ExpenditureTotal,
            &[&[Basic, Project, Reserve], &[Basic, Project]],
            !final_account,
        ),
    ]
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    Level,
    Change,
}

/// A fact's amount or change: its interval, how it was written, and its exact printed value (元).
fn value(f: &Fact, what: What) -> Option<(Interval, String, Decimal)> {
    let exact = |x: &crate::narrative::lex::Figure| x.value * x.unit().yuan_factor();
    match what {
        What::Level => f
            .current()
            .filter(|c| c.is_amount())
            .map(|c| (c.interval(), c.raw.clone(), exact(c))),
        What::Change => match &f.delta {
            Some((s, x)) => Some((
                if *s > 0 {
                    x.interval()
                } else {
                    Interval::zero().minus(x.interval())
                },
                format!("{}{}", if *s > 0 { "+" } else { "−" }, x.raw),
                if *s > 0 { exact(x) } else { -exact(x) },
            )),
            None if f.flat => Some((Interval::zero(), "持平".into(), Decimal::ZERO)),
            None => None,
        },
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &NARRATIVE_BREAKDOWN_MISMATCH;
    let n = ctx.narrative();
    let final_account = ctx.doc.kind == DocKind::FinalAccount;
    let sections: std::collections::BTreeSet<usize> = n.facts.iter().map(|f| f.section).collect();
    for section in sections {
        let facts: Vec<&Fact> = n.facts.iter().filter(|f| f.section == section).collect();
        for what in [What::Level, What::Change] {
            for (total, options, exact) in compositions(final_account) {
                let Some(t) = facts
                    .iter()
                    .find(|f| f.subject.as_ref() == Some(&total) && value(f, what).is_some())
                else {
                    continue;
                };
                let (tv, traw, _) = value(t, what).expect("value");
                // the first composition whose parts are all stated after the total
                let parts: Option<Vec<&Fact>> = options.iter().find_map(|option| {
                    option
                        .iter()
                        .map(|s| {
                            facts
                                .iter()
                                .find(|f| {
                                    f.subject.as_ref() == Some(s)
                                        && f.line >= t.line
                                        && value(f, what).is_some()
                                })
                                .copied()
                        })
                        .collect::<Option<Vec<&Fact>>>()
                });
                let Some(parts) = parts else { continue };
                let values: Vec<(Interval, String, Decimal)> =
                    parts.iter().map(|p| value(p, what).expect("value")).collect();
                let sum = Interval::sum(values.iter().map(|v| v.0));
                let names: Vec<String> = parts
                    .iter()
                    .map(|p| p.subject.as_ref().map(Subject::label_zh).unwrap_or_default())
                    .collect();
                let label = |zh: &str| format!("{}{zh}", if what == What::Change { "增减额：" } else { "" });
                let subject = (
                    label(&format!(
                        "{} {} {}",
                        total.label_zh(),
                        if exact { "=" } else { "≥" },
                        names.join(" + ")
                    )),
                    format!(
                        "{} {} sum of its parts",
                        total.label_zh(),
                        if exact { "=" } else { "≥" }
                    ),
                );
                let ok = if exact { sum.meets(&tv) } else { sum.can_be_le(&tv) };
                let mut locations = vec![fact_location(ctx, t)];
                for p in &parts {
                    if p.line != t.line && !locations.iter().any(|l| l.line == p.line) {
                        locations.push(fact_location(ctx, p));
                    }
                }
                if ok {
                    out.pass(rule, subject, locations);
                    continue;
                }
                // the parts' own shares say which whole they are of: shares that are of the
                // parts' sum and not of the printed total mean two different wholes (a total
                // with carry-overs or other funds, its parts a narrower budget), not an error
                if what == What::Level {
                    let shares: Option<Vec<&crate::narrative::lex::Figure>> =
                        parts.iter().map(|p| p.share.as_ref().map(|s| &s.pct)).collect();
                    if let Some(shares) = shares {
                        let of = |whole: Interval| {
                            values.iter().zip(&shares).all(|(v, pct)| {
                                crate::rules::narrative::percent_range(v.0, whole)
                                    .is_some_and(|r| crate::rules::narrative::pct_meets(pct, r))
                            })
                        };
                        if of(sum) && !of(tv) {
                            out.not_checked_at(
                                rule,
                                subject,
                                (
                                    format!(
                                        "分项所注的占比（{}）是对分项之和而言的，不是对所写的{} {traw}：两者说的是不同的总数，不作判断",
                                        shares.iter().map(|p| p.raw.clone()).collect::<Vec<_>>().join("、"),
                                        total.label_zh()
                                    ),
                                    format!(
                                        "the shares printed with the parts ({}) are of the parts' own sum, not of the stated total {traw}: two different wholes, not judged",
                                        shares.iter().map(|p| p.raw.clone()).collect::<Vec<_>>().join(", ")
                                    ),
                                ),
                                locations,
                            );
                            continue;
                        }
                    }
                }
                let shown: Vec<String> = values.iter().map(|v| v.1.clone()).collect();
                let unit = t
                    .current()
                    .map(|c| c.unit())
                    .unwrap_or(crate::model::Unit::WanYuan);
                let printed: Decimal = values.iter().map(|v| v.2).sum();
                let sum_shown = crate::rules::narrative::show(printed, unit, 2);
                fail(
                    out,
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!(
                            "{}{} {traw}，但所列分项 {} 之和为 {sum_shown}",
                            total.label_zh(),
                            if what == What::Change { "的增减额" } else { "" },
                            names.join("、")
                        ),
                        format!(
                            "{} is {traw} but its parts add up to {sum_shown}",
                            total.label_zh()
                        ),
                    ),
                    Some(format!(
                        "{} = {sum_shown} {} {traw}",
                        shown.join(" + "),
                        if exact { "≠" } else { ">" }
                    )),
                    locations,
                );
            }
        }
    }
    // 资金分配情况 against 预算安排规模
    for p in &n.projects {
        let (Some((amount, line)), false) = (&p.amount, p.allocation.is_empty()) else {
            continue;
        };
        // an allocation list written "68.11 万元，117.63 万元，27 万元" omits trailing zeros
        let decimals = p
            .allocation
            .iter()
            .map(|(_, f)| f.decimals)
            .max()
            .unwrap_or(0)
            .max(amount.decimals);
        let sum = Interval::sum(p.allocation.iter().map(|(_, f)| f.interval_at(decimals)));
        let subject = (
            format!("项目“{}”：预算安排规模 = 资金分配之和", p.name),
            format!("project \"{}\": amount = sum of its allocation", p.name),
        );
        let locations = vec![
            text_location(
                ctx,
                p.section,
                *line,
                &format!("预算安排规模：{}", amount.raw),
                "total",
            ),
            text_location(
                ctx,
                p.section,
                p.allocation_line,
                &p.allocation
                    .iter()
                    .map(|(l, f)| format!("{l} {}", f.raw))
                    .collect::<Vec<_>>()
                    .join("，"),
                "part",
            ),
        ];
        if sum.meets(&amount.interval()) {
            out.pass(rule, subject, locations);
            continue;
        }
        let parts: Vec<String> = p.allocation.iter().map(|(_, f)| f.raw.clone()).collect();
        let printed: Decimal = p
            .allocation
            .iter()
            .map(|(_, f)| f.value * f.unit().yuan_factor())
            .sum();
        let sum_shown = crate::rules::narrative::show(printed, amount.unit(), 2);
        fail(
            out,
            rule,
            Severity::Error,
            subject,
            (
                format!(
                    "项目“{}”预算安排规模 {}，但资金分配情况之和为 {sum_shown}",
                    p.name, amount.raw
                ),
                format!(
                    "project \"{}\" is {} but its allocation adds up to {sum_shown}",
                    p.name, amount.raw
                ),
            ),
            Some(format!("{} = {sum_shown} ≠ {}", parts.join(" + "), amount.raw)),
            locations,
        );
    }
}
