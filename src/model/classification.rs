//! 政府收支分类科目 codes: 功能分类 (类 3 digits, 款 +2, 项 +2) and
//! 部门预算支出经济分类 (类 3 digits, 款 +2).

use serde::{Deserialize, Serialize};

/// The depth of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeLevel {
    /// 类
    Class = 1,
    /// 款
    Section = 2,
    /// 项
    Item = 3,
}

impl CodeLevel {
    /// 类 / 款 / 项
    pub fn label_zh(self) -> &'static str {
        match self {
            CodeLevel::Class => "类",
            CodeLevel::Section => "款",
            CodeLevel::Item => "项",
        }
    }
}

/// Which classification a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeScheme {
    /// 支出功能分类 (2xx)
    Function,
    /// 经济分类 (3xx department, 5xx government)
    Economic,
    /// Not decidable from the printed digits (e.g. a truncated "20" is function, a lone款 "05" is not).
    Unknown,
}

/// A classification code as printed, split into its 类 / 款 / 项 parts.
///
/// Parts are kept as printed: a truncated 类 such as `"20"` (OCR cut 201 and 208 to
/// "20") stays `"20"`, and a row that prints only its 款 (`"37"`) has `class: None`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Code {
    /// 类 part, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// 款 part, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// 项 part, when printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Deepest printed level.
    pub level: CodeLevel,
    /// Classification scheme.
    pub scheme: CodeScheme,
}

impl Code {
    /// Parses a joined code: 3, 5 or 7 digits (`"201"`, `"20131"`, `"2013101"`, `"30101"`).
    pub fn parse_joined(s: &str) -> Option<Code> {
        let s = s.trim();
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let (class, section, item) = match s.len() {
            3 => (&s[..3], None, None),
            5 => (&s[..3], Some(&s[3..5]), None),
            7 => (&s[..3], Some(&s[3..5]), Some(&s[5..7])),
            _ => return None,
        };
        Code::from_parts(Some(class), section, item)
    }

    /// Builds a code from split parts (any may be missing; at least one must be present).
    pub fn from_parts(class: Option<&str>, section: Option<&str>, item: Option<&str>) -> Option<Code> {
        let clean = |p: Option<&str>| p.map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
        let (class, section, item) = (clean(class), clean(section), clean(item));
        let level = if item.is_some() {
            CodeLevel::Item
        } else if section.is_some() {
            CodeLevel::Section
        } else if class.is_some() {
            CodeLevel::Class
        } else {
            return None;
        };
        let scheme = match class.as_deref().and_then(|c| c.chars().next()) {
            Some('2') => CodeScheme::Function,
            Some('3') | Some('5') => CodeScheme::Economic,
            _ => CodeScheme::Unknown,
        };
        Some(Code {
            class,
            section,
            item,
            level,
            scheme,
        })
    }

    /// True when the 类 part is complete (3 digits).
    pub fn class_complete(&self) -> bool {
        self.class.as_deref().is_some_and(|c| c.len() == 3)
    }

    /// The joined code when every printed part down to its level is complete
    /// (`"2013701"`), else `None`.
    pub fn joined(&self) -> Option<String> {
        let class = self.class.as_deref().filter(|c| c.len() == 3)?;
        let mut s = class.to_string();
        for part in [self.section.as_deref(), self.item.as_deref()]
            .into_iter()
            .take(self.level as usize - 1)
        {
            let p = part.filter(|p| p.len() == 2)?;
            s.push_str(p);
        }
        Some(s)
    }

    /// The code as printed, parts separated by spaces (`"201 03 01"`, `"20 37 01"`, `"· 37"`).
    pub fn display(&self) -> String {
        if let Some(j) = self.joined() {
            return j;
        }
        let parts: Vec<&str> = [
            self.class.as_deref(),
            self.section.as_deref(),
            self.item.as_deref(),
        ]
        .into_iter()
        .take(self.level as usize)
        .map(|p| p.unwrap_or("·"))
        .collect();
        parts.join(" ")
    }

    /// True when `self` could be the parent of `child` given the printed digits
    /// (parts that are missing or truncated are not compared).
    pub fn may_contain(&self, child: &Code) -> bool {
        if child.level <= self.level {
            return false;
        }
        let compatible = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => a == b || a.starts_with(b.as_str()) || b.starts_with(a.as_str()),
            _ => true,
        };
        compatible(&self.class, &child.class)
            && (self.level < CodeLevel::Section || compatible(&self.section, &child.section))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_codes() {
        let c = Code::parse_joined("2013101").unwrap();
        assert_eq!(c.level, CodeLevel::Item);
        assert_eq!(c.scheme, CodeScheme::Function);
        assert_eq!(c.joined().as_deref(), Some("2013101"));
        let e = Code::parse_joined("30101").unwrap();
        assert_eq!(e.level, CodeLevel::Section);
        assert_eq!(e.scheme, CodeScheme::Economic);
        assert!(Code::parse_joined("2019").is_none());
    }

    #[test]
    fn truncated_split_codes() {
        let c = Code::from_parts(Some("20"), Some("37"), Some("01")).unwrap();
        assert_eq!(c.level, CodeLevel::Item);
        assert_eq!(c.joined(), None);
        assert_eq!(c.display(), "20 37 01");
        let k = Code::from_parts(None, Some("37"), None).unwrap();
        assert_eq!(k.level, CodeLevel::Section);
        assert_eq!(k.display(), "· 37");
        let parent = Code::from_parts(Some("201"), None, None).unwrap();
        assert!(parent.may_contain(&c));
        assert!(!c.may_contain(&parent));
        let other = Code::from_parts(Some("208"), Some("05"), None).unwrap();
        assert!(!parent.may_contain(&other));
    }
}
