use crate::perf::lexicon::{self, Quality};
use crate::perf::selfeval::unquantified;
use crate::report::Severity;
use crate::rules::performance::{blocks, loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 指标值给出了数量或可判定的标准，而不只是重复指标的类别：“完工及时率：及时率”“居民满意度：
    /// 满意度”“完善社区基础设施建设：完善率”“预算内经费：合规”都没有说要达到多少。A target
    /// value states a number or a verifiable standard, not merely the kind of the indicator
    /// (及时率, 满意度, 完善率) or that it complies (合规).
    ///
    /// ## Why it matters
    /// 财预〔2015〕88号要求绩效目标“细化量化”。只写“及时率”的目标无法在年终判断是否达成，
    /// 自评时也就无从扣分。
    ///
    /// ## Example
    /// `tests/fixtures/rules/target-unquantified/warn_kind_only.md`.
    ///
    /// ## Known limitations
    /// A value counts as repeating the kind when it has no digit and is the end of the
    /// indicator's name, or a short word ending in 率, 度 or 性, or one of the compliance words
    /// (`perf::selfeval::COMPLIANCE_WORDS`). Vague words (持续改善, 有效提升) are left to
    /// `target-vague`, 成本 rows to `cost-target-not-money`.
    pub static TARGET_UNQUANTIFIED = {
        code: "PF017",
        name: "target-unquantified",
        title_zh: "指标值只写了指标类别",
        title_en: "Target value only names the kind of indicator",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效目标应细化量化"],
        since: "0.3.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &TARGET_UNQUANTIFIED;
    for (b, pt) in blocks(ctx) {
        for v in ctx.indicators(b) {
            if v.is_cost() || v.ind.value.is_empty() {
                continue;
            }
            let value = &v.ind.value;
            let subject = (
                format!("{}的指标值“{value}”给出了数量或标准", where_zh(pt, v)),
                format!(
                    "{}: the value \"{value}\" states a number or standard",
                    where_en(pt, v)
                ),
            );
            if !unquantified(&v.ind.level3, value) {
                out.pass(rule, subject, vec![loc(v, "indicator")]);
                continue;
            }
            if matches!(lexicon::quality(value), Some((Quality::Vague, _))) {
                // a vague word: target-vague reports it
                continue;
            }
            out.fail(
                rule,
                Severity::Warning,
                subject,
                (
                    format!(
                        "{}的指标值“{value}”只重复了指标的类别，没有数量也没有可判定的标准，年终无法判断是否达成",
                        where_zh(pt, v)
                    ),
                    format!(
                        "{}: the value \"{value}\" only repeats what kind of indicator it is; with no number or standard it cannot be met or missed",
                        where_en(pt, v)
                    ),
                ),
                vec![loc(v, "indicator")],
            );
        }
    }
}
