//! A table of cells read from a real table (a sheet, a Word or HTML table), written out as the
//! tab-separated lines the text parser reads ([`crate::parse`]).
//!
//! Merged cells follow what the parser expects from an Excel copy, made explicit where the
//! parser needs the structure:
//!
//! * a header cell merged across columns (`公务用车购置及运行费` over `购置费`/`运行费`) is
//!   repeated in every column it covers, in its first row, so each column's header path
//!   carries it; a title, unit or department line merged across the width is written once;
//! * a text cell merged in data rows (a `合计` label across the code columns, a group name
//!   down several rows) stays in its first cell, the others blank;
//! * a number merged over several cells cannot be placed in one column or row: its own cell
//!   keeps the number and every other cell of the merge gets `〃` (ditto), which makes the
//!   parser mark those rows uncertain, so the checks that need them are not evaluated
//!   rather than run on a guess.

use std::collections::{BTreeMap, BTreeSet};

use crate::parse::lexer::parse_number;
use crate::parse::segment::table_title;
use crate::parse::table::unit_in;

/// The mark written into the other cells of a merged number.
pub use crate::parse::table::DITTO;

/// Most columns kept from a table (more are dropped with a warning).
pub const MAX_COLS: u32 = 256;
/// Most rows kept from one table.
pub const MAX_ROWS: u32 = 200_000;
/// Most cells kept from one table (a dense sheet of 16 million cells took 3.7 GB).
pub const MAX_CELLS: usize = 1_000_000;
/// Most merged ranges of one table treated as merges; the first ones are kept as they are
/// (each new one is checked against them for overlaps), the others only make a number in
/// their first cell not read (counted as a merged number).
pub const MAX_MERGES: usize = 10_000;
/// Most cells written for merges in one table (a header repeated across its columns, the
/// marks in the other cells of a merged number). One merge over a whole sheet would be 51
/// million; beyond the budget a merged number is not read at all (counted as a merged
/// number, so its checks are not evaluated) and a header is not repeated.
pub const MAX_MERGED_CELLS: u64 = 1_000_000;

/// One cell's displayed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridCell {
    /// The text as displayed (numbers already formatted).
    pub text: String,
    /// True when the cell holds a number (not text that looks like one).
    pub number: bool,
}

/// A merged range, inclusive, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row.
    pub r0: u32,
    /// First column.
    pub c0: u32,
    /// Last row.
    pub r1: u32,
    /// Last column.
    pub c1: u32,
}

/// A sparse table of cells with merges.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    rows: BTreeMap<u32, BTreeMap<u32, GridCell>>,
    merges: Vec<Merge>,
    /// The first cells of the merges beyond [`MAX_MERGES`].
    excess: Vec<(u32, u32)>,
    /// Cells set.
    count: usize,
    /// Cells dropped because they lie beyond [`MAX_COLS`] / [`MAX_ROWS`], or come after
    /// [`MAX_CELLS`].
    pub dropped: usize,
}

impl Grid {
    /// An empty grid.
    pub fn new() -> Grid {
        Grid::default()
    }

    /// Sets a cell (0-based). Empty text is ignored; cells beyond the limits are counted in
    /// [`Grid::dropped`].
    pub fn set(&mut self, row: u32, col: u32, text: &str, number: bool) {
        let text = clean(text);
        if text.is_empty() {
            return;
        }
        if row >= MAX_ROWS || col >= MAX_COLS || self.count >= MAX_CELLS {
            self.dropped += 1;
            return;
        }
        let old = self
            .rows
            .entry(row)
            .or_default()
            .insert(col, GridCell { text, number });
        self.count += usize::from(old.is_none());
    }

    /// A cell, when set.
    pub fn get(&self, row: u32, col: u32) -> Option<&GridCell> {
        self.rows.get(&row).and_then(|r| r.get(&col))
    }

    /// Adds a merged range (ignored when it is a single cell or malformed).
    pub fn merge(&mut self, m: Merge) {
        if m.r1 < m.r0 || m.c1 < m.c0 || (m.r0 == m.r1 && m.c0 == m.c1) {
            return;
        }
        let m = Merge {
            r1: m.r1.min(MAX_ROWS - 1),
            c1: m.c1.min(MAX_COLS - 1),
            ..m
        };
        if m.r0 >= MAX_ROWS || m.c0 >= MAX_COLS {
            return;
        }
        if self.merges.len() >= MAX_MERGES {
            self.excess.push((m.r0, m.c0));
            return;
        }
        // overlapping merges are malformed: the first one wins
        let overlaps = |a: &Merge| a.r0 <= m.r1 && m.r0 <= a.r1 && a.c0 <= m.c1 && m.c0 <= a.c1;
        if !self.merges.iter().any(overlaps) {
            self.merges.push(m);
        }
    }

    /// True when no cell is set.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Number of cells set.
    pub fn cells(&self) -> usize {
        self.rows.values().map(BTreeMap::len).sum()
    }

    /// True when a row holds a number (or text that reads as an amount).
    fn data_row(&self, row: u32) -> bool {
        self.rows.get(&row).is_some_and(|r| r.values().any(is_amount))
    }

    /// Writes the table as lines (each ending in `\n`). Returns the number of merged numbers
    /// (written with [`DITTO`] marks).
    pub fn render(&self, out: &mut String) -> usize {
        self.render_mapped(out, &mut Vec::new())
    }

    /// [`Grid::render`], also listing for every line written that holds a row of the grid:
    /// the line (0-based, counted from where this call started writing), the row and the
    /// column of its first field (0-based).
    pub fn render_mapped(&self, out: &mut String, lines: &mut Vec<(u32, u32, u32)>) -> usize {
        let mut written = 0u32;
        let mut rows = self.rows.clone();
        let mut merged_numbers = 0;
        let mut budget = MAX_MERGED_CELLS;
        let ditto = || GridCell {
            text: DITTO.to_string(),
            number: false,
        };
        for m in &self.merges {
            let Some(origin) = rows.get(&m.r0).and_then(|r| r.get(&m.c0)).cloned() else {
                // nothing shown in the merge; hidden values under it are not displayed
                clear(&mut rows, m, None);
                continue;
            };
            let area = u64::from(m.r1 - m.r0 + 1) * u64::from(m.c1 - m.c0 + 1) - 1;
            if is_amount(&origin) {
                merged_numbers += 1;
                if area <= budget {
                    budget -= area;
                    clear(&mut rows, m, Some(DITTO));
                } else {
                    // too large to mark: the number itself is not read
                    clear(&mut rows, m, None);
                    rows.entry(m.r0).or_default().insert(m.c0, ditto());
                }
                continue;
            }
            clear(&mut rows, m, None);
            let others = rows.get(&m.r0).map_or(0, |r| r.len()) > 1;
            let heading = table_title(&origin.text).is_some() || unit_in(&origin.text).is_some();
            let width = u64::from(m.c1 - m.c0);
            if m.c1 > m.c0 && others && !heading && !self.data_row(m.r0) && width <= budget {
                budget -= width;
                let row = rows.entry(m.r0).or_default();
                for c in m.c0 + 1..=m.c1 {
                    row.insert(c, origin.clone());
                }
            }
        }
        for &(r, c) in &self.excess {
            if let Some(cell) = rows.get_mut(&r).and_then(|row| row.get_mut(&c)) {
                if is_amount(cell) {
                    merged_numbers += 1;
                    *cell = ditto();
                }
            }
        }
        let first_col = rows
            .values()
            .filter_map(|r| r.keys().next().copied())
            .min()
            .unwrap_or(0);
        let mut last_row: Option<u32> = None;
        for (&r, cells) in &rows {
            if cells.is_empty() {
                continue;
            }
            if let Some(prev) = last_row {
                if r > prev + 1 {
                    out.push('\n');
                    written += 1;
                }
            }
            last_row = Some(r);
            let last = cells.keys().next_back().copied().unwrap_or(first_col);
            let only = cells.len() == 1;
            let mut line = String::new();
            for c in first_col..=last {
                if c > first_col {
                    line.push('\t');
                }
                if let Some(cell) = cells.get(&c) {
                    line.push_str(&cell.text);
                }
            }
            // a row with one cell in the first column is a title, a note or a line of text:
            // keep a tab after it unless it reads as prose (so a note ends the table)
            if only && last == first_col {
                let t = &cells[&last].text;
                let prose = t.contains('。') || t.chars().count() > 40;
                if !prose {
                    line.push('\t');
                }
            }
            out.push_str(&line);
            out.push('\n');
            lines.push((written, r, first_col));
            written += 1;
        }
        merged_numbers
    }
}

/// A sheet's cells (row, column, text, number) and merges placed into a grid with its hidden
/// rows and columns left out, as the printed table; also the hidden rows and columns counted.
pub fn visible_grid(
    cells: Vec<(u32, u32, String, bool)>,
    merges: Vec<Merge>,
    rows: BTreeSet<u32>,
    cols: BTreeSet<u32>,
) -> (Grid, (usize, usize)) {
    let visible = Visible { rows, cols };
    let mut grid = Grid::new();
    for (r, c, text, number) in cells {
        if let Some((r, c)) = visible.cell(r, c) {
            grid.set(r, c, &text, number);
        }
    }
    for m in merges {
        if let Some(m) = visible.merge(m) {
            grid.merge(m);
        }
    }
    (grid, (visible.rows.len(), visible.cols.len()))
}

/// Removes hidden rows and columns from the cell coordinates (and merges).
struct Visible {
    rows: BTreeSet<u32>,
    cols: BTreeSet<u32>,
}

impl Visible {
    fn map(set: &BTreeSet<u32>, i: u32) -> Option<u32> {
        if set.contains(&i) {
            return None;
        }
        Some(i - set.range(..i).count() as u32)
    }

    fn cell(&self, r: u32, c: u32) -> Option<(u32, u32)> {
        Some((Self::map(&self.rows, r)?, Self::map(&self.cols, c)?))
    }

    fn merge(&self, m: Merge) -> Option<Merge> {
        // a merge keeps its visible part
        let rs: Vec<u32> = (m.r0..=m.r1.min(m.r0.saturating_add(10_000)))
            .filter_map(|r| Self::map(&self.rows, r))
            .collect();
        let cs: Vec<u32> = (m.c0..=m.c1.min(m.c0.saturating_add(1_000)))
            .filter_map(|c| Self::map(&self.cols, c))
            .collect();
        // the first cell (which holds the value) must be visible
        if Self::map(&self.rows, m.r0).is_none() || Self::map(&self.cols, m.c0).is_none() {
            return None;
        }
        Some(Merge {
            r0: *rs.first()?,
            c0: *cs.first()?,
            r1: *rs.last()?,
            c1: *cs.last()?,
        })
    }
}

fn is_amount(c: &GridCell) -> bool {
    c.number || parse_number(&c.text).is_some_and(|n| n.money_like)
}

/// Empties the cells of a merge except its first; `fill` puts a mark in them instead (the
/// caller bounds the area). Emptying costs the cells that are set, not the merge's area.
fn clear(rows: &mut BTreeMap<u32, BTreeMap<u32, GridCell>>, m: &Merge, fill: Option<&str>) {
    match fill {
        Some(f) => {
            for r in m.r0..=m.r1 {
                for c in m.c0..=m.c1 {
                    if (r, c) != (m.r0, m.c0) {
                        let cell = GridCell {
                            text: f.to_string(),
                            number: false,
                        };
                        rows.entry(r).or_default().insert(c, cell);
                    }
                }
            }
        }
        None => {
            for (&r, row) in rows.range_mut(m.r0..=m.r1) {
                let covered: Vec<u32> = row
                    .range(m.c0..=m.c1)
                    .map(|(c, _)| *c)
                    .filter(|c| (r, *c) != (m.r0, m.c0))
                    .collect();
                for c in covered {
                    row.remove(&c);
                }
            }
        }
    }
}

/// A cell's text on one line: line breaks inside the cell are joined (without a space between
/// Chinese characters), tabs and other control characters become spaces, and the ends are
/// trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_break = false;
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{2028}' | '\u{2029}' => pending_break = true,
            c if c.is_control() => out.push(' '),
            c => {
                if pending_break {
                    pending_break = false;
                    let t = out.trim_end().len();
                    out.truncate(t);
                    let wide = |x: char| (x as u32) >= 0x2E80;
                    if out.chars().last().is_some_and(|p| !wide(p)) && !wide(c) {
                        out.push(' ');
                    }
                }
                out.push(c);
            }
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let mut g = Grid::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                let number = parse_number(t).is_some();
                g.set(r as u32, c as u32, t, number);
            }
        }
        g
    }

    fn m(r0: u32, c0: u32, r1: u32, c1: u32) -> Merge {
        Merge { r0, c0, r1, c1 }
    }

    #[test]
    fn merges_over_a_whole_sheet_cost_what_is_set() {
        // a number merged over every cell: too many to mark, so the number is not read
        let mut g = grid(&[&["12.50", "合计"], &["x"]]);
        g.merge(m(0, 0, MAX_ROWS + 5, MAX_COLS + 5));
        let mut s = String::new();
        assert_eq!(g.render(&mut s), 1);
        assert_eq!(s, format!("{DITTO}\t\n"));
        // a text merged over every cell empties the others, at the cost of the cells set
        let mut g = grid(&[&["说明", "12.50"], &["x"]]);
        g.merge(m(0, 0, MAX_ROWS + 5, MAX_COLS + 5));
        let mut s = String::new();
        assert_eq!(g.render(&mut s), 0);
        assert_eq!(s, "说明\t\n");
        // a small merged number is still marked cell by cell
        let mut g = grid(&[&["12.50", ""], &["", ""]]);
        g.merge(m(0, 0, 1, 1));
        let mut s = String::new();
        assert_eq!(g.render(&mut s), 1);
        assert_eq!(s, format!("12.50\t{DITTO}\n{DITTO}\t{DITTO}\n"));
    }

    #[test]
    fn merges_and_cells_beyond_the_limits() {
        // merges after MAX_MERGES are not compared with the others; a number in their first
        // cell is not read
        let mut g = Grid::new();
        for r in 0..=MAX_MERGES as u32 {
            g.set(2 * r, 0, "1.00", true);
            g.merge(m(2 * r, 0, 2 * r + 1, 0));
        }
        let mut s = String::new();
        assert_eq!(g.render(&mut s), MAX_MERGES + 1);
        assert_eq!(
            s.matches("1.00").count(),
            MAX_MERGES,
            "the last number is not read"
        );
        // cells after MAX_CELLS are dropped and counted
        let mut g = Grid::new();
        for i in 0..MAX_CELLS as u32 + 10 {
            g.set(i / 200, i % 200, "x", false);
        }
        assert_eq!((g.cells(), g.dropped), (MAX_CELLS, 10));
    }

    #[test]
    fn headers_repeat_titles_do_not() {
        let mut g = grid(&[
            &["一般公共预算“三公”经费支出表"],
            &["", "", "", "", "单位：万元"],
            &[
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "",
                "",
                "公务接待费",
            ],
            &["", "", "小计", "公务用车购置费", "公务用车运行费", ""],
            &["10.00", "2.00", "5.00", "1.00", "4.00", "3.00"],
        ]);
        g.merge(m(0, 0, 0, 5));
        g.merge(m(2, 2, 2, 4));
        g.merge(m(2, 0, 3, 0));
        let mut s = String::new();
        assert_eq!(g.render(&mut s), 0);
        assert_eq!(
            s,
            "一般公共预算“三公”经费支出表\t\n\
             \t\t\t\t单位：万元\n\
             合计\t因公出国（境）费\t公务用车购置及运行费\t公务用车购置及运行费\t公务用车购置及运行费\t公务接待费\n\
             \t\t小计\t公务用车购置费\t公务用车运行费\n\
             10.00\t2.00\t5.00\t1.00\t4.00\t3.00\n"
        );
    }

    #[test]
    fn merged_numbers_are_marked_and_data_labels_kept_once() {
        let mut g = grid(&[
            &["合计", "", "", "347.90", "216.69"],
            &["301", "", "工资福利支出", "167.59", ""],
            &["302", "", "商品和服务支出", "", ""],
        ]);
        g.merge(m(0, 0, 0, 2));
        g.merge(m(1, 3, 2, 3));
        let mut s = String::new();
        assert_eq!(g.render(&mut s), 1);
        assert_eq!(
            s,
            "合计\t\t\t347.90\t216.69\n301\t\t工资福利支出\t167.59\n302\t\t商品和服务支出\t〃\n"
        );
    }

    #[test]
    fn merges_at_the_last_row_and_column() {
        // found by fuzzing .xlsb (a merge record of four u32s): no overflow near u32::MAX
        let m = Merge {
            r0: u32::MAX - 5,
            c0: u32::MAX - 5,
            r1: u32::MAX,
            c1: u32::MAX,
        };
        let (g, hidden) = visible_grid(
            vec![(0, 0, "x".into(), false)],
            vec![m],
            BTreeSet::new(),
            BTreeSet::new(),
        );
        assert_eq!((g.cells(), hidden), (1, (0, 0)));
    }

    #[test]
    fn cells_are_one_line() {
        assert_eq!(clean(" 公务用车购置\n及运行费 "), "公务用车购置及运行费");
        assert_eq!(clean("Total\r\nincome"), "Total income");
        assert_eq!(clean("a\tb"), "a b");
        let mut g = Grid::new();
        g.set(0, 300, "x", false);
        g.set(3, 2, "说明：本表为空表。", false);
        assert_eq!(g.dropped, 1);
        let mut s = String::new();
        g.render(&mut s);
        assert_eq!(s, "说明：本表为空表。\n");
    }
}
