use crate::model::{DocKind, Table, TableKind};
use crate::parse::normalize::squeeze;
use crate::rules::bind::{self, Fund};
use crate::rules::identity::{balance, Phrase, Ref};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 财政拨款收入支出决算总表中，按资金性质逐列核对：本年收入 + 年初结转和结余 = 本年支出 +
    /// 年末结转和结余（即 年末结转和结余 = 本年收入 + 年初结转和结余 − 本年支出）。一般公共预算、
    /// 政府性基金预算、国有资本经营预算财政拨款各一列，另有合计列时也核对合计。收入方按资金列出的
    /// 行（一、一般公共预算财政拨款 …；年初财政拨款结转和结余下的 一、二、三）对应支出方同名资金列
    /// 的“本年支出合计”和“年末财政拨款结转和结余”。
    ///
    /// In the 决算 fiscal-appropriation summary, fund by fund: this year's appropriation plus the
    /// opening carry-over equals this year's spending plus the closing carry-over.
    ///
    /// ## Why it matters
    /// 每一类财政拨款都是独立核算的资金：一般公共预算的钱不能记到政府性基金名下。总计平衡而某一
    /// 资金列不平衡，说明收入、支出或结转被记错了资金性质，或某个结转数填错。
    ///
    /// ## Example
    /// `tests/fixtures/rules/fiscal-fund-balance-mismatch/fail_general_closing.md`:
    /// 一般公共预算 本年收入 2,940.05 + 年初 21.63 − 本年支出 2,940.05 = 21.63, but 年末 prints 12.63.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed decimals. Blank cells follow the table: in a table that
    /// never prints 0.00 a blank is "none"; in a table that prints 0.00 elsewhere a blank is
    /// unknown, and a failure that only the blanks explain is a warning.
    ///
    /// ## Known limitations
    /// 决算 only: 预算 templates define no per-fund carry-over identity. The income side must list
    /// each fund once under 本年收入 and once under 年初结转和结余, with no other amount-carrying row;
    /// otherwise the fund is not checked. Expenditure columns are bound by their headers (each
    /// naming exactly one fund or 合计); when the headers are garbled, a four-column side whose
    /// first header says 合计 and whose headers name the three funds in template order
    /// (一般公共预算, 政府性基金, 国有资本经营) is read in that order; anything else is not checked.
    /// A 年末结转和结余 broken down by fund in rows (rather than columns) is not checked.
    pub static FISCAL_FUND_BALANCE_MISMATCH = {
        code: "AR009",
        name: "fiscal-fund-balance-mismatch",
        title_zh: "财政拨款分资金收支与结转不平衡",
        title_en: "A fund's appropriation, spending and carry-over do not balance",
        family: Arithmetic,
        severity: Error,
        tables: &[TableKind::FiscalSummary],
        basis: &[
            "部门决算公开模板 财政拨款收入支出决算总表：本年收入 + 年初财政拨款结转和结余 = 本年支出 + 年末财政拨款结转和结余（分一般公共预算、政府性基金预算、国有资本经营预算）",
            "GovBudgetChecker R33119",
        ],
        since: "0.1.0",
        check: check,
    };
}

/// The income side of the table: per fund, its 本年收入 row and its 年初结转和结余 row.
struct IncomeSide {
    col: usize,
    this_year_total: Option<usize>,
    opening_total: Option<usize>,
    /// (fund, row) under 本年收入 / under 年初结转和结余; a fund without a unique row is `None`.
    this_year: Vec<(Fund, Option<usize>)>,
    opening: Vec<(Fund, Option<usize>)>,
}

fn is_grand(l: &str) -> bool {
    matches!(l, "总计" | "收入总计" | "支出总计" | "合计" | "收支总计")
}

/// Records the row of a fund; a second row (or `None`, an ambiguous one) unbinds it.
fn note(list: &mut Vec<(Fund, Option<usize>)>, fund: Fund, row: Option<usize>) {
    match list.iter_mut().find(|(f, _)| *f == fund) {
        Some(e) => e.1 = None,
        None => list.push((fund, row)),
    }
}

/// Reads the income side; Err names a row that makes the binding ambiguous.
fn income_side(t: &Table) -> Result<IncomeSide, (String, String)> {
    let cols = t.amount_columns(0);
    let &[col] = cols.as_slice() else {
        return Err((
            format!("收入方有 {} 个金额列，无法确定决算数列", cols.len()),
            format!("the income side has {} amount columns", cols.len()),
        ));
    };
    let mut side = IncomeSide {
        col,
        this_year_total: None,
        opening_total: None,
        this_year: Vec::new(),
        opening: Vec::new(),
    };
    let mut in_opening = false;
    for r in 0..t.rows.len() {
        let l = bind::label(t, r, 0);
        let has_amount = t.cell(r, col).amount().is_some();
        if is_grand(&l) {
            break;
        }
        if l.starts_with("本年收入") {
            if side.this_year_total.replace(r).is_some() {
                return Err((
                    "收入方有两行“本年收入合计”".into(),
                    "two 本年收入 total rows".into(),
                ));
            }
            continue;
        }
        if l.contains("年初") && l.contains("结转") {
            if side.opening_total.replace(r).is_some() {
                return Err((
                    "收入方有两行“年初结转和结余”".into(),
                    "two opening carry-over rows".into(),
                ));
            }
            in_opening = true;
            continue;
        }
        let funds = Fund::in_label(&l);
        let list = if in_opening {
            Some(&mut side.opening)
        } else if side.this_year_total.is_none() {
            Some(&mut side.this_year)
        } else {
            None
        };
        match (funds.as_slice(), list) {
            ([f], Some(list)) => note(list, *f, Some(r)),
            // two fund names run together in one row (a lost line break): neither is bound
            ([_, _, ..], Some(list)) => {
                for f in funds {
                    note(list, f, None);
                }
            }
            _ if has_amount => {
                let line = t.rows[r].line;
                let shown = t.head(r, 0).map(|h| h.label.clone()).unwrap_or_default();
                return Err((
                    format!("收入方第 {line} 行“{shown}”有金额，但无法确定它属于哪一类资金"),
                    format!("line {line} (\"{shown}\") on the income side has an amount of unknown fund"),
                ));
            }
            _ => {}
        }
    }
    Ok(side)
}

/// The expenditure side: its panel, 本年支出合计 row, 年末结转和结余 row and fund columns.
struct SpendSide {
    this_year: usize,
    closing: usize,
    columns: Vec<(Fund, usize)>,
}

fn spend_side(t: &Table) -> Result<SpendSide, (String, String)> {
    let mut found = None;
    for p in 1..t.panel_count() {
        let rows_where = |f: &dyn Fn(&str) -> bool| -> Vec<usize> {
            (0..t.rows.len()).filter(|&r| f(&bind::label(t, r, p))).collect()
        };
        let this_year = rows_where(&|l| l.starts_with("本年支出"));
        let closing = rows_where(&|l| l.contains("年末") && l.contains("结转"));
        match (this_year.as_slice(), closing.as_slice()) {
            ([], []) => continue,
            ([a], [b]) if found.is_none() => found = Some((p, *a, *b)),
            _ => {
                return Err((
                    "支出方“本年支出合计”或“年末结转和结余”行缺失或不唯一".into(),
                    "the 本年支出 total or the closing carry-over row is missing or not unique".into(),
                ))
            }
        }
    }
    let Some((p, this_year, closing)) = found else {
        return Err((
            "支出方未找到“本年支出合计”和“年末结转和结余”行".into(),
            "no 本年支出 total and closing carry-over rows on the expenditure side".into(),
        ));
    };
    let cols = t.amount_columns(p);
    // a 年末 carry-over broken down in rows below it: not this layout
    let grand = (closing + 1..t.rows.len()).find(|&r| is_grand(&bind::label(t, r, p)));
    let below = closing + 1..grand.unwrap_or(t.rows.len());
    if below
        .clone()
        .any(|r| cols.iter().any(|&c| t.cell(r, c).amount().is_some()))
    {
        return Err((
            "支出方“年末结转和结余”按行分列资金，本规则只核对按列分资金的版式".into(),
            "the closing carry-over is broken down by fund in rows, a layout this rule does not read".into(),
        ));
    }
    let columns = fund_columns(t, &cols).ok_or_else(|| {
        let heads: Vec<String> = cols.iter().map(|&c| bind::header(t, c)).collect();
        (
            format!(
                "支出方各列无法可靠地对应到资金性质（表头：{}）",
                heads.join(" | ")
            ),
            format!(
                "the expenditure columns cannot be matched to funds reliably (headers: {})",
                heads.join(" | ")
            ),
        )
    })?;
    Ok(SpendSide {
        this_year,
        closing,
        columns,
    })
}

/// Expenditure columns → funds: by header when each names exactly one fund (or 合计), else by
/// the 决算 template's order when the garbled headers still fit it; None otherwise.
fn fund_columns(t: &Table, cols: &[usize]) -> Option<Vec<(Fund, usize)>> {
    if let [only] = cols {
        return Some(vec![(Fund::Total, *only)]);
    }
    let named: Vec<Vec<Fund>> = cols
        .iter()
        .map(|&c| Fund::in_header(&bind::header(t, c)))
        .collect();
    let mut by_header: Vec<(Fund, usize)> = Vec::new();
    for (funds, &c) in named.iter().zip(cols) {
        match funds.as_slice() {
            [f] if !by_header.iter().any(|(g, _)| g == f) => by_header.push((*f, c)),
            _ => {
                by_header.clear();
                break;
            }
        }
    }
    if !by_header.is_empty() {
        return Some(by_header);
    }
    // template order: 合计 | 一般公共预算 | 政府性基金 | 国有资本经营
    let order = [
        Fund::Total,
        Fund::General,
        Fund::GovernmentFund,
        Fund::StateCapital,
    ];
    if cols.len() != order.len() || !named[0].contains(&Fund::Total) {
        return None;
    }
    let joined: String = cols.iter().map(|&c| bind::header(t, c)).collect();
    let positions: Vec<Option<usize>> = order[1..].iter().map(|f| joined.find(f.keyword())).collect();
    let in_order = positions.iter().all(Option::is_some) && positions.windows(2).all(|w| w[0] < w[1]);
    in_order.then(|| order.iter().copied().zip(cols.iter().copied()).collect())
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &FISCAL_FUND_BALANCE_MISMATCH;
    for t in ctx.tables_of(rule.tables) {
        let final_account = ctx.doc.kind == DocKind::FinalAccount || squeeze(&t.title).contains("决算");
        if !final_account || t.panel_count() < 2 || t.has_no_amounts() {
            continue;
        }
        let subject = |fund: Option<Fund>| {
            let (zh, en) = fund
                .map(|f| (f.label_zh(), f.label_en()))
                .unwrap_or(("各资金", "each fund"));
            (
                format!(
                    "{}（{zh}）：年末结转和结余 = 本年收入 + 年初结转和结余 − 本年支出",
                    t.title
                ),
                format!(
                    "{} ({en}): 年末结转和结余 = 本年收入 + 年初结转和结余 − 本年支出",
                    t.title
                ),
            )
        };
        let sides = income_side(t).and_then(|i| spend_side(t).map(|s| (i, s)));
        let (income, spend) = match sides {
            Ok(x) => x,
            Err(reason) => {
                out.not_checked(rule, subject(None), reason);
                continue;
            }
        };
        for &(fund, col) in &spend.columns {
            let (this_year, opening) = if fund == Fund::Total {
                (income.this_year_total.map(Some), income.opening_total.map(Some))
            } else {
                let find = |v: &[(Fund, Option<usize>)]| v.iter().find(|(f, _)| *f == fund).map(|(_, r)| *r);
                (find(&income.this_year), find(&income.opening))
            };
            let spend_cells_empty =
                t.cell(spend.this_year, col).is_empty() && t.cell(spend.closing, col).is_empty();
            let (this_year, opening) = match (this_year, opening) {
                (Some(Some(a)), Some(Some(b))) => (a, b),
                // the fund appears nowhere: nothing to check
                (None, None) if spend_cells_empty => continue,
                (a, b) => {
                    let what = |x: Option<Option<usize>>, zh: &str, en: &str| match x {
                        Some(Some(_)) => None,
                        Some(None) => Some((
                            format!("{zh}所在行无法唯一确定"),
                            format!("{en} has no unique row"),
                        )),
                        None => Some((format!("{zh}未列出"), format!("{en} is not listed"))),
                    };
                    let (zh, en) = what(a, "本年收入", "this year's appropriation")
                        .or_else(|| what(b, "年初结转和结余", "the opening carry-over"))
                        .unwrap_or_default();
                    out.not_checked(
                        rule,
                        subject(Some(fund)),
                        (
                            format!("收入方该资金的{zh}，无法与支出方对应"),
                            format!("on the income side {en} for this fund; it cannot be matched"),
                        ),
                    );
                    continue;
                }
            };
            let phrase = Phrase {
                where_zh: format!("{}（{}）", t.title, fund.label_zh()),
                where_en: format!("{} ({})", t.title, fund.label_en()),
                total_label: "年末结转和结余".into(),
                part_labels: vec!["本年收入".into(), "年初结转和结余".into(), "本年支出".into()],
            };
            balance(
                rule,
                Ref::new(t, spend.closing, col),
                &[
                    Ref::new(t, this_year, income.col),
                    Ref::new(t, opening, income.col),
                ],
                &[Ref::new(t, spend.this_year, col)],
                &phrase,
                out,
            );
        }
    }
}
