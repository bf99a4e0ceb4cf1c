//! What a narrative phrase talks about: the quantity a figure belongs to.

use crate::rules::bind::Item;

/// Where income comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Source {
    /// 财政拨款（补助）收入
    Fiscal,
    /// 一般公共预算
    GeneralBudget,
    /// 政府性基金预算
    GovernmentFund,
    /// 国有资本经营预算
    StateCapital,
    /// 财政专户管理资金
    SpecialAccount,
    /// 事业收入
    Business,
    /// 事业单位经营收入
    Operating,
    /// 其他收入
    Other,
    /// 上年结转
    CarryOver,
}

/// 政府采购 parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Purchase {
    Total,
    Goods,
    Works,
    Services,
    /// 面向中小企业预留
    Sme,
    /// 其中预留给小型和微型企业
    SmallMicro,
}

/// The quantity a narrative figure describes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// 收支总预算 / 收入支出总计 (both sides of the summary table).
    Total,
    /// 收入预算 / 本年收入合计.
    IncomeTotal,
    /// 支出预算 / 本年支出合计.
    ExpenditureTotal,
    /// One income source.
    Income(Source),
    /// 基本支出 (all funds).
    Basic,
    /// 项目支出 (all funds).
    Project,
    /// 单位预留机动经费 (Jiangsu).
    Reserve,
    /// 财政拨款收支总预算 / 财政拨款收入支出总计.
    FiscalTotal,
    /// 财政拨款支出.
    FiscalExpenditure,
    /// 一般公共预算（财政拨款）支出.
    GeneralBudget,
    /// 一般公共预算（财政拨款）基本支出.
    GeneralBudgetBasic,
    /// 一般公共预算（财政拨款）项目支出.
    GeneralBudgetProject,
    /// 人员经费.
    Personnel,
    /// 公用经费.
    PublicUse,
    /// A 支出功能分类 subject by its names (类, 款, 项 — the given ones, outermost first).
    Function(Vec<String>),
    /// A 支出功能分类 subject whose marks carry its code ("公共安全支出（204类）司法（06款）
    /// 行政运行（01项）" is 2040601): bound by the code, and only when the row's name agrees.
    Coded {
        /// The full code ("2040601").
        code: String,
        /// The names, outermost first.
        names: Vec<String>,
    },
    /// A "三公" item.
    ThreePublic(Item),
    /// 机关运行经费.
    OperatingCost,
    /// 政府采购.
    Procurement(Purchase),
    /// A project by name.
    NamedProject(String),
}

impl Subject {
    /// Chinese name for messages.
    pub fn label_zh(&self) -> String {
        match self {
            Subject::Total => "收支总计".into(),
            Subject::IncomeTotal => "收入合计".into(),
            Subject::ExpenditureTotal => "支出合计".into(),
            Subject::Income(s) => match s {
                Source::Fiscal => "财政拨款收入",
                Source::GeneralBudget => "一般公共预算收入",
                Source::GovernmentFund => "政府性基金预算收入",
                Source::StateCapital => "国有资本经营预算收入",
                Source::SpecialAccount => "财政专户管理资金收入",
                Source::Business => "事业收入",
                Source::Operating => "事业单位经营收入",
                Source::Other => "其他收入",
                Source::CarryOver => "上年结转",
            }
            .into(),
            Subject::Basic => "基本支出".into(),
            Subject::Project => "项目支出".into(),
            Subject::Reserve => "单位预留机动经费".into(),
            Subject::FiscalTotal => "财政拨款收支总计".into(),
            Subject::FiscalExpenditure => "财政拨款支出".into(),
            Subject::GeneralBudget => "一般公共预算支出".into(),
            Subject::GeneralBudgetBasic => "一般公共预算基本支出".into(),
            Subject::GeneralBudgetProject => "一般公共预算项目支出".into(),
            Subject::Personnel => "人员经费".into(),
            Subject::PublicUse => "公用经费".into(),
            Subject::Function(names) => names.join("/"),
            Subject::Coded { code, names } => format!("{}（{code}）", names.join("/")),
            Subject::ThreePublic(i) => match i {
                Item::Abroad => "因公出国（境）费",
                Item::CarSub => "公务用车购置及运行费",
                Item::Purchase => "公务用车购置费",
                Item::Running => "公务用车运行费",
                Item::Reception => "公务接待费",
                Item::Meeting => "会议费",
                Item::Training => "培训费",
                _ => "“三公”经费",
            }
            .into(),
            Subject::OperatingCost => "机关运行经费".into(),
            Subject::Procurement(p) => match p {
                Purchase::Total => "政府采购",
                Purchase::Goods => "政府采购货物",
                Purchase::Works => "政府采购工程",
                Purchase::Services => "政府采购服务",
                Purchase::Sme => "面向中小企业预留的政府采购",
                Purchase::SmallMicro => "预留给小微企业的政府采购",
            }
            .into(),
            Subject::NamedProject(n) => n.clone(),
        }
    }
}

/// What a phrase resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A known quantity.
    Known(Subject),
    /// Only connecting words ("为", "年初预算为", "比上年"): the figure keeps the current subject.
    Neutral,
    /// Words the checker does not recognise: the figure is not checked.
    Unknown(String),
}

/// Words that carry no subject: removed before deciding whether a phrase names something.
const NEUTRAL: &[&str] = &[
    "主要用于以下方面",
    "具体情况如下",
    "年初预算数为",
    "年初预算为",
    "年初预算",
    "支出决算为",
    "支出决算数为",
    "决算数为",
    "决算为",
    "预算数为",
    "预算安排",
    "预算为",
    "预算数",
    "当年拨款",
    "本年度",
    "本年",
    "当年",
    "年度",
    "其中",
    "包括",
    "此外",
    "分别为",
    "分别是",
    "合计",
    "共计",
    "总额",
    "金额",
    "安排",
    "科目",
    "为",
    "是",
    "的",
    "了",
    "约",
    "达",
    "：",
    "，",
    "、",
    "“",
    "”",
    "\"",
    "（",
    "）",
];

/// Removes years ("2019年", "2019年度"), department self-references and enumerators.
pub fn clean(phrase: &str, department: Option<&str>) -> String {
    let mut s = phrase.to_string();
    if let Some(d) = department {
        if !d.is_empty() {
            s = s.replace(d, "");
        }
    }
    // years: four digits followed by 年 (and 度)
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if i + 4 < chars.len() + 1
            && chars[i..].len() >= 5
            && chars[i..i + 4].iter().all(|c| c.is_ascii_digit())
            && chars[i + 4] == '年'
            && (i == 0 || !chars[i - 1].is_ascii_digit())
        {
            i += 5;
            if chars.get(i) == Some(&'度') {
                i += 1;
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    let mut t = out.trim().to_string();
    // leading enumerators, possibly several ("（一）1.")
    loop {
        let stripped = crate::parse::segment::strip_enumerator(&t).0.to_string();
        let stripped = stripped.trim_start_matches(['，', '、', '：', ' ']).to_string();
        if stripped == t {
            break;
        }
        t = stripped;
    }
    for w in ["本部门", "本单位", "部门单位", "部门及下属单位", "部门", "单位"] {
        if let Some(r) = t.strip_prefix(w) {
            t = r.to_string();
        }
    }
    t
}

/// True when the phrase is made of connecting words, digits and punctuation only.
fn is_neutral(s: &str) -> bool {
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(w) = NEUTRAL.iter().find(|w| rest.starts_with(**w)) {
            rest = &rest[w.len()..];
        } else if !c.is_alphanumeric() || c.is_ascii_digit() {
            rest = &rest[c.len_utf8()..];
        } else {
            return false;
        }
    }
    true
}

/// The 功能分类 names in a phrase marked "（类）/（款）/（项）" or written "类-款-项"
/// (in quotes, followed by 科目).
fn function_chain(s: &str) -> Option<Vec<String>> {
    if s.contains("（类）") || s.contains("（款）") || s.contains("（项）") {
        let mut names = Vec::new();
        let mut rest = s;
        let mut last_is_class = false;
        while let Some(pos) = ["（类）", "（款）", "（项）"]
            .iter()
            .filter_map(|m| rest.find(m).map(|p| (p, m.len())))
            .min()
        {
            last_is_class = rest[pos.0..].starts_with("（类）");
            let name = rest[..pos.0]
                .trim_matches(['“', '”', '，', '、', ' '])
                .to_string();
            // "社会保障和就业（类）支出": the word after the mark belongs to the class
            if !name.is_empty() {
                names.push(name);
            }
            rest = &rest[pos.0 + pos.1..];
        }
        let tail = rest.trim_matches(['“', '”', '，', '、', ' ']);
        if let Some(last) = names.last_mut() {
            if tail == "支出" && last_is_class {
                last.push_str("支出");
            }
        }
        return (!names.is_empty()).then_some(names);
    }
    if s.contains('-') && (s.contains('“') || s.contains("科目")) {
        let inner = s.trim_end_matches("科目").trim_matches(['“', '”']);
        let inner = inner.split('”').next().unwrap_or(inner);
        let names: Vec<String> = inner
            .split('-')
            .map(|n| n.trim_matches(['“', '”', ' ']).to_string())
            .filter(|n| !n.is_empty())
            .collect();
        return (names.len() >= 2).then_some(names);
    }
    None
}

/// A mark with a code inside: "（204类）", "（06款）", "（01项）" → (byte position, byte length,
/// level 0/1/2, digits).
fn coded_marks(s: &str) -> Vec<(usize, usize, usize, String)> {
    let mut out = Vec::new();
    for (i, _) in s.match_indices('（') {
        let rest = &s[i + '（'.len_utf8()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            continue;
        }
        let after = &rest[digits.len()..];
        let level = ["类）", "款）", "项）"].iter().position(|m| after.starts_with(m));
        if let Some(level) = level {
            let len = '（'.len_utf8() + digits.len() + "类）".len();
            out.push((i, len, level, digits));
        }
    }
    out
}

/// "公共安全支出（204类）司法（06款）行政运行（01项）": the names and the full code, when the
/// marks give a 类 of three digits and each lower level its two (or its full five or seven).
fn coded_chain(s: &str) -> Option<Subject> {
    let marks = coded_marks(s);
    if marks.is_empty() {
        return None;
    }
    let mut names = Vec::new();
    let mut code = String::new();
    let mut from = 0;
    for (k, (pos, len, level, digits)) in marks.iter().enumerate() {
        if *level != k {
            return None;
        }
        let name = s[from..*pos]
            .trim_matches(['“', '”', '，', '、', ' '])
            .to_string();
        if name.is_empty() {
            return None;
        }
        names.push(name);
        let full = 3 + 2 * level;
        match digits.len() {
            n if n == full && digits.starts_with(code.as_str()) => code = digits.clone(),
            2 if *level > 0 => code.push_str(digits),
            3 if *level == 0 => code = digits.clone(),
            _ => return None,
        }
        from = pos + len;
    }
    // nothing but connecting words after the last mark
    let tail = s[from..].trim_matches(['“', '”', '，', '、', ' ']);
    if !(tail.is_empty() || is_neutral(tail) || tail == "支出") {
        return None;
    }
    Some(Subject::Coded { code, names })
}

fn three_public_item(s: &str) -> Option<Item> {
    if s.contains("因公出国") {
        Some(Item::Abroad)
    } else if s.contains("公务用车购置及运行") || s.contains("公务用车购置和运行") {
        Some(Item::CarSub)
    } else if s.contains("公务用车购置") || s.contains("购置公务用车") {
        Some(Item::Purchase)
    } else if s.contains("公务用车运行") {
        Some(Item::Running)
    } else if s.contains("公务接待") {
        Some(Item::Reception)
    } else if s.contains("三公") {
        Some(Item::Total)
    } else {
        None
    }
}

/// Resolves a cleaned phrase. `income` says the surrounding text is about income (so a bare
/// "一般公共预算" is an income source).
pub fn resolve(phrase: &str, income: bool) -> Resolved {
    let s = phrase.trim();
    if s.is_empty() || is_neutral(s) {
        return Resolved::Neutral;
    }
    use Resolved::Known;
    // "会议费（款）支出": the 经济分类 款 of basic spending, not the "三公" table's column
    // (which also counts project spending)
    let economic_mark = s.contains("（款）") || s.contains("（项）");
    if economic_mark && (three_public_item(s).is_some() || s.contains("会议费") || s.contains("培训费"))
    {
        return Resolved::Unknown(s.to_string());
    }
    if let Some(item) = three_public_item(s) {
        if s.contains("会议费") || s.contains("培训费") {
            return Resolved::Unknown(s.to_string());
        }
        return Known(Subject::ThreePublic(item));
    }
    if s.contains("会议费") {
        return Known(Subject::ThreePublic(Item::Meeting));
    }
    if s.contains("培训费") {
        return Known(Subject::ThreePublic(Item::Training));
    }
    // "一般公共预算财政拨款运行经费" (重庆) is the 机关运行经费
    if s.contains("机关运行经费") || (s.ends_with("运行经费") && !s.contains("日常")) {
        return Known(Subject::OperatingCost);
    }
    // "一般公共预算拨款政府采购": one fund's part of the procurement, narrower than its table
    if s.contains("采购") && (s.contains("一般公共预算") || s.contains("财政拨款")) {
        return Resolved::Unknown(s.to_string());
    }
    if s.contains("政府采购") {
        if s.contains("预留") && (s.contains("小微") || s.contains("小型和微型")) {
            return Known(Subject::Procurement(Purchase::SmallMicro));
        }
        if s.contains("预留") && s.contains("中小企业") {
            return Known(Subject::Procurement(Purchase::Sme));
        }
        if s.contains("中小企业") || s.contains("小微") || s.contains("预留") || s.contains("小型")
        {
            return Resolved::Unknown(s.to_string());
        }
        return Known(Subject::Procurement(if s.contains("货物") {
            Purchase::Goods
        } else if s.contains("工程") {
            Purchase::Works
        } else if s.contains("服务") {
            Purchase::Services
        } else {
            Purchase::Total
        }));
    }
    if s.contains("采购")
        && (s.contains("货物") || s.contains("工程") || s.contains("服务"))
        && !s.contains("中小")
        && !s.contains("小微")
    {
        return Known(Subject::Procurement(if s.contains("货物") {
            Purchase::Goods
        } else if s.contains("工程") {
            Purchase::Works
        } else {
            Purchase::Services
        }));
    }
    if let Some(coded) = coded_chain(s) {
        return Known(coded);
    }
    if let Some(chain) = function_chain(s) {
        return Known(Subject::Function(chain));
    }
    let has = |w: &str| s.contains(w);
    if has("财政拨款收支总") || has("财政拨款收入支出总") || has("财政拨款收、支总") {
        return Known(Subject::FiscalTotal);
    }
    if has("一般公共预算") && has("基本支出") {
        return Known(Subject::GeneralBudgetBasic);
    }
    if has("一般公共预算") && has("项目支出") {
        return Known(Subject::GeneralBudgetProject);
    }
    // "财政拨款基本支出": the 财政拨款 part of basic spending, narrower than the all-funds
    // 基本支出 (the gap is 其他资金) and not bound to a table cell
    if has("财政拨款") && (has("基本支出") || has("项目支出")) {
        return Resolved::Unknown(s.to_string());
    }
    if has("人员经费") {
        return Known(Subject::Personnel);
    }
    if has("公用经费") && !has("日常公用经费") {
        return Known(Subject::PublicUse);
    }
    if has("基本支出") {
        return Known(Subject::Basic);
    }
    if has("项目支出") {
        return Known(Subject::Project);
    }
    if has("预留机动经费") {
        return Known(Subject::Reserve);
    }
    if has("一般公共预算") && (has("支出") || has("拨款规模")) && !has("收入") {
        return Known(Subject::GeneralBudget);
    }
    if has("财政拨款") && has("支出") && !has("收入") {
        return Known(Subject::FiscalExpenditure);
    }
    if has("收支总")
        || has("收入支出总")
        || has("收、支预算总")
        || has("收、支总")
        || has("收支预算总")
        || has("收入、支出预算总")
        || has("收入、支出总")
    {
        return Known(Subject::Total);
    }
    // income sources
    let source = if has("财政专户") {
        Some(Source::SpecialAccount)
    } else if has("一般公共预算") {
        Some(Source::GeneralBudget)
    } else if has("政府性基金") {
        Some(Source::GovernmentFund)
    } else if has("国有资本经营") {
        Some(Source::StateCapital)
    } else if has("财政拨款") {
        Some(Source::Fiscal)
    } else if has("事业收入") {
        Some(Source::Business)
    } else if has("经营收入") {
        Some(Source::Operating)
    } else if has("其他收入") || (has("其他资金") && (income || has("收入"))) {
        Some(Source::Other)
    } else if has("上年结转") || has("年初结转") {
        Some(Source::CarryOver)
    } else {
        None
    };
    // "委托业务费财政拨款": the 财政拨款 part of one expense item, not an income source
    if source.is_some() && has("费") && !has("收入") {
        return Resolved::Unknown(s.to_string());
    }
    if let Some(src) = source {
        if has("收入") || income || matches!(src, Source::Business | Source::Operating | Source::Other) {
            return Known(Subject::Income(src));
        }
        if has("支出") {
            return Resolved::Unknown(s.to_string());
        }
        return Known(Subject::Income(src));
    }
    if has("收入预算") || has("收入合计") || has("收入总计") || s == "收入" {
        return Known(Subject::IncomeTotal);
    }
    if has("支出预算") || has("支出合计") || has("支出总计") || s == "支出" {
        return Known(Subject::ExpenditureTotal);
    }
    // a 功能分类 类 named alone ("一般公共服务支出", "一般公共服务（类）")
    let bare = s.trim_end_matches("科目");
    if crate::codes::function_class_by_name(bare).is_some() {
        return Known(Subject::Function(vec![bare.to_string()]));
    }
    Resolved::Unknown(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Resolved {
        resolve(&clean(s, Some("独山子区委网络安全和信息化领导小组办公室")), false)
    }

    #[test]
    fn resolves_common_subjects() {
        assert_eq!(r("收支总预算"), Resolved::Known(Subject::Total));
        assert_eq!(
            r("独山子区委网络安全和信息化领导小组办公室部门收入预算"),
            Resolved::Known(Subject::IncomeTotal)
        );
        assert_eq!(
            r("2019年财政拨款收支总预算"),
            Resolved::Known(Subject::FiscalTotal)
        );
        assert_eq!(
            r("2019年一般公共预算拨款基本支出"),
            Resolved::Known(Subject::GeneralBudgetBasic)
        );
        assert_eq!(r("基本支出"), Resolved::Known(Subject::Basic));
        assert_eq!(r("年初预算为"), Resolved::Neutral);
        assert_eq!(r("2024年预算安排"), Resolved::Neutral);
        assert_eq!(
            r("1.一般公共服务支出（类）网信事务（款）其他网信事务支出（项）2019年预算数为"),
            Resolved::Known(Subject::Function(vec![
                "一般公共服务支出".into(),
                "网信事务".into(),
                "其他网信事务支出".into()
            ]))
        );
        assert_eq!(
            r("2.社会保障和就业（类）支出"),
            Resolved::Known(Subject::Function(vec!["社会保障和就业支出".into()]))
        );
        assert_eq!(
            r("1.“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目"),
            Resolved::Known(Subject::Function(vec![
                "一般公共服务支出".into(),
                "政府办公厅（室）及相关机构事务".into(),
                "行政运行".into()
            ]))
        );
        assert_eq!(
            r("1、公共安全支出（204类）司法（06款）行政运行（01项）"),
            Resolved::Known(Subject::Coded {
                code: "2040601".into(),
                names: vec!["公共安全支出".into(), "司法".into(), "行政运行".into()]
            })
        );
        assert_eq!(
            r("住房保障支出（221类）住房改革支出（02款）"),
            Resolved::Known(Subject::Coded {
                code: "22102".into(),
                names: vec!["住房保障支出".into(), "住房改革支出".into()]
            })
        );
        // a 款 without its 类 gives no full code
        assert!(!matches!(
            r("司法（06款）行政运行（01项）"),
            Resolved::Known(Subject::Coded { .. })
        ));
        assert_eq!(
            r("社会保障和就业支出"),
            Resolved::Known(Subject::Function(vec!["社会保障和就业支出".into()]))
        );
        assert_eq!(
            r("“三公”经费财政拨款预算数为"),
            Resolved::Known(Subject::ThreePublic(Item::Total))
        );
        assert_eq!(
            r("公务用车运行费"),
            Resolved::Known(Subject::ThreePublic(Item::Running))
        );
        assert_eq!(
            r("政府采购货物预算"),
            Resolved::Known(Subject::Procurement(Purchase::Goods))
        );
        assert!(matches!(r("房屋"), Resolved::Unknown(_)));
    }
}
