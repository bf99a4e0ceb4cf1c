use crate::model::{Table, TableKind};
use crate::rules::bind::{self, Item};
use crate::rules::identity::{sum_identity, Operand, Phrase};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// “三公”经费表的结构：“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费；
    /// 公务用车购置及运行费（小计）= 公务用车购置费 + 公务用车运行（维护）费。决算表的预算数与决算数
    /// 分别核对；江苏表中“三公”经费小计另加会议费、培训费等于合计；上海预算表中的机关运行经费不计入
    /// “三公”。The three-public-expense table adds up, for 预算数 and 决算数 separately.
    ///
    /// ## Why it matters
    /// “三公”经费是专项检查的必查项目，也是公众最关注的数字；合计与分项不符会直接误导读者。
    ///
    /// ## Example
    /// `tests/fixtures/rules/three-public-mismatch/fail_car.md`.
    ///
    /// ## Tolerance
    /// Interval arithmetic on the printed decimals; blank cells follow the table's convention.
    ///
    /// ## Known limitations
    /// Columns are recognised by their header words (合计, 因公出国, 小计, 购置, 运行/维护, 接待,
    /// 会议, 培训, 机关运行经费, 预算数/决算数). A column that cannot be classified leaves the
    /// identities that need it unchecked.
    pub static THREE_PUBLIC_MISMATCH = {
        code: "AR006",
        name: "three-public-mismatch",
        title_zh: "“三公”经费合计与分项不符",
        title_en: "Three public expenses do not add up",
        family: Arithmetic,
        severity: Error,
        tables: &[TableKind::ThreePublic],
        basis: &["财预〔2016〕143号：“三公”经费分因公出国（境）费、公务用车购置及运行费（购置费、运行费）、公务接待费公开"],
        since: "0.1.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &THREE_PUBLIC_MISMATCH;
    for table in ctx.tables_of(rule.tables) {
        let classes = bind::three_public_columns(table);
        let measures: Vec<Option<&str>> = {
            let mut v: Vec<Option<&str>> = classes.iter().map(|x| x.2).collect();
            v.dedup();
            v.sort();
            v.dedup();
            v
        };
        for m in measures {
            let col = |item: Item| {
                classes
                    .iter()
                    .find(|x| x.1 == Some(item) && x.2 == m)
                    .map(|x| x.0)
            };
            for row in 0..table.rows.len() {
                let ident = |total: Option<usize>, parts: Vec<Option<usize>>, out: &mut Sink| {
                    let Some(t) = total else { return };
                    let parts: Vec<usize> = parts.into_iter().flatten().collect();
                    if parts.is_empty() {
                        return;
                    }
                    identity(table, rule, row, t, &parts, m, out);
                };
                // 公务用车 小计 = 购置 + 运行
                if col(Item::Purchase).is_some() || col(Item::Running).is_some() {
                    ident(
                        col(Item::CarSub),
                        vec![col(Item::Purchase), col(Item::Running)],
                        out,
                    );
                }
                let car = if col(Item::CarSub).is_some() {
                    vec![col(Item::CarSub)]
                } else {
                    vec![col(Item::Purchase), col(Item::Running)]
                };
                let mut three = vec![col(Item::Abroad)];
                three.extend(car);
                three.push(col(Item::Reception));
                let extras = col(Item::Meeting).is_some() || col(Item::Training).is_some();
                match col(Item::ThreeSub) {
                    Some(sub) => {
                        ident(Some(sub), three, out);
                        if extras {
                            ident(
                                col(Item::Total),
                                vec![Some(sub), col(Item::Meeting), col(Item::Training)],
                                out,
                            );
                        }
                    }
                    None if !extras => ident(col(Item::Total), three, out),
                    None => {
                        let mut all = three;
                        all.push(col(Item::Meeting));
                        all.push(col(Item::Training));
                        ident(col(Item::Total), all, out);
                    }
                }
            }
        }
    }
}

fn identity(
    table: &Table,
    rule: &crate::rules::Rule,
    row: usize,
    total: usize,
    parts: &[usize],
    m: Option<&str>,
    out: &mut Sink,
) {
    let label = |c: usize| {
        let h = &table.columns[c].header;
        let leaf: Vec<&str> = h.iter().rev().take(2).map(String::as_str).collect();
        leaf.into_iter().rev().collect::<Vec<_>>().join("")
    };
    let phrase = Phrase {
        where_zh: match m {
            Some(m) => format!("{}（{m}）", table.title),
            None => table.title.clone(),
        },
        where_en: match m {
            Some(m) => format!("{} ({m})", table.title),
            None => table.title.clone(),
        },
        total_label: label(total),
        part_labels: parts.iter().map(|&c| label(c)).collect(),
    };
    let ops: Vec<Operand> = parts.iter().map(|&col| Operand { row, col }).collect();
    sum_identity(rule, table, Operand { row, col: total }, &ops, &phrase, out);
}
