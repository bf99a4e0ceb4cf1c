use crate::narrative::{Baseline, Fact};
use crate::parse::normalize::squeeze;
use crate::report::Severity;
use crate::rules::cross_document::{one_cell, own_cell, within_one, CrossSink, Pairing};
use crate::rules::narrative::{pct_meets, pct_miss, percent_range, show, signed, word, word_en, PctMiss};
use crate::set::Relation;

crate::declare_rule! {
    /// ## What it checks
    /// 说明中“与上年相比增加/减少 X 万元”的增减额，与上年公开的同一部门文件核对：本年数 V 与本年
    /// 表格一致时，V − 上年表格中同一项目的数 P 必须等于 X（增加为正，减少为负），各数按其印刷
    /// 精度取区间。
    ///
    /// The narrative's change against the previous year ("与上年相比增加 X 万元"), checked against
    /// the same department's disclosure of the year before: when this year's figure V agrees with
    /// this year's table, V − P (P the same item's cell in last year's tables) must equal X. Only
    /// documents of the same department, level (部门/单位) and kind (预算/决算) one year apart are
    /// paired ([`crate::set::group`]); the item must bind to exactly one value in each year's
    /// tables, otherwise the statement is listed as not checked with the reason.
    ///
    /// ## Severity
    /// Error when last year's own narrative printed the base the change was computed from, for
    /// the subject in the same words, and that figure disagrees with last year's table (a typo carried over: the change is certainly wrong
    /// as printed); info for a truncated rate; warning otherwise — last year's figure may have been restated (口径调整,
    /// units moved in or out), which the documents do not always say (docs/severity.md).
    ///
    /// ## Why it matters
    /// 增减额是读者比较两年预算的依据；上年文件中的笔误被带入本年的增减额，只有两年的文件放在一起
    /// 才看得出来。
    ///
    /// ## Example
    /// 江苏省人民检察院 2018：“基本支出预算数为 13,994.31 万元。与上年相比增加 1,670.85 万元”，
    /// 2017 年的表格为 12,323.48 万元（13,994.31 − 12,323.48 = 1,670.83）；1,670.85 是从 2017 年说明
    /// 中的笔误 12323.46 算出的。`tests/fixtures/rules/previous-year-change-mismatch/`.
    ///
    /// A change stated as a rate only ("比上年增长 5.2%") is checked as (V − P) / P; a statement
    /// with both an amount and a rate has its rate checked against the amount by NR003.
    ///
    /// ## Known limitations
    /// Only statements whose change word stands right before the figure and whose subject binds
    /// to a table cell are compared.
    pub static PREVIOUS_YEAR_CHANGE_MISMATCH = {
        code: "XD001",
        name: "previous-year-change-mismatch",
        title_zh: "比上年增减额与上年公开数不符",
        title_en: "Change against the previous year disagrees with last year's disclosure",
        family: CrossDocument,
        severity: Error,
        tables: &[],
        basis: &["部门预算/决算公开模板：与上年相比的增减变化及原因"],
        since: "0.2.0",
        check: within_one,
    };
}

pub(super) fn check_pair(p: &Pairing<'_>, out: &mut CrossSink) {
    if p.relation != Relation::PreviousYear {
        return;
    }
    let rule = &PREVIOUS_YEAR_CHANGE_MISMATCH;
    for f in &p.this.ctx.narrative().facts {
        if f.delta.is_none() {
            check_rate(p, f, out);
            continue;
        }
        let (Some(subject), Some(v), Some((sign, x))) =
            (&f.subject, f.current().filter(|c| c.is_amount()), &f.delta)
        else {
            continue;
        };
        // a stated previous figure is NR003's and XD002's; 执行数 is not in last year's budget
        if f.previous.is_some()
            || !x.is_amount()
            || !matches!(f.base, Baseline::PreviousYear | Baseline::PreviousBudget)
        {
            continue;
        }
        let name = f.name();
        let subject_words = (
            format!("“{name}”比上年增减额 = 本年数 − 上年公开数"),
            format!("\"{name}\" change = this year − last year's disclosure"),
        );
        let here = p.this.fact(f);
        let Some(own) = own_cell(rule, &p.this, f, subject, &subject_words, out) else {
            continue;
        };
        let last = match one_cell(&p.other, subject) {
            Ok(b) => b,
            Err(why) => {
                out.not_checked(rule, subject_words, why, vec![here]);
                continue;
            }
        };
        let computed = v.interval().minus(last.interval);
        let stated = signed(x.interval(), *sign);
        let mut locations = vec![here, p.this.cell(&own), p.other.cell(&last)];
        if computed.meets(&stated) {
            out.pass(rule, subject_words, locations);
            continue;
        }
        // the base the change was computed from, printed in last year's narrative
        let base = v.interval().minus(stated);
        // the same subject in the same words (a subject read alike from other words may be of
        // another scope: then the cause is not certain)
        let carried = p.other.ctx.narrative().facts.iter().find(|g| {
            g.subject.as_ref() == Some(subject)
                && squeeze(&g.name()) == squeeze(&name)
                && g.current().is_some_and(|c| {
                    c.is_amount() && c.interval().meets(&base) && !c.interval().meets(&last.interval)
                })
        });
        let unit = v.unit();
        let diff = show(computed.mid(), unit, 2);
        let arithmetic = format!(
            "{} − {} = {} ≠ {}{}",
            v.raw,
            last.display,
            diff,
            word(*sign),
            x.raw
        );
        let (severity, why_zh, why_en) = match carried {
            Some(g) => {
                locations.push(p.other.fact(g));
                (
                    Severity::Error,
                    format!(
                        "；增减额是按上年说明中的 {} 算出的，而上年表格为 {}（上年说明的笔误被带入本年）",
                        g.current().map(|c| c.raw.as_str()).unwrap_or_default(),
                        last.display
                    ),
                    format!(
                        "; the change was computed from {} printed in last year's narrative, while last year's table says {} (last year's typo carried over)",
                        g.current().map(|c| c.raw.as_str()).unwrap_or_default(),
                        last.display
                    ),
                )
            }
            None => (
                Severity::Warning,
                "；若上年数已按新口径调整，说明应写明".to_string(),
                "; if last year's figure was restated, the narrative should say so".to_string(),
            ),
        };
        out.fail(
            rule,
            severity,
            subject_words,
            (
                format!(
                    "“{name}”本年 {}，{} 中为 {}，相差 {}，说明却写“与上年相比{}{}”{why_zh}",
                    v.raw,
                    p.other.name,
                    last.display,
                    diff,
                    word(*sign),
                    x.raw
                ),
                format!(
                    "\"{name}\" is {} this year and {} in {}, a change of {}, yet the narrative says {} {}{why_en}",
                    v.raw,
                    last.display,
                    p.other.name,
                    diff,
                    word_en(*sign),
                    x.raw
                ),
            ),
            Some(arithmetic),
            locations,
        );
    }
}

/// A change stated as a rate only ("比上年增长 5.2%"): the rate against (V − P) / P, P last
/// year's cell. Warning when no rounding gives it, info when it is truncated (a rounding
/// convention, docs/severity.md).
fn check_rate(p: &Pairing<'_>, f: &Fact, out: &mut CrossSink) {
    let rule = &PREVIOUS_YEAR_CHANGE_MISMATCH;
    let (Some(subject), Some(v), Some((sign, y))) =
        (&f.subject, f.current().filter(|c| c.is_amount()), &f.rate)
    else {
        return;
    };
    if f.previous.is_some() || !matches!(f.base, Baseline::PreviousYear | Baseline::PreviousBudget) {
        return;
    }
    let name = f.name();
    let subject_words = (
        format!("“{name}”比上年增长率 = (本年数 − 上年公开数) ÷ 上年公开数"),
        format!("\"{name}\" rate = (this year − last year's disclosure) ÷ last year's"),
    );
    let Some(own) = own_cell(rule, &p.this, f, subject, &subject_words, out) else {
        return;
    };
    let last = match one_cell(&p.other, subject) {
        Ok(b) => b,
        Err(why) => {
            out.not_checked(rule, subject_words, why, vec![p.this.fact(f)]);
            return;
        }
    };
    let change = signed(v.interval().minus(last.interval), *sign);
    let locations = vec![p.this.fact(f), p.this.cell(&own), p.other.cell(&last)];
    let Some(range) = percent_range(change, last.interval) else {
        out.not_checked(
            rule,
            subject_words,
            (
                format!("{} 中“{name}”为零，没有增长率", p.other.name),
                format!("\"{name}\" is zero in {}: there is no rate", p.other.name),
            ),
            locations,
        );
        return;
    };
    if pct_meets(y, range) {
        out.pass(rule, subject_words, locations);
        return;
    }
    let severity = match pct_miss(y, range) {
        PctMiss::Truncated => Severity::Info,
        PctMiss::Wrong | PctMiss::LastDigit => Severity::Warning,
    };
    let computed = format!(
        "{}%",
        ((range.0 + range.1) / rust_decimal::Decimal::TWO).round_dp(2)
    );
    out.fail(
        rule,
        severity,
        subject_words,
        (
            format!(
                "“{name}”本年 {}，{} 中为 {}，变化 {computed}，说明却写“{}{}”",
                v.raw,
                p.other.name,
                last.display,
                if *sign > 0 { "增长" } else { "下降" },
                y.raw
            ),
            format!(
                "\"{name}\" is {} this year and {} in {}, a change of {computed}, yet the narrative says {} {}",
                v.raw,
                last.display,
                p.other.name,
                word_en(*sign),
                y.raw
            ),
        ),
        Some(format!(
            "({} − {}) ÷ {} = {computed} ≠ {}",
            v.raw, last.display, last.display, y.raw
        )),
        locations,
    );
}
