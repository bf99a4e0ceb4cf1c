//! `cargo +nightly fuzz run xlsx` (see fuzz/README.md): the zip reader and the .xlsx reader.
//! Raw bytes reach the zip reader; to reach the XML parts, the bytes are also put into a
//! valid workbook (built by tests/support) as one of its parts, picked by the first byte:
//! a worksheet, the shared strings, the styles, the workbook or its relationships.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

const PARTS: [&str; 5] = [
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
];

fuzz_target!(|data: &[u8]| {
    let _ = suanpan::input::xlsx::read(data);
    let Some((k, xml)) = data.split_first() else {
        return;
    };
    let base = support::xlsx(
        &[support::Sheet {
            name: "一般公共预算支出表",
            tables: vec![support::table_with_merges(vec![
                vec!["项目".into(), "".into(), "金额".into()],
                vec!["合计".into(), "".into(), "347.90".into()],
            ])],
        }],
        false,
    );
    let Ok(zip) = suanpan::input::zip::Zip::new(&base) else {
        return;
    };
    let part = PARTS[usize::from(*k) % PARTS.len()];
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for e in &zip.entries {
        let body = if e.name == part {
            xml.to_vec()
        } else {
            zip.read(&e.name).ok().flatten().unwrap_or_default()
        };
        entries.push((e.name.clone(), body));
    }
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let bytes = support::zip(&refs, k & 0x80 != 0);
    if let Ok(d) = suanpan::input::read_document_with_notes("a.xlsx", &bytes) {
        let _ = suanpan::check_text("a.xlsx", &d.text, &suanpan::Options::default());
    }
});
