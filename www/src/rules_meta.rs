//! What the page knows about each rule: its titles, family, severity and basis (the docs
//! come with each result: [`crate::checked::Payload::docs`]),
//! generated at build time from `suanpan::rules::ALL` (see `build.rs`). The page never
//! links the rules' check functions; checking happens in the worker.

use suanpan::report::Severity;
use suanpan::rules::Family;

/// A rule's metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable code (`AR001`).
    pub code: &'static str,
    /// Kebab-case name.
    pub name: &'static str,
    /// Short Chinese title.
    pub title_zh: &'static str,
    /// Short English title.
    pub title_en: &'static str,
    /// Family.
    pub family: Family,
    /// Default severity.
    pub severity: Severity,
    /// Regulation or template clauses.
    pub basis: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/rules_meta.rs"));

/// Looks a rule up by code (case-insensitive) or name.
pub fn find(code_or_name: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_matches_the_core() {
        assert_eq!(RULES.len(), suanpan::rules::ALL.len());
        for (m, r) in RULES.iter().zip(suanpan::rules::ALL) {
            assert_eq!(
                (m.code, m.name, m.title_zh, m.title_en),
                (r.code, r.name, r.title_zh, r.title_en)
            );
            assert_eq!((m.family, m.severity, m.basis), (r.family, r.severity, r.basis));
        }
        assert_eq!(find("ar002").map(|r| r.name), Some("row-sum-mismatch"));
        assert_eq!(find("row-sum-mismatch").map(|r| r.code), Some("AR002"));
    }
}
