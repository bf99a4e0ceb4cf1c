use crate::model::{Table, TableKind};
use crate::parse::normalize::squeeze;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Total,
    Sub,
    ThreeSub,
    CarSub,
    Abroad,
    Purchase,
    Running,
    Reception,
    Meeting,
    Training,
    Operating,
}

fn classify_word(w: &str) -> Option<Item> {
    let w = squeeze(w);
    if w.contains("机关运行") {
        Some(Item::Operating)
    } else if w.contains("合计") {
        Some(Item::Total)
    } else if w.contains("小计") {
        Some(Item::Sub)
    } else if w.contains("因公出国") || w.contains("（境）") || w.contains("(境)") {
        Some(Item::Abroad)
    } else if w.contains("购置") && !w.contains("运行") {
        Some(Item::Purchase)
    } else if (w.contains("运行") || w.contains("维护")) && !w.contains("购置") {
        Some(Item::Running)
    } else if w.contains("接待") {
        Some(Item::Reception)
    } else if w.contains("会议") {
        Some(Item::Meeting)
    } else if w.contains("培训") {
        Some(Item::Training)
    } else {
        None
    }
}

/// Column → (item, measure): the leaf decides, a generic leaf (费, 数, 预算数) asks its parents.
fn classify(path: &[String]) -> (Option<Item>, Option<&'static str>) {
    let mut parts: Vec<&str> = path.iter().map(String::as_str).collect();
    let measure = match parts.last().map(|l| squeeze(l)) {
        Some(l) if l.contains("决算数") => Some("决算数"),
        Some(l) if l.contains("预算数") && l.chars().count() <= 3 => Some("预算数"),
        _ => None,
    };
    if measure.is_some() {
        parts.pop();
    }
    // the leaf, then the leaf with its parent (a word wrapped across lines: "公务用车购" + "置费"),
    // then the parents upwards
    let n = parts.len();
    let mut candidates: Vec<String> = Vec::new();
    if n >= 1 {
        candidates.push(parts[n - 1].to_string());
    }
    if n >= 2 {
        candidates.push(format!("{}{}", parts[n - 2], parts[n - 1]));
    }
    candidates.extend(parts.iter().rev().skip(1).map(|p| p.to_string()));
    for c in candidates {
        if let Some(item) = classify_word(&c) {
            return (Some(item), measure);
        }
    }
    (None, measure)
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &THREE_PUBLIC_MISMATCH;
    for table in ctx.tables_of(rule.tables) {
        let cols = table.amount_columns(0);
        let mut classes: Vec<(usize, Option<Item>, Option<&str>)> = cols
            .iter()
            .map(|&c| {
                let (item, m) = classify(&table.columns[c].header);
                (c, item, m)
            })
            .collect();
        // a 小计 is the car subtotal when 公务用车 heads it or 购置/运行 follow it
        for k in 0..classes.len() {
            if classes[k].1 != Some(Item::Sub) {
                continue;
            }
            let car_parent = table.columns[classes[k].0]
                .header
                .iter()
                .any(|h| h.contains("公务用车"));
            let m = classes[k].2;
            let next = classes[k + 1..].iter().find(|x| x.2 == m).and_then(|x| x.1);
            classes[k].1 = Some(
                if car_parent || matches!(next, Some(Item::Purchase | Item::Running)) {
                    Item::CarSub
                } else {
                    Item::ThreeSub
                },
            );
        }
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
