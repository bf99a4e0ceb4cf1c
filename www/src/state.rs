//! The app's state and the pure reducer that changes it.
//!
//! Editing the text only marks the report stale; the app dispatches [`Action::Check`] a
//! moment later (debounced), so typing stays fluid. Loading a file or the sample checks at
//! once. An input error never discards the text being shown.

use std::rc::Rc;

use suanpan::input::InputError;
use suanpan::report::Report;
use yew::Reducible;

use crate::i18n::Lang;
use crate::services::checker;
use crate::services::storage::Saved;
use crate::{SAMPLE_NAME, SAMPLE_TEXT};

/// Source name given to typed or pasted text.
pub const PASTED: &str = "pasted";

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// Display language.
    pub lang: Lang,
    /// The text in the input box.
    pub text: String,
    /// Where the text came from: a file name, the sample's name, or [`PASTED`].
    pub source: String,
    /// The report of the last check; `None` when the text is empty.
    pub report: Option<Rc<Report>>,
    /// True when the text changed after the last check.
    pub stale: bool,
    /// The last file that could not be read.
    pub input_error: Option<InputError>,
    /// Counts checks; the app saves the document when it changes.
    pub revision: u64,
}

impl Default for AppState {
    fn default() -> Self {
        Self::with_text(Lang::Zh, SAMPLE_NAME, SAMPLE_TEXT)
    }
}

/// A change to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user typed or pasted: keep the text, check later.
    Edit(String),
    /// Check the current text now.
    Check,
    /// A file or the sample was loaded: replace the text and check at once.
    Load {
        /// Source name.
        source: String,
        /// Text.
        text: String,
    },
    /// A file could not be read (the current text stays).
    InputFailed(InputError),
    /// Dismiss the input error.
    DismissError,
    /// Switch language.
    SetLang(Lang),
    /// Empty the input box.
    Clear,
}

impl AppState {
    /// A state showing `text`, already checked.
    pub fn with_text(lang: Lang, source: &str, text: &str) -> Self {
        AppState {
            lang,
            text: text.to_string(),
            source: source.to_string(),
            report: run(source, text),
            stale: false,
            input_error: None,
            revision: 0,
        }
    }

    /// The first state: what a previous visit saved, else the sample.
    pub fn restore(saved: Saved) -> Self {
        let lang = saved.lang.unwrap_or_default();
        match saved.document {
            Some((source, text)) => Self::with_text(lang, &source, &text),
            None => Self::with_text(lang, SAMPLE_NAME, SAMPLE_TEXT),
        }
    }

    /// True when the text shown is the built-in sample.
    pub fn is_sample(&self) -> bool {
        self.source == SAMPLE_NAME && self.text == SAMPLE_TEXT
    }
}

fn run(source: &str, text: &str) -> Option<Rc<Report>> {
    if text.trim().is_empty() {
        None
    } else {
        Some(Rc::new(checker::check(source, text)))
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(text) => {
                if text == next.text {
                    return self;
                }
                next.text = text;
                next.source = PASTED.to_string();
                next.stale = true;
                next.input_error = None;
            }
            Action::Check => {
                if !next.stale {
                    return self;
                }
                next.report = run(&next.source, &next.text);
                next.stale = false;
                next.revision += 1;
            }
            Action::Load { source, text } => {
                next.report = run(&source, &text);
                next.text = text;
                next.source = source;
                next.stale = false;
                next.input_error = None;
                next.revision += 1;
            }
            Action::InputFailed(e) => next.input_error = Some(e),
            Action::DismissError => next.input_error = None,
            Action::SetLang(lang) => next.lang = lang,
            Action::Clear => {
                next.text.clear();
                next.source = PASTED.to_string();
                next.report = None;
                next.stale = false;
                next.input_error = None;
                next.revision += 1;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample's two 基本支出表 row-sum errors (邮电费, 工会经费).
    fn ar002(s: &AppState) -> usize {
        s.report
            .as_ref()
            .map_or(0, |r| r.findings.iter().filter(|f| f.rule == "AR002").count())
    }

    fn reduce(s: AppState, a: Action) -> AppState {
        (*Rc::new(s).reduce(a)).clone()
    }

    #[test]
    fn starts_with_the_checked_sample() {
        let s = AppState::default();
        assert!(s.is_sample());
        let r = s.report.as_ref().expect("sample is checked");
        assert_eq!(ar002(&s), 2);
        assert!(r.summary.errors >= 2);
    }

    #[test]
    fn edit_marks_stale_then_check_runs() {
        let s = reduce(AppState::default(), Action::Edit("无表格".into()));
        assert!(s.stale);
        assert_eq!(s.source, PASTED);
        assert_eq!(ar002(&s), 2, "the old report stays until the check runs");
        let s = reduce(s, Action::Check);
        assert!(!s.stale);
        assert_eq!(s.report.as_ref().map(|r| r.summary.tables), Some(0));
        assert_eq!(s.revision, 1);
    }

    #[test]
    fn input_error_keeps_the_text() {
        let before = AppState::default();
        let e = checker::decode("x.pdf", b"%PDF-1.7").expect_err("pdf refused");
        let s = reduce(before.clone(), Action::InputFailed(e));
        assert_eq!(s.text, before.text);
        assert_eq!(s.report, before.report);
        assert!(s
            .input_error
            .as_ref()
            .is_some_and(|e| e.message_zh.contains("PDF")));
        let s = reduce(s, Action::DismissError);
        assert!(s.input_error.is_none());
    }

    #[test]
    fn clear_and_load() {
        let s = reduce(AppState::default(), Action::Clear);
        assert!(s.text.is_empty() && s.report.is_none());
        let s = reduce(
            s,
            Action::Load {
                source: SAMPLE_NAME.into(),
                text: SAMPLE_TEXT.into(),
            },
        );
        assert!(s.is_sample());
        assert_eq!(ar002(&s), 2);
    }
}
