//! Views: props in, callbacks out. None of them touches browser APIs except
//! [`input_panel`], which reads the picked or dropped files off the event, and
//! [`results`], which moves the focus between tabs.

pub mod checks;
pub mod findings;
pub mod header;
pub mod input_panel;
pub mod page_view;
pub mod results;
pub mod rule_doc;
pub mod summary;
pub mod table_view;
