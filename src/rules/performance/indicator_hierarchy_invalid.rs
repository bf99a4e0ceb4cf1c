use crate::perf::lexicon::Level;
use crate::perf::{self, block_name, block_name_en, valid_pair};
use crate::report::Severity;
use crate::rules::performance::{block_loc, blocks, here, loc};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 每一行的（一级指标，二级指标）组合属于表格所用的模板：2015 年模板（产出→数量/质量/时效/成本，
    /// 效益→经济/社会/生态/可持续影响效益，满意度→服务对象满意度）、2021 年模板（成本→经济/社会/
    /// 生态环境成本，产出→数量/质量/时效，效益，满意度）或地方旧模板（项目完成→数量/质量/时效/成本，
    /// 效益）；一张表不混用两代模板的一级指标；满意度类三级指标（名称含“满意”）不放在经济/社会/生态
    /// 效益等其他二级指标下。Each (一级, 二级) pair belongs to the table's template generation;
    /// a satisfaction indicator is not filed under another 二级.
    ///
    /// ## Why it matters
    /// 层级错位会让指标计入错误的权重（产出 50%、效益 30%、满意度 10%），也说明表格是拼凑的：
    /// 湘潭 2023 年把“市民对空气质量改善的满意程度”列为社会效益，效益指标因此看似有内容。
    ///
    /// ## Example
    /// `tests/fixtures/rules/indicator-hierarchy-invalid/warn_mixed.md`.
    ///
    /// ## Known limitations
    /// The generation is told from the 一级 names (项目完成 → legacy; 成本 as 一级 → 2021;
    /// 产出 → 2015). A table whose 一级 names are not printed (or not recognised) is not
    /// checked. "满意度指标" as a 二级 under 效益 is accepted: local templates print it so.
    /// A satisfaction indicator is only flagged when its 二级 is printed on its own row;
    /// carried-down groups may be an artefact of vertically centred merged cells.
    pub static INDICATOR_HIERARCHY_INVALID = {
        code: "PF001",
        name: "indicator-hierarchy-invalid",
        title_zh: "绩效指标层级不符合模板",
        title_en: "Indicator levels do not fit the template",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：产出、效益、满意度指标", "财预〔2021〕101号：成本、产出、效益、满意度四个一级指标"],
        since: "0.2.0",
        check: check,
    };
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &INDICATOR_HIERARCHY_INVALID;
    for (b, pt) in blocks(ctx) {
        let rows: Vec<&perf::View<'_>> = ctx
            .performance()
            .get(b)
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        if rows.is_empty() {
            continue;
        }
        let name = block_name(pt);
        let name_en = block_name_en(pt);
        if perf::mixes_generations(pt) {
            let l1s: Vec<String> = {
                let mut v: Vec<String> = rows
                    .iter()
                    .map(|r| r.ind.level1.clone())
                    .filter(|s| !s.is_empty())
                    .collect();
                v.dedup();
                v
            };
            out.fail(
                rule,
                Severity::Warning,
                (
                    format!("{name}：一级指标属于同一代模板"),
                    format!("{name_en}: 一级 names of one template"),
                ),
                (
                    format!(
                        "{name}的一级指标（{}）混用了“项目完成指标”和“产出指标”两代模板",
                        l1s.join("、")
                    ),
                    format!(
                        "{name_en} mixes the 一级 names of two template generations ({})",
                        l1s.join(", ")
                    ),
                ),
                vec![block_loc(
                    b,
                    pt.line,
                    "一级指标",
                    "",
                    &l1s.join("、"),
                    "indicator",
                )],
            );
            continue;
        }
        let Some(generation) = perf::generation(pt) else {
            out.not_checked_at(
                rule,
                (
                    format!("{name}：指标层级"),
                    format!("{name_en}: indicator levels"),
                ),
                (
                    "未印出或无法识别一级指标，不能判断所用模板".into(),
                    "the 一级 names are missing or unrecognised, so the template is unknown".into(),
                ),
                vec![here(b, pt)],
            );
            continue;
        };
        let mut bad: Vec<(String, String, Vec<&perf::View<'_>>)> = Vec::new();
        let mut misfiled = Vec::new();
        for v in &rows {
            let (Some(l1), Some(l2)) = (v.l1, v.l2) else {
                continue;
            };
            if !valid_pair(generation, l1, l2) {
                match bad
                    .iter_mut()
                    .find(|(a, c, _)| *a == v.ind.level1 && *c == v.ind.level2)
                {
                    Some((_, _, list)) => list.push(v),
                    None => bad.push((v.ind.level1.clone(), v.ind.level2.clone(), vec![v])),
                }
            }
            if v.ind.level3.contains("满意")
                && v.ind.level2_printed
                && !matches!(l2, Level::Satisfaction)
                && l1 != Level::Satisfaction
            {
                misfiled.push(v);
            }
        }
        let subject = (
            format!("{name}：指标层级符合{}", generation.after_zh()),
            format!("{name_en}: levels fit the {}", generation.label_en()),
        );
        if bad.is_empty() && misfiled.is_empty() {
            out.pass(rule, subject, vec![here(b, pt)]);
            continue;
        }
        for (l1, l2, list) in bad {
            let names: Vec<&str> = list
                .iter()
                .map(|v| {
                    if v.ind.level3.is_empty() {
                        "（空）"
                    } else {
                        v.ind.level3.as_str()
                    }
                })
                .collect();
            out.fail(
                rule,
                Severity::Warning,
                subject.clone(),
                (
                    format!(
                        "{name}按一级指标属于{}，但“{l2}”不应列在“{l1}”之下（涉及 {}）",
                        generation.after_zh(),
                        names.join("、")
                    ),
                    format!(
                        "{name_en} follows the {}, where \"{l2}\" does not belong under \"{l1}\" ({})",
                        generation.label_en(),
                        names.join(", ")
                    ),
                ),
                list.iter().map(|v| loc(v, "indicator")).collect(),
            );
        }
        for v in misfiled {
            out.fail(
                rule,
                Severity::Warning,
                subject.clone(),
                (
                    format!(
                        "{name}把满意度类指标「{}」（{}）列在“{}”之下；满意度应列入满意度指标，不能充当效益指标",
                        v.ind.level3, v.ind.value, v.ind.level2
                    ),
                    format!(
                        "{name_en} files the satisfaction indicator \"{}\" ({}) under \"{}\"; satisfaction belongs under 满意度指标, not as a benefit",
                        v.ind.level3, v.ind.value, v.ind.level2
                    ),
                ),
                vec![loc(v, "indicator")],
            );
        }
    }
}
