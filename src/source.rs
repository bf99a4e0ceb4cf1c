//! Provenance: where each piece of a document's text was read from.
//!
//! Every reader produces text lines for the parser and, beside them, a [`SourceMap`]: for a
//! PDF, the page of each line and the box (in points) of every cell laid out on it; for a
//! spreadsheet, the sheet and row of each line and the column of every tab-separated field.
//! Pasted text needs no map: its lines and columns are its own provenance.
//!
//! After the checks, [`SourceMap::locate`] turns a report location (a source line and the
//! text printed there) into a [`Source`]: "第 3 页" with the box of the printed number,
//! "表5!D12", or line and column. The page view and the annotated PDF draw these boxes.

use serde::{Deserialize, Serialize};

/// A box on a PDF page in points: origin at the top-left corner of the page as displayed
/// (its crop box, turned by its `/Rotate`), y down — the frame a page is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rect {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

// boxes are built from finite glyph positions only (the PDF reader drops NaN and infinities)
impl Eq for Rect {}

impl Rect {
    /// The smallest box holding both.
    pub fn union(self, o: Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }

    /// True when `o` lies inside this box, allowing `slack` points on every side.
    #[allow(clippy::float_arithmetic)] // geometry, not money
    pub fn contains(&self, o: &Rect, slack: f32) -> bool {
        o.x0 >= self.x0 - slack
            && o.y0 >= self.y0 - slack
            && o.x1 <= self.x1 + slack
            && o.y1 <= self.y1 + slack
    }
}

/// A cell laid out on a line of PDF text: its character columns in the line
/// (`start..end`, counted in characters, without the page's form feed) and its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// First character column.
    pub start: u32,
    /// One past the last character column.
    pub end: u32,
    /// Where the cell's glyphs are on the page.
    pub rect: Rect,
}

/// Where one line of text came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LineSource {
    /// A line laid out from a PDF page (1-based) and the cells on it.
    Pdf {
        /// 1-based page.
        page: u32,
        /// The cells, left to right.
        pieces: Vec<Piece>,
    },
    /// A row of a sheet or of a table in a Word or HTML document: field `i` of the
    /// tab-separated line is column `first_col + i` (both 0-based).
    Grid {
        /// The sheet's name (or "表格 2" for the second table of a document).
        sheet: String,
        /// 0-based row.
        row: u32,
        /// 0-based column of the first field.
        first_col: u32,
    },
}

/// The provenance of every line of a text (line `n` is `lines[n - 1]`); lines without an
/// entry are their own provenance (pasted text, titles written from a sheet's name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceMap {
    /// File names, when the text was read from several files.
    files: Vec<String>,
    /// Per line: the file (index into `files`) and where the line came from.
    lines: Vec<Option<(u16, LineSource)>>,
}

/// Where a location of the report was printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// A box on a PDF page.
    Pdf {
        /// The file, when the document was read from several.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        file: Option<String>,
        /// 1-based page.
        page: u32,
        /// The box of the printed text (points, top-left origin, y down).
        rect: Rect,
        /// False when the text could not be found among the line's cells and `rect` is the
        /// whole line's box.
        exact: bool,
    },
    /// A cell of a sheet (or of a table in a Word or HTML document).
    Cell {
        /// The file, when the document was read from several.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        file: Option<String>,
        /// The sheet's name.
        sheet: String,
        /// The cell's address (`D12`).
        cell: String,
    },
    /// A place in text: 1-based line and character column.
    Text {
        /// The file, when the document was read from several.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        file: Option<String>,
        /// 1-based line.
        line: u32,
        /// 1-based character column.
        column: u32,
    },
}

impl Source {
    /// "第 3 页", "表5!D12" or "第 12 行第 5 列" (with the file first when there are several).
    pub fn label_zh(&self) -> String {
        self.label(
            |page| format!("第 {page} 页"),
            |line, column| format!("第 {line} 行第 {column} 列"),
        )
    }

    /// "page 3", "表5!D12" or "line 12, column 5".
    pub fn label_en(&self) -> String {
        self.label(
            |page| format!("page {page}"),
            |line, column| format!("line {line}, column {column}"),
        )
    }

    fn label(&self, page: impl Fn(u32) -> String, text: impl Fn(u32, u32) -> String) -> String {
        let (file, place) = match self {
            Source::Pdf { file, page: p, .. } => (file, page(*p)),
            Source::Cell { file, sheet, cell } => (file, format!("{sheet}!{cell}")),
            Source::Text { file, line, column } => (file, text(*line, *column)),
        };
        match file {
            Some(f) => format!("{f} {place}"),
            None => place,
        }
    }
}

/// The spreadsheet name of a 0-based column (0 → A, 26 → AA).
pub fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(char::from(b'A' + r));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// True when no line has a source.
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(Option::is_none)
    }

    /// Lines covered (the last line with a source, or further when lines were added).
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Sets the source of 1-based line `line`.
    pub fn set(&mut self, line: u32, source: LineSource) {
        let i = line.saturating_sub(1) as usize;
        if self.lines.len() <= i {
            self.lines.resize(i + 1, None);
        }
        self.lines[i] = Some((0, source));
    }

    /// Records the rows of a grid written from 1-based line `first_line` on, as
    /// [`crate::input::grid::Grid::render_mapped`] lists them: (line from there, row, first column).
    pub fn set_grid_rows(&mut self, first_line: usize, sheet: &str, rows: &[(u32, u32, u32)]) {
        for &(line, row, first_col) in rows {
            let at = u32::try_from(first_line + line as usize).unwrap_or(u32::MAX);
            self.set(
                at,
                LineSource::Grid {
                    sheet: sheet.to_string(),
                    row,
                    first_col,
                },
            );
        }
    }

    /// The source of 1-based line `line`.
    pub fn get(&self, line: u32) -> Option<&LineSource> {
        self.lines
            .get(line.checked_sub(1)? as usize)
            .and_then(|l| l.as_ref())
            .map(|(_, s)| s)
    }

    /// Appends `other`, whose line 1 is line `first_line` of this map's text, read from the
    /// file `name` (files are named in sources once a map holds more than one).
    pub fn append(&mut self, first_line: u32, name: &str, other: SourceMap) {
        let file = u16::try_from(self.files.len()).unwrap_or(u16::MAX);
        self.files.push(name.to_string());
        let at = first_line.saturating_sub(1) as usize;
        if self.lines.len() < at {
            self.lines.resize(at, None);
        }
        self.lines.truncate(at);
        self.lines
            .extend(other.lines.into_iter().map(|l| l.map(|(_, s)| (file, s))));
    }

    fn file_of(&self, line: u32) -> Option<String> {
        if self.files.len() < 2 {
            return None;
        }
        let (f, _) = self.lines.get(line.checked_sub(1)? as usize)?.as_ref()?;
        self.files.get(*f as usize).cloned()
    }

    /// Where `needle` was printed on 1-based line `line` of `text` (its `nth` occurrence as a
    /// whole token, 0-based; an occurrence that is part of a longer number does not count).
    /// When the line does not hold it, the next `spill` lines are searched (a row rebuilt
    /// from several lines). `None` when the line does not exist.
    pub fn locate(&self, text: &str, line: u32, needle: &str, nth: usize, spill: u32) -> Option<Source> {
        let lines: Vec<&str> = text.split('\n').collect();
        self.locate_in(&lines, line, needle, nth, spill)
    }

    /// [`SourceMap::locate`] on a text already split at `\n`.
    pub fn locate_in(
        &self,
        lines: &[&str],
        line: u32,
        needle: &str,
        nth: usize,
        spill: u32,
    ) -> Option<Source> {
        let needle = needle.trim();
        let line_text = |n: u32| -> Option<String> {
            let raw = lines.get(n.checked_sub(1)? as usize)?;
            Some(crate::parse::normalize::normalize_line(
                raw.trim_start_matches('\u{c}'),
            ))
        };
        let first = line_text(line)?;
        // (line, char start, char end) of every part of the text found
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        let number = crate::parse::lexer::parse_number(needle).is_some();
        if number {
            for n in line..=line.saturating_add(spill) {
                let Some(t) = (if n == line {
                    Some(first.clone())
                } else {
                    line_text(n)
                }) else {
                    break;
                };
                let hits = token_hits(&t, needle);
                let pick = if n == line {
                    hits.get(nth).or(hits.first())
                } else {
                    hits.first()
                };
                if let Some(&(s, e)) = pick {
                    found.push((n, s, e));
                    break;
                }
            }
        } else {
            // words: spaces do not count (spaced-out headers, words wrapped over lines); the
            // text may start on a later line of a merged row and run on over the next lines
            let mut rest: Vec<char> = needle.chars().filter(|c| !c.is_whitespace()).collect();
            let mut n = line;
            while !rest.is_empty()
                && n <= line.saturating_add(spill.max(if found.is_empty() { 0 } else { 8 }))
            {
                let Some(t) = (if n == line {
                    Some(first.clone())
                } else {
                    line_text(n)
                }) else {
                    break;
                };
                match prefix_hit(&t, &rest, !found.is_empty()) {
                    Some((s, e, used)) => {
                        found.push((n, s, e));
                        rest.drain(..used);
                    }
                    None if !found.is_empty() => break,
                    None => {}
                }
                n += 1;
            }
        }
        let file = self.file_of(line);
        let Some(&(at, start, _)) = found.first() else {
            let column = first_column(&first);
            return Some(match self.get(line) {
                Some(LineSource::Pdf { page, pieces }) => {
                    match pieces.iter().map(|p| p.rect).reduce(Rect::union) {
                        Some(rect) => Source::Pdf {
                            file,
                            page: *page,
                            rect,
                            exact: false,
                        },
                        None => Source::Text {
                            file,
                            line,
                            column: column + 1,
                        },
                    }
                }
                Some(LineSource::Grid {
                    sheet,
                    row,
                    first_col,
                }) => Source::Cell {
                    file,
                    sheet: sheet.clone(),
                    cell: format!("{}{}", column_name(*first_col), row.saturating_add(1)),
                },
                None => Source::Text {
                    file,
                    line,
                    column: column + 1,
                },
            });
        };
        Some(match self.get(at) {
            Some(LineSource::Pdf { page, .. }) => {
                // the boxes of the cells the text covers, on the first part's page
                let rect = found
                    .iter()
                    .filter_map(|&(n, s, e)| match self.get(n) {
                        Some(LineSource::Pdf { page: p, pieces }) if p == page => pieces
                            .iter()
                            .filter(|pc| pc.start < e.max(s + 1) && s < pc.end)
                            .map(|pc| pc.rect)
                            .reduce(Rect::union),
                        _ => None,
                    })
                    .reduce(Rect::union);
                match rect {
                    Some(rect) => Source::Pdf {
                        file,
                        page: *page,
                        rect,
                        exact: true,
                    },
                    None => Source::Text {
                        file,
                        line: at,
                        column: start + 1,
                    },
                }
            }
            Some(LineSource::Grid {
                sheet,
                row,
                first_col,
            }) => {
                let t = if at == line {
                    first.clone()
                } else {
                    line_text(at).unwrap_or_default()
                };
                let field = t.chars().take(start as usize).filter(|&c| c == '\t').count() as u32;
                Source::Cell {
                    file,
                    sheet: sheet.clone(),
                    cell: format!(
                        "{}{}",
                        column_name(first_col.saturating_add(field)),
                        row.saturating_add(1)
                    ),
                }
            }
            None => Source::Text {
                file,
                line: at,
                column: start + 1,
            },
        })
    }
}

/// Where the longest start of `needle` (at least four characters, or all of it when shorter)
/// is printed in `hay`, spaces in `hay` not counted: its character start and end in `hay` and
/// how many characters of `needle` it covers. With `leading`, the match must start at the
/// line's first character (the rest of a text wrapped from the line above).
fn prefix_hit(hay: &str, needle: &[char], leading: bool) -> Option<(u32, u32, usize)> {
    // the line's characters without spaces, with their positions
    let chars: Vec<(u32, char)> = hay
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (i as u32, c))
        .collect();
    let min = needle.len().min(4);
    let mut best: Option<(u32, u32, usize)> = None;
    let starts: Vec<usize> = if leading {
        (0..chars.len().min(1)).collect()
    } else {
        (0..chars.len()).filter(|&i| chars[i].1 == needle[0]).collect()
    };
    for i in starts {
        let k = chars[i..]
            .iter()
            .zip(needle)
            .take_while(|((_, a), b)| a == *b)
            .count();
        if k >= min && best.is_none_or(|(_, _, b)| k > b) {
            best = Some((chars[i].0, chars[i + k - 1].0 + 1, k));
            if k == needle.len() {
                break;
            }
        }
    }
    best
}

/// 0-based character column of the first non-blank character.
fn first_column(s: &str) -> u32 {
    s.chars().take_while(|c| c.is_whitespace()).count() as u32
}

/// The character ranges where `needle` occurs in `hay` as a whole token: a number is not
/// found inside a longer number ("30.00" in "130.00" or "30.005").
fn token_hits(hay: &str, needle: &str) -> Vec<(u32, u32)> {
    let numberish = |c: char| c.is_ascii_digit() || c == '.' || c == ',';
    let starts_num = needle.chars().next().is_some_and(numberish);
    let ends_num = needle.chars().last().is_some_and(numberish);
    let mut out = Vec::new();
    for (b, _) in hay.match_indices(needle) {
        let before = hay[..b].chars().last();
        let after = hay[b + needle.len()..].chars().next();
        if (starts_num && before.is_some_and(|c| numberish(c) || c == '-'))
            || (ends_num && after.is_some_and(numberish))
        {
            continue;
        }
        let s = hay[..b].chars().count() as u32;
        out.push((s, s + needle.chars().count() as u32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x0: f32, x1: f32) -> Rect {
        Rect {
            x0,
            y0: 10.0,
            x1,
            y1: 20.0,
        }
    }

    #[test]
    fn columns_are_named_like_a_spreadsheet() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(3), "D");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn a_number_is_found_as_a_whole_token() {
        assert_eq!(token_hits("合计 130.00 30.00", "30.00"), vec![(10, 15)]);
        assert_eq!(token_hits("30.00 30.00", "30.00"), vec![(0, 5), (6, 11)]);
        assert!(token_hits("-30.00", "30.00").is_empty());
    }

    #[test]
    fn pdf_lines_give_the_box_of_the_cell() {
        let text = "title\n合计   130.00   30.00\n";
        let mut map = SourceMap::new();
        map.set(
            2,
            LineSource::Pdf {
                page: 3,
                pieces: vec![
                    Piece {
                        start: 0,
                        end: 2,
                        rect: r(50.0, 74.0),
                    },
                    Piece {
                        start: 5,
                        end: 11,
                        rect: r(100.0, 130.0),
                    },
                    Piece {
                        start: 14,
                        end: 19,
                        rect: r(160.0, 185.0),
                    },
                ],
            },
        );
        let s = map.locate(text, 2, "30.00", 0, 0).unwrap();
        assert_eq!(
            s,
            Source::Pdf {
                file: None,
                page: 3,
                rect: r(160.0, 185.0),
                exact: true
            }
        );
        assert_eq!(s.label_zh(), "第 3 页");
        // not on the line: the line's box, marked inexact
        let s = map.locate(text, 2, "999.00", 0, 0).unwrap();
        assert!(matches!(s, Source::Pdf { exact: false, .. }));
        let s = map.locate(text, 2, "合 计", 0, 0).unwrap();
        assert!(matches!(s, Source::Pdf { exact: true, rect, .. } if rect == r(50.0, 74.0)));
        let s = map.locate(text, 2, "999.00", 0, 0).unwrap();
        assert!(matches!(s, Source::Pdf { exact: false, rect, .. } if rect == r(50.0, 185.0)));
        // a line without a source is text
        assert_eq!(
            map.locate(text, 1, "title", 0, 0),
            Some(Source::Text {
                file: None,
                line: 1,
                column: 1
            })
        );
        assert_eq!(map.locate(text, 9, "x", 0, 0), None);
    }

    #[test]
    fn words_are_found_across_spaces_and_lines() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        assert_eq!(
            prefix_hit("  预 算 数  合计", &chars("预算数"), false),
            Some((2, 7, 3))
        );
        // the start of a sentence that runs on
        assert_eq!(
            prefix_hit(
                "一、收入预算总计100万元，",
                &chars("收入预算总计100万元，比上年"),
                false
            ),
            Some((2, 14, 12))
        );
        assert_eq!(prefix_hit("比上年增加", &chars("比上年"), true), Some((0, 3, 3)));
        assert_eq!(prefix_hit("其他 比上年", &chars("比上年"), true), None);
        let text = "一、收入预算总计100万元，\n比上年增加10万元。\n";
        let mut map = SourceMap::new();
        map.set(
            1,
            LineSource::Pdf {
                page: 2,
                pieces: vec![Piece {
                    start: 0,
                    end: 15,
                    rect: r(50.0, 300.0),
                }],
            },
        );
        let mut second = r(50.0, 150.0);
        second.y0 = 30.0;
        second.y1 = 40.0;
        map.set(
            2,
            LineSource::Pdf {
                page: 2,
                pieces: vec![Piece {
                    start: 0,
                    end: 10,
                    rect: second,
                }],
            },
        );
        let s = map
            .locate(text, 1, "收入预算总计100万元，比上年增加10万元。", 0, 1)
            .unwrap();
        let Source::Pdf {
            rect, exact: true, ..
        } = s
        else {
            panic!("{s:?}")
        };
        assert_eq!((rect.y0, rect.y1, rect.x1), (10.0, 40.0, 300.0));
    }

    #[test]
    fn grid_lines_give_the_cell_address() {
        let text = "收入\t\n合计\t130.00\t30.00\n";
        let mut map = SourceMap::new();
        map.set(
            2,
            LineSource::Grid {
                sheet: "表5".into(),
                row: 11,
                first_col: 1,
            },
        );
        let s = map.locate(text, 2, "30.00", 0, 0).unwrap();
        assert_eq!(s.label_zh(), "表5!D12");
        assert_eq!(map.locate(text, 2, "合计", 0, 0).unwrap().label_en(), "表5!B12");
    }

    #[test]
    fn appended_maps_name_their_files() {
        let mut one = SourceMap::new();
        one.set(
            1,
            LineSource::Pdf {
                page: 1,
                pieces: vec![Piece {
                    start: 0,
                    end: 3,
                    rect: r(0.0, 9.0),
                }],
            },
        );
        let mut all = SourceMap::new();
        all.append(1, "a.pdf", SourceMap::new());
        all.append(3, "b.pdf", one);
        let text = "x\n\nabc\n";
        let s = all.locate(text, 3, "abc", 0, 0).unwrap();
        assert_eq!(s.label_zh(), "b.pdf 第 1 页");
    }
}

/// A sheet (or a Word/HTML table) drawn as SVG from the text read from it, for the page view:
/// the cells where the reader put them, with the sheet's column letters and row numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSvg {
    /// The SVG (`viewBox` in points).
    pub svg: String,
    /// Width (points).
    pub width: f32,
    /// Height (points).
    pub height: f32,
    /// The box of each requested cell (`None` when it is outside what was read).
    pub rects: Vec<Option<Rect>>,
}

/// Most rows and columns drawn.
const SHEET_MAX_ROWS: u32 = 3_000;
const SHEET_MAX_COLS: u32 = 200;

/// The column and row (0-based) of an address like `D12`.
fn parse_cell(addr: &str) -> Option<(u32, u32)> {
    let letters: String = addr.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let digits = &addr[letters.len()..];
    if letters.is_empty()
        || letters.len() > 3
        || digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    let row = digits.parse::<u32>().ok()?.checked_sub(1)?;
    Some((col, row))
}

/// Draws sheet `sheet` of `file` (`None`: the only file) from `text` and its source map, and
/// gives the boxes of `cells` (addresses such as `D12`). `None` when no line of the text came
/// from that sheet.
#[allow(clippy::float_arithmetic)] // geometry only: amounts are never floats
pub fn draw_sheet(
    text: &str,
    sources: &SourceMap,
    file: Option<&str>,
    sheet: &str,
    cells: &[String],
) -> Option<SheetSvg> {
    use std::collections::BTreeMap;
    use std::fmt::Write as _;
    let mut grid: BTreeMap<(u32, u32), &str> = BTreeMap::new();
    for (i, line) in text.split('\n').enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let Some(LineSource::Grid {
            sheet: s,
            row,
            first_col,
        }) = sources.get(n)
        else {
            continue;
        };
        if s != sheet || sources.file_of(n).as_deref() != file || *row >= SHEET_MAX_ROWS {
            continue;
        }
        for (k, field) in line.trim_end_matches('\r').split('\t').enumerate() {
            let col = first_col.saturating_add(k as u32);
            if col < SHEET_MAX_COLS && !field.trim().is_empty() {
                grid.insert((*row, col), field.trim());
            }
        }
    }
    let wanted: Vec<Option<(u32, u32)>> = cells.iter().map(|c| parse_cell(c)).collect();
    if grid.is_empty() {
        return None;
    }
    let rows = grid
        .keys()
        .map(|k| k.0)
        .chain(wanted.iter().flatten().map(|w| w.1))
        .max()
        .unwrap_or(0)
        .min(SHEET_MAX_ROWS - 1)
        + 1;
    let cols = grid
        .keys()
        .map(|k| k.1)
        .chain(wanted.iter().flatten().map(|w| w.0))
        .max()
        .unwrap_or(0)
        .min(SHEET_MAX_COLS - 1)
        + 1;
    // column widths from their longest text (a CJK character is two Latin ones wide)
    let font = 10.0f32;
    let mut widths = vec![36.0f32; cols as usize];
    for (&(_, c), t) in &grid {
        let units: usize = t.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum();
        let w = (units as f32 * font * 0.55 + 10.0).clamp(36.0, 240.0);
        let slot = &mut widths[c as usize];
        *slot = slot.max(w);
    }
    let (head_w, row_h) = (40.0f32, 18.0f32);
    let mut xs = vec![head_w];
    for w in &widths {
        let last = *xs.last().unwrap_or(&head_w);
        xs.push(last + w);
    }
    let width = *xs.last().unwrap_or(&head_w);
    let height = row_h * (rows as f32 + 1.0);
    let y_of = |r: u32| row_h * (r as f32 + 1.0);
    let mut svg = String::with_capacity(64 * grid.len() + 1024);
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-family="system-ui,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif" font-size="{font}"><rect width="100%" height="100%" fill="#fff"/><rect width="100%" height="{row_h}" fill="#f2f4f7"/><rect width="{head_w}" height="100%" fill="#f2f4f7"/><g stroke="#d0d5dd" stroke-width="0.5">"##
    );
    for r in 0..=rows + 1 {
        let y = row_h * r as f32;
        let _ = write!(svg, r#"<line x1="0" y1="{y}" x2="{width}" y2="{y}"/>"#);
    }
    for x in std::iter::once(0.0).chain(xs.iter().copied()) {
        let _ = write!(svg, r#"<line x1="{x}" y1="0" x2="{x}" y2="{height}"/>"#);
    }
    svg.push_str(r##"</g><g fill="#475467" text-anchor="middle">"##);
    for c in 0..cols {
        let x = (xs[c as usize] + xs[c as usize + 1]) / 2.0;
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{}">{}</text>"#,
            row_h - 5.0,
            column_name(c)
        );
    }
    for r in 0..rows {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}">{}</text>"#,
            head_w / 2.0,
            y_of(r) + row_h - 5.0,
            r + 1
        );
    }
    svg.push_str(r##"</g><g fill="#101828">"##);
    for (&(r, c), t) in &grid {
        let numeric = t.chars().all(|ch| ch.is_ascii_digit() || ",.-%()".contains(ch));
        let (x, anchor) = if numeric {
            (xs[c as usize + 1] - 4.0, "end")
        } else {
            (xs[c as usize] + 4.0, "start")
        };
        // at most what the column can show
        let room = ((widths[c as usize] - 8.0) / (font * 0.55)) as usize;
        let mut shown = String::new();
        let mut used = 0;
        for ch in t.chars() {
            used += if ch.is_ascii() { 1 } else { 2 };
            if used > room {
                shown.push('…');
                break;
            }
            shown.push(ch);
        }
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{}" text-anchor="{anchor}" data-u=""#,
            y_of(r) + row_h - 5.0
        );
        escape_xml(&mut svg, t);
        svg.push_str(r#"">"#);
        escape_xml(&mut svg, &shown);
        svg.push_str("</text>");
    }
    svg.push_str("</g></svg>");
    let rects = wanted
        .iter()
        .map(|w| {
            let (c, r) = (*w)?;
            (c < cols && r < rows).then(|| Rect {
                x0: xs[c as usize],
                y0: y_of(r),
                x1: xs[c as usize + 1],
                y1: y_of(r) + row_h,
            })
        })
        .collect();
    Some(SheetSvg {
        svg,
        width,
        height,
        rects,
    })
}

/// Text made safe for an XML attribute or element (control characters become spaces): the
/// SVG the page view draws holds what the document printed, never markup from it.
pub fn escape_xml(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod sheet_tests {
    use super::*;

    #[test]
    fn a_sheet_is_drawn_with_its_cells_where_the_reader_put_them() {
        let text = "标题\n项目\t合计\t基本\n工资\t1,234.50\t1,234.50\n";
        let mut map = SourceMap::new();
        map.set_grid_rows(1, "表5", &[(1, 0, 1), (2, 1, 1)]);
        let s = draw_sheet(
            text,
            &map,
            None,
            "表5",
            &["C2".to_string(), "D3".to_string(), "Z99".to_string()],
        )
        .expect("drawn");
        assert!(s.svg.contains(r#"data-u="1,234.50""#), "{}", s.svg);
        assert!(s.svg.contains(">合计<") && s.svg.contains(">B<") && s.svg.contains(">3<"));
        let c2 = s.rects[0].expect("C2");
        let d3 = s.rects[1].expect("D3");
        assert!(d3.x0 >= c2.x1 && d3.y0 >= c2.y1, "{c2:?} {d3:?}");
        assert!(s.rects[2].is_some(), "a requested cell widens the grid");
        assert!(draw_sheet(text, &map, None, "表6", &[]).is_none());
        assert_eq!(parse_cell("AA10"), Some((26, 9)));
        assert_eq!(parse_cell("D0"), None);
        assert_eq!(parse_cell("12"), None);
    }
}
