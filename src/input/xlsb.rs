//! Excel binary workbooks (.xlsb, BIFF12) → text, like [`super::xlsx`]: the same zip
//! package, its parts binary records instead of XML.
//!
//! A record is a type and a size, each a little-endian base-128 number (type: one or two
//! bytes, size: up to four), then its data. Parts read: `_rels/.rels` → `xl/workbook.bin`
//! (`BrtWbProp` for the 1904 date system, `BrtBundleSh` for the sheets and whether each is
//! hidden) and its relationships (XML, as in .xlsx), `sharedStrings.bin` (`BrtSSTItem`),
//! `styles.bin` (`BrtFmt` number formats, the cell `BrtXF`s between `BrtBeginCellXFs` and
//! `BrtEndCellXFs`), and each worksheet: `BrtRowHdr` (the row; hidden), `BrtColInfo` (hidden
//! columns), the cells `BrtCellRk`, `BrtCellReal`, `BrtCellSt`, `BrtCellIsst`, `BrtCellBool`,
//! `BrtCellError`, `BrtFmlaNum`, `BrtFmlaString`, `BrtFmlaBool`, `BrtFmlaError` and their
//! short forms (no column: the one after the previous cell), and `BrtMergeCell`. Numbers as
//! displayed by their format ([`super::numfmt`]), RK numbers decoded exactly.

use std::collections::{BTreeMap, BTreeSet};

use super::grid::{visible_grid, Merge, MAX_COLS, MAX_ROWS};
use super::le::{f64_at, u16_at, u32_at};
use super::numfmt;
use super::xml::{office_document, part_rels, read_worksheets, resolve, SheetRef};
use super::zip::Zip;
use super::{Extracted, Problem};

/// Reads an .xlsb file.
pub fn read(bytes: &[u8]) -> Result<Extracted, Problem> {
    read_zip(&Zip::new(bytes)?)
}

/// The records of a part: (type, data). A record cut short ends the list.
fn records(b: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut i = 0usize;
    std::iter::from_fn(move || {
        let mut typ = 0u16;
        for k in 0..2 {
            let v = *b.get(i)?;
            i += 1;
            typ |= u16::from(v & 0x7F) << (7 * k);
            if v & 0x80 == 0 {
                break;
            }
        }
        let mut size = 0usize;
        for k in 0..4 {
            let v = *b.get(i)?;
            i += 1;
            size |= usize::from(v & 0x7F) << (7 * k);
            if v & 0x80 == 0 {
                break;
            }
        }
        let data = b.get(i..i.checked_add(size)?)?;
        i += size;
        Some((typ, data))
    })
}

/// An `XLWideString` at `i` (a count of UTF-16 units, then the units): the text and the
/// offset after it. A null string (count 0xFFFFFFFF) is empty.
fn wide_string(b: &[u8], i: usize) -> Option<(String, usize)> {
    let n = u32_at(b, i)?;
    if n == u32::MAX {
        return Some((String::new(), i + 4));
    }
    let n = n as usize;
    let bytes = b.get(i + 4..i.checked_add(4)?.checked_add(n.checked_mul(2)?)?)?;
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    Some((String::from_utf16_lossy(&units), i + 4 + 2 * n))
}

fn missing(part: &str) -> Problem {
    Problem::new(
        format!("Excel 文件已损坏：缺少 {part}"),
        format!("the Excel file is damaged: {part} is missing"),
    )
}

/// Reads the workbook of an opened zip archive.
pub fn read_zip(zip: &Zip<'_>) -> Result<Extracted, Problem> {
    let path = office_document(zip)?.unwrap_or_else(|| "xl/workbook.bin".to_string());
    let workbook = zip.read(&path)?.ok_or_else(|| missing(&path))?;
    let mut date1904 = false;
    let mut sheets = Vec::new();
    for (typ, d) in records(&workbook) {
        match typ {
            0x0099 => date1904 = u32_at(d, 0).is_some_and(|f| f & 1 != 0),
            0x009C => {
                let state = u32_at(d, 0).unwrap_or(0);
                let Some((rel, at)) = wide_string(d, 8) else {
                    continue;
                };
                let name = wide_string(d, at).map(|(s, _)| s).unwrap_or_default();
                sheets.push(SheetRef {
                    name,
                    rel,
                    hidden: state != 0,
                });
            }
            _ => {}
        }
    }
    let (dir, rels) = part_rels(zip, &path)?;
    let target = |kind: &str, default: &str| {
        rels.iter()
            .find(|r| r.kind.ends_with(kind))
            .map_or_else(|| format!("{dir}{default}"), |r| resolve(dir, &r.target))
    };
    let strings = match zip.read(&target("/sharedStrings", "sharedStrings.bin"))? {
        Some(b) => shared_strings(&b),
        None => Vec::new(),
    };
    let styles = match zip.read(&target("/styles", "styles.bin"))? {
        Some(b) => styles(&b),
        None => Styles::default(),
    };
    read_worksheets(zip, dir, &rels, &sheets, |name, _, data, out| {
        let (grid, hidden) = worksheet(data, &strings, &styles, date1904);
        super::sheet_text(name, &grid, hidden, out);
        Ok(())
    })
}

fn shared_strings(b: &[u8]) -> Vec<String> {
    records(b)
        .filter(|(typ, _)| *typ == 0x0013)
        .map(|(_, d)| wide_string(d, 1).map(|(s, _)| s).unwrap_or_default())
        .collect()
}

/// Number formats: custom codes by id, and each cell style's format id.
#[derive(Default)]
struct Styles {
    formats: BTreeMap<u16, String>,
    xf_format: Vec<u16>,
}

impl Styles {
    fn format(&self, style: u32) -> &str {
        let id = self.xf_format.get(style as usize).copied().unwrap_or(0);
        match self.formats.get(&id) {
            Some(f) => f,
            None => numfmt::builtin(u32::from(id)).unwrap_or("General"),
        }
    }
}

fn styles(b: &[u8]) -> Styles {
    let mut s = Styles::default();
    let mut in_cell_xfs = false;
    for (typ, d) in records(b) {
        match typ {
            0x002C => {
                if let (Some(id), Some((code, _))) = (u16_at(d, 0), wide_string(d, 2)) {
                    s.formats.insert(id, code);
                }
            }
            0x0269 => in_cell_xfs = true,
            0x026A => in_cell_xfs = false,
            0x002F if in_cell_xfs => s.xf_format.push(u16_at(d, 2).unwrap_or(0)),
            _ => {}
        }
    }
    s
}

fn worksheet(
    b: &[u8],
    strings: &[String],
    styles: &Styles,
    date1904: bool,
) -> (super::grid::Grid, (usize, usize)) {
    let mut cells: Vec<(u32, u32, String, bool)> = Vec::new();
    let mut merges = Vec::new();
    let mut hidden_rows = BTreeSet::new();
    let mut hidden_cols = BTreeSet::new();
    let mut row = 0u32;
    let mut next_col = 0u32;
    let mut dropped = 0usize;
    for (typ, d) in records(b) {
        match typ {
            0x0000 => {
                row = u32_at(d, 0).unwrap_or(row);
                next_col = 0;
                if d.get(11).is_some_and(|f| f & 0x10 != 0) {
                    hidden_rows.insert(row);
                }
            }
            0x003C => {
                if let (Some(c0), Some(c1), Some(flags)) = (u32_at(d, 0), u32_at(d, 4), u16_at(d, 16)) {
                    if flags & 1 != 0 {
                        hidden_cols.extend(c0..=c1.min(MAX_COLS));
                    }
                }
            }
            0x00B0 => {
                if let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                    (u32_at(d, 0), u32_at(d, 4), u32_at(d, 8), u32_at(d, 12))
                {
                    merges.push(Merge {
                        r0: r0.min(r1),
                        r1: r0.max(r1),
                        c0: c0.min(c1),
                        c1: c0.max(c1),
                    });
                }
            }
            0x0001..=0x000B => {
                // a cell: its column, its style, then its value
                let (Some(col), Some(style)) = (u32_at(d, 0), u32_at(d, 4)) else {
                    continue;
                };
                next_col = col.saturating_add(1);
                if let Some(v) = value(typ, &d[8..], style & 0xFF_FFFF, strings, styles, date1904) {
                    push(&mut cells, &mut dropped, row, col, v);
                }
            }
            0x000C..=0x0012 => {
                // the short forms: no column, the cell after the previous one
                let Some(style) = u32_at(d, 0) else { continue };
                let col = next_col;
                next_col = col.saturating_add(1);
                // BrtShortBlank … BrtShortIsst (0x0C–0x12) read as BrtCellBlank … BrtCellIsst
                let long = typ - 0x000B;
                if let Some(v) = value(long, &d[4..], style & 0xFF_FFFF, strings, styles, date1904) {
                    push(&mut cells, &mut dropped, row, col, v);
                }
            }
            _ => {}
        }
    }
    let (mut grid, hidden) = visible_grid(cells, merges, hidden_rows, hidden_cols);
    grid.dropped += dropped;
    (grid, hidden)
}

fn push(
    cells: &mut Vec<(u32, u32, String, bool)>,
    dropped: &mut usize,
    row: u32,
    col: u32,
    v: (String, bool),
) {
    if row >= MAX_ROWS || col >= MAX_COLS || cells.len() >= super::grid::MAX_CELLS {
        *dropped += 1;
    } else {
        cells.push((row, col, v.0, v.1));
    }
}

/// A cell's displayed text and whether it is a number, from the record's data after the
/// cell's column and style.
fn value(
    typ: u16,
    d: &[u8],
    style: u32,
    strings: &[String],
    styles: &Styles,
    date1904: bool,
) -> Option<(String, bool)> {
    let number = |v: rust_decimal::Decimal| numfmt::display(v, styles.format(style), date1904);
    match typ {
        0x0002 => number(numfmt::rk(u32_at(d, 0)?)?).into(),
        0x0005 | 0x0009 => number(numfmt::decimal_from_f64(f64_at(d, 0)?)?).into(),
        0x0003 | 0x000B => Some((numfmt::error_text(*d.first()?).to_string(), false)),
        0x0004 | 0x000A => Some((if *d.first()? != 0 { "TRUE" } else { "FALSE" }.to_string(), false)),
        0x0006 | 0x0008 => Some((wide_string(d, 0)?.0, false)),
        0x0007 => Some((strings.get(u32_at(d, 0)? as usize)?.clone(), false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_and_hostile_records() {
        // a size larger than the part, a size of 2^28, a type of three bytes
        for b in [
            &[0x06, 0x7F, 1, 2][..],
            &[0x06, 0xFF, 0xFF, 0xFF, 0x7F],
            &[0xFF, 0xFF, 0xFF],
        ] {
            assert_eq!(records(b).count(), 0, "{b:?}");
        }
        assert_eq!(wide_string(&[0xFF, 0xFF, 0xFF, 0x7F, 0], 0), None);
        let (grid, _) = worksheet(&[0x05, 0x03, 0, 0, 0], &[], &Styles::default(), false);
        assert!(grid.is_empty());
    }
}
