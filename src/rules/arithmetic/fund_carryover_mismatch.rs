use crate::model::{DocKind, RowKind, Table, TableKind};
use crate::parse::normalize::squeeze;
use crate::rules::bind;
use crate::rules::identity::{balance, relation, row_where, Phrase, Ref, Relation};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 政府性基金预算、国有资本经营预算财政拨款收入支出决算表的每一行（合计行和各功能分类行）：
    /// - 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出（小计）；
    /// - 本年支出小计 = 基本支出 + 项目支出（表中有这两列时）。
    ///
    /// In the 决算 government-fund and state-capital tables, row by row: closing carry-over =
    /// opening carry-over + this year's appropriation − this year's spending, and spending =
    /// basic + project.
    ///
    /// ## Why it matters
    /// 政府性基金和国有资本经营预算资金专款专用、结余结转到下年；一行的结转结余对不上，说明收入、
    /// 支出或结转至少有一个数填错，公众无法知道这笔基金还剩多少。
    ///
    /// ## Example
    /// `tests/fixtures/rules/fund-carryover-mismatch/fail_closing.md`: 年初 10.00 + 本年收入 50.00
    /// − 本年支出 45.00 = 15.00, but 年末 prints 25.00.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed decimals; blanks as in the other identities (none in a
    /// table that never prints 0.00, unknown — at most a warning — where it does).
    ///
    /// ## Known limitations
    /// 决算 only (预算 versions print 合计 = 基本 + 项目, checked by AR002). Columns are bound by
    /// their headers (年初, 本年收入, 本年支出 小计/合计, 基本支出, 项目支出, 年末); a header naming
    /// two of them, or two columns naming the same one, makes the table not checked. Most such
    /// tables are published empty (本表为空表), so the rule rarely has numbers to read.
    pub static FUND_CARRYOVER_MISMATCH = {
        code: "AR010",
        name: "fund-carryover-mismatch",
        title_zh: "政府性基金/国有资本经营决算表结转结余不平衡",
        title_en: "Fund table carry-over does not roll forward",
        family: Arithmetic,
        severity: Error,
        tables: &[TableKind::GovernmentFund, TableKind::StateCapital],
        basis: &[
            "部门决算公开模板 政府性基金预算（国有资本经营预算）财政拨款收入支出决算表：年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余；本年支出 = 基本支出 + 项目支出",
        ],
        since: "0.1.0",
        confirm: PerTable,
        check: check,
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Opening,
    Income,
    Spending,
    Basic,
    Project,
    Closing,
}

impl Role {
    const ALL: [Role; 6] = [
        Role::Opening,
        Role::Income,
        Role::Spending,
        Role::Basic,
        Role::Project,
        Role::Closing,
    ];

    fn label(self) -> &'static str {
        match self {
            Role::Opening => "年初结转和结余",
            Role::Income => "本年收入",
            Role::Spending => "本年支出",
            Role::Basic => "基本支出",
            Role::Project => "项目支出",
            Role::Closing => "年末结转和结余",
        }
    }

    fn named_by(self, h: &str) -> bool {
        match self {
            Role::Opening => h.contains("年初"),
            Role::Income => h.contains("本年收入"),
            Role::Spending => {
                h.contains("本年支出") && (h.contains("小计") || h.contains("合计") || h == "本年支出")
            }
            Role::Basic => h.contains("基本支出"),
            Role::Project => h.contains("项目支出"),
            Role::Closing => h.contains("年末"),
        }
    }
}

/// Role → column, each header naming at most one role and each role named at most once.
fn columns(t: &Table) -> Result<Vec<(Role, usize)>, (String, String)> {
    let mut out: Vec<(Role, usize)> = Vec::new();
    for c in t.amount_columns(0) {
        let h = bind::header(t, c);
        let roles: Vec<Role> = Role::ALL.into_iter().filter(|r| r.named_by(&h)).collect();
        match roles.as_slice() {
            [] => {}
            [r] if !out.iter().any(|(x, _)| x == r) => out.push((*r, c)),
            [r] => {
                return Err((
                    format!("有两列都像“{}”", r.label()),
                    format!("two columns look like \"{}\"", r.label()),
                ))
            }
            _ => {
                return Err((
                    format!("表头“{h}”同时像{}，列无法可靠对应", {
                        let names: Vec<&str> = roles.iter().map(|r| r.label()).collect();
                        names.join("和")
                    }),
                    format!("the header \"{h}\" names several columns; they cannot be bound reliably"),
                ))
            }
        }
    }
    Ok(out)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &FUND_CARRYOVER_MISMATCH;
    for t in ctx.tables_of(rule.tables) {
        let final_account = ctx.doc.kind == DocKind::FinalAccount || squeeze(&t.title).contains("决算");
        if !final_account || t.has_no_amounts() {
            continue;
        }
        let roll_subject = || {
            (
                format!(
                    "{}：年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
                    t.title
                ),
                format!(
                    "{}: 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
                    t.title
                ),
            )
        };
        let cols = match columns(t) {
            Ok(c) => c,
            Err(reason) => {
                out.not_checked(rule, roll_subject(), reason);
                continue;
            }
        };
        let col = |r: Role| cols.iter().find(|(x, _)| *x == r).map(|(_, c)| *c);
        let roll = (
            col(Role::Closing),
            col(Role::Opening),
            col(Role::Income),
            col(Role::Spending),
        );
        let split = (col(Role::Spending), col(Role::Basic), col(Role::Project));
        if !matches!(roll, (Some(_), Some(_), Some(_), Some(_))) {
            out.not_checked(
                rule,
                roll_subject(),
                (
                    "未找到年初结转和结余、本年收入、本年支出、年末结转和结余四列".into(),
                    "the opening, income, spending and closing columns were not all found".into(),
                ),
            );
        }
        for r in 0..t.rows.len() {
            if t.head(r, 0)
                .is_some_and(|h| h.kind == RowKind::OfWhich && h.label.is_empty())
            {
                continue;
            }
            if let (Some(closing), Some(opening), Some(income), Some(spending)) = roll {
                let (where_zh, where_en) = row_where(t, r, closing);
                let phrase = Phrase {
                    where_zh,
                    where_en,
                    total_label: Role::Closing.label().into(),
                    part_labels: [Role::Opening, Role::Income, Role::Spending]
                        .iter()
                        .map(|x| x.label().to_string())
                        .collect(),
                };
                balance(
                    rule,
                    Ref::new(t, r, closing),
                    &[Ref::new(t, r, opening), Ref::new(t, r, income)],
                    &[Ref::new(t, r, spending)],
                    &phrase,
                    out,
                );
            }
            if let (Some(spending), Some(basic), Some(project)) = split {
                let (where_zh, where_en) = row_where(t, r, spending);
                let phrase = Phrase {
                    where_zh,
                    where_en,
                    total_label: Role::Spending.label().into(),
                    part_labels: vec![Role::Basic.label().into(), Role::Project.label().into()],
                };
                relation(
                    rule,
                    Relation::Eq,
                    Ref::new(t, r, spending),
                    &[Ref::new(t, r, basic), Ref::new(t, r, project)],
                    &phrase,
                    out,
                );
            }
        }
    }
}
