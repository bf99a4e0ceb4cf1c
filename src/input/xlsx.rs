//! Excel .xlsx (Office Open XML spreadsheets) → text: every visible sheet becomes
//! tab-separated lines ([`super::grid`]), numbers as their number format displays them
//! ([`super::numfmt`]).
//!
//! Parts read: `_rels/.rels` → the workbook, its relationships, `sharedStrings.xml`,
//! `styles.xml` (number formats of the cell styles) and each worksheet (cells, merged
//! ranges, hidden rows and columns). Formulas are not evaluated: a formula's cached value is
//! what Excel displayed; a formula without one (a file written by a program and never opened
//! in Excel) is left blank and reported.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::Event;
use quick_xml::Reader;
use rust_decimal::Decimal;

use super::grid::{Grid, Merge};
use super::numfmt;
use super::xml::{
    attr, broken, entity, office_document, on, part_rels, part_text, read_worksheets, resolve, text, SheetRef,
};
use super::zip::Zip;
use super::{Extracted, Note, Problem};

/// Reads an .xlsx file.
pub fn read(bytes: &[u8]) -> Result<Extracted, Problem> {
    let zip = Zip::new(bytes)?;
    read_zip(&zip)
}

/// Reads the workbook of an opened zip archive.
pub fn read_zip(zip: &Zip<'_>) -> Result<Extracted, Problem> {
    let workbook_path = office_document(zip)?.unwrap_or_else(|| "xl/workbook.xml".to_string());
    let workbook = zip.read(&workbook_path)?.ok_or_else(|| {
        Problem::new(
            "不是有效的 Excel 文件：缺少工作簿（xl/workbook.xml）",
            "not a valid Excel file: the workbook (xl/workbook.xml) is missing",
        )
    })?;
    let book = parse_workbook(&part_text(&workbook, &workbook_path)?, &workbook_path)?;
    let (dir, rels) = part_rels(zip, &workbook_path)?;
    let target = |kind: &str| {
        rels.iter()
            .find(|r| r.kind.ends_with(kind))
            .map(|r| resolve(dir, &r.target))
    };
    let strings = match target("/sharedStrings").or_else(|| Some(format!("{dir}sharedStrings.xml"))) {
        Some(p) => match zip.read(&p)? {
            Some(b) => parse_shared_strings(&part_text(&b, &p)?, &p)?,
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let styles = match target("/styles").or_else(|| Some(format!("{dir}styles.xml"))) {
        Some(p) => match zip.read(&p)? {
            Some(b) => parse_styles(&part_text(&b, &p)?, &p)?,
            None => Styles::default(),
        },
        None => Styles::default(),
    };
    read_worksheets(zip, dir, &rels, &book.sheets, |name, path, xml, out| {
        let parsed = parse_sheet(&part_text(xml, path)?, path, &strings, &styles, book.date1904)?;
        super::sheet_text(name, &parsed.grid, parsed.hidden, out);
        if parsed.uncached > 0 {
            out.notes.push(Note::new(
                "formula-without-value",
                format!(
                    "工作表“{name}”有 {} 个公式单元格没有计算结果（文件未经 Excel 保存），按空白处理",
                    parsed.uncached
                ),
                format!(
                    "sheet \"{name}\": {} formula cell(s) have no computed value (the file was never saved by Excel) and are read as blank",
                    parsed.uncached
                ),
            ));
        }
        Ok(())
    })
}

struct Book {
    sheets: Vec<SheetRef>,
    date1904: bool,
}

fn parse_workbook(xml: &str, part: &str) -> Result<Book, Problem> {
    let mut r = Reader::from_str(xml);
    let mut book = Book {
        sheets: Vec::new(),
        date1904: false,
    };
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "workbookPr" => book.date1904 = on(attr(&e, "date1904").as_deref()),
                "sheet" => {
                    let state = attr(&e, "state").unwrap_or_default();
                    book.sheets.push(SheetRef {
                        name: attr(&e, "name").unwrap_or_default(),
                        rel: attr(&e, "id").unwrap_or_default(),
                        hidden: state == "hidden" || state == "veryHidden",
                    });
                }
                _ => {}
            },
            Ok(Event::Eof) => return Ok(book),
            Err(_) => return Err(broken(part)),
            _ => {}
        }
    }
}

fn parse_shared_strings(xml: &str, part: &str) -> Result<Vec<String>, Problem> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_si = false;
    let mut in_t = false;
    let mut phonetic = 0usize;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "si" => {
                    in_si = true;
                    cur.clear();
                }
                "t" => in_t = true,
                "rPh" => phonetic += 1,
                _ => {}
            },
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "si" => out.push(String::new()),
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "si" => {
                    in_si = false;
                    out.push(std::mem::take(&mut cur));
                }
                "t" => in_t = false,
                "rPh" => phonetic = phonetic.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Text(t)) if in_si && in_t && phonetic == 0 => cur.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) if in_si && in_t && phonetic == 0 => cur.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(g)) if in_si && in_t && phonetic == 0 => cur.push_str(&entity(&g)),
            Ok(Event::Eof) => return Ok(out),
            Err(_) => return Err(broken(part)),
            _ => {}
        }
    }
}

/// Number formats: custom codes by id, and each cell style's format id.
#[derive(Debug, Default)]
struct Styles {
    formats: BTreeMap<u32, String>,
    xf_format: Vec<u32>,
}

impl Styles {
    fn format(&self, style: usize) -> &str {
        let id = self.xf_format.get(style).copied().unwrap_or(0);
        match self.formats.get(&id) {
            Some(f) => f,
            None => numfmt::builtin(id).unwrap_or("General"),
        }
    }
}

fn parse_styles(xml: &str, part: &str) -> Result<Styles, Problem> {
    let mut r = Reader::from_str(xml);
    let mut s = Styles::default();
    let mut in_cell_xfs = false;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "numFmt" => {
                    if let (Some(id), Some(code)) = (
                        attr(&e, "numFmtId").and_then(|v| v.trim().parse().ok()),
                        attr(&e, "formatCode"),
                    ) {
                        s.formats.insert(id, code);
                    }
                }
                "cellXfs" => in_cell_xfs = true,
                "xf" if in_cell_xfs => s.xf_format.push(
                    attr(&e, "numFmtId")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0),
                ),
                _ => {}
            },
            Ok(Event::End(e)) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Ok(Event::Eof) => return Ok(s),
            Err(_) => return Err(broken(part)),
            _ => {}
        }
    }
}

/// `B12` → (row 11, column 1), 0-based. Absolute markers (`$B$12`) are accepted.
pub(crate) fn cell_ref(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().trim_start_matches('$');
    let letters = s.chars().take_while(char::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in s[..letters].chars() {
        col = col * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = s[letters..].trim_start_matches('$').parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

/// `A1:C2` → a merge.
fn range_ref(s: &str) -> Option<Merge> {
    let (a, b) = s.split_once(':')?;
    let (r0, c0) = cell_ref(a)?;
    let (r1, c1) = cell_ref(b)?;
    Some(Merge {
        r0: r0.min(r1),
        c0: c0.min(c1),
        r1: r0.max(r1),
        c1: c0.max(c1),
    })
}

pub(crate) struct Sheet {
    pub grid: Grid,
    /// Hidden rows and columns skipped.
    pub hidden: (usize, usize),
    /// Formula cells without a cached value.
    pub uncached: usize,
}

struct Pending {
    row: u32,
    col: u32,
    style: usize,
    kind: String,
    value: String,
    has_value: bool,
    formula: bool,
}

fn parse_sheet(
    xml: &str,
    part: &str,
    strings: &[String],
    styles: &Styles,
    date1904: bool,
) -> Result<Sheet, Problem> {
    let mut r = Reader::from_str(xml);
    let mut cells: Vec<(u32, u32, String, bool)> = Vec::new();
    let mut merges: Vec<Merge> = Vec::new();
    let mut hidden_rows = BTreeSet::new();
    let mut hidden_cols = BTreeSet::new();
    let mut uncached = 0usize;
    let mut row: u32 = 0;
    let mut next_row: u32 = 0;
    let mut next_col: u32 = 0;
    let mut cur: Option<Pending> = None;
    // where text goes: <v>, or <t> inside <is> (not inside <rPh>)
    let mut in_v = false;
    let mut in_t = false;
    let mut phonetic = 0usize;
    loop {
        let ev = r.read_event();
        match ev {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => {
                let empty = matches!(ev, Ok(Event::Empty(_)));
                match e.local_name().as_ref() {
                    "row" => {
                        row = attr(e, "r")
                            .and_then(|v| v.trim().parse::<u32>().ok())
                            .filter(|&v| v >= 1)
                            .map_or(next_row, |v| v - 1);
                        next_row = row.saturating_add(1);
                        next_col = 0;
                        if on(attr(e, "hidden").as_deref()) {
                            hidden_rows.insert(row);
                        }
                    }
                    "c" => {
                        let (rr, cc) = attr(e, "r").and_then(|v| cell_ref(&v)).unwrap_or((row, next_col));
                        next_col = cc.saturating_add(1);
                        let p = Pending {
                            row: rr,
                            col: cc,
                            style: attr(e, "s").and_then(|v| v.trim().parse().ok()).unwrap_or(0),
                            kind: attr(e, "t").unwrap_or_default(),
                            value: String::new(),
                            has_value: false,
                            formula: false,
                        };
                        if empty {
                            // a styled empty cell
                        } else {
                            cur = Some(p);
                        }
                    }
                    "v" if !empty => {
                        in_v = true;
                        if let Some(p) = cur.as_mut() {
                            p.has_value = true;
                        }
                    }
                    "f" => {
                        if let Some(p) = cur.as_mut() {
                            p.formula = true;
                        }
                    }
                    "t" if !empty => {
                        in_t = true;
                        if let Some(p) = cur.as_mut() {
                            p.has_value = true;
                        }
                    }
                    "rPh" if !empty => phonetic += 1,
                    "col" if on(attr(e, "hidden").as_deref()) => {
                        let min: u32 = attr(e, "min").and_then(|v| v.trim().parse().ok()).unwrap_or(1);
                        let max: u32 = attr(e, "max").and_then(|v| v.trim().parse().ok()).unwrap_or(min);
                        for c in min.max(1)..=max.min(super::grid::MAX_COLS) {
                            hidden_cols.insert(c - 1);
                        }
                    }
                    "mergeCell" => {
                        if let Some(m) = attr(e, "ref").and_then(|v| range_ref(&v)) {
                            merges.push(m);
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::End(ref e)) => match e.local_name().as_ref() {
                "v" => in_v = false,
                "t" => in_t = false,
                "rPh" => phonetic = phonetic.saturating_sub(1),
                "c" => {
                    if let Some(p) = cur.take() {
                        if p.formula && !p.has_value {
                            uncached += 1;
                        }
                        if let Some((text, number)) = cell_text(&p, strings, styles, date1904) {
                            cells.push((p.row, p.col, text, number));
                        }
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(_) => return Err(broken(part)),
            Ok(ref ev) if in_v || (in_t && phonetic == 0) => {
                if let (Some(p), Some(t)) = (cur.as_mut(), text(ev)) {
                    p.value.push_str(&t);
                }
            }
            _ => {}
        }
    }
    let (grid, hidden) = super::grid::visible_grid(cells, merges, hidden_rows, hidden_cols);
    Ok(Sheet {
        grid,
        hidden,
        uncached,
    })
}

/// A cell's displayed text, and whether it is a number.
fn cell_text(p: &Pending, strings: &[String], styles: &Styles, date1904: bool) -> Option<(String, bool)> {
    let v = p.value.as_str();
    match p.kind.as_str() {
        "s" => {
            let i: usize = v.trim().parse().ok()?;
            Some((strings.get(i)?.clone(), false))
        }
        "inlineStr" | "str" | "d" => Some((v.to_string(), false)),
        "b" => Some((if v.trim() == "1" { "TRUE" } else { "FALSE" }.to_string(), false)),
        "e" => Some((v.trim().to_string(), false)),
        _ => {
            let t = v.trim();
            if t.is_empty() {
                return None;
            }
            let d = t
                .parse::<f64>()
                .ok()
                .and_then(numfmt::decimal_from_f64)
                .or_else(|| Decimal::from_scientific(t).ok())
                .or_else(|| t.parse::<Decimal>().ok());
            match d {
                Some(d) => Some(numfmt::display(d, styles.format(p.style), date1904)),
                None => Some((t.to_string(), false)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("$AB$12"), Some((11, 27)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("1A"), None);
        assert_eq!(
            range_ref("C2:A1"),
            Some(Merge {
                r0: 0,
                c0: 0,
                r1: 1,
                c1: 2
            })
        );
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl/", "../xl/styles.xml"), "xl/styles.xml");
    }
}
