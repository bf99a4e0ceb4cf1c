//! `cargo +nightly fuzz run docx` (see fuzz/README.md): the .docx reader. Raw bytes reach
//! the zip reader; the bytes are also put into a valid .docx (tests/support) as its
//! `word/document.xml`, or (first byte odd) as its package relationships.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

const TYPES: &[u8] = b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
const RELS: &[u8] = b"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
const DOC: &[u8] = b"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>a</w:t></w:r></w:p></w:body></w:document>";

fuzz_target!(|data: &[u8]| {
    let _ = suanpan::input::docx::read(data);
    let Some((k, xml)) = data.split_first() else {
        return;
    };
    let (rels, doc) = if k & 1 == 0 { (RELS, xml) } else { (xml, DOC) };
    let bytes = support::zip(
        &[("[Content_Types].xml", TYPES), ("_rels/.rels", rels), ("word/document.xml", doc)],
        k & 0x80 != 0,
    );
    if let Ok(d) = suanpan::input::read_document_with_notes("a.docx", &bytes) {
        let _ = suanpan::check_text("a.docx", &d.text, &suanpan::Options::default());
    }
});
