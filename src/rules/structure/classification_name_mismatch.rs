use crate::codes::{self, Entry};
use crate::model::{CodeScheme, Table};
use crate::report::Severity;
use crate::rules::identity::location_of;
use crate::rules::identity::Ref;
use crate::rules::narrative::fail;
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 科目编码与科目名称相符，且使用当年有效的名称 (each classification code carries its own
    /// name, in the version valid for the fiscal year). Codes are looked up in the dictionaries of
    /// `data/codes/` (支出功能分类 类/款 and the fixed 项 such as 行政运行, 部门预算支出经济分类 类/款):
    /// - a name that the dictionary gives to a *different* code of the same level is a mismatch;
    /// - a name the classification replaced before the document's year (2019: 医疗卫生与计划生育支出 →
    ///   卫生健康支出, 文化体育与传媒支出 → 文化旅游体育与传媒支出, 国土资源气象等支出 → 自然资源海洋气象
    ///   等支出) is outdated; one finding per table lists them.
    ///
    /// Only dictionary entries seen in a published document or template are used; a code or a
    /// name the dictionary does not know (local codes, abbreviations) is never flagged.
    ///
    /// ## Why it matters
    /// 编码是汇总和比对的依据。名称与编码不符，或沿用已废止的名称，说明表格套用了旧模板或填错了行，
    /// 读者也无法与其他部门、其他年度对照。
    ///
    /// ## Example
    /// `tests/fixtures/rules/classification-name-mismatch/warn_outdated.md`
    /// (独山子区委网信办 2019：收支总表仍用“210 医疗卫生与计划生育支出”，2019 年起为“卫生健康支出”).
    ///
    /// ## Known limitations
    /// 项 names other than the fixed ones (行政运行, 一般行政管理事务, 机关服务, 事业运行) and
    /// 款 not yet seen printed are not checked.
    pub static CLASSIFICATION_NAME_MISMATCH = {
        code: "ST004",
        name: "classification-name-mismatch",
        title_zh: "科目编码与名称不符或名称已过时",
        title_en: "Classification name does not match its code or is outdated",
        family: Structure,
        severity: Warning,
        tables: &[],
        basis: &["财政部《政府收支分类科目》（当年版）", "财预〔2017〕98号（部门预算支出经济分类）"],
        since: "0.1.0",
        check: check,
    };
}

/// The dictionary entry of a printed code, when the dictionary can judge its name.
fn entry(scheme: CodeScheme, joined: &str) -> Option<&'static Entry> {
    let e = match (scheme, joined.len()) {
        (CodeScheme::Economic, 3 | 5) => codes::economic(joined),
        (_, 3) if joined.starts_with('2') => codes::function_class(joined),
        (_, 5) if joined.starts_with('2') => codes::function_section(joined),
        (_, 7) if joined.starts_with('2') => codes::function_item(joined).filter(|e| {
            // generic 项 patterns: only the fixed names
            !e.code.starts_with("xxxx") || matches!(&e.code[4..], "01" | "02" | "03" | "50")
        }),
        _ => None,
    }?;
    e.printed.then_some(e)
}

/// Another code of the same scheme and level whose name is `name`.
fn owner_of(scheme: CodeScheme, len: usize, name: &str) -> Option<&'static Entry> {
    let n = codes::norm_name(name);
    codes::entries(scheme, len).iter().find(|e| {
        let fixed_generic = e.code.starts_with("xxxx") && matches!(&e.code[4..], "01" | "02" | "03" | "50");
        e.printed && (fixed_generic || !e.code.starts_with("xxxx")) && e.norm == n
    })
}

/// A dictionary code shown for a row: generic 项 patterns take the row's 类款 digits.
fn shown(code: &str, joined: &str) -> String {
    match code.strip_prefix("xxxx") {
        Some(tail) if joined.len() == 7 => format!("{}{}", &joined[..5], tail),
        _ => code.to_string(),
    }
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &CLASSIFICATION_NAME_MISMATCH;
    let year = ctx.doc.year;
    for t in &ctx.doc.tables {
        let mut outdated: Vec<(Ref<'_>, String, &'static Entry)> = Vec::new();
        let mut checked = 0;
        for r in 0..t.rows.len() {
            for p in 0..t.panel_count() {
                let Some(h) = t.head(r, p) else { continue };
                let Some(code) = &h.code else { continue };
                let joined = code.display().replace(' ', "");
                if joined.contains('·') || h.label.trim().is_empty() {
                    continue;
                }
                let Some(e) = entry(code.scheme, &joined) else {
                    continue;
                };
                let label = codes::norm_name(&h.label);
                if label.is_empty() {
                    continue;
                }
                let cell = cell_of(t, r, p);
                if e.norm == label {
                    checked += 1;
                    continue;
                }
                if e.norm_aliases.contains(&label) {
                    // an older name: wrong only from the year the new one applies
                    match (e.from, year) {
                        (Some(from), Some(y)) if y >= from => outdated.push((cell, h.label.clone(), e)),
                        _ => checked += 1,
                    }
                    continue;
                }
                if let Some(other) =
                    owner_of(code.scheme, joined.len(), &h.label).filter(|o| o.code != e.code)
                {
                    fail(
                        out,
                        rule,
                        Severity::Warning,
                        (
                            format!("{}「{}」：编码与名称相符", t.title, joined),
                            format!("{} {}: code and name agree", t.title, joined),
                        ),
                        (
                            format!(
                                "{}中编码 {} 应为“{}”，表中写“{}”（“{}”的编码是 {}）",
                                t.title,
                                joined,
                                e.name,
                                h.label,
                                other.name,
                                shown(&other.code, &joined)
                            ),
                            format!(
                                "in {}, code {} is \"{}\" but the row says \"{}\" (which is code {})",
                                t.title,
                                joined,
                                e.name,
                                h.label,
                                shown(&other.code, &joined)
                            ),
                        ),
                        None,
                        vec![location_of(&cell, "part")],
                    );
                }
            }
        }
        if !outdated.is_empty() {
            let list_zh: Vec<String> = outdated
                .iter()
                .map(|(_, l, e)| {
                    format!(
                        "{} {}（{} 年的科目表中已为“{}”）",
                        e.code,
                        l,
                        e.from.unwrap_or(0),
                        e.name
                    )
                })
                .collect();
            let list_en: Vec<String> = outdated
                .iter()
                .map(|(_, l, e)| format!("{} {} (\"{}\" since {})", e.code, l, e.name, e.from.unwrap_or(0)))
                .collect();
            fail(
                out,
                rule,
                Severity::Warning,
                (
                    format!("{}：科目名称为当年有效名称", t.title),
                    format!("{}: classification names valid for the year", t.title),
                ),
                (
                    format!("{}使用了已更名的科目名称：{}", t.title, list_zh.join("；")),
                    format!(
                        "{} uses outdated classification names: {}",
                        t.title,
                        list_en.join("; ")
                    ),
                ),
                None,
                outdated.iter().map(|(c, _, _)| location_of(c, "part")).collect(),
            );
        }
        if checked > 0 {
            out.pass(
                rule,
                (
                    format!("{}：{} 个科目的编码与名称相符", t.title, checked),
                    format!("{}: {} codes carry their names", t.title, checked),
                ),
                Vec::new(),
            );
        }
    }
}

/// The label cell of a row head (the first column of its panel), for locations.
fn cell_of(t: &Table, row: usize, panel: usize) -> Ref<'_> {
    let col = t
        .columns
        .iter()
        .position(|c| c.panel == panel && c.role == crate::model::ColumnRole::Label)
        .or_else(|| t.columns.iter().position(|c| c.panel == panel))
        .unwrap_or(0);
    Ref::new(t, row, col)
}
