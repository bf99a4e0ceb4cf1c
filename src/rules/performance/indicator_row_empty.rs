use crate::perf::{self, block_name, block_name_en};
use crate::report::Severity;
use crate::rules::performance::{blocks, here, loc};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 表中列出的二级指标下都有三级指标和指标值，三级指标都填了指标值。An indicator group
    /// printed in the table has indicators, and every indicator has a value.
    ///
    /// ## Why it matters
    /// 只印出“经济效益指标”“生态效益指标”而不填内容的空行，是照搬模板留下的占位；它们让表格
    /// 看起来覆盖了各类效益，实际上没有任何承诺。不适用的二级指标应删去，或写明不适用的理由。
    ///
    /// ## Example
    /// `tests/fixtures/rules/indicator-row-empty/warn_placeholders.md`.
    ///
    /// ## Known limitations
    /// One finding per table lists every empty row. A value that is only a comparator at the
    /// end of a cut-off excerpt is not counted as empty.
    pub static INDICATOR_ROW_EMPTY = {
        code: "PF003",
        name: "indicator-row-empty",
        title_zh: "指标行为空",
        title_en: "Empty indicator rows",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效目标应细化量化"],
        since: "0.2.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &INDICATOR_ROW_EMPTY;
    for (b, pt) in blocks(ctx) {
        let rows: Vec<&perf::View<'_>> = ctx
            .performance()
            .get(b)
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        if rows.is_empty() {
            continue;
        }
        let name = block_name(pt);
        let name_en = block_name_en(pt);
        let subject = (
            format!("{name}：各指标行都有内容"),
            format!("{name_en}: every indicator row has content"),
        );
        let groups: Vec<_> = rows.iter().filter(|v| v.ind.is_placeholder()).collect();
        let valueless: Vec<_> = rows
            .iter()
            .filter(|v| !v.ind.is_placeholder() && v.ind.value.trim().is_empty())
            .collect();
        if groups.is_empty() && valueless.is_empty() {
            out.pass(rule, subject, vec![here(b, pt)]);
            continue;
        }
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if !groups.is_empty() {
            let names: Vec<&str> = groups
                .iter()
                .map(|v| {
                    if v.ind.level2.is_empty() {
                        v.ind.level1.as_str()
                    } else {
                        v.ind.level2.as_str()
                    }
                })
                .collect();
            zh.push(format!(
                "{} 个指标类别（{}）只有名称，没有三级指标和指标值",
                names.len(),
                names.join("、")
            ));
            en.push(format!(
                "{} group(s) ({}) are printed with no indicator",
                names.len(),
                names.join(", ")
            ));
        }
        if !valueless.is_empty() {
            let names: Vec<&str> = valueless.iter().map(|v| v.ind.level3.as_str()).collect();
            zh.push(format!(
                "{} 个三级指标（{}）没有指标值",
                names.len(),
                names.join("、")
            ));
            en.push(format!(
                "{} indicator(s) ({}) have no value",
                names.len(),
                names.join(", ")
            ));
        }
        out.fail(
            rule,
            Severity::Warning,
            subject,
            (
                format!("{name}：{}；不适用的类别应删除或说明理由", zh.join("；")),
                format!(
                    "{name_en}: {}; drop what does not apply or say why",
                    en.join("; ")
                ),
            ),
            groups
                .iter()
                .chain(&valueless)
                .map(|v| loc(v, "indicator"))
                .collect(),
        );
    }
}
