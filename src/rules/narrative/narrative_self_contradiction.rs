use crate::model::Interval;
use crate::narrative::{Baseline, Fact, Subject};
use crate::report::Severity;
use crate::rules::narrative::{fact_location, fail};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 同一数量的两种说法不能互相矛盾 (two statements about the same quantity agree):
    /// - 同一段里对同一项目给出两个不同的金额（“住房公积金（项）350.35 万元……2024 年预算安排
    ///   352.67 万元”）是错误；
    /// - 本年金额相同的同一数量（基本支出与一般公共预算拨款基本支出在只有一般公共预算收入时
    ///   是同一个数）给出相反或不同的增减变化（“比减少 33.79 万元”与“比上年执行数增加 71.75 万元”）：
    ///   比较基数相同则是错误；基数不同或未写明（上年预算 vs 上年执行数，或“比减少”漏写比较对象）时
    ///   两者可能都对，是警告，请说明基数。
    ///
    /// ## Severity
    /// Error when one paragraph gives one subject two amounts, or two changes against the same
    /// stated baseline disagree; warning when the baselines are not both explicit (比上年预算 vs
    /// 比上年执行数 may differ legitimately). See docs/severity.md.
    ///
    /// ## Why it matters
    /// 读者无法判断哪一种说法为真；自相矛盾的说明比单个错误更损害公信力。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-self-contradiction/warn_basic_change.md`
    /// (独山子区委网信办 2019：基本支出 347.90 万元“比减少 33.79 万元”，又“比上年执行数增加 71.75 万元”).
    ///
    /// ## Known limitations
    /// Only quantities the checker recognises are compared; the same amount described in
    /// unrelated words is not linked.
    pub static NARRATIVE_SELF_CONTRADICTION = {
        code: "NR004",
        name: "narrative-self-contradiction",
        title_zh: "说明对同一数量的说法互相矛盾",
        title_en: "Narrative contradicts itself",
        family: Narrative,
        severity: Error,
        tables: &[],
        basis: &["财预〔2016〕143号：部门预决算公开内容应真实、准确"],
        since: "0.1.0",
        check: check,
    };
}

/// Quantities that are the same number when their current amounts agree.
fn family(s: &Subject) -> String {
    match s {
        Subject::Basic | Subject::GeneralBudgetBasic => "基本支出".into(),
        Subject::Project | Subject::GeneralBudgetProject => "项目支出".into(),
        Subject::ExpenditureTotal | Subject::GeneralBudget | Subject::FiscalExpenditure => "支出合计".into(),
        other => other.label_zh(),
    }
}

fn base_zh(b: Baseline) -> &'static str {
    match b {
        Baseline::PreviousBudget => "上年预算",
        Baseline::PreviousExecution => "上年执行数",
        Baseline::PreviousYear => "上年（未写明预算或执行数）",
        Baseline::Missing => "（漏写比较对象）",
        Baseline::None => "（未写明）",
    }
}

fn signed(f: &Fact) -> Option<Interval> {
    let (s, x) = f.delta.as_ref()?;
    Some(if *s > 0 {
        x.interval()
    } else {
        Interval::zero().minus(x.interval())
    })
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &NARRATIVE_SELF_CONTRADICTION;
    let facts = &ctx.narrative().facts;
    for (i, a) in facts.iter().enumerate() {
        let Some(sa) = &a.subject else { continue };
        for b in &facts[i + 1..] {
            let Some(sb) = &b.subject else { continue };
            // two amounts for one subject in one paragraph
            if sa == sb && a.line == b.line {
                if let (Some(x), Some(y)) = (&a.level, &b.level) {
                    if x.is_amount() && y.is_amount() && !x.interval().meets(&y.interval()) {
                        let name = a.name();
                        fail(
                            out,
                            rule,
                            Severity::Error,
                            (
                                format!("“{name}”的金额前后一致"),
                                format!("\"{name}\" stated consistently"),
                            ),
                            (
                                format!("同一段中“{name}”先写 {}，又写 {}", x.raw, y.raw),
                                format!(
                                    "the same paragraph gives \"{name}\" as {} and as {}",
                                    x.raw, y.raw
                                ),
                            ),
                            Some(format!("{} ≠ {}", x.raw, y.raw)),
                            vec![fact_location(ctx, a)],
                        );
                    }
                }
            }
            // two changes of one quantity
            if family(sa) != family(sb) {
                continue;
            }
            let (Some(ca), Some(cb)) = (a.current(), b.current()) else {
                continue;
            };
            if !ca.is_amount() || !cb.is_amount() || !ca.interval().meets(&cb.interval()) {
                continue;
            }
            let (Some(da), Some(db)) = (signed(a), signed(b)) else {
                continue;
            };
            let subject = (
                format!("“{}”的增减变化前后一致", family(sa)),
                format!("changes of \"{}\" agree", family(sa)),
            );
            if da.meets(&db) {
                out.pass(rule, subject, vec![fact_location(ctx, a), fact_location(ctx, b)]);
                continue;
            }
            let explicit = |x: Baseline| matches!(x, Baseline::PreviousBudget | Baseline::PreviousExecution);
            let same_base = a.base == b.base && explicit(a.base);
            let severity = if same_base {
                Severity::Error
            } else {
                Severity::Warning
            };
            let (wa, wb) = (a.delta.as_ref().expect("delta"), b.delta.as_ref().expect("delta"));
            let say = |f: &Fact, d: &(i8, crate::narrative::lex::Figure)| {
                format!(
                    "“{}”{} 比{}{}{}",
                    f.name(),
                    f.current().map(|c| c.raw.clone()).unwrap_or_default(),
                    base_zh(f.base),
                    if d.0 > 0 { "增加" } else { "减少" },
                    d.1.raw
                )
            };
            let note = if same_base {
                "两处比较基数相同，不可能都对".to_string()
            } else {
                "两处比较基数不同或未写明，可能都对，但应写明基数".to_string()
            };
            fail(
                out,
                rule,
                severity,
                subject,
                (
                    format!("{}；又说{}：{}", say(a, wa), say(b, wb), note),
                    format!(
                        "the narrative gives two different changes for \"{}\" ({} {} and {} {}){}",
                        family(sa),
                        if wa.0 > 0 { "+" } else { "−" },
                        wa.1.raw,
                        if wb.0 > 0 { "+" } else { "−" },
                        wb.1.raw,
                        if same_base {
                            ""
                        } else {
                            "; the baselines differ or are not stated"
                        }
                    ),
                ),
                None,
                vec![fact_location(ctx, a), fact_location(ctx, b)],
            );
        }
    }
}
