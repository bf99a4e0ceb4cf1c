//! `cargo +nightly fuzz run pdf_limits` (see fuzz/README.md): the limits checked before the
//! PDF engine runs (src/pdf/limits.rs) on any bytes — the stream pre-scan, the bounded
//! inflate, and the interpretation cost of whatever the engine opens — never a panic, and
//! the bounded inflate never counts far past its cap.
#![no_main]

use libfuzzer_sys::fuzz_target;
use suanpan::pdf::limits;

fuzz_target!(|data: &[u8]| {
    // the bounded inflate: the count stops within one buffer of the cap
    let cap = 1 << 16;
    let (n, used) = limits::inflated_len(data, cap);
    assert!(n <= cap + 64 * 1024 && used <= data.len());
    // the raw pre-scan over the bytes as a file, and inside a PDF envelope
    let _ = limits::scan_streams(data);
    let mut b = Vec::with_capacity(data.len() + 64);
    b.extend_from_slice(b"%PDF-1.7\n1 0 obj\n<< /Filter /FlateDecode /Length 1 >>\nstream\n");
    b.extend_from_slice(data);
    b.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
    let _ = limits::scan_streams(&b);
    // the drawing cost of what the engine opens
    if let Ok(pdf) = hayro_interpret::hayro_syntax::Pdf::new(data.to_vec()) {
        let _ = limits::interpretation_cost(&pdf, 16);
    }
});
