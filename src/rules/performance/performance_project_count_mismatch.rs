use crate::model::{format_amount, Amount, Interval};
use crate::parse::normalize::squeeze;
use crate::perf::{self, block_name};
use crate::report::Severity;
use crate::rules::performance::{block_loc, intervals, narrative_loc, project_funds_mismatch::amounts_in};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 情况说明中“实行绩效管理（编报绩效目标）的项目 N 个，涉及预算金额 M 万元”与所附的项目支出
    /// 绩效目标表一致：表的张数为 N，各表项目资金之和为 M。The narrative's count and total of
    /// projects under performance management equal the number of attached 绩效目标表 and the
    /// sum of their funds.
    ///
    /// ## Why it matters
    /// 说明与附表对不上，要么漏附了目标表，要么说明的数字是照抄上年的。
    ///
    /// ## Example
    /// `tests/fixtures/rules/performance-project-count-mismatch/fail_count.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed precision.
    ///
    /// ## Known limitations
    /// The sentence is found by its words (绩效 … 项目 N 个 … 金额 M 万元). A document without
    /// any 绩效目标表 (published separately) is not checked, nor a count of 一级 projects
    /// ("涉及一级预算项目6个") that differs from the number of tables (filled per 二级 project).
    pub static PERFORMANCE_PROJECT_COUNT_MISMATCH = {
        code: "PF015",
        name: "performance-project-count-mismatch",
        title_zh: "绩效管理项目数或金额与目标表不符",
        title_en: "Projects under performance management differ from the tables",
        family: Performance,
        severity: Error,
        tables: &[],
        basis: &["部门预算公开：预算绩效情况说明"],
        since: "0.2.0",
        check: check,
    };
}

/// "项目 3 个" → 3, with where the count ends.
fn project_count(t: &str) -> Option<(u32, usize)> {
    let mut from = 0;
    while let Some(i) = t[from..].find("项目") {
        let at = from + i + "项目".len();
        let digits: String = t[at..].chars().take_while(|c| c.is_ascii_digit()).collect();
        // the clause must say what the projects are: 实行绩效管理 / 编报绩效目标
        let before = &t[..from + i];
        let clause_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '。' | '；' | ';'))
            .map(|(k, c)| k + c.len_utf8())
            .unwrap_or(0);
        let clause = &before[clause_start..];
        let managed = clause.contains("绩效管理") || clause.contains("绩效目标");
        if managed && !digits.is_empty() && t[at + digits.len()..].starts_with('个') {
            return Some((digits.parse().ok()?, at + digits.len() + '个'.len_utf8()));
        }
        from = at;
    }
    None
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &PERFORMANCE_PROJECT_COUNT_MISMATCH;
    for (si, s) in ctx.doc.sections.iter().enumerate() {
        for p in &s.paragraphs {
            let t = squeeze(&p.text);
            if !t.contains("绩效") {
                continue;
            }
            let Some((n, end)) = project_count(&t) else {
                continue;
            };
            let total: Option<Amount> = amounts_in(&t[end..]).into_iter().next().map(|(_, a)| a);
            // the projects' tables: not the department-wide ones, nor self-evaluations
            let blocks: Vec<(usize, &crate::model::PerformanceTable)> = ctx
                .doc
                .performance
                .iter()
                .enumerate()
                .filter(|(_, pt)| pt.kind == crate::model::PerformanceKind::Project)
                .collect();
            let subject = (
                format!(
                    "情况说明第 {} 行：绩效管理项目 {n} 个与所附绩效目标表一致",
                    p.line
                ),
                format!(
                    "narrative line {}: {n} projects under performance management match the tables",
                    p.line
                ),
            );
            let here = narrative_loc(ctx, si, p.line, &p.text, "total");
            if blocks.is_empty() {
                out.not_checked_at(
                    rule,
                    subject,
                    (
                        "文中没有绩效目标表（可能另行公开）".into(),
                        "the text holds no 绩效目标表 (they may be published separately)".into(),
                    ),
                    vec![here],
                );
                continue;
            }
            let block_locs: Vec<_> = blocks
                .iter()
                .map(|&(b, pt)| {
                    block_loc(
                        b,
                        pt.line,
                        &pt.title,
                        "项目名称",
                        pt.project.as_deref().unwrap_or(""),
                        "part",
                    )
                })
                .collect();
            let count = blocks.len() as u32;
            let mut locs = vec![here.clone()];
            locs.extend(block_locs.clone());
            // "涉及一级预算项目6个": first-level projects, while a 绩效目标表 may be filled for
            // each of their second-level projects (烟台市财政局 2026: 6 一级 projects, 12 forms
            // whose funds add up to the stated total)
            let first_level = t[..end].rfind("项目").is_some_and(|i| {
                let before = &t[..i];
                before.ends_with("一级预算") || before.ends_with("一级")
            });
            if first_level && count != n {
                out.not_checked_at(
                    rule,
                    subject,
                    (
                        format!("说明数的是一级项目（{n} 个），而绩效目标表可按二级项目逐项填报（{count} 张），两者口径不同"),
                        format!("the narrative counts first-level projects ({n}); the {count} tables may be filled per second-level project"),
                    ),
                    locs,
                );
            } else if count == n {
                out.pass(rule, subject, locs);
            } else {
                let names: Vec<String> = blocks.iter().map(|(_, pt)| block_name(pt)).collect();
                out.fail(
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!("情况说明称实行绩效管理的项目 {n} 个，所附绩效目标表却有 {count} 张（{}）", names.join("、")),
                        format!("the narrative counts {n} projects under performance management, but {count} performance table(s) are attached"),
                    ),
                    locs,
                );
            }
            // the total
            let Some(total) = total else { continue };
            let subject = (
                format!(
                    "情况说明第 {} 行：绩效管理项目金额 {} {} = 各绩效目标表项目资金之和",
                    p.line,
                    total.raw,
                    total.unit.label()
                ),
                format!(
                    "narrative line {}: {} {} = the sum of the tables' funds",
                    p.line,
                    total.raw,
                    total.unit.label()
                ),
            );
            let funds: Option<Vec<Amount>> = blocks.iter().map(|(_, pt)| perf::budget(pt)).collect();
            let Some(funds) = funds else {
                out.not_checked_at(
                    rule,
                    subject,
                    (
                        "有的绩效目标表没有可读的项目资金".into(),
                        "some table prints no readable funds".into(),
                    ),
                    vec![here],
                );
                continue;
            };
            let mut all: Vec<&Amount> = funds.iter().collect();
            all.push(&total);
            let ivs = intervals(&all);
            let sum = Interval::sum(ivs[..funds.len()].iter().copied());
            let terms: Vec<String> = funds.iter().map(|a| a.raw.clone()).collect();
            let sum_printed: rust_decimal::Decimal =
                funds.iter().map(|a| a.yuan()).sum::<rust_decimal::Decimal>() / total.unit.yuan_factor();
            let d = funds
                .iter()
                .map(|a| a.decimals)
                .max()
                .unwrap_or(2)
                .max(total.decimals);
            let mut locs = vec![here.clone()];
            locs.extend(blocks.iter().zip(&funds).map(|(&(b, pt), a)| {
                block_loc(
                    b,
                    pt.funds_line.unwrap_or(pt.line),
                    pt.project.as_deref().unwrap_or("项目资金"),
                    "绩效目标表/项目资金",
                    &a.raw,
                    "part",
                )
            }));
            if sum.meets(&ivs[funds.len()]) {
                out.pass(rule, subject, locs);
            } else {
                out.fail(
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!(
                            "情况说明称绩效管理项目涉及预算金额 {} {}，各绩效目标表的项目资金之和为 {} = {} {}",
                            total.raw,
                            total.unit.label(),
                            terms.join(" + "),
                            format_amount(sum_printed, d),
                            total.unit.label()
                        ),
                        format!(
                            "the narrative gives {} {} for the projects under performance management; the tables' funds add up to {} = {} {}",
                            total.raw,
                            total.unit.label(),
                            terms.join(" + "),
                            format_amount(sum_printed, d),
                            total.unit.label()
                        ),
                    ),
                    locs,
                );
            }
        }
    }
}
