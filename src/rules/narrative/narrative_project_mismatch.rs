use crate::model::{Cell, ColumnRole, Table, TableKind};
use crate::parse::normalize::squeeze;
use crate::report::Severity;
use crate::rules::bind;
use crate::rules::identity::{location_of, Ref};
use crate::rules::narrative::{fail, text_location};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 项目说明（项目名称 / 预算安排规模）与项目支出表一致：同名项目的金额相等（错误）；名称只是
    /// 相近（“信息化项目建设经费”与“信息化建设项目”）时提示名称不一致（警告），金额仍要相等。
    /// A project described in the narrative matches the 项目支出表: same amount for the same name
    /// (error), and a warning when the names only resemble each other (character-pair
    /// similarity ≥ 0.5, the best and only such row). The 绩效目标表's 年度资金总额 for the project is
    /// quoted in the message when it agrees with the table.
    ///
    /// ## Severity
    /// Error when 预算安排规模 differs from the project table's amount; warning when the project's
    /// name only resembles the table's (the row is bound by likeness, not certainty). See
    /// docs/severity.md.
    ///
    /// ## Why it matters
    /// 同一个项目在说明、项目表和绩效目标表中金额不同，公众无法知道项目到底安排了多少钱；名称不一致
    /// 使项目无法被追踪。
    ///
    /// ## Example
    /// `tests/fixtures/rules/narrative-project-mismatch/fail_amount.md`
    /// (独山子区委网信办 2019：网络维护费 说明 212.74 万元，项目支出表和绩效目标表 212.75 万元).
    ///
    /// ## Known limitations
    /// Only 项目名称/预算安排规模 blocks are read; projects mentioned inside running text are not.
    pub static NARRATIVE_PROJECT_MISMATCH = {
        code: "NR009",
        name: "narrative-project-mismatch",
        title_zh: "项目说明与项目支出表不符",
        title_en: "Project description differs from the project table",
        family: Narrative,
        severity: Error,
        tables: &[TableKind::ProjectExpenditure],
        basis: &["部门预算公开模板：项目支出情况说明与项目支出表"],
        since: "0.1.0",
        check: check,
    };
}

/// Character-pair (bigram) Dice similarity of two names.
fn similarity(a: &str, b: &str) -> Ratio {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (pa, pb) = (pairs(a), pairs(b));
    if pa.is_empty() || pb.is_empty() {
        return Ratio { num: 0, den: 1 };
    }
    let mut used = vec![false; pb.len()];
    let mut common = 0;
    for x in &pa {
        if let Some(k) = (0..pb.len()).find(|&k| !used[k] && pb[k] == *x) {
            used[k] = true;
            common += 1;
        }
    }
    Ratio {
        num: 2 * common,
        den: pa.len() + pb.len(),
    }
}

/// An exact ratio (no floats in the core).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ratio {
    num: usize,
    den: usize,
}

impl Ratio {
    fn at_least_half(self) -> bool {
        2 * self.num >= self.den
    }
    fn gt(self, o: Ratio) -> bool {
        self.num * o.den > o.num * self.den
    }
}

/// (row, project name, amount cell) of a project table.
fn project_rows(t: &Table) -> Vec<(usize, String, Ref<'_>)> {
    let Some(amount_col) = bind::first_amount(t, 0) else {
        return Vec::new();
    };
    let name_col = t
        .columns
        .iter()
        .position(|c| c.role == ColumnRole::Text && c.header.iter().any(|h| h.contains("项目")));
    (0..t.rows.len())
        .filter_map(|r| {
            let name = match name_col {
                Some(c) => match t.cell(r, c) {
                    Cell::Text(s) => squeeze(s),
                    _ => return None,
                },
                None => bind::label(t, r, 0),
            };
            let total = t
                .head(r, 0)
                .is_some_and(|h| h.kind == crate::model::RowKind::Total);
            (!name.is_empty() && !total && t.cell(r, amount_col).amount().is_some())
                .then(|| (r, name, Ref::new(t, r, amount_col)))
        })
        .collect()
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &NARRATIVE_PROJECT_MISMATCH;
    let n = ctx.narrative();
    let table = bind::table(ctx, TableKind::ProjectExpenditure);
    for p in &n.projects {
        let Some((amount, line)) = &p.amount else { continue };
        let name = squeeze(&p.name);
        let subject = (
            format!("项目“{}”：说明 = 项目支出表", p.name),
            format!("project \"{}\": narrative = project table", p.name),
        );
        let Some(t) = table else {
            out.not_checked(
                rule,
                subject,
                (
                    "文档中没有项目支出表".into(),
                    "no project table in the document".into(),
                ),
            );
            continue;
        };
        let rows = project_rows(t);
        let exact = rows.iter().find(|(_, n, _)| *n == name);
        let row = exact.or_else(|| {
            let mut scored: Vec<(Ratio, &(usize, String, Ref<'_>))> = rows
                .iter()
                .map(|r| (similarity(&name, &r.1), r))
                .filter(|(s, _)| s.at_least_half())
                .collect();
            scored.sort_by(|a, b| {
                if a.0.gt(b.0) {
                    std::cmp::Ordering::Less
                } else if b.0.gt(a.0) {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            });
            match scored.as_slice() {
                [(best, r), rest @ ..] if rest.first().is_none_or(|(s, _)| best.gt(*s)) => Some(*r),
                _ => None,
            }
        });
        let Some((_, table_name, cell)) = row else {
            out.not_checked(
                rule,
                subject,
                (
                    format!("项目支出表中找不到名为“{}”或相近的项目", p.name),
                    format!("no project named like \"{}\" in the project table", p.name),
                ),
            );
            continue;
        };
        let locations = vec![
            text_location(
                ctx,
                p.section,
                *line,
                &format!("项目名称：{}；预算安排规模：{}", p.name, amount.raw),
                "narrative",
            ),
            location_of(cell, "table"),
        ];
        if *table_name != name {
            fail(
                out,
                rule,
                Severity::Warning,
                (
                    format!("项目名称“{}”与项目支出表一致", p.name),
                    format!("project name \"{}\" matches the table", p.name),
                ),
                (
                    format!("说明中的项目“{}”在项目支出表中叫“{}”", p.name, table_name),
                    format!(
                        "the narrative's project \"{}\" is called \"{}\" in the project table",
                        p.name, table_name
                    ),
                ),
                None,
                locations.clone(),
            );
        }
        let Some(a) = t.cell(cell.row, cell.col).amount() else {
            continue;
        };
        if a.interval().meets(&amount.interval()) {
            out.pass(rule, subject, locations);
            continue;
        }
        let perf = ctx
            .doc
            .performance
            .iter()
            .find(|pt| {
                pt.project.as_deref().map(squeeze).as_deref() == Some(table_name.as_str())
                    || pt.project.as_deref().map(squeeze).as_deref() == Some(name.as_str())
            })
            .and_then(|pt| pt.total_funds.clone());
        let perf_note = match &perf {
            Some(v) => (
                format!("；绩效目标表年度资金总额为 {v}"),
                format!("; the performance table says {v}"),
            ),
            None => (String::new(), String::new()),
        };
        let unit = t.unit.map(|u| u.label()).unwrap_or("");
        fail(
            out,
            rule,
            Severity::Error,
            subject,
            (
                format!(
                    "项目“{}”说明中预算安排规模为 {}，项目支出表为 {}{unit}{}",
                    p.name, amount.raw, a.raw, perf_note.0
                ),
                format!(
                    "project \"{}\" is {} in the narrative but {}{unit} in the project table{}",
                    p.name, amount.raw, a.raw, perf_note.1
                ),
            ),
            Some(format!("{} ≠ {}{unit}", amount.raw, a.raw)),
            locations,
        );
    }
}
