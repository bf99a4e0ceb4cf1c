//! The page's two languages. Chinese is the default; every visible string goes through
//! [`tr`] so the English toggle covers the whole page.

use suanpan::model::{DocKind, TableKind, Unit};
pub use suanpan::render::Lang;
use suanpan::report::{Severity, Status};
use suanpan::rules::Family;

/// Picks the string for `lang`.
pub fn tr<'a>(lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// The HTML `lang` attribute value.
pub fn html_lang(lang: Lang) -> &'static str {
    tr(lang, "zh-CN", "en")
}

/// 错误 / error …
pub fn severity(lang: Lang, s: Severity) -> &'static str {
    match lang {
        Lang::Zh => s.label_zh(),
        Lang::En => s.label_en(),
    }
}

/// A symbol for a severity, so that colour is never the only signal.
pub fn severity_icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✖",
        Severity::Warning => "▲",
        Severity::Info => "ℹ",
    }
}

/// 通过 / passed …
pub fn status(lang: Lang, s: Status) -> &'static str {
    match s {
        Status::Pass => tr(lang, "通过", "passed"),
        Status::Fail => tr(lang, "不通过", "failed"),
        Status::NotChecked => tr(lang, "未核对", "not checked"),
    }
}

/// A symbol for a check's outcome.
pub fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Pass => "✓",
        Status::Fail => "✖",
        Status::NotChecked => "–",
    }
}

/// CSS class for a check's outcome.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::NotChecked => "not-checked",
    }
}

/// The rule families, in the order the filters show them: (code prefix, family).
pub const FAMILIES: &[(&str, Family)] = &[
    ("AR", Family::Arithmetic),
    ("XT", Family::CrossTable),
    ("NR", Family::Narrative),
    ("PF", Family::Performance),
    ("ST", Family::Structure),
];

/// 表内勾稽 / within a table …
pub fn family(lang: Lang, f: Family) -> &'static str {
    match lang {
        Lang::Zh => f.label_zh(),
        Lang::En => match f {
            Family::Arithmetic => "within a table",
            Family::CrossTable => "across tables",
            Family::Narrative => "text vs tables",
            Family::Performance => "performance targets",
            Family::Structure => "completeness",
            Family::CrossDocument => "across documents",
        },
    }
}

/// The family of a code prefix.
pub fn family_of_prefix(prefix: &str) -> Option<Family> {
    FAMILIES.iter().find(|(p, _)| *p == prefix).map(|(_, f)| *f)
}

/// CSS class for a severity.
pub fn severity_class(s: Severity) -> &'static str {
    s.label_en()
}

/// 预算 / budget …
pub fn doc_kind(lang: Lang, k: DocKind) -> &'static str {
    match lang {
        Lang::Zh => k.label_zh(),
        Lang::En => match k {
            DocKind::Budget => "budget",
            DocKind::FinalAccount => "final accounts",
            DocKind::Unknown => "kind unknown",
        },
    }
}

/// 收入表 / income table …
pub fn table_kind(lang: Lang, k: TableKind) -> &'static str {
    match lang {
        Lang::Zh => k.label_zh(),
        Lang::En => k.label_en(),
    }
}

/// 万元 / 10,000 yuan …
pub fn unit(lang: Lang, u: Option<Unit>) -> String {
    match (lang, u) {
        (Lang::Zh, Some(u)) => u.label().to_string(),
        (Lang::Zh, None) => "单位未注明".to_string(),
        (Lang::En, Some(u)) => format!("{} ({})", u.label(), unit_en(u)),
        (Lang::En, None) => "unit not stated".to_string(),
    }
}

fn unit_en(u: Unit) -> &'static str {
    match u {
        Unit::Yuan => "yuan",
        Unit::WanYuan => "10,000 yuan",
        Unit::YiYuan => "100 million yuan",
    }
}

/// 合计 / total, 分项 / part.
pub fn role(lang: Lang, role: &str) -> &'static str {
    match (lang, role) {
        (Lang::Zh, "total") => "合计",
        (Lang::Zh, "indicator") => "指标",
        (Lang::Zh, "source") => "来源",
        (Lang::Zh, "funds") => "资金",
        (Lang::Zh, "narrative") => "说明",
        (Lang::Zh, "table") => "表格",
        (Lang::Zh, _) => "分项",
        (Lang::En, "total") => "total",
        (Lang::En, "indicator") => "indicator",
        (Lang::En, "source") => "source",
        (Lang::En, "funds") => "funds",
        (Lang::En, "narrative") => "text",
        (Lang::En, "table") => "table",
        (Lang::En, _) => "part",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages() {
        assert_eq!(tr(Lang::En, "中", "en"), "en");
        assert_eq!(unit(Lang::Zh, Some(Unit::WanYuan)), "万元");
        assert_eq!(unit(Lang::En, Some(Unit::WanYuan)), "万元 (10,000 yuan)");
        assert_eq!(role(Lang::Zh, "total"), "合计");
        assert_eq!(severity(Lang::En, Severity::Error), "error");
        assert_eq!(family(Lang::Zh, Family::CrossTable), "表间勾稽");
        assert_eq!(family_of_prefix("NR"), Some(Family::Narrative));
        assert_eq!(status(Lang::Zh, Status::NotChecked), "未核对");
    }
}
