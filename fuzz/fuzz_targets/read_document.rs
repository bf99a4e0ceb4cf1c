//! `cargo +nightly fuzz run read_document` (see fuzz/README.md): any bytes under any of the
//! names a user gives files, through the dispatch on magic bytes and every reader, then the
//! parser and the rules; the bytes as a .zip of documents; the text as two documents of a set
//! (identification, grouping, the cross-document rules); never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // the first byte picks the name (the name decides HTML/CSV sniffing for text)
    let (name, bytes) = match data.split_first() {
        Some((k, rest)) => {
            let names = [
                "a.txt", "a.csv", "a.html", "a.xlsx", "a.xls", "a.docx", "a.ods", "a.xlsb", "a.doc", "a.et", "a.wps",
            ];
            (names[usize::from(*k) % names.len()], rest)
        }
        None => ("a.txt", data),
    };
    if let Ok(d) = suanpan::input::read_document_with_notes(name, bytes) {
        let _ = suanpan::check_text(name, &d.text, &suanpan::Options::default());
        let _ = suanpan::set::check_set(&[("a", &d.text), ("b", &d.text)], &suanpan::Options::default());
    }
    if let Ok(Some(entries)) = suanpan::input::archive_entries("a.zip", bytes) {
        for (n, b) in entries.iter().take(8) {
            let _ = suanpan::input::read_document(n, b);
        }
    }
    let _ = suanpan::input::read_documents(&[("a.txt", b"x"), (name, bytes)]);
});
