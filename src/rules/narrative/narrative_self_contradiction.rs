use std::collections::{HashMap, HashSet};

use crate::model::{Interval, ParseIssue};
use crate::narrative::{Baseline, Fact, Subject};
use crate::report::Severity;
use crate::rules::narrative::{fact_location, fail};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 同一数量的两种说法不能互相矛盾 (two statements about the same quantity agree):
    /// - 同一段里对同一项目给出两个不同的金额（“住房公积金（项）350.35 万元……2024 年预算安排
    ///   352.67 万元”）是错误；
    /// - 本年金额相同的同一数量（基本支出与一般公共预算拨款基本支出在只有一般公共预算收入时
    ///   是同一个数）给出相反或不同的增减变化（“比减少 33.79 万元”与“比上年执行数增加 71.75 万元”）：
    ///   比较基数相同则是错误；基数不同或未写明（上年预算 vs 上年执行数，或“比减少”漏写比较对象）时
    ///   两者可能都对，是警告，请说明基数。
    ///
    /// ## Severity
    /// Error when one paragraph gives one subject two amounts, or two changes against the same
    /// stated baseline disagree; warning when the baselines are not both explicit (比上年预算 vs
    /// 比上年执行数 may differ legitimately). See docs/severity.md.
    ///
    /// ## Why it matters
    /// 读者无法判断哪一种说法为真；自相矛盾的说明比单个错误更损害公信力。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-self-contradiction/warn_basic_change.md`
    /// (独山子区委网信办 2019：基本支出 347.90 万元“比减少 33.79 万元”，又“比上年执行数增加 71.75 万元”).
    ///
    /// ## Known limitations
    /// Only quantities the checker recognises are compared; the same amount described in
    /// unrelated words is not linked. A statement repeated word for word is compared once;
    /// at most 20,000 pairs of change statements are compared in one document (the rest are
    /// listed as not checked, with a P005 note), and at most 20 contradictions per quantity are
    /// listed one by one — the others are counted in one more finding.
    pub static NARRATIVE_SELF_CONTRADICTION = {
        code: "NR004",
        name: "narrative-self-contradiction",
        title_zh: "说明对同一数量的说法互相矛盾",
        title_en: "Narrative contradicts itself",
        family: Narrative,
        severity: Error,
        tables: &[],
        basis: &["财预〔2016〕143号：部门预决算公开内容应真实、准确"],
        since: "0.1.0",
        check: check,
    };
}

/// Quantities that are the same number when their current amounts agree.
fn family(s: &Subject) -> String {
    match s {
        Subject::Basic | Subject::GeneralBudgetBasic => "基本支出".into(),
        Subject::Project | Subject::GeneralBudgetProject => "项目支出".into(),
        Subject::ExpenditureTotal | Subject::GeneralBudget | Subject::FiscalExpenditure => "支出合计".into(),
        other => other.label_zh(),
    }
}

fn base_zh(b: Baseline) -> &'static str {
    match b {
        Baseline::PreviousBudget => "上年预算",
        Baseline::PreviousExecution => "上年执行数",
        Baseline::PreviousYear => "上年（未写明预算或执行数）",
        Baseline::Missing => "（漏写比较对象）",
        Baseline::None => "（未写明）",
    }
}

fn signed(f: &Fact) -> Option<Interval> {
    let (s, x) = f.delta.as_ref()?;
    Some(if *s > 0 {
        x.interval()
    } else {
        Interval::zero().minus(x.interval())
    })
}

/// Most pairs of change statements compared in one document (a statement repeated word for
/// word counts once): a narrative made of thousands of different changes of one quantity would
/// otherwise cost one check per pair.
pub const MAX_PAIRS: usize = 20_000;

/// Most contradictions of one quantity listed one by one; the others are counted in one more
/// finding.
pub const MAX_LISTED: usize = 20;

/// Most amounts named in the message of one paragraph's contradiction.
const MAX_NAMED: usize = 5;

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let facts = &ctx.narrative().facts;
    levels(ctx, facts, out);
    changes(ctx, facts, out);
}

/// Two amounts for one subject in one paragraph: one finding per subject and paragraph,
/// however often it is repeated. The amounts disagree when no value meets them all (for
/// intervals, that is when the one that ends first ends before the one that starts last).
fn levels(ctx: &Context<'_>, facts: &[Fact], out: &mut Sink) {
    let rule = &NARRATIVE_SELF_CONTRADICTION;
    // (subject, line) → (first fact, its distinct amounts in order, mentions)
    let mut groups: Vec<(usize, Vec<usize>, usize)> = Vec::new();
    let mut index: HashMap<(&Subject, u32), usize> = HashMap::new();
    let mut distinct: HashSet<(usize, Interval)> = HashSet::new();
    for (i, f) in facts.iter().enumerate() {
        let (Some(s), Some(x)) = (&f.subject, &f.level) else {
            continue;
        };
        if !x.is_amount() {
            continue;
        }
        let g = *index.entry((s, f.line)).or_insert_with(|| {
            groups.push((i, Vec::new(), 0));
            groups.len() - 1
        });
        let (_, values, mentions) = &mut groups[g];
        *mentions += 1;
        if distinct.insert((g, x.interval())) {
            values.push(i);
        }
    }
    for (first, values, mentions) in groups {
        if values.len() < 2 {
            continue;
        }
        let level = |i: usize| facts[i].level.as_ref().expect("grouped by level");
        // the value that ends first and the value that starts last
        let ends_first = values
            .iter()
            .copied()
            .min_by(|&a, &b| level(a).interval().hi.cmp(&level(b).interval().hi))
            .unwrap_or(first);
        let starts_last = values
            .iter()
            .copied()
            .max_by(|&a, &b| level(a).interval().lo.cmp(&level(b).interval().lo))
            .unwrap_or(first);
        if level(ends_first).interval().meets(&level(starts_last).interval()) {
            continue;
        }
        // in the order written
        let (x, y) = if ends_first < starts_last {
            (level(ends_first), level(starts_last))
        } else {
            (level(starts_last), level(ends_first))
        };
        let a = &facts[first];
        let name = a.name();
        let (more_zh, more_en) = if values.len() > 2 {
            let named: Vec<&str> = values
                .iter()
                .take(MAX_NAMED)
                .map(|&i| level(i).raw.as_str())
                .collect();
            let etc = if values.len() > MAX_NAMED { "…" } else { "" };
            (
                format!(
                    "（这一段对它写了 {} 个不同的金额：{}{etc}，共提及 {mentions} 次）",
                    values.len(),
                    named.join("、")
                ),
                format!(
                    " (the paragraph gives it {} different amounts: {}{etc}; {mentions} mentions)",
                    values.len(),
                    named.join(", ")
                ),
            )
        } else {
            (String::new(), String::new())
        };
        fail(
            out,
            rule,
            Severity::Error,
            (
                format!("“{name}”的金额前后一致"),
                format!("\"{name}\" stated consistently"),
            ),
            (
                format!("同一段中“{name}”先写 {}，又写 {}{more_zh}", x.raw, y.raw),
                format!(
                    "the same paragraph gives \"{name}\" as {} and as {}{more_en}",
                    x.raw, y.raw
                ),
            ),
            Some(format!("{} ≠ {}", x.raw, y.raw)),
            vec![fact_location(ctx, a)],
        );
    }
}

/// A change statement: the fact, its current amount and signed change.
struct Change {
    fact: usize,
    current: Interval,
    delta: Interval,
    /// Word-for-word repeats of it (same subject, amount, change and baseline).
    repeats: usize,
}

/// Two changes of one quantity whose current amounts agree must agree. Each distinct
/// statement is compared once with each later one of its quantity, in document order.
fn changes(ctx: &Context<'_>, facts: &[Fact], out: &mut Sink) {
    let rule = &NARRATIVE_SELF_CONTRADICTION;
    let mut list: Vec<Change> = Vec::new();
    let mut seen: HashMap<(&Subject, Interval, Interval, Baseline), usize> = HashMap::new();
    for (i, f) in facts.iter().enumerate() {
        let Some(s) = &f.subject else { continue };
        let (Some(c), Some(d)) = (f.current(), signed(f)) else {
            continue;
        };
        if !c.is_amount() {
            continue;
        }
        let key = (s, c.interval(), d, f.base);
        match seen.get(&key) {
            Some(&k) => list[k].repeats += 1,
            None => {
                seen.insert(key, list.len());
                list.push(Change {
                    fact: i,
                    current: c.interval(),
                    delta: d,
                    repeats: 1,
                });
            }
        }
    }
    // the statements of each quantity, in document order
    let mut families: HashMap<String, Vec<usize>> = HashMap::new();
    let family_of: Vec<String> = list
        .iter()
        .map(|c| family(facts[c.fact].subject.as_ref().expect("has a subject")))
        .collect();
    for (k, fam) in family_of.iter().enumerate() {
        families.entry(fam.clone()).or_default().push(k);
    }
    // contradictions not listed, per quantity: (count, errors, first pair)
    let mut unlisted: Vec<(String, usize, usize, (usize, usize))> = Vec::new();
    let mut listed: HashMap<&str, usize> = HashMap::new();
    let mut pairs = 0usize;
    let mut skipped = 0usize;
    for (k, ck) in list.iter().enumerate() {
        let fam = family_of[k].as_str();
        let members = &families[fam];
        let after = members.partition_point(|&m| m <= k);
        for &m in &members[after..] {
            let cm = &list[m];
            if !ck.current.meets(&cm.current) {
                continue;
            }
            if pairs >= MAX_PAIRS {
                skipped += 1;
                continue;
            }
            pairs += 1;
            let (a, b) = (&facts[ck.fact], &facts[cm.fact]);
            let subject = (
                format!("“{fam}”的增减变化前后一致"),
                format!("changes of \"{fam}\" agree"),
            );
            if ck.delta.meets(&cm.delta) {
                out.pass(rule, subject, vec![fact_location(ctx, a), fact_location(ctx, b)]);
                continue;
            }
            let same_base = a.base == b.base && explicit(a.base);
            let n = listed.entry(fam).or_insert(0);
            if *n >= MAX_LISTED {
                match unlisted.iter_mut().find(|u| u.0 == fam) {
                    Some(u) => {
                        u.1 += 1;
                        u.2 += usize::from(same_base);
                    }
                    None => unlisted.push((fam.to_string(), 1, usize::from(same_base), (k, m))),
                }
                continue;
            }
            *n += 1;
            contradiction(ctx, out, (a, ck.repeats), (b, cm.repeats), fam, subject);
        }
    }
    for (fam, count, errors, (k, m)) in unlisted {
        let (a, b) = (&facts[list[k].fact], &facts[list[m].fact]);
        fail(
            out,
            rule,
            if errors > 0 { Severity::Error } else { Severity::Warning },
            (
                format!("“{fam}”的增减变化前后一致（未逐一列出的 {count} 对）"),
                format!("changes of \"{fam}\" agree ({count} pairs not listed one by one)"),
            ),
            (
                format!(
                    "“{fam}”还有 {count} 对增减变化的说法互相矛盾（其中 {errors} 对比较基数相同），前 {MAX_LISTED} 对已逐一列出，其余合并为这一条"
                ),
                format!(
                    "{count} more pairs of changes of \"{fam}\" disagree ({errors} of them against the same stated baseline); the first {MAX_LISTED} are listed one by one, the rest are counted here"
                ),
            ),
            None,
            vec![fact_location(ctx, a), fact_location(ctx, b)],
        );
    }
    if skipped > 0 {
        out.not_checked(
            rule,
            (
                format!("说明中增减变化的说法两两比较（超出上限的 {skipped} 对）"),
                format!("the narrative's change statements compared in pairs ({skipped} pairs beyond the limit)"),
            ),
            (
                format!("说明中增减变化的说法太多：比较了 {MAX_PAIRS} 对之后，其余 {skipped} 对未比较"),
                format!("too many change statements in the narrative: after {MAX_PAIRS} pairs, the other {skipped} were not compared"),
            ),
        );
        out.notes.push(ParseIssue {
            code: "P005".into(),
            line: facts.first().map_or(0, |f| f.line),
            message_zh: format!(
                "说明中增减变化的说法太多：NR004 比较了 {MAX_PAIRS} 对之后，其余 {skipped} 对未比较，文档未完整核对"
            ),
            message_en: format!(
                "too many change statements in the narrative: NR004 compared {MAX_PAIRS} pairs and left {skipped} uncompared; the document was not fully checked"
            ),
        });
    }
}

fn explicit(b: Baseline) -> bool {
    matches!(b, Baseline::PreviousBudget | Baseline::PreviousExecution)
}

/// The finding for two change statements of one quantity that disagree.
fn contradiction(
    ctx: &Context<'_>,
    out: &mut Sink,
    (a, ra): (&Fact, usize),
    (b, rb): (&Fact, usize),
    fam: &str,
    subject: (String, String),
) {
    let rule = &NARRATIVE_SELF_CONTRADICTION;
    let same_base = a.base == b.base && explicit(a.base);
    let severity = if same_base {
        Severity::Error
    } else {
        Severity::Warning
    };
    let (Some(wa), Some(wb)) = (a.delta.as_ref(), b.delta.as_ref()) else {
        return;
    };
    let say = |f: &Fact, d: &(i8, crate::narrative::lex::Figure), repeats: usize| {
        format!(
            "“{}”{} 比{}{}{}{}",
            f.name(),
            f.current().map(|c| c.raw.clone()).unwrap_or_default(),
            base_zh(f.base),
            if d.0 > 0 { "增加" } else { "减少" },
            d.1.raw,
            if repeats > 1 {
                format!("（同样的说法共 {repeats} 处）")
            } else {
                String::new()
            }
        )
    };
    let note = if same_base {
        "两处比较基数相同，不可能都对".to_string()
    } else {
        "两处比较基数不同或未写明，可能都对，但应写明基数".to_string()
    };
    let repeated_en = if ra > 1 || rb > 1 {
        format!("; the statements are repeated {ra} and {rb} times")
    } else {
        String::new()
    };
    fail(
        out,
        rule,
        severity,
        subject,
        (
            format!("{}；又说{}：{}", say(a, wa, ra), say(b, wb, rb), note),
            format!(
                "the narrative gives two different changes for \"{}\" ({} {} and {} {}){}{repeated_en}",
                fam,
                if wa.0 > 0 { "+" } else { "−" },
                wa.1.raw,
                if wb.0 > 0 { "+" } else { "−" },
                wb.1.raw,
                if same_base {
                    ""
                } else {
                    "; the baselines differ or are not stated"
                }
            ),
        ),
        None,
        vec![fact_location(ctx, a), fact_location(ctx, b)],
    );
}
