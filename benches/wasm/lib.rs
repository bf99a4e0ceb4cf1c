//! Exports for `bench.mjs`: copy a file into `input(len)`, call `pdf_to_text()` or
//! `check()`. Safe code only: node writes straight into the input buffer's memory.

use std::cell::RefCell;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static TEXT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Makes room for `len` input bytes and returns where to write them.
#[no_mangle]
pub extern "C" fn input(len: usize) -> *mut u8 {
    INPUT.with(|b| {
        let mut b = b.borrow_mut();
        b.clear();
        b.resize(len, 0);
        b.as_mut_ptr()
    })
}

/// Reads the input as a PDF; returns the characters laid out, or -1 on error.
#[cfg(feature = "pdf")]
#[no_mangle]
pub extern "C" fn pdf_to_text() -> i32 {
    INPUT.with(|b| match suanpan::pdf::pdf_to_text(&b.borrow()) {
        Ok(t) => {
            let n = t.glyphs as i32;
            TEXT.with(|s| *s.borrow_mut() = t.text);
            n
        }
        Err(_) => -1,
    })
}

/// Reads the input as UTF-8 text into the text buffer.
#[no_mangle]
pub extern "C" fn load_text() -> i32 {
    INPUT.with(|b| match std::str::from_utf8(&b.borrow()) {
        Ok(s) => {
            TEXT.with(|t| *t.borrow_mut() = s.to_string());
            s.len() as i32
        }
        Err(_) => -1,
    })
}

/// Parses and checks the text buffer; returns the number of tables.
#[no_mangle]
pub extern "C" fn check() -> i32 {
    TEXT.with(|t| {
        let r = suanpan::check_text("bench", &t.borrow(), &suanpan::Options::default());
        r.tables.len() as i32
    })
}
