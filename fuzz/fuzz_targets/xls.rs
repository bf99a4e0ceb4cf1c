//! `cargo +nightly fuzz run xls` (see fuzz/README.md): the OLE compound-file reader and the
//! BIFF8 reader. Raw bytes reach the compound-file reader; the bytes are also put as the
//! `Workbook` stream of a valid compound file (tests/support), which reaches the records.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = suanpan::input::xls::read(data);
    let bytes = support::cfb(&[("Workbook", data.to_vec())]);
    if let Ok(d) = suanpan::input::read_document_with_notes("a.xls", &bytes) {
        let _ = suanpan::check_text("a.xls", &d.text, &suanpan::Options::default());
    }
});
