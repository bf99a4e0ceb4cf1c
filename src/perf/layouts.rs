//! The vocabulary of printed 绩效 tables, as data: which titles start one, and which column
//! headers name which field. The column reader (`parse::perf_grid`) knows no city: every
//! regional template (上海 填报表, 北京 预算12表 / 预算13表, 山东 政策和项目预算绩效目标表,
//! 重庆 一级项目表, 决算 绩效自评表) is read through this table. To read a new template, add
//! its header words here and a case to the tests below.

/// What a column of a 绩效 table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Col {
    /// 项目名称 / 单位（项目）名称 (a wide table: one project spans many rows).
    Project,
    /// 项目编码 / 单位编码 / 序号.
    Code,
    /// 项目总额 / 资金总额 / 当年财政拨款预算金额.
    Funds,
    /// 其中：财政资金 / 财政拨款.
    Fiscal,
    /// 其他资金.
    Other,
    /// 绩效目标 / 当年绩效目标 (text spanning the project's rows).
    Goal,
    /// 活动 (部门整体支出绩效目标表).
    Activity,
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// 三级指标 / 指标名称.
    Level3,
    /// 绩效指标: 一级, 二级 and 三级 printed in one cell (北京 预算13表).
    Levels,
    /// 指标性质 / 计算符号 (≥, ≤, ＝, 定性).
    Op,
    /// 指标值 / 年度指标值 / 本年绩效指标值.
    Value,
    /// 指标值内容: the value described in words, used when 指标值 is blank.
    ValueText,
    /// 度量单位 / 计量单位.
    Unit,
    /// 实际完成值 (绩效自评表).
    Actual,
    /// 分值 / 权重.
    Weight,
    /// 得分 (绩效自评表).
    Score,
    /// 偏差原因 (绩效自评表).
    Reason,
    /// Printed but not used: 指标解释, 评(扣)分标准, 是否核心, 备注, 指标值类型.
    Ignore,
}

/// Column headers, matched on the header text with spaces removed and full-width
/// parentheses made half-width. The first entry the header contains wins, so a longer or
/// more specific word comes before a word it contains (指标值类型 before 指标值, 绩效指标性质
/// before 绩效指标).
pub const COLUMNS: &[(&str, Col)] = &[
    ("偏差原因", Col::Reason),
    ("原因分析", Col::Reason),
    ("未完成原因", Col::Reason),
    ("实际完成值", Col::Actual),
    ("全年实际值", Col::Actual),
    ("实际完成", Col::Actual),
    ("实际值", Col::Actual),
    ("完成值", Col::Actual),
    ("得分", Col::Score),
    ("分值", Col::Weight),
    ("权重", Col::Weight),
    ("指标值类型", Col::Ignore),
    ("指标值设定依据", Col::Ignore),
    ("设定依据", Col::Ignore),
    ("指标解释", Col::Ignore),
    ("评(扣)分标准", Col::Ignore),
    ("评分标准", Col::Ignore),
    ("扣分标准", Col::Ignore),
    ("是否核心", Col::Ignore),
    ("备注", Col::Ignore),
    ("指标性质", Col::Op),
    ("计算符号", Col::Op),
    ("指标值内容", Col::ValueText),
    ("指标值", Col::Value),
    ("度量单位", Col::Unit),
    ("计量单位", Col::Unit),
    ("一级指标", Col::Level1),
    ("二级指标", Col::Level2),
    ("三级指标", Col::Level3),
    ("指标名称", Col::Level3),
    ("绩效指标", Col::Levels),
    ("项目编码", Col::Code),
    ("项目代码", Col::Code),
    ("单位编码", Col::Code),
    ("序号", Col::Code),
    ("单位(项目)名称", Col::Project),
    ("项目名称", Col::Project),
    ("项目总额", Col::Funds),
    ("资金总额", Col::Funds),
    ("预算金额", Col::Funds),
    ("财政拨款预算", Col::Funds),
    ("财政资金", Col::Fiscal),
    ("财政拨款", Col::Fiscal),
    ("其他资金", Col::Other),
    ("绩效目标", Col::Goal),
    ("活动", Col::Activity),
];

/// The columns that name an indicator (at least one must be in a header).
pub const NAME_COLUMNS: &[Col] = &[Col::Level3, Col::Levels];
/// The columns that hold its value and, in a self-evaluation, its result.
pub const VALUE_COLUMNS: &[Col] = &[
    Col::Op,
    Col::Value,
    Col::ValueText,
    Col::Unit,
    Col::Actual,
    Col::Score,
];
/// The columns of a project in a wide table, printed once in cells spanning its rows.
pub const PROJECT_COLUMNS: &[Col] = &[Col::Project, Col::Code, Col::Funds, Col::Fiscal, Col::Other];

/// What kind of 绩效 table a title names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    /// 项目支出绩效目标表, 绩效目标填报表, 政策和项目预算绩效目标表, 一级项目绩效目标表 ….
    Project,
    /// 部门整体支出绩效目标表 / 部门整体绩效目标表.
    Department,
    /// 绩效自评表 (决算).
    SelfEvaluation,
}

/// Title words, matched on the title with spaces removed; the first match wins.
pub const TITLES: &[(&str, TitleKind)] = &[
    ("整体支出绩效自评", TitleKind::SelfEvaluation),
    ("绩效自评", TitleKind::SelfEvaluation),
    ("部门整体支出绩效目标", TitleKind::Department),
    ("部门整体绩效目标", TitleKind::Department),
    ("整体支出绩效目标", TitleKind::Department),
    ("绩效目标", TitleKind::Project),
];

/// The column a header cell names, when it names one.
pub fn column(header: &str) -> Option<Col> {
    let h = crate::perf::lexicon::norm(header);
    if h.is_empty() {
        return None;
    }
    COLUMNS.iter().find(|(w, _)| h.contains(w)).map(|(_, c)| *c)
}

/// The kind of 绩效 table a title names: a title ends with 表, is short, and names 绩效目标
/// or 绩效自评.
pub fn title_kind(title: &str) -> Option<TitleKind> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches([')', '）']);
    let t = match t.rfind(['(', '（']) {
        // "…绩效目标表 (一级项目)"
        Some(i) if t[..i].ends_with('表') => &t[..i],
        _ => t,
    };
    if !t.ends_with('表') || t.chars().count() > 40 || t.contains('…') {
        return None;
    }
    TITLES.iter().find(|(w, _)| t.contains(w)).map(|(_, k)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_header_maps_to_its_column() {
        let cases = [
            // 上海 财政项目支出绩效目标填报表
            ("一 级 指 标", Col::Level1),
            ("二 级 指 标", Col::Level2),
            ("三 级 指 标", Col::Level3),
            ("年 度 ( / 项 目 ) 指 标 值", Col::Value),
            // 北京 预算12表 (headers wrapped over lines, joined)
            ("项 目 名 称", Col::Project),
            ("项 目 总 额", Col::Funds),
            ("其中：财政资金", Col::Fiscal),
            ("其他资金", Col::Other),
            ("绩 效 目 标", Col::Goal),
            ("绩 效 指 标 性 质", Col::Op),
            ("本 年 绩 效 指 标 值", Col::Value),
            ("绩 效 度 量 单 位", Col::Unit),
            // 北京 预算13表
            ("活 动", Col::Activity),
            ("绩 效 指 标", Col::Levels),
            // 重庆
            ("指 标 名 称", Col::Level3),
            ("计 量 单 位", Col::Unit),
            ("指 标 权 重 ( % )", Col::Weight),
            ("是 否 核 心", Col::Ignore),
            ("当年财政拨款预算金额", Col::Funds),
            ("当 年 绩 效 目 标", Col::Goal),
            ("序 号", Col::Code),
            // wide tables (单位编码 | 单位（项目）名称 | 资金总额 …)
            ("单位编码", Col::Code),
            ("单位（项目）名称", Col::Project),
            ("指标值内容", Col::ValueText),
            ("评（扣）分标准", Col::Ignore),
            ("指标值类型", Col::Ignore),
            // 决算 绩效自评表
            ("年度指标值", Col::Value),
            ("实际完成值", Col::Actual),
            ("分值", Col::Weight),
            ("得分", Col::Score),
            ("偏差原因分析及改进措施", Col::Reason),
        ];
        for (h, c) in cases {
            assert_eq!(column(h), Some(c), "{h}");
        }
        assert_eq!(column("项目资金"), None);
    }

    #[test]
    fn titles() {
        assert_eq!(title_kind("财政项目支出绩效目标填报表"), Some(TitleKind::Project));
        assert_eq!(
            title_kind("预算12表 项目支出绩效目标表"),
            Some(TitleKind::Project)
        );
        assert_eq!(
            title_kind("预算13表 部门整体支出绩效目标表"),
            Some(TitleKind::Department)
        );
        assert_eq!(
            title_kind("2026年部门整体绩效目标表"),
            Some(TitleKind::Department)
        );
        assert_eq!(
            title_kind("2026年市级一般性项目绩效目标表 (一级项目)"),
            Some(TitleKind::Project)
        );
        assert_eq!(title_kind("政策和项目预算绩效目标表"), Some(TitleKind::Project));
        assert_eq!(
            title_kind("2024年度项目支出绩效自评表"),
            Some(TitleKind::SelfEvaluation)
        );
        assert_eq!(
            title_kind("部门整体支出绩效自评表"),
            Some(TitleKind::SelfEvaluation)
        );
        assert_eq!(title_kind("十二、项目支出绩效目标表说明"), None);
        assert_eq!(title_kind("四、绩效目标设置情况"), None);
    }

    #[test]
    fn every_column_is_reachable() {
        // an entry shadowed by an earlier one that it contains would never match
        for (i, (w, _)) in COLUMNS.iter().enumerate() {
            assert!(
                !COLUMNS[..i].iter().any(|(e, _)| w.contains(e)),
                "{w} is shadowed by an earlier entry"
            );
        }
    }
}
