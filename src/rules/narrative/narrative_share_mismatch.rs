use rust_decimal::prelude::*;

use crate::model::{format_amount, Interval};
use crate::narrative::{Fact, Subject};
use crate::rules::bind::Item;
use crate::rules::narrative::{
    candidates, fact_location, fail, pct_meets, pct_miss, percent_range, Measure, PctMiss, TRUNCATION,
};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// “占 Z%” equals the part divided by the whole: the whole is the one named after 占
    /// (“占本年支出合计的 100.00%”, “占“三公”经费的 13.77%”) or, when none is named, the total the
    /// sentence broke down (“支出预算 858.21 万元，其中：基本支出 347.90 万元，占 40.54%”). 部分/总体
    /// 的取值以说明中的数字为准，说明中没有时取表格。Both numbers carry their printed precision,
    /// so the percentage passes when any pair of true values rounds to it; a percentage that is
    /// only right when truncated (截尾) is reported as info, and so is one that is one unit of
    /// its last decimal off while the shares of the same whole add up to exactly 100% (a
    /// rounding remainder moved to make them total 100%).
    ///
    /// ## Severity
    /// Error when no rounding of the part and the whole gives the printed share; warning when it
    /// is off by one unit in its last digit; info when it is truncated, or when shares of the same
    /// whole were nudged by one last digit to total exactly 100% (docs/severity.md).
    ///
    /// ## Why it matters
    /// 比例写错会误导读者对支出结构的判断，而比例是说明中最少有人复核的数字。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-share-mismatch/fail_share.md`
    /// (普陀区财政局 2024 决算：一般公共服务支出 2,106.66 万元“占 71.73%”，2,106.66 / 2,940.05 = 71.65%).
    ///
    /// ## Known limitations
    /// A whole that is neither named nor the sentence's total is not guessed: not checked.
    pub static NARRATIVE_SHARE_MISMATCH = {
        code: "NR002",
        name: "narrative-share-mismatch",
        title_zh: "说明中的占比算错",
        title_en: "Narrative share is miscalculated",
        family: Narrative,
        severity: Error,
        tables: &[],
        basis: &["部门预算/决算公开模板：收入、支出结构说明"],
        since: "0.1.0",
        check: check,
    };
}

/// True when `part` can be a component of `whole` (so an unnamed 占 refers to it).
fn part_of(whole: &Subject, part: &Subject) -> bool {
    use Subject::*;
    match whole {
        Total | IncomeTotal => {
            matches!(part, Income(_)) || (*whole == Total && matches!(part, Basic | Project))
        }
        ExpenditureTotal => matches!(part, Basic | Project | Reserve | Function(_) | Coded { .. }),
        FiscalTotal | FiscalExpenditure | GeneralBudget => {
            matches!(
                part,
                Function(_) | Coded { .. } | GeneralBudgetBasic | GeneralBudgetProject | Basic | Project
            )
        }
        Basic | GeneralBudgetBasic => matches!(part, Personnel | PublicUse),
        ThreePublic(Item::Total) => matches!(part, ThreePublic(_)),
        Procurement(crate::narrative::Purchase::Total) => matches!(part, Procurement(_)),
        Function(w) => matches!(part, Function(p) if p.len() > w.len()),
        Coded { code, .. } => {
            matches!(part, Coded { code: p, .. } if p.len() > code.len() && p.starts_with(code.as_str()))
        }
        _ => false,
    }
}

/// The whole's interval and how to name it.
fn whole_of(
    ctx: &Context<'_>,
    f: &Fact,
    idx: usize,
) -> Result<(Interval, String, Option<usize>), (String, String)> {
    let n = ctx.narrative();
    let share = f.share.as_ref().expect("share");
    if let Some(of) = &share.of {
        // the nearest statement of that whole, else its table cell
        let stated = n.facts[..idx]
            .iter()
            .enumerate()
            .rev()
            .chain(n.facts.iter().enumerate().skip(idx + 1))
            .find(|(_, g)| g.subject.as_ref() == Some(of) && g.current().is_some_and(|c| c.is_amount()));
        if let Some((i, g)) = stated {
            let c = g.current().expect("current");
            // the parts listed against that whole: when their shares are of their own sum and
            // not of the stated whole, the document speaks of another whole (a total with
            // carry-overs or other funds stated, its parts' shares of a narrower budget)
            let siblings: Vec<(Interval, &crate::narrative::lex::Figure)> = n
                .facts
                .iter()
                .filter(|h| h.section == f.section)
                .filter_map(|h| {
                    let s = h.share.as_ref().filter(|s| s.of.as_ref() == Some(of))?;
                    let v = h.current().filter(|v| v.is_amount())?;
                    Some((v.interval(), &s.pct))
                })
                .collect();
            if siblings.len() >= 2 {
                let sum = Interval::sum(siblings.iter().map(|(v, _)| *v));
                let fits = |whole: Interval| {
                    siblings
                        .iter()
                        .all(|(v, pct)| percent_range(*v, whole).is_some_and(|r| pct_meets(pct, r)))
                };
                if fits(sum) && !fits(c.interval()) {
                    return Err((
                        format!(
                            "同一段所列各项的占比都是对各项之和而言的，不是对所写的“{}”{}：两者说的是不同的总数，不作判断",
                            g.name(),
                            c.raw
                        ),
                        format!(
                            "the shares listed together are of the parts' own sum, not of the stated \"{}\" {}: two different wholes, not judged",
                            g.name(),
                            c.raw
                        ),
                    ));
                }
            }
            return Ok((c.interval(), format!("{} {}", g.name(), c.raw), Some(i)));
        }
        if let Ok(found) = candidates(ctx, of, Measure::Current) {
            let b = &found[0];
            return Ok((b.interval, format!("{} {}", of.label_zh(), b.display), None));
        }
        // the parts listed against the same whole, when their shares make 100%
        let siblings: Vec<&Fact> = n
            .facts
            .iter()
            .filter(|g| g.line == f.line && g.share.as_ref().is_some_and(|s| s.of.as_ref() == Some(of)))
            .collect();
        let pct: Decimal = siblings
            .iter()
            .map(|g| g.share.as_ref().expect("share").pct.value)
            .sum();
        let amounts: Option<Vec<Interval>> = siblings
            .iter()
            .map(|g| g.current().filter(|c| c.is_amount()).map(|c| c.interval()))
            .collect();
        if let (Some(amounts), true) = (amounts, (pct - Decimal::ONE_HUNDRED).abs() <= Decimal::new(1, 1)) {
            if siblings.len() >= 2 {
                let sum = Interval::sum(amounts);
                let unit = f
                    .current()
                    .map(|c| c.unit())
                    .unwrap_or(crate::model::Unit::WanYuan);
                return Ok((
                    sum,
                    format!(
                        "{}（所列各项之和 {}）",
                        of.label_zh(),
                        crate::rules::narrative::show(sum.mid(), unit, 2)
                    ),
                    None,
                ));
            }
        }
        return Err(candidates(ctx, of, Measure::Current).err().unwrap_or_default());
    }
    if !share.of_phrase.is_empty() {
        return Err((
            format!("未能识别占比的分母“{}”", share.of_phrase),
            format!(
                "the whole \"{}\" of the share was not recognised",
                share.of_phrase
            ),
        ));
    }
    let Some(p) = f.parent else {
        return section_whole(ctx, f, idx);
    };
    let parent = &n.facts[p];
    let compatible = match (&parent.subject, &f.subject) {
        (Some(w), Some(s)) => part_of(w, s),
        _ => false,
    };
    let Some(c) = parent.current().filter(|c| c.is_amount() && compatible) else {
        return Err((
            "未能确定占比的分母".into(),
            "the whole of the share could not be determined".into(),
        ));
    };
    Ok((c.interval(), format!("{} {}", parent.name(), c.raw), Some(p)))
}

/// With no total before it, a share in a section titled "一般公共预算…结构" is of the section's
/// whole: 一般公共预算支出, 财政拨款支出, 支出合计 or 收入合计, as the heading says.
fn section_whole(
    ctx: &Context<'_>,
    f: &Fact,
    idx: usize,
) -> Result<(Interval, String, Option<usize>), (String, String)> {
    let none = || {
        Err((
            "说明没有写明占比的分母，前文也没有对应的合计".to_string(),
            "the share names no whole and no total precedes it".to_string(),
        ))
    };
    let heading = ctx
        .doc
        .sections
        .get(f.section)
        .map(|s| crate::parse::normalize::squeeze(&s.heading))
        .unwrap_or_default();
    let whole = if heading.contains("一般公共预算") {
        Subject::GeneralBudget
    } else if heading.contains("财政拨款") {
        Subject::FiscalExpenditure
    } else if heading.contains("收入") {
        Subject::IncomeTotal
    } else if heading.contains("支出") {
        Subject::ExpenditureTotal
    } else {
        return none();
    };
    let Some(part) = &f.subject else { return none() };
    if !part_of(&whole, part) {
        return none();
    }
    let n = ctx.narrative();
    if let Some((i, g)) = n.facts[..idx]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, g)| g.subject.as_ref() == Some(&whole) && g.current().is_some_and(|c| c.is_amount()))
    {
        let c = g.current().expect("current");
        return Ok((c.interval(), format!("{} {}", g.name(), c.raw), Some(i)));
    }
    match candidates(ctx, &whole, Measure::Current) {
        Ok(found) => Ok((
            found[0].interval,
            format!("{} {}", whole.label_zh(), found[0].display),
            None,
        )),
        Err(_) => none(),
    }
}

/// True when the printed share is one unit of its last decimal from what the figures allow
/// and the shares given for the same whole in the same section add up to exactly 100%: the
/// writer moved a rounding remainder so that the shares total 100% (13.77% + 80.92% + 5.31%
/// where 80.91% is the rounded share) — reported as info, not as an error.
fn balanced(ctx: &Context<'_>, f: &Fact, range: (Decimal, Decimal)) -> bool {
    let share = f.share.as_ref().expect("share");
    let unit = Decimal::new(1, share.pct.decimals);
    let p = share.pct.interval();
    if p.lo - unit > range.1 || p.hi + unit < range.0 {
        return false;
    }
    let same_whole = |g: &Fact| {
        let Some(s) = &g.share else { return false };
        g.section == f.section
            && match (&share.of, &s.of) {
                (Some(a), Some(b)) => a == b,
                (None, None) => f.parent.is_some() && g.parent == f.parent,
                _ => false,
            }
    };
    let siblings: Vec<&Fact> = ctx.narrative().facts.iter().filter(|g| same_whole(g)).collect();
    let total: Decimal = siblings
        .iter()
        .map(|g| g.share.as_ref().expect("share").pct.value)
        .sum();
    siblings.len() >= 2 && total == Decimal::ONE_HUNDRED
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &NARRATIVE_SHARE_MISMATCH;
    let n = ctx.narrative();
    for (i, f) in n.facts.iter().enumerate() {
        let Some(share) = &f.share else { continue };
        let name = f.name();
        let subject = (
            format!("说明“{name}”占 {}", share.pct.raw),
            format!("narrative \"{name}\" share {}", share.pct.raw),
        );
        let Some(part) = f.current().filter(|c| c.is_amount()) else {
            out.not_checked(
                rule,
                subject,
                (
                    "占比前没有可用的金额".into(),
                    "no amount precedes the share".into(),
                ),
            );
            continue;
        };
        let (whole, whole_name, whole_fact) = match whole_of(ctx, f, i) {
            Ok(w) => w,
            Err(why) => {
                out.not_checked(rule, subject, why);
                continue;
            }
        };
        let Some(range) = percent_range(part.interval(), whole) else {
            out.not_checked(
                rule,
                subject,
                ("分母为零，占比无意义".into(), "the whole is zero".into()),
            );
            continue;
        };
        let mut locations = vec![fact_location(ctx, f)];
        if let Some(w) = whole_fact.filter(|&w| n.facts[w].line != f.line) {
            locations.push(fact_location(ctx, &n.facts[w]));
        }
        if pct_meets(&share.pct, range) {
            out.pass(rule, subject, locations);
            continue;
        }
        let d = share.pct.decimals.max(2);
        let computed = format_amount(part.interval().mid() * Decimal::ONE_HUNDRED / whole.mid(), d);
        let miss = pct_miss(&share.pct, range);
        let balanced = miss != PctMiss::Truncated && balanced(ctx, f, range);
        let severity = if balanced { TRUNCATION } else { miss.severity() };
        let (why_zh, why_en) = if miss != PctMiss::Wrong && !balanced {
            miss.note()
        } else if balanced {
            (
                "；同一分母下各项占比合计正好 100%，应是为凑足 100% 调整了尾数",
                "; the shares of the same whole add up to exactly 100%, so a rounding remainder was probably moved to make them",
            )
        } else {
            ("", "")
        };
        let message = (
            format!(
                "“{name}”{} 占 {whole_name} 的比例为 {computed}%，说明写为 {}{why_zh}",
                part.raw, share.pct.raw,
            ),
            format!(
                "\"{name}\" {} is {computed}% of {whole_name}, the narrative says {}{why_en}",
                part.raw, share.pct.raw,
            ),
        );
        let arithmetic = Some(format!(
            "{} ÷ {whole_name} = {computed}% ≠ {}",
            part.raw, share.pct.raw
        ));
        fail(out, rule, severity, subject, message, arithmetic, locations);
    }
}
