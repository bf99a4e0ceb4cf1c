//! `cargo +nightly fuzz run numfmt` (see fuzz/README.md): Excel number formats applied to
//! any value: the first 8 bytes are the stored `f64`, the rest the format code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use suanpan::input::numfmt;

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let v = f64::from_le_bytes(data[..8].try_into().unwrap());
    let fmt = String::from_utf8_lossy(&data[8..]);
    if let Some(d) = numfmt::decimal_from_f64(v) {
        let _ = numfmt::display(d, &fmt, false);
        let _ = numfmt::display(d, &fmt, true);
        let _ = numfmt::general(d);
    }
});
