use crate::definitions::{self, Scope};
use crate::model::{Table, TableKind};
use crate::narrative::lex::{clauses, tidy};
use crate::rules::bind::{self, Item};
use crate::rules::cross_table::compare;
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 机关运行经费不超过一般公共预算基本支出中的公用经费（只在全部单位都是行政或参公单位时两者
    /// 相等，所以规则是“≤”而不是“=”）。Administrative operating costs do not exceed the public
    /// (公用) part of basic expenditure.
    ///
    /// Where the document says its 机关运行经费 includes project-funded running costs (江苏 2017:
    /// “2017 年将涉及机关运行的项目经费支出纳入了本表”), the bound does not hold by the document's own
    /// definition: that bound is listed as not checked and 机关运行经费 is checked against the
    /// whole 一般公共预算支出 instead. Known regional definitions by region and year (江苏 2017)
    /// are data (`data/definitions/operating-cost.csv`), applied to documents that do not state
    /// their definition themselves; the document's own statement takes precedence.
    ///
    /// ## Severity
    /// Error: with 机关运行经费 defined as part of 公用经费, the two tables cannot both be right.
    ///
    /// ## Why it matters
    /// 机关运行经费是公用经费中行政单位的那一部分；超过公用经费说明其中之一填错。
    ///
    /// ## Example
    /// `tests/fixtures/rules/operating-cost-exceeds-public/fail_operating.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic; 元 and 万元 converted exactly.
    ///
    /// ## Known limitations
    /// 机关运行经费 is read from the 机关运行经费表 (Jiangsu) or the 机关运行经费 column of the
    /// "三公" table (Shanghai); the narrative's figure is a narrative rule.
    pub static OPERATING_COST_EXCEEDS_PUBLIC = {
        code: "XT009",
        name: "operating-cost-exceeds-public",
        title_zh: "机关运行经费超过公用经费",
        title_en: "Operating costs exceed public expenditure",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::OperatingCost, TableKind::ThreePublic, TableKind::GeneralBudgetBasic],
        basis: &["机关运行经费为行政单位（含参公）一般公共预算基本支出中的公用经费"],
        since: "0.1.0",
        check: check,
    };
}

/// 公用经费 of a basic table: the 公用经费 column of its total row, the 公用经费合计 of the
/// two-panel layout, or the sum of the 302/307/309/310/399 class rows.
fn public_cost(t: &Table) -> Option<Vec<Ref<'_>>> {
    if let Some(col) = bind::column(t, 0, &["公用经费"]) {
        return Some(vec![Ref::new(t, bind::total_row(t, 0)?, col)]);
    }
    for p in 0..t.panel_count() {
        if let Some(r) = bind::total_row(t, p).filter(|r| bind::label(t, *r, p).contains("公用经费")) {
            return Some(vec![Ref::new(t, r, bind::first_amount(t, p)?)]);
        }
    }
    let mut v = Vec::new();
    for p in 0..t.panel_count() {
        let Some(col) = bind::first_amount(t, p) else {
            continue;
        };
        for r in 0..t.rows.len() {
            let Some(c) = t.head(r, p).and_then(|h| h.code.as_ref()) else {
                continue;
            };
            if c.level == crate::model::CodeLevel::Class
                && matches!(c.class.as_deref(), Some("302" | "307" | "309" | "310" | "399"))
            {
                v.push(Ref::new(t, r, col));
            }
        }
    }
    (!v.is_empty()).then_some(v)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &OPERATING_COST_EXCEEDS_PUBLIC;
    let basic =
        bind::table(ctx, TableKind::GeneralBudgetBasic).or_else(|| bind::table(ctx, TableKind::FiscalBasic));
    let Some(tb) = basic else { return };
    let Some(public) = public_cost(tb) else { return };
    let mut operating: Vec<Ref<'_>> = Vec::new();
    if let Some(t) = bind::table(ctx, TableKind::OperatingCost) {
        if let (Some(r), Some(c)) = (bind::total_row(t, 0), bind::first_amount(t, 0)) {
            operating.push(Ref::new(t, r, c));
        }
    }
    if let Some(t) = bind::table(ctx, TableKind::ThreePublic) {
        let cols = bind::three_public_columns(t);
        if let Some(c) = cols.iter().find(|x| x.1 == Some(Item::Operating)).map(|x| x.0) {
            if let Some(r) = (0..t.rows.len()).find(|r| t.cell(*r, c).amount().is_some()) {
                operating.push(Ref::new(t, r, c));
            }
        }
    }
    if operating.is_empty() {
        return;
    }
    if let Some((zh, en)) = wider_definition(ctx) {
        out.not_checked(
            rule,
            (
                "机关运行经费 ≤ 公用经费".into(),
                "operating costs ≤ public expenditure".into(),
            ),
            (zh, en),
        );
        // by that definition it is still part of 一般公共预算支出
        if let Some(t) = bind::table(ctx, TableKind::GeneralBudgetExpenditure) {
            if let (Some(r), Some(c)) = (bind::total_row(t, 0), bind::first_amount(t, 0)) {
                for op in operating {
                    compare(rule, Relation::Ge, Ref::new(t, r, c), &[op], out);
                }
            }
        }
        return;
    }
    for op in operating {
        // public ≥ operating: the whole is the 公用经费
        let (whole, rest) = public.split_first().expect("non-empty");
        if rest.is_empty() {
            compare(rule, Relation::Ge, *whole, &[op], out);
        }
    }
}

/// Why 机关运行经费 is not bounded by 公用经费 in this document: the document's own statement
/// that it includes project spending (it takes precedence), else a known regional definition.
fn wider_definition(ctx: &Context<'_>) -> Option<(String, String)> {
    for s in &ctx.doc.sections {
        for p in &s.paragraphs {
            let text = tidy(&p.text);
            for (a, b) in clauses(&text) {
                let c = &text[a..b];
                if states_wider(c) || (states_wider(&text) && c.contains("口径")) {
                    return Some((
                        format!("文件说明（第 {} 行）本年机关运行经费口径含项目支出中的运行经费，不以公用经费为上限", p.line),
                        format!(
                            "the document states (line {}) that its 机关运行经费 includes project-funded running costs, so 公用经费 is no upper bound",
                            p.line
                        ),
                    ));
                }
            }
        }
    }
    // else the region's definition for the year (data/definitions/operating-cost.csv)
    let year = ctx.doc.year?;
    let dept = ctx.doc.department.as_deref()?;
    definitions::lookup("机关运行经费", dept, year)
        .filter(|d| d.scope == Scope::WithProjectRunningCosts)
        .map(|d| {
            (
                format!(
                    "{} {} 年的地区口径：{}（data/definitions/operating-cost.csv）",
                    d.region, d.year, d.definition_zh
                ),
                format!(
                    "the regional definition of {} {}: {} (data/definitions/operating-cost.csv)",
                    d.region, d.year, d.definition_en
                ),
            )
        })
}

/// True when a text says that project (专项/项目) spending is counted in 机关运行经费.
fn states_wider(t: &str) -> bool {
    let about = t.contains("机关运行") || t.contains("行政运行经费") || t.contains("运行经费");
    let project = t.contains("项目") || t.contains("专项");
    let counted = ["纳入", "计入", "统计在", "统计口径含", "包含", "含单位"]
        .iter()
        .any(|w| t.contains(w));
    about && project && counted
}
