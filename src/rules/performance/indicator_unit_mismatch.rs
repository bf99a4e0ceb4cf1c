use crate::perf::lexicon::UnitClass;
use crate::perf::value::{Kind, Measure};
use crate::perf::View;
use crate::report::Severity;
use crate::rules::performance::{blocks, loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 定量指标值的单位与指标相符：“率”“比例”“满意度”等须以 % 计；人数、次数、个数、条数等不能
    /// 以 % 计；时长、寿命以年、月、天计；长度以米、公里计。A rate or satisfaction value is in
    /// %; a count is not; a duration is in 年/月/天; a length in 米/公里.
    ///
    /// ## Why it matters
    /// 单位错配的目标无法考核：“合格率 95”是 95 个还是 95%？“培训人数 ≥90%”是相对哪个基数？
    ///
    /// ## Example
    /// `tests/fixtures/rules/indicator-unit-mismatch/warn_units.md`.
    ///
    /// ## Known limitations
    /// Only indicators the lexicon classifies are checked. 成本 rows are left to
    /// `cost-target-not-money`. Qualitative values and dates are not units.
    pub static INDICATOR_UNIT_MISMATCH = {
        code: "PF004",
        name: "indicator-unit-mismatch",
        title_zh: "指标值单位与指标不符",
        title_en: "Target unit does not fit the indicator",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效指标应细化、量化", "绩效目标表模板：度量单位"],
        since: "0.2.0",
        check: check,
    };
}

fn fits(class: UnitClass, m: &Measure) -> Option<(&'static str, &'static str)> {
    match (class, m) {
        (UnitClass::Percent, Measure::Percent) => None,
        (UnitClass::Percent, Measure::None) => Some((
            "比率应以 % 计，却没有单位",
            "a rate should be in %, but no unit is printed",
        )),
        (UnitClass::Percent, _) => Some(("比率应以 % 计", "a rate should be in %")),
        (UnitClass::Count | UnitClass::Duration | UnitClass::Length, Measure::Percent) => Some((
            "这是数量（绝对数），不能以 % 计",
            "this is an absolute quantity and cannot be in %",
        )),
        (UnitClass::Duration, Measure::Money(_)) | (UnitClass::Count, Measure::Money(_)) => {
            Some(("数量不能以金额计", "a quantity cannot be a money amount"))
        }
        (UnitClass::Money, Measure::Money(_)) => None,
        (UnitClass::Money, Measure::Percent) => Some((
            "金额应以元或万元计，不能以 % 计",
            "an amount should be in 元/万元, not %",
        )),
        _ => None,
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    for (b, pt) in blocks(ctx) {
        for v in ctx.indicators(b) {
            if v.is_cost() {
                continue;
            }
            let (Some(term), Kind::Number { measure, .. }) = (&v.term, &v.target.kind) else {
                continue;
            };
            let Some(class) = term.unit else { continue };
            if class == UnitClass::Time {
                continue;
            }
            report(out, pt, v, class, measure);
        }
    }
}

fn report(out: &mut Sink, pt: &crate::model::PerformanceTable, v: &View<'_>, class: UnitClass, m: &Measure) {
    let rule = &INDICATOR_UNIT_MISMATCH;
    let subject = (
        format!("{}目标“{}”的单位", where_zh(pt, v), v.ind.value),
        format!("{}: unit of the target \"{}\"", where_en(pt, v), v.ind.value),
    );
    match fits(class, m) {
        None => out.pass(rule, subject, vec![loc(v, "indicator")]),
        Some((zh, en)) => out.fail(
            rule,
            Severity::Warning,
            subject,
            (
                format!("{}的目标“{}”单位不符：{zh}", where_zh(pt, v), v.ind.value),
                format!(
                    "{}: the target \"{}\" has the wrong unit: {en}",
                    where_en(pt, v),
                    v.ind.value
                ),
            ),
            vec![loc(v, "indicator")],
        ),
    }
}
