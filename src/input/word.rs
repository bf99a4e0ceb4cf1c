//! What the Word readers ([`super::docx`], [`super::doc`]) write: paragraphs as lines with a
//! blank line after each, tables as tab-separated rows ([`super::grid`]) named `表格 N` in
//! the source map, and the notes on nested tables and merged numbers.

use super::grid::Grid;
use super::{Extracted, Note};
use crate::source::SourceMap;

/// The lines of a Word document being written.
#[derive(Default)]
pub(crate) struct Lines {
    lines: Vec<String>,
    /// Numbers in merged cells.
    merged: usize,
    /// Tables (or rows of tables) inside a table's cell, read as the cell's text.
    pub nested: usize,
    /// Tables written so far.
    tables: usize,
    sources: SourceMap,
}

impl Lines {
    /// A paragraph: each of its lines that holds something, then a blank line.
    pub fn paragraph(&mut self, p: &str) {
        for line in p.split('\n') {
            let line = line.trim_end();
            if !line.trim().is_empty() {
                self.lines.push(line.to_string());
            }
        }
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// A table as its rows, with blank lines around it.
    pub fn table(&mut self, grid: &Grid) {
        let mut s = String::new();
        let mut rows = Vec::new();
        self.merged += grid.render_mapped(&mut s, &mut rows);
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
        self.tables += 1;
        self.sources
            .set_grid_rows(self.lines.len() + 1, &format!("表格 {}", self.tables), &rows);
        self.lines.extend(s.lines().map(str::to_string));
        self.lines.push(String::new());
    }

    /// A table's rows as text (a table inside a cell or a paragraph): its merged numbers
    /// still counted.
    #[cfg(feature = "docx")]
    pub fn table_text(&mut self, grid: &Grid) -> String {
        let mut s = String::new();
        self.merged += grid.render(&mut s);
        s
    }

    /// The text and its notes.
    pub fn finish(mut self) -> Extracted {
        while self.lines.last().is_some_and(String::is_empty) {
            self.lines.pop();
        }
        let mut text = self.lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        let mut notes = Vec::new();
        if self.nested > 0 {
            notes.push(Note::new(
                "nested-tables",
                format!(
                    "Word 表格的单元格中嵌套了 {} 个表格：按所在单元格的文字读取，其中的数字不作核对",
                    self.nested
                ),
                format!(
                    "{} table(s) nested in a Word table's cells are read as the text of their cell; their numbers are not checked",
                    self.nested
                ),
            ));
        }
        if self.merged > 0 {
            notes.push(Note::new(
                "merged-numbers",
                format!(
                    "Word 表格中有 {} 个数字位于合并单元格中，无法确定所属的行或列，涉及的核对不作判断",
                    self.merged
                ),
                format!(
                    "{} number(s) in the document's tables sit in merged cells, so their row or column is unclear; the checks that need them are not evaluated",
                    self.merged
                ),
            ));
        }
        Extracted {
            text,
            notes,
            sources: self.sources,
        }
    }
}
