//! # suanpan-web (算盘网页版)
//!
//! The browser shell of [`suanpan`]: a Yew app that lets a reader paste or open a budget
//! disclosure and shows what the checker finds. All checking happens in WebAssembly in the
//! page; nothing is sent anywhere.
//!
//! Layering (the arrow only points towards the core):
//!
//! - [`state`]: the pure reducer (`AppState` + `Action`); its only call into the core is
//!   [`services::checker`].
//! - [`services`]: the few places that touch browser APIs (file reading, local storage,
//!   textarea selection) and the single call site of `suanpan::check_text`.
//! - [`components`]: props-in / callbacks-out views.
//! - [`app`]: wires state, services and components together.

pub mod app;
pub mod components;
pub mod i18n;
pub mod services;
pub mod state;

pub use app::App;

/// The sample shown on first visit (新疆独山子区委网信办 2019 年部门预算).
pub const SAMPLE_TEXT: &str =
    include_str!("../samples/xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt");

/// Source name of the sample.
pub const SAMPLE_NAME: &str = "xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt";
