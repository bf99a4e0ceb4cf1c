//! OpenDocument spreadsheets (.ods, from LibreOffice, WPS or Excel) → text, like
//! [`super::xlsx`]: every visible sheet (`table:table`) of `content.xml` becomes tab-separated
//! rows ([`super::grid`]).
//!
//! A number is written as the file displays it: the cell's `text:p` (what the producer
//! showed, its number style applied) when that reads as a number, otherwise the
//! `office:value` in General format, exactly ([`super::numfmt`]). Repeated rows and cells
//! (`number-rows-repeated`, `number-columns-repeated`: LibreOffice ends every row with 16,000
//! empty ones) are expanded only as far as the grid's limits; spans
//! (`number-columns-spanned`, `number-rows-spanned`) are merges; hidden rows and columns
//! (`table:visibility`) and hidden sheets (`table:display="false"` in their style) are not
//! read. Comments (`office:annotation`) and notes are skipped.

use std::collections::{BTreeSet, HashSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use rust_decimal::Decimal;

use super::grid::{visible_grid, Merge, MAX_CELLS, MAX_COLS, MAX_ROWS};
use super::numfmt;
use super::xml::{attr, broken, part_text, text};
use super::zip::Zip;
use super::{Extracted, Problem};

/// Reads an .ods file.
pub fn read(bytes: &[u8]) -> Result<Extracted, Problem> {
    read_zip(&Zip::new(bytes)?)
}

/// Reads the spreadsheet of an opened zip archive.
pub fn read_zip(zip: &Zip<'_>) -> Result<Extracted, Problem> {
    if let Some(manifest) = zip.read("META-INF/manifest.xml")? {
        if manifest.windows(15).any(|w| w == b"encryption-data") {
            return Err(super::encrypted());
        }
    }
    let xml = zip.read("content.xml")?.ok_or_else(|| {
        Problem::new(
            "不是有效的 OpenDocument 表格：缺少内容（content.xml）",
            "not a valid OpenDocument spreadsheet: the content (content.xml) is missing",
        )
    })?;
    content(&part_text(&xml, "content.xml")?, "content.xml")
}

/// A cell being read.
#[derive(Default)]
struct Cell {
    col: u32,
    repeat: u32,
    span: (u32, u32),
    kind: String,
    value: Option<String>,
    text: String,
    paragraphs: usize,
}

/// A sheet being read.
#[derive(Default)]
struct Sheet {
    name: String,
    hidden: bool,
    row: u32,
    col: u32,
    row_repeat: u32,
    row_hidden: bool,
    /// The current row's cells: column, text, number.
    row_cells: Vec<(u32, String, bool)>,
    cells: Vec<(u32, u32, String, bool)>,
    merges: Vec<Merge>,
    hidden_rows: Vec<(u32, u32)>,
    hidden_cols: Vec<(u32, u32)>,
    column: u32,
    dropped: usize,
}

fn num(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

fn content(xml: &str, part: &str) -> Result<Extracted, Problem> {
    let mut r = Reader::from_str(xml);
    let mut hidden_styles: HashSet<String> = HashSet::new();
    let mut style: Option<String> = None;
    let mut sheet: Option<Sheet> = None;
    let mut cell: Option<Cell> = None;
    let mut out = Extracted::default();
    let mut hidden_sheets = Vec::new();
    let mut read_any = false;
    // depth inside elements whose text is not the cell's (annotations, notes)
    let mut skip = 0usize;
    let mut in_p = 0usize;
    loop {
        let ev = r.read_event();
        match ev {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => {
                let empty = matches!(ev, Ok(Event::Empty(_)));
                let name = e.local_name();
                if skip > 0 {
                    skip += usize::from(!empty);
                    continue;
                }
                match name.as_ref() {
                    "annotation" | "note" | "tracked-changes" if !empty => skip = 1,
                    "style" => style = attr(e, "name"),
                    "table-properties" if attr(e, "display").as_deref() == Some("false") => {
                        hidden_styles.extend(style.clone());
                    }
                    "table" if sheet.is_none() => {
                        let hidden = attr(e, "style-name").is_some_and(|s| hidden_styles.contains(&s));
                        sheet = Some(Sheet {
                            name: attr(e, "name").unwrap_or_default(),
                            hidden,
                            ..Sheet::default()
                        });
                        if empty {
                            sheet = None;
                        }
                    }
                    "table-column" => {
                        if let Some(s) = sheet.as_mut() {
                            let n = num(e, "number-columns-repeated");
                            if hidden(e) {
                                s.hidden_cols.push((s.column, n));
                            }
                            s.column = s.column.saturating_add(n);
                        }
                    }
                    "table-row" => {
                        if let Some(s) = sheet.as_mut() {
                            s.col = 0;
                            s.row_repeat = num(e, "number-rows-repeated");
                            s.row_hidden = hidden(e);
                            s.row_cells.clear();
                            if empty {
                                end_row(s);
                            }
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        if let Some(s) = sheet.as_mut() {
                            let c = Cell {
                                col: s.col,
                                repeat: num(e, "number-columns-repeated"),
                                span: (num(e, "number-columns-spanned"), num(e, "number-rows-spanned")),
                                kind: if name.as_ref() == "covered-table-cell" {
                                    "covered".into()
                                } else {
                                    attr(e, "value-type").unwrap_or_default()
                                },
                                value: attr(e, "value")
                                    .or_else(|| attr(e, "date-value"))
                                    .or_else(|| attr(e, "time-value"))
                                    .or_else(|| attr(e, "boolean-value")),
                                ..Cell::default()
                            };
                            s.col = s.col.saturating_add(c.repeat);
                            if empty {
                                end_cell(s, c);
                            } else {
                                cell = Some(c);
                            }
                        }
                    }
                    "p" | "h" => {
                        if let Some(c) = cell.as_mut() {
                            if c.paragraphs > 0 {
                                c.text.push('\n');
                            }
                            c.paragraphs += 1;
                            in_p += usize::from(!empty);
                        }
                    }
                    "s" if in_p > 0 => {
                        if let Some(c) = cell.as_mut() {
                            let n = num(e, "c").min(100) as usize;
                            c.text.extend(std::iter::repeat_n(' ', n));
                        }
                    }
                    "tab" if in_p > 0 => {
                        if let Some(c) = cell.as_mut() {
                            c.text.push(' ');
                        }
                    }
                    "line-break" if in_p > 0 => {
                        if let Some(c) = cell.as_mut() {
                            c.text.push('\n');
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::End(ref e)) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "style" => style = None,
                    "p" | "h" => in_p = in_p.saturating_sub(1),
                    "table-cell" | "covered-table-cell" => {
                        if let (Some(s), Some(c)) = (sheet.as_mut(), cell.take()) {
                            end_cell(s, c);
                        }
                    }
                    "table-row" => {
                        if let Some(s) = sheet.as_mut() {
                            end_row(s);
                        }
                    }
                    "table" => {
                        if let Some(s) = sheet.take() {
                            if s.hidden {
                                hidden_sheets.push(s.name.clone());
                            } else {
                                read_any = true;
                                end_sheet(s, &mut out);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(broken(part)),
            Ok(ref ev) if in_p > 0 && skip == 0 => {
                if let (Some(c), Some(t)) = (cell.as_mut(), text(ev)) {
                    c.text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    if let Some(s) = sheet.take() {
        // a damaged part cut inside a sheet: what was read of it
        read_any = true;
        end_sheet(s, &mut out);
    }
    super::hidden_sheets(&hidden_sheets, &mut out);
    if !read_any || out.text.trim().is_empty() {
        return Err(Problem::new(
            "表格文件中没有任何数据（所有工作表都是空的）",
            "the spreadsheet has no data (every sheet is empty)",
        ));
    }
    Ok(out)
}

fn hidden(e: &BytesStart<'_>) -> bool {
    attr(e, "visibility").is_some_and(|v| v != "visible")
}

/// A cell's displayed text and whether it is a number.
fn displayed(c: &Cell) -> Option<(String, bool)> {
    let text = c.text.trim();
    match c.kind.as_str() {
        "covered" => None,
        "float" | "percentage" | "currency" => {
            if crate::parse::lexer::parse_number(text).is_some() {
                return Some((text.to_string(), true));
            }
            let v = c.value.as_deref().unwrap_or("").trim();
            let d = v
                .parse::<f64>()
                .ok()
                .and_then(numfmt::decimal_from_f64)
                .or_else(|| Decimal::from_scientific(v).ok());
            match d {
                Some(d) if text.is_empty() => Some((numfmt::general(d), true)),
                // a currency or a format the parser does not read as a number: as shown
                _ => Some((text.to_string(), false)),
            }
        }
        _ => Some((text.to_string(), false)),
    }
}

fn end_cell(s: &mut Sheet, c: Cell) {
    if c.span.0 > 1 || c.span.1 > 1 {
        s.merges.push(Merge {
            r0: s.row,
            c0: c.col,
            r1: s.row.saturating_add(c.span.1 - 1),
            c1: c.col.saturating_add(c.span.0 - 1),
        });
    }
    let Some((text, number)) = displayed(&c) else {
        return;
    };
    if text.is_empty() {
        return;
    }
    let fit = c.repeat.min(MAX_COLS.saturating_sub(c.col));
    s.dropped += (c.repeat - fit) as usize;
    for k in 0..fit {
        s.row_cells.push((c.col + k, text.clone(), number));
    }
}

fn end_row(s: &mut Sheet) {
    if s.row_hidden {
        s.hidden_rows.push((s.row, s.row_repeat));
    }
    if !s.row_cells.is_empty() {
        let fit = s.row_repeat.min(MAX_ROWS.saturating_sub(s.row));
        for k in 0..fit {
            if s.cells.len() + s.row_cells.len() > MAX_CELLS {
                s.dropped += s.row_cells.len() * (fit - k) as usize;
                break;
            }
            for (c, t, n) in &s.row_cells {
                s.cells.push((s.row + k, *c, t.clone(), *n));
            }
        }
        s.dropped += s.row_cells.len() * (s.row_repeat - fit) as usize;
    }
    s.row_cells.clear();
    s.row = s.row.saturating_add(s.row_repeat);
    s.row_repeat = 1;
    s.row_hidden = false;
}

/// Hidden rows or columns up to the last one that holds something (LibreOffice hides the
/// million empty rows below a filtered table too; they are not worth a note).
fn hidden_set(ranges: &[(u32, u32)], last: u32) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    for &(start, n) in ranges {
        for i in start..start.saturating_add(n).min(last.saturating_add(1)) {
            out.insert(i);
        }
    }
    out
}

fn end_sheet(s: Sheet, out: &mut Extracted) {
    let last_row = s.cells.iter().map(|c| c.0).max().unwrap_or(0);
    let last_col = s.cells.iter().map(|c| c.1).max().unwrap_or(0);
    let rows = hidden_set(&s.hidden_rows, last_row);
    let cols = hidden_set(&s.hidden_cols, last_col.min(MAX_COLS));
    let (mut grid, hidden) = visible_grid(s.cells, s.merges, rows, cols);
    grid.dropped += s.dropped;
    super::sheet_text(&s.name, &grid, hidden, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ods(body: &str) -> Result<Extracted, Problem> {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" \
             xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\">\
             <office:automatic-styles><style:style style:name=\"ta2\" style:family=\"table\">\
             <style:table-properties table:display=\"false\"/></style:style></office:automatic-styles>\
             <office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
        );
        content(&xml, "content.xml")
    }

    #[test]
    fn cells_spans_repeats_and_hidden_parts() {
        let e = ods(
            "<table:table table:name=\"表二\"><table:table-column/><table:table-column table:visibility=\"collapse\"/>\
             <table:table-column table:number-columns-repeated=\"3\"/>\
             <table:table-row><table:table-cell table:number-columns-spanned=\"3\" office:value-type=\"string\">\
             <text:p>收入<text:s text:c=\"2\"/>总表</text:p><office:annotation><text:p>批注</text:p></office:annotation></table:table-cell>\
             <table:covered-table-cell table:number-columns-repeated=\"2\"/><table:table-cell table:number-columns-repeated=\"16000\"/></table:table-row>\
             <table:table-row><table:table-cell office:value-type=\"float\" office:value=\"858.21\"><text:p>858.21</text:p></table:table-cell>\
             <table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>hidden</text:p></table:table-cell>\
             <table:table-cell office:value-type=\"float\" office:value=\"0.30000000000000004\"/>\
             <table:table-cell office:value-type=\"percentage\" office:value=\"0.1235\"><text:p>12.35%</text:p></table:table-cell></table:table-row>\
             <table:table-row table:visibility=\"collapse\"><table:table-cell office:value-type=\"string\"><text:p>隐藏行</text:p></table:table-cell></table:table-row>\
             <table:table-row table:number-rows-repeated=\"2\"><table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>\
             <table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>\
             </table:table><table:table table:name=\"隐藏\" table:style-name=\"ta2\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>不读</text:p></table:table-cell></table:table-row></table:table>",
        )
        .unwrap();
        assert_eq!(e.text, "收入  总表\t\n858.21\t0.3\t12.35%\nx\t\nx\t\n");
        let codes: Vec<_> = e.notes.iter().map(|n| n.code).collect();
        assert_eq!(codes, ["hidden-cells", "hidden-sheets"], "{:?}", e.notes);
        assert!(e.notes[0].message_zh.contains("1 行、1 列"), "{:?}", e.notes[0]);
    }

    #[test]
    fn repeated_content_is_bounded() {
        let e = ods(
            "<table:table table:name=\"a\"><table:table-row table:number-rows-repeated=\"1000000\">\
             <table:table-cell table:number-columns-repeated=\"100000\" office:value-type=\"string\"><text:p>x</text:p></table:table-cell>\
             </table:table-row></table:table>",
        )
        .unwrap();
        assert!(e.notes.iter().any(|n| n.code == "cells-dropped"), "{:?}", e.notes);
        assert!(e.text.len() < 8 * MAX_CELLS);
    }

    #[test]
    fn empty_and_damaged() {
        assert!(ods("<table:table table:name=\"a\"/>").is_err());
        let e = content("<office:document-content><table:table>", "content.xml");
        assert!(e.is_err());
        // cut inside a cell's paragraph: what was read, never a loop
        let cut = "<office:document-content><table:table table:name=\"a\"><table:table-row>\
                   <table:table-cell office:value-type=\"string\"><text:p>收入";
        let _ = content(cut, "content.xml");
        let e = content("<a><b></a>", "content.xml").unwrap_err();
        assert!(e.message_zh.contains("无法解析"), "{e:?}");
    }
}
