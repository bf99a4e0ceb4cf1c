use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::PerformanceTable;
use crate::perf::{block_name, block_name_en, lexicon};
use crate::report::Severity;
use crate::rules::performance::{blocks, here};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 同一文件中不同项目的绩效目标表不雷同：三级指标名称的重合度（Jaccard 系数）低于 80%，
    /// 总体目标或年度目标不逐字相同。Two projects of one document do not share ≥ 80% of their
    /// indicator names (Jaccard) or the same goal text.
    ///
    /// ## Why it matters
    /// 照抄另一个项目的指标，说明目标不是针对这笔钱设定的；这是绩效目标审核中最常见的问题之一。
    ///
    /// ## Example
    /// `tests/fixtures/rules/indicator-set-copied/warn_copied.md`.
    ///
    /// ## Known limitations
    /// Names are compared after normalisation (spaces, punctuation); projects with fewer than
    /// three indicators are not compared. Shared generic indicators (满意度) alone never reach
    /// the threshold. Projects that copy each other are reported together, one warning per
    /// group (a document of 1,000 copies gives one warning, not 499,500), and each project
    /// that copies none is one passed check. The work is bounded: identical sets are grouped
    /// first, the other pairs are found through an index of each set's rarest names (pairs
    /// that share none of them cannot reach 80%), and after 100,000 comparisons the rest is
    /// not checked, which the report says.
    pub static INDICATOR_SET_COPIED = {
        code: "PF013",
        name: "indicator-set-copied",
        title_zh: "不同项目的绩效指标雷同",
        title_en: "Indicator set copied across projects",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效目标应与项目相关、指向明确"],
        since: "0.2.0",
        check: check,
    };
}

/// Most pairs of sets compared name by name (a work budget).
pub const MAX_COMPARISONS: usize = 100_000;

fn names(pt: &PerformanceTable) -> BTreeSet<String> {
    pt.indicators
        .iter()
        .filter(|i| !i.is_placeholder())
        .map(|i| lexicon::norm(&i.level3))
        .filter(|n| !n.is_empty())
        .collect()
}

/// The goal text compared word for word (at least ten characters).
fn goal(pt: &PerformanceTable) -> Option<String> {
    let g = lexicon::norm(pt.annual_goal.as_deref().or(pt.goal.as_deref()).unwrap_or(""));
    (g.chars().count() >= 10).then_some(g)
}

/// Groups of block indices (union–find with path halving).
struct Groups(Vec<usize>);

impl Groups {
    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        self.0[a.max(b)] = a.min(b);
    }
}

/// The names shared by two sets and their union, and the overlap in percent.
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (usize, usize, usize) {
    let common = a.intersection(b).count();
    let union = a.len() + b.len() - common;
    (common, union, common * 100 / union.max(1))
}

/// 「A」、「B」、「C」等 5 个 / A, B, C and 2 more (the first three names of a group).
fn group_names(group: &[(usize, &PerformanceTable)]) -> (String, String) {
    let zh: Vec<String> = group.iter().take(3).map(|(_, pt)| block_name(pt)).collect();
    let en: Vec<String> = group.iter().take(3).map(|(_, pt)| block_name_en(pt)).collect();
    let more = group.len().saturating_sub(3);
    (
        format!(
            "{}{}",
            zh.join("、"),
            if more > 0 {
                format!("等 {} 个项目", group.len())
            } else {
                String::new()
            }
        ),
        format!(
            "{}{}",
            en.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
    )
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &INDICATOR_SET_COPIED;
    // the blocks with at least three indicator names
    let all: Vec<(usize, &PerformanceTable, BTreeSet<String>)> = blocks(ctx)
        // a department-wide table repeats its projects' indicators by design
        .filter(|(_, pt)| pt.kind != crate::model::PerformanceKind::Department)
        .map(|(b, pt)| (b, pt, names(pt)))
        .filter(|(_, _, n)| n.len() >= 3)
        .collect();
    let mut groups = Groups((0..all.len()).collect());
    // identical sets are one group: linear, whatever the number of copies
    let mut same: BTreeMap<&BTreeSet<String>, usize> = BTreeMap::new();
    let mut reps: Vec<usize> = Vec::new();
    for (i, (_, _, n)) in all.iter().enumerate() {
        match same.get(n) {
            Some(&first) => groups.join(first, i),
            None => {
                same.insert(n, i);
                reps.push(i);
            }
        }
    }
    // near copies (≥ 80% of the names, Jaccard): two sets that close share one of the
    // |A| − ⌈0.8·|A|⌉ + 1 rarest names of each (prefix filtering), so only sets that share a
    // rare name are compared
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for &r in &reps {
        for name in &all[r].2 {
            *freq.entry(name.as_str()).or_default() += 1;
        }
    }
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut seen = vec![usize::MAX; all.len()];
    let mut comparisons = 0usize;
    let mut stopped = false;
    'sets: for &r in &reps {
        let set = &all[r].2;
        let mut rare: Vec<&str> = set.iter().map(String::as_str).collect();
        rare.sort_by_key(|n| (freq.get(n).copied().unwrap_or(0), *n));
        let prefix = set.len() - (4 * set.len()).div_ceil(5) + 1;
        for name in &rare[..prefix.min(rare.len())] {
            for &c in index.get(name).map(Vec::as_slice).unwrap_or(&[]) {
                if seen[c] == r {
                    continue;
                }
                seen[c] = r;
                let other = &all[c].2;
                // sets of very different sizes cannot overlap by 80%
                if set.len().min(other.len()) * 5 < set.len().max(other.len()) * 4 {
                    continue;
                }
                comparisons += 1;
                if comparisons > MAX_COMPARISONS {
                    stopped = true;
                    break 'sets;
                }
                if overlap(set, other).2 >= 80 {
                    groups.join(c, r);
                }
            }
            index.entry(name).or_default().push(r);
        }
    }
    let group_of: Vec<usize> = (0..all.len()).map(|i| groups.root(i)).collect();
    let mut reported = vec![false; all.len()];
    // one warning per group of copied sets
    let mut copied: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, g) in group_of.iter().enumerate() {
        copied.entry(*g).or_default().push(i);
    }
    for members in copied.values().filter(|m| m.len() >= 2) {
        let group: Vec<(usize, &PerformanceTable)> = members.iter().map(|&i| (all[i].0, all[i].1)).collect();
        let locs = group.iter().map(|(b, pt)| here(*b, pt)).collect();
        let (subject, message) = if let [a, b] = members.as_slice() {
            let (common, union, pct) = overlap(&all[*a].2, &all[*b].2);
            let (a, b) = (all[*a].1, all[*b].1);
            (
                pair_subject(a, b),
                (
                    format!(
                        "{}与{}的三级指标有 {common} 个相同（共 {union} 个，重合 {pct}%），指标体系像是照抄的",
                        block_name(a),
                        block_name(b)
                    ),
                    format!(
                        "{} and {} share {common} of {union} indicator names ({pct}%): the set looks copied",
                        block_name_en(a),
                        block_name_en(b)
                    ),
                ),
            )
        } else {
            let (zh, en) = group_names(&group);
            (
                (
                    format!("{zh}的指标不雷同"),
                    format!("{en} have distinct indicators"),
                ),
                (
                    format!("{zh}的三级指标两两重合 80% 以上，指标体系像是照抄的"),
                    format!("{en} share at least 80% of their indicator names: the sets look copied"),
                ),
            )
        };
        out.fail(rule, Severity::Warning, subject, message, locs);
        members.iter().for_each(|&i| reported[i] = true);
    }
    // one warning per goal stated word for word by projects not already reported together
    let mut goals: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (_, pt, _)) in all.iter().enumerate() {
        if let Some(g) = goal(pt) {
            goals.entry(g).or_default().push(i);
        }
    }
    for members in goals.values().filter(|m| m.len() >= 2) {
        if members.iter().all(|&i| group_of[i] == group_of[members[0]]) {
            continue;
        }
        let group: Vec<(usize, &PerformanceTable)> = members.iter().map(|&i| (all[i].0, all[i].1)).collect();
        let locs = group.iter().map(|(b, pt)| here(*b, pt)).collect();
        let (subject, message) = if let [(_, a), (_, b)] = group.as_slice() {
            (
                pair_subject(a, b),
                (
                    format!("{}与{}的绩效目标文字完全相同", block_name(a), block_name(b)),
                    format!(
                        "{} and {} state the same goal word for word",
                        block_name_en(a),
                        block_name_en(b)
                    ),
                ),
            )
        } else {
            let (zh, en) = group_names(&group);
            (
                (format!("{zh}的目标不雷同"), format!("{en} have distinct goals")),
                (
                    format!("{zh}的绩效目标文字完全相同"),
                    format!("{en} state the same goal word for word"),
                ),
            )
        };
        out.fail(rule, Severity::Warning, subject, message, locs);
        members.iter().for_each(|&i| reported[i] = true);
    }
    if stopped {
        out.not_checked(
            rule,
            (
                "各项目的指标是否雷同".into(),
                "whether projects copy each other's indicators".into(),
            ),
            (
                format!("绩效目标表太多：比较了 {MAX_COMPARISONS} 对之后其余未比较"),
                format!(
                    "too many performance tables: the rest were not compared after {MAX_COMPARISONS} pairs"
                ),
            ),
        );
        out.notes.push(crate::model::ParseIssue {
            code: "P005".into(),
            line: all.first().map_or(0, |(_, pt, _)| pt.line),
            message_zh: format!(
                "绩效目标表太多：PF013 比较了 {MAX_COMPARISONS} 对之后其余未比较，文档未完整核对"
            ),
            message_en: format!(
                "too many performance tables: PF013 compared {MAX_COMPARISONS} pairs and left the rest; the document was not fully checked"
            ),
        });
        return;
    }
    // each project that copies none is one passed check
    for (i, (b, pt, _)) in all.iter().enumerate() {
        if !reported[i] {
            out.pass(
                rule,
                (
                    format!("{}的指标和目标不与其他项目雷同", block_name(pt)),
                    format!("{} has indicators and a goal of its own", block_name_en(pt)),
                ),
                vec![here(*b, pt)],
            );
        }
    }
}

fn pair_subject(a: &PerformanceTable, b: &PerformanceTable) -> (String, String) {
    (
        format!("{}与{}的指标不雷同", block_name(a), block_name(b)),
        format!(
            "{} and {} have distinct indicators",
            block_name_en(a),
            block_name_en(b)
        ),
    )
}
