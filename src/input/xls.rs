//! Excel 97–2003 .xls (BIFF8, and BIFF5 from Excel 5/95) → text, like [`super::xlsx`]:
//! every visible worksheet becomes tab-separated rows, numbers as their number format
//! displays them (the `FORMAT` and `XF` records give each cell's format).
//!
//! Records read: in the workbook globals `BOF`, `FILEPASS` (encrypted: refused), `CODEPAGE`,
//! `DATEMODE`, `FORMAT`, `XF`, `BOUNDSHEET8`, `SST` (with its `CONTINUE` records); in each
//! worksheet `LABELSST`, `LABEL`, `RSTRING`, `NUMBER`, `RK`, `MULRK`, `FORMULA` (its cached
//! value, and `STRING` for text results), `BOOLERR`, `MERGECELLS`, `ROW` and `COLINFO`
//! (hidden rows and columns). Charts and other substreams inside a sheet are skipped.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::cfb::{corrupt, Cfb};
use super::grid::{Grid, Merge, MAX_COLS, MAX_ROWS};
use super::le::{f64_at, u16_at, u32_at};
use super::numfmt;
use super::{Extracted, Problem};

/// Reads an .xls file (an OLE compound file with a `Workbook` or `Book` stream).
pub fn read(bytes: &[u8]) -> Result<Extracted, Problem> {
    read_cfb(&Cfb::new(bytes)?)
}

/// Reads the workbook of an opened compound file.
pub fn read_cfb(cfb: &Cfb<'_>) -> Result<Extracted, Problem> {
    let stream = match cfb.stream("Workbook")? {
        Some(s) => s,
        None => match cfb.stream("Book")? {
            Some(s) => s,
            None => return Err(not_a_workbook(cfb)),
        },
    };
    workbook(&stream)
}

fn not_a_workbook(cfb: &Cfb<'_>) -> Problem {
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        super::encrypted()
    } else if cfb.has("WordDocument") {
        Problem::new(
            "这是旧版 Word 文件（.doc），无法读取；请在 Word/WPS 中另存为 .docx",
            "this is an old Word file (.doc), which cannot be read; save it as .docx in Word/WPS",
        )
    } else if cfb.has("PowerPoint Document") {
        Problem::new(
            "这是旧版 PowerPoint 文件，无法读取；请提供 PDF、Excel 或 Word 版本",
            "this is an old PowerPoint file, which cannot be read; use the PDF, Excel or Word version",
        )
    } else {
        Problem::new(
            "这是 Office 复合文档，但其中没有 Excel 工作簿",
            "this is an Office compound file, but it holds no Excel workbook",
        )
    }
}

/// One record, with the `CONTINUE` records that follow it.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    conts: Vec<&'a [u8]>,
}

/// The records of a stream from `at` (a record cut short ends the list).
fn records(stream: &[u8], at: usize) -> impl Iterator<Item = Record<'_>> {
    let mut i = at;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, i)?;
        let len = usize::from(u16_at(stream, i + 2)?);
        let data = stream.get(i + 4..i + 4 + len)?;
        i += 4 + len;
        let mut conts = Vec::new();
        while u16_at(stream, i) == Some(0x003C) {
            let l = usize::from(u16_at(stream, i + 2).unwrap_or(0));
            match stream.get(i + 4..i + 4 + l) {
                Some(d) => conts.push(d),
                None => break,
            }
            i += 4 + l;
        }
        Some(Record { typ, data, conts })
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Biff {
    V5,
    V8,
}

/// Reads bytes across a record and its `CONTINUE` records. A string's characters that
/// cross into a continuation start with a new flags byte there (compressed or not).
struct Segs<'a> {
    segs: Vec<&'a [u8]>,
    seg: usize,
    pos: usize,
}

impl<'a> Segs<'a> {
    fn new(r: &Record<'a>) -> Segs<'a> {
        let mut segs = vec![r.data];
        segs.extend(r.conts.iter().copied());
        Segs { segs, seg: 0, pos: 0 }
    }

    fn advance(&mut self) -> bool {
        while self.seg < self.segs.len() && self.pos >= self.segs[self.seg].len() {
            self.seg += 1;
            self.pos = 0;
        }
        self.seg < self.segs.len()
    }

    fn u8(&mut self) -> Option<u8> {
        if !self.advance() {
            return None;
        }
        let b = self.segs[self.seg][self.pos];
        self.pos += 1;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }

    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if !self.advance() {
                return None;
            }
            let take = n.min(self.segs[self.seg].len() - self.pos);
            self.pos += take;
            n -= take;
        }
        Some(())
    }

    /// `n` characters, 16-bit when `wide`; a continuation restates the width.
    fn chars(&mut self, n: usize, mut wide: bool) -> Option<String> {
        let mut units: Vec<u16> = Vec::with_capacity(n.min(8192));
        let mut first = true;
        while units.len() < n {
            if self.seg >= self.segs.len() {
                return None;
            }
            if self.pos >= self.segs[self.seg].len() {
                self.seg += 1;
                self.pos = 0;
                if self.seg >= self.segs.len() {
                    return None;
                }
                if !first {
                    // a new continuation: its first byte gives the width
                    // (an empty continuation has none: the string is broken)
                    let flags = *self.segs[self.seg].first()?;
                    wide = flags & 1 != 0;
                    self.pos = 1;
                }
                continue;
            }
            first = false;
            let seg = self.segs[self.seg];
            if wide {
                if self.pos + 2 > seg.len() {
                    return None;
                }
                units.push(u16::from_le_bytes([seg[self.pos], seg[self.pos + 1]]));
                self.pos += 2;
            } else {
                units.push(u16::from(seg[self.pos]));
                self.pos += 1;
            }
        }
        Some(String::from_utf16_lossy(&units))
    }
}

/// A BIFF8 unicode string in one record's bytes from `at` (`cch` as u16 or u8): returns the
/// text and the offset after it.
fn unicode_string(b: &[u8], at: usize, short: bool) -> Option<(String, usize)> {
    let (cch, mut i) = if short {
        (usize::from(*b.get(at)?), at + 1)
    } else {
        (usize::from(u16_at(b, at)?), at + 2)
    };
    let flags = *b.get(i)?;
    i += 1;
    let runs = if flags & 0x08 != 0 {
        let r = usize::from(u16_at(b, i)?);
        i += 2;
        r
    } else {
        0
    };
    let ext = if flags & 0x04 != 0 {
        let e = u32_at(b, i)? as usize;
        i += 4;
        e
    } else {
        0
    };
    let text = if flags & 1 != 0 {
        let bytes = b.get(i..i + 2 * cch)?;
        i += 2 * cch;
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        let bytes = b.get(i..i + cch)?;
        i += cch;
        bytes.iter().map(|&c| char::from(c)).collect()
    };
    Some((text, i + 4 * runs + ext))
}

/// An 8-bit string of a BIFF5 file, in the workbook's code page.
fn byte_string(b: &[u8], codepage: u16) -> String {
    if b.is_ascii() {
        return b.iter().map(|&c| char::from(c)).collect();
    }
    #[cfg(feature = "gbk")]
    {
        let enc = match codepage {
            936 | 54936 | 10008 => Some(encoding_rs::GB18030),
            950 => Some(encoding_rs::BIG5),
            1252 | 1200 | 0 => Some(encoding_rs::WINDOWS_1252),
            _ => None,
        };
        if let Some(e) = enc {
            return e.decode_without_bom_handling(b).0.into_owned();
        }
    }
    let _ = codepage;
    b.iter().map(|&c| char::from(c)).collect()
}

/// A string in a `LABEL`/`STRING` record: BIFF8 unicode, or BIFF5 bytes.
fn label_string(b: &[u8], at: usize, biff: Biff, codepage: u16) -> Option<String> {
    match biff {
        Biff::V8 => unicode_string(b, at, false).map(|(s, _)| s),
        Biff::V5 => {
            let n = usize::from(u16_at(b, at)?);
            Some(byte_string(b.get(at + 2..at + 2 + n)?, codepage))
        }
    }
}

struct SheetRef {
    name: String,
    offset: usize,
    hidden: bool,
}

struct Globals {
    biff: Biff,
    codepage: u16,
    date1904: bool,
    formats: BTreeMap<u16, String>,
    xf_format: Vec<u16>,
    sheets: Vec<SheetRef>,
    strings: Vec<String>,
}

impl Globals {
    fn format(&self, xf: u16) -> &str {
        let id = self.xf_format.get(usize::from(xf)).copied().unwrap_or(0);
        match self.formats.get(&id) {
            Some(f) => f,
            None => numfmt::builtin(u32::from(id)).unwrap_or("General"),
        }
    }

    fn number(&self, v: Decimal, xf: u16) -> (String, bool) {
        numfmt::display(v, self.format(xf), self.date1904)
    }
}

fn globals(stream: &[u8]) -> Result<Globals, Problem> {
    let mut g = Globals {
        biff: Biff::V8,
        codepage: 1200,
        date1904: false,
        formats: BTreeMap::new(),
        xf_format: Vec::new(),
        sheets: Vec::new(),
        strings: Vec::new(),
    };
    let mut first = true;
    for r in records(stream, 0) {
        if first {
            first = false;
            match r.typ {
                0x0809 => match u16_at(r.data, 0) {
                    Some(0x0600) => g.biff = Biff::V8,
                    Some(0x0500) => g.biff = Biff::V5,
                    _ => return Err(too_old()),
                },
                0x0009 | 0x0209 | 0x0409 => return Err(too_old()),
                _ => return Err(corrupt("工作簿开头无效", "the workbook does not start with BOF")),
            }
            continue;
        }
        match r.typ {
            0x002F => {
                return Err(Problem::new(
                    "Excel 文件已加密，需要密码才能打开；请在 Excel/WPS 中输入密码后另存为不加密的文件",
                    "the Excel file is encrypted and needs a password; open it in Excel/WPS with the password and save an unencrypted copy",
                ))
            }
            0x0042 => g.codepage = u16_at(r.data, 0).unwrap_or(1200),
            0x0022 => g.date1904 = u16_at(r.data, 0) == Some(1),
            0x041E => {
                let id = u16_at(r.data, 0).unwrap_or(0);
                let code = match g.biff {
                    Biff::V8 => unicode_string(r.data, 2, false).map(|(s, _)| s),
                    Biff::V5 => r
                        .data
                        .get(2)
                        .and_then(|&n| r.data.get(3..3 + usize::from(n)))
                        .map(|b| byte_string(b, g.codepage)),
                };
                if let Some(code) = code {
                    g.formats.insert(id, code);
                }
            }
            0x00E0 => g.xf_format.push(u16_at(r.data, 2).unwrap_or(0)),
            0x0085 => {
                let offset = u32_at(r.data, 0).unwrap_or(0) as usize;
                let hidden = r.data.get(4).is_some_and(|&s| s & 3 != 0);
                let kind = r.data.get(5).copied().unwrap_or(0);
                let name = match g.biff {
                    Biff::V8 => unicode_string(r.data, 6, true).map(|(s, _)| s),
                    Biff::V5 => r
                        .data
                        .get(6)
                        .and_then(|&n| r.data.get(7..7 + usize::from(n)))
                        .map(|b| byte_string(b, g.codepage)),
                }
                .unwrap_or_default();
                if kind == 0 {
                    g.sheets.push(SheetRef { name, offset, hidden });
                }
            }
            0x00FC => g.strings = sst(&r),
            0x000A => break,
            _ => {}
        }
    }
    if first {
        return Err(corrupt("工作簿为空", "empty workbook stream"));
    }
    Ok(g)
}

fn too_old() -> Problem {
    Problem::new(
        "这是 Excel 4.0 或更早版本的文件，无法读取；请另存为 .xlsx",
        "this is an Excel 4.0 or older file, which cannot be read; save it as .xlsx",
    )
}

/// The shared string table.
fn sst(r: &Record<'_>) -> Vec<String> {
    let mut s = Segs::new(r);
    let _total = s.u32();
    let unique = s.u32().unwrap_or(0) as usize;
    let mut out = Vec::with_capacity(unique.min(65_536));
    while out.len() < unique {
        let Some(cch) = s.u16() else { break };
        let Some(flags) = s.u8() else { break };
        let runs = if flags & 0x08 != 0 {
            s.u16().unwrap_or(0)
        } else {
            0
        };
        let ext = if flags & 0x04 != 0 {
            s.u32().unwrap_or(0)
        } else {
            0
        };
        let Some(text) = s.chars(usize::from(cch), flags & 1 != 0) else {
            break;
        };
        out.push(text);
        if s.skip(4 * usize::from(runs)).is_none() || s.skip(ext as usize).is_none() {
            break;
        }
    }
    out
}

struct Sheet {
    grid: Grid,
    hidden: (usize, usize),
}

fn sheet(stream: &[u8], at: usize, g: &Globals) -> Result<Sheet, Problem> {
    let mut cells: Vec<(u32, u32, String, bool)> = Vec::new();
    let mut merges: Vec<Merge> = Vec::new();
    let mut hidden_rows: BTreeSet<u32> = BTreeSet::new();
    let mut hidden_cols: BTreeSet<u32> = BTreeSet::new();
    let mut depth = 0usize;
    // a FORMULA with a text result: its STRING record follows
    let mut pending_string: Option<(u32, u32)> = None;
    let mut started = false;
    for r in records(stream, at) {
        let d = r.data;
        if !started {
            if r.typ != 0x0809 {
                return Err(corrupt("工作表位置无效", "sheet offset does not point at a BOF"));
            }
            started = true;
            continue;
        }
        match r.typ {
            0x0809 => depth += 1, // a chart or other substream inside the sheet
            0x000A if depth > 0 => depth -= 1,
            0x000A => break,
            _ if depth > 0 => {}
            0x00FD => {
                if let (Some(row), Some(col), Some(i)) = (u16_at(d, 0), u16_at(d, 2), u32_at(d, 6)) {
                    if let Some(s) = g.strings.get(i as usize) {
                        cells.push((u32::from(row), u32::from(col), s.clone(), false));
                    }
                }
            }
            0x0204 | 0x00D6 => {
                if let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) {
                    let data: Vec<u8> = std::iter::once(d)
                        .chain(r.conts.iter().copied())
                        .flatten()
                        .copied()
                        .collect();
                    if let Some(s) = label_string(&data, 6, g.biff, g.codepage) {
                        cells.push((u32::from(row), u32::from(col), s, false));
                    }
                }
            }
            0x0203 => {
                if let (Some(row), Some(col), Some(xf), Some(v)) =
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), f64_at(d, 6))
                {
                    if let Some(v) = numfmt::decimal_from_f64(v) {
                        let (t, n) = g.number(v, xf);
                        cells.push((u32::from(row), u32::from(col), t, n));
                    }
                }
            }
            0x027E => {
                if let (Some(row), Some(col), Some(xf), Some(v)) =
                    (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u32_at(d, 6))
                {
                    if let Some(v) = numfmt::rk(v) {
                        let (t, n) = g.number(v, xf);
                        cells.push((u32::from(row), u32::from(col), t, n));
                    }
                }
            }
            0x00BD => {
                if let (Some(row), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) {
                    let n = d.len().saturating_sub(6) / 6;
                    for k in 0..n {
                        if let (Some(xf), Some(v)) = (u16_at(d, 4 + 6 * k), u32_at(d, 6 + 6 * k)) {
                            if let Some(v) = numfmt::rk(v) {
                                let (t, num) = g.number(v, xf);
                                cells.push((u32::from(row), u32::from(first) + k as u32, t, num));
                            }
                        }
                    }
                }
            }
            0x0006 => {
                let (Some(row), Some(col), Some(xf)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4)) else {
                    continue;
                };
                let (row, col) = (u32::from(row), u32::from(col));
                if u16_at(d, 12) == Some(0xFFFF) {
                    match d.get(6) {
                        Some(0) => pending_string = Some((row, col)),
                        Some(1) => {
                            let b = d.get(8).copied().unwrap_or(0) != 0;
                            cells.push((row, col, if b { "TRUE" } else { "FALSE" }.into(), false));
                        }
                        Some(2) => cells.push((
                            row,
                            col,
                            numfmt::error_text(d.get(8).copied().unwrap_or(0)).into(),
                            false,
                        )),
                        _ => {}
                    }
                } else if let Some(v) = f64_at(d, 6).and_then(numfmt::decimal_from_f64) {
                    let (t, n) = g.number(v, xf);
                    cells.push((row, col, t, n));
                }
            }
            0x0207 => {
                if let Some((row, col)) = pending_string.take() {
                    let data: Vec<u8> = std::iter::once(d)
                        .chain(r.conts.iter().copied())
                        .flatten()
                        .copied()
                        .collect();
                    if let Some(s) = label_string(&data, 0, g.biff, g.codepage) {
                        cells.push((row, col, s, false));
                    }
                }
            }
            0x0205 => {
                if let (Some(row), Some(col), Some(v), Some(err)) =
                    (u16_at(d, 0), u16_at(d, 2), d.get(6), d.get(7))
                {
                    let t = if *err != 0 {
                        numfmt::error_text(*v).to_string()
                    } else if *v != 0 {
                        "TRUE".into()
                    } else {
                        "FALSE".into()
                    };
                    cells.push((u32::from(row), u32::from(col), t, false));
                }
            }
            0x00E5 => {
                let n = usize::from(u16_at(d, 0).unwrap_or(0));
                for k in 0..n {
                    let b = 2 + 8 * k;
                    if let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                        (u16_at(d, b), u16_at(d, b + 2), u16_at(d, b + 4), u16_at(d, b + 6))
                    {
                        merges.push(Merge {
                            r0: u32::from(r0.min(r1)),
                            r1: u32::from(r0.max(r1)),
                            c0: u32::from(c0.min(c1)),
                            c1: u32::from(c0.max(c1)),
                        });
                    }
                }
            }
            0x0208 => {
                if let (Some(row), Some(flags)) = (u16_at(d, 0), u16_at(d, 12)) {
                    if flags & 0x20 != 0 {
                        hidden_rows.insert(u32::from(row));
                    }
                }
            }
            0x007D => {
                if let (Some(c0), Some(c1), Some(flags)) = (u16_at(d, 0), u16_at(d, 2), u16_at(d, 8)) {
                    if flags & 1 != 0 {
                        for c in u32::from(c0)..=u32::from(c1).min(MAX_COLS) {
                            hidden_cols.insert(c);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let map = |set: &BTreeSet<u32>, i: u32| (!set.contains(&i)).then(|| i - set.range(..i).count() as u32);
    let mut grid = Grid::new();
    for (r, c, t, n) in cells {
        if r >= MAX_ROWS {
            grid.dropped += 1;
            continue;
        }
        if let (Some(r), Some(c)) = (map(&hidden_rows, r), map(&hidden_cols, c)) {
            grid.set(r, c, &t, n);
        }
    }
    for m in merges {
        let (Some(r0), Some(c0)) = (map(&hidden_rows, m.r0), map(&hidden_cols, m.c0)) else {
            continue;
        };
        let last =
            |set: &BTreeSet<u32>, a: u32, b: u32| (a..=b.min(a + 10_000)).rev().find_map(|i| map(set, i));
        if let (Some(r1), Some(c1)) = (last(&hidden_rows, m.r0, m.r1), last(&hidden_cols, m.c0, m.c1)) {
            grid.merge(Merge { r0, c0, r1, c1 });
        }
    }
    Ok(Sheet {
        grid,
        hidden: (hidden_rows.len(), hidden_cols.len()),
    })
}

fn workbook(stream: &[u8]) -> Result<Extracted, Problem> {
    let g = globals(stream)?;
    if g.sheets.is_empty() {
        return Err(Problem::new(
            "Excel 文件中没有工作表",
            "the Excel file has no worksheets",
        ));
    }
    let mut out = Extracted::default();
    let mut hidden = Vec::new();
    for s in &g.sheets {
        if s.hidden {
            hidden.push(s.name.clone());
            continue;
        }
        let sh = sheet(stream, s.offset, &g)?;
        super::sheet_text(&s.name, &sh.grid, sh.hidden, &mut out);
    }
    super::hidden_sheets(&hidden, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers_are_exact() {
        assert_eq!(numfmt::rk((354 << 2) | 3).unwrap().to_string(), "3.54");
        assert_eq!(numfmt::rk(12 << 2 | 2).unwrap().to_string(), "12");
        let bits = (3.5f64.to_bits() >> 32) as u32;
        assert_eq!(numfmt::rk(bits).unwrap().to_string(), "3.5");
        assert_eq!(numfmt::rk(((-7i32) << 2) as u32 | 2).unwrap().to_string(), "-7");
    }

    #[test]
    fn strings_across_continue_records() {
        // SST with two strings; the second starts compressed and continues as UTF-16
        let mut data = Vec::new();
        data.extend(2u32.to_le_bytes());
        data.extend(2u32.to_le_bytes());
        data.extend(2u16.to_le_bytes());
        data.push(1);
        data.extend("收入".encode_utf16().flat_map(u16::to_le_bytes));
        data.extend(4u16.to_le_bytes());
        data.push(0);
        data.extend(b"ab");
        let mut cont = vec![1u8];
        cont.extend("支出".encode_utf16().flat_map(u16::to_le_bytes));
        let r = Record {
            typ: 0x00FC,
            data: &data,
            conts: vec![&cont],
        };
        assert_eq!(sst(&r), ["收入", "ab支出"]);
    }

    #[test]
    fn an_empty_continue_record_is_not_a_panic() {
        // found by fuzzing: a string crossing into an empty CONTINUE indexed its flags byte
        let mut data = Vec::new();
        data.extend(1u32.to_le_bytes());
        data.extend(1u32.to_le_bytes());
        data.extend(4u16.to_le_bytes());
        data.push(0);
        data.extend(b"ab");
        let empty: [u8; 0] = [];
        let r = Record {
            typ: 0x00FC,
            data: &data,
            conts: vec![&empty, &empty],
        };
        let _ = sst(&r);
    }
}
