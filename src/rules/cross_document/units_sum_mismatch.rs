use crate::model::{Document, Interval};
use crate::narrative::Subject;
use crate::parse::normalize::squeeze;
use crate::report::Severity;
use crate::rules::cross_document::{one_cell, within_one, CrossSink, Side};
use crate::rules::narrative::show;

crate::declare_rule! {
    /// ## What it checks
    /// 部门预算（决算）是本部与所属各预算单位的汇总：当部门文件写明其预算单位的家数（“包括本部
    /// 以及下属 1 家预算单位”“预算单位共计 3 家”），且这几家单位的单位预算（决算）都在同一组文件
    /// 中时，部门的收支总计、基本支出、项目支出、财政拨款收支总计须等于各单位之和，各数按其印刷
    /// 精度取区间。
    ///
    /// A department's document sums its units': when it says how many units it has and the set
    /// holds that many unit documents of the same year and kind, the department's totals
    /// (收支总计, 基本支出, 项目支出, 财政拨款) must equal the units' sums. A department that
    /// does not say how many units it has, or a set that holds fewer of them, is listed as not
    /// checked with the reason.
    ///
    /// ## Severity
    /// Warning: a department's figures may leave out transfers between its units (内部往来), which
    /// the documents do not always say (docs/severity.md).
    ///
    /// ## Why it matters
    /// 部门汇总数与所属单位数不一致，说明汇总或某家单位的公开有误。
    ///
    /// ## Example
    /// `tests/fixtures/rules/units-sum-mismatch/warn_units.md`.
    pub static UNITS_SUM_MISMATCH = {
        code: "XD005",
        name: "units-sum-mismatch",
        title_zh: "部门汇总数与所属单位之和不符",
        title_en: "A department's totals differ from the sum of its units'",
        family: CrossDocument,
        severity: Warning,
        tables: &[],
        basis: &["部门预算/决算公开：部门预算由本部门及所属预算单位预算组成"],
        since: "0.2.0",
        check: within_one,
    };
}

/// How many units a department says it has: "本部以及下属 K 家预算单位" is K + 1; "预算单位共计
/// N 家" is N.
pub(crate) fn unit_count(doc: &Document) -> Option<usize> {
    let number_after = |s: &str, at: usize| -> Option<usize> {
        let digits: String = s[at..].chars().take_while(char::is_ascii_digit).collect();
        let rest = &s[at + digits.len()..];
        (rest.starts_with('家') || rest.starts_with('个')).then(|| digits.parse().ok())?
    };
    for p in doc.sections.iter().flat_map(|s| &s.paragraphs) {
        let t = squeeze(&p.text);
        for word in ["下属", "所属"] {
            for (i, _) in t.match_indices(word) {
                let own = t[..i].ends_with("以及") || t[..i].ends_with('及') || t[..i].ends_with('和');
                if let Some(k) = number_after(&t, i + word.len()) {
                    if own && (t[..i].contains("本部") || t[..i].contains("本级") || t[..i].contains("机关"))
                    {
                        return Some(k + 1);
                    }
                }
            }
        }
        for word in ["预算单位共计", "预算单位共", "决算单位共计", "决算单位共"] {
            if let Some(i) = t.find(word) {
                if let Some(n) = number_after(&t, i + word.len()) {
                    return Some(n);
                }
            }
        }
    }
    None
}

const SUBJECTS: [Subject; 5] = [
    Subject::ExpenditureTotal,
    Subject::Basic,
    Subject::Project,
    Subject::FiscalTotal,
    Subject::GeneralBudget,
];

pub(super) fn check_family(dept: &Side<'_>, units: &[Side<'_>], out: &mut CrossSink) {
    let rule = &UNITS_SUM_MISMATCH;
    let whole = (
        format!("{} 的汇总数 = 所属单位之和", dept.name),
        format!("{} totals = the sum of its units'", dept.name),
    );
    let Some(count) = unit_count(dept.ctx.doc) else {
        out.not_checked(
            rule,
            whole,
            (
                "部门文件未写明所属预算单位的家数，无法确定这组文件是否包含其全部单位".into(),
                "the department does not say how many units it has: whether the set holds them all is not known".into(),
            ),
            Vec::new(),
        );
        return;
    };
    if count != units.len() {
        out.not_checked(
            rule,
            whole,
            (
                format!(
                    "部门包括 {count} 家预算单位，这组文件中只有其中 {} 家的单位文件",
                    units.len()
                ),
                format!(
                    "the department has {count} units; the set holds {} of their documents",
                    units.len()
                ),
            ),
            Vec::new(),
        );
        return;
    }
    for subject in &SUBJECTS {
        let label = subject.label_zh();
        let words = (
            format!("{} “{label}” = 各单位之和", dept.name),
            format!("{} \"{label}\" = the units' sum", dept.name),
        );
        let total = match one_cell(dept, subject) {
            Ok(b) => b,
            Err(why) => {
                out.not_checked(rule, words, why, Vec::new());
                continue;
            }
        };
        let mut parts = Vec::new();
        let mut locations = vec![dept.cell(&total)];
        let mut unbound = None;
        for u in units {
            match one_cell(u, subject) {
                Ok(b) => {
                    locations.push(u.cell(&b));
                    parts.push(b);
                }
                Err(why) => {
                    unbound = Some(why);
                    break;
                }
            }
        }
        if let Some(why) = unbound {
            out.not_checked(rule, words, why, locations);
            continue;
        }
        let sum = Interval::sum(parts.iter().map(|b| b.interval));
        if sum.meets(&total.interval) {
            out.pass(rule, words, locations);
            continue;
        }
        let unit = total.cell.table.unit.unwrap_or(crate::model::Unit::Yuan);
        let shown: Vec<String> = parts.iter().map(|b| b.display.clone()).collect();
        let sum_shown = show(sum.mid(), unit, 2);
        out.fail(
            rule,
            Severity::Warning,
            words,
            (
                format!(
                    "{} 的“{label}”为 {}，所属单位之和为 {sum_shown}（{}）",
                    dept.name,
                    total.display,
                    shown.join(" + ")
                ),
                format!(
                    "\"{label}\" of {} is {}, its units' sum {sum_shown} ({})",
                    dept.name,
                    total.display,
                    shown.join(" + ")
                ),
            ),
            Some(format!("{} = {sum_shown} ≠ {}", shown.join(" + "), total.display)),
            locations,
        );
    }
}
