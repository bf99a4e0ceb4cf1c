use crate::perf::{self, block_name, block_name_en, Generation, Group};
use crate::report::Severity;
use crate::rules::performance::{blocks, here};
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 每个项目至少有一个带指标值的产出指标（数量、质量、时效；旧模板为项目完成指标）和一个效益
    /// 指标；2021 年模板还要有成本指标；项目面向公众（总体目标或年度目标提到群众、市民、公众、居民、
    /// 服务对象、用户等）时要有满意度指标。Each project has at least one output and one benefit
    /// indicator with a value; a cost indicator under the 2021 template; a satisfaction
    /// indicator when the goal names the public it serves.
    ///
    /// ## Why it matters
    /// 财预〔2020〕10号按产出 50%、效益 30%、满意度 10% 评分；缺少一类指标，这部分就无从考核。
    /// 只列产出不列效益的目标表，说明的是“花了钱”，而不是“办成了什么事”。
    ///
    /// ## Example
    /// `tests/fixtures/rules/indicator-coverage-incomplete/warn_no_benefit.md`.
    ///
    /// ## Known limitations
    /// Whether a project serves the public is read from words of its goal; internal projects
    /// may omit 满意度. A block that looks cut off (its last value is a lone comparator, as in
    /// a truncated web excerpt) is not checked. Empty placeholder rows do not count.
    pub static INDICATOR_COVERAGE_INCOMPLETE = {
        code: "PF002",
        name: "indicator-coverage-incomplete",
        title_zh: "绩效指标类别不全",
        title_en: "Indicator set lacks a required category",
        family: Performance,
        severity: Warning,
        tables: &[],
        basis: &["财预〔2015〕88号：绩效指标包括产出、效益和满意度指标", "财预〔2020〕10号：产出 50%、效益 30%、满意度 10%"],
        since: "0.2.0",
        check: check,
    };
}

const PUBLIC: &[&str] = &[
    "群众",
    "市民",
    "公众",
    "居民",
    "服务对象",
    "用户",
    "学生",
    "患者",
    "村民",
    "老人",
    "游客",
    "企业",
    "百姓",
    "民生",
];

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &INDICATOR_COVERAGE_INCOMPLETE;
    for (b, pt) in blocks(ctx) {
        let name = block_name(pt);
        let name_en = block_name_en(pt);
        let subject = (
            format!("{name}：产出、效益（及满意度、成本）指标齐全"),
            format!("{name_en}: output, benefit (and satisfaction, cost) indicators present"),
        );
        let here = vec![here(b, pt)];
        let rows: Vec<&perf::View<'_>> = ctx.indicators(b).collect();
        if rows.is_empty() {
            out.not_checked_at(
                rule,
                subject,
                ("没有读到指标行".into(), "no indicator row was read".into()),
                here,
            );
            continue;
        }
        if rows.iter().all(|v| v.l1.is_none() && v.l2.is_none()) {
            // a template without 一级/二级 columns (重庆 指标名称 | 指标性质 | 指标值 …)
            out.not_checked_at(
                rule,
                subject,
                (
                    "表中没有一级、二级指标，无法判断指标类别".into(),
                    "the table prints no 一级/二级 levels, so the groups cannot be told".into(),
                ),
                here,
            );
            continue;
        }
        let has = |g: Group| {
            rows.iter()
                .any(|v| v.group() == Some(g) && !v.ind.value.trim().is_empty())
        };
        let goal = format!(
            "{}{}",
            pt.goal.as_deref().unwrap_or(""),
            pt.annual_goal.as_deref().unwrap_or("")
        );
        let public = PUBLIC.iter().find(|w| goal.contains(*w));
        let mut missing: Vec<(&str, &str)> = Vec::new();
        if !has(Group::Output) {
            missing.push(("产出指标", "output"));
        }
        if !has(Group::Benefit) {
            missing.push(("效益指标", "benefit"));
        }
        if perf::generation(pt) == Some(Generation::Y2021) && !has(Group::Cost) {
            missing.push(("成本指标", "cost"));
        }
        if public.is_some() && !has(Group::Satisfaction) {
            missing.push(("满意度指标", "satisfaction"));
        }
        if missing.is_empty() {
            out.pass(rule, subject, here);
            continue;
        }
        if pt.truncated {
            out.not_checked_at(
                rule,
                subject,
                (
                    "表格在一个不完整的指标值处截断，后面的指标可能未载入".into(),
                    "the table stops at an incomplete value; later indicators may be missing from the text"
                        .into(),
                ),
                here,
            );
            continue;
        }
        let zh: Vec<&str> = missing.iter().map(|m| m.0).collect();
        let en: Vec<&str> = missing.iter().map(|m| m.1).collect();
        let why_zh = match public {
            Some(w) if zh.contains(&"满意度指标") => format!("（目标提到“{w}”，项目面向公众）"),
            _ => String::new(),
        };
        out.fail(
            rule,
            Severity::Warning,
            subject,
            (
                format!(
                    "{name}没有带指标值的{}{why_zh}，这部分绩效无从考核",
                    zh.join("、")
                ),
                format!(
                    "{name_en} has no {} indicator with a value, so that part cannot be assessed",
                    en.join(", ")
                ),
            ),
            here,
        );
    }
}
