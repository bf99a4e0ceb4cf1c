//! `cargo +nightly fuzz run xlsb` (see fuzz/README.md): the .xlsb reader. Raw bytes reach the
//! zip reader; the bytes are also put into a valid .xlsb (tests/support) as one of its
//! binary parts — the worksheet, the workbook, the shared strings or the styles, picked by
//! the first byte — which reaches the BIFF12 records.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use support::{xlsb_record, xlsb_wide};

fuzz_target!(|data: &[u8]| {
    let _ = suanpan::input::xlsb::read(data);
    let Some((k, part)) = data.split_first() else {
        return;
    };
    let sheet = [xlsb_record(0x0000, &[0; 12]), xlsb_record(0x0007, &[0; 12])].concat();
    let strings = xlsb_record(0x0013, &[&[0u8][..], &xlsb_wide("合计")].concat());
    let bytes = match k % 4 {
        0 => support::xlsb(part, None, &strings, &[], k & 0x80 != 0),
        1 => support::xlsb(&sheet, Some(part), &strings, &[], k & 0x80 != 0),
        2 => support::xlsb(&sheet, None, part, &[], k & 0x80 != 0),
        _ => support::xlsb(&sheet, None, &strings, part, k & 0x80 != 0),
    };
    if let Ok(d) = suanpan::input::read_document_with_notes("a.xlsb", &bytes) {
        let _ = suanpan::check_text("a.xlsb", &d.text, &suanpan::Options::default());
    }
});
