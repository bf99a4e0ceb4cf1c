//! `cargo +nightly fuzz run doc` (see fuzz/README.md): the Word 97–2003 reader. Raw bytes
//! reach the compound-file reader; the bytes are also split (two lengths in the first eight
//! bytes) into the `WordDocument`, `1Table` and `Data` streams of a valid compound file
//! (tests/support), which reaches the FIB, the piece table and the paragraph properties.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = suanpan::input::doc::read(data);
    if data.len() < 8 {
        return;
    }
    let rest = &data[8..];
    let a = u32::from_le_bytes(data[..4].try_into().unwrap()) as usize % (rest.len() + 1);
    let b = u32::from_le_bytes(data[4..8].try_into().unwrap()) as usize % (rest.len() - a + 1);
    let bytes = support::cfb(&[
        ("WordDocument", rest[..a].to_vec()),
        ("1Table", rest[a..a + b].to_vec()),
        ("Data", rest[a + b..].to_vec()),
    ]);
    if let Ok(d) = suanpan::input::read_document_with_notes("a.doc", &bytes) {
        let _ = suanpan::check_text("a.doc", &d.text, &suanpan::Options::default());
    }
});
