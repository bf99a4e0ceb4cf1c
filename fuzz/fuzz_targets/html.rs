//! `cargo +nightly fuzz run html` (see fuzz/README.md): the HTML reader (tables with
//! rowspan/colspan, entities, scripts) and the CSV reader on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let e = suanpan::input::html::html_to_text(&text);
    let _ = suanpan::check_text("a.html", &e.text, &suanpan::Options::default());
    let _ = suanpan::input::html::looks_like_html("a.txt", &text);
    let _ = suanpan::input::csv::looks_like_csv("a.txt", &text);
    let _ = suanpan::input::csv::csv_to_tsv(&text);
});
