use rust_decimal::prelude::*;

use crate::model::format_amount;
use crate::narrative::{Comparison, Subject};
use crate::report::Severity;
use crate::rules::narrative::{
    candidates, fact_location, fail, pct_meets, pct_miss, percent_range, text_location, Measure,
};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 决算说明中“决算数大于/小于/等于预算数”的用词与“年初预算为 A 万元，支出决算为 B 万元”一致，
    /// “完成年初预算的 W%”等于 B / A；年初预算为 0 时没有完成率。In a final account, the words
    /// comparing 决算 with 年初预算 match the two amounts printed before them, and 完成率 = 决算 /
    /// 年初预算 (a rate against a zero budget is an error). “基本持平” passes when the two differ by
    /// at most 5%. When the sentence gives no 年初预算, the “三公” table's 预算数 is used.
    ///
    /// ## Severity
    /// Error when the words or the completion rate cannot be right; warning for "基本持平", for a
    /// rate off by one unit in its last digit and for a rate quoted for money spent against a zero
    /// budget; info for a truncated rate and for "完成预算的0%" with nothing budgeted and nothing
    /// spent (the template's 0/0 wording). See docs/severity.md.
    ///
    /// ## Why it matters
    /// 这些句子解释预算执行偏差，用词与数字相反时，解释本身就失去意义。
    ///
    /// ## Example
    /// `tests/fixtures/rules/final-wording-mismatch/fail_flipped.md`
    /// (普陀区财政局 2024 决算改动版：职业年金 年初预算 80.81、决算 80.38，却写“决算数大于预算数”).
    ///
    /// ## Known limitations
    /// A comparison sentence with no amounts before it in the same paragraph is not checked.
    pub static FINAL_WORDING_MISMATCH = {
        code: "NR005",
        name: "final-wording-mismatch",
        title_zh: "决算与预算的比较用词或完成率不符",
        title_en: "Final-vs-budget wording or completion rate wrong",
        family: Narrative,
        severity: Error,
        tables: &[],
        basis: &["部门决算公开模板：一般公共预算财政拨款支出决算具体情况（决算数与预算数的差异及原因）"],
        since: "0.1.0",
        check: check,
    };
}

fn cmp_zh(c: Comparison) -> &'static str {
    match c {
        Comparison::Greater => "大于",
        Comparison::Less => "小于",
        Comparison::Equal => "等于",
        Comparison::Roughly => "基本持平",
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &FINAL_WORDING_MISMATCH;
    let n = ctx.narrative();
    for f in &n.facts {
        let name = f.name();
        let Some(actual) = f
            .actual
            .as_ref()
            .or(f.level.as_ref().filter(|_| f.completion.is_some()))
        else {
            continue;
        };
        // the budget: stated, else the "三公" table's 预算数
        let budget = match &f.budget {
            Some(b) => Some((b.interval(), b.raw.clone(), b.value.is_zero())),
            None if f.completion.is_some() && matches!(f.subject, Some(Subject::ThreePublic(_))) => {
                candidates(ctx, f.subject.as_ref().expect("subject"), Measure::Budget)
                    .ok()
                    .map(|c| (c[0].interval, c[0].display.clone(), c[0].zero))
            }
            None => None,
        };
        let a = actual.interval();
        if let Some((word, words)) = &f.comparison {
            let subject = (
                format!("“{name}”决算数{}预算数", cmp_zh(*word)),
                format!("\"{name}\" final vs budget wording"),
            );
            if let Some((b, braw, _)) = &budget {
                // the words hold when some true values behind the printed amounts satisfy them
                let ok = match word {
                    Comparison::Greater => a.hi > b.lo,
                    Comparison::Less => a.lo < b.hi,
                    Comparison::Equal => a.meets(b),
                    Comparison::Roughly => (a.mid() - b.mid()).abs() <= b.mid().abs() * Decimal::new(5, 2),
                };
                let severity = if *word == Comparison::Roughly {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                if ok {
                    out.pass(rule, subject, vec![fact_location(ctx, f)]);
                } else {
                    let actual_word = if a.mid() > b.mid() {
                        "大于"
                    } else if a.mid() < b.mid() {
                        "小于"
                    } else {
                        "等于"
                    };
                    fail(
                        out,
                        rule,
                        severity,
                        subject,
                        (
                            format!(
                                "“{name}”年初预算 {braw}，决算 {}，决算数{actual_word}预算数，说明却写“{words}”",
                                actual.raw
                            ),
                            format!(
                                "\"{name}\": budget {braw}, final {}, yet the narrative says the final amount is \"{}\" the budget",
                                actual.raw,
                                match word {
                                    Comparison::Greater => "greater than",
                                    Comparison::Less => "less than",
                                    Comparison::Equal => "equal to",
                                    Comparison::Roughly => "roughly equal to",
                                }
                            ),
                        ),
                        Some(format!("{} {} {braw}", actual.raw, match actual_word { "大于" => ">", "小于" => "<", _ => "=" })),
                        vec![fact_location(ctx, f)],
                    );
                }
            } else {
                out.not_checked(
                    rule,
                    subject,
                    (
                        "没有年初预算数可比".into(),
                        "no initial budget to compare with".into(),
                    ),
                );
            }
        }
        if let Some(w) = &f.completion {
            let subject = (
                format!("“{name}”完成预算的 {}", w.raw),
                format!("\"{name}\" completion {}", w.raw),
            );
            let Some((b, braw, zero)) = &budget else {
                out.not_checked(
                    rule,
                    subject,
                    (
                        "没有年初预算数，无法核对完成率".into(),
                        "no initial budget to check the completion rate".into(),
                    ),
                );
                continue;
            };
            if *zero || b.hi <= Decimal::ZERO {
                // "完成预算的0.00%" with nothing budgeted and nothing spent: the template's 0/0
                // wording (info); a rate quoted for money spent against a zero budget: warning
                let severity = if actual.value.is_zero() {
                    Severity::Info
                } else {
                    Severity::Warning
                };
                fail(
                    out,
                    rule,
                    severity,
                    subject,
                    (
                        format!("“{name}”年初预算为 {braw}，预算为零时没有完成率，说明却写“完成预算的 {}”", w.raw),
                        format!("\"{name}\" had a zero budget ({braw}): there is no completion rate, yet the narrative says {}", w.raw),
                    ),
                    None,
                    vec![fact_location(ctx, f)],
                );
                continue;
            }
            let Some(range) = percent_range(a, *b) else {
                continue;
            };
            if pct_meets(w, range) {
                out.pass(rule, subject, vec![fact_location(ctx, f)]);
            } else {
                let miss = pct_miss(w, range);
                let (why_zh, why_en) = miss.note();
                let computed = format_amount(a.mid() * Decimal::ONE_HUNDRED / b.mid(), w.decimals.max(2));
                fail(
                    out,
                    rule,
                    miss.severity(),
                    subject,
                    (
                        format!(
                            "“{name}”决算 {} ÷ 年初预算 {braw} = {computed}%，说明写完成 {}{why_zh}",
                            actual.raw, w.raw
                        ),
                        format!(
                            "\"{name}\" final {} ÷ budget {braw} = {computed}%, the narrative says {}{why_en}",
                            actual.raw, w.raw
                        ),
                    ),
                    Some(format!("{} ÷ {braw} = {computed}% ≠ {}", actual.raw, w.raw)),
                    vec![fact_location(ctx, f)],
                );
            }
        }
    }
    for (section, line, words) in &n.orphan_comparisons {
        let _ = text_location(ctx, *section, *line, words, "narrative");
        out.not_checked(
            rule,
            (format!("“{words}”"), format!("\"{words}\"")),
            (
                "同段中找不到“年初预算为…支出决算为…”的金额（文字可能被 PDF 打乱）".into(),
                "no budget and final amounts precede it in the paragraph (the PDF text may be out of order)"
                    .into(),
            ),
        );
    }
}
