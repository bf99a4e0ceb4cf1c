use rust_decimal::Decimal;

use crate::model::{
    format_amount, Amount, Cell, ColumnRole, Document, Interval, PerformanceTable, TableKind,
};
use crate::parse::normalize::squeeze;
use crate::perf::{self, block_name, block_name_en, similarity};
use crate::report::{Location, Severity};
use crate::rules::identity::{location_of, Ref};
use crate::rules::performance::{block_loc, blocks, intervals, narrative_loc};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 同一个项目的金额在各处一致：绩效目标表的项目资金（年度资金总额）、项目支出表中该项目的
    /// 金额、情况说明中该项目的“预算安排规模”；说明中的“资金分配情况”各项之和等于预算安排规模；
    /// 绩效目标表的年度资金总额 = 财政拨款 + 其他资金。The amount of one project agrees
    /// wherever it is printed: the performance table's 项目资金, the project table's row, the
    /// narrative's 预算安排规模 (which equals its 资金分配); and 年度资金总额 = 财政拨款 + 其他资金.
    ///
    /// ## Why it matters
    /// 同一笔钱在三处写成三个数，读者无从知道哪个是真的；绩效目标也要与预算“相应匹配”。这条规则
    /// 独自负责项目金额的比较，一个不一致只报告一次，并说明哪几处一致、哪一处不同。
    ///
    /// ## Example
    /// `tests/fixtures/rules/project-funds-mismatch/fail_narrative_differs.md`: 项目支出表和
    /// 绩效目标表为 212.75 万元，说明的预算安排规模为 212.74 万元。
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed precision; an integer printed among amounts with
    /// decimals is read at their precision (`27` next to `68.11` is 27.00). Units are
    /// converted exactly.
    ///
    /// ## Matching
    /// Projects are matched by name: exact, or the most similar name (character-bigram Dice ≥
    /// 50%, "信息化建设项目" ~ "信息化项目建设经费") when no other project is closer. A
    /// project that matches nothing in a source is compared with the sources it does match.
    ///
    /// ## Known limitations
    /// The narrative is read in the Xinjiang layout: a "项目名称：…" paragraph followed by
    /// "预算安排规模：… 万元" and "资金分配情况：…". Other phrasings are not read.
    pub static PROJECT_FUNDS_MISMATCH = {
        code: "PF014",
        name: "project-funds-mismatch",
        title_zh: "项目金额在各处不一致",
        title_en: "Project amount differs between sources",
        family: Performance,
        severity: Error,
        tables: &[TableKind::ProjectExpenditure],
        basis: &["财预〔2015〕88号：绩效目标要与预算确定的投入相匹配", "部门预算公开：项目支出表与情况说明"],
        since: "0.2.0",
        check: check,
    };
}

/// A project described in the narrative (read by [`crate::narrative`], as NR009 reads it).
#[derive(Debug, Clone)]
pub(crate) struct NarrativeProject {
    pub name: String,
    pub section: usize,
    pub scale: Option<(Amount, u32)>,
    pub allocation: Vec<(String, Amount)>,
}

/// Money amounts printed in a text: (text before it, amount, raw).
pub(crate) fn amounts_in(text: &str) -> Vec<(String, Amount)> {
    let cs: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut name_start = 0;
    while i < cs.len() {
        if !cs[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let s = i;
        while i < cs.len() && (cs[i].is_ascii_digit() || cs[i] == '.' || cs[i] == ',') {
            i += 1;
        }
        let num: String = cs[s..i].iter().collect();
        let rest: String = cs[i..].iter().take(2).collect();
        let unit = if rest.starts_with("万元") {
            Some((crate::model::Unit::WanYuan, 2))
        } else if rest.starts_with("亿元") {
            Some((crate::model::Unit::YiYuan, 2))
        } else if rest.starts_with('元') {
            Some((crate::model::Unit::Yuan, 1))
        } else {
            None
        };
        let Some((unit, n)) = unit else { continue };
        let Some(p) = crate::parse::lexer::parse_number(num.trim_end_matches(['.', ','])) else {
            continue;
        };
        let name: String = cs[name_start..s]
            .iter()
            .collect::<String>()
            .trim_matches(|c: char| "，,；;、：:。 ".contains(c))
            .to_string();
        out.push((
            name,
            Amount {
                value: p.value,
                decimals: p.decimals,
                unit,
                raw: num,
            },
        ));
        i += n;
        name_start = i;
    }
    out
}

fn figure_amount(f: &crate::narrative::lex::Figure) -> Option<Amount> {
    match f.kind {
        crate::narrative::lex::FigureKind::Amount(unit) => Some(Amount {
            value: f.value,
            decimals: f.decimals,
            unit,
            raw: format_amount(f.value, f.decimals),
        }),
        _ => None,
    }
}

/// The projects the narrative describes ("项目名称：…", "预算安排规模：…", "资金分配情况：…").
pub(crate) fn narrative_projects(ctx: &Context<'_>) -> Vec<NarrativeProject> {
    ctx.narrative()
        .projects
        .iter()
        .map(|p| NarrativeProject {
            name: p.name.clone(),
            section: p.section,
            scale: p
                .amount
                .as_ref()
                .and_then(|(f, line)| figure_amount(f).map(|a| (a, *line))),
            allocation: p
                .allocation
                .iter()
                .filter_map(|(label, f)| figure_amount(f).map(|a| (label.clone(), a)))
                .collect(),
        })
        .collect()
}

/// The best match of `name` among `candidates` (index), when it is good and no other block is
/// closer to it.
pub(crate) fn best_match(name: &str, candidates: &[String], others: &[String]) -> Option<usize> {
    let scored: Vec<(usize, u32)> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (i, similarity(name, c)))
        .collect();
    let (i, s) = scored.iter().copied().max_by_key(|(_, s)| *s)?;
    if s < 50 || scored.iter().filter(|(_, x)| *x == s).count() > 1 {
        return None;
    }
    // another block's project that matches this candidate better takes it
    if others
        .iter()
        .any(|o| o != name && similarity(o, &candidates[i]) > s)
    {
        return None;
    }
    Some(i)
}

struct Source {
    zh: String,
    en: String,
    amount: Amount,
    loc: Location,
}

fn project_rows(doc: &Document) -> Vec<(String, Ref<'_>)> {
    let mut out = Vec::new();
    for t in doc
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::ProjectExpenditure)
    {
        let name_col = t.columns.iter().position(|c| {
            matches!(c.role, ColumnRole::Text | ColumnRole::Label) && squeeze(&c.path()).contains("项目名称")
        });
        let Some(nc) = name_col else { continue };
        let Some(ac) = crate::rules::bind::first_amount(t, t.columns[nc].panel) else {
            continue;
        };
        for (r, row) in t.rows.iter().enumerate() {
            let name = match row.cells.get(nc) {
                Some(Cell::Text(s)) => s.clone(),
                _ => continue,
            };
            if squeeze(&name).is_empty() || ["合计", "总计", "小计"].contains(&squeeze(&name).as_str())
            {
                continue;
            }
            if row.cells.get(ac).and_then(|c| c.amount()).is_some() {
                out.push((name, Ref::new(t, r, ac)));
            }
        }
    }
    out
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &PROJECT_FUNDS_MISMATCH;
    let narrative = narrative_projects(ctx);
    let rows = project_rows(ctx.doc);
    let block_names: Vec<String> = ctx
        .doc
        .performance
        .iter()
        .filter_map(|p| p.project.clone())
        .collect();
    let nar_names: Vec<String> = narrative.iter().map(|n| n.name.clone()).collect();
    let row_names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    for (b, pt) in blocks(ctx) {
        internal(rule, b, pt, out);
        let Some(project) = pt.project.clone() else {
            continue;
        };
        let mut sources: Vec<Source> = Vec::new();
        if let Some(a) = pt
            .total_funds
            .as_deref()
            .and_then(|t| perf::funds_amount(t, pt.funds_unit))
        {
            sources.push(Source {
                zh: "绩效目标表".into(),
                en: "the performance table".into(),
                loc: block_loc(
                    b,
                    pt.funds_line.unwrap_or(pt.line),
                    "年度资金总额",
                    "绩效目标表/项目资金",
                    &a.raw,
                    "source",
                ),
                amount: a,
            });
        } else if let Some(a) = perf::budget(pt) {
            sources.push(Source {
                zh: "绩效目标表".into(),
                en: "the performance table".into(),
                loc: block_loc(
                    b,
                    pt.funds_line.unwrap_or(pt.line),
                    "项目资金",
                    "绩效目标表/项目资金",
                    &a.raw,
                    "source",
                ),
                amount: a,
            });
        }
        if let Some(i) = best_match(&project, &row_names, &block_names) {
            let r = rows[i].1;
            if let Some(a) = r.table.cell(r.row, r.col).amount() {
                let mut l = location_of(&r, "source");
                l.row_label = format!("{}（{}）", rows[i].0, l.row_label);
                sources.push(Source {
                    zh: "项目支出表".into(),
                    en: "the project expenditure table".into(),
                    amount: a.clone(),
                    loc: l,
                });
            }
        }
        let nar = best_match(&project, &nar_names, &block_names).map(|i| &narrative[i]);
        let mut alloc_note = (String::new(), String::new());
        if let Some(n) = nar {
            if let Some((a, line)) = &n.scale {
                sources.push(Source {
                    zh: "情况说明“预算安排规模”".into(),
                    en: "the narrative's 预算安排规模".into(),
                    amount: a.clone(),
                    loc: narrative_loc(
                        ctx,
                        n.section,
                        *line,
                        &format!("项目名称：{}；预算安排规模：{}", n.name, show(a)),
                        "source",
                    ),
                });
            }
            if n.allocation.len() >= 2 {
                alloc_note = allocation(n);
            }
        }
        if sources.len() < 2 {
            if !sources.is_empty() {
                out.not_checked_at(
                    rule,
                    (
                        format!("项目「{project}」的金额在各处一致"),
                        format!("project \"{project}\": same amount everywhere"),
                    ),
                    (
                        "项目支出表和情况说明中都没有找到这个项目的金额".into(),
                        "neither the project table nor the narrative gives this project's amount".into(),
                    ),
                    sources.into_iter().map(|s| s.loc).collect(),
                );
            }
            continue;
        }
        compare(rule, &project, sources, alloc_note, out);
    }
}

fn show(a: &Amount) -> String {
    format!("{} {}", a.raw, a.unit.label())
}

/// 年度资金总额 = 财政拨款 + 其他资金.
fn internal(rule: &'static crate::rules::Rule, b: usize, pt: &PerformanceTable, out: &mut Sink) {
    let unit = pt.funds_unit;
    let (Some(total), Some(fiscal)) = (
        pt.total_funds
            .as_deref()
            .and_then(|t| perf::funds_amount(t, unit)),
        pt.fiscal_funds
            .as_deref()
            .and_then(|t| perf::funds_amount(t, unit)),
    ) else {
        return;
    };
    let other = pt.other_funds.as_deref().and_then(|t| {
        perf::funds_amount(t, unit).or_else(|| {
            (perf::value::parse(t).number() == Some(Decimal::ZERO))
                .then(|| Amount::new(Decimal::ZERO, total.unit, "0"))
        })
    });
    let mut parts = vec![&fiscal];
    if let Some(o) = &other {
        parts.push(o);
    }
    let mut all = parts.clone();
    all.push(&total);
    let ivs = intervals(&all);
    let sum = Interval::sum(ivs[..parts.len()].iter().copied());
    let line = pt.funds_line.unwrap_or(pt.line);
    let terms: Vec<String> = parts.iter().map(|a| a.raw.clone()).collect();
    let subject = (
        format!("{}：年度资金总额 = 财政拨款 + 其他资金", block_name(pt)),
        format!("{}: 年度资金总额 = 财政拨款 + 其他资金", block_name_en(pt)),
    );
    let mut locs = vec![block_loc(
        b,
        line,
        "年度资金总额",
        "绩效目标表/项目资金",
        &total.raw,
        "total",
    )];
    locs.push(block_loc(
        b,
        line,
        "财政拨款",
        "绩效目标表/项目资金",
        &fiscal.raw,
        "part",
    ));
    if let Some(o) = &other {
        locs.push(block_loc(
            b,
            line,
            "其他资金",
            "绩效目标表/项目资金",
            &o.raw,
            "part",
        ));
    }
    if sum.meets(&ivs[parts.len()]) {
        out.pass(rule, subject, locs);
        return;
    }
    let s: Decimal = parts.iter().map(|a| a.yuan()).sum::<Decimal>() / total.unit.yuan_factor();
    out.fail(
        rule,
        Severity::Error,
        subject,
        (
            format!(
                "{}：年度资金总额 {} ≠ 财政拨款 + 其他资金 {} = {}",
                block_name(pt),
                total.raw,
                terms.join(" + "),
                format_amount(s, total.decimals.max(2))
            ),
            format!(
                "{}: 年度资金总额 {} ≠ 财政拨款 + 其他资金 {} = {}",
                block_name_en(pt),
                total.raw,
                terms.join(" + "),
                format_amount(s, total.decimals.max(2))
            ),
        ),
        locs,
    );
}

/// The narrative's 资金分配, quoted next to its 预算安排规模 when the amounts disagree. Whether
/// the allocation adds up is NR008's question (narrative-breakdown-mismatch), not this rule's.
fn allocation(n: &NarrativeProject) -> (String, String) {
    let items: Vec<&Amount> = n.allocation.iter().map(|(_, a)| a).collect();
    let Some((scale, _)) = &n.scale else {
        return (String::new(), String::new());
    };
    let unit = items[0].unit;
    let d = items.iter().map(|a| a.decimals).max().unwrap_or(0);
    let total: Decimal = items.iter().map(|a| a.yuan()).sum::<Decimal>() / unit.yuan_factor();
    let terms: Vec<String> = items.iter().map(|a| a.raw.clone()).collect();
    let shown = format!(
        "{} = {} {}",
        terms.join(" + "),
        format_amount(total, d),
        unit.label()
    );
    let mut all = items.clone();
    all.push(scale);
    let ivs = intervals(&all);
    let sum = Interval::sum(ivs[..items.len()].iter().copied());
    if sum.meets(&ivs[items.len()]) {
        (
            format!("（其资金分配 {shown}，与之一致）"),
            format!(" (its allocation {shown} agrees with it)"),
        )
    } else {
        (
            format!("（其资金分配合计为 {shown}）"),
            format!(" (its allocation adds up to {shown})"),
        )
    }
}

fn compare(
    rule: &'static crate::rules::Rule,
    project: &str,
    sources: Vec<Source>,
    note: (String, String),
    out: &mut Sink,
) {
    let amounts: Vec<&Amount> = sources.iter().map(|s| &s.amount).collect();
    let ivs = intervals(&amounts);
    let names_zh: Vec<String> = sources.iter().map(|s| s.zh.clone()).collect();
    let subject = (
        format!("项目「{project}」的金额在{}中一致", names_zh.join("、")),
        format!(
            "project \"{project}\": same amount in {}",
            sources
                .iter()
                .map(|s| s.en.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    let locs: Vec<Location> = sources.iter().map(|s| s.loc.clone()).collect();
    let all_meet = (0..ivs.len()).all(|i| (i + 1..ivs.len()).all(|j| ivs[i].meets(&ivs[j])));
    if all_meet {
        out.pass(rule, subject, locs);
        return;
    }
    // clusters of sources that agree with the first of the cluster
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for i in 0..sources.len() {
        match clusters.iter_mut().find(|c| ivs[c[0]].meets(&ivs[i])) {
            Some(c) => c.push(i),
            None => clusters.push(vec![i]),
        }
    }
    clusters.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let unit = sources[clusters[0][0]].amount.unit;
    let describe = |c: &Vec<usize>, zh: bool| -> String {
        let who: Vec<&str> = c
            .iter()
            .map(|i| {
                if zh {
                    sources[*i].zh.as_str()
                } else {
                    sources[*i].en.as_str()
                }
            })
            .collect();
        let a = &sources[c[0]].amount;
        let v = format!(
            "{} {}",
            format_amount(a.yuan() / unit.yuan_factor(), a.decimals),
            unit.label()
        );
        match (zh, c.len()) {
            (true, 1) => format!("{}为 {v}", who[0]),
            (true, _) => format!("{}均为 {v}", who.join("和")),
            (false, 1) => format!("{} says {v}", who[0]),
            (false, _) => format!("{} say {v}", who.join(" and ")),
        }
    };
    let lone = clusters
        .iter()
        .rposition(|c| c.len() == 1)
        .filter(|_| clusters[0].len() >= 2);
    let mut parts_zh: Vec<String> = Vec::new();
    let mut parts_en: Vec<String> = Vec::new();
    for (k, c) in clusters.iter().enumerate() {
        let narrative = c
            .iter()
            .any(|i| sources[*i].loc.kind == crate::report::LocationKind::Text);
        let (nz, ne) = if narrative {
            (note.0.as_str(), note.1.as_str())
        } else {
            ("", "")
        };
        parts_zh.push(format!("{}{nz}", describe(c, true)));
        parts_en.push(format!("{}{ne}", describe(c, false)));
        let _ = k;
    }
    let gap = ivs[clusters[0][0]].gap(&ivs[clusters[1][0]]);
    let a0 = &sources[clusters[0][0]].amount;
    let a1 = &sources[clusters[1][0]].amount;
    let diff = (a0.yuan() - a1.yuan()).abs() / unit.yuan_factor();
    let d = a0.decimals.max(a1.decimals);
    let _ = gap;
    out.fail(
        rule,
        Severity::Error,
        subject,
        (
            format!(
                "项目「{project}」的金额不一致：{}，相差 {} {}",
                parts_zh.join("；"),
                format_amount(diff, d),
                unit.label()
            ),
            format!(
                "project \"{project}\": the amounts disagree: {}; {} {} apart",
                parts_en.join("; "),
                format_amount(diff, d),
                unit.label()
            ),
        ),
        locs,
    );
    if let (Some(k), Some(f)) = (lone, out.findings.last_mut()) {
        let odd = &sources[clusters[k][0]];
        let agree: Vec<&str> = clusters[0].iter().map(|i| sources[*i].zh.as_str()).collect();
        let agree_en: Vec<&str> = clusters[0].iter().map(|i| sources[*i].en.as_str()).collect();
        f.likely_wrong = Some(odd.loc.clone());
        f.attribution_zh = Some(format!(
            "{}一致，只有{}（第 {} 行）不同，最可能是它有误",
            agree.join("与"),
            odd.zh,
            odd.loc.line
        ));
        f.attribution_en = Some(format!(
            "{} agree; only {} (line {}) differs, so it is the likely error",
            agree_en.join(" and "),
            odd.en,
            odd.loc.line
        ));
    }
}
