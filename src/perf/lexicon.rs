//! The indicator lexicon (`data/perf/lexicon.csv`, compiled in): 一级/二级 level names of the
//! three template generations, 三级 indicator terms with their category, polarity, expected
//! unit and plausibility floor, and qualitative value words.
//!
//! Matching is tolerant of synonyms (every row lists its aliases), spaces, enumerators
//! (`一、`), full-width forms and a trailing `指标`. An indicator whose name matches no term
//! is *unclassified*: rules that need its direction or unit record "not checked" for it.

use std::sync::OnceLock;

use crate::parse::normalize::squeeze;
use crate::parse::segment::strip_enumerator;

/// The category of a 一级 or 二级 level name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// 产出指标 (一级)
    Output,
    /// 项目完成指标 (一级, legacy local template)
    Completion,
    /// 效益指标 (一级)
    Benefit,
    /// 成本指标 (一级 in 2021; 二级 under 产出 before)
    Cost,
    /// 满意度指标 (一级; or 二级 under 满意度 / 效益)
    Satisfaction,
    /// 数量指标
    Quantity,
    /// 质量指标
    Quality,
    /// 时效指标
    Timeliness,
    /// 经济效益指标
    Economic,
    /// 社会效益指标
    Social,
    /// 生态效益指标
    Ecological,
    /// 可持续影响指标
    Sustainable,
    /// 经济成本指标 (2021)
    EconomicCost,
    /// 社会成本指标 (2021)
    SocialCost,
    /// 生态环境成本指标 (2021)
    EcologicalCost,
}

impl Level {
    fn from_key(s: &str) -> Option<Level> {
        Some(match s {
            "output" => Level::Output,
            "completion" => Level::Completion,
            "benefit" => Level::Benefit,
            "cost" => Level::Cost,
            "satisfaction" => Level::Satisfaction,
            "quantity" => Level::Quantity,
            "quality" => Level::Quality,
            "timeliness" => Level::Timeliness,
            "economic" => Level::Economic,
            "social" => Level::Social,
            "ecological" => Level::Ecological,
            "sustainable" => Level::Sustainable,
            "economic-cost" => Level::EconomicCost,
            "social-cost" => Level::SocialCost,
            "ecological-cost" => Level::EcologicalCost,
            _ => return None,
        })
    }

    /// True for names that can stand in the 一级 column.
    pub fn can_be_first(self) -> bool {
        matches!(
            self,
            Level::Output | Level::Completion | Level::Benefit | Level::Cost | Level::Satisfaction
        )
    }

    /// True for names that can stand in the 二级 column.
    pub fn can_be_second(self) -> bool {
        !matches!(self, Level::Output | Level::Completion | Level::Benefit)
    }

    /// Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Output => "产出指标",
            Level::Completion => "项目完成指标",
            Level::Benefit => "效益指标",
            Level::Cost => "成本指标",
            Level::Satisfaction => "满意度指标",
            Level::Quantity => "数量指标",
            Level::Quality => "质量指标",
            Level::Timeliness => "时效指标",
            Level::Economic => "经济效益指标",
            Level::Social => "社会效益指标",
            Level::Ecological => "生态效益指标",
            Level::Sustainable => "可持续影响指标",
            Level::EconomicCost => "经济成本指标",
            Level::SocialCost => "社会成本指标",
            Level::EcologicalCost => "生态环境成本指标",
        }
    }
}

/// What a 三级 indicator measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// A rate or ratio in %.
    Rate,
    /// A satisfaction or approval rate in %.
    Satisfaction,
    /// A growth or change rate (may exceed 100% or be negative).
    Growth,
    /// An input or process measure (资金到位率, 预算执行率 …): not a result.
    Input,
    /// A count or other absolute quantity.
    Count,
    /// A money amount.
    Money,
    /// A date, deadline or period.
    Time,
    /// A duration such as a service life.
    Duration,
    /// A length or distance.
    Length,
}

impl Category {
    fn from_key(s: &str) -> Option<Category> {
        Some(match s {
            "rate" => Category::Rate,
            "satisfaction" => Category::Satisfaction,
            "growth" => Category::Growth,
            "input" => Category::Input,
            "count" => Category::Count,
            "money" => Category::Money,
            "time" => Category::Time,
            "duration" => Category::Duration,
            "length" => Category::Length,
            _ => return None,
        })
    }

    /// True for categories measured in %.
    pub fn is_percent(self) -> bool {
        matches!(self, Category::Rate | Category::Satisfaction | Category::Growth)
    }
}

/// Which way is good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    /// Higher is better (正常率, 满意度, 完成率 …).
    Positive,
    /// Lower is better (故障率, 扣款率, 成本 …).
    Negative,
}

/// The unit an indicator's value should have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitClass {
    /// `%`
    Percent,
    /// Anything but `%` (个, 人, 次, 平方米 …).
    Count,
    /// 元 / 万元 / 亿元
    Money,
    /// A date, a period or an on-time rate.
    Time,
    /// 年 / 月 / 天 …
    Duration,
    /// 米 / 公里 …
    Length,
}

impl UnitClass {
    fn from_key(s: &str) -> Option<UnitClass> {
        Some(match s {
            "percent" => UnitClass::Percent,
            "count" => UnitClass::Count,
            "money" => UnitClass::Money,
            "time" => UnitClass::Time,
            "duration" => UnitClass::Duration,
            "length" => UnitClass::Length,
            _ => return None,
        })
    }
}

/// How a term matches a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The whole (normalised) text.
    Exact,
    /// The end of the name (the measured noun ends a Chinese indicator name).
    Suffix,
    /// Anywhere in the text.
    Contains,
}

/// A 三级 indicator term.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The canonical term.
    pub term: String,
    /// The word that matched (the term or one of its aliases).
    pub matched: String,
    /// Category.
    pub category: Category,
    /// Direction, when the term has one.
    pub polarity: Option<Polarity>,
    /// Expected unit.
    pub unit: Option<UnitClass>,
    /// Plausibility floor in % (a lower target is trivially met).
    pub floor: Option<u32>,
}

/// A qualitative value word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quality {
    /// Cannot be met or missed (持续改善, 优良 …).
    Vague,
    /// A yes/no outcome an assessor can verify (按时完成, 合格 …).
    Checkable,
}

#[derive(Debug, Clone)]
struct Row {
    kind: String,
    words: Vec<String>,
    matching: Match,
    category: String,
    polarity: String,
    unit: String,
    floor: Option<u32>,
}

struct Lexicon {
    rows: Vec<Row>,
}

/// The lexicon CSV as compiled in.
pub const CSV: &str = include_str!("../../data/perf/lexicon.csv");

fn parse_csv(csv: &str) -> Vec<Row> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').map(str::trim).collect();
            if f.len() < 8 {
                return None;
            }
            let mut words = vec![norm(f[1])];
            words.extend(f[2].split('|').map(norm).filter(|w| !w.is_empty()));
            Some(Row {
                kind: f[0].to_string(),
                words,
                matching: match f[3] {
                    "exact" => Match::Exact,
                    "contains" => Match::Contains,
                    _ => Match::Suffix,
                },
                category: f[4].to_string(),
                polarity: f[5].to_string(),
                unit: f[6].to_string(),
                floor: f[7].parse().ok(),
            })
        })
        .collect()
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| Lexicon { rows: parse_csv(CSV) })
}

/// A name normalised for matching: no whitespace, no enumerator, no quotes or stray
/// punctuation, half-width parentheses; a trailing `指标` is kept (callers strip it when
/// matching level names).
pub fn norm(s: &str) -> String {
    let t = strip_enumerator(s).0;
    squeeze(t)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '*' | '：' | ':'))
        .collect::<String>()
        .replace(['（', '('], "(")
        .replace(['）', ')'], ")")
}

/// The level a 一级/二级 cell names, when it names one.
pub fn level(name: &str) -> Option<Level> {
    let n = norm(name);
    if n.is_empty() || n.chars().count() > 20 {
        return None;
    }
    let stem = n.strip_suffix("指标").unwrap_or(&n);
    let stem = stem.strip_suffix("类").unwrap_or(stem);
    lexicon()
        .rows
        .iter()
        .filter(|r| r.kind == "level")
        .find(|r| {
            r.words
                .iter()
                .any(|w| w == &n || w.strip_suffix("指标").unwrap_or(w) == stem)
        })
        .and_then(|r| Level::from_key(&r.category))
}

/// Classifies a 三级 indicator name: the longest term the name ends with, else the longest
/// `contains` term it holds. None when no term fits (the indicator is unclassified).
pub fn classify(name: &str) -> Option<Term> {
    let n = norm(name);
    if n.is_empty() {
        return None;
    }
    let rows = lexicon().rows.iter().filter(|r| r.kind == "indicator");
    let mut best: Option<(&Row, &String, bool)> = None;
    for r in rows {
        for w in &r.words {
            let hit = match r.matching {
                Match::Suffix => n.ends_with(w.as_str()),
                Match::Contains => n.contains(w.as_str()),
                Match::Exact => &n == w,
            };
            if !hit {
                continue;
            }
            let suffix = r.matching != Match::Contains;
            let better = match best {
                None => true,
                // a suffix match beats a contains match; then the longer word wins
                Some((_, bw, bs)) => (suffix, w.chars().count()) > (bs, bw.chars().count()),
            };
            if better {
                best = Some((r, w, suffix));
            }
        }
    }
    let (r, w, _) = best?;
    Some(Term {
        term: r.words[0].clone(),
        matched: w.clone(),
        category: Category::from_key(&r.category)?,
        polarity: match r.polarity.as_str() {
            "positive" => Some(Polarity::Positive),
            "negative" => Some(Polarity::Negative),
            _ => None,
        },
        unit: UnitClass::from_key(&r.unit),
        floor: r.floor,
    })
}

/// Classifies a qualitative value: checkable words win over vague ones ("确保按时完成" is
/// checkable). None when the value holds neither.
pub fn quality(value: &str) -> Option<(Quality, String)> {
    let n = norm(value);
    if n.is_empty() {
        return None;
    }
    let mut vague: Option<String> = None;
    for r in lexicon().rows.iter().filter(|r| r.kind == "qualitative") {
        for w in &r.words {
            let hit = match r.matching {
                Match::Exact => &n == w,
                _ => n.contains(w.as_str()),
            };
            if !hit {
                continue;
            }
            if r.category == "checkable" {
                return Some((Quality::Checkable, w.clone()));
            }
            if vague
                .as_ref()
                .is_none_or(|v| w.chars().count() > v.chars().count())
            {
                vague = Some(w.clone());
            }
        }
    }
    vague.map(|w| (Quality::Vague, w))
}

/// The longest qualitative value word `s` starts with (for text whose cells ran together).
pub fn quality_prefix(s: &str) -> Option<String> {
    lexicon()
        .rows
        .iter()
        .filter(|r| r.kind == "qualitative")
        .flat_map(|r| r.words.iter())
        .filter(|w| s.starts_with(w.as_str()))
        .max_by_key(|w| w.chars().count())
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_well_formed() {
        let rows = parse_csv(CSV);
        let lines = CSV.lines().skip(1).filter(|l| !l.trim().is_empty()).count();
        assert_eq!(rows.len(), lines, "every row has the nine fields");
        for r in &rows {
            match r.kind.as_str() {
                "level" => assert!(Level::from_key(&r.category).is_some(), "{:?}", r.words),
                "indicator" => {
                    assert!(Category::from_key(&r.category).is_some(), "{:?}", r.words);
                    assert!(
                        r.polarity.is_empty() || r.polarity == "positive" || r.polarity == "negative",
                        "{:?}",
                        r.words
                    );
                    assert!(
                        r.unit.is_empty() || UnitClass::from_key(&r.unit).is_some(),
                        "{:?}",
                        r.words
                    );
                }
                "qualitative" => assert!(r.category == "vague" || r.category == "checkable"),
                k => panic!("unknown kind {k}"),
            }
            assert!(r.words.iter().all(|w| !w.is_empty()));
        }
        // no word belongs to two indicator rows with the same way of matching
        let mut seen = std::collections::BTreeMap::new();
        for r in rows.iter().filter(|r| r.kind != "qualitative") {
            for w in &r.words {
                let key = (r.kind.clone(), w.clone(), format!("{:?}", r.matching));
                assert!(seen.insert(key, ()).is_none(), "duplicate lexicon word {w}");
            }
        }
    }

    #[test]
    fn level_names_of_three_generations() {
        assert_eq!(level("产出指标"), Some(Level::Output));
        assert_eq!(level("产出"), Some(Level::Output));
        assert_eq!(level("项目完成指标"), Some(Level::Completion));
        assert_eq!(level("项目效益指标"), Some(Level::Benefit));
        assert_eq!(level("效益指标"), Some(Level::Benefit));
        assert_eq!(level("成本指标"), Some(Level::Cost));
        assert_eq!(level("满意度指标"), Some(Level::Satisfaction));
        assert_eq!(level("社会公众或服务对象满意度指标"), Some(Level::Satisfaction));
        assert_eq!(level("服务对象满意度指标"), Some(Level::Satisfaction));
        assert_eq!(level("数量指标"), Some(Level::Quantity));
        assert_eq!(level(" 时效 指标 "), Some(Level::Timeliness));
        assert_eq!(level("一、经济效益指标"), Some(Level::Economic));
        assert_eq!(level("可持续影响指标"), Some(Level::Sustainable));
        assert_eq!(level("生态环境成本指标"), Some(Level::EcologicalCost));
        // an indicator is not a level
        assert_eq!(level("经济效益增长率"), None);
        assert_eq!(level("网络正常率"), None);
        assert_eq!(level(""), None);
    }

    fn class(name: &str) -> (Category, Option<Polarity>) {
        let t = classify(name).unwrap_or_else(|| panic!("{name} unclassified"));
        (t.category, t.polarity)
    }

    #[test]
    fn indicators_and_their_direction() {
        use Category::*;
        use Polarity::*;
        assert_eq!(class("网络正常率"), (Rate, Some(Positive)));
        assert_eq!(class("视频监控正常率"), (Rate, Some(Positive)));
        assert_eq!(class("异常处理率"), (Rate, Some(Positive)));
        assert_eq!(class("考核扣款率"), (Rate, Some(Negative)));
        assert_eq!(class("重复建设率"), (Rate, Some(Negative)));
        assert_eq!(class("数据重复采集率"), (Rate, Some(Negative)));
        assert_eq!(class("网络共享率"), (Rate, Some(Positive)));
        assert_eq!(class("用户使用满意度"), (Satisfaction, Some(Positive)));
        assert_eq!(class("办理流量卡网军人数"), (Count, None));
        assert_eq!(class("光纤链路租赁条数"), (Count, None));
        assert_eq!(class("舆情检测软件金额"), (Money, None));
        assert_eq!(class("控制在预算成本内"), (Money, Some(Negative)));
        assert_eq!(class("系统寿命年数"), (Duration, Some(Positive)));
        assert_eq!(class("服务周期"), (Time, None));
        assert_eq!(class("资金到位率"), (Input, Some(Positive)));
        assert_eq!(class("预算执行率"), (Input, Some(Positive)));
        assert_eq!(class("GDP增长率"), (Growth, None));
        assert_eq!(class("开发效率"), (Rate, None));
        // "…使用数量" is a count, not a 使用率
        assert_eq!(class("系统软件和平台开发并投入使用数量"), (Count, None));
        // a satisfaction indicator worded as an approval rate
        assert_eq!(
            classify("服务周期内,市民对空气质量改善的满意程度").map(|t| t.category),
            Some(Satisfaction)
        );
        assert_eq!(classify("满意度").and_then(|t| t.floor), Some(80));
    }

    #[test]
    fn synonyms_are_tolerated() {
        for (a, b) in [
            ("群众满意度", "群众满意率"),
            ("设备故障率", "设备宕机率"),
            ("验收合格率", "验收通过率"),
            ("工作完成率", "工作按期完成率"),
            ("差错率", "出错率"),
        ] {
            let (x, y) = (classify(a).unwrap(), classify(b).unwrap());
            assert_eq!((x.category, x.polarity), (y.category, y.polarity), "{a} / {b}");
        }
        // spaces, enumerators and full-width parentheses do not matter
        assert_eq!(class("（1）网络 正常 率"), class("网络正常率"));
    }

    #[test]
    fn unknown_indicators_stay_unclassified() {
        assert!(classify("互联网领域党建刊物订购").is_none());
        assert!(classify("服务周期内空气质量").is_none());
        assert!(classify("").is_none());
    }

    #[test]
    fn qualitative_values() {
        assert_eq!(quality("优良").map(|q| q.0), Some(Quality::Vague));
        assert_eq!(quality("持续改善").map(|q| q.0), Some(Quality::Vague));
        assert_eq!(quality("明显提升").map(|q| q.0), Some(Quality::Vague));
        assert_eq!(quality("按时完成").map(|q| q.0), Some(Quality::Checkable));
        assert_eq!(quality("确保按时完成").map(|q| q.0), Some(Quality::Checkable));
        assert_eq!(quality("合格").map(|q| q.0), Some(Quality::Checkable));
        assert_eq!(quality("不超预算").map(|q| q.0), Some(Quality::Checkable));
        assert_eq!(quality("第三方出具报告"), None);
    }
}
