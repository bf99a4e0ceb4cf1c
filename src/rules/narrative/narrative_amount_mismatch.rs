use crate::narrative::lex::Figure;
use crate::narrative::{Fact, Subject};
use crate::report::Severity;
use crate::rules::narrative::{
    bound_name, candidates, cell_location, fact_location, fail, show, unknown_subject, Bound, Measure,
    Unbound, TRUNCATION,
};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 情况说明中的每一个金额都与它所说的表格单元格相等：收支总计、收入合计、支出合计、各项收入、
    /// 基本支出/项目支出、财政拨款收支总计、一般公共预算支出、人员经费/公用经费、按功能分类写出的
    /// 类/款/项（“一般公共服务支出（类）网信事务（款）行政运行（项）”、“一般公共服务支出-…-…”科目）、
    /// “三公”经费各项、机关运行经费、政府采购。Every amount in the narrative equals the table cell it
    /// describes. 元 and 万元 convert exactly; the narrative's printed decimals give its tolerance
    /// (四舍五入), the cell's its own; a figure that matches the cell only when truncated (截尾) is
    /// reported as info.
    ///
    /// A subject printed in several tables (收入合计 in 收支总表 and 收入表) passes when any of them
    /// agrees: disagreements between tables are the XT rules' business. In a 决算 the narrative's
    /// 支出决算 amounts are checked against the tables; 年初预算 amounts only against the “三公”
    /// table, the only one that prints them.
    ///
    /// An item whose marks carry its codes ("公共安全支出（204类）司法（06款）行政运行（01项）") is
    /// bound to the row with that code (2040601), and only when the row's name is the item's: a
    /// code and a name that disagree leave the figure not checked.
    ///
    /// Figures whose subject the checker does not recognise (资产价值, 用款计划…), and subjects
    /// with no table to compare against, are listed as not checked with the reason.
    ///
    /// ## Severity
    /// Error when the figure differs from the bound cell beyond rounding; info when the figure is
    /// the cell truncated. A cell of a table whose rows could not be laid out into columns
    /// without guessing binds nothing (not checked). When the only cell is blank (zero by the table's convention, and where
    /// a wrapped row label leaves a value misplaced) the binding is not certain: not checked. Figures whose grammar makes them a
    /// change, a previous year's amount or a bracketed part are not compared (not checked, with
    /// the reason), nor are subjects whose scope is narrower than any table cell (财政拨款基本支出,
    /// 会议费（款）). See docs/severity.md.
    ///
    /// ## Why it matters
    /// 公众读的是文字说明。说明中的数字与表格不一致，读者无从知道哪一个是真的。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-amount-mismatch/fail_total.md`
    /// (普陀区财政局 2024 决算：“财政拨款收入支出总计0.3万元”，财政拨款收入支出决算总表为 2,961.68);
    /// `fail_coded_item.md` (普陀区司法局 2026：“住房公积金（01项）208.8万元…2026年预算安排201.50万元”).
    ///
    /// ## Known limitations
    /// A subject is recognised from its words; unusual wording ("本单位全年盘子") stays unchecked.
    /// Text that a PDF viewer copied out of order (a sentence split across columns) loses its
    /// subject and is not checked.
    pub static NARRATIVE_AMOUNT_MISMATCH = {
        code: "NR001",
        name: "narrative-amount-mismatch",
        title_zh: "说明中的金额与表格不符",
        title_en: "Narrative amount differs from the table",
        family: Narrative,
        severity: Error,
        tables: &[],
        basis: &["财预〔2016〕143号：部门预决算公开内容应真实、准确、完整", "部门预算/决算公开模板：情况说明与公开表格一致"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &NARRATIVE_AMOUNT_MISMATCH;
    let n = ctx.narrative();
    let mut cache = Cache::default();
    for f in &n.facts {
        let figures: [(Option<&Figure>, Measure, &str, &str); 3] = [
            (f.level.as_ref(), Measure::Current, "", ""),
            (f.actual.as_ref(), Measure::Current, "支出决算", "final "),
            (f.budget.as_ref(), Measure::Budget, "年初预算", "initial budget "),
        ];
        for (fig, measure, word_zh, word_en) in figures {
            let Some(fig) = fig else { continue };
            if !fig.is_amount() {
                continue;
            }
            check_one(ctx, out, &mut cache, f, fig, measure, word_zh, word_en);
        }
    }
    for k in &n.skipped {
        let phrase = crate::narrative::lex::tidy(&k.phrase);
        out.not_checked(
            rule,
            (
                format!("说明“{phrase}” {} = 表格", k.figure.raw),
                format!("narrative \"{phrase}\" {} = table", k.figure.raw),
            ),
            {
                let (zh, en) = k.role.reason();
                (zh.to_string(), en.to_string())
            },
        );
    }
}

/// Bound cells per subject: several statements name the same subject.
type Cache<'a> = std::collections::HashMap<(Subject, Measure), Result<Vec<Bound<'a>>, Unbound>>;

#[allow(clippy::too_many_arguments)]
fn check_one<'a>(
    ctx: &Context<'a>,
    out: &mut Sink,
    cache: &mut Cache<'a>,
    f: &Fact,
    fig: &Figure,
    measure: Measure,
    word_zh: &str,
    word_en: &str,
) {
    let rule = &NARRATIVE_AMOUNT_MISMATCH;
    let name = f.name();
    let subject = (
        format!("说明“{name}”{word_zh} {} = 表格", fig.raw),
        format!("narrative \"{name}\" {word_en}{} = table", fig.raw),
    );
    let Some(s) = &f.subject else {
        out.not_checked(rule, subject, unknown_subject(f));
        return;
    };
    let found = match cache
        .entry((s.clone(), measure))
        .or_insert_with(|| candidates(ctx, s, measure))
    {
        Ok(c) => &*c,
        Err(why) => {
            out.not_checked(rule, subject, why.clone());
            return;
        }
    };
    let iv = fig.interval();
    if let Some(b) = found.iter().find(|b| b.interval.meets(&iv)) {
        out.pass(rule, subject, vec![fact_location(ctx, f), cell_location(b)]);
        return;
    }
    // a blank cell is zero only by the table's convention, and a wrapped row label leaves a value
    // on the neighbouring row: the binding is not certain enough for a finding
    if found.iter().all(|b| b.blank) {
        out.not_checked(
            rule,
            subject,
            (
                format!(
                    "{}为空白，表中的数值可能因行名折行落在相邻行，无法确定对应单元格",
                    bound_name(&found[0])
                ),
                format!(
                    "{} is blank; a wrapped row label may have put the value on a neighbouring row",
                    bound_name(&found[0])
                ),
            ),
        );
        return;
    }
    let b = &found[0];
    let unit = fig.unit();
    let factor = unit.yuan_factor();
    let cell_yuan = b.interval.mid();
    let diff = (fig.value * factor - cell_yuan).abs();
    // 截尾: the cell's value cut (not rounded) to the narrative's decimals
    let cut = (cell_yuan / factor).trunc_with_scale(fig.decimals);
    let truncated = cut == fig.value && !fig.value.is_zero();
    let severity = if truncated { TRUNCATION } else { Severity::Error };
    let cell = bound_name(b);
    let message = if truncated {
        (
            format!(
                "说明中“{name}”{word_zh}为 {}，{cell} 为 {}：说明截去了尾数而非四舍五入（应为 {}）",
                fig.raw,
                b.display,
                show(cell_yuan, unit, fig.decimals)
            ),
            format!(
                "the narrative gives \"{name}\" {word_en}as {} while {cell} shows {}: truncated instead of rounded (should be {})",
                fig.raw,
                b.display,
                show(cell_yuan, unit, fig.decimals)
            ),
        )
    } else {
        (
            format!(
                "说明中“{name}”{word_zh}为 {}，但{cell} 为 {}，相差 {}",
                fig.raw,
                b.display,
                show(diff, unit, fig.decimals.max(2))
            ),
            format!(
                "the narrative gives \"{name}\" {word_en}as {} but {cell} shows {} (difference {})",
                fig.raw,
                b.display,
                show(diff, unit, fig.decimals.max(2))
            ),
        )
    };
    let arithmetic = Some(format!(
        "{} ≠ {}（{}）",
        fig.raw,
        show(cell_yuan, unit, fig.decimals.max(2)),
        b.display
    ));
    fail(
        out,
        rule,
        severity,
        subject,
        message,
        arithmetic,
        vec![fact_location(ctx, f), cell_location(b)],
    );
}
