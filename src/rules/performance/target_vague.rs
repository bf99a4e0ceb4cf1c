use crate::perf::lexicon::{self, Quality};
use crate::perf::value::Kind;
use crate::report::Severity;
use crate::rules::performance::{blocks, loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 定性指标值能被考核：“按时完成”“合格”“无重大事故”可以判定达成与否；“优良”“良好”
    /// “持续改善”“有效提升”“进一步加强”之类没有尺度，无法判定。A qualitative target states an
    /// outcome that can be met or missed, not a direction (持续改善) or an unscaled grade (优良).
    ///
    /// ## Why it matters
    /// 财预〔2015〕88号要求绩效目标“细化量化”；无法判定达成与否的目标，年终自评只能给个印象分。
    /// 例如“服务周期内空气质量：优良”——优良天数占多少才算达成？
    ///
    /// ## Example
    /// `tests/fixtures/rules/target-vague/warn_vague.md`.
    ///
    /// ## Known limitations
    /// The words are in the lexicon (`qualitative` rows); a qualitative value with neither a
    /// vague nor a checkable word is recorded as not checked. 成本 rows are left to
    /// `cost-target-not-money`.
    pub static TARGET_VAGUE = {
        code: "PF008",
        name: "target-vague",
        title_zh: "定性目标无法考核",
        title_en: "Qualitative target cannot be assessed",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效目标应细化量化，难以量化的，采用定性表述，但应具有可衡量性"],
        since: "0.2.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &TARGET_VAGUE;
    for (b, pt) in blocks(ctx) {
        for v in ctx.indicators(b) {
            if v.is_cost() {
                continue;
            }
            let Kind::Text(text) = &v.target.kind else {
                continue;
            };
            let subject = (
                format!("{}目标“{text}”可考核", where_zh(pt, v)),
                format!("{}: the target \"{text}\" can be assessed", where_en(pt, v)),
            );
            let quality = lexicon::quality(text);
            if crate::perf::selfeval::unquantified(&v.ind.level3, text)
                && !matches!(quality, Some((Quality::Vague, _)))
            {
                // only the kind of the indicator (及时率, 满意度): target-unquantified reports it
                continue;
            }
            match quality {
                Some((Quality::Checkable, _)) => out.pass(rule, subject, vec![loc(v, "indicator")]),
                Some((Quality::Vague, w)) => out.fail(
                    rule,
                    Severity::Warning,
                    subject,
                    (
                        format!(
                            "{}的目标“{text}”没有量化，也没有可判定的标准（“{w}”），年终无法判断是否达成",
                            where_zh(pt, v)
                        ),
                        format!(
                            "{}: the target \"{text}\" is neither quantified nor a verifiable outcome (\"{w}\"); it cannot be met or missed",
                            where_en(pt, v)
                        ),
                    ),
                    vec![loc(v, "indicator")],
                ),
                None => out.not_checked_at(
                    rule,
                    subject,
                    (
                        "词表中没有判断这一定性表述的词".into(),
                        "the lexicon has no word to judge this qualitative value".into(),
                    ),
                    vec![loc(v, "indicator")],
                ),
            }
        }
    }
}
