use crate::model::{Table, TableKind};
use crate::rules::bind::{self, Item};
use crate::rules::cross_table::compare;
use crate::rules::identity::{Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 基本支出表中的 30212 因公出国（境）费用、30217 公务接待费、30231 公务用车运行维护费、
    /// 31013/30913 公务用车购置，不能大于“三公”经费表中对应的项目（“三公”经费含基本支出和项目支出，
    /// 决算表对决算数）。An economic-classification line of the basic expenditure table cannot
    /// exceed the matching "three public" item.
    ///
    /// ## Why it matters
    /// 部分不能大于整体：基本支出中的公务接待费大于全部公务接待费，两张表不能同时成立。
    ///
    /// ## Example
    /// `tests/fixtures/rules/three-public-economic-mismatch/fail_reception.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic; 元 and 万元 converted exactly.
    ///
    /// A row is bound by its code and its name together: a table that renumbered its codes
    /// ("30212 机关事业单位退休人员活动费") is not compared (ST004 reports the renumbering).
    ///
    /// ## Known limitations
    /// Binds by exact economic code and the 三公 column's header words; a blank line in the
    /// basic table is not compared ("blank is not zero").
    pub static THREE_PUBLIC_ECONOMIC_MISMATCH = {
        code: "XT008",
        name: "three-public-economic-mismatch",
        title_zh: "基本支出经济分类超过“三公”经费",
        title_en: "Basic expenditure line exceeds the three-public item",
        family: CrossTable,
        severity: Error,
        tables: &[TableKind::GeneralBudgetBasic, TableKind::FiscalBasic, TableKind::ThreePublic],
        basis: &["“三公”经费 = 基本支出与项目支出中的因公出国（境）费、公务用车购置及运行费、公务接待费"],
        since: "0.1.0",
        check: check,
    };
}

/// The row of an economic code in a basic-expenditure table, with its amount column. The row's
/// name must say the same thing (`word`): a table that renumbered its codes prints
/// "30212 机关事业单位退休人员活动费", which is not the 因公出国（境）费用.
fn economic_cell<'a>(t: &'a Table, codes: &[&str], word: &str) -> Option<Ref<'a>> {
    for p in 0..t.panel_count() {
        let col = bind::first_amount(t, p)?;
        for r in 0..t.rows.len() {
            let Some(c) = t.head(r, p).and_then(|h| h.code.as_ref()) else {
                continue;
            };
            let named = t
                .head(r, p)
                .is_some_and(|h| crate::parse::normalize::squeeze(&h.label).contains(word));
            if c.joined().is_some_and(|j| codes.contains(&j.as_str()))
                && named
                && t.cell(r, col).amount().is_some()
            {
                return Some(Ref::new(t, r, col));
            }
        }
    }
    None
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &THREE_PUBLIC_ECONOMIC_MISMATCH;
    let Some(tp) = bind::table(ctx, TableKind::ThreePublic) else {
        return;
    };
    let cols = bind::three_public_columns(tp);
    // the measure to compare: 决算数 when the table has it, else the only one
    let measure = if cols.iter().any(|c| c.2 == Some("决算数")) {
        Some("决算数")
    } else {
        None
    };
    let col = |item: Item| {
        cols.iter()
            .find(|x| x.1 == Some(item) && (measure.is_none() || x.2 == measure))
            .map(|x| x.0)
    };
    let Some(row) = (0..tp.rows.len()).find(|r| tp.rows[*r].cells.iter().any(|c| c.amount().is_some()))
    else {
        return;
    };
    for basic_kind in [TableKind::GeneralBudgetBasic, TableKind::FiscalBasic] {
        let Some(tb) = bind::table(ctx, basic_kind) else {
            continue;
        };
        for (codes, word, item) in [
            (&["30212"][..], "出国", Item::Abroad),
            (&["30217"][..], "接待", Item::Reception),
            (&["30231"][..], "车", Item::Running),
            (&["31013", "30913"][..], "车", Item::Purchase),
        ] {
            let (Some(part), Some(c)) = (economic_cell(tb, codes, word), col(item)) else {
                continue;
            };
            compare(rule, Relation::Ge, Ref::new(tp, row, c), &[part], out);
        }
    }
}
