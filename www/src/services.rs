//! The app's side of the world: the checker (pure) and the few browser APIs it touches.
//!
//! Only this module and `components::input_panel` use web-sys directly.

pub mod checker;
pub mod file_reader;
pub mod storage;
pub mod textarea;
