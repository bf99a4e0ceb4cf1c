//! # suanpan-web (算盘网页版)
//!
//! The browser shell of [`suanpan`]: a Yew app that lets a reader paste or open a budget
//! disclosure and shows what the checker finds. All checking happens in WebAssembly in the
//! page; nothing is sent anywhere.
//!
//! Layering (the arrow only points towards the core):
//!
//! - [`checked`]: what a check produces (the core's report, the tables as printed, an index
//!   from cells to checks); [`checked::check`] is what the web worker runs.
//! - [`state`]: the pure reducer (`AppState` + `Action`); checks are numbered jobs whose
//!   results come back as actions.
//! - [`services`]: the few places that touch browser APIs (the worker, file reading, local
//!   storage, textarea selection, downloads).
//! - [`components`]: props-in / callbacks-out views.
//! - [`app`]: wires state, services and components together.

pub mod app;
pub mod batch;
pub mod checked;
pub mod components;
pub mod i18n;
pub mod protocol;
pub mod rules_meta;
pub mod services;
pub mod state;

pub use app::App;

/// The sample shown on first visit (新疆独山子区委网信办 2019 年部门预算).
pub const SAMPLE_TEXT: &str =
    include_str!("../samples/xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt");

/// Source name of the sample.
pub const SAMPLE_NAME: &str = "xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt";
