//! The app's state and the pure reducer that changes it.
//!
//! Editing the text only marks it stale; the app dispatches [`Action::Check`] a moment
//! later (debounced), so typing stays fluid. A check is a *job*: the reducer numbers it
//! and marks it pending, the app hands it to the checker (a web worker, or the page
//! itself where workers cannot run), and the result comes back as [`Action::Checked`].
//! Results of jobs that were overtaken by a newer one are dropped. An input error never
//! discards the text being shown.

use std::rc::Rc;

use suanpan::input::{InputError, InputWarning};
use suanpan::report::Severity;
use yew::Reducible;

use crate::checked::{self, CellKey, Checked};
use crate::i18n::Lang;
use crate::services::storage::Saved;
use crate::services::worker::ReadProgress;
use crate::{SAMPLE_NAME, SAMPLE_TEXT};

/// Source name given to typed or pasted text.
pub const PASTED: &str = "pasted";

/// The tabs of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The findings with their explanations.
    #[default]
    Findings,
    /// The tables as printed, with the cells of the findings lit up.
    Tables,
    /// Every check, grouped by rule ("what was checked").
    Checks,
}

/// Which findings are shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Severities hidden.
    pub hidden_severities: Vec<Severity>,
    /// Rule families hidden (code prefixes: AR, XT, NR, PF, ST).
    pub hidden_families: Vec<String>,
}

impl Filter {
    /// True when a finding of this severity and rule passes the filter.
    pub fn shows(&self, severity: Severity, rule: &str) -> bool {
        !self.hidden_severities.contains(&severity)
            && !self.hidden_families.iter().any(|f| f == checked::family_of(rule))
    }

    /// True when nothing is hidden.
    pub fn is_empty(&self) -> bool {
        self.hidden_severities.is_empty() && self.hidden_families.is_empty()
    }
}

fn toggle<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if let Some(i) = v.iter().position(|y| *y == x) {
        v.remove(i);
    } else {
        v.push(x);
    }
}

/// What the results show: tab, table, selected cell, finding in focus, filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    /// The tab shown.
    pub tab: Tab,
    /// The table shown in the table view (index into the tables).
    pub table: usize,
    /// The cell whose checks are listed.
    pub cell: Option<CellKey>,
    /// The finding whose cells are in focus.
    pub focus: Option<usize>,
    /// Which findings are shown.
    pub filter: Filter,
    /// Bumped whenever the selected cell should be scrolled into view.
    pub scroll: u64,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// Display language.
    pub lang: Lang,
    /// The text in the input box.
    pub text: String,
    /// Where the text came from: a file name, the sample's name, or [`PASTED`].
    pub source: String,
    /// The reader's source map of the text (PDF pages and boxes, sheets and cells),
    /// while the text is as read; dropped when it is edited.
    pub sources: Option<crate::protocol::Js<suanpan::source::SourceMap>>,
    /// The last result; `None` when the text is empty (or nothing was checked yet).
    pub result: Option<Rc<Checked>>,
    /// True when the text changed and the check waits for the typing to pause.
    pub stale: bool,
    /// The job being checked, when one is.
    pub pending: Option<u64>,
    /// The last job number handed out.
    pub job: u64,
    /// The last file that could not be read (or check that failed).
    pub input_error: Option<InputError>,
    /// Files being read (their names, and how far the reader has got).
    pub reading: Option<Reading>,
    /// What the reader noticed about the files shown (pages without text, merged cells…).
    pub notes: Vec<InputWarning>,
    /// The result shown is a saved report reopened from this JSON file (no source text).
    pub opened_report: Option<String>,
    /// "Clear" was pressed and waits for confirmation.
    pub confirm_clear: bool,
    /// Counts results; the app saves the document when it changes.
    pub revision: u64,
    /// Tabs, selection, filters.
    pub view: View,
}

impl Default for AppState {
    /// The sample, already checked (on this thread: for tests).
    fn default() -> Self {
        Self::checked(Lang::Zh, SAMPLE_NAME, SAMPLE_TEXT)
    }
}

/// Files being read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reading {
    /// Their names.
    pub names: Vec<String>,
    /// How far the reader has got (none before its first report).
    pub progress: Option<ReadProgress>,
}

/// A change to the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The user typed or pasted: keep the text, check later.
    Edit(String),
    /// Check the current text now (after the debounce).
    Check,
    /// Files or the sample were loaded: replace the text and check at once.
    Load {
        /// Source name.
        source: String,
        /// Text.
        text: String,
        /// What the reader noticed.
        notes: Vec<InputWarning>,
        /// The reader's source map (none for the sample).
        sources: Option<crate::protocol::Js<suanpan::source::SourceMap>>,
    },
    /// Files are being read (`None`: no longer).
    Reading(Option<Reading>),
    /// The checker finished a job.
    Checked {
        /// The job.
        job: u64,
        /// Its result.
        result: Rc<Checked>,
    },
    /// The checker could not finish a job.
    CheckFailed {
        /// The job.
        job: u64,
        /// Why (Chinese and English).
        error: InputError,
    },
    /// A saved JSON report was opened: show it without source text.
    OpenReport {
        /// The file name.
        name: String,
        /// The report.
        result: Rc<Checked>,
    },
    /// A file could not be read (the current text stays).
    InputFailed(InputError),
    /// Dismiss the input error.
    DismissError,
    /// Switch language.
    SetLang(Lang),
    /// "Clear" pressed: ask first.
    AskClear,
    /// The confirmation was declined.
    CancelClear,
    /// Empty the input box (confirmed).
    Clear,
    /// Show a tab.
    SetTab(Tab),
    /// Show a table in the table view.
    ShowTable(usize),
    /// Select a cell: list its checks (and bring it into view when `scroll`).
    SelectCell {
        /// The cell.
        cell: CellKey,
        /// Scroll it into view.
        scroll: bool,
    },
    /// Show a finding's cells in the table view.
    ShowFinding(usize),
    /// Show a check's cells in the table view.
    ShowCheck(usize),
    /// Show a finding in the list (from a cell or a table).
    GoToFinding(usize),
    /// Hide or show a severity.
    ToggleSeverity(Severity),
    /// Hide or show a rule family.
    ToggleFamily(String),
    /// Show every finding again.
    ResetFilter,
}

impl AppState {
    /// A state showing `text`, already checked on this thread (for tests and server-side
    /// rendering; the page checks in its worker).
    pub fn checked(lang: Lang, source: &str, text: &str) -> Self {
        let mut s = Self::unchecked(lang, source, text);
        s.result = run(source, text);
        s
    }

    /// A state showing `text`, not checked.
    fn unchecked(lang: Lang, source: &str, text: &str) -> Self {
        AppState {
            lang,
            text: text.to_string(),
            source: source.to_string(),
            sources: None,
            result: None,
            stale: false,
            pending: None,
            job: 0,
            input_error: None,
            reading: None,
            notes: Vec::new(),
            opened_report: None,
            confirm_clear: false,
            revision: 0,
            view: View::default(),
        }
    }

    /// The first state: what a previous visit saved, else the sample. Its check is the first
    /// job (run by the worker once the page is up, so the page never waits for it).
    pub fn restore(saved: Saved) -> Self {
        let lang = saved.lang.unwrap_or_default();
        let (source, text) = saved
            .document
            .unwrap_or_else(|| (SAMPLE_NAME.to_string(), SAMPLE_TEXT.to_string()));
        let mut s = Self::unchecked(lang, &source, &text);
        if !s.text.trim().is_empty() {
            s.job = 1;
            s.pending = Some(1);
        }
        s
    }

    /// True when the text shown is the built-in sample.
    pub fn is_sample(&self) -> bool {
        self.source == SAMPLE_NAME && self.text == SAMPLE_TEXT
    }

    /// True while a check is waiting or running.
    pub fn busy(&self) -> bool {
        self.stale || self.pending.is_some()
    }

    /// Whether finding `i` passes the filter.
    pub fn shows_finding(&self, i: usize) -> bool {
        self.result
            .as_ref()
            .and_then(|r| r.report.findings.get(i))
            .is_some_and(|f| self.view.filter.shows(f.severity, &f.rule))
    }

    fn submit(&mut self) {
        self.stale = false;
        if self.text.trim().is_empty() {
            self.pending = None;
            self.set_result(None);
        } else {
            self.job += 1;
            self.pending = Some(self.job);
        }
    }

    fn set_result(&mut self, result: Option<Rc<Checked>>) {
        self.result = result;
        self.revision += 1;
        let filter = std::mem::take(&mut self.view.filter);
        let tab = self.view.tab;
        self.view = View {
            tab,
            filter,
            ..View::default()
        };
    }
}

fn run(source: &str, text: &str) -> Option<Rc<Checked>> {
    if text.trim().is_empty() {
        None
    } else {
        Some(Rc::new(Checked::new(checked::check(source, text))))
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
                // an edited text is no longer where the reader found it
                next.sources = None;
                next.source = PASTED.to_string();
                next.notes.clear();
                next.stale = true;
                next.input_error = None;
                next.confirm_clear = false;
                next.opened_report = None;
            }
            Action::Check => {
                if !next.stale {
                    return self;
                }
                next.submit();
            }
            Action::Load {
                source,
                text,
                notes,
                sources,
            } => {
                next.text = text;
                next.source = source;
                next.sources = sources;
                next.notes = notes;
                next.reading = None;
                next.input_error = None;
                next.opened_report = None;
                next.confirm_clear = false;
                next.submit();
            }
            Action::Checked { job, result } => {
                if next.pending != Some(job) {
                    return self;
                }
                next.pending = None;
                next.set_result(Some(result));
            }
            Action::CheckFailed { job, error } => {
                if next.pending != Some(job) {
                    return self;
                }
                next.pending = None;
                next.input_error = Some(error);
            }
            Action::OpenReport { name, result } => {
                next.text.clear();
                next.sources = None;
                next.source = name.clone();
                next.stale = false;
                next.pending = None;
                next.input_error = None;
                next.confirm_clear = false;
                next.opened_report = Some(name);
                next.reading = None;
                next.notes.clear();
                next.set_result(Some(result));
            }
            Action::Reading(r) => {
                if r.is_some() {
                    next.input_error = None;
                }
                next.reading = r;
            }
            Action::InputFailed(e) => {
                next.input_error = Some(e);
                next.reading = None;
            }
            Action::DismissError => next.input_error = None,
            Action::SetLang(lang) => next.lang = lang,
            Action::AskClear => {
                if next.text.is_empty() && next.result.is_none() {
                    return self;
                }
                next.confirm_clear = true;
            }
            Action::CancelClear => next.confirm_clear = false,
            Action::Clear => {
                next.text.clear();
                next.sources = None;
                next.notes.clear();
                next.source = PASTED.to_string();
                next.stale = false;
                next.pending = None;
                next.input_error = None;
                next.opened_report = None;
                next.confirm_clear = false;
                next.set_result(None);
            }
            Action::SetTab(tab) => next.view.tab = tab,
            Action::ShowTable(t) => {
                next.view.tab = Tab::Tables;
                if next.view.table != t {
                    next.view.table = t;
                    next.view.cell = None;
                    next.view.focus = None;
                }
            }
            Action::SelectCell { cell, scroll } => {
                next.view.table = cell.0;
                next.view.cell = Some(cell);
                if scroll {
                    next.view.tab = Tab::Tables;
                    next.view.scroll += 1;
                }
            }
            Action::ShowFinding(i) => {
                let Some(f) = next.result.as_ref().and_then(|r| r.report.findings.get(i)) else {
                    return self;
                };
                let cell = Checked::focus_cell(&f.locations, f.likely_wrong.as_ref());
                let table = cell.map(|c| c.0).or_else(|| Checked::first_table(&f.locations));
                let Some(table) = table else {
                    return self;
                };
                next.view.tab = Tab::Tables;
                next.view.table = table;
                next.view.cell = cell;
                next.view.focus = Some(i);
                next.view.scroll += 1;
            }
            Action::ShowCheck(i) => {
                let Some(c) = next.result.as_ref().and_then(|r| r.report.checks.get(i)) else {
                    return self;
                };
                let cell = Checked::focus_cell(&c.locations, None);
                let Some(table) = cell.map(|c| c.0).or_else(|| Checked::first_table(&c.locations)) else {
                    return self;
                };
                next.view.focus = next.result.as_ref().and_then(|r| r.finding_for_check(i));
                next.view.tab = Tab::Tables;
                next.view.table = table;
                next.view.cell = cell;
                next.view.scroll += 1;
            }
            Action::GoToFinding(i) => {
                if !next.shows_finding(i) {
                    next.view.filter = Filter::default();
                }
                next.view.tab = Tab::Findings;
                next.view.focus = Some(i);
                next.view.scroll += 1;
            }
            Action::ToggleSeverity(s) => toggle(&mut next.view.filter.hidden_severities, s),
            Action::ToggleFamily(f) => toggle(&mut next.view.filter.hidden_families, f),
            Action::ResetFilter => next.view.filter = Filter::default(),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::checker;
    use suanpan::report::Status;

    /// The sample's two 基本支出表 row-sum errors (邮电费, 工会经费).
    fn ar002(s: &AppState) -> usize {
        s.result.as_ref().map_or(0, |r| {
            r.report.findings.iter().filter(|f| f.rule == "AR002").count()
        })
    }

    fn reduce(s: AppState, a: Action) -> AppState {
        (*Rc::new(s).reduce(a)).clone()
    }

    /// Plays the checker: runs the pending job on this thread.
    fn finish(s: AppState) -> AppState {
        let job = s.pending.expect("a job is pending");
        let result = Rc::new(Checked::new(checked::check(&s.source, &s.text)));
        reduce(s, Action::Checked { job, result })
    }

    #[test]
    fn starts_with_the_checked_sample() {
        let s = AppState::default();
        assert!(s.is_sample());
        let r = s.result.as_ref().expect("sample is checked");
        assert_eq!(ar002(&s), 2);
        assert!(r.report.summary.errors >= 2);
        assert!(!s.busy());
    }

    #[test]
    fn a_saved_document_is_checked_as_a_job() {
        let s = AppState::restore(Saved {
            document: Some(("a.txt".into(), "无表格".into())),
            lang: Some(Lang::En),
        });
        assert_eq!(s.lang, Lang::En);
        assert!(s.result.is_none());
        assert_eq!(s.pending, Some(1));
        let s = finish(s);
        assert_eq!(s.result.as_ref().map(|r| r.report.summary.tables), Some(0));
        let s = AppState::restore(Saved::default());
        assert!(s.is_sample() && s.result.is_none() && s.pending == Some(1));
        assert_eq!(ar002(&finish(s)), 2);
        let s = AppState::restore(Saved {
            document: Some((PASTED.into(), String::new())),
            lang: None,
        });
        assert!(s.text.is_empty() && !s.busy(), "a cleared document stays cleared");
    }

    #[test]
    fn edit_marks_stale_then_check_runs_as_a_job() {
        let s = reduce(AppState::default(), Action::Edit("无表格".into()));
        assert!(s.stale && s.busy());
        assert_eq!(s.source, PASTED);
        assert_eq!(ar002(&s), 2, "the old result stays until the check ends");
        let s = reduce(s, Action::Check);
        assert!(!s.stale);
        assert_eq!(s.pending, Some(1));
        assert_eq!(ar002(&s), 2);
        let s = finish(s);
        assert!(!s.busy());
        assert_eq!(s.result.as_ref().map(|r| r.report.summary.tables), Some(0));
        assert_eq!(s.revision, 1);
    }

    #[test]
    fn an_overtaken_job_is_dropped() {
        let s = reduce(AppState::default(), Action::Edit("无表格".into()));
        let s = reduce(s, Action::Check);
        let old = s.pending.expect("job");
        let s = reduce(
            s,
            Action::Load {
                source: SAMPLE_NAME.into(),
                text: SAMPLE_TEXT.into(),
                notes: Vec::new(),
                sources: None,
            },
        );
        let stale_result = Rc::new(Checked::new(checked::check("x", "无表格")));
        let s = reduce(
            s,
            Action::Checked {
                job: old,
                result: stale_result,
            },
        );
        assert!(s.pending.is_some(), "the newer job still runs");
        assert_eq!(ar002(&s), 2);
        let s = finish(s);
        assert_eq!(ar002(&s), 2);
        let failed = reduce(reduce(s, Action::Edit("x".into())), Action::Check);
        let job = failed.pending.expect("job");
        let e = InputError {
            message_zh: "出错".into(),
            message_en: "failed".into(),
        };
        let failed = reduce(failed, Action::CheckFailed { job, error: e });
        assert!(!failed.busy() && failed.input_error.is_some());
    }

    #[test]
    fn input_error_keeps_the_text() {
        let before = AppState::default();
        let e = suanpan::input::read_document("x.pdf", b"%PDF-1.7").expect_err("pdf refused");
        let s = reduce(before.clone(), Action::Reading(Some(Reading::default())));
        assert!(s.reading.is_some());
        let s = reduce(s, Action::InputFailed(e));
        assert!(s.reading.is_none());
        assert_eq!(s.text, before.text);
        assert_eq!(s.result, before.result);
        assert!(s
            .input_error
            .as_ref()
            .is_some_and(|e| e.message_zh.contains("PDF")));
        let s = reduce(s, Action::DismissError);
        assert!(s.input_error.is_none());
    }

    #[test]
    fn files_read_replace_the_text_with_their_notes() {
        let reading = Reading {
            names: vec!["a.pdf".into()],
            progress: None,
        };
        let s = reduce(AppState::default(), Action::Reading(Some(reading)));
        assert!(
            s.reading.is_some() && s.is_sample(),
            "the text stays while reading"
        );
        let note = InputWarning {
            code: "pdf-no-text-pages".into(),
            message_zh: "a.pdf：第 3 页没有文字层".into(),
            message_en: "a.pdf: page 3 has no text layer".into(),
        };
        let s = reduce(
            s,
            Action::Load {
                source: "a.pdf".into(),
                text: "收入\n".into(),
                notes: vec![note],
                sources: None,
            },
        );
        assert!(s.reading.is_none() && s.pending.is_some());
        assert_eq!((s.source.as_str(), s.notes.len()), ("a.pdf", 1));
        let s = reduce(s, Action::Edit("收入 1\n".into()));
        assert!(s.notes.is_empty(), "notes describe the file, not the edited text");
    }

    #[test]
    fn an_edit_drops_the_source_map_of_the_file_read() {
        let s = Rc::new(AppState::default());
        let s = s.reduce(Action::Load {
            source: "a.pdf".into(),
            text: "收入\n".into(),
            notes: Vec::new(),
            sources: Some(crate::protocol::Js::nothing()),
        });
        assert!(s.sources.is_some());
        let s = s.reduce(Action::Edit("收入 1\n".into()));
        assert!(
            s.sources.is_none(),
            "the edited text is not where the reader found it"
        );
    }

    #[test]
    fn clear_asks_first() {
        let s = reduce(AppState::default(), Action::AskClear);
        assert!(s.confirm_clear && s.is_sample());
        let s = reduce(s, Action::CancelClear);
        assert!(!s.confirm_clear && s.is_sample());
        let s = reduce(reduce(s, Action::AskClear), Action::Clear);
        assert!(s.text.is_empty() && s.result.is_none() && !s.confirm_clear);
        let s = reduce(s, Action::AskClear);
        assert!(!s.confirm_clear, "nothing to clear");
        let s = finish(reduce(
            s,
            Action::Load {
                source: SAMPLE_NAME.into(),
                text: SAMPLE_TEXT.into(),
                notes: Vec::new(),
                sources: None,
            },
        ));
        assert!(s.is_sample());
        assert_eq!(ar002(&s), 2);
    }

    #[test]
    fn a_reopened_report_has_no_text() {
        let report = checker::check(SAMPLE_NAME, SAMPLE_TEXT);
        let s = reduce(
            AppState::default(),
            Action::OpenReport {
                name: "r.json".into(),
                result: Rc::new(Checked::from_report(report)),
            },
        );
        assert!(s.text.is_empty());
        assert_eq!(s.opened_report.as_deref(), Some("r.json"));
        assert_eq!(ar002(&s), 2);
        assert!(s.result.as_ref().is_some_and(|r| r.tables.is_none()));
        let s = reduce(s, Action::Edit("x".into()));
        assert!(s.opened_report.is_none());
    }

    #[test]
    fn findings_open_their_cells_and_filters_hide_them() {
        let s = AppState::default();
        let r = s.result.clone().expect("checked");
        let (i, f) = r
            .report
            .findings
            .iter()
            .enumerate()
            .find(|(_, f)| f.rule == "AR002")
            .expect("AR002");
        let s = reduce(s, Action::ShowFinding(i));
        assert_eq!(s.view.tab, Tab::Tables);
        assert_eq!(s.view.focus, Some(i));
        let total = &f.locations[0];
        assert_eq!(s.view.cell, Some((total.table, total.row, total.col)));
        assert_eq!(s.view.table, total.table);
        assert_eq!(s.view.scroll, 1);

        let passed = r
            .report
            .checks
            .iter()
            .position(|c| c.status == Status::Pass && c.locations.iter().any(|l| l.table != total.table))
            .expect("a passed check elsewhere");
        let s = reduce(s, Action::ShowCheck(passed));
        assert_ne!(s.view.table, total.table);
        assert_eq!(s.view.focus, None);

        assert!(s.shows_finding(i));
        let s = reduce(s, Action::ToggleSeverity(Severity::Error));
        assert!(!s.shows_finding(i));
        let s = reduce(s, Action::ToggleSeverity(Severity::Error));
        assert!(s.shows_finding(i));
        let s = reduce(s, Action::ToggleFamily("AR".into()));
        assert!(!s.shows_finding(i));
        let s = reduce(s, Action::ResetFilter);
        assert!(s.shows_finding(i) && s.view.filter.is_empty());
    }
}
