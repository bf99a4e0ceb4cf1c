//! Helpers for the rules on unquantified targets and on self-evaluations (绩效自评表): whether
//! a value only repeats its indicator's kind, whether an actual value meets its target, and
//! which rates cannot exceed 100%.

use rust_decimal::Decimal;

use super::lexicon::{self, Category};
use super::value::{self, Kind, Measure, Op, Target};

/// Values that state compliance without a standard to check it against.
pub const COMPLIANCE_WORDS: &[&str] = &["合规", "合法合规", "依法合规", "合法"];

/// Rate terms whose value can exceed 100% (over-fulfilment), or that say too little to tell.
pub const UNBOUNDED_RATES: &[&str] = &["完成率", "率"];

/// True when a target value has no number and only repeats what kind of indicator it is
/// (完工及时率: 及时率; 居民满意度: 满意度; 完善社区基础设施建设: 完善率) or only says it
/// complies (合规): nothing in it can be met or missed.
pub fn unquantified(name: &str, value: &str) -> bool {
    let v = lexicon::norm(value);
    if v.is_empty() || v.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if COMPLIANCE_WORDS.contains(&v.as_str()) {
        return true;
    }
    let n = lexicon::norm(name);
    let short = v.chars().count() <= 6;
    // names a measure (…率, …度, …性) and nothing else
    if short && (v.ends_with('率') || v.ends_with('度') || v.ends_with('性')) {
        return true;
    }
    // repeats the end of the name, unless that is itself a verifiable outcome (居民区全覆盖)
    short
        && v.chars().count() >= 2
        && n.ends_with(&v)
        && !matches!(lexicon::quality(&v), Some((lexicon::Quality::Checkable, _)))
}

/// True when the indicator is a rate that can never exceed 100% (合格率, 满意度, 覆盖率 …).
pub fn bounded_rate(name: &str) -> bool {
    lexicon::classify(name).is_some_and(|t| {
        matches!(t.category, Category::Rate | Category::Satisfaction)
            && !UNBOUNDED_RATES.contains(&t.term.as_str())
    })
}

/// The measure of a number, for comparing two values: units must be the same.
fn same_measure(a: &Measure, b: &Measure) -> bool {
    match (a, b) {
        (Measure::None, Measure::None) | (Measure::Percent, Measure::Percent) => true,
        (Measure::Money(x), Measure::Money(y)) => x == y,
        (Measure::Count(x), Measure::Count(y))
        | (Measure::Duration(x), Measure::Duration(y))
        | (Measure::Length(x), Measure::Length(y))
        | (Measure::Other(x), Measure::Other(y)) => x == y,
        _ => false,
    }
}

/// Whether the actual value meets the target: `Some(true)` met, `Some(false)` missed, None
/// when the two cannot be compared (text, dates, different units, a bare `=` other than
/// 100%, where over-fulfilment is not a miss and under-fulfilment may be allowed).
pub fn met(target: &Target, actual: &Target) -> Option<bool> {
    let (
        Kind::Number {
            value: t,
            measure: mt,
            upper: None,
            ..
        },
        Kind::Number {
            value: a,
            measure: ma,
            upper: None,
            ..
        },
    ) = (&target.kind, &actual.kind)
    else {
        return None;
    };
    // an actual printed without its unit is read in the target's
    if !(same_measure(mt, ma) || *ma == Measure::None) {
        return None;
    }
    if actual.op.is_some() {
        return None;
    }
    Some(match target.op_or_eq() {
        Op::Ge => a >= t,
        Op::Gt => a > t,
        Op::Le => a <= t,
        Op::Lt => a < t,
        Op::Eq => {
            if a == t {
                true
            } else if *mt == Measure::Percent && *t == Decimal::ONE_HUNDRED && a < t {
                false
            } else {
                return None;
            }
        }
    })
}

/// A score or weight as a number (`20`, `20.00`, `20分`).
pub fn score(s: &str) -> Option<Decimal> {
    let t = value::parse(s);
    match t.kind {
        Kind::Number {
            value,
            upper: None,
            ref measure,
            ..
        } if t.op.is_none() && (matches!(measure, Measure::None) || measure.label() == "分") => Some(value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_that_only_name_the_kind() {
        assert!(unquantified("完工及时率", "及时率"));
        assert!(unquantified("居民满意度", "满意度"));
        assert!(unquantified("完善社区基础设施建设", "完善率"));
        assert!(unquantified("预算内经费", "合规"));
        assert!(!unquantified("完工及时率", "≥95%"));
        assert!(!unquantified("完成时间", "按时完成"));
        assert!(!unquantified("空气质量", "优良"));
        assert!(!unquantified("房屋质量", "房屋完好"));
        assert!(!unquantified("15个居民区全覆盖", "居民区全覆盖"));
        assert!(unquantified("干部人事工作平稳有序", "平稳有序"));
    }

    #[test]
    fn met_and_missed() {
        let p = value::parse;
        assert_eq!(met(&p("≥95%"), &p("96%")), Some(true));
        assert_eq!(met(&p("≥95%"), &p("90%")), Some(false));
        assert_eq!(met(&p("=100%"), &p("90%")), Some(false));
        assert_eq!(met(&p("≥500人次"), &p("520人次")), Some(true));
        assert_eq!(met(&p("≥500人次"), &p("5万人次")), None);
        assert_eq!(met(&p("优良"), &p("优")), None);
        assert_eq!(met(&p("=4期"), &p("5期")), None);
        assert!(bounded_rate("居民满意度"));
        assert!(bounded_rate("验收合格率"));
        assert!(!bounded_rate("任务完成率"));
        assert_eq!(score("20"), Some(Decimal::from(20)));
    }
}
