use crate::perf::lexicon::Category;
use crate::perf::value::Kind;
use crate::report::Severity;
use crate::rules::performance::{blocks, loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 时效指标（及名称为完成时间、期限、周期等的指标）若以日期或时段表示，应落在预算年度之内。
    /// A date or period given as a 时效 target lies within the budget year.
    ///
    /// ## Why it matters
    /// 年度绩效目标在年终自评时考核；跨年的时段（如 2023 年预算写“2023.07-2024.01”）在预算年度
    /// 结束时还未到期，无法考核。把整个服务周期原样填作时效目标，也没有说明“何时完成什么”。
    ///
    /// ## Example
    /// `tests/fixtures/rules/deadline-outside-budget-year/warn_next_year.md`.
    ///
    /// ## Known limitations
    /// The budget year is the document's year (from its title). A date without a year
    /// ("12月底前") is read in the budget year. Multi-year projects may state a 实施期 that
    /// spans years; only the 时效 indicators are checked.
    pub static DEADLINE_OUTSIDE_BUDGET_YEAR = {
        code: "PF011",
        name: "deadline-outside-budget-year",
        title_zh: "时效目标超出预算年度",
        title_en: "Deadline outside the budget year",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：年度绩效目标是预算年度内预期达到的产出和效果"],
        since: "0.2.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &DEADLINE_OUTSIDE_BUDGET_YEAR;
    for (b, pt) in blocks(ctx) {
        for v in ctx.indicators(b) {
            let timely = v.is_timeliness() || v.term.as_ref().is_some_and(|t| t.category == Category::Time);
            let Kind::Date { start, end } = &v.target.kind else {
                continue;
            };
            if !timely {
                continue;
            }
            let subject = (
                format!("{}目标“{}”在预算年度内", where_zh(pt, v), v.ind.value),
                format!(
                    "{}: the target \"{}\" lies within the budget year",
                    where_en(pt, v),
                    v.ind.value
                ),
            );
            let Some(year) = ctx.doc.year else {
                out.not_checked_at(
                    rule,
                    subject,
                    (
                        "文中没有识别到预算年度".into(),
                        "the budget year was not found".into(),
                    ),
                    vec![loc(v, "indicator")],
                );
                continue;
            };
            let outside: Vec<_> = [Some(*start), *end]
                .into_iter()
                .flatten()
                .filter(|d| d.year.is_some_and(|y| y != year))
                .collect();
            if outside.is_empty() {
                out.pass(rule, subject, vec![loc(v, "indicator")]);
                continue;
            }
            let dates: Vec<String> = outside.iter().map(|d| d.display()).collect();
            let (pz, pe) = if end.is_some() {
                (
                    "；且整个时段原样作为目标，没有说明在何时完成什么",
                    "; and a whole period as the target says nothing about what is done by when",
                )
            } else {
                ("", "")
            };
            out.fail(
                rule,
                Severity::Warning,
                subject,
                (
                    format!(
                        "{}的目标“{}”延伸到 {}，超出 {year} 年预算年度，年终自评时无法考核{pz}",
                        where_zh(pt, v),
                        v.ind.value,
                        dates.join("、")
                    ),
                    format!(
                        "{}: the target \"{}\" reaches {}, outside the {year} budget year, so it cannot be assessed at year end{pe}",
                        where_en(pt, v),
                        v.ind.value,
                        dates.join(", ")
                    ),
                ),
                vec![loc(v, "indicator")],
            );
        }
    }
}
