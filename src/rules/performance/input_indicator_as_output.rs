use crate::perf::lexicon::Category;
use crate::perf::{self, block_name, block_name_en, Group};
use crate::report::Severity;
use crate::rules::performance::{blocks, here, loc, where_en, where_zh};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 产出、效益指标下没有投入或过程类指标：资金到位率、预算执行率、资金支付率、结余率、科目
    /// 调整次数等。No input or process measure (资金到位率, 预算执行率, 结余率, 科目调整次数)
    /// is filed as an output or a benefit.
    ///
    /// ## Why it matters
    /// 财预〔2015〕88号：“财力、人力和物力等投入数量不能作为绩效目标”。把钱拨到位、花出去，
    /// 不等于办成了事；财预〔2020〕10号已把预算执行率单列为 10 分，放进产出、效益会重复计分。
    ///
    /// ## Example
    /// `tests/fixtures/rules/input-indicator-as-output/warn_execution_rate.md`.
    ///
    /// ## Known limitations
    /// The input measures are the lexicon's `input` rows.
    pub static INPUT_INDICATOR_AS_OUTPUT = {
        code: "PF012",
        name: "input-indicator-as-output",
        title_zh: "投入类指标当作产出或效益",
        title_en: "Input measure used as an output or benefit",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：财力、人力和物力等投入数量不能作为绩效目标"],
        since: "0.2.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &INPUT_INDICATOR_AS_OUTPUT;
    for (b, pt) in blocks(ctx) {
        let rows: Vec<&perf::View<'_>> = ctx.indicators(b).collect();
        if rows.is_empty() {
            continue;
        }
        let mut found = false;
        for v in &rows {
            let input = v.term.as_ref().is_some_and(|t| t.category == Category::Input);
            if !input || !matches!(v.group(), Some(Group::Output | Group::Benefit)) {
                continue;
            }
            found = true;
            let group = if v.ind.level2.is_empty() {
                &v.ind.level1
            } else {
                &v.ind.level2
            };
            out.fail(
                rule,
                Severity::Warning,
                (
                    format!("{}不是投入类指标", where_zh(pt, v)),
                    format!("{}: not an input measure", where_en(pt, v)),
                ),
                (
                    format!(
                        "{}（{}）衡量的是资金投入或预算执行，不是产出或效益，却列在“{group}”下",
                        where_zh(pt, v),
                        v.ind.value
                    ),
                    format!(
                        "{} ({}) measures money spent or disbursed, not an output or a benefit, yet it is filed under \"{group}\"",
                        where_en(pt, v),
                        v.ind.value
                    ),
                ),
                vec![loc(v, "indicator")],
            );
        }
        if !found {
            out.pass(
                rule,
                (
                    format!("{}：产出和效益指标中没有投入类指标", block_name(pt)),
                    format!(
                        "{}: no input measure among outputs and benefits",
                        block_name_en(pt)
                    ),
                ),
                vec![here(b, pt)],
            );
        }
    }
}
