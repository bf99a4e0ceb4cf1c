use crate::model::{CodeScheme, TableKind};
use crate::report::Severity;
use crate::rules::identity::{column_label, row_where};
use crate::rules::{bind, Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 基本支出表中，人员经费只来自 301 工资福利支出和 303 对个人和家庭的补助，公用经费只来自 302 商品和
    /// 服务支出及 307/309/310/399：301、303 行的公用经费列和 302、310 等行的人员经费列应为 0 或空。
    /// Personnel costs come only from 301/303 and public costs only from 302/307/309/310/399.
    ///
    /// ## Why it matters
    /// 人员经费、公用经费的口径由经济分类决定；填错列会让“人员经费 = 301 + 303”不成立，公众看到的
    /// 人员经费规模失真。
    ///
    /// ## Example
    /// `tests/fixtures/rules/personnel-public-split-mismatch/fail_wrong_column.md`.
    ///
    /// ## Known limitations
    /// Needs the 人员经费 and 公用经费 columns of the one-panel layout; the two-panel 决算 layout
    /// is covered by the column totals (人员经费合计 = 301 + 303).
    pub static PERSONNEL_PUBLIC_SPLIT_MISMATCH = {
        code: "AR007",
        name: "personnel-public-split-mismatch",
        title_zh: "人员经费、公用经费与经济分类不符",
        title_en: "Personnel/public split contradicts the economic class",
        family: Arithmetic,
        severity: Error,
        tables: &[TableKind::GeneralBudgetBasic, TableKind::FiscalBasic],
        basis: &["人员经费 = 301 工资福利支出 + 303 对个人和家庭的补助；公用经费 = 302 + 307 + 309 + 310 + 399"],
        since: "0.1.0",
        confirm: PerTable,
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &PERSONNEL_PUBLIC_SPLIT_MISMATCH;
    for t in ctx.tables_of(rule.tables) {
        let (Some(pc), Some(gc)) = (
            bind::column(t, 0, &["人员经费"]),
            bind::column(t, 0, &["公用经费"]),
        ) else {
            continue;
        };
        // sanity: with the columns the right way round, most rows agree with their class;
        // when most disagree the header was misread — say so instead of flagging every row
        let (mut agree, mut disagree) = (0usize, 0usize);
        for row in &t.rows {
            let Some(code) = row.heads.first().and_then(|h| h.code.as_ref()) else {
                continue;
            };
            let personnel = matches!(code.class.as_deref(), Some("301" | "303"));
            let filled = |c: usize| {
                row.cells
                    .get(c)
                    .and_then(|x| x.amount())
                    .is_some_and(|a| !a.is_zero())
            };
            let (right, wrong) = if personnel { (pc, gc) } else { (gc, pc) };
            if filled(right) && !filled(wrong) {
                agree += 1;
            } else if filled(wrong) {
                disagree += 1;
            }
        }
        if disagree > agree {
            out.not_checked(
                rule,
                (
                    format!("{}：人员经费、公用经费与经济分类", t.title),
                    format!("{}: personnel/public split", t.title),
                ),
                (
                    "多数行与所在列不符，更可能是表头读错了列，不作判断".into(),
                    "most rows disagree with their columns: the header was more likely misread; not judged"
                        .into(),
                ),
            );
            continue;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let Some(code) = row.heads.first().and_then(|h| h.code.as_ref()) else {
                continue;
            };
            if code.scheme != CodeScheme::Economic || row.uncertain {
                continue;
            }
            let personnel = matches!(code.class.as_deref(), Some("301" | "303"));
            let wrong_col = if personnel { gc } else { pc };
            let (where_zh, where_en) = row_where(t, r, wrong_col);
            let label = column_label(t, wrong_col);
            let subject = (
                format!("{where_zh}：{label}应为 0"),
                format!("{where_en}: {label} should be 0"),
            );
            let loc = crate::rules::identity::location_of(
                &crate::rules::identity::Ref::new(t, r, wrong_col),
                "total",
            );
            match t.cell(r, wrong_col).amount().filter(|a| !a.is_zero()) {
                None => out.pass(rule, subject, vec![loc]),
                Some(a) => out.fail(
                    rule,
                    Severity::Error,
                    subject,
                    (
                        format!(
                            "{where_zh}：{}类科目的{label}列为 {}，但该类支出{}",
                            code.class.as_deref().unwrap_or(""),
                            a.raw,
                            if personnel {
                                "属于人员经费，不应计入公用经费"
                            } else {
                                "属于公用经费，不应计入人员经费"
                            }
                        ),
                        format!(
                            "{where_en}: class {} shows {} under {label}, but that class is {}",
                            code.class.as_deref().unwrap_or(""),
                            a.raw,
                            if personnel {
                                "personnel cost, not public cost"
                            } else {
                                "public cost, not personnel cost"
                            }
                        ),
                    ),
                    vec![loc],
                ),
            }
        }
    }
}
