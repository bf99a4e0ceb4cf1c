use crate::model::Interval;
use crate::report::Severity;
use crate::rules::narrative::{fail, text_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 人员情况自洽：“实有人数 N 人，其中：在职 a 人，退休 b 人，离休 c 人”要求 N = a + b + c；
    /// 在职人数不超过编制数（没有写在职人数时，实有人数不超过编制数）。Staff counts add up:
    /// 实有 = 在职 + 退休 + 离休 when all three parts are given, and the serving staff (在职, else
    /// 实有) do not exceed the authorised establishment (编制).
    ///
    /// ## Severity
    /// Error when the parts of 实有人数 do not add up; warning when the serving staff exceed 编制数 (a
    /// likely defect, not an impossibility). See docs/severity.md.
    ///
    /// ## Why it matters
    /// 人员数是人员经费的依据；人数对不上，人员经费的说明也就站不住。
    ///
    /// ## Example
    /// `tests/fixtures/rules/staff-count-mismatch/fail_parts.md`
    /// (独山子区委网信办 2019：实有人数 10 人，其中在职 7 人、退休 0 人、离休 0 人).
    ///
    /// ## Known limitations
    /// Counts are read from one paragraph; a count split across paragraphs is not combined.
    pub static STAFF_COUNT_MISMATCH = {
        code: "NR006",
        name: "staff-count-mismatch",
        title_zh: "人员数前后对不上",
        title_en: "Staff counts do not add up",
        family: Narrative,
        severity: Error,
        tables: &[],
        basis: &["部门预算公开模板：机构设置及人员情况"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &STAFF_COUNT_MISMATCH;
    for s in &ctx.narrative().staff {
        let loc = || vec![text_location(ctx, s.section, s.line, &s.text, "narrative")];
        if let (Some(actual), Some(active), Some(retired), Some(lixiu)) =
            (&s.actual, &s.active, &s.retired, &s.lixiu)
        {
            let subject = (
                "实有人数 = 在职 + 退休 + 离休".to_string(),
                "actual staff = serving + retired + 离休".to_string(),
            );
            let sum = active.value + retired.value + lixiu.value;
            if Interval::exact(sum).meets(&actual.interval()) {
                out.pass(rule, subject, loc());
            } else {
                fail(
                    out,
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!(
                            "实有人数 {}，但在职 {} + 退休 {} + 离休 {} = {sum} 人",
                            actual.raw, active.raw, retired.raw, lixiu.raw
                        ),
                        format!(
                            "{} staff in total, but serving {} + retired {} + 离休 {} = {sum}",
                            actual.raw, active.raw, retired.raw, lixiu.raw
                        ),
                    ),
                    Some(format!(
                        "{} + {} + {} = {sum}人 ≠ {}",
                        active.raw, retired.raw, lixiu.raw, actual.raw
                    )),
                    loc(),
                );
            }
        }
        if let (Some(authorized), Some(serving)) = (&s.authorized, s.active.as_ref().or(s.actual.as_ref())) {
            let which = if s.active.is_some() {
                "在职人数"
            } else {
                "实有人数"
            };
            let subject = (
                format!("{which} ≤ 编制数"),
                "serving staff ≤ establishment".to_string(),
            );
            if serving.value <= authorized.value {
                out.pass(rule, subject, loc());
            } else {
                fail(
                    out,
                    rule,
                    Severity::Warning,
                    subject,
                    (
                        format!("{which} {} 超过编制数 {}", serving.raw, authorized.raw),
                        format!(
                            "{} serving staff exceed the establishment of {}",
                            serving.raw, authorized.raw
                        ),
                    ),
                    Some(format!("{} > {}", serving.raw, authorized.raw)),
                    loc(),
                );
            }
        }
    }
}
