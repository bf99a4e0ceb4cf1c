//! The single call site of the core checker. Moving checks into a web worker later is a
//! change to this file only.

use suanpan::input::InputError;
use suanpan::report::Report;
use suanpan::Options;

/// Checks `text` (named `source`) with every rule.
pub fn check(source: &str, text: &str) -> Report {
    suanpan::check_text(source, text, &Options::default())
}

/// Turns a file's bytes into text, or a message (Chinese and English) saying why not.
pub fn decode(name: &str, bytes: &[u8]) -> Result<String, InputError> {
    suanpan::input::decode_text(name, bytes)
}
