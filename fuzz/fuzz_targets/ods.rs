//! `cargo +nightly fuzz run ods` (see fuzz/README.md): the .ods reader. Raw bytes reach the
//! zip reader; the bytes are also put into a valid .ods (tests/support's zip writer) as its
//! `content.xml`, or (first byte odd) as its `META-INF/manifest.xml`.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

const MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";
const CONTENT: &[u8] = b"<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet><table:table table:name=\"a\"><table:table-row><table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1.00</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>";

fuzz_target!(|data: &[u8]| {
    let _ = suanpan::input::ods::read(data);
    let Some((k, xml)) = data.split_first() else {
        return;
    };
    let (content, manifest) = if k & 1 == 0 { (xml, &b"<manifest/>"[..]) } else { (CONTENT, xml) };
    let bytes = support::zip(
        &[("mimetype", MIME), ("content.xml", content), ("META-INF/manifest.xml", manifest)],
        k & 0x80 != 0,
    );
    if let Ok(d) = suanpan::input::read_document_with_notes("a.ods", &bytes) {
        let _ = suanpan::check_text("a.ods", &d.text, &suanpan::Options::default());
    }
});
