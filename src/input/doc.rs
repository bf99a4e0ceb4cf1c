//! Word 97–2003 .doc (and WPS 文字's .wps, the same file) → text, like [`super::docx`]:
//! each paragraph becomes a line followed by a blank line, each table tab-separated rows
//! ([`super::grid`]) named `表格 N` in the source map.
//!
//! The `WordDocument` stream starts with the FIB: `wIdent` 0xA5EC, `nFib` (Word 97 and
//! later: 0x00C1 or more; Word 6/95 files are refused), the flags (`fEncrypted`: refused;
//! `fWhichTblStm`: the table stream is `1Table` or `0Table`), `ccpText` (the main text's
//! length in characters) and the offsets of the CLX and of the paragraph properties
//! (`PlcBtePapx`) in the table stream. The CLX's piece table maps character positions to
//! bytes of the `WordDocument` stream, 8-bit (Windows-1252) or UTF-16 per piece; a file
//! saved fast (its text in pieces out of order) reads the same way. Paragraph properties
//! come from the PAPX FKPs: `sprmPFInTable`/`sprmPItap` (the paragraph is in a table),
//! `sprmPFTtp` (it ends a row), and on a row's end `sprmTDefTable` (the cells' edges, and
//! each cell's horizontal and vertical merge) and `sprmTVertMerge`. A cell ends with 0x07, a
//! row with a paragraph that is only 0x07 and ends the row.
//!
//! Read as Word shows the text: field instructions are skipped and their results kept;
//! objects, footnote and comment marks dropped; headers, footers, footnotes and text boxes
//! (other ranges of the text) are not read. A table in a table's cell is read as that
//! cell's text.

use super::cfb::{corrupt, Cfb};
use super::grid::{Grid, Merge, MAX_COLS};
use super::le::{u16_at, u32_at};
use super::word::Lines;
use super::{Extracted, Problem};

fn damaged(what: &str, en: &str) -> Problem {
    corrupt(&format!("Word 文档{what}"), &format!("Word document: {en}"))
}

/// Reads a .doc file (an OLE compound file with a `WordDocument` stream).
pub fn read(bytes: &[u8]) -> Result<Extracted, Problem> {
    read_cfb(&Cfb::new(bytes)?)
}

/// Reads the document of an opened compound file.
pub fn read_cfb(cfb: &Cfb<'_>) -> Result<Extracted, Problem> {
    let word = cfb
        .stream("WordDocument")?
        .ok_or_else(|| damaged("缺少正文", "no WordDocument stream"))?;
    if u16_at(&word, 0) != Some(0xA5EC) {
        return Err(damaged("文件头无效", "bad FIB"));
    }
    let nfib = u16_at(&word, 2).unwrap_or(0);
    if nfib < 0x00C0 {
        return Err(Problem::new(
            "这是 Word 6.0/95 或更早版本的文件，无法读取；请在 Word/WPS 中另存为 .docx",
            "this is a Word 6.0/95 or older file, which cannot be read; save it as .docx in Word/WPS",
        ));
    }
    let flags = u16_at(&word, 10).unwrap_or(0);
    if flags & 0x0100 != 0 {
        return Err(Problem::new(
            "Word 文件已加密，需要密码才能打开；请在 Word/WPS 中输入密码后另存为不加密的文件",
            "the Word file is encrypted and needs a password; open it in Word/WPS with the password and save an unencrypted copy",
        ));
    }
    let table_name = if flags & 0x0200 != 0 { "1Table" } else { "0Table" };
    let table = cfb
        .stream(table_name)?
        .ok_or_else(|| damaged(&format!("缺少 {table_name}"), &format!("no {table_name} stream")))?;
    let ccp_text = u32_at(&word, 76).unwrap_or(0);
    let fc_lcb = |k: usize| -> Option<&[u8]> {
        let fc = u32_at(&word, 154 + 8 * k)? as usize;
        let lcb = u32_at(&word, 158 + 8 * k)? as usize;
        table.get(fc..fc.checked_add(lcb)?)
    };
    let clx = fc_lcb(33).ok_or_else(|| damaged("的文字索引越界", "CLX out of range"))?;
    let pieces = pieces(clx).ok_or_else(|| damaged("的文字索引无效", "bad piece table"))?;
    let data = cfb.stream("Data")?.unwrap_or_default();
    let papx = fc_lcb(13)
        .map(|p| paragraphs(p, &word, &data))
        .unwrap_or_default();
    let mut b = Builder::new(&papx);
    text(&word, &pieces, ccp_text, &mut |c, at| b.char(c, at));
    Ok(b.finish())
}

/// A piece of the text: its first character position, its length, where its bytes start
/// and whether they are 8-bit.
struct Piece {
    cp: u32,
    len: u32,
    fc: usize,
    compressed: bool,
}

fn pieces(clx: &[u8]) -> Option<Vec<Piece>> {
    let mut i = 0usize;
    // Prc entries (formatting of a fast save) come first: skipped
    while *clx.get(i)? == 0x01 {
        let cb = usize::from(u16_at(clx, i + 1)?);
        i += 3 + cb;
    }
    if *clx.get(i)? != 0x02 {
        return None;
    }
    let lcb = u32_at(clx, i + 1)? as usize;
    let plc = clx.get(i + 5..(i + 5).checked_add(lcb)?)?;
    if plc.len() < 4 {
        return None;
    }
    let n = (plc.len() - 4) / 12;
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let cp = u32_at(plc, 4 * k)?;
        let end = u32_at(plc, 4 * (k + 1))?;
        let fc = u32_at(plc, 4 * (n + 1) + 8 * k + 2)?;
        let compressed = fc & 0x4000_0000 != 0;
        let fc = (fc & 0x3FFF_FFFF) as usize;
        out.push(Piece {
            cp,
            len: end.saturating_sub(cp),
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Some(out)
}

/// The main text's characters, each with the byte offset it was read from (which the
/// paragraph properties are keyed by), handed to `f` one by one. Pieces that run out of the
/// stream end there.
fn text(word: &[u8], pieces: &[Piece], ccp_text: u32, f: &mut dyn FnMut(char, usize)) {
    // the main text has ccpText characters, and no more than the stream has bytes (pieces
    // that overlap in a damaged file could otherwise repeat the stream many times)
    let most = (ccp_text as usize).min(word.len());
    let mut read = 0usize;
    // a high surrogate waiting for its low half
    let mut high: Option<(u16, usize)> = None;
    for p in pieces {
        if p.cp >= ccp_text || read >= most {
            continue;
        }
        let len = (p.len.min(ccp_text - p.cp) as usize).min(most - read);
        let width = if p.compressed { 1 } else { 2 };
        for k in 0..len {
            let at = p.fc.saturating_add(k * width);
            let unit = if p.compressed {
                word.get(at).map(|&b| cp1252(b))
            } else {
                u16_at(word, at)
            };
            let Some(u) = unit else { break };
            read += 1;
            if let Some((h, h_at)) = high.take() {
                if (0xDC00..0xE000).contains(&u) {
                    let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                    f(char::from_u32(c).unwrap_or('\u{FFFD}'), h_at);
                    continue;
                }
                f('\u{FFFD}', h_at);
            }
            if (0xD800..0xDC00).contains(&u) {
                high = Some((u, at));
            } else {
                f(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}'), at);
            }
        }
    }
    if let Some((_, at)) = high {
        f('\u{FFFD}', at);
    }
}

/// A byte of an 8-bit piece: Windows-1252.
fn cp1252(b: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => u16::from(b),
    }
}

/// What the properties of one paragraph say about tables.
#[derive(Debug, Clone, Default)]
struct Para {
    /// Table depth (0: not in a table).
    depth: u32,
    /// The paragraph ends a row (of the table at `depth`).
    row_end: bool,
    /// On a row's end: the cells' edges (twips).
    edges: Vec<i16>,
    /// On a row's end: each cell's horizontal merge (2: with the cell before) and vertical
    /// merge (1: with the cell above, 3: the first of a merge).
    merges: Vec<(u8, u8)>,
}

/// Paragraph properties by byte range of the `WordDocument` stream: (start, end, props).
fn paragraphs(plc: &[u8], word: &[u8], data: &[u8]) -> Vec<(usize, usize, Para)> {
    let mut out = Vec::new();
    if plc.len() < 4 {
        return out;
    }
    let n = (plc.len() - 4) / 8;
    for k in 0..n {
        let Some(pn) = u32_at(plc, 4 * (n + 1) + 4 * k) else {
            break;
        };
        let at = ((pn & 0x3F_FFFF) as usize) * 512;
        let Some(fkp) = word.get(at..at + 512) else {
            continue;
        };
        let crun = usize::from(fkp[511]).min(101);
        for i in 0..crun {
            let (Some(start), Some(end)) = (u32_at(fkp, 4 * i), u32_at(fkp, 4 * (i + 1))) else {
                break;
            };
            let b = 4 * (crun + 1) + 13 * i;
            let offset = usize::from(*fkp.get(b).unwrap_or(&0)) * 2;
            let props = if offset == 0 {
                Para::default()
            } else {
                papx(&fkp[offset.min(511)..511], data)
            };
            out.push((start as usize, end as usize, props));
        }
    }
    out.sort_by_key(|p| p.0);
    out
}

/// The table properties in one PAPX (its size, the style, then its sprms). Properties too
/// long for the FKP (a row of many cells) are in the `Data` stream (`sprmPHugePapx`).
fn papx(b: &[u8], data: &[u8]) -> Para {
    let (len, at) = match b.first() {
        Some(0) => (usize::from(*b.get(1).unwrap_or(&0)) * 2, 2),
        Some(&cb) => (usize::from(cb) * 2 - 1, 1),
        None => return Para::default(),
    };
    let Some(grpprl) = b.get(at + 2..(at + len).min(b.len())) else {
        return Para::default();
    };
    let mut p = Para::default();
    let mut ttp = false;
    let mut inner_ttp = false;
    let huge = sprms(grpprl)
        .find(|(op, _)| *op == 0x6646 || *op == 0x6645)
        .and_then(|(_, arg)| {
            let at = u32_at(arg, 0)? as usize;
            let cb = usize::from(u16_at(data, at)?);
            data.get(at + 2..(at + 2).checked_add(cb)?)
        })
        .unwrap_or(&[]);
    for (op, arg) in sprms(grpprl).chain(sprms(huge)) {
        match op {
            0x2416 if arg.first().is_some_and(|&v| v != 0) => p.depth = p.depth.max(1),
            0x2417 => ttp = arg.first().is_some_and(|&v| v != 0),
            0x244C => inner_ttp = arg.first().is_some_and(|&v| v != 0),
            0x6649 => p.depth = u32_at(arg, 0).unwrap_or(0).min(64),
            0xD608 => table_def(arg, &mut p),
            0xD62B => {
                if let (Some(&itc), Some(&flags)) = (arg.get(1), arg.get(2)) {
                    if let Some(m) = p.merges.get_mut(usize::from(itc)) {
                        m.1 = flags;
                    }
                }
            }
            _ => {}
        }
    }
    p.row_end = if p.depth > 1 { inner_ttp } else { ttp };
    p
}

/// `sprmTDefTable`: the cells' edges and each cell's merges (its TC80s).
fn table_def(arg: &[u8], p: &mut Para) {
    let Some(&n) = arg.get(2) else { return };
    let n = usize::from(n).min(MAX_COLS as usize);
    p.edges = (0..=n)
        .map_while(|k| u16_at(arg, 3 + 2 * k).map(|v| v as i16))
        .collect();
    let tcs = 3 + 2 * (n + 1);
    p.merges = (0..n)
        .map(|k| {
            let grf = u16_at(arg, tcs + 20 * k).unwrap_or(0);
            ((grf & 3) as u8, ((grf >> 5) & 3) as u8)
        })
        .collect();
}

/// The sprms of a grpprl: (opcode, operand).
fn sprms(b: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut i = 0usize;
    std::iter::from_fn(move || {
        let op = u16_at(b, i)?;
        let at = i + 2;
        let len = match op >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match op {
                // sprmTDefTable: a two-byte size, counting itself less one
                0xD608 | 0xD606 => usize::from(u16_at(b, at)?) + 1,
                _ => usize::from(*b.get(at)?) + 1,
            },
        };
        let arg = b.get(at..at.checked_add(len)?)?;
        i = at + len;
        Some((op, arg))
    })
}

/// A row's cells as read: text, and the row's properties.
struct Row {
    cells: Vec<String>,
    props: Para,
}

/// Builds the lines of the document from its characters.
struct Builder<'a> {
    papx: &'a [(usize, usize, Para)],
    out: Lines,
    para: String,
    /// The cells of the row being read, and the text of the cell being read.
    cells: Vec<String>,
    rows: Vec<Row>,
    /// Field nesting: true while in a field's instructions.
    fields: Vec<bool>,
    /// How many of `fields` are in their instructions.
    instructions: usize,
    /// In a table nested in a cell.
    in_nested: bool,
}

impl<'a> Builder<'a> {
    fn new(papx: &'a [(usize, usize, Para)]) -> Builder<'a> {
        Builder {
            papx,
            out: Lines::default(),
            para: String::new(),
            cells: Vec::new(),
            rows: Vec::new(),
            fields: Vec::new(),
            instructions: 0,
            in_nested: false,
        }
    }

    /// The properties of the paragraph whose mark is at byte `at`.
    fn props(&self, at: usize) -> Para {
        let k = self.papx.partition_point(|p| p.0 <= at);
        match k.checked_sub(1).map(|k| &self.papx[k]) {
            Some(p) if at < p.1 => p.2.clone(),
            _ => Para::default(),
        }
    }

    /// One character of the main text, read from byte `at`.
    fn char(&mut self, c: char, at: usize) {
        match c {
            '\u{13}' => {
                self.fields.push(true);
                self.instructions += 1;
            }
            '\u{14}' => {
                if let Some(f) = self.fields.last_mut().filter(|f| **f) {
                    *f = false;
                    self.instructions -= 1;
                }
            }
            '\u{15}' => {
                if self.fields.pop() == Some(true) {
                    self.instructions -= 1;
                }
            }
            _ if self.instructions > 0 => {}
            '\r' | '\u{7}' => self.paragraph_end(c, at),
            '\u{b}' | '\u{c}' | '\u{e}' => self.para.push('\n'),
            '\t' => self.para.push_str("  "),
            '\u{1e}' => self.para.push('-'),
            '\u{1f}' => {}
            c if (c as u32) < 0x20 => {}
            c => self.para.push(c),
        }
    }

    fn finish(mut self) -> Extracted {
        if !self.para.is_empty() {
            self.paragraph_end('\r', usize::MAX);
        }
        self.end_table();
        self.out.finish()
    }

    fn paragraph_end(&mut self, mark: char, at: usize) {
        let props = self.props(at);
        let para = std::mem::take(&mut self.para);
        if props.depth == 0 {
            self.end_table();
            self.out.paragraph(&para);
            return;
        }
        self.out.nested += usize::from(props.depth > 1 && !self.in_nested);
        self.in_nested = props.depth > 1;
        if props.depth > 1 {
            // a nested table: its cells and rows join the outer cell's text
            if props.row_end {
                self.para = para;
                self.para.push('\n');
            } else {
                self.para = para;
                self.para.push(if mark == '\u{7}' { ' ' } else { '\n' });
            }
            return;
        }
        if props.row_end {
            let cells = std::mem::take(&mut self.cells);
            self.rows.push(Row { cells, props });
            return;
        }
        // a paragraph inside a cell; 0x07 ends the cell
        let cell = self.cells_text();
        if !cell.is_empty() {
            cell.push('\n');
        }
        cell.push_str(&para);
        if mark == '\u{7}' {
            self.cells.push(String::new());
        }
    }

    /// The text of the cell being read (the last one not yet ended).
    fn cells_text(&mut self) -> &mut String {
        if self.cells.is_empty() {
            self.cells.push(String::new());
        }
        let n = self.cells.len();
        &mut self.cells[n - 1]
    }

    fn end_table(&mut self) {
        if !self.cells.iter().all(String::is_empty) {
            // cells without a row end (a damaged file): a row of their own
            let cells = std::mem::take(&mut self.cells);
            self.rows.push(Row {
                cells,
                props: Para::default(),
            });
        }
        self.cells.clear();
        if self.rows.is_empty() {
            return;
        }
        let rows = std::mem::take(&mut self.rows);
        self.out.table(&table_grid(&rows));
    }
}

/// A table's rows placed on a grid: columns from every row's cell edges, a cell as wide as
/// the columns between its edges, merged cells as merges.
fn table_grid(rows: &[Row]) -> Grid {
    let mut edges: Vec<i16> = rows.iter().flat_map(|r| r.props.edges.iter().copied()).collect();
    edges.sort_unstable();
    edges.dedup();
    let column = |x: i16| edges.binary_search(&x).unwrap_or_else(|i| i) as u32;
    let mut grid = Grid::new();
    let mut merges: Vec<Merge> = Vec::new();
    // vertical merges still open, by first column: index into `merges`
    let mut open: Vec<(u32, usize)> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32;
        // the row end's own cell mark leaves an empty last cell: not a cell
        let mut cells: &[String] = &row.cells;
        if cells.last().is_some_and(String::is_empty) {
            cells = &cells[..cells.len() - 1];
        }
        let mut next = 0u32;
        let mut k = 0usize;
        while k < cells.len() {
            let (c0, mut c1) = match (row.props.edges.get(k), row.props.edges.get(k + 1)) {
                (Some(&a), Some(&b)) if b > a => (column(a), column(b).saturating_sub(1).max(column(a))),
                _ => (next, next),
            };
            let mut text = cells[k].clone();
            // cells merged with this one (the old horizontal merge): their edges, no text
            let mut j = k + 1;
            while row.props.merges.get(j).is_some_and(|m| m.0 == 2) && j < cells.len() {
                if let Some(&b) = row.props.edges.get(j + 1) {
                    c1 = c1.max(column(b).saturating_sub(1));
                }
                if !cells[j].trim().is_empty() {
                    text.push('\n');
                    text.push_str(&cells[j]);
                }
                j += 1;
            }
            let vmerge = row.props.merges.get(k).map_or(0, |m| m.1);
            if vmerge == 1 || vmerge == 2 {
                if let Some(&(_, m)) = open.iter().find(|(col, _)| *col == c0) {
                    merges[m].r1 = r;
                }
            } else {
                open.retain(|(col, _)| *col < c0 || *col > c1);
                grid.set(r, c0, &text, false);
                if c1 > c0 || vmerge == 3 {
                    merges.push(Merge { r0: r, c0, r1: r, c1 });
                    if vmerge == 3 {
                        open.push((c0, merges.len() - 1));
                    }
                }
            }
            next = c1.saturating_add(1);
            k = j;
        }
    }
    for m in merges {
        grid.merge(m);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sprms_and_papx() {
        // in table, row end, a TDefTable of two cells, the second merged into the one above
        let mut tdef = vec![0x08, 0xD6];
        let body: Vec<u8> = [
            &[2u8][..],
            &0i16.to_le_bytes(),
            &100i16.to_le_bytes(),
            &300i16.to_le_bytes(),
            &[0u8; 20],
            &[0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ]
        .concat();
        tdef.extend(((body.len() + 1) as u16).to_le_bytes());
        tdef.extend(&body);
        let grpprl: Vec<u8> = [&[0x16, 0x24, 1, 0x17, 0x24, 1][..], &tdef].concat();
        let mut papx_bytes = vec![0u8, ((grpprl.len() + 2) / 2 + 1) as u8, 0, 0];
        papx_bytes.extend(&grpprl);
        let p = papx(&papx_bytes, &[]);
        assert_eq!((p.depth, p.row_end), (1, true));
        assert_eq!(p.edges, [0, 100, 300]);
        assert_eq!(p.merges, [(0, 0), (0, 1)]);
        // an operand that runs past the grpprl ends the list
        assert_eq!(sprms(&[0x08, 0xD6, 0xFF, 0xFF]).count(), 0);
        assert_eq!(sprms(&[0x49, 0x66, 1]).count(), 0);
    }

    #[test]
    fn text_fields_and_cells() {
        let row_props = Para {
            depth: 1,
            row_end: true,
            edges: vec![0, 100, 200],
            merges: vec![(0, 0), (0, 0)],
        };
        let cell_props = Para {
            depth: 1,
            ..Para::default()
        };
        // a paragraph with a field, then one row of two cells, then a paragraph
        let s = "收入\u{13} PAGE \u{14}1\u{15}表\r合计\u{7}12.00\u{7}\u{7}注\r";
        let chars: Vec<(char, usize)> = s.chars().enumerate().map(|(i, c)| (c, i)).collect();
        let row_at = chars.iter().rposition(|&(c, _)| c == '\u{7}').unwrap();
        let papx = vec![(14, row_at, cell_props), (row_at, row_at + 1, row_props)];
        let mut b = Builder::new(&papx);
        for &(c, at) in &chars {
            b.char(c, at);
        }
        let e = b.finish();
        assert_eq!(e.text, "收入1表\n\n合计\t12.00\n\n注\n");
    }

    #[test]
    fn unbalanced_fields() {
        // ends and separators without a start, then a million starts: linear, no panic
        let mut b = Builder::new(&[]);
        for c in "\u{15}\u{14}正文\r".chars() {
            b.char(c, 0);
        }
        for _ in 0..1_000_000 {
            b.char('\u{13}', 0);
        }
        b.char('x', 0);
        assert_eq!(b.finish().text, "正文\n");
    }

    #[test]
    fn hostile_piece_tables() {
        assert!(pieces(&[]).is_none());
        assert!(pieces(&[0x01, 0xFF, 0xFF]).is_none());
        assert!(pieces(&[0x02, 0xFF, 0xFF, 0xFF, 0xFF]).is_none());
        // a piece pointing past the stream: the text ends there
        let p = [Piece {
            cp: 0,
            len: 1_000_000,
            fc: usize::MAX / 2,
            compressed: false,
        }];
        let count = |word: &[u8], p: &[Piece]| {
            let mut n = 0;
            text(word, p, 1_000_000, &mut |_, _| n += 1);
            n
        };
        assert_eq!(count(&[0; 16], &p), 0);
        // overlapping pieces over the same bytes: no more characters than the stream has
        let p: Vec<Piece> = (0..100)
            .map(|_| Piece {
                cp: 0,
                len: 1_000,
                fc: 0,
                compressed: true,
            })
            .collect();
        assert_eq!(count(&[b'a'; 500], &p), 500);
    }
}
