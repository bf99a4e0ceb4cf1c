//! Text → [`Document`]: lines, blocks, tables, narrative and performance targets.
//!
//! Parsing is lenient: it never fails and never panics. What it cannot make sense of
//! becomes a positioned [`ParseIssue`].

pub mod lexer;
pub mod normalize;
pub mod perf;
pub mod perf_grid;
pub mod segment;
pub mod table;

use crate::model::{DocKind, Document, Paragraph, ParseIssue, Section, TableKind};
use lexer::Line;
use normalize::{squeeze, strip_markdown, tidy_label};
use segment::{blocks, BlockKind};

/// Most lines of a text that are parsed (twice the rows of the largest table): a real
/// disclosure has tens of thousands at most, and every line parsed costs memory.
pub const MAX_LINES: usize = 2 * crate::input::grid::MAX_ROWS as usize;

/// A table continued on the next page that could not be joined as read is read again with
/// the pages before it as one block only while the whole is at most this many lines.
const MAX_REREAD: usize = 3_000;

/// Longest paragraph built from wrapped lines (bytes): a line that would make it longer
/// starts a new one. Real paragraphs are a few kilobytes.
pub const MAX_PARAGRAPH_BYTES: usize = 100_000;

/// Parses a disclosure from text (pasted, `pdftotext -layout` output, tab-separated…); at
/// most [`MAX_LINES`] lines, and [`crate::input::grid::MAX_ROWS`] lines of one table, with a
/// parse issue `P005` for what is left unread.
pub fn parse_text(text: &str) -> Document {
    let (text, rest) = match text.match_indices('\n').nth(MAX_LINES - 1) {
        Some((at, _)) => (&text[..at], &text[at + 1..]),
        None => (text, ""),
    };
    // numbers wrapped over two lines rejoined first (the line count stays)
    let joined = normalize::rejoin_split_numbers(text);
    let (lines, cut) = lexer::lines_within_limits(&joined);
    let mut doc = Document {
        kind: DocKind::Unknown,
        year: None,
        department: None,
        tables: Vec::new(),
        sections: Vec::new(),
        performance: Vec::new(),
        issues: Vec::new(),
        units: Vec::new(),
    };
    if let Some((first, cut)) = cut {
        doc.issues.push(ParseIssue {
            code: "P005".into(),
            line: first,
            message_zh: format!(
                "第 {first} 行起有 {cut} 行超出读取上限（每行 {} 字节、{} 个单元格，全文 {} 个单元格），超出部分未读取，涉及的核对不作判断",
                lexer::MAX_LINE_BYTES,
                lexer::MAX_LINE_SPANS,
                lexer::MAX_SPANS
            ),
            message_en: format!(
                "{cut} line(s) from line {first} go beyond the reading limits ({} bytes and {} cells a line, {} cells in all); the rest was not read and the checks that need it are not evaluated",
                lexer::MAX_LINE_BYTES,
                lexer::MAX_LINE_SPANS,
                lexer::MAX_SPANS
            ),
        });
    }
    if !rest.is_empty() {
        let dropped = rest.lines().count();
        doc.issues.push(ParseIssue {
            code: "P005".into(),
            line: MAX_LINES as u32 + 1,
            message_zh: format!(
                "文本超过 {MAX_LINES} 行：第 {} 行起的 {dropped} 行未读取，其中的表格和说明不作核对",
                MAX_LINES + 1
            ),
            message_en: format!(
                "the text has more than {MAX_LINES} lines: the {dropped} from line {} were not read, nor the tables and text in them checked",
                MAX_LINES + 1
            ),
        });
    }
    let mut table_departments = Vec::new();
    let mut last_was_table = false;
    // where the last table (with the continuations joined to it) starts in `lines`
    let mut last_table_start = 0usize;
    // the 绩效 table read by columns last, to be read on when the next page continues it:
    // (its first entry in doc.performance, its lines)
    let mut grid: Option<(usize, Vec<Line>)> = None;
    for block in blocks(&lines) {
        let slice = &lines[block.start..block.end];
        match block.kind {
            BlockKind::Table { title, number } => {
                grid = None;
                // a text table has the row limit of a spreadsheet's (a generated text of a
                // million rows took 26 s and 5.9 GB)
                let max = crate::input::grid::MAX_ROWS as usize;
                let slice = if slice.len() > max {
                    doc.issues.push(ParseIssue {
                        code: "P005".into(),
                        line: slice[max].no,
                        message_zh: format!(
                            "表“{title}”超过 {max} 行：第 {} 行起的 {} 行未读取，涉及它们的核对不作判断",
                            slice[max].no,
                            slice.len() - max
                        ),
                        message_en: format!(
                            "table \"{title}\" has more than {max} lines: the {} from line {} were not read; the checks that need them are not evaluated",
                            slice.len() - max,
                            slice[max].no
                        ),
                    });
                    &slice[..max]
                } else {
                    slice
                };
                let kind = TableKind::from_title(&title);
                let id = doc.tables.len();
                let built = table::build_table(id, kind, title, number, slice);
                if let Some(d) = built.department {
                    table_departments.push(d);
                }
                let t = built.table;
                if t.unit.is_none() && !t.rows.is_empty() {
                    doc.issues.push(ParseIssue {
                        code: "P001".into(),
                        line: t.line,
                        message_zh: format!("表“{}”未注明金额单位（单位：元/万元）", t.title),
                        message_en: format!("table \"{}\" declares no unit (元/万元)", t.title),
                    });
                }
                if t.rows.is_empty() && t.empty_note.is_none() {
                    doc.issues.push(ParseIssue {
                        code: "P002".into(),
                        line: t.line,
                        message_zh: format!("表“{}”没有读到数据行，也没有“本表无数据”之类的说明", t.title),
                        message_en: format!(
                            "table \"{}\" has no data rows and no statement that it is empty",
                            t.title
                        ),
                    });
                }
                let uncertain: Vec<u32> = t.rows.iter().filter(|r| r.uncertain).map(|r| r.line).collect();
                if let Some(first) = uncertain.first() {
                    doc.issues.push(ParseIssue {
                        code: "P003".into(),
                        line: *first,
                        message_zh: format!(
                            "表“{}”有 {} 行的数字无法可靠地对齐到列（第 {} 行起），涉及这些行的核对不作判断",
                            t.title,
                            uncertain.len(),
                            first
                        ),
                        message_en: format!(
                            "table \"{}\": the numbers of {} row(s) could not be aligned to columns reliably (from line {}); checks that need them are not evaluated",
                            t.title,
                            uncertain.len(),
                            first
                        ),
                    });
                }
                doc.issues.extend(unreadable_amounts(slice, Some(&t.title)));
                // a table continued on the next page under its repeated title is one table
                match doc.tables.last_mut() {
                    Some(prev) if last_was_table && table::may_continue(prev, &t) => {
                        // the continuation alone may be too short to place its numbers (one
                        // row, blank cells, a column blank on the whole page): read both parts
                        // as one block, which keeps the first part's columns if the two really
                        // are one table; else join them as read if their columns agree
                        // (bounded: a long run of pages is read again only while short)
                        let joined = &lines[last_table_start..block.end];
                        let again = (joined.len() <= MAX_REREAD).then(|| {
                            table::build_table(
                                prev.id,
                                prev.kind,
                                prev.title.clone(),
                                prev.number.clone(),
                                joined,
                            )
                            .table
                        });
                        if let Some(again) = again.filter(|again| {
                            table::same_named_columns(prev, again)
                                && again.rows.len() == prev.rows.len() + t.rows.len()
                                && again.unit == prev.unit
                        }) {
                            *prev = again;
                        } else if table::continues(prev, &t) {
                            prev.append(t);
                        } else {
                            prev.continued = true;
                            last_table_start = block.start;
                            doc.tables.push(t);
                        }
                    }
                    _ => {
                        last_table_start = block.start;
                        doc.tables.push(t);
                    }
                }
                last_was_table = true;
                continue;
            }
            BlockKind::Performance => {
                last_was_table = false;
                doc.issues.extend(unreadable_amounts(slice, None));
                if perf_grid::applies(slice) || grid.is_some() && perf_grid::is_continuation(slice) {
                    match grid.as_mut() {
                        // (a bounded run: each page re-reads the table so far)
                        Some((at, prev)) if perf_grid::is_continuation(slice) && prev.len() < 20_000 => {
                            // the next page of the same table: read both as one
                            prev.extend(slice.iter().skip(1).cloned());
                            doc.performance.truncate(*at);
                            doc.performance.extend(perf_grid::parse(prev));
                        }
                        _ => {
                            let at = doc.performance.len();
                            doc.performance.extend(perf_grid::parse(slice));
                            grid = Some((at, slice.to_vec()));
                        }
                    }
                    continue;
                }
                grid = None;
                let pt = perf::parse_block(slice);
                // a title with nothing under it (a table of contents, an empty heading)
                if !pt.indicators.is_empty() || pt.project.is_some() || pt.total_funds.is_some() {
                    doc.performance.push(pt);
                }
            }
            BlockKind::Narrative => {
                // page furniture between the pages of a continued table is not a break
                last_was_table &= slice.iter().filter(|l| !l.is_blank()).count() <= 3;
                if slice.iter().filter(|l| !l.is_blank()).count() > 3 {
                    grid = None;
                }
                doc.issues.extend(unreadable_amounts(slice, None));
                narrative(slice, &mut doc.sections);
            }
        }
    }
    metadata(&lines, &mut doc, &table_departments);
    doc.units = units(&doc.tables);
    doc
}

/// The numbers of a block that cannot be read as amounts ([`lexer::is_unreadable_number`]:
/// too many digits, thousands separators that do not group by three), as one `P004` issue
/// naming the first and counting the others: the checks that need them are not evaluated,
/// and the report says why instead of passing over them. In a table every such number
/// counts; elsewhere (narrative, 绩效目标表) a number followed by 元, 万元, 亿元 or %.
fn unreadable_amounts(lines: &[Line], table: Option<&str>) -> Option<ParseIssue> {
    let mut first: Option<(u32, String)> = None;
    let mut count = 0usize;
    for line in lines {
        let chars: Vec<char> = line.text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let numeric = |c: char| c.is_ascii_digit() || c == ',' || c == '.';
            if !chars[i].is_ascii_digit() || (i > 0 && numeric(chars[i - 1])) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && numeric(chars[i]) {
                i += 1;
            }
            let mut end = i;
            while end > start && matches!(chars[end - 1], ',' | '.') {
                end -= 1;
            }
            let word: String = chars[start..end].iter().collect();
            if !lexer::is_unreadable_number(&word) {
                continue;
            }
            let after: String = chars[end..].iter().filter(|c| **c != ' ').take(2).collect();
            let amount = table.is_some() || ["元", "万元", "亿元", "%"].iter().any(|u| after.starts_with(u));
            if amount {
                count += 1;
                first.get_or_insert((line.no, word));
            }
        }
    }
    let (line, word) = first?;
    // a number of thousands of digits is not quoted whole
    let shown: String = if word.chars().count() > 40 {
        word.chars().take(40).chain(['…']).collect()
    } else {
        word
    };
    let (where_zh, where_en) = match table {
        Some(t) => (format!("表“{t}”"), format!("table \"{t}\"")),
        None => ("说明".to_string(), "the text".to_string()),
    };
    Some(ParseIssue {
        code: "P004".into(),
        line,
        message_zh: format!(
            "无法读取的金额：{where_zh}第 {line} 行的“{shown}”位数过多或千位分隔不对{}，涉及的核对不作判断",
            if count > 1 { format!("（共 {count} 处）") } else { String::new() }
        ),
        message_en: format!(
            "unreadable amount: \"{shown}\" on line {line} of {where_en} has too many digits or misplaced thousands separators{}; the checks that need it are not evaluated",
            if count > 1 { format!(" ({count} in all)") } else { String::new() }
        ),
    })
}

/// Heading lines: markdown headings, 第X部分, enumerated short lines without a full stop.
fn is_heading(line: &Line) -> bool {
    let raw = line.text.trim_start();
    if raw.starts_with('#') {
        return true;
    }
    let t = strip_markdown(&line.text);
    let sq = squeeze(t);
    let n = sq.chars().count();
    if n == 0 || n > 60 || sq.contains('。') || sq.ends_with('；') || sq.ends_with('，') {
        return false;
    }
    if sq.starts_with('第') && sq.contains("部分") {
        return true;
    }
    let (rest, num) = segment::strip_enumerator(t);
    num.is_some()
        && num.is_some_and(|n| n.chars().all(|c| "一二三四五六七八九十".contains(c)))
        && !rest.is_empty()
        && n <= 45
        && !rest.chars().any(|c| c.is_ascii_digit())
}

/// Leading spaces of a line.
fn lead(text: &str) -> usize {
    text.chars().take_while(|c| *c == ' ').count()
}

/// The left margin of each page's text in `lines` (page → spaces): a PDF page set in from the
/// left prints its paragraphs' continuation lines at some indentation ("       款支出预算…") and
/// their first lines further in ("           支出预算…"). The margin is the smallest
/// indentation, and only when at least two lines are printed at it and some line further in:
/// a page whose lines all share one indentation keeps margin 0 (every indented line starts a
/// paragraph, as before).
fn page_margins(lines: &[Line]) -> std::collections::HashMap<u32, usize> {
    let mut by_page: std::collections::HashMap<u32, Vec<usize>> = std::collections::HashMap::new();
    for l in lines.iter().filter(|l| !l.is_blank() && !l.tabbed) {
        let t = l.text.trim();
        if t.is_empty() || is_page_number(t) || is_heading(l) {
            continue;
        }
        by_page.entry(l.page).or_default().push(lead(&l.text));
    }
    by_page
        .into_iter()
        .map(|(page, leads)| {
            let min = leads.iter().copied().min().unwrap_or(0);
            let at_min = leads.iter().filter(|&&x| x == min).count();
            let further = leads.iter().any(|&x| x >= min + 2);
            (page, if at_min >= 2 && further { min } else { 0 })
        })
        .collect()
}

/// Display width of a line (a CJK character takes two columns).
fn width(text: &str) -> usize {
    text.trim_end()
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum()
}

fn narrative(lines: &[Line], sections: &mut Vec<Section>) {
    let margins = page_margins(lines);
    // the widest line of each page: a paragraph's last line stops short of it
    let mut widest: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for l in lines.iter().filter(|l| !l.is_blank()) {
        let w = widest.entry(l.page).or_default();
        *w = (*w).max(width(&l.text));
    }
    let mut last_short_end = false;
    let mut para: Option<Paragraph> = None;
    let flush = |para: &mut Option<Paragraph>, sections: &mut Vec<Section>| {
        if let Some(p) = para.take() {
            if sections.is_empty() {
                sections.push(Section {
                    heading: String::new(),
                    line: p.line,
                    paragraphs: Vec::new(),
                });
            }
            if let Some(s) = sections.last_mut() {
                s.paragraphs.push(p);
            }
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            // pdftotext puts blank lines inside paragraphs at page breaks; markdown between them
            if !line.tabbed && !page_break_within(lines, i) {
                flush(&mut para, sections);
            }
            continue;
        }
        let text = strip_markdown(&line.text);
        if text.is_empty()
            || text
                .chars()
                .all(|c| c == '-' || c == '—' || c == ' ' || c == '\t')
        {
            continue;
        }
        if is_page_number(text) || bare_page_number(lines, i) {
            continue;
        }
        if is_heading(line) {
            flush(&mut para, sections);
            sections.push(Section {
                heading: tidy_label(text),
                line: line.no,
                paragraphs: Vec::new(),
            });
            continue;
        }
        let margin = margins.get(&line.page).copied().unwrap_or(0);
        // on a page set in from the left, a line after a short line that ended a sentence
        // starts a paragraph too (a list printed one item a line at the margin)
        let after_short = margin > 0 && last_short_end;
        let w = width(&line.text);
        let page_width = widest.get(&line.page).copied().unwrap_or(w);
        let t = line.text.trim_end();
        last_short_end =
            w * 4 < page_width * 3 && (t.ends_with('。') || t.ends_with('：') || t.ends_with("万元"));
        let indented = lead(&line.text) >= margin + 2
            || after_short
            || line.text.starts_with('\u{3000}')
            || (line.text.starts_with(' ') && starts_item(text.trim()));
        match para.as_mut() {
            // a paragraph is read up to MAX_PARAGRAPH_BYTES, then the next line starts another
            // (the narrative reader's work grows with a paragraph's figures)
            Some(p) if !indented && p.text.len() < MAX_PARAGRAPH_BYTES => {
                p.text.push_str(&join_wrapped(&p.text, text.trim()));
            }
            _ => {
                flush(&mut para, sections);
                para = Some(Paragraph {
                    line: line.no,
                    text: text.trim().to_string(),
                });
            }
        }
    }
    flush(&mut para, sections);
}

/// True when a line opens a numbered item ("7、…", "（三）…"): with any indentation it starts a
/// new paragraph, so two items are not read as one.
fn starts_item(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &t[digits..];
        // "4.财政专户…", never a number going on ("4.5万元")
        let dotted = ['.', '．'].iter().any(|d| {
            rest.strip_prefix(*d)
                .is_some_and(|r| r.chars().next().is_some_and(|c| !c.is_ascii_digit()))
        });
        return rest.starts_with('、') || dotted;
    }
    let Some(rest) = t.strip_prefix('（') else {
        return false;
    };
    let n = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .count();
    n > 0 && rest.chars().nth(n) == Some('）')
}

/// Joins a wrapped line: no space between CJK text, one space between Latin words.
fn join_wrapped(prev: &str, next: &str) -> String {
    let last = prev.chars().last();
    let first = next.chars().next();
    match (last, first) {
        (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => {
            format!(" {next}")
        }
        _ => next.to_string(),
    }
}

/// True when the blank line `i` lies between two pages (only blanks and page numbers between
/// the text before and after it): the paragraph may go on overleaf, which the next line's
/// indentation decides.
fn page_break_within(lines: &[Line], i: usize) -> bool {
    let content = |j: &usize| {
        let l = &lines[*j];
        !l.is_blank() && !is_page_number(&l.text) && !bare_page_number(lines, *j)
    };
    let prev = (0..i).rev().find(content);
    let next = (i + 1..lines.len()).find(content);
    matches!((prev, next), (Some(p), Some(n)) if lines[p].page != lines[n].page)
}

/// A bare number of one to three digits that is the last or first visible line of its page
/// ("27" at the foot of a page, in the middle of a sentence that goes on overleaf).
fn bare_page_number(lines: &[Line], i: usize) -> bool {
    let t = squeeze(&lines[i].text);
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let page = lines[i].page;
    let next = lines[i + 1..].iter().find(|l| !l.is_blank());
    let prev = lines[..i].iter().rev().find(|l| !l.is_blank());
    next.is_some_and(|l| l.page != page) || prev.is_some_and(|l| l.page != page)
}

/// A page number printed as page furniture ("— 12 —", "-3-").
/// The units of a file that holds several units' disclosures (a department and its units,
/// each printing its own set of tables): a unit starts where a 收支总表 comes again after
/// one the current unit already has. Empty when the file holds one unit. A unit is named by
/// the first department printed above its tables.
pub fn units(tables: &[crate::model::Table]) -> Vec<crate::model::UnitPart> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut has_summary = false;
    for (k, t) in tables.iter().enumerate() {
        if t.kind == TableKind::Summary {
            if has_summary {
                out.push((start, k));
                start = k;
            }
            has_summary = true;
        }
    }
    if out.is_empty() {
        return Vec::new();
    }
    out.push((start, tables.len()));
    out.into_iter()
        .map(|(first, end)| crate::model::UnitPart {
            name: tables[first..end].iter().find_map(|t| t.department.clone()),
            first,
            end,
        })
        .collect()
}

pub(crate) fn is_page_number(t: &str) -> bool {
    let s = squeeze(t);
    let inner = s.trim_matches(|c| c == '—' || c == '-');
    !inner.is_empty() && inner.len() <= 4 && inner.chars().all(|c| c.is_ascii_digit()) && s != inner
}

fn metadata(lines: &[Line], doc: &mut Document, table_departments: &[String]) {
    let head: Vec<String> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .take(12)
        .map(|l| squeeze(&l.text))
        .collect();
    let head_text = head.join("");
    let titles: String = doc.tables.iter().map(|t| t.title.as_str()).collect();
    doc.kind = if head_text.contains("决算") || (!head_text.contains("预算") && titles.contains("决算"))
    {
        DocKind::FinalAccount
    } else if head_text.contains("预算") || titles.contains("预算") {
        DocKind::Budget
    } else {
        DocKind::Unknown
    };
    doc.year = find_year(&head_text).or_else(|| title_year(lines, &doc.tables));
    // department: an explicit "预算主管部门：" line, else the one printed above the tables
    for l in lines.iter().take(40) {
        let t = squeeze(&l.text);
        for key in ["预算主管部门：", "预算主管部门:", "主管部门：", "主管部门:"] {
            if let Some(i) = t.find(key) {
                let name = t[i + key.len()..].to_string();
                if !name.is_empty() {
                    doc.department = Some(name);
                    return;
                }
            }
        }
    }
    doc.department = table_departments
        .first()
        .cloned()
        .or_else(|| cover_department(&head));
}

/// The department named on the cover: the words before the year in “江苏省委办公厅2019年度部门
/// 预算公开”, or the line above “2024年度部门决算” (“上海市普陀区财政局”). Only a name that ends
/// like an office (局, 厅, 办公室, 委员会, 街道办事处 …) is taken, never a region (“上海市普陀区”).
fn cover_department(head: &[String]) -> Option<String> {
    const SUFFIXES: [&str; 22] = [
        "局", "厅", "委", "办", "室", "处", "院", "会", "所", "中心", "街道", "镇", "乡", "馆", "站", "队",
        "部", "社", "署", "团", "校", "园",
    ];
    let office = |name: &str| {
        let n = name.trim_matches(|c: char| c.is_whitespace() || c == '：' || c == ':');
        (n.chars().count() >= 3 && SUFFIXES.iter().any(|s| n.ends_with(s))).then(|| n.to_string())
    };
    for (i, line) in head.iter().enumerate() {
        if !(line.contains("部门预算") || line.contains("部门决算")) {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let year_at = (0..chars.len().saturating_sub(4))
            .find(|&k| chars[k..k + 4].iter().all(|c| c.is_ascii_digit()) && chars[k + 4] == '年')?;
        let before: String = chars[..year_at].iter().collect();
        if before.trim().is_empty() {
            return i.checked_sub(1).and_then(|p| office(&head[p]));
        }
        return office(&before);
    }
    None
}

/// The year of a file with none on its cover (a tables-only file): the one year its table
/// titles print ("2017年政府采购预算表"), when they print exactly one.
fn title_year(lines: &[Line], tables: &[crate::model::Table]) -> Option<u16> {
    only_year(
        tables
            .iter()
            .filter_map(|t| {
                let title = lines.iter().find(|l| l.no == t.line)?;
                find_year(&squeeze(&title.text))
            })
            .collect(),
    )
}

/// The year, when all the years given are one.
pub(crate) fn only_year(mut years: Vec<u16>) -> Option<u16> {
    years.sort_unstable();
    years.dedup();
    match years[..] {
        [y] => Some(y),
        _ => None,
    }
}

/// The first year written "2019年" in a text (2000–2099).
pub(crate) fn find_year(text: &str) -> Option<u16> {
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len().saturating_sub(4) {
        if chars[i..i + 4].iter().all(|c| c.is_ascii_digit()) && chars[i + 4] == '年' {
            let y: String = chars[i..i + 4].iter().collect();
            if let Ok(y) = y.parse::<u16>() {
                if (2000..2100).contains(&y) {
                    return Some(y);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<String> {
        parse_text(text)
            .sections
            .iter()
            .flat_map(|s| s.paragraphs.iter().map(|p| p.text.clone()))
            .collect()
    }

    #[test]
    fn a_page_set_in_from_the_left_keeps_its_paragraphs_whole() {
        // (普陀区社会福利院 2024: continuation lines at 7 spaces, first lines at 11)
        let text = "           支出预算1,212.12万元，其中：财政拨款支出预算950.12万元。财政拨款支出预算中，一般公共预算拨\n       款支出预算950.12万元，比2023年预算增加0.46万元；政府性基金拨款支出预算0.00万元。\n           财政拨款收入支出增加的主要原因是机关事业单位退休人员活动费增加，以及其他一些原因。\n       这是第二段的续行。\n";
        let p = paragraphs(text);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert!(p[0].contains("一般公共预算拨款支出预算950.12万元"), "{p:#?}");
    }

    #[test]
    fn one_item_a_line_at_the_margin_stays_apart() {
        // (北京市教委 2026: "4.财政专户管理资金收入 … 万元。" one item a line)
        let text = "        （二）本年其他资金收入的说明如下，按收入来源逐项列示各项收入的预算数和构成情况：\n    4.财政专户管理资金收入 261765.52 万元。\n    5.事业收入 441986.28 万元。\n    9.其他收入 121370.74 万元。\n";
        let p = paragraphs(text);
        let items: Vec<&String> = p.iter().filter(|x| x.ends_with("万元。")).collect();
        assert_eq!(items.len(), 3, "{p:#?}");
        assert!(items.iter().all(|x| x.matches("万元").count() == 1), "{p:#?}");
    }

    #[test]
    fn items_numbered_with_a_dot_start_a_paragraph() {
        assert!(starts_item("4.财政专户管理资金收入"));
        assert!(!starts_item("4.5万元"));
        assert!(starts_item("12、其他"));
    }
}
