//! The app's side of the world: the checker (pure), the workers that check and read files, and the few
//! browser APIs the app touches.
//!
//! Only this module, `app`, `components::input_panel` and `components::results` (focus)
//! use web-sys directly.

pub mod checker;
pub mod export;
pub mod folder;
pub mod perf;
pub mod pool;
pub mod storage;
pub mod textarea;
pub mod worker;
