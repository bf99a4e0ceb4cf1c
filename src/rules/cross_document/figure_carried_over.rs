use crate::report::Severity;
use crate::rules::cross_document::{agrees_with_own_table, one_cell, within_one, CrossSink, Pairing};
use crate::set::Relation;

crate::declare_rule! {
    /// ## What it checks
    /// 同一句式跨年度沿用时，数字是否也被原样沿用：本年说明中的一句话与上年说明中的一句话除数字
    /// 外完全相同（同一模板），且本年所写的数 F 等于上年的数、等于上年表格，却与本年表格不符——
    /// 说明是照抄上年文件时漏改了数字。
    ///
    /// A sentence kept from last year's narrative (the same words once the figures are masked)
    /// whose figure F is also last year's: F equals last year's statement and last year's table,
    /// but not this year's table. The figure was carried over when the sentence was copied.
    ///
    /// ## Severity
    /// Warning: within this year's document the figure already disagrees with its table (NR001
    /// reports that, as an error when the binding is certain); this rule adds where the figure
    /// comes from — last year's document — which points at the drafting defect and at the
    /// figure, not the table, as the wrong one (docs/severity.md).
    ///
    /// ## Why it matters
    /// 照抄上年说明而漏改数字是公开文件中最常见的错误之一；只有把两年的文件放在一起才看得出数字
    /// 来自上年。
    ///
    /// ## Example
    /// `tests/fixtures/rules/figure-carried-over/warn_last_years_figure.md`.
    pub static FIGURE_CARRIED_OVER = {
        code: "XD004",
        name: "figure-carried-over",
        title_zh: "沿用上年句式时数字未更新",
        title_en: "A figure carried over from last year's sentence",
        family: CrossDocument,
        severity: Warning,
        tables: &[],
        basis: &["部门预算/决算公开模板：情况说明应与本年表格一致"],
        since: "0.2.0",
        check: within_one,
    };
}

/// The sentence with its figures (digits, separators, percentages) masked: two years of one
/// template read alike.
fn template(text: &str) -> String {
    let mut out = String::new();
    let mut in_number = false;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() || (in_number && matches!(c, '.' | ',' | '，' | '%')) {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

pub(super) fn check_pair(p: &Pairing<'_>, out: &mut CrossSink) {
    if p.relation != Relation::PreviousYear {
        return;
    }
    let rule = &FIGURE_CARRIED_OVER;
    let last_facts = &p.other.ctx.narrative().facts;
    for f in &p.this.ctx.narrative().facts {
        let (Some(subject), Some(v)) = (&f.subject, f.current().filter(|c| c.is_amount())) else {
            continue;
        };
        let shape = template(&f.text);
        let Some(g) = last_facts.iter().find(|g| {
            g.subject.as_ref() == Some(subject)
                && g.current().is_some_and(|c| c.is_amount() && c.value == v.value)
                && template(&g.text) == shape
        }) else {
            continue;
        };
        let name = f.name();
        let subject_words = (
            format!("“{name}”{} 是否沿用了上年的数字", v.raw),
            format!("is \"{name}\" {} last year's figure", v.raw),
        );
        let here = p.this.fact(f);
        let this_cell = match one_cell(&p.this, subject) {
            Ok(b) => b,
            Err(why) => {
                out.not_checked(rule, subject_words, why, vec![here]);
                continue;
            }
        };
        let last_cell = match one_cell(&p.other, subject) {
            Ok(b) => b,
            Err(why) => {
                out.not_checked(rule, subject_words, why, vec![here]);
                continue;
            }
        };
        let locations = vec![
            here.clone(),
            p.this.cell(&this_cell),
            p.other.fact(g),
            p.other.cell(&last_cell),
        ];
        let carried = last_cell.interval.meets(&v.interval()) && !this_cell.interval.meets(&v.interval());
        if !carried || agrees_with_own_table(&p.this, subject, v.interval()).is_some() {
            out.pass(rule, subject_words, locations);
            continue;
        }
        out.fail(
            rule,
            Severity::Warning,
            subject_words,
            (
                format!(
                    "“{name}”写 {}，本年表格为 {}；这句话与 {} 中的句子相同，{} 正是上年的数（上年表格 {}）：疑为沿用上年句子时未更新数字",
                    v.raw, this_cell.display, p.other.name, v.raw, last_cell.display
                ),
                format!(
                    "\"{name}\" is given as {} but this year's table says {}; the sentence is the one in {}, where {} was last year's figure (last year's table: {}): the figure looks carried over",
                    v.raw, this_cell.display, p.other.name, v.raw, last_cell.display
                ),
            ),
            Some(format!("{} ≠ {}（上年 {}）", v.raw, this_cell.display, last_cell.display)),
            locations,
        );
    }
}
