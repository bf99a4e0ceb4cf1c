//! `cargo +nightly fuzz run pdf_to_text` (see fuzz/README.md): any bytes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // the raw bytes, and the same bytes made to pass the cheap header/trailer checks so
    // that they reach the PDF engine
    let _ = suanpan::pdf::pdf_to_text(data);
    if !data.starts_with(b"%PDF-") {
        let mut b = Vec::with_capacity(data.len() + 16);
        b.extend_from_slice(b"%PDF-1.7\n");
        b.extend_from_slice(data);
        b.extend_from_slice(b"\n%%EOF\n");
        if let Ok(t) = suanpan::pdf::pdf_to_text(&b) {
            // and what it read goes through the parser and the rules
            let _ = suanpan::check_text("fuzz", &t.text, &suanpan::Options::default());
        }
    }
});
