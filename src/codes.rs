//! Classification dictionaries (data/codes/*.csv, compiled in): 支出功能分类 类/款/项 and
//! 部门预算支出经济分类 类/款, versioned by fiscal year.

use std::sync::OnceLock;

/// One dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The code (`201`, `20137`, `2013701`; `xxxx01` for generic 项 patterns).
    pub code: String,
    /// The current name.
    pub name: String,
    /// First fiscal year of the name (None = always).
    pub from: Option<u16>,
    /// Last fiscal year of the code (None = still valid).
    pub to: Option<u16>,
    /// True when seen in a published document or template (else recalled from the book).
    pub printed: bool,
    /// Older or alternative names.
    pub aliases: Vec<String>,
    /// `name` normalised ([`norm_name`]), computed once.
    pub norm: String,
    /// `aliases` normalised.
    pub norm_aliases: Vec<String>,
}

fn parse(csv: &str) -> Vec<Entry> {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            if f.len() < 6 {
                return None;
            }
            let aliases: Vec<String> = f[5]
                .split('|')
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect();
            Some(Entry {
                code: f[0].trim().to_string(),
                name: f[1].trim().to_string(),
                from: f[2].trim().parse().ok(),
                to: f[3].trim().parse().ok(),
                printed: f[4].trim() == "printed",
                norm: norm_name(f[1].trim()),
                norm_aliases: aliases.iter().map(|a| norm_name(a)).collect(),
                aliases,
            })
        })
        .collect()
}

struct Dicts {
    classes: Vec<Entry>,
    sections: Vec<Entry>,
    items: Vec<Entry>,
    economic: Vec<Entry>,
}

fn dicts() -> &'static Dicts {
    static D: OnceLock<Dicts> = OnceLock::new();
    D.get_or_init(|| Dicts {
        classes: parse(include_str!("../data/codes/function-classes.csv")),
        sections: parse(include_str!("../data/codes/function-sections.csv")),
        items: parse(include_str!("../data/codes/function-items.csv")),
        economic: parse(include_str!("../data/codes/economic-dept.csv")),
    })
}

/// A name normalised for comparison: no spaces, no enumerator, no "（类）" marks,
/// half-width parentheses.
pub fn norm_name(s: &str) -> String {
    let t = crate::parse::segment::strip_enumerator(s).0;
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            c if c.is_whitespace() => {}
            '(' => out.push('（'),
            ')' => out.push('）'),
            c => out.push(c),
        }
    }
    if out.contains('（') {
        for mark in ["（类）", "（款）", "（项）"] {
            if out.contains(mark) {
                out = out.replace(mark, "");
            }
        }
    }
    out
}

/// How a name matched a dictionary entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// The code.
    pub code: String,
    /// The current name.
    pub current: String,
    /// True when the printed name is an older name (an alias).
    pub outdated: bool,
}

fn match_name(entries: &[Entry], name: &str) -> Option<NameMatch> {
    let n = norm_name(name);
    if n.is_empty() {
        return None;
    }
    for e in entries {
        if e.norm == n {
            return Some(NameMatch {
                code: e.code.clone(),
                current: e.name.clone(),
                outdated: false,
            });
        }
    }
    for e in entries {
        if e.norm_aliases.contains(&n) {
            return Some(NameMatch {
                code: e.code.clone(),
                current: e.name.clone(),
                outdated: true,
            });
        }
    }
    None
}

/// The 功能分类 类 a name denotes ("一般公共服务支出", "一、一般公共服务支出",
/// "一般公共服务（类）", or an older name such as "医疗卫生与计划生育支出").
pub fn function_class_by_name(name: &str) -> Option<NameMatch> {
    match_name(&dicts().classes, name).or_else(|| {
        // "一般公共服务（类）" → "一般公共服务支出"
        let n = norm_name(name);
        (!n.ends_with("支出"))
            .then(|| match_name(&dicts().classes, &format!("{n}支出")))
            .flatten()
    })
}

/// The dictionary entry of a 功能分类 类 code.
pub fn function_class(code: &str) -> Option<&'static Entry> {
    dicts().classes.iter().find(|e| e.code == code)
}

/// The dictionary entry of a 功能分类 款 code (5 digits).
pub fn function_section(code: &str) -> Option<&'static Entry> {
    dicts().sections.iter().find(|e| e.code == code)
}

/// The dictionary entry of a 功能分类 项 code (7 digits), including the generic patterns.
pub fn function_item(code: &str) -> Option<&'static Entry> {
    let d = dicts();
    d.items.iter().find(|e| e.code == code).or_else(|| {
        let tail = code.get(5..7)?;
        d.items
            .iter()
            .find(|e| e.code.starts_with("xxxx") && &e.code[4..] == tail)
    })
}

/// The dictionary entry of a 部门预算支出经济分类 code (3 or 5 digits).
pub fn economic(code: &str) -> Option<&'static Entry> {
    dicts().economic.iter().find(|e| e.code == code)
}

/// Every entry of a scheme and code length (功能分类 3/5/7 digits, 经济分类 3/5 digits).
pub fn entries(scheme: crate::model::CodeScheme, len: usize) -> &'static [Entry] {
    let d = dicts();
    match (scheme, len) {
        (crate::model::CodeScheme::Economic, _) => &d.economic,
        (_, 3) => &d.classes,
        (_, 5) => &d.sections,
        (_, 7) => &d.items,
        _ => &[],
    }
}

/// Completes a truncated 类 ("20" printed for 201 or 208) from the 款 that follows it and,
/// when several classes have that 款, from the row's name. Returns the 3-digit class.
pub fn complete_class(
    prefix: &str,
    section: Option<&str>,
    item: Option<&str>,
    name: Option<&str>,
) -> Option<String> {
    let d = dicts();
    let mut cands: Vec<&Entry> = d.classes.iter().filter(|e| e.code.starts_with(prefix)).collect();
    if let Some(sec) = section.filter(|s| s.len() == 2) {
        cands.retain(|c| function_section(&format!("{}{}", c.code, sec)).is_some());
        // a 项 listed by its own code (not a generic pattern) settles it
        if let Some(it) = item.filter(|i| i.len() == 2) {
            let exact: Vec<&Entry> = cands
                .iter()
                .copied()
                .filter(|c| {
                    d.items
                        .iter()
                        .any(|e| e.code == format!("{}{}{}", c.code, sec, it))
                })
                .collect();
            if exact.len() == 1 {
                return Some(exact[0].code.clone());
            }
        }
    }
    if cands.len() > 1 {
        if let Some(n) = name {
            let by_name: Vec<&Entry> = cands
                .iter()
                .copied()
                .filter(|c| {
                    function_class_by_name(n).is_some_and(|m| m.code == c.code)
                        || section.is_some_and(|s| {
                            function_section(&format!("{}{}", c.code, s)).is_some_and(|e| {
                                e.norm == norm_name(n) || e.norm_aliases.iter().any(|a| *a == norm_name(n))
                            })
                        })
                })
                .collect();
            if !by_name.is_empty() {
                cands = by_name;
            }
        }
    }
    (cands.len() == 1).then(|| cands[0].code.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_by_name_and_alias() {
        assert_eq!(
            function_class_by_name("一、一般公共服务支出").unwrap().code,
            "201"
        );
        assert_eq!(function_class_by_name("一般公共服务（类）").unwrap().code, "201");
        let old = function_class_by_name("医疗卫生与计划生育支出").unwrap();
        assert_eq!(old.code, "210");
        assert!(old.outdated);
        assert_eq!(old.current, "卫生健康支出");
        assert!(function_class_by_name("行政运行").is_none());
    }

    #[test]
    fn completes_truncated_classes() {
        // Xinjiang: "20 37 01" → 201 (only 201 has a 款 37); "20 05 05" needs the name
        assert_eq!(
            complete_class("20", Some("37"), Some("01"), None).as_deref(),
            Some("201")
        );
        assert_eq!(
            complete_class("20", None, None, Some("社会保障和就业支出")).as_deref(),
            Some("208")
        );
        assert_eq!(
            complete_class("20", Some("05"), None, Some("行政事业单位离退休")).as_deref(),
            Some("208")
        );
        assert_eq!(
            complete_class("20", Some("05"), Some("05"), None).as_deref(),
            Some("208")
        );
    }

    #[test]
    fn lookups() {
        assert_eq!(economic("30207").unwrap().name, "邮电费");
        assert_eq!(function_item("2013101").unwrap().name, "行政运行");
        assert_eq!(function_section("20137").unwrap().from, Some(2019));
    }
}
