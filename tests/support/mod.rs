//! Test-only writers for real files: zip archives (stored or deflated), .xlsx workbooks,
//! .docx documents, BIFF8 .xls workbooks inside OLE compound files, HTML and CSV — built
//! from a document's text (tab-separated table rows, other lines as paragraphs), so the
//! readers can be checked end to end against the text they should give back.
#![allow(dead_code)]

use std::fmt::Write as _;

// ---------------------------------------------------------------------------------------
// The document: paragraphs and tables, from text
// ---------------------------------------------------------------------------------------

/// A merged range, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub r0: usize,
    pub c0: usize,
    pub r1: usize,
    pub c1: usize,
}

/// A table: rows of cells (text as printed) and its merged ranges.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
    pub merges: Vec<Span>,
}

impl Table {
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    pub fn cell(&self, r: usize, c: usize) -> &str {
        self.rows.get(r).and_then(|x| x.get(c)).map_or("", String::as_str)
    }

    /// The merge starting at (r, c), if any.
    pub fn merge_at(&self, r: usize, c: usize) -> Option<Span> {
        self.merges.iter().copied().find(|m| m.r0 == r && m.c0 == c)
    }

    /// True when (r, c) is covered by a merge but is not its first cell.
    pub fn covered(&self, r: usize, c: usize) -> bool {
        self.merges
            .iter()
            .any(|m| (m.r0..=m.r1).contains(&r) && (m.c0..=m.c1).contains(&c) && (m.r0, m.c0) != (r, c))
    }
}

/// A block of a document.
#[derive(Debug, Clone)]
pub enum Block {
    Para(String),
    Table(Table),
}

/// True for an amount as printed (`858.21`, `-3.5`, `1,234.00`).
pub fn is_amount(s: &str) -> bool {
    let t = s.trim().trim_start_matches('-').replace(',', "");
    let mut parts = t.split('.');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !a.is_empty()
        && !b.is_empty()
        && a.bytes().all(|c| c.is_ascii_digit())
        && b.bytes().all(|c| c.is_ascii_digit())
}

/// Splits text into paragraphs (lines without a tab; blank lines dropped) and tables (runs
/// of tab-separated lines, blank lines inside a run dropped). Header merges are inferred:
/// in the rows above the first amount, a cell followed by empty cells spans them, and a
/// cell with nothing under it spans down to the next header row that has something.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.contains('\t') {
            let mut rows = Vec::new();
            while i < lines.len() {
                if lines[i].contains('\t') {
                    rows.push(
                        lines[i]
                            .split('\t')
                            .map(|s| s.trim().to_string())
                            .collect::<Vec<_>>(),
                    );
                    i += 1;
                } else if lines[i].trim().is_empty()
                    && lines[i + 1..]
                        .iter()
                        .find(|l| !l.trim().is_empty())
                        .is_some_and(|l| l.contains('\t'))
                {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(Block::Table(table_with_merges(rows)));
        } else {
            if !line.trim().is_empty() {
                out.push(Block::Para(line.to_string()));
            }
            i += 1;
        }
    }
    out
}

/// A table with header merges inferred (see [`blocks`]).
pub fn table_with_merges(mut rows: Vec<Vec<String>>) -> Table {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for r in &mut rows {
        r.resize(width, String::new());
    }
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| is_amount(c)))
        .unwrap_or(rows.len());
    let mut t = Table {
        rows,
        merges: Vec::new(),
    };
    for r in 0..header {
        for c in 0..width {
            if t.cell(r, c).is_empty() || t.covered(r, c) {
                continue;
            }
            let mut c1 = c;
            while c1 + 1 < width && t.cell(r, c1 + 1).is_empty() && !t.covered(r, c1 + 1) {
                c1 += 1;
            }
            let mut r1 = r;
            while r1 + 1 < header
                && (c..=c1).all(|k| t.cell(r1 + 1, k).is_empty() && !t.covered(r1 + 1, k))
                && t.rows[r1 + 1].iter().any(|x| !x.is_empty())
            {
                r1 += 1;
            }
            if (r1, c1) != (r, c) {
                t.merges.push(Span { r0: r, c0: c, r1, c1 });
            }
        }
    }
    t
}

/// A sheet: lines of text made into rows (one cell for a line without tabs), the title (the
/// first line that is not a `表一：` label) merged across the width, header merges inferred.
pub fn sheet_from_text(text: &str) -> Table {
    let mut pre: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if line.contains('\t') || !rows.is_empty() {
            rows.push(line.split('\t').map(|s| s.trim().to_string()).collect());
        } else {
            pre.push(line.trim().to_string());
        }
    }
    let body = table_with_merges(rows);
    let width = body.width().max(1);
    let mut t = Table::default();
    for p in &pre {
        let mut row = vec![p.clone()];
        row.resize(width, String::new());
        t.rows.push(row);
    }
    if let Some(title) = pre.iter().position(|p| !p.starts_with('表')) {
        if width > 1 {
            t.merges.push(Span {
                r0: title,
                c0: 0,
                r1: title,
                c1: width - 1,
            });
        }
    }
    let off = t.rows.len();
    t.rows.extend(body.rows);
    t.merges.extend(body.merges.iter().map(|m| Span {
        r0: m.r0 + off,
        r1: m.r1 + off,
        ..*m
    }));
    t
}

// ---------------------------------------------------------------------------------------
// Numbers with float artifacts
// ---------------------------------------------------------------------------------------

/// The value an amount is stored as: its nearest double moved by one unit in the last place
/// (every other amount up, the others down), so `858.21` is stored as `858.2100000000001`,
/// the kind of artifact a spreadsheet's own sums leave. Zero stays zero.
pub fn artifact(printed: &str, k: usize) -> f64 {
    let x: f64 = printed.replace(',', "").parse().unwrap();
    if x == 0.0 {
        return 0.0;
    }
    let bits = x.to_bits();
    f64::from_bits(if k.is_multiple_of(2) { bits + 1 } else { bits - 1 })
}

// ---------------------------------------------------------------------------------------
// Zip
// ---------------------------------------------------------------------------------------

pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive of the given entries, deflated (`deflate`) or stored.
pub fn zip(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let (method, body) = if deflate {
            (8u16, miniz_oxide::deflate::compress_to_vec(data, 6))
        } else {
            (0u16, data.to_vec())
        };
        let crc = crc32(data);
        let offset = out.len() as u32;
        let flags: u16 = 0x0800; // UTF-8 names
        out.extend(b"PK\x03\x04");
        out.extend(20u16.to_le_bytes());
        out.extend(flags.to_le_bytes());
        out.extend(method.to_le_bytes());
        out.extend([0u8; 4]); // time, date
        out.extend(crc.to_le_bytes());
        out.extend((body.len() as u32).to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out.extend((name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
        out.extend(&body);

        central.extend(b"PK\x01\x02");
        central.extend(20u16.to_le_bytes());
        central.extend(20u16.to_le_bytes());
        central.extend(flags.to_le_bytes());
        central.extend(method.to_le_bytes());
        central.extend([0u8; 4]);
        central.extend(crc.to_le_bytes());
        central.extend((body.len() as u32).to_le_bytes());
        central.extend((data.len() as u32).to_le_bytes());
        central.extend((name.len() as u16).to_le_bytes());
        central.extend([0u8; 12]); // extra, comment, disk, internal, external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ---------------------------------------------------------------------------------------
// .xlsx
// ---------------------------------------------------------------------------------------

fn col_name(mut c: usize) -> String {
    let mut s = Vec::new();
    c += 1;
    while c > 0 {
        s.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// A sheet of a workbook: its name, and its tables placed one under the other with a blank
/// row between them.
pub struct Sheet<'a> {
    pub name: &'a str,
    pub tables: Vec<Table>,
}

/// The sheets of a merged-cell bomb: 32 sheets, each a number merged over the whole sheet
/// (rows 0..=`last_row`, columns 0..=`last_col`). Write them with [`xlsx`] or [`xls`].
pub fn merged_bomb_sheets(names: &[String], last_row: usize, last_col: usize) -> Vec<Sheet<'_>> {
    names
        .iter()
        .map(|n| Sheet {
            name: n,
            tables: vec![Table {
                rows: vec![vec!["12.50".into(), "合计".into()], vec!["x".into()]],
                merges: vec![Span {
                    r0: 0,
                    c0: 0,
                    r1: last_row,
                    c1: last_col,
                }],
            }],
        })
        .collect()
}

/// The 32 sheet names of a merged-cell bomb.
pub fn bomb_sheet_names() -> Vec<String> {
    (0..32).map(|i| format!("Sheet{i}")).collect()
}

/// An .xlsx workbook. Amounts are numbers (style 1: `#,##0.00_);[Red]\(#,##0.00\)`, stored
/// with float artifacts); other cells are shared strings; merges as `<mergeCell>`. Styles 0
/// (General), 2 (built-in 4, `#,##0.00`) and 3 (built-in 10, `0.00%`) are there for
/// [`xlsx_values`].
pub fn xlsx(sheets: &[Sheet<'_>], deflate: bool) -> Vec<u8> {
    xlsx_with(sheets, &[], deflate)
}

/// A one-sheet workbook with raw number cells in column A: (stored value, style).
pub fn xlsx_values(values: &[(&str, usize)]) -> Vec<u8> {
    xlsx_with(
        &[Sheet {
            name: "Sheet1",
            tables: Vec::new(),
        }],
        values,
        true,
    )
}

fn xlsx_with(sheets: &[Sheet<'_>], values: &[(&str, usize)], deflate: bool) -> Vec<u8> {
    let mut strings: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut sheet_xml = Vec::new();
    let mut k = 0usize;
    for sheet in sheets {
        let mut rows = String::new();
        let mut merges = String::new();
        let mut base = 0usize;
        for t in &sheet.tables {
            for (r, row) in t.rows.iter().enumerate() {
                let rr = base + r + 1;
                let _ = write!(rows, "<row r=\"{rr}\">");
                for (c, cell) in row.iter().enumerate() {
                    if cell.is_empty() {
                        continue;
                    }
                    let at = format!("{}{rr}", col_name(c));
                    if is_amount(cell) {
                        k += 1;
                        let _ = write!(rows, "<c r=\"{at}\" s=\"1\"><v>{}</v></c>", artifact(cell, k));
                    } else {
                        let n = *index.entry(cell.clone()).or_insert_with(|| {
                            strings.push(cell.clone());
                            strings.len() - 1
                        });
                        let _ = write!(rows, "<c r=\"{at}\" t=\"s\"><v>{n}</v></c>");
                    }
                }
                rows.push_str("</row>");
            }
            for m in &t.merges {
                let _ = write!(
                    merges,
                    "<mergeCell ref=\"{}{}:{}{}\"/>",
                    col_name(m.c0),
                    base + m.r0 + 1,
                    col_name(m.c1),
                    base + m.r1 + 1
                );
            }
            base += t.rows.len() + 1;
        }
        for (i, (v, style)) in values.iter().enumerate() {
            let _ = write!(
                rows,
                "<row r=\"{0}\"><c r=\"A{0}\" s=\"{style}\"><v>{v}</v></c></row>",
                i + 1
            );
        }
        let merges = if merges.is_empty() {
            String::new()
        } else {
            format!("<mergeCells>{merges}</mergeCells>")
        };
        sheet_xml.push(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetData>{rows}</sheetData>{merges}</worksheet>"
        ));
    }
    let mut sst = String::new();
    for s in &strings {
        let _ = write!(sst, "<si><t xml:space=\"preserve\">{}</t></si>", esc(s));
    }
    let sst = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{0}\" uniqueCount=\"{0}\">{sst}</sst>",
        strings.len()
    );
    let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"1\"><numFmt numFmtId=\"176\" formatCode=\"#,##0.00_);[Red]\\(#,##0.00\\)\"/></numFmts><cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\"/><xf numFmtId=\"176\" fontId=\"0\" applyNumberFormat=\"1\"/><xf numFmtId=\"4\" fontId=\"0\" applyNumberFormat=\"1\"/><xf numFmtId=\"10\" fontId=\"0\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>";
    let mut wb_sheets = String::new();
    let mut wb_rels = String::new();
    let mut types = String::new();
    for (i, s) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            wb_sheets,
            "<sheet name=\"{}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>",
            esc(s.name)
        );
        let _ = write!(wb_rels, "<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>");
        let _ = write!(types, "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
    }
    let n = sheets.len();
    let _ = write!(wb_rels, "<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>", n + 1);
    let _ = write!(wb_rels, "<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>", n + 2);
    let workbook = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{wb_sheets}</sheets></workbook>");
    let wb_rels = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{wb_rels}</Relationships>");
    let content_types = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>{types}</Types>");
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    let names: Vec<String> = (1..=n).map(|i| format!("xl/worksheets/sheet{i}.xml")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wb_rels.as_bytes()),
        ("xl/styles.xml", styles.as_bytes()),
        ("xl/sharedStrings.xml", sst.as_bytes()),
    ];
    for (name, xml) in names.iter().zip(&sheet_xml) {
        entries.push((name, xml.as_bytes()));
    }
    zip(&entries, deflate)
}

// ---------------------------------------------------------------------------------------
// .docx
// ---------------------------------------------------------------------------------------

fn w_para(text: &str) -> String {
    if text.is_empty() {
        return "<w:p/>".to_string();
    }
    // two runs, as Word splits text
    let mid = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(0, |(i, _)| i);
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(&text[..mid]),
        esc(&text[mid..])
    )
}

fn w_table(t: &Table) -> String {
    let width = t.width();
    let mut s = String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
    for _ in 0..width {
        s.push_str("<w:gridCol w:w=\"1000\"/>");
    }
    s.push_str("</w:tblGrid>");
    for r in 0..t.rows.len() {
        s.push_str("<w:tr>");
        let mut c = 0;
        while c < width {
            // the merge this cell belongs to, if its first row or a row below
            let m = t
                .merges
                .iter()
                .find(|m| (m.r0..=m.r1).contains(&r) && m.c0 == c)
                .copied();
            let span = m.map_or(1, |m| m.c1 - m.c0 + 1);
            let mut pr = String::new();
            if span > 1 {
                let _ = write!(pr, "<w:gridSpan w:val=\"{span}\"/>");
            }
            if let Some(m) = m.filter(|m| m.r1 > m.r0) {
                pr.push_str(if m.r0 == r {
                    "<w:vMerge w:val=\"restart\"/>"
                } else {
                    "<w:vMerge/>"
                });
            }
            let text = if m.is_some_and(|m| m.r0 != r) {
                ""
            } else {
                t.cell(r, c)
            };
            let _ = write!(s, "<w:tc><w:tcPr>{pr}</w:tcPr>{}</w:tc>", w_para(text));
            c += span;
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

/// A .docx: paragraphs as `<w:p>` (split into two runs), tables as `<w:tbl>` with
/// `gridSpan` and `vMerge`.
pub fn docx(blocks: &[Block], deflate: bool) -> Vec<u8> {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Para(p) => body.push_str(&w_para(p)),
            Block::Table(t) => body.push_str(&w_table(t)),
        }
    }
    let document = format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>");
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    zip(
        &[
            ("[Content_Types].xml", content_types.as_bytes()),
            ("_rels/.rels", rels.as_bytes()),
            ("word/document.xml", document.as_bytes()),
        ],
        deflate,
    )
}

// ---------------------------------------------------------------------------------------
// HTML, CSV
// ---------------------------------------------------------------------------------------

/// A web page: paragraphs as `<p>`, tables with `rowspan`/`colspan`, a script and a style
/// that must be dropped.
pub fn html(blocks: &[Block]) -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>部门预算</title><style>td { border: 1px solid }</style><script>var total = 1 + 2; document.write('<p>999.99</p>');</script></head><body>\n");
    for b in blocks {
        match b {
            Block::Para(p) => {
                let _ = writeln!(s, "<p>{}</p>", esc(p));
            }
            Block::Table(t) => {
                s.push_str("<table border=\"1\">\n");
                for r in 0..t.rows.len() {
                    s.push_str("<tr>");
                    for c in 0..t.width() {
                        if t.covered(r, c) {
                            continue;
                        }
                        let mut attrs = String::new();
                        if let Some(m) = t.merge_at(r, c) {
                            if m.c1 > m.c0 {
                                let _ = write!(attrs, " colspan=\"{}\"", m.c1 - m.c0 + 1);
                            }
                            if m.r1 > m.r0 {
                                let _ = write!(attrs, " rowspan=\"{}\"", m.r1 - m.r0 + 1);
                            }
                        }
                        let _ = write!(s, "<td{attrs}>{}</td>", esc(t.cell(r, c)));
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</table>\n");
            }
        }
    }
    s.push_str("</body></html>\n");
    s
}

/// CSV: every line a record, tabs → fields, quoted when needed.
pub fn csv(text: &str) -> String {
    let mut s = String::new();
    for line in text.lines() {
        let fields: Vec<String> = line
            .split('\t')
            .map(|f| {
                if f.contains([',', '"', '\n']) {
                    format!("\"{}\"", f.replace('"', "\"\""))
                } else {
                    f.to_string()
                }
            })
            .collect();
        s.push_str(&fields.join(","));
        s.push_str("\r\n");
    }
    s
}

// ---------------------------------------------------------------------------------------
// OLE compound file and BIFF8 .xls
// ---------------------------------------------------------------------------------------

const FREESECT: u32 = 0xFFFF_FFFF;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FATSECT: u32 = 0xFFFF_FFFD;
const NOSTREAM: u32 = 0xFFFF_FFFF;

/// An OLE compound file (version 3, 512-byte sectors) with the given streams in its root
/// storage. Streams are padded to 4096 bytes so none lives in the mini stream.
pub fn cfb(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let streams: Vec<(&str, Vec<u8>)> = streams
        .iter()
        .map(|(n, d)| {
            let mut d = d.clone();
            if d.len() < 4096 {
                d.resize(4096, 0);
            }
            (*n, d)
        })
        .collect();
    let sectors_of = |len: usize| len.div_ceil(512);
    let dir_sectors = (streams.len() + 1).div_ceil(4);
    let data_sectors: usize = streams.iter().map(|(_, d)| sectors_of(d.len())).sum();
    let mut fat_sectors = 1;
    while fat_sectors * 128 < fat_sectors + dir_sectors + data_sectors {
        fat_sectors += 1;
    }
    assert!(fat_sectors <= 109);
    let mut fat: Vec<u32> = vec![FATSECT; fat_sectors];
    let first_dir = fat.len() as u32;
    for k in 0..dir_sectors {
        let next = if k + 1 == dir_sectors {
            ENDOFCHAIN
        } else {
            fat.len() as u32 + 1
        };
        fat.push(next);
    }
    let mut starts = Vec::new();
    for (_, d) in &streams {
        starts.push(fat.len() as u32);
        let n = sectors_of(d.len());
        for k in 0..n {
            let next = if k + 1 == n {
                ENDOFCHAIN
            } else {
                fat.len() as u32 + 1
            };
            fat.push(next);
        }
    }
    fat.resize(fat_sectors * 128, FREESECT);

    let mut out = Vec::new();
    out.extend([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out.extend([0u8; 16]);
    out.extend(0x003Eu16.to_le_bytes());
    out.extend(3u16.to_le_bytes());
    out.extend(0xFFFEu16.to_le_bytes());
    out.extend(9u16.to_le_bytes());
    out.extend(6u16.to_le_bytes());
    out.extend([0u8; 6]);
    out.extend(0u32.to_le_bytes()); // directory sectors (0 in version 3)
    out.extend((fat_sectors as u32).to_le_bytes());
    out.extend(first_dir.to_le_bytes());
    out.extend(0u32.to_le_bytes());
    out.extend(4096u32.to_le_bytes());
    out.extend(ENDOFCHAIN.to_le_bytes()); // no mini FAT
    out.extend(0u32.to_le_bytes());
    out.extend(ENDOFCHAIN.to_le_bytes()); // no DIFAT sectors
    out.extend(0u32.to_le_bytes());
    for k in 0..109u32 {
        let v = if (k as usize) < fat_sectors { k } else { FREESECT };
        out.extend(v.to_le_bytes());
    }
    assert_eq!(out.len(), 512);
    for v in &fat {
        out.extend(v.to_le_bytes());
    }
    // directory: root, then the streams as a chain of right siblings
    let entry = |name: &str, kind: u8, right: u32, child: u32, start: u32, size: u32| {
        let mut e = Vec::with_capacity(128);
        let units: Vec<u16> = name.encode_utf16().chain(std::iter::once(0)).collect();
        for u in &units {
            e.extend(u.to_le_bytes());
        }
        e.resize(64, 0);
        e.extend(((units.len() * 2) as u16).to_le_bytes());
        e.push(kind);
        e.push(1); // black
        e.extend(NOSTREAM.to_le_bytes());
        e.extend(right.to_le_bytes());
        e.extend(child.to_le_bytes());
        e.resize(116, 0);
        e.extend(start.to_le_bytes());
        e.extend(size.to_le_bytes());
        e.extend(0u32.to_le_bytes());
        e
    };
    let mut dir = entry("Root Entry", 5, NOSTREAM, 1, ENDOFCHAIN, 0);
    for (i, (name, d)) in streams.iter().enumerate() {
        let right = if i + 1 < streams.len() {
            i as u32 + 2
        } else {
            NOSTREAM
        };
        dir.extend(entry(name, 2, right, NOSTREAM, starts[i], d.len() as u32));
    }
    dir.resize(dir_sectors * 512, 0);
    out.extend(dir);
    for (_, d) in &streams {
        let mut d = d.clone();
        d.resize(sectors_of(d.len()) * 512, 0);
        out.extend(d);
    }
    out
}

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

fn bof(kind: u16) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend(0x0600u16.to_le_bytes());
    d.extend(kind.to_le_bytes());
    d.extend(0x0DBBu16.to_le_bytes());
    d.extend(0x07CCu16.to_le_bytes());
    d.extend(0u32.to_le_bytes());
    d.extend(0x0206u32.to_le_bytes());
    d
}

/// A string as UTF-16 (flag 1) with a 16-bit length, or 8-bit for `short`.
fn xl_string(s: &str, short: bool) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut d = Vec::new();
    if short {
        d.push(units.len() as u8);
    } else {
        d.extend((units.len() as u16).to_le_bytes());
    }
    d.push(1);
    for u in units {
        d.extend(u.to_le_bytes());
    }
    d
}

/// An RK value for `x` when it is a whole number of hundredths that fits (Excel's own
/// encoding of such amounts), else None.
fn rk_hundredths(printed: &str) -> Option<u32> {
    let t = printed.replace(',', "");
    let (a, b) = t.split_once('.')?;
    if b.len() != 2 {
        return None;
    }
    let v: i64 = format!("{a}{b}").parse().ok()?;
    (v.abs() < (1 << 29)).then_some(((v as i32) << 2) as u32 | 3)
}

/// A BIFF8 workbook stream: shared strings, amounts alternately as NUMBER records (float
/// artifacts) and RK records (exact hundredths), XF 1 with format `#,##0.00`, merges.
pub fn biff8(sheets: &[Sheet<'_>]) -> Vec<u8> {
    let mut strings: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut subs = Vec::new();
    let mut k = 0usize;
    for sheet in sheets {
        let mut s = Vec::new();
        record(&mut s, 0x0809, &bof(0x0010));
        let mut base = 0usize;
        let mut merges: Vec<Span> = Vec::new();
        for t in &sheet.tables {
            for (r, row) in t.rows.iter().enumerate() {
                let rr = (base + r) as u16;
                for (c, cell) in row.iter().enumerate() {
                    if cell.is_empty() {
                        continue;
                    }
                    let mut d = Vec::new();
                    d.extend(rr.to_le_bytes());
                    d.extend((c as u16).to_le_bytes());
                    if is_amount(cell) {
                        k += 1;
                        d.extend(1u16.to_le_bytes());
                        match rk_hundredths(cell).filter(|_| k.is_multiple_of(2)) {
                            Some(rk) => {
                                d.extend(rk.to_le_bytes());
                                record(&mut s, 0x027E, &d);
                            }
                            None => {
                                d.extend(artifact(cell, k).to_le_bytes());
                                record(&mut s, 0x0203, &d);
                            }
                        }
                    } else {
                        let n = *index.entry(cell.clone()).or_insert_with(|| {
                            strings.push(cell.clone());
                            strings.len() - 1
                        });
                        d.extend(0u16.to_le_bytes());
                        d.extend((n as u32).to_le_bytes());
                        record(&mut s, 0x00FD, &d);
                    }
                }
            }
            merges.extend(t.merges.iter().map(|m| Span {
                r0: m.r0 + base,
                r1: m.r1 + base,
                ..*m
            }));
            base += t.rows.len() + 1;
        }
        if !merges.is_empty() {
            let mut d = Vec::new();
            d.extend((merges.len() as u16).to_le_bytes());
            for m in &merges {
                for v in [m.r0, m.r1, m.c0, m.c1] {
                    d.extend((v as u16).to_le_bytes());
                }
            }
            record(&mut s, 0x00E5, &d);
        }
        record(&mut s, 0x000A, &[]);
        subs.push(s);
    }
    // globals, with the sheets' offsets patched in once known
    let mut g = Vec::new();
    record(&mut g, 0x0809, &bof(0x0005));
    record(&mut g, 0x0042, &1200u16.to_le_bytes());
    let mut f = 176u16.to_le_bytes().to_vec();
    f.extend(xl_string("#,##0.00", false));
    record(&mut g, 0x041E, &f);
    for ifmt in [0u16, 176] {
        let mut x = vec![0u8; 20];
        x[2..4].copy_from_slice(&ifmt.to_le_bytes());
        record(&mut g, 0x00E0, &x);
    }
    let mut patch = Vec::new();
    for sheet in sheets {
        let mut d = vec![0u8; 4];
        d.push(0); // visible
        d.push(0); // worksheet
        d.extend(xl_string(sheet.name, true));
        patch.push(g.len() + 4);
        record(&mut g, 0x0085, &d);
    }
    // SST, continued in CONTINUE records at string boundaries
    let mut sst = Vec::new();
    sst.extend((strings.len() as u32).to_le_bytes());
    sst.extend((strings.len() as u32).to_le_bytes());
    let mut first = true;
    for s in &strings {
        let b = xl_string(s, false);
        if sst.len() + b.len() > 8224 {
            record(&mut g, if first { 0x00FC } else { 0x003C }, &sst);
            first = false;
            sst.clear();
        }
        sst.extend(b);
    }
    record(&mut g, if first { 0x00FC } else { 0x003C }, &sst);
    record(&mut g, 0x000A, &[]);
    let mut at = g.len();
    for (p, s) in patch.iter().zip(&subs) {
        g[*p..*p + 4].copy_from_slice(&(at as u32).to_le_bytes());
        at += s.len();
    }
    for s in subs {
        g.extend(s);
    }
    g
}

/// An .xls file: a BIFF8 workbook in an OLE compound file.
pub fn xls(sheets: &[Sheet<'_>]) -> Vec<u8> {
    cfb(&[("Workbook", biff8(sheets))])
}

// ---------------------------------------------------------------------------------------
// PDF: hostile files (deflate bombs, form XObject fan-out), written object by object
// ---------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// .xlsb (BIFF12 records in a zip package)
// ---------------------------------------------------------------------------------------

/// A BIFF12 record: its type and size as little-endian base-128 numbers, then the data.
pub fn xlsb_record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut out = if typ < 0x80 {
        vec![typ as u8]
    } else {
        vec![(typ & 0x7F) as u8 | 0x80, (typ >> 7) as u8]
    };
    let mut n = data.len();
    loop {
        let b = (n & 0x7F) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(data);
    out
}

/// An `XLWideString`: the count of UTF-16 units, then the units.
pub fn xlsb_wide(s: &str) -> Vec<u8> {
    let units: Vec<u16> = s.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    out
}

/// An .xlsb package of one sheet named `表一`: the given worksheet, workbook, shared strings
/// and styles parts (`None`: a workbook naming the sheet).
pub fn xlsb(sheet: &[u8], workbook: Option<&[u8]>, strings: &[u8], styles: &[u8], deflate: bool) -> Vec<u8> {
    let rels = b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.bin\"/></Relationships>";
    let book_rels = b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.bin\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.bin\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.bin\"/></Relationships>";
    let book = xlsb_record(
        0x009C,
        &[&[0u8; 8][..], &xlsb_wide("rId1"), &xlsb_wide("表一")].concat(),
    );
    zip(
        &[
            ("_rels/.rels", rels),
            ("xl/_rels/workbook.bin.rels", book_rels),
            ("xl/workbook.bin", workbook.unwrap_or(&book)),
            ("xl/worksheets/sheet1.bin", sheet),
            ("xl/sharedStrings.bin", strings),
            ("xl/styles.bin", styles),
        ],
        deflate,
    )
}

/// A PDF of the given objects (numbered from 1, object 1 the catalog), with a correct
/// cross-reference table.
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

/// A stream object.
pub fn pdf_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend(data);
    o.extend(b"\nendstream");
    o
}

/// Raw deflate data that inflates to `n` zero bytes, written directly (one fixed-Huffman
/// block: a literal, then copies of 258 bytes at distance 1, 13 bits each): 100 MB take
/// 630 KB, and writing it costs nothing.
pub fn deflate_zeros(n: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        len: u32,
    }
    impl Bits {
        fn put(&mut self, v: u32, n: u32) {
            // v's n bits, least significant first
            self.acc |= v << self.len;
            self.len += n;
            while self.len >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.len -= 8;
            }
        }
        fn code(&mut self, c: u32, n: u32) {
            // a Huffman code, most significant bit first
            for i in (0..n).rev() {
                self.put((c >> i) & 1, 1);
            }
        }
    }
    let mut b = Bits {
        out: Vec::with_capacity(n / 150 + 16),
        acc: 0,
        len: 0,
    };
    b.put(1, 1); // last block
    b.put(1, 2); // fixed Huffman
    b.code(0x30, 8); // literal 0
    let mut left = n.saturating_sub(1);
    while left >= 258 {
        b.code(0xC5, 8); // length 258 (symbol 285)
        b.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        b.code(0x30, 8);
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

const PDF_TEXT: &str = "BT /F1 12 Tf 72 720 Td (Total 12.00) Tj ET";

/// One page whose content stream is a deflate bomb of `n` bytes.
pub fn pdf_deflate_bomb(n: usize) -> Vec<u8> {
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        pdf_stream("/Filter /FlateDecode", &deflate_zeros(n)),
    ])
}

/// One page drawing a form that draws the next `fanout` times, `levels` deep; the last
/// shows a line of text. 4 × 30 levels: 4^30 draws from a few KB.
pub fn pdf_xobject_fanout(levels: usize, fanout: usize) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >> /Contents 5 0 R >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        pdf_stream("", b"/X Do"),
    ];
    for k in 0..levels {
        let form = "/Type /XObject /Subtype /Form /BBox [0 0 612 792]";
        objects.push(if k + 1 < levels {
            pdf_stream(
                &format!(
                    "{form} /Resources << /XObject << /X {} 0 R >> >>",
                    objects.len() + 2
                ),
                "q /X Do Q ".repeat(fanout).as_bytes(),
            )
        } else {
            pdf_stream(
                &format!("{form} /Resources << /Font << /F1 4 0 R >> >>"),
                PDF_TEXT.as_bytes(),
            )
        });
    }
    pdf(&objects)
}

/// One page whose /Contents names one stream of `bytes` bytes `times` times.
pub fn pdf_repeated_contents(times: usize, bytes: usize) -> Vec<u8> {
    let mut content = String::new();
    while content.len() < bytes {
        content.push_str(PDF_TEXT);
        content.push('\n');
    }
    let refs = "5 0 R ".repeat(times);
    pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Count 1 /Kids [3 0 R] >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents [{refs}] >>").into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        pdf_stream("", content.as_bytes()),
    ])
}
