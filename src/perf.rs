//! Performance targets (项目支出绩效目标): the 指标值 grammar ([`value`]), the indicator
//! lexicon ([`lexicon`]), the three template generations and a typed view of each
//! indicator row for the PF rules.
//!
//! Template generations (docs/performance-targets.md):
//!
//! | generation | 一级 | 二级 |
//! | --- | --- | --- |
//! | 2015 (财预〔2015〕88号) | 产出 / 效益 / 满意度 | 数量 质量 时效 成本 / 经济 社会 生态 可持续 / 服务对象满意度 |
//! | 2021 (财预〔2021〕101号) | 成本 / 产出 / 效益 / 满意度 | 经济 社会 生态环境成本 / 数量 质量 时效 / … |
//! | legacy local | 项目完成 / 效益 (/ 满意度) | 数量 质量 时效 成本 / 经济 社会 生态 可持续 满意度 |

pub mod layouts;
pub mod lexicon;
pub mod selfeval;
pub mod value;

use rust_decimal::Decimal;

use crate::model::{Amount, Indicator, PerformanceTable, Unit};
use lexicon::{Level, Term};
use value::Target;

/// The template generation of a 绩效目标表.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generation {
    /// 产出 / 效益 / 满意度 (财预〔2015〕88号).
    Y2015,
    /// 成本 / 产出 / 效益 / 满意度 (财预〔2021〕101号).
    Y2021,
    /// 项目完成 / 效益 (older local templates).
    Legacy,
}

impl Generation {
    /// "2015", "2021" or "legacy" (the report's `performance[].generation`).
    pub fn code(self) -> &'static str {
        match self {
            Generation::Y2015 => "2015",
            Generation::Y2021 => "2021",
            Generation::Legacy => "legacy",
        }
    }

    /// From [`Generation::code`].
    pub fn from_code(code: &str) -> Option<Generation> {
        match code {
            "2015" => Some(Generation::Y2015),
            "2021" => Some(Generation::Y2021),
            "legacy" => Some(Generation::Legacy),
            _ => None,
        }
    }

    /// Chinese description.
    pub fn label_zh(self) -> &'static str {
        match self {
            Generation::Y2015 => "2015 年模板（产出/效益/满意度）",
            Generation::Y2021 => "2021 年模板（成本/产出/效益/满意度）",
            Generation::Legacy => "地方旧模板（项目完成/效益）",
        }
    }

    /// The Chinese description after a Chinese word: a space before a digit.
    pub fn after_zh(self) -> String {
        let l = self.label_zh();
        if l.starts_with(|c: char| c.is_ascii_digit()) {
            format!(" {l}")
        } else {
            l.to_string()
        }
    }
    /// English description.
    pub fn label_en(self) -> &'static str {
        match self {
            Generation::Y2015 => "2015 template (output/benefit/satisfaction)",
            Generation::Y2021 => "2021 template (cost/output/benefit/satisfaction)",
            Generation::Legacy => "legacy local template (completion/benefit)",
        }
    }
}

/// What an indicator counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// 产出 (数量 / 质量 / 时效; 项目完成 in the legacy template).
    Output,
    /// 成本 (一级 in 2021, 二级 under 产出 before).
    Cost,
    /// 效益.
    Benefit,
    /// 满意度.
    Satisfaction,
}

/// One indicator row seen through the lexicon and the value grammar.
#[derive(Debug, Clone)]
pub struct View<'a> {
    /// Index of the block in `Document::performance`.
    pub block: usize,
    /// Index of the row in the block's indicators.
    pub index: usize,
    /// The row.
    pub ind: &'a Indicator,
    /// The 一级 level, when recognised.
    pub l1: Option<Level>,
    /// The 二级 level, when recognised.
    pub l2: Option<Level>,
    /// The lexicon term of the 三级 name, when it has one.
    pub term: Option<Term>,
    /// The parsed value.
    pub target: Target,
}

impl View<'_> {
    /// True for an indicator under 成本 (一级 or 二级).
    pub fn is_cost(&self) -> bool {
        matches!(
            self.l2,
            Some(Level::Cost | Level::EconomicCost | Level::SocialCost | Level::EcologicalCost)
        ) || self.l1 == Some(Level::Cost)
    }

    /// True for an indicator under 时效.
    pub fn is_timeliness(&self) -> bool {
        self.l2 == Some(Level::Timeliness)
    }

    /// What the row counts towards.
    pub fn group(&self) -> Option<Group> {
        if self.is_cost() {
            return Some(Group::Cost);
        }
        match (self.l1, self.l2) {
            (_, Some(Level::Satisfaction)) | (Some(Level::Satisfaction), _) => Some(Group::Satisfaction),
            (Some(Level::Output | Level::Completion), _) => Some(Group::Output),
            (Some(Level::Benefit), _) => Some(Group::Benefit),
            (_, Some(Level::Quantity | Level::Quality | Level::Timeliness)) => Some(Group::Output),
            (_, Some(Level::Economic | Level::Social | Level::Ecological | Level::Sustainable)) => {
                Some(Group::Benefit)
            }
            _ => None,
        }
    }

    /// The 三级 name as printed.
    pub fn name(&self) -> &str {
        &self.ind.level3
    }
}

/// The rows of a block (placeholders included) as views.
pub fn views(block: usize, pt: &PerformanceTable) -> Vec<View<'_>> {
    pt.indicators
        .iter()
        .enumerate()
        .map(|(index, ind)| View {
            block,
            index,
            ind,
            l1: lexicon::level(&ind.level1),
            l2: lexicon::level(&ind.level2),
            term: lexicon::classify(&ind.level3),
            target: value::parse(&ind.value),
        })
        .collect()
}

/// The indicator rows of a block that are not placeholders.
pub fn indicators(block: usize, pt: &PerformanceTable) -> Vec<View<'_>> {
    views(block, pt)
        .into_iter()
        .filter(|v| !v.ind.is_placeholder())
        .collect()
}

/// The generation a block's 一级 names belong to; None when they do not tell (or mix).
pub fn generation(pt: &PerformanceTable) -> Option<Generation> {
    let l1s: Vec<Level> = pt
        .indicators
        .iter()
        .filter_map(|i| lexicon::level(&i.level1))
        .collect();
    let has = |l: Level| l1s.contains(&l);
    match (has(Level::Completion), has(Level::Output), has(Level::Cost)) {
        (true, false, false) => Some(Generation::Legacy),
        (false, true, true) => Some(Generation::Y2021),
        (false, true, false) => Some(Generation::Y2015),
        _ => None,
    }
}

/// True when the blocks mix the 一级 names of different generations (项目完成 with 产出).
pub fn mixes_generations(pt: &PerformanceTable) -> bool {
    let l1s: Vec<Level> = pt
        .indicators
        .iter()
        .filter_map(|i| lexicon::level(&i.level1))
        .collect();
    l1s.contains(&Level::Completion) && l1s.contains(&Level::Output)
}

/// True when `l2` may stand under `l1` in the generation.
pub fn valid_pair(generation: Generation, l1: Level, l2: Level) -> bool {
    use Level::*;
    match (generation, l1) {
        (Generation::Y2015, Output) | (Generation::Legacy, Completion) => {
            matches!(l2, Quantity | Quality | Timeliness | Cost)
        }
        (Generation::Y2021, Output) => matches!(l2, Quantity | Quality | Timeliness),
        (Generation::Y2021, Cost) => matches!(l2, EconomicCost | SocialCost | EcologicalCost | Cost),
        // 社会公众或服务对象满意度 as a 二级 under 效益 occurs in local templates of both generations
        (Generation::Y2015 | Generation::Legacy, Benefit) => {
            matches!(l2, Economic | Social | Ecological | Sustainable | Satisfaction)
        }
        (Generation::Y2021, Benefit) => matches!(l2, Economic | Social | Ecological | Sustainable),
        (_, Satisfaction) => l2 == Satisfaction,
        _ => false,
    }
}

/// A printed amount of a block (funds), read with the block's funds unit or the unit
/// printed after it (`250万`). None when the text is not an amount or no unit is known.
pub fn funds_amount(text: &str, unit: Option<Unit>) -> Option<Amount> {
    let t = value::parse(text);
    match t.kind {
        value::Kind::Number {
            value,
            decimals,
            measure,
            upper: None,
        } => {
            let unit = match measure {
                value::Measure::Money(u) => u,
                value::Measure::None => unit?,
                _ => return None,
            };
            Some(Amount {
                value,
                decimals,
                unit,
                raw: crate::model::format_amount(value, decimals),
            })
        }
        _ => None,
    }
}

/// The project budget of a block: 年度资金总额, else 财政拨款 + 其他资金 (本级 + 上级).
pub fn budget(pt: &PerformanceTable) -> Option<Amount> {
    if let Some(a) = pt
        .total_funds
        .as_deref()
        .and_then(|t| funds_amount(t, pt.funds_unit))
    {
        return Some(a);
    }
    let fiscal = pt
        .fiscal_funds
        .as_deref()
        .and_then(|t| funds_amount(t, pt.funds_unit))?;
    let other = pt.other_funds.as_deref().and_then(|t| {
        funds_amount(t, pt.funds_unit).or_else(|| {
            // a bare 0 needs no unit
            (value::parse(t).number() == Some(Decimal::ZERO))
                .then(|| Amount::new(Decimal::ZERO, fiscal.unit, "0"))
        })
    });
    match other {
        Some(o) if !o.is_zero() => {
            let y = fiscal.yuan() + o.yuan();
            let v = y / fiscal.unit.yuan_factor();
            let d = fiscal.decimals.max(o.decimals);
            Some(Amount {
                value: v,
                decimals: d,
                unit: fiscal.unit,
                raw: crate::model::format_amount(v, d),
            })
        }
        _ => Some(fiscal),
    }
}

/// A block's name for messages: 绩效目标表「网络维护费」.
pub fn block_name(pt: &PerformanceTable) -> String {
    let what = match pt.kind {
        crate::model::PerformanceKind::Project => "绩效目标表",
        crate::model::PerformanceKind::Department => "部门整体绩效目标表",
        crate::model::PerformanceKind::SelfEvaluation => "绩效自评表",
    };
    match &pt.project {
        Some(p) => format!("{what}「{p}」"),
        None => format!("{what}（第 {} 行）", pt.line),
    }
}

/// English block name.
pub fn block_name_en(pt: &PerformanceTable) -> String {
    let what = match pt.kind {
        crate::model::PerformanceKind::Project => "performance table",
        crate::model::PerformanceKind::Department => "department-wide performance table",
        crate::model::PerformanceKind::SelfEvaluation => "self-evaluation",
    };
    match &pt.project {
        Some(p) => format!("{what} \"{p}\""),
        None => format!("{what} (line {})", pt.line),
    }
}

/// Bigram Dice similarity of two names (0–100), for matching project names across the
/// 项目支出表, the 绩效目标表 and the narrative ("信息化建设项目" ~ "信息化项目建设经费").
pub fn similarity(a: &str, b: &str) -> u32 {
    let norm = |s: &str| -> Vec<char> {
        lexicon::norm(s)
            .chars()
            .filter(|c| !matches!(c, '(' | ')' | '“' | '”' | '、' | '，' | ','))
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 100;
    }
    let grams = |v: &[char]| -> Vec<(char, char)> { v.windows(2).map(|w| (w[0], w[1])).collect() };
    let (ga, mut gb) = (grams(&a), grams(&b));
    if ga.is_empty() || gb.is_empty() {
        return 0;
    }
    let total = ga.len() + gb.len();
    let mut common = 0;
    for g in &ga {
        if let Some(i) = gb.iter().position(|x| x == g) {
            gb.swap_remove(i);
            common += 1;
        }
    }
    (200 * common / total) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_by_generation() {
        use Level::*;
        assert!(valid_pair(Generation::Y2015, Output, Cost));
        assert!(!valid_pair(Generation::Y2021, Output, Cost));
        assert!(valid_pair(Generation::Y2021, Cost, EconomicCost));
        assert!(valid_pair(Generation::Legacy, Completion, Timeliness));
        assert!(valid_pair(Generation::Legacy, Benefit, Satisfaction));
        assert!(!valid_pair(Generation::Y2015, Benefit, Quantity));
        assert!(valid_pair(Generation::Y2015, Satisfaction, Satisfaction));
    }

    #[test]
    fn names_match_across_sources() {
        assert_eq!(similarity("网络维护费", "网络维护费"), 100);
        assert!(similarity("信息化建设项目", "信息化项目建设经费") >= 50);
        assert!(similarity("网络维护费", "网信专项经费") < 40);
    }

    #[test]
    fn funds() {
        let a = funds_amount("250万", None).unwrap();
        assert_eq!((a.value.to_string(), a.unit), ("250".into(), Unit::WanYuan));
        assert!(funds_amount("212.75", None).is_none());
        assert_eq!(funds_amount("212.75", Some(Unit::WanYuan)).unwrap().decimals, 2);
    }
}
