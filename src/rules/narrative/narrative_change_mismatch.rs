use rust_decimal::prelude::*;

use crate::model::{format_amount, Interval};
use crate::narrative::lex::Figure;
use crate::narrative::Fact;
use crate::report::Severity;
use crate::rules::narrative::{
    fact_location, fail, pct_meets, pct_miss, percent_range, show, signed, word, word_en, PctMiss, TRUNCATION,
};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 增减变化的说法自洽 (a change statement is consistent with itself):
    /// - “V 万元，比上年增加 X 万元，增长 Y%”：上年数 P = V − X 由说明反推，Y 必须等于 X / P；
    /// - “上年执行数为 P 万元，本年预算 V 万元，比上年增长 Y%”：Y 必须等于 (V − P) / P；
    /// - 从零起步的增长没有增长率：上年为 0 时“增加 510.31 万元，增长 0%”是错的；新增项目写“增长
    ///   100%”是常见惯例，记为提示（info）；
    /// - 方向词与数字一致：金额减少却写“增长”，或“增加 X 万元，下降 Y%”；
    /// - “持平”就是没有变化：写持平但上年数与本年数不同；
    /// - 原因说明的方向与变化方向相反（“减少 2.98%，主要原因是：经费增加”）是警告。
    ///
    /// Every figure is the interval its printed decimals allow, so the previous value and the rate
    /// are intervals too; a rate passes when any consistent pair of true values rounds to it.
    ///
    /// ## Severity
    /// Error when the figures as printed cannot all be right (a wrong rate or amount, a direction
    /// word against the numbers, a rate from zero other than the 100% convention); warning when
    /// the rate is off by one unit in its last digit or the stated reason points the other way;
    /// info for a truncated rate and for "增长100%" from a zero base (docs/severity.md).
    ///
    /// ## Why it matters
    /// 增幅是读者判断部门花钱趋势的依据；从零起步写“增长 0%”，或方向写反，直接误导读者。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-change-mismatch/fail_zero_base.md`
    /// (独山子区委网信办 2019：其他网信事务支出 510.31 万元“比上年执行数增加 510.31 万元，增长 0%”).
    ///
    /// ## Known limitations
    /// The previous year's tables are not part of the disclosure: the previous value is only
    /// known from the narrative itself, so a change that is wrong but self-consistent passes.
    pub static NARRATIVE_CHANGE_MISMATCH = {
        code: "NR003",
        name: "narrative-change-mismatch",
        title_zh: "增减变化的说法自相矛盾",
        title_en: "Narrative change statement is inconsistent",
        family: Narrative,
        severity: Error,
        tables: &[],
        basis: &["部门预算/决算公开模板：与上年相比的增减变化及原因"],
        since: "0.1.0",
        check: check,
    };
}

fn may_be_zero_or_less(p: &Interval) -> bool {
    p.lo <= Decimal::ZERO
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let n = ctx.narrative();
    for f in &n.facts {
        check_fact(ctx, out, f);
    }
}

fn check_fact(ctx: &Context<'_>, out: &mut Sink, f: &Fact) {
    let rule = &NARRATIVE_CHANGE_MISMATCH;
    let name = f.name();
    let current = f.current().filter(|c| c.is_amount());
    let loc = || vec![fact_location(ctx, f)];
    // the previous value and the change, as intervals (元)
    let (previous, change): (Option<Interval>, Option<Interval>) = match (current, &f.previous, &f.delta) {
        (Some(v), Some(p), _) => (Some(p.interval()), Some(v.interval().minus(p.interval()))),
        (Some(v), None, Some((s, x))) => (
            Some(v.interval().minus(signed(x.interval(), *s))),
            Some(signed(x.interval(), *s)),
        ),
        (None, Some(p), Some((s, x))) => (Some(p.interval()), Some(signed(x.interval(), *s))),
        _ => (None, f.delta.as_ref().map(|(s, x)| signed(x.interval(), *s))),
    };
    let described = || {
        let mut parts = Vec::new();
        if let Some(v) = current {
            parts.push(v.raw.clone());
        }
        if let Some(p) = &f.previous {
            parts.push(format!("上年 {}", p.raw));
        }
        if let Some((s, x)) = &f.delta {
            parts.push(format!("{}{}", word(*s), x.raw));
        }
        if let Some((s, y)) = &f.rate {
            parts.push(format!("{}{}", if *s > 0 { "增长" } else { "下降" }, y.raw));
        }
        parts.join("，")
    };
    // direction words against each other and against the numbers
    if let (Some((s, x)), Some((r, y))) = (&f.delta, &f.rate) {
        if s != r && !x.value.is_zero() && !y.value.is_zero() {
            let subject = (
                format!("“{name}”的增减方向"),
                format!("direction of the change of \"{name}\""),
            );
            fail(
                out,
                rule,
                Severity::Error,
                subject,
                (
                    format!(
                        "“{name}”：{}，金额说{}，比率却说{}",
                        described(),
                        word(*s),
                        word(*r)
                    ),
                    format!(
                        "\"{name}\": the amount is an {} but the rate a {}",
                        word_en(*s),
                        word_en(*r)
                    ),
                ),
                None,
                loc(),
            );
            return;
        }
    }
    if let (Some(v), Some(p), Some((s, _))) = (current, &f.previous, f.delta.as_ref().or(f.rate.as_ref())) {
        let x = v.interval().minus(p.interval());
        let contradicts = (*s > 0 && x.hi <= Decimal::ZERO) || (*s < 0 && x.lo >= Decimal::ZERO);
        if contradicts {
            fail(
                out,
                rule,
                Severity::Error,
                (
                    format!("“{name}”的增减方向"),
                    format!("direction of the change of \"{name}\""),
                ),
                (
                    format!(
                        "“{name}”上年为 {}，本年为 {}，说明却写“{}”",
                        p.raw,
                        v.raw,
                        word(*s)
                    ),
                    format!(
                        "\"{name}\" was {} and is {}, yet the narrative says {}",
                        p.raw,
                        v.raw,
                        word_en(*s)
                    ),
                ),
                None,
                loc(),
            );
            return;
        }
    }
    // 持平
    if f.flat {
        if let (Some(v), Some(p)) = (current, &f.previous) {
            let subject = (format!("“{name}”与上年持平"), format!("\"{name}\" unchanged"));
            if v.interval().meets(&p.interval()) {
                out.pass(rule, subject, loc());
            } else {
                fail(
                    out,
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!("“{name}”写“持平”，但上年为 {}，本年为 {}", p.raw, v.raw),
                        format!("\"{name}\" is said unchanged but was {} and is {}", p.raw, v.raw),
                    ),
                    None,
                    loc(),
                );
            }
        }
    }
    // amount change against previous and current
    if let (Some(v), Some(p), Some((s, x))) = (current, &f.previous, &f.delta) {
        let subject = (
            format!("“{name}”增减额 = 本年 − 上年"),
            format!("\"{name}\" change = current − previous"),
        );
        let computed = v.interval().minus(p.interval());
        if computed.meets(&signed(x.interval(), *s)) {
            out.pass(rule, subject, loc());
        } else {
            fail(
                out,
                rule,
                Severity::Error,
                subject,
                (
                    format!(
                        "“{name}”本年 {} − 上年 {} = {}，说明写{} {}",
                        v.raw,
                        p.raw,
                        show(computed.mid(), v.unit(), 2),
                        word(*s),
                        x.raw
                    ),
                    format!(
                        "\"{name}\" {} − {} = {}, the narrative says {} {}",
                        v.raw,
                        p.raw,
                        show(computed.mid(), v.unit(), 2),
                        word_en(*s),
                        x.raw
                    ),
                ),
                Some(format!(
                    "{} − {} = {}",
                    v.raw,
                    p.raw,
                    show(computed.mid(), v.unit(), 2)
                )),
                loc(),
            );
            return;
        }
    }
    // the rate against the change and the previous value
    if let (Some((r, y)), Some(prev), Some(change)) = (&f.rate, previous, change) {
        let subject = (
            format!("“{name}”增长率 = 增减额 ÷ 上年数"),
            format!("\"{name}\" rate = change ÷ previous"),
        );
        if may_be_zero_or_less(&prev) {
            let base = if let Some(p) = &f.previous {
                format!("上年为 {}", p.raw)
            } else {
                format!(
                    "由本年 {} 与{} {} 推出上年为 0",
                    current.map(|c| c.raw.clone()).unwrap_or_default(),
                    f.delta.as_ref().map(|d| word(d.0)).unwrap_or(""),
                    f.delta.as_ref().map(|d| d.1.raw.clone()).unwrap_or_default()
                )
            };
            // a tiny positive previous value would make the rate enormous, never the printed one
            let feasible = prev.hi > Decimal::ZERO && {
                let min_rate = change.lo.abs().min(change.hi.abs()) * Decimal::ONE_HUNDRED / prev.hi;
                y.interval().hi >= min_rate
            };
            // "增长100%" for an item that is new this year is a common convention (info); any
            // other rate from a zero base is wrong
            let convention = *r > 0 && y.value == Decimal::ONE_HUNDRED;
            if !feasible && convention {
                fail(
                    out,
                    rule,
                    TRUNCATION,
                    subject,
                    (
                        format!(
                            "“{name}”{base}，从零起步本没有增长率；说明按惯例写“增长{}”（新增项目的常见写法）",
                            y.raw
                        ),
                        format!(
                            "\"{name}\": the previous value is zero, so there is no growth rate; the narrative follows the convention for a new item and says {}",
                            y.raw
                        ),
                    ),
                    None,
                    loc(),
                );
            } else if !feasible {
                fail(
                    out,
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!(
                            "“{name}”{base}，从零起步的增长没有增长率，说明却写“{}{}”",
                            if *r > 0 { "增长" } else { "下降" },
                            y.raw
                        ),
                        format!(
                            "\"{name}\": the previous value is zero, so there is no growth rate, yet the narrative says {} {}",
                            word_en(*r),
                            y.raw
                        ),
                    ),
                    Some(format!("{} → 上年 0，增长率 = 增减额 ÷ 0 无意义", described())),
                    loc(),
                );
            } else {
                out.pass(rule, subject, loc());
            }
            return;
        }
        let magnitude = Interval {
            lo: change.lo.abs().min(change.hi.abs()),
            hi: change.lo.abs().max(change.hi.abs()),
            lo_open: false,
            hi_open: false,
        };
        let magnitude = if change.lo < Decimal::ZERO && change.hi > Decimal::ZERO {
            Interval {
                lo: Decimal::ZERO,
                ..magnitude
            }
        } else {
            magnitude
        };
        let Some(range) = percent_range(magnitude, prev) else {
            return;
        };
        // the printed values themselves, for the message (the intervals decide)
        let yuan = |x: &Figure| x.value * x.unit().yuan_factor();
        let (prev_printed, change_printed) = match (current, &f.previous, &f.delta) {
            (Some(v), Some(p), _) => (yuan(p), yuan(v) - yuan(p)),
            (Some(v), None, Some((s, x))) => {
                let dx = if *s > 0 { yuan(x) } else { -yuan(x) };
                (yuan(v) - dx, dx)
            }
            (None, Some(p), Some((s, x))) => (yuan(p), if *s > 0 { yuan(x) } else { -yuan(x) }),
            _ => (prev.mid(), magnitude.mid()),
        };
        let rate_printed = |d: u32| {
            if prev_printed > Decimal::ZERO {
                format_amount(change_printed.abs() * Decimal::ONE_HUNDRED / prev_printed, d)
            } else {
                format_amount(magnitude.mid() * Decimal::ONE_HUNDRED / prev.mid(), d)
            }
        };
        let unit = current.map(Figure::unit).unwrap_or(crate::model::Unit::WanYuan);
        let miss = (!pct_meets(y, range)).then(|| pct_miss(y, range));
        if miss.is_none() {
            out.pass(rule, subject, loc());
        } else if let Some(miss @ (PctMiss::Truncated | PctMiss::LastDigit)) = miss {
            let computed = rate_printed(y.decimals + 2);
            let (why_zh, why_en) = miss.note();
            fail(
                out,
                rule,
                miss.severity(),
                subject,
                (
                    format!("“{name}”的增减幅度为 {computed}%，说明写 {}{why_zh}", y.raw),
                    format!(
                        "\"{name}\" changed by {computed}%, the narrative says {}{why_en}",
                        y.raw
                    ),
                ),
                None,
                loc(),
            );
        } else {
            let computed = rate_printed(y.decimals.max(2));
            let prev_shown = f
                .previous
                .as_ref()
                .map(|p| p.raw.clone())
                .unwrap_or_else(|| show(prev_printed, unit, 2));
            fail(
                out,
                rule,
                Severity::Error,
                subject,
                (
                    format!("“{name}”：{}；上年为 {prev_shown}，增减幅度应为 {computed}%，说明写 {}", described(), y.raw),
                    format!("\"{name}\": {}; the previous value is {prev_shown}, so the rate is {computed}%, not {}", described(), y.raw),
                ),
                Some(format!("{} ÷ {prev_shown} = {computed}% ≠ {}", show(change_printed.abs(), unit, 2), y.raw)),
                loc(),
            );
        }
    }
    // the stated reason goes the other way
    if let (Some((dir, reason)), Some((s, _))) = (&f.reason, f.delta.as_ref().or(f.rate.as_ref())) {
        if dir != s {
            fail(
                out,
                rule,
                Severity::Warning,
                (
                    format!("“{name}”的变动原因"),
                    format!("reason for the change of \"{name}\""),
                ),
                (
                    format!("“{name}”{}，但原因说明是“{}”，方向相反", word(*s), reason),
                    format!(
                        "\"{name}\" is a {}, but the stated reason (\"{}\") points the other way",
                        word_en(*s),
                        reason
                    ),
                ),
                None,
                loc(),
            );
        }
    }
}
