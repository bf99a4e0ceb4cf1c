//! Word .docx → text: each paragraph of `word/document.xml` becomes a line (headings
//! included) followed by a blank line, and each table (`w:tbl`/`w:tr`/`w:tc`, with
//! `w:gridSpan`, `w:vMerge`, `w:gridBefore`) becomes tab-separated rows ([`super::grid`]).
//!
//! Read as Word shows the text: deleted revisions, field instructions and the fallback copy
//! of text boxes (`mc:Fallback`) are skipped; tabs become two spaces, line breaks new lines.
//! Automatic list numbering (`一、` produced by `w:numPr`) is not reproduced.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::grid::{Grid, Merge};
use super::xml::{attr, broken, entity, office_document, part_text};
use super::zip::Zip;
use super::{Extracted, Problem};

/// Reads a .docx file.
pub fn read(bytes: &[u8]) -> Result<Extracted, Problem> {
    let zip = Zip::new(bytes)?;
    read_zip(&zip)
}

/// Reads the main document part of an opened zip archive.
pub fn read_zip(zip: &Zip<'_>) -> Result<Extracted, Problem> {
    let path = office_document(zip)?.unwrap_or_else(|| "word/document.xml".to_string());
    let xml = zip.read(&path)?.ok_or_else(|| {
        Problem::new(
            "不是有效的 Word 文件：缺少正文（word/document.xml）",
            "not a valid Word file: the document body (word/document.xml) is missing",
        )
    })?;
    document(&part_text(&xml, &path)?, &path)
}

/// A table being read.
#[derive(Default)]
struct Table {
    grid: Grid,
    row: Option<u32>,
    col: u32,
    /// The current cell: its first column, columns spanned, vertical merge state.
    cell: Option<Cell>,
    /// Vertical merges still open, by first column: index into `merges`.
    open: Vec<(u32, usize)>,
    merges: Vec<Merge>,
}

#[derive(Default)]
struct Cell {
    col: u32,
    span: u32,
    vmerge: Option<bool>, // Some(true) = restart, Some(false) = continue
    text: String,
}

struct Doc {
    out: super::word::Lines,
    /// Paragraph texts being built (a text box inside a paragraph opens another).
    paras: Vec<String>,
    tables: Vec<Table>,
}

impl Doc {
    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.push_str(s);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paras.pop() else { return };
        if let Some(cell) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
            if !cell.text.is_empty() {
                cell.text.push('\n');
            }
            cell.text.push_str(&p);
            return;
        }
        if let Some(outer) = self.paras.last_mut() {
            // a text box's paragraph: a line of the paragraph that holds it
            outer.push('\n');
            outer.push_str(&p);
            return;
        }
        self.out.paragraph(&p);
    }

    fn end_table(&mut self) {
        let Some(mut t) = self.tables.pop() else { return };
        for m in std::mem::take(&mut t.merges) {
            t.grid.merge(m);
        }
        if let Some(cell) = self.tables.last_mut().and_then(|p| p.cell.as_mut()) {
            // a table inside a cell: its text joins the cell's (and a note says so)
            let s = self.out.table_text(&t.grid);
            self.out.nested += usize::from(!s.trim().is_empty());
            for line in s.lines() {
                cell.text.push('\n');
                cell.text.push_str(&line.replace('\t', " "));
            }
            return;
        }
        if let Some(p) = self.paras.last_mut() {
            let s = self.out.table_text(&t.grid);
            p.push_str(&s.replace('\t', " "));
            return;
        }
        self.out.table(&t.grid);
    }
}

fn document(xml: &str, part: &str) -> Result<Extracted, Problem> {
    let mut r = Reader::from_str(xml);
    let mut d = Doc {
        out: super::word::Lines::default(),
        paras: Vec::new(),
        tables: Vec::new(),
    };
    // depth of elements whose text is not shown (deleted text, field codes, fallbacks)
    let mut skip = 0usize;
    let mut in_text = false;
    // inside a run (w:tab and w:br outside runs are tab stops and other settings)
    let mut runs = 0usize;
    loop {
        let ev = r.read_event();
        match ev {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => {
                let empty = matches!(ev, Ok(Event::Empty(_)));
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 {
                    if !empty {
                        skip += 1;
                    }
                    continue;
                }
                match name {
                    "delText" | "instrText" | "Fallback" | "del" | "moveFrom" if !empty => skip = 1,
                    "p" => {
                        d.paras.push(String::new());
                        if empty {
                            d.end_paragraph();
                        }
                    }
                    "r" if !empty => runs += 1,
                    "t" if !empty => in_text = true,
                    "tab" | "ptab" if runs > 0 => d.push_text("  "),
                    "br" | "cr" if runs > 0 => d.push_text("\n"),
                    "noBreakHyphen" if runs > 0 => d.push_text("-"),
                    "tbl" => {
                        if d.tables.len() < 16 {
                            d.tables.push(Table::default());
                        } else {
                            skip = usize::from(!empty);
                        }
                    }
                    "tr" => {
                        if let Some(t) = d.tables.last_mut() {
                            t.row = Some(t.row.map_or(0, |r| r + 1));
                            t.col = 0;
                        }
                    }
                    "gridBefore" => {
                        if let Some(t) = d.tables.last_mut() {
                            let n: u32 = attr(e, "val").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
                            t.col = t.col.saturating_add(n.min(super::grid::MAX_COLS));
                        }
                    }
                    "tc" => {
                        if let Some(t) = d.tables.last_mut() {
                            t.cell = Some(Cell {
                                col: t.col,
                                span: 1,
                                ..Cell::default()
                            });
                            if empty {
                                end_cell(t);
                            }
                        }
                    }
                    "gridSpan" => {
                        if let Some(c) = d.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            let n: u32 = attr(e, "val").and_then(|v| v.trim().parse().ok()).unwrap_or(1);
                            c.span = n.clamp(1, super::grid::MAX_COLS);
                        }
                    }
                    "vMerge" => {
                        if let Some(c) = d.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            c.vmerge = Some(attr(e, "val").is_some_and(|v| v == "restart"));
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
                    "t" => in_text = false,
                    "r" => runs = runs.saturating_sub(1),
                    "p" => d.end_paragraph(),
                    "tc" => {
                        if let Some(t) = d.tables.last_mut() {
                            end_cell(t);
                        }
                    }
                    "tbl" => d.end_table(),
                    _ => {}
                }
            }
            Ok(Event::Text(ref t)) if in_text && skip == 0 => d.push_text(&t.xml10_content()),
            Ok(Event::CData(ref t)) if in_text && skip == 0 => d.push_text(&t.xml10_content()),
            Ok(Event::GeneralRef(ref g)) if in_text && skip == 0 => d.push_text(&entity(g)),
            Ok(Event::Eof) => break,
            Err(_) => return Err(broken(part)),
            _ => {}
        }
    }
    // unclosed elements at the end of a damaged part
    while !d.paras.is_empty() {
        d.end_paragraph();
    }
    while !d.tables.is_empty() {
        d.end_table();
    }
    Ok(d.out.finish())
}

/// Puts the finished cell into the grid.
fn end_cell(t: &mut Table) {
    let Some(c) = t.cell.take() else { return };
    let row = t.row.unwrap_or(0);
    let last = c.col.saturating_add(c.span - 1);
    match c.vmerge {
        Some(false) => {
            // continues the merge that starts above in this column
            if let Some(&(_, k)) = t.open.iter().find(|(col, _)| *col == c.col) {
                t.merges[k].r1 = row;
            }
        }
        _ => {
            t.open.retain(|(col, _)| *col < c.col || *col > last);
            t.grid.set(row, c.col, &c.text, false);
            if c.span > 1 || c.vmerge == Some(true) {
                t.merges.push(Merge {
                    r0: row,
                    c0: c.col,
                    r1: row,
                    c1: last,
                });
                if c.vmerge == Some(true) {
                    t.open.push((c.col, t.merges.len() - 1));
                }
            }
        }
    }
    t.col = last.saturating_add(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        document(&xml, "word/document.xml").unwrap().text
    }

    #[test]
    fn paragraphs_and_runs() {
        assert_eq!(
            doc("<w:p><w:pPr><w:pStyle w:val=\"1\"/></w:pPr><w:r><w:t>一、部门</w:t></w:r><w:r><w:t xml:space=\"preserve\">职责 &amp; 机构</w:t></w:r></w:p>\
                 <w:p/><w:p><w:r><w:t>收入</w:t><w:tab/><w:t>1.00</w:t><w:br/><w:t>下一行</w:t></w:r>\
                 <w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"),
            "一、部门职责 & 机构\n\n收入  1.00\n下一行\n"
        );
    }

    #[test]
    fn tables_with_spans_and_vertical_merges() {
        let tc = |t: &str, pr: &str| {
            format!("<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>")
        };
        let body = format!(
            "<w:p><w:r><w:t>一般公共预算“三公”经费支出表</w:t></w:r></w:p><w:tbl>\
             <w:tr>{}{}{}{}</w:tr><w:tr>{}{}{}{}{}</w:tr><w:tr>{}{}{}{}{}</w:tr></w:tbl><w:p><w:r><w:t>注：无</w:t></w:r></w:p>",
            tc("合计", "<w:vMerge w:val=\"restart\"/>"),
            tc("公务用车购置及运行费", "<w:gridSpan w:val=\"3\"/>"),
            tc("公务接待费", "<w:vMerge w:val=\"restart\"/>"),
            "",
            tc("", "<w:vMerge/>"),
            tc("小计", ""),
            tc("购置费", ""),
            tc("运行费", ""),
            tc("", "<w:vMerge/>"),
            tc("10.00", ""),
            tc("5.00", ""),
            tc("1.00", ""),
            tc("4.00", ""),
            tc("5.00", ""),
        );
        assert_eq!(
            doc(&body),
            "一般公共预算“三公”经费支出表\n\n\
             合计\t公务用车购置及运行费\t公务用车购置及运行费\t公务用车购置及运行费\t公务接待费\n\
             \t小计\t购置费\t运行费\n\
             10.00\t5.00\t1.00\t4.00\t5.00\n\n注：无\n"
        );
    }

    #[test]
    fn nested_tables_are_noted() {
        let tc = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let inner = format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("合计"), tc("12.00"));
        let body = format!(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外</w:t></w:r></w:p>{inner}</w:tc>{}</w:tr></w:tbl>",
            tc("5.00")
        );
        let xml = format!(
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        let e = document(&xml, "word/document.xml").unwrap();
        assert!(e.text.contains("合计 12.00"), "{:?}", e.text);
        let note = e
            .notes
            .iter()
            .find(|n| n.code == "nested-tables")
            .expect("a note");
        assert!(note.message_zh.contains("嵌套了 1 个表格"), "{}", note.message_zh);
        let flat = document(&xml.replace(&inner, ""), "word/document.xml").unwrap();
        assert!(flat.notes.iter().all(|n| n.code != "nested-tables"));
    }

    #[test]
    fn damaged_xml_is_an_error() {
        let e = document("<w:document><w:body><w:p></w:body>", "word/document.xml").unwrap_err();
        assert!(e.message_zh.contains("无法解析"), "{e:?}");
    }
}
