//! Files of every supported kind, end to end: a real table of the corpus written as .xlsx,
//! .xls, .docx, HTML, CSV, GBK and UTF-16 text (by tests/support) gives the same tables and
//! the same findings as the text it was made from; every kind of bad file gets a message
//! naming the file and the problem, in Chinese and English, and nothing panics.
#![cfg(all(feature = "office", feature = "gbk"))]

mod common;
mod support;

use suanpan::input::{self, read_document_with_notes, read_documents, SourceFormat, MAX_BYTES};
use suanpan::model::TableKind;
use suanpan::report::{Report, Severity};
use suanpan::{check_text, Options};
use support::{blocks, sheet_from_text, Block, Sheet};

const XINJIANG: &str = "xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt";

fn corpus_text(name: &str) -> String {
    let path = common::corpus_dir().join("text").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The part of the Xinjiang document with the eight tables (`表一：` … before 第三部分).
fn xinjiang_tables() -> String {
    let text = corpus_text(XINJIANG);
    let start = text.find("表一：").unwrap();
    let end = text.find("### 第三部分").unwrap();
    text[start..end].to_string()
}

/// The tables part split at its `表一：` labels, with the sheet names to give them.
fn xinjiang_sheets() -> Vec<(String, String)> {
    let tables = xinjiang_tables();
    let mut out: Vec<(String, String)> = Vec::new();
    for line in tables.lines() {
        let t = line.trim();
        if t.starts_with('表') && (t.ends_with('：') || t.ends_with(':')) && t.chars().count() <= 4 {
            out.push((t.trim_end_matches(['：', ':']).to_string(), String::new()));
        }
        let last = out.last_mut().unwrap();
        last.1.push_str(line);
        last.1.push('\n');
    }
    out
}

/// A finding's rule, severity, reported and computed amounts and difference.
type FindingKey = (String, Severity, Option<String>, Option<String>, Option<String>);

/// What must not change between the text and a file made from it: each table's kind and
/// row count, and each finding's rule, severity and amounts.
#[derive(Debug, PartialEq, Eq)]
struct Key {
    tables: Vec<(TableKind, usize)>,
    findings: Vec<FindingKey>,
}

fn key(r: &Report) -> Key {
    let mut findings: Vec<_> = r
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.severity,
                f.reported.as_ref().map(|v| v.display.clone()),
                f.computed.as_ref().map(|v| v.display.clone()),
                f.difference.clone(),
            )
        })
        .collect();
    findings.sort();
    Key {
        tables: r.tables.iter().map(|t| (t.kind, t.rows)).collect(),
        findings,
    }
}

fn check(name: &str, text: &str) -> Report {
    check_text(name, text, &Options::default())
}

/// Reads `bytes` as `name`, checks it, and compares with the report on `original`.
fn same_as_text(name: &str, bytes: &[u8], original: &str, format: SourceFormat) -> input::ReadDocument {
    let doc = read_document_with_notes(name, bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!(doc.format, format, "{name}");
    let want = key(&check("original.txt", original));
    let got = key(&check(name, &doc.text));
    assert!(!want.tables.is_empty());
    assert_eq!(got, want, "{name}: read as\n{}", doc.text);
    doc
}

fn error_findings(r: &Report) -> usize {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

// ---------------------------------------------------------------------------------------
// The same tables and findings from every kind of file
// ---------------------------------------------------------------------------------------

#[test]
fn xlsx_one_sheet_per_table() {
    let sheets = xinjiang_sheets();
    assert_eq!(sheets.len(), 8);
    let tables: Vec<_> = sheets.iter().map(|(_, t)| sheet_from_text(t)).collect();
    let book: Vec<Sheet> = sheets
        .iter()
        .zip(&tables)
        .map(|((name, _), t)| Sheet {
            name,
            tables: vec![t.clone()],
        })
        .collect();
    // the title merged across the width, headers merged (收 入 over two columns, …)
    assert!(tables[0].merges.len() >= 3, "{:?}", tables[0].merges);
    let original = xinjiang_tables();
    for deflate in [false, true] {
        let bytes = support::xlsx(&book, deflate);
        let doc = same_as_text("预算公开表.xlsx", &bytes, &original, SourceFormat::Xlsx);
        // numbers as displayed, never the float stored
        assert!(doc.text.contains("858.21"));
        assert!(!doc.text.contains("858.2100000000001") && !doc.text.contains("858.2099999"));
        let r = check("预算公开表.xlsx", &doc.text);
        assert_eq!(r.tables.len(), 8);
        assert!(
            error_findings(&r) > 0,
            "the two 基本支出表 defects are still found"
        );
    }
}

#[test]
fn xlsx_two_tables_on_one_sheet_and_several_sheets() {
    let sheets = xinjiang_sheets();
    let t: Vec<_> = sheets.iter().map(|(_, t)| sheet_from_text(t)).collect();
    // 表一 and 表二 on one sheet, a blank row between them; the rest one sheet each
    let mut book = vec![Sheet {
        name: "Sheet1",
        tables: vec![t[0].clone(), t[1].clone()],
    }];
    for (i, (name, _)) in sheets.iter().enumerate().skip(2) {
        book.push(Sheet {
            name,
            tables: vec![t[i].clone()],
        });
    }
    let bytes = support::xlsx(&book, true);
    let doc = same_as_text("two.xlsx", &bytes, &xinjiang_tables(), SourceFormat::Xlsx);
    let r = check("two.xlsx", &doc.text);
    assert_eq!(r.tables.len(), 8);
    assert_eq!(r.tables[0].kind, TableKind::Summary);
    assert_eq!(r.tables[1].kind, TableKind::Income);
}

#[test]
fn xls_one_sheet_per_table() {
    let sheets = xinjiang_sheets();
    let tables: Vec<_> = sheets.iter().map(|(_, t)| sheet_from_text(t)).collect();
    let book: Vec<Sheet> = sheets
        .iter()
        .zip(&tables)
        .map(|((name, _), t)| Sheet {
            name,
            tables: vec![t.clone()],
        })
        .collect();
    let bytes = support::xls(&book);
    let doc = same_as_text("预算公开表.xls", &bytes, &xinjiang_tables(), SourceFormat::Xls);
    assert!(doc.text.contains("858.21") && !doc.text.contains("858.21000"));
    assert!(doc.text.contains("347.90"), "RK hundredths keep their two places");
}

#[test]
fn xls_two_tables_on_one_sheet() {
    let sheets = xinjiang_sheets();
    let t: Vec<_> = sheets.iter().map(|(_, t)| sheet_from_text(t)).collect();
    let mut book = vec![Sheet {
        name: "Sheet1",
        tables: vec![t[0].clone(), t[1].clone()],
    }];
    for (i, (name, _)) in sheets.iter().enumerate().skip(2) {
        book.push(Sheet {
            name,
            tables: vec![t[i].clone()],
        });
    }
    same_as_text(
        "two.xls",
        &support::xls(&book),
        &xinjiang_tables(),
        SourceFormat::Xls,
    );
}

/// A fixture of tests/fixtures/office, written by LibreOffice or SheetJS
/// (scripts/make-office-fixtures.py).
fn office_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/office")
            .join(name),
    )
    .unwrap()
}

#[test]
fn ods_xlsb_and_et_written_by_other_programs() {
    let original = xinjiang_tables();
    for (file, format) in [
        ("xinjiang-tables-libreoffice.ods", SourceFormat::Ods),
        ("xinjiang-tables-sheetjs.xlsb", SourceFormat::Xlsb),
        // WPS 表格's .et is an .xls: LibreOffice's Excel 97 file under that name
        ("xinjiang-tables-libreoffice.et", SourceFormat::Xls),
    ] {
        let bytes = office_fixture(file);
        let doc = same_as_text(file, &bytes, &original, format);
        assert!(
            doc.text.contains("858.21") && doc.text.contains("347.90"),
            "{file}"
        );
        // the same bytes under any name
        for name in ["a.xlsx", "a.txt", "a"] {
            let other = read_document_with_notes(name, &bytes).unwrap();
            assert_eq!(
                (other.text, other.format),
                (doc.text.clone(), format),
                "{file} as {name}"
            );
        }
        // positions: 表六!D24 is the 工会经费 total of the 基本支出表
        let r = suanpan::check_text_with_sources(file, &doc.text, &doc.sources, &Options::default());
        let labels: Vec<String> = r
            .findings
            .iter()
            .flat_map(|f| &f.locations)
            .filter_map(|l| l.source.as_ref().map(|s| s.label_zh()))
            .collect();
        assert!(labels.iter().any(|l| l == "表六!D24"), "{file}: {labels:?}");
    }
    // SheetJS's .ods keeps no number formats: 0.00 is shown (and read) as 0, 347.90 as 347.9;
    // the same tables are found
    let doc =
        read_document_with_notes("sheetjs.ods", &office_fixture("xinjiang-tables-sheetjs.ods")).unwrap();
    let want = key(&check("original.txt", &original));
    let got = key(&check("sheetjs.ods", &doc.text));
    assert_eq!(got.tables, want.tables, "{}", doc.text);
}

#[test]
fn xlsb_records_cells_and_formats() {
    use support::{xlsb_record as rec, xlsb_wide as wide};
    let cell =
        |col: u32, style: u32, value: &[u8]| [&col.to_le_bytes()[..], &style.to_le_bytes(), value].concat();
    let row = |r: u32, flags: u8| {
        let mut d = r.to_le_bytes().to_vec();
        d.resize(12, 0);
        d[11] = flags;
        d
    };
    let styles = [
        rec(0x002C, &[&200u16.to_le_bytes()[..], &wide("#,##0.00")].concat()),
        rec(0x0272, &[]),
        rec(0x002F, &[0, 0, 4, 0]), // a cell-style XF: not a cell's
        rec(0x0273, &[]),
        rec(0x0269, &3u32.to_le_bytes()),
        rec(0x002F, &[0, 0, 0, 0]),
        rec(0x002F, &[0, 0, 200, 0]),
        rec(0x002F, &[0, 0, 2, 0]),
        rec(0x026A, &[]),
    ]
    .concat();
    let sheet = [
        rec(0x0000, &row(0, 0)),
        rec(0x0006, &cell(0, 0, &wide("合计"))),
        rec(0x0005, &cell(1, 1, &1234.5f64.to_le_bytes())),
        rec(0x000D, &[2, 0, 0, 0, 0x8B, 0x05, 0, 0]), // short RK (354 << 2 | 3), style 2
        rec(0x0002, &cell(4, 0, &((354u32 << 2) | 3).to_le_bytes())),
        rec(0x0000, &row(1, 0x10)), // hidden
        rec(0x0007, &cell(0, 0, &0u32.to_le_bytes())),
        rec(0x0000, &row(2, 0)),
        rec(0x0012, &[0, 0, 0, 0, 0, 0, 0, 0]), // short isst: column 0
        rec(
            0x0009,
            &cell(
                1,
                2,
                &[&0.30000000000000004f64.to_le_bytes()[..], &[0; 6]].concat(),
            ),
        ),
        rec(
            0x00B0,
            &[2u32, 2, 1, 2]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect::<Vec<_>>(),
        ),
    ]
    .concat();
    let strings = rec(0x0013, &[&[0u8][..], &wide("说明")].concat());
    let d =
        read_document_with_notes("a.xlsb", &support::xlsb(&sheet, None, &strings, &styles, true)).unwrap();
    assert_eq!(d.format, SourceFormat::Xlsb);
    assert_eq!(
        d.text, "合计\t1,234.50\t3.54\t\t3.54\n说明\t0.30\t〃\n",
        "{}",
        d.text
    );
    let codes: Vec<_> = d.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["merged-numbers", "hidden-cells"]);
}

#[test]
fn doc_and_wps_written_by_libreoffice() {
    // the whole document (narrative and tables) as HTML, saved by LibreOffice as Word 97;
    // WPS 文字's .wps is the same file
    let text = corpus_text(XINJIANG);
    let bytes = office_fixture("xinjiang-libreoffice.doc");
    for name in ["预算.doc", "预算.wps", "预算.docx"] {
        let doc = same_as_text(name, &bytes, &text, SourceFormat::Doc);
        assert!(
            doc.text.contains("收支总预算 858.21 万元"),
            "paragraphs as narrative"
        );
    }
}

#[test]
fn docx_paragraphs_and_tables() {
    let text = corpus_text(XINJIANG);
    let b = blocks(&text);
    let tables = b.iter().filter(|b| matches!(b, Block::Table(_))).count();
    assert!(tables >= 8, "{tables}");
    for deflate in [false, true] {
        let bytes = support::docx(&b, deflate);
        let doc = same_as_text("预算.docx", &bytes, &text, SourceFormat::Docx);
        assert!(
            doc.text.contains("收支总预算 858.21 万元"),
            "paragraphs as narrative"
        );
    }
}

#[test]
fn html_with_rowspan_and_colspan() {
    let text = corpus_text(XINJIANG);
    let b = blocks(&text);
    let page = support::html(&b);
    assert!(page.contains("colspan=") && page.contains("rowspan="));
    let doc = same_as_text("预算.html", page.as_bytes(), &text, SourceFormat::Html);
    assert!(
        !doc.text.contains("999.99") && !doc.text.contains("var total"),
        "scripts dropped"
    );
}

#[test]
fn csv_of_the_whole_document() {
    let text = corpus_text(XINJIANG);
    let csv = support::csv(&text);
    same_as_text("预算.csv", csv.as_bytes(), &text, SourceFormat::Csv);
}

#[test]
fn gbk_and_utf16_text() {
    let text = corpus_text(XINJIANG);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let d = same_as_text("预算.txt", &gbk, &text, SourceFormat::Text);
    assert_eq!(d.text, text);
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let le_plain: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (name, bytes) in [("le.txt", le), ("be.txt", be), ("le-no-bom.txt", le_plain)] {
        let d = same_as_text(name, &bytes, &text, SourceFormat::Text);
        assert_eq!(d.text.trim_start_matches('\u{feff}'), text, "{name}");
    }
}

#[test]
fn xlsx_numbers_as_displayed() {
    let sum = (0.1f64 + 0.2).to_string();
    assert_eq!(sum, "0.30000000000000004");
    let bytes = support::xlsx_values(&[
        (&sum, 0),                 // General
        (&sum, 1),                 // custom #,##0.00_);[Red]\(#,##0.00\)
        ("1234567.8899999999", 2), // built-in #,##0.00
        ("858.2100000000001", 0),  // General
        ("0.12345", 3),            // built-in 0.00%
        ("-1234.5", 1),            // negative in parentheses, red
        ("347.9", 2),
    ]);
    let d = read_document_with_notes("values.xlsx", &bytes).unwrap();
    let lines: Vec<&str> = d.text.lines().map(str::trim).collect();
    assert_eq!(
        lines,
        // a bracketed or red negative is written with a minus, which the parser reads
        [
            "0.3",
            "0.30",
            "1,234,567.89",
            "858.21",
            "12.35%",
            "-1,234.50",
            "347.90"
        ],
        "{}",
        d.text
    );
}

// ---------------------------------------------------------------------------------------
// Bad files: a message naming the file and the problem, Chinese first, English too
// ---------------------------------------------------------------------------------------

/// Reads a file that must be refused; the message names it in both languages, and each
/// part holds the words given.
fn refused(name: &str, bytes: &[u8], zh: &str, en: &str) -> input::InputError {
    let e = read_document_with_notes(name, bytes).expect_err(name);
    assert!(e.message_zh.starts_with(&format!("{name}：")), "{e:?}");
    assert!(e.message_en.starts_with(&format!("{name}: ")), "{e:?}");
    assert!(e.message_zh.contains(zh), "{name}: {} lacks {zh}", e.message_zh);
    assert!(e.message_en.contains(en), "{name}: {} lacks {en}", e.message_en);
    // Chinese in the Chinese message, none in the English one
    assert!(e.message_zh[name.len()..]
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    assert!(
        !e.message_en[name.len()..]
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{e:?}"
    );
    e
}

fn pdf_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pdf")
            .join(name),
    )
    .unwrap()
}

fn sample_xlsx() -> Vec<u8> {
    let sheets = xinjiang_sheets();
    let t = sheet_from_text(&sheets[1].1);
    support::xlsx(
        &[Sheet {
            name: "表二",
            tables: vec![t],
        }],
        true,
    )
}

#[test]
fn corrupt_and_encrypted_pdfs() {
    // the PDF reader's own cases are in tests/pdf.rs; here: through read_document, named
    let full =
        std::fs::read(common::corpus_dir().join("pdf/shanghai-putuo-wanli-street-2024-dept-budget.pdf"))
            .unwrap();
    refused("cut.pdf", &full[..full.len() / 2], "不完整", "incomplete");
    refused(
        "header.pdf",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<",
        "PDF",
        "PDF",
    );
    refused(
        "secret.pdf",
        &pdf_fixture("encrypted-user-password.pdf"),
        "加密",
        "encrypted",
    );
}

#[test]
fn zips_that_are_not_workbooks() {
    let plain = support::zip(&[("说明.txt", "部门预算".as_bytes())], true);
    refused("data.xlsx", &plain, "不是 Excel", "not an Excel");
    let xlsb = support::zip(
        &[("xl/workbook.bin", b"\0\0"), ("[Content_Types].xml", b"<Types/>")],
        false,
    );
    refused("book.xlsb", &xlsb, "没有工作表", "no worksheets");
    let pptx = support::zip(&[("ppt/presentation.xml", b"<p:presentation/>")], true);
    refused("slides.pptx", &pptx, "PowerPoint", "PowerPoint");
    let ods = support::zip(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", b"<office:document-content/>"),
        ],
        false,
    );
    refused("book.ods", &ods, "没有任何数据", "no data");
    let odt = support::zip(&[("mimetype", b"application/vnd.oasis.opendocument.text")], false);
    refused("doc.odt", &odt, ".odt", ".odt");
}

#[test]
fn damaged_xlsx_and_docx() {
    let good = sample_xlsx();
    assert!(read_document_with_notes("good.xlsx", &good).is_ok());
    // central directory cut off
    refused("cut.xlsx", &good[..good.len() - 40], "损坏", "damaged");
    refused("half.xlsx", &good[..good.len() / 2], "损坏", "damaged");
    // a byte of every deflated entry changed: bad deflate data or a CRC mismatch
    let cd = good.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    for at in (40..cd).step_by(97) {
        let mut bad = good.clone();
        bad[at] ^= 0x55;
        // either an error naming the file, or (a byte of a name or header field that does
        // not matter) the same text; never a panic
        match read_document_with_notes("bad.xlsx", &bad) {
            Err(e) => assert!(
                e.message_zh.starts_with("bad.xlsx：") && e.message_en.starts_with("bad.xlsx: "),
                "{e:?}"
            ),
            Ok(d) => assert!(!d.text.is_empty()),
        }
    }
    // a sheet the workbook names is missing
    let text = corpus_text(XINJIANG);
    let docx = support::docx(&blocks(&text), true);
    refused("cut.docx", &docx[..docx.len() - 30], "损坏", "damaged");
    // a workbook whose XML is not XML
    let broken = support::zip(
        &[
            ("_rels/.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", b"<workbook><sheets><sheet name=\"a\" r:id=\"rId1\"</sheets>"),
        ],
        true,
    );
    let e = read_document_with_notes("xml.xlsx", &broken).unwrap_err();
    assert!(
        e.message_zh.starts_with("xml.xlsx：") && e.message_en.starts_with("xml.xlsx: "),
        "{e:?}"
    );
}

#[test]
fn damaged_and_encrypted_ods_and_xlsb() {
    for file in ["xinjiang-tables-libreoffice.ods", "xinjiang-tables-sheetjs.xlsb"] {
        let good = office_fixture(file);
        let ext = file.rsplit('.').next().unwrap();
        refused(&format!("cut.{ext}"), &good[..good.len() - 40], "损坏", "damaged");
        refused(&format!("half.{ext}"), &good[..good.len() / 2], "损坏", "damaged");
    }
    // an .ods saved with a password: its parts are encrypted, the manifest says so
    let ods = support::zip(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", &[0x9C, 0x11, 0xF0, 0x33][..]),
            (
                "META-INF/manifest.xml",
                b"<manifest:manifest><manifest:file-entry manifest:full-path=\"content.xml\"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>",
            ),
        ],
        true,
    );
    refused("secret.ods", &ods, "加密", "encrypted");
    // content.xml that is not XML, or missing
    let ods = support::zip(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
            (
                "content.xml",
                b"<office:document-content><table:table></office:body>",
            ),
        ],
        true,
    );
    refused("xml.ods", &ods, "content.xml", "content.xml");
    let ods = support::zip(
        &[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet")],
        true,
    );
    refused("none.ods", &ods, "content.xml", "content.xml");
    // an .xlsb whose worksheet is missing
    let xlsb = office_fixture("xinjiang-tables-sheetjs.xlsb");
    let zip = input::zip::Zip::new(&xlsb).unwrap();
    let parts: Vec<(String, Vec<u8>)> = zip
        .entries
        .iter()
        .filter(|e| e.name != "xl/worksheets/sheet2.bin")
        .map(|e| (e.name.clone(), zip.read_entry(e).unwrap()))
        .collect();
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let e = read_document_with_notes("gap.xlsb", &support::zip(&parts, true)).unwrap_err();
    assert_eq!(e.message_zh, "gap.xlsb：Excel 文件已损坏：工作表“表二”缺失");
    assert_eq!(
        e.message_en,
        "gap.xlsb: the Excel file is damaged: sheet \"表二\" is missing"
    );
}

#[test]
fn encrypted_and_other_ole_files() {
    // what Excel writes for a workbook with a password to open: an OLE file holding
    // EncryptionInfo and EncryptedPackage, whatever the file is named
    let enc = support::cfb(&[
        ("EncryptionInfo", vec![4, 0, 4, 0, 0x40, 0, 0, 0]),
        ("EncryptedPackage", vec![0x5A; 5000]),
    ]);
    refused("预算.xlsx", &enc, "加密", "encrypted");
    refused("预算.docx", &enc, "加密", "encrypted");
    // Word: a FIB cut short, Word 95, encrypted (fEncrypted), no table stream
    let fib = |nfib: u16, flags: u16| {
        let mut w = vec![0u8; 1024];
        w[..2].copy_from_slice(&0xA5ECu16.to_le_bytes());
        w[2..4].copy_from_slice(&nfib.to_le_bytes());
        w[10..12].copy_from_slice(&flags.to_le_bytes());
        w
    };
    let doc = support::cfb(&[("WordDocument", vec![0xEC, 0xA5, 0xC1, 0])]);
    refused("old.doc", &doc, "损坏", "damaged");
    let w95 = support::cfb(&[("WordDocument", fib(0x65, 0))]);
    refused("w95.doc", &w95, "Word 6.0/95", "Word 6.0/95");
    let enc = support::cfb(&[("WordDocument", fib(0xC1, 0x0100)), ("0Table", vec![0; 600])]);
    refused("secret.doc", &enc, "加密", "encrypted");
    refused("secret.wps", &enc, "加密", "encrypted");
    let bad = support::cfb(&[("WordDocument", vec![1; 1024]), ("1Table", vec![0; 600])]);
    refused("bad.doc", &bad, "损坏", "damaged");
    let no_table = support::cfb(&[("WordDocument", fib(0xC1, 0x0200))]);
    refused("t.doc", &no_table, "1Table", "1Table");
    let no_clx = support::cfb(&[("WordDocument", fib(0xC1, 0)), ("0Table", vec![0; 600])]);
    refused("clx.doc", &no_clx, "损坏", "damaged");
    // not OLE, not text, named .wps or .et: a WPS 2000 file or a damaged one
    let old_wps = [&b"WPS\0\x01\x02\x03\x04"[..], &[0u8; 64], &[0xFF; 8]].concat();
    refused("old.wps", &old_wps, "WPS 2000", "WPS 2000");
    refused("old.et", &old_wps, "WPS 2000", "WPS 2000");
    let real = office_fixture("xinjiang-libreoffice.doc");
    refused("cut.doc", &real[..real.len() / 2], "损坏", "damaged");
    refused("cut.wps", &real[..3000], "损坏", "damaged");
    let other = support::cfb(&[("Something", vec![1, 2, 3])]);
    refused("other.xls", &other, "没有 Excel 工作簿", "no Excel workbook");
    let xls = support::xls(&[Sheet {
        name: "表二",
        tables: vec![sheet_from_text(&xinjiang_sheets()[1].1)],
    }]);
    assert!(read_document_with_notes("ok.xls", &xls).is_ok());
    refused("cut.xls", &xls[..300], "损坏", "damaged");
    refused("cut2.xls", &xls[..1100], "损坏", "damaged");
}

#[test]
fn binaries_renamed_txt() {
    let png = [
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
    ];
    let e = refused("table.txt", &png, "PNG 图片", "PNG image");
    assert_eq!(e.message_zh, "table.txt：这不是文本文件，而是 PNG 图片，无法读取");
    assert_eq!(
        e.message_en,
        "table.txt: not a text file but a PNG image; it cannot be read"
    );
    let elf = [&b"\x7FELF\x02\x01\x01\0"[..], &[0u8; 56]].concat();
    let e = refused("budget.txt", &elf, "程序文件", "executable");
    assert_eq!(e.message_zh, "budget.txt：这不是文本文件，而是程序文件，无法读取");
    refused("photo.txt", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0", "JPEG", "JPEG");
    refused(
        "noise.txt",
        &[1, 2, 3, 0x1b, 0x7f, 5, 0, 0, 9, 200, 201, 0],
        "不是文本文件",
        "not a text file",
    );
}

#[test]
fn empty_and_too_large_files() {
    for bytes in [&b""[..], b"\n\n  \t", b"\xEF\xBB\xBF"] {
        refused("empty.txt", bytes, "空的", "empty");
    }
    // one byte over the limit (a "200 MB file" is refused the same way, before reading)
    let big = vec![b'a'; MAX_BYTES + 1];
    let e = refused("big.pdf", &big, "文件太大", "too large");
    assert!(e.message_zh.contains("64 MB"), "{e:?}");
    let e = input::too_large("huge.pdf", 200 * 1024 * 1024);
    assert_eq!(e.message_zh, "huge.pdf：文件太大（200 MB），最大 64 MB");
    assert_eq!(
        e.message_en,
        "huge.pdf: file too large (200 MB); the limit is 64 MB"
    );
    // several files together over the limit
    let half = vec![b'a'; MAX_BYTES / 2 + 1];
    let e = read_documents(&[("a.txt", &half), ("b.txt", &half)]).unwrap_err();
    assert!(e.message_zh.starts_with("a.txt + b.txt：文件太大"), "{e:?}");
}

#[test]
fn combined_files_name_the_bad_one() {
    let good = sample_xlsx();
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
    let e = read_documents(&[
        ("说明.txt", "部门预算说明".as_bytes()),
        ("表.xlsx", &good),
        ("图.txt", &png),
    ])
    .unwrap_err();
    assert!(e.message_zh.starts_with("图.txt：这不是文本文件"), "{e:?}");
    assert!(e.message_en.starts_with("图.txt: not a text file"), "{e:?}");
    let e = read_documents(&[
        ("表.xlsx", &good[..good.len() / 2]),
        ("说明.txt", "部门预算".as_bytes()),
    ])
    .unwrap_err();
    assert!(e.message_zh.starts_with("表.xlsx："), "{e:?}");
    // and the good ones together: narrative, then the workbook on a new page
    let c = read_documents(&[("说明.txt", "部门预算说明".as_bytes()), ("表.xlsx", &good)]).unwrap();
    assert_eq!(c.parts.len(), 2);
    assert_eq!(c.parts[1].format, SourceFormat::Xlsx);
    assert!(c.text.starts_with("部门预算说明\n\n\u{c}"));
}

/// Every prefix and many one-byte changes of a file of each kind: an error or a text,
/// never a panic.
#[test]
fn no_panic_on_damaged_files() {
    let text = corpus_text(XINJIANG);
    let b = blocks(&text);
    let sheets = xinjiang_sheets();
    let book: Vec<Sheet> = sheets
        .iter()
        .take(3)
        .map(|(name, t)| Sheet {
            name,
            tables: vec![sheet_from_text(t)],
        })
        .collect();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("a.xlsx", support::xlsx(&book, false)),
        ("b.xlsx", support::xlsx(&book, true)),
        ("c.docx", support::docx(&b[..20.min(b.len())], true)),
        ("d.xls", support::xls(&book)),
        ("e.html", support::html(&b[..20.min(b.len())]).into_bytes()),
        // written by LibreOffice and SheetJS (tests/fixtures/office)
        ("f.ods", office_fixture("xinjiang-tables-libreoffice.ods")),
        ("g.xlsb", office_fixture("xinjiang-tables-sheetjs.xlsb")),
        ("h.doc", office_fixture("xinjiang-libreoffice.doc")),
    ];
    for (i, (name, bytes)) in files.iter().enumerate() {
        // the files of other programs are larger and slower to read: fewer tries
        let tries = if i >= 5 { 60 } else { 300 };
        let step = (bytes.len() / (tries * 2 / 3)).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = read_document_with_notes(name, &bytes[..cut]);
        }
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..tries {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut bad = bytes.clone();
            let at = (x as usize) % bad.len();
            bad[at] = (x >> 32) as u8;
            let _ = read_document_with_notes(name, &bad);
        }
    }
}

/// Writes seeds for the fuzz targets (fuzz/README.md):
/// `SUANPAN_FUZZ_SEEDS=fuzz/corpus cargo test --test formats fuzz_seeds -- --ignored`.
#[test]
#[ignore]
fn fuzz_seeds() {
    let Some(dir) = std::env::var_os("SUANPAN_FUZZ_SEEDS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let d = dir.join(target);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join(name), bytes).unwrap();
    };
    let text = corpus_text(XINJIANG);
    let b = blocks(&text);
    let sheets = xinjiang_sheets();
    let book: Vec<Sheet> = sheets
        .iter()
        .take(4)
        .map(|(name, t)| Sheet {
            name,
            tables: vec![sheet_from_text(t)],
        })
        .collect();
    let xlsx = support::xlsx(&book, true);
    let xls = support::xls(&book);
    let docx = support::docx(&b[..40.min(b.len())], true);
    let html = support::html(&b[..40.min(b.len())]);
    let with = |k: u8, bytes: &[u8]| [&[k][..], bytes].concat();
    let head: String = text.chars().take(1500).collect();
    // read_document: the first byte picks the name
    write("read_document", "xlsx", &with(3, &xlsx));
    write("read_document", "xls", &with(4, &xls));
    write("read_document", "docx", &with(5, &docx));
    write("read_document", "html", &with(2, html.as_bytes()));
    write("read_document", "csv", &with(1, support::csv(&head).as_bytes()));
    write(
        "read_document",
        "gbk",
        &with(0, &encoding_rs::GBK.encode(&head).0),
    );
    let le: Vec<u8> = head.encode_utf16().flat_map(u16::to_le_bytes).collect();
    write("read_document", "utf16", &with(0, &le));
    write("read_document", "pdf", &with(0, &pdf_fixture("features.pdf")));
    // xlsx, docx: the raw file, and each XML part after the byte that picks it
    write("xlsx", "raw", &xlsx);
    let zip = suanpan::input::zip::Zip::new(&xlsx).unwrap();
    for (k, part) in [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
    ]
    .iter()
    .enumerate()
    {
        let xml = zip.read(part).unwrap().unwrap();
        write("xlsx", &format!("part{k}"), &with(k as u8, &xml));
    }
    write("docx", "raw", &docx);
    let zip = suanpan::input::zip::Zip::new(&docx).unwrap();
    write(
        "docx",
        "document",
        &with(0, &zip.read("word/document.xml").unwrap().unwrap()),
    );
    write(
        "docx",
        "rels",
        &with(1, &zip.read("_rels/.rels").unwrap().unwrap()),
    );
    // xls: the raw file, and the Workbook stream alone (the target wraps it)
    write("xls", "raw", &xls);
    write("xls", "stream", &support::biff8(&book));
    write("html", "page", html.as_bytes());
    // ods, xlsb, doc: the files written by LibreOffice and SheetJS, and their parts as the
    // targets wrap them
    let ods = office_fixture("xinjiang-tables-libreoffice.ods");
    write("ods", "raw", &ods);
    write("read_document", "ods", &with(6, &ods));
    let zip = suanpan::input::zip::Zip::new(&ods).unwrap();
    write(
        "ods",
        "content",
        &with(0, &zip.read("content.xml").unwrap().unwrap()),
    );
    let xlsb = office_fixture("xinjiang-tables-sheetjs.xlsb");
    write("xlsb", "raw", &xlsb);
    write("read_document", "xlsb", &with(7, &xlsb));
    let zip = suanpan::input::zip::Zip::new(&xlsb).unwrap();
    for (k, part) in [
        "xl/worksheets/sheet1.bin",
        "xl/workbook.bin",
        "xl/sharedStrings.bin",
        "xl/styles.bin",
    ]
    .iter()
    .enumerate()
    {
        if let Some(b) = zip.read(part).unwrap() {
            write("xlsb", &format!("part{k}"), &with(k as u8, &b));
        }
    }
    let doc = office_fixture("xinjiang-libreoffice.doc");
    write("doc", "raw", &doc);
    write("read_document", "doc", &with(8, &doc));
    let cfb = suanpan::input::cfb::Cfb::new(&doc).unwrap();
    let stream = |n: &str| cfb.stream(n).unwrap().unwrap();
    let (word, table, data) = (stream("WordDocument"), stream("1Table"), stream("Data"));
    let lengths = [
        (word.len() as u32).to_le_bytes(),
        (table.len() as u32).to_le_bytes(),
    ]
    .concat();
    write("doc", "streams", &[&lengths[..], &word, &table, &data].concat());
    for (k, (v, f)) in [
        (858.2100000000001f64, "#,##0.00_);[Red]\\(#,##0.00\\)"),
        (0.30000000000000004, "0.00%"),
        (-1234.5, "_-* #,##0.00_-;\\-* #,##0.00_-;_-* \"-\"??_-;_-@_-"),
        (43831.5, "yyyy\"年\"m\"月\"d\"日\" hh:mm:ss"),
        (12.0, "G/通用格式"),
        (1e20, "0.00E+00"),
        (0.125, "# ??/??"),
    ]
    .iter()
    .enumerate()
    {
        write(
            "numfmt",
            &format!("f{k}"),
            &[&v.to_le_bytes()[..], f.as_bytes()].concat(),
        );
    }
}

/// Writes the Xinjiang disclosure as .xlsx (one sheet per table), .xls and .docx (narrative
/// and tables) for the browser tests (`e2e/fixtures/formats/`, committed):
/// `SUANPAN_E2E_FIXTURES=e2e/fixtures/formats cargo test --test formats e2e_fixtures -- --ignored`
#[test]
#[ignore = "writes the e2e fixtures; run by hand when the writers change"]
fn e2e_fixtures() {
    let Some(dir) = std::env::var_os("SUANPAN_E2E_FIXTURES") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let sheets = xinjiang_sheets();
    let book: Vec<Sheet> = sheets
        .iter()
        .map(|(name, t)| Sheet {
            name,
            tables: vec![sheet_from_text(t)],
        })
        .collect();
    let text = corpus_text(XINJIANG);
    std::fs::write(dir.join("xinjiang-2019-tables.xlsx"), support::xlsx(&book, true)).unwrap();
    std::fs::write(dir.join("xinjiang-2019-tables.xls"), support::xls(&book)).unwrap();
    std::fs::write(
        dir.join("xinjiang-2019.docx"),
        support::docx(&blocks(&text), true),
    )
    .unwrap();
}

// ---------------------------------------------------------------------------------------
// Provenance: a finding's cells named by sheet and address
// ---------------------------------------------------------------------------------------

/// Row and column (0-based) of an address like `D12`.
fn address(cell: &str) -> (usize, usize) {
    let letters: String = cell.chars().take_while(char::is_ascii_uppercase).collect();
    let col = letters
        .chars()
        .fold(0usize, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
        - 1;
    let row: usize = cell[letters.len()..].parse().unwrap();
    (row - 1, col)
}

#[test]
fn spreadsheet_findings_name_sheet_and_cell() {
    use suanpan::source::Source;
    let sheets = xinjiang_sheets();
    let tables: Vec<_> = sheets.iter().map(|(_, t)| sheet_from_text(t)).collect();
    let book: Vec<Sheet> = sheets
        .iter()
        .zip(&tables)
        .map(|((name, _), t)| Sheet {
            name,
            tables: vec![t.clone()],
        })
        .collect();
    for (file, bytes) in [
        ("t.xlsx", support::xlsx(&book, true)),
        ("t.xls", support::xls(&book)),
        // the same sheets written by LibreOffice and SheetJS
        ("t.ods", office_fixture("xinjiang-tables-libreoffice.ods")),
        ("t.xlsb", office_fixture("xinjiang-tables-sheetjs.xlsb")),
        ("t.et", office_fixture("xinjiang-tables-libreoffice.et")),
    ] {
        let doc = read_document_with_notes(file, &bytes).unwrap();
        let r = suanpan::check_text_with_sources(file, &doc.text, &doc.sources, &Options::default());
        let mut named = 0;
        for f in &r.findings {
            for l in f
                .locations
                .iter()
                .filter(|l| l.kind == suanpan::report::LocationKind::Cell)
            {
                let Some(Source::Cell {
                    sheet,
                    cell,
                    file: None,
                }) = &l.source
                else {
                    panic!("{file}: {} located as {:?}", f.rule, l.source);
                };
                // the workbook written has that text at that address
                let (i, t) = book.iter().enumerate().find(|(_, s)| s.name == sheet).unwrap();
                let (row, col) = address(cell);
                let written = t.tables[0]
                    .rows
                    .get(row)
                    .and_then(|r| r.get(col))
                    .map(|s| s.trim());
                assert_eq!(written, Some(l.text.as_str()), "{file}: sheet {i} {sheet}!{cell}");
                assert_eq!(l.source.as_ref().unwrap().label_zh(), format!("{sheet}!{cell}"));
                named += 1;
            }
        }
        assert!(named >= 3, "{file}: {named}");
    }
}

#[test]
fn word_and_web_page_findings_name_table_and_cell() {
    use suanpan::source::Source;
    let text = corpus_text(XINJIANG);
    let b = blocks(&text);
    let tables: Vec<&support::Table> = b
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    for (file, bytes) in [
        ("t.docx", support::docx(&b, true)),
        ("t.html", support::html(&b).into_bytes()),
        // the same tables, written as HTML and saved as .doc by LibreOffice
        ("t.doc", office_fixture("xinjiang-libreoffice.doc")),
    ] {
        let doc = read_document_with_notes(file, &bytes).unwrap();
        let r = suanpan::check_text_with_sources(file, &doc.text, &doc.sources, &Options::default());
        let mut named = 0;
        for f in &r.findings {
            for l in f
                .locations
                .iter()
                .filter(|l| l.kind == suanpan::report::LocationKind::Cell)
            {
                let Some(Source::Cell { sheet, cell, .. }) = &l.source else {
                    panic!("{file}: {} located as {:?}", f.rule, l.source);
                };
                // "表格 3": the third table of the document, at that address
                let n: usize = sheet.trim_start_matches("表格 ").parse().unwrap();
                let (row, col) = address(cell);
                let written = tables[n - 1]
                    .rows
                    .get(row)
                    .and_then(|r| r.get(col))
                    .map(|s| s.replace(' ', ""));
                assert_eq!(written, Some(l.text.replace(' ', "")), "{file}: {sheet}!{cell}");
                named += 1;
            }
        }
        assert!(named >= 3, "{file}: {named}");
    }
}
