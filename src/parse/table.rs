//! Builds a [`Table`] from the lines of a table block.
//!
//! Two layouts reach this module:
//! * tab-separated rows (OCR/markdown converters, Excel clipboard): a span's `x0` is its
//!   cell index, so columns are exact;
//! * space-aligned text (`pdftotext -layout`, "copy all" from a PDF viewer): columns are
//!   rebuilt from positions. Amount columns are the clusters of numbers' right edges;
//!   each row's numbers are placed by an order-preserving assignment that allows the
//!   whole row to be shifted (pdftotext compresses some lines); a row whose placement
//!   is not clearly better than the alternatives is marked `uncertain`. Vertically
//!   centred cells put numbers and labels of one row on different lines: those lines
//!   are merged when their columns do not collide.

use super::lexer::{is_dash, parse_number, Line, Span};
use super::normalize::{squeeze, tidy_label};
use super::segment::{empty_table_note, strip_enumerator};
use crate::model::{
    Amount, Cell, Code, CodeScheme, Column, ColumnRole, Row, RowHead, RowKind, Table, TableKind, Unit,
};

/// Output of [`build_table`]: the table plus the department name printed above it.
pub struct Built {
    /// The table.
    pub table: Table,
    /// 编制部门 / 填报部门 / 部门 as printed above the table, when any.
    pub department: Option<String>,
}

/// Finds `单位：万元` in a line; returns the unit.
pub fn unit_in(text: &str) -> Option<Unit> {
    if !text.contains('位') {
        return None;
    }
    let t = squeeze(text);
    // every "单位：" in the line: "编制单位：某某局 … 单位：万元" names the department first
    let starts = t
        .match_indices("单位:")
        .map(|(i, m)| i + m.len())
        .chain(t.match_indices("单位：").map(|(i, m)| i + m.len()));
    for i in starts {
        let rest = &t[i..];
        for (label, unit) in [
            ("亿元", Unit::YiYuan),
            ("万元", Unit::WanYuan),
            ("元", Unit::Yuan),
        ] {
            if rest.starts_with(label) {
                return Some(unit);
            }
        }
    }
    None
}

/// A line of column-header words without numbers (科目编码 科目名称 总计 基本支出 项目支出):
/// below the first row of numbers it is the header repeated on a continued page, not a row.
fn repeated_header(text: &str) -> bool {
    let t = squeeze(text);
    // header-only words (not 合计/小计: a totals row such as "人员经费合计 公用经费合计" may
    // print its label and its amounts on separate lines)
    let words = [
        "科目编码",
        "科目名称",
        "功能分类",
        "经济分类",
        "项目名称",
        "总计",
        "基本支出",
        "项目支出",
        "人员经费",
        "公用经费",
        "预算数",
        "决算数",
        "本年收入",
        "本年支出",
        "上年结转",
    ];
    if words.iter().filter(|w| t.contains(*w)).count() >= 3 {
        return true;
    }
    // a lower header line repeated: only header words and stub residue ("类 款 项 小计 人员经费
    // 公用经费"), one of them header-only
    let tokens: Vec<&str> = text.split_whitespace().collect();
    tokens.len() >= 2
        && tokens.iter().any(|w| words.contains(w))
        && tokens
            .iter()
            .all(|w| words.contains(w) || matches!(*w, "类" | "款" | "项" | "小计"))
}

/// A label whose wrapped last character was set on the label's own line, before it (PDF
/// text: "算 1.一般公共预" for "1.一般公共预 / 算"): one CJK character before an enumerated
/// label goes back to its end. An enumerated label never starts with a lone character.
fn wrapped_tail_first(label: &str) -> String {
    let mut chars = label.chars();
    let Some(first) = chars.next() else {
        return label.to_string();
    };
    let rest = chars.as_str().trim_start();
    let cjk = ('\u{4e00}'..='\u{9fff}').contains(&first);
    let enumerated = rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        && super::segment::strip_enumerator(rest).1.is_some();
    if cjk && enumerated && !rest.contains(first) {
        format!("{rest}{first}")
    } else {
        label.to_string()
    }
}

/// A line that is only a table's number: "公开表8", "表九", "预算05表", "公开 09 表", "附表3".
fn table_number_only(text: &str) -> bool {
    let mut t = squeeze(text);
    for prefix in ["部门", "公开", "预算", "决算", "附"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.to_string();
        }
    }
    let numeral = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || "一二三四五六七八九十零〇-".contains(c))
    };
    match (t.strip_prefix('表'), t.strip_suffix('表')) {
        (Some(n), _) if numeral(n) => true,
        (_, Some(n)) => numeral(n),
        _ => false,
    }
}

/// A line numbering the columns under the header: "栏次 1 2 3 4 5" (or without 栏次), the
/// numbers consecutive.
fn column_numbers(text: &str) -> bool {
    let mut tokens = text.split_whitespace().peekable();
    let mut rest = String::new();
    while let Some(t) = tokens.peek() {
        if t.chars().all(|c| !c.is_ascii_digit()) {
            rest.push_str(t);
            tokens.next();
        } else {
            break;
        }
    }
    if !rest.is_empty() && !matches!(rest.as_str(), "栏次" | "行次" | "栏号" | "序号") {
        return false;
    }
    let numbers: Option<Vec<u32>> = tokens.map(|t| t.parse::<u32>().ok()).collect();
    numbers.is_some_and(|n| n.len() >= 2 && n.windows(2).all(|w| w[1] == w[0] + 1) && n[0] <= 2)
}

/// A unit statement cut at a line end ("单位：万" with "元" wrapped onto the next line, at
/// its end): the unit the two lines spell together.
pub fn wrapped_unit(line: &str, next: &str) -> Option<Unit> {
    let t = squeeze(line);
    let rest = t
        .rsplit_once("单位:")
        .or_else(|| t.rsplit_once("单位："))
        .map(|(_, r)| r)?;
    let n = squeeze(next);
    if !n.ends_with('元') || n.contains("单位") {
        return None;
    }
    match rest {
        "万" => Some(Unit::WanYuan),
        "亿" => Some(Unit::YiYuan),
        _ => None,
    }
}

fn department_in(text: &str) -> Option<String> {
    // (squeezed first: a letter-spaced line "部 门 ： 江 苏 省 政 协 办 公 厅")
    let t = squeeze(text);
    if !t.contains("部门") && !t.contains("单位") {
        return None;
    }
    for key in ["编制部门", "填报部门", "编制单位", "预算单位", "部门"] {
        for sep in [":", "："] {
            let k = format!("{key}{sep}");
            if let Some(i) = t.find(&k) {
                let rest = &t[i + k.len()..];
                let end = rest
                    .find("单位:")
                    .or_else(|| rest.find("单位："))
                    .unwrap_or(rest.len());
                let name = rest[..end].trim_matches(|c: char| c == ' ' || c == ':' || c == '：');
                if !name.is_empty() && !name.starts_with("单位") {
                    return Some(name.to_string());
                }
            }
        }
    }
    None
}

fn is_preamble(text: &str) -> bool {
    let t = squeeze(text);
    let unit_stub = t
        .rsplit_once("单位：")
        .or_else(|| t.rsplit_once("单位:"))
        .is_some_and(|(_, rest)| matches!(rest, "" | "万" | "亿"));
    unit_in(&t).is_some()
        || unit_stub
        || [
            "编制部门",
            "填报部门",
            "编制单位",
            "部门:",
            "部门：",
            "预算单位:",
            "预算单位：",
        ]
        .iter()
        .any(|k| t.starts_with(k))
}

/// A digits-only token that can be (part of) a classification code.
fn code_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=7).contains(&n) && n != 4 && n != 6 && s.chars().all(|c| c.is_ascii_digit())
}

/// Splits "201 一般公共服务支出" into a code and a label.
fn split_code_label(s: &str) -> (Option<Code>, String) {
    let t = s.trim();
    let digits: usize = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits >= 3 {
        if let Some(code) = Code::parse_joined(&t[..digits]) {
            let rest = t[digits..].trim();
            if !rest.is_empty() && !rest.starts_with(['.', '年', '%']) {
                return (Some(code), rest.to_string());
            }
        }
    }
    (None, t.to_string())
}

/// Total-row labels: 合计, 总计, 小计, 收入总计, 本年支出合计, 人员经费合计 …
pub fn total_label(label: &str) -> bool {
    let l = strip_enumerator(label).0;
    let l = squeeze(l);
    l.ends_with("合计") || l.ends_with("总计") || l.ends_with("小计") || l == "总额"
}

fn row_kind(label: &str) -> RowKind {
    let l = squeeze(label);
    if l.starts_with("其中") {
        RowKind::OfWhich
    } else if total_label(&l) {
        RowKind::Total
    } else {
        RowKind::Item
    }
}

/// The role of a slot (a column being built).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlotRole {
    /// Code part 0 (类 or joined), 1 (款), 2 (项).
    Code(u8),
    Label,
    Text,
    Amount,
}

#[derive(Debug, Clone)]
struct Slot {
    role: SlotRole,
    panel: usize,
    /// Anchor: cell index (tabbed), right edge (amounts) or left edge (text/codes).
    x: i64,
    /// Widest number seen (amount slots), for header placement.
    width: i64,
    header: Vec<String>,
    /// An amount column seen only in the header (no number printed in it).
    header_only: bool,
}

/// A row under construction: one optional text per slot.
#[derive(Debug, Clone)]
struct RowDraft {
    line: u32,
    cells: Vec<Option<String>>,
    merged: bool,
    uncertain: bool,
    /// Right edges of the amounts of an uncertain single-panel line, for [`settle_by_profile`].
    rights: Vec<i64>,
}

impl RowDraft {
    fn new(line: u32, n: usize) -> Self {
        RowDraft {
            line,
            cells: vec![None; n],
            merged: false,
            uncertain: false,
            rights: Vec::new(),
        }
    }

    fn has_role(&self, slots: &[Slot], pred: impl Fn(SlotRole) -> bool) -> bool {
        self.cells
            .iter()
            .zip(slots)
            .any(|(c, s)| c.is_some() && pred(s.role))
    }

    /// True when `other` can be merged into `self` without two values in one slot.
    /// Text slots never collide (wrapped labels are appended).
    fn can_take(&self, other: &RowDraft, slots: &[Slot]) -> bool {
        self.cells.iter().zip(&other.cells).zip(slots).all(|((a, b), s)| {
            a.is_none() || b.is_none() || matches!(s.role, SlotRole::Label | SlotRole::Text)
        })
    }

    fn take(&mut self, other: RowDraft) {
        for (a, b) in self.cells.iter_mut().zip(other.cells) {
            match (a.as_mut(), b) {
                (Some(a), Some(b)) => a.push_str(&b),
                (None, Some(b)) => *a = Some(b),
                _ => {}
            }
        }
        self.merged = true;
        self.uncertain |= other.uncertain;
        if self.rights.is_empty() {
            self.rights = other.rights;
        }
        self.line = self.line.min(other.line);
    }
}

/// True when line `i` is a lone number of one to three digits printed last on its page or
/// first on the next (a page number, not a row: a row has a label or an amount).
fn bare_page_number(lines: &[Line], i: usize) -> bool {
    let line = &lines[i];
    let [span] = line.spans.as_slice() else {
        return false;
    };
    let t = span.text.trim();
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let next = lines[i + 1..].iter().find(|l| !l.is_blank());
    let prev = lines[..i].iter().rev().find(|l| !l.is_blank());
    next.is_some_and(|n| n.page > line.page) || prev.is_some_and(|p| p.page < line.page)
}

/// True when `next` is `prev` continued on the next page under its repeated title and header:
/// the same kind, title, unit and named columns, and no total row of its own (a bundle's next unit prints its
/// own 合计, so units are never joined).
pub fn continues(prev: &Table, next: &Table) -> bool {
    may_continue(prev, next) && same_named_columns(prev, next)
}

/// True when `next` looks like `prev` continued (same kind, title and unit; no total row of
/// its own, or `prev` ended before its totals), whether or not its columns were read alike.
pub fn may_continue(prev: &Table, next: &Table) -> bool {
    prev.kind == next.kind
        && squeeze(&prev.title) == squeeze(&next.title)
        && next.unit.is_none_or(|u| prev.unit == Some(u))
        && !prev.rows.is_empty()
        && !next.rows.is_empty()
        // a unit's own table prints its own totals; a page that ends before the totals (the
        // first part has none) runs on, whatever the next page prints
        && (!has_total(next) || !has_total(prev))
}

fn has_total(t: &Table) -> bool {
    t.rows
        .iter()
        .any(|r| r.heads.iter().any(|h| h.kind == RowKind::Total))
}

/// True when `next` has the columns of `prev` (a continuation, or `prev` read again with its
/// continuation).
pub fn same_named_columns(prev: &Table, next: &Table) -> bool {
    // the stub (codes, label) may be read with more or fewer code columns on one page (a
    // page printing no 项 code): the columns that must agree are the others, in order
    let body = |t: &'_ Table| -> Vec<(ColumnRole, usize, String)> {
        t.columns
            .iter()
            .filter(|c| !matches!(c.role, ColumnRole::Code | ColumnRole::Label))
            .map(|c| (c.role, c.panel, squeeze(&c.path())))
            .collect()
    };
    let same_columns = body(prev) == body(next);
    // the continuation repeats the header: its columns are named, and named alike
    let named = next
        .columns
        .iter()
        .any(|c| c.role == ColumnRole::Amount && !c.path().is_empty());
    same_columns && named
}

/// Builds a table from its block. `lines[0]` is the title line (or the 表一 line).
pub fn build_table(
    id: usize,
    kind: TableKind,
    title: String,
    number: Option<String>,
    lines: &[Line],
) -> Built {
    let title_line = lines.first().map(|l| l.no).unwrap_or(1);
    let end_line = lines.last().map(|l| l.no).unwrap_or(title_line);
    let mut unit = None;
    let mut department = None;
    let mut empty_note = None;
    let mut body: Vec<&Line> = Vec::new();
    let mut seen_numbers = false;
    // the line holding the "元" of a unit statement wrapped at "单位：万"
    let mut unit_tail: Option<u32> = None;
    // the line holding the end of a title wrapped at the line end
    let mut title_tail: Option<u32> = lines
        .first()
        .filter(|l| super::segment::table_title(&l.joined()).is_none())
        .and_then(|l| super::segment::wrapped_title(lines, 0, &l.joined()))
        .and_then(|_| lines[1..].iter().find(|l| !l.is_blank()).map(|l| l.no));
    // the lines above the first row of amounts (the column header)
    let mut header_lines: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(1) {
        if line.is_blank() {
            continue;
        }
        let joined = line.joined();
        if unit_tail == Some(line.no) && squeeze(&joined) == "元" {
            continue;
        }
        let wrapped = || {
            let next = lines[i + 1..].iter().find(|l| !l.is_blank())?;
            wrapped_unit(&joined, &next.joined()).map(|u| (u, next.no))
        };
        if unit.is_none() {
            unit = unit_in(&joined).or_else(|| wrapped().map(|(u, _)| u));
        }
        // (every time: the statement is repeated on each page of a continued table)
        if let Some((_, next)) = wrapped() {
            unit_tail = Some(next);
        }
        if department.is_none() {
            department = department_in(&joined);
        }
        if empty_table_note(&joined) {
            empty_note = Some(tidy_label(&joined));
            continue;
        }
        if is_preamble(&joined) {
            continue;
        }
        // the title repeated or a title fragment (wrapped department name); a title wrapped
        // over two lines ("…预算支 / 出表") with its tail
        if title_tail == Some(line.no) {
            continue;
        }
        if super::segment::table_title(&joined).is_some() {
            continue;
        }
        if !line.spans.iter().any(Span::is_amount)
            && super::segment::wrapped_title(lines, i, &joined).is_some()
        {
            title_tail = lines[i + 1..].iter().find(|l| !l.is_blank()).map(|l| l.no);
            continue;
        }
        // page furniture inside a table that runs over a page break: "—7—", or a bare page
        // number as the last line of its page or the first of the next ("15" between
        // 2040401 and 2040402 would read as a 项 code)
        if super::is_page_number(&joined) || bare_page_number(lines, i) {
            continue;
        }
        // the column numbers under the header ("栏次 1 2 3 4 5"); the next table's number
        // printed above its title ("公开表8", "表九", "预算05表")
        if column_numbers(&joined) || table_number_only(&joined) {
            continue;
        }
        // a row of amounts (not column numbers 1 2 3 or a year)
        let numeric = line
            .spans
            .iter()
            .any(|s| s.text.contains(['.', ',']) && parse_number(&s.text).is_some());
        // the column header repeated on the next page of a continued table: a line of the
        // header printed again, or header words alone
        if seen_numbers && !numeric && (header_lines.contains(&squeeze(&joined)) || repeated_header(&joined))
        {
            continue;
        }
        if !seen_numbers && !numeric {
            header_lines.push(squeeze(&joined));
        }
        seen_numbers |= numeric;
        body.push(line);
    }
    let tabbed = body.iter().filter(|l| l.tabbed).count() * 2 >= body.len().max(1);
    let (slots, drafts) = if tabbed {
        grid_tabbed(&body)
    } else {
        grid_layout(&body)
    };
    let mut table = finish(
        id, kind, title, number, unit, title_line, end_line, empty_note, slots, drafts,
    );
    table.department = department.clone();
    Built { table, department }
}

#[allow(clippy::too_many_arguments)]
fn finish(
    id: usize,
    kind: TableKind,
    title: String,
    number: Option<String>,
    unit: Option<Unit>,
    line: u32,
    end_line: u32,
    empty_note: Option<String>,
    slots: Vec<Slot>,
    drafts: Vec<RowDraft>,
) -> Table {
    let panels = slots.iter().map(|s| s.panel + 1).max().unwrap_or(1);
    let unit_or = unit.unwrap_or(Unit::Yuan);
    let columns: Vec<Column> = slots
        .iter()
        .map(|s| Column {
            header: s.header.clone(),
            role: match s.role {
                SlotRole::Code(_) => ColumnRole::Code,
                SlotRole::Label => ColumnRole::Label,
                SlotRole::Text => ColumnRole::Text,
                SlotRole::Amount => ColumnRole::Amount,
            },
            panel: s.panel,
        })
        .collect();
    let mut rows = Vec::new();
    // a 款/项 row that prints no 类 (the class is in a row above) inherits it
    let mut last_class: Vec<Option<String>> = vec![None; panels];
    for d in drafts {
        if d.cells.iter().all(Option::is_none) {
            continue;
        }
        let cells: Vec<Cell> = d
            .cells
            .iter()
            .zip(&slots)
            .map(|(c, s)| match c {
                None => Cell::Blank,
                Some(t) if s.role == SlotRole::Amount => {
                    if is_dash(t) {
                        Cell::Dash
                    } else if let Some(n) = parse_number(t) {
                        Cell::Amount(Amount {
                            value: n.value,
                            decimals: n.decimals,
                            unit: unit_or,
                            raw: t.clone(),
                        })
                    } else {
                        Cell::Text(t.clone())
                    }
                }
                Some(t) => Cell::Text(tidy_label(t)),
            })
            .collect();
        let mut heads = Vec::with_capacity(panels);
        for (p, last_class_p) in last_class.iter_mut().enumerate() {
            let mut parts: [Option<String>; 3] = [None, None, None];
            let mut label = String::new();
            let mut text_label = String::new();
            let mut code_from_label = None;
            for (c, s) in d.cells.iter().zip(&slots) {
                if s.panel != p {
                    continue;
                }
                let Some(t) = c else { continue };
                match s.role {
                    SlotRole::Code(k) => parts[k as usize] = Some(t.trim().to_string()),
                    SlotRole::Label => {
                        let (code, rest) = split_code_label(t);
                        code_from_label = code;
                        label = wrapped_tail_first(&tidy_label(&rest));
                    }
                    SlotRole::Text if text_label.is_empty() => text_label = tidy_label(t),
                    _ => {}
                }
            }
            if label.is_empty() {
                label = text_label;
            }
            let code = if parts.iter().any(Option::is_some) {
                if parts[1].is_none() && parts[2].is_none() {
                    parts[0]
                        .as_deref()
                        .and_then(Code::parse_joined)
                        .or_else(|| Code::from_parts(parts[0].as_deref(), None, None))
                } else {
                    Code::from_parts(parts[0].as_deref(), parts[1].as_deref(), parts[2].as_deref())
                }
            } else {
                code_from_label
            };
            let code = code.map(|mut c| {
                // an OCR-truncated 类 ("20") completed from the 款/项 and the name
                if let Some(class) = c
                    .class
                    .clone()
                    .filter(|k| k.len() < 3 && c.scheme != CodeScheme::Economic)
                {
                    let name = (!label.is_empty()).then_some(label.as_str());
                    if let Some(full) =
                        crate::codes::complete_class(&class, c.section.as_deref(), c.item.as_deref(), name)
                    {
                        c = Code::from_parts(Some(&full), c.section.as_deref(), c.item.as_deref())
                            .unwrap_or(c);
                    }
                }
                match &c.class {
                    Some(class) => *last_class_p = Some(class.clone()),
                    None => {
                        if let Some(class) = last_class_p.as_ref() {
                            c = Code::from_parts(Some(class), c.section.as_deref(), c.item.as_deref())
                                .unwrap_or(c);
                        }
                    }
                }
                c
            });
            let kind = row_kind(&label);
            heads.push(RowHead { code, label, kind });
        }
        rows.push(Row {
            line: d.line,
            cells,
            heads,
            merged: d.merged,
            uncertain: d.uncertain,
        });
    }
    // a column of numbers under no header, beside columns under their headers: the numbers of
    // some rows were placed by the layout, not by the header (a wide total pushed right of its
    // column), so which column a number belongs to is not certain
    let headless = (0..columns.iter().map(|c| c.panel + 1).max().unwrap_or(0)).any(|p| {
        let amounts: Vec<&Column> = columns
            .iter()
            .filter(|c| c.panel == p && c.role == ColumnRole::Amount)
            .collect();
        amounts.iter().any(|c| c.header.iter().all(|h| h.is_empty()))
            && amounts.iter().any(|c| c.header.iter().any(|h| !h.is_empty()))
    });
    let reliable = !headless && !rows.iter().any(|r| r.uncertain);
    Table {
        id,
        kind,
        title,
        number,
        unit,
        line,
        end_line,
        columns,
        rows,
        empty_note,
        reliable,
        continued: false,
        department: None,
    }
}

// ---------------------------------------------------------------------------------------
// Tab-separated tables

fn grid_tabbed(body: &[&Line]) -> (Vec<Slot>, Vec<RowDraft>) {
    let lines: Vec<&Line> = body.iter().copied().filter(|l| l.tabbed).collect();
    let ncols = lines
        .iter()
        .flat_map(|l| l.spans.iter().map(|s| s.x0 as usize + 1))
        .max()
        .unwrap_or(0);
    let first_body = lines
        .iter()
        .position(|l| l.spans.iter().any(Span::is_amount))
        .unwrap_or(lines.len());
    let (header, data) = lines.split_at(first_body);
    // roles from the data rows
    let mut n_amount = vec![0usize; ncols];
    let mut n_code = vec![0usize; ncols];
    let mut n_text = vec![0usize; ncols];
    for l in data {
        for s in &l.spans {
            let c = s.x0 as usize;
            if s.text == DITTO {
                continue;
            }
            if s.is_amount() || is_dash(&s.text) {
                n_amount[c] += 1;
            } else if code_like(&s.text) {
                n_code[c] += 1;
            } else {
                n_text[c] += 1;
            }
        }
    }
    let mut slots: Vec<Slot> = Vec::with_capacity(ncols);
    let mut panel = 0usize;
    let mut seen_amount = false;
    let mut seen_label = false;
    let mut code_parts = 0u8;
    for c in 0..ncols {
        let role = if n_amount[c] > 0 && n_amount[c] >= n_text[c] {
            SlotRole::Amount
        } else if n_code[c] > 0 && n_code[c] >= n_text[c] && (!seen_label || seen_amount) {
            SlotRole::Code(0)
        } else if n_text[c] > 0 || n_code[c] > 0 {
            SlotRole::Label
        } else {
            // an empty column: an amount column when amounts are around it, else text
            if seen_label {
                SlotRole::Amount
            } else {
                SlotRole::Code(0)
            }
        };
        let starts_panel = seen_amount && matches!(role, SlotRole::Label | SlotRole::Code(_));
        if starts_panel {
            panel += 1;
            seen_amount = false;
            seen_label = false;
            code_parts = 0;
        }
        let role = match role {
            SlotRole::Code(_) if seen_label => SlotRole::Text,
            SlotRole::Code(_) => {
                let r = SlotRole::Code(code_parts.min(2));
                code_parts += 1;
                r
            }
            SlotRole::Label if seen_label => SlotRole::Text,
            SlotRole::Label => {
                seen_label = true;
                SlotRole::Label
            }
            r => {
                seen_amount = true;
                r
            }
        };
        slots.push(Slot {
            role,
            panel,
            x: c as i64,
            width: 1,
            header: Vec::new(),
            header_only: false,
        });
    }
    // empty leading "code" columns without any code are labels' companions: keep as codes
    // header paths, with spanning labels carried right over blank cells
    let mut grid: Vec<Vec<String>> = header
        .iter()
        .map(|l| {
            let mut row = vec![String::new(); ncols];
            for s in &l.spans {
                row[s.x0 as usize] = squeeze(&s.text);
            }
            row
        })
        .collect();
    for r in 0..grid.len() {
        for c in 1..ncols {
            if grid[r][c].is_empty()
                && !grid[r][c - 1].is_empty()
                && slots[c].role == SlotRole::Amount
                && slots[c - 1].role == SlotRole::Amount
                && grid[r + 1..].iter().any(|lower| !lower[c].is_empty())
            {
                grid[r][c] = grid[r][c - 1].clone();
            }
        }
    }
    for (c, slot) in slots.iter_mut().enumerate() {
        for row in &grid {
            let h = &row[c];
            if !h.is_empty() && slot.header.last() != Some(h) {
                slot.header.push(h.clone());
            }
        }
    }
    let mut drafts: Vec<RowDraft> = Vec::with_capacity(data.len());
    for l in data {
        let mut d = RowDraft::new(l.no, ncols);
        let ditto = |c: usize| l.spans.iter().any(|s| s.x0 as usize == c && s.text == DITTO);
        for s in &l.spans {
            let c = s.x0 as usize;
            if s.text == DITTO {
                // the rest of a merged cell (see `DITTO`): this row is uncertain, and so is
                // the row above that printed the value when the merge runs down (no amount
                // just left of this run of marks on this row)
                d.uncertain = true;
                let start = (0..=c).rev().take_while(|&k| ditto(k)).last().unwrap_or(c);
                let across = start > 0
                    && l.spans
                        .iter()
                        .any(|s| s.x0 as usize == start - 1 && (s.is_amount() || is_dash(&s.text)));
                if !across {
                    if let Some(origin) = drafts.iter_mut().rev().find(|p| p.cells[start].is_some()) {
                        origin.uncertain = true;
                    }
                }
                continue;
            }
            d.cells[c] = Some(s.text.clone());
        }
        drafts.push(d);
    }
    (slots, drafts)
}

/// A cell of a tab-separated row holding only `〃` (ditto) is the continuation of a merged
/// cell whose value sits in another row or column (the spreadsheet, Word and HTML readers
/// write it, and printed tables use it for "same as above"): it is blank here, and the rows
/// involved are uncertain, so the checks that need them are not evaluated.
pub const DITTO: &str = "〃";

// ---------------------------------------------------------------------------------------
// Space-aligned tables

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Amount,
    Code,
    Text,
}

fn tok_kind(s: &Span) -> Tok {
    if s.is_amount() || is_dash(&s.text) {
        Tok::Amount
    } else if code_like(&s.text) {
        Tok::Code
    } else {
        Tok::Text
    }
}

/// Header residue such as "类 款 项" repeated under the header.
fn header_residue(l: &Line) -> bool {
    !l.spans.is_empty()
        && l.spans
            .iter()
            .all(|s| matches!(squeeze(&s.text).as_str(), "类" | "款" | "项" | "类款项"))
}

fn cluster(mut xs: Vec<i64>, tol: i64) -> Vec<(i64, usize)> {
    xs.sort_unstable();
    let mut out: Vec<(i64, usize, i64)> = Vec::new(); // (min, count, max)
    for x in xs {
        match out.last_mut() {
            Some((_, n, max)) if x - *max <= tol => {
                *n += 1;
                *max = x;
            }
            _ => out.push((x, 1, x)),
        }
    }
    out.into_iter()
        .map(|(min, n, max)| ((min + max) / 2, n))
        .collect()
}

fn grid_layout(body: &[&Line]) -> (Vec<Slot>, Vec<RowDraft>) {
    let lines: Vec<&Line> = body.iter().copied().filter(|l| !l.is_blank()).collect();
    let is_data = |l: &Line| {
        l.spans.iter().any(Span::is_amount)
            || l.spans.first().is_some_and(|s| code_like(&s.text)) && l.spans.len() >= 2
    };
    let first_body = lines.iter().position(|l| is_data(l)).unwrap_or(lines.len());
    let header: Vec<&Line> = lines[..first_body].to_vec();
    let data: Vec<&Line> = lines[first_body..]
        .iter()
        .copied()
        .filter(|l| !header_residue(l))
        .collect();
    // rows of numbers under a multi-level header and nothing else ("三公"经费表)
    if !data.is_empty()
        && data
            .iter()
            .all(|l| l.spans.iter().all(|s| s.number.is_some() || is_dash(&s.text)))
    {
        if let Some(grid) = header_leaf_grid(&header, &data) {
            return grid;
        }
    }

    // panel boundaries: where text or codes resume after an amount on the same line
    // (total labels are often centred, so they do not mark where a panel starts; an
    // enumerated label "二、…" after other text on the line does)
    let mut starts = Vec::new();
    for l in &data {
        let mut after_amount = false;
        for (k, s) in l.spans.iter().enumerate() {
            let kind = tok_kind(s);
            let enumerated = k > 0
                && kind == Tok::Text
                && strip_enumerator(&s.text)
                    .1
                    .is_some_and(|n| n.chars().all(|c| "一二三四五六七八九十".contains(c)));
            if kind == Tok::Amount {
                after_amount = true;
            } else if (after_amount || enumerated) && !total_label(&s.text) && !s.text.contains("结转") {
                starts.push(s.x0 as i64);
                after_amount = false;
            }
        }
    }
    let min_support = if data.len() < 5 { 1 } else { 2 };
    let mut raw: Vec<i64> = cluster(starts.clone(), 4)
        .into_iter()
        .filter(|(_, n)| *n >= min_support)
        .map(|(x, _)| {
            starts
                .iter()
                .copied()
                .filter(|s| (s - x).abs() <= 6)
                .min()
                .unwrap_or(x)
        })
        .collect();
    // a label header printed twice on one line ("项目 … 项目", "科目名称 … 科目名称") marks a
    // second panel one panel-width to the right of the first
    const PANEL_WORDS: &[&str] = &[
        "项目",
        "项目名称",
        "科目名称",
        "科目编码",
        "经济分类",
        "功能分类",
        "功能科目名称",
    ];
    let left = data
        .iter()
        .filter_map(|d| d.spans.first().map(|s| s.x0 as i64))
        .min()
        .unwrap_or(0);
    for l in &header {
        let mut seen: Vec<(&str, i64)> = Vec::new();
        for sp in &l.spans {
            let w = squeeze(&sp.text);
            let Some(word) = PANEL_WORDS.iter().find(|p| **p == w) else {
                continue;
            };
            match seen.iter().find(|(s, _)| s == word) {
                Some((_, first)) => {
                    let b = sp.x0 as i64 - first + left;
                    // only where labels or codes really start (panels may differ in width)
                    let refined = data
                        .iter()
                        .flat_map(|d| d.spans.iter())
                        .filter(|t| tok_kind(t) != Tok::Amount)
                        .map(|t| t.x0 as i64)
                        .filter(|x| (b - 8..=b + 2).contains(x))
                        .min();
                    raw.extend(refined);
                }
                None => seen.push((word, sp.x0 as i64)),
            }
        }
    }
    raw.sort_unstable();
    let mut boundaries: Vec<i64> = Vec::new();
    for x in raw {
        match boundaries.last() {
            Some(last) if x - *last <= 8 => {}
            _ => boundaries.push(x),
        }
    }
    let boundaries: Vec<i64> = boundaries.into_iter().filter(|b| *b > 4).map(|b| b - 4).collect();
    let panel_of = |x: i64| boundaries.iter().filter(|b| **b <= x).count();
    let npanels = boundaries.len() + 1;

    // slots per panel; per line and panel, the shift aligning its numbers with the columns
    let mut slots: Vec<Slot> = Vec::new();
    let mut shifts: std::collections::BTreeMap<(u32, usize), Option<i64>> = Default::default();
    for p in 0..npanels {
        let mut code_x = Vec::new();
        let mut label_x = Vec::new();

        let mut amount_w: i64 = 1;
        for l in &data {
            let mut seen_text = false;
            for s in l.spans.iter().filter(|s| panel_of(s.x0 as i64) == p) {
                match tok_kind(s) {
                    Tok::Code if !seen_text => code_x.push(s.x0 as i64),
                    Tok::Amount => {
                        amount_w = amount_w.max((s.x1 - s.x0) as i64);
                    }
                    _ => {
                        if !seen_text {
                            label_x.push(s.x0 as i64);
                        }
                        seen_text = true;
                    }
                }
            }
        }
        for (k, (x, _)) in cluster(code_x, 3).into_iter().take(3).enumerate() {
            slots.push(Slot {
                role: SlotRole::Code(k as u8),
                panel: p,
                x,
                width: 0,
                header: Vec::new(),
                header_only: false,
            });
        }
        if !label_x.is_empty() {
            slots.push(Slot {
                role: SlotRole::Label,
                panel: p,
                x: label_x.iter().copied().min().unwrap_or(0),
                width: 0,
                header: Vec::new(),
                header_only: false,
            });
        }
        let (anchors, line_shifts) = amount_anchors(&data, &header, p, &panel_of);
        for (no, sh) in line_shifts {
            shifts.insert((no, p), sh);
        }
        for x in anchors {
            slots.push(Slot {
                role: SlotRole::Amount,
                panel: p,
                x,
                width: amount_w,
                header: Vec::new(),
                header_only: false,
            });
        }
    }
    // header labels to slots, top-down
    place_header(&header, &mut slots, &panel_of);

    // rows
    let n = slots.len();
    let mut rows: Vec<RowDraft> = Vec::new();
    let mut pending: Vec<RowDraft> = Vec::new();
    let mut last_was_label_line = false;
    for l in &data {
        let draft = place_line(l, &slots, &panel_of, n, &shifts);
        let has_amount = draft.has_role(&slots, |r| r == SlotRole::Amount);
        let has_code = draft.has_role(&slots, |r| matches!(r, SlotRole::Code(_)));
        let has_label = draft.has_role(&slots, |r| matches!(r, SlotRole::Label | SlotRole::Text));
        if has_amount && !has_code && !has_label {
            pending.push(draft);
            last_was_label_line = false;
            continue;
        }
        // a line without numbers that completes the previous row (its label, or the 款 code
        // and label of a panel printed under the numbers) merges into it
        if !has_amount && pending.is_empty() {
            if let Some(prev) = rows.last_mut() {
                if prev.can_take(&draft, &slots) && fills_open_labels(prev, &draft, &slots) {
                    prev.take(draft);
                    last_was_label_line = true;
                    continue;
                }
            }
        }
        let starts_row = has_code && draft_code_starts(&draft, &slots)
            || has_amount
            || !pending.is_empty()
            || label_starts_row(&draft, &slots);
        if !starts_row {
            if let Some(prev) = rows.last_mut() {
                if prev.can_take(&draft, &slots)
                    && (last_was_label_line || prev_label_open(prev, &draft, &slots))
                {
                    prev.take(draft);
                    last_was_label_line = true;
                    continue;
                }
            }
        }
        let mut row = draft;
        for p in pending.drain(..) {
            if row.can_take(&p, &slots) {
                row.take(p);
            } else if let Some(prev) = rows.last_mut().filter(|prev| prev.can_take(&p, &slots)) {
                prev.take(p);
            } else {
                rows.push(p);
            }
        }
        rows.push(row);
        last_was_label_line = !has_amount;
    }
    for p in pending.drain(..) {
        match rows.last_mut() {
            Some(prev) if prev.can_take(&p, &slots) => prev.take(p),
            _ => rows.push(p),
        }
    }
    settle_by_profile(&mut rows, &slots);
    (slots, rows)
}

/// A line pdftotext squeezed left could not be placed by position. When every certain row
/// of the table with the same number of amounts fills the same columns (at least three of
/// them: 收入决算表 rows fill 本年收入合计 and 财政拨款收入), and the squeezed numbers all sit at
/// or left of those columns, the line takes that placement.
fn settle_by_profile(rows: &mut [RowDraft], slots: &[Slot]) {
    let amount_slots: Vec<usize> = (0..slots.len())
        .filter(|&i| slots[i].role == SlotRole::Amount && !slots[i].header_only)
        .collect();
    if slots.iter().any(|s| s.panel > 0) || amount_slots.is_empty() {
        return;
    }
    let filled = |d: &RowDraft| -> Vec<usize> {
        amount_slots
            .iter()
            .copied()
            .filter(|&i| d.cells[i].is_some())
            .collect()
    };
    let mut profiles: std::collections::BTreeMap<usize, std::collections::BTreeMap<Vec<usize>, usize>> =
        std::collections::BTreeMap::new();
    for d in rows.iter().filter(|d| !d.uncertain) {
        let f = filled(d);
        if !f.is_empty() {
            *profiles.entry(f.len()).or_default().entry(f).or_default() += 1;
        }
    }
    for d in rows.iter_mut().filter(|d| d.uncertain && !d.rights.is_empty()) {
        let f = filled(d);
        if f.len() != d.rights.len() {
            continue;
        }
        let Some(sets) = profiles.get(&f.len()) else {
            continue;
        };
        let [(set, count)] = sets.iter().collect::<Vec<_>>()[..] else {
            continue;
        };
        if *count < 3 || d.rights.iter().zip(set).any(|(r, &j)| *r > slots[j].x + 2) {
            continue;
        }
        let texts: Vec<Option<String>> = f.iter().map(|&i| d.cells[i].take()).collect();
        for (t, &j) in texts.into_iter().zip(set) {
            d.cells[j] = t;
        }
        d.uncertain = false;
    }
}

/// True when the line completes the previous row: in at least one panel it supplies the
/// label the row still lacks, and elsewhere it adds only codes or a short wrapped tail.
fn fills_open_labels(prev: &RowDraft, line: &RowDraft, slots: &[Slot]) -> bool {
    let panels: std::collections::BTreeSet<usize> = line
        .cells
        .iter()
        .zip(slots)
        .filter(|(c, _)| c.is_some())
        .map(|(_, s)| s.panel)
        .collect();
    let has = |d: &RowDraft, p: usize, pred: &dyn Fn(SlotRole) -> bool| {
        d.cells
            .iter()
            .zip(slots)
            .any(|(c, s)| s.panel == p && c.is_some() && pred(s.role))
    };
    let label_of = |d: &RowDraft, p: usize| -> Option<String> {
        d.cells
            .iter()
            .zip(slots)
            .find(|(c, s)| s.panel == p && s.role == SlotRole::Label && c.is_some())
            .and_then(|(c, _)| c.clone())
    };
    let mut opens_one = false;
    for &p in &panels {
        let prev_has_content = has(prev, p, &|r| matches!(r, SlotRole::Code(_) | SlotRole::Amount));
        let prev_label = label_of(prev, p);
        match label_of(line, p) {
            None => {}
            Some(_) if prev_label.is_none() && prev_has_content => opens_one = true,
            Some(l) if prev_label.is_some() && squeeze(&l).chars().count() <= 3 => {}
            Some(_) => return false,
        }
    }
    opens_one
}

/// A line whose code is in the first code slot of its panel (a new 类/款/项 row), or
/// whose 款/项 part is all it prints.
fn draft_code_starts(d: &RowDraft, slots: &[Slot]) -> bool {
    // a code-only fragment that fills a missing part of the previous row is not a start;
    // a line with a label next to its code is.
    let label = d.has_role(slots, |r| matches!(r, SlotRole::Label));
    let first_part = d
        .cells
        .iter()
        .zip(slots)
        .any(|(c, s)| c.is_some() && s.role == SlotRole::Code(0));
    label || first_part
}

/// A label line that starts a new row: enumerated ("一、…", "1.…"), a total, a 其中 row.
fn label_starts_row(d: &RowDraft, slots: &[Slot]) -> bool {
    d.cells.iter().zip(slots).any(|(c, s)| {
        s.role == SlotRole::Label
            && c.as_deref().is_some_and(|t| {
                strip_enumerator(t).1.is_some() || total_label(t) || squeeze(t).starts_with("其中")
            })
    })
}

/// The previous row still lacks a label in every panel where the line brings one
/// (a wrapped or vertically centred name follows its numbers).
fn prev_label_open(prev: &RowDraft, line: &RowDraft, slots: &[Slot]) -> bool {
    let label_in = |d: &RowDraft, p: usize| {
        d.cells
            .iter()
            .zip(slots)
            .any(|(c, s)| s.panel == p && s.role == SlotRole::Label && c.is_some())
    };
    let panels: std::collections::BTreeSet<usize> = line
        .cells
        .iter()
        .zip(slots)
        .filter(|(c, s)| c.is_some() && s.role == SlotRole::Label)
        .map(|(_, s)| s.panel)
        .collect();
    !panels.is_empty() && panels.iter().all(|p| !label_in(prev, *p))
}

fn place_header(header: &[&Line], slots: &mut Vec<Slot>, panel_of: &dyn Fn(i64) -> usize) {
    // (slot, header line, word, twice its centre) of every header word placed, for the
    // spanning headers below
    let mut placed: Vec<Placed> = Vec::new();
    for (line_no, l) in header.iter().enumerate() {
        // words of a span are placed one by one ("基本支出 项目支出" covers two columns)
        let mut words: Vec<(String, i64, i64)> = Vec::new();
        for s in &l.spans {
            if unit_in(&s.text).is_some() {
                continue;
            }
            let mut offset = 0i64;
            for w in s.text.split(' ') {
                let n = w.chars().count() as i64;
                if n > 0 {
                    words.push((w.to_string(), s.x0 as i64 + offset, s.x0 as i64 + offset + n));
                }
                offset += n + 1;
            }
            // CJK text spaced out character by character ("合 计") stays one word
            if s.text.split(' ').all(|w| w.chars().count() <= 1) {
                words.retain(|(_, a, _)| *a < s.x0 as i64);
                words.push((squeeze(&s.text), s.x0 as i64, s.x1 as i64));
            }
        }
        // a line of column headers over the amounts: match words to columns in order, allowing
        // the whole line to sit a little off the numbers (pdftotext centres headers)
        let mut consumed = vec![false; words.len()];
        let npanels = slots.iter().map(|s| s.panel + 1).max().unwrap_or(1);
        for p in 0..npanels {
            let cols: Vec<usize> = (0..slots.len())
                .filter(|&i| {
                    slots[i].panel == p && slots[i].role == SlotRole::Amount && !slots[i].header_only
                })
                .collect();
            let Some(left) = cols.iter().map(|&i| slots[i].x - slots[i].width).min() else {
                continue;
            };
            let idx: Vec<usize> = (0..words.len())
                .filter(|&k| {
                    let w = &words[k].0;
                    // label-column headers are never amount headers
                    let label_header = w.contains("名称") || w.contains("编码") || w == "项目" || w == "科目";
                    panel_of(words[k].1) == p
                        && (words[k].1 + words[k].2) / 2 > left
                        && !w.is_empty()
                        && !label_header
                })
                .collect();
            if idx.len() < 2 || idx.len() > cols.len() {
                continue;
            }
            let centers: Vec<i64> = idx.iter().map(|&k| (words[k].1 + words[k].2) / 2).collect();
            let anchors: Vec<i64> = cols.iter().map(|&i| slots[i].x - slots[i].width / 2).collect();
            if let Some((map, true)) = assign_amounts(&centers, &anchors) {
                for (n, &k) in idx.iter().enumerate() {
                    add_header(slots, cols[map[n]], &words[k].0);
                    placed.push((cols[map[n]], line_no, words[k].0.clone(), words[k].1 + words[k].2));
                    consumed[k] = true;
                }
            }
        }
        for (k, (text, x0, x1)) in words.into_iter().enumerate() {
            if text.is_empty() || consumed[k] {
                continue;
            }
            let p = panel_of(x0);
            let first_amount = slots
                .iter()
                .filter(|sl| sl.panel == p && sl.role == SlotRole::Amount && !sl.header_only)
                .map(|sl| sl.x - sl.width)
                .min();
            // best overlap with an amount column's extent
            let mut best: Option<(usize, i64)> = None;
            for (i, slot) in slots.iter().enumerate() {
                if slot.panel != p || slot.role != SlotRole::Amount {
                    continue;
                }
                let (a0, a1) = if slot.header_only {
                    (slot.x - slot.width, slot.x)
                } else {
                    (slot.x - slot.width.max(4), slot.x + 1)
                };
                let overlap = x1.min(a1) - x0.max(a0);
                if slot.header_only && overlap <= 0 {
                    continue;
                }
                let center = (x0 + x1) / 2;
                let dist = if center < a0 {
                    a0 - center
                } else if center > a1 {
                    center - a1
                } else {
                    0
                };
                let score = if overlap > 0 { overlap * 10 } else { -dist };
                if dist <= 3 && best.is_none_or(|(_, b)| score > b) {
                    best = Some((i, score));
                }
            }
            let target = match best {
                Some((i, _)) => Some(i),
                None if first_amount.is_some_and(|fa| (x0 + x1) / 2 > fa) => {
                    // a column with no number printed in it
                    slots.push(Slot {
                        role: SlotRole::Amount,
                        panel: p,
                        x: x1,
                        width: (x1 - x0).max(2),
                        header: Vec::new(),
                        header_only: true,
                    });
                    Some(slots.len() - 1)
                }
                None => slots
                    .iter()
                    .position(|sl| {
                        sl.panel == p && matches!(sl.role, SlotRole::Code(_)) && (sl.x - x0).abs() <= 2
                    })
                    .or_else(|| {
                        slots
                            .iter()
                            .position(|sl| sl.panel == p && sl.role == SlotRole::Label)
                    }),
            };
            if let Some(i) = target {
                add_header(slots, i, &text);
                placed.push((i, line_no, text, x0 + x1));
            }
        }
    }
    span_headers(slots, &placed);
    // keep each panel's columns in reading order: codes, label, then amounts by position
    slots.sort_by_key(|sl| {
        let group = match sl.role {
            SlotRole::Code(k) => k as i64,
            SlotRole::Label => 3,
            SlotRole::Text => 4,
            SlotRole::Amount => 5,
        };
        (sl.panel, group, if group == 5 { sl.x } else { 0 })
    });
}

/// Words of header lines with their positions (a span "基本支出 项目支出" gives two words,
/// "合 计" one).
fn header_words(l: &Line) -> Vec<(String, i64, i64)> {
    let mut words = Vec::new();
    for s in &l.spans {
        if unit_in(&s.text).is_some() {
            continue;
        }
        if s.text.split(' ').all(|w| w.chars().count() <= 1) {
            words.push((squeeze(&s.text), s.x0 as i64, s.x1 as i64));
            continue;
        }
        let mut offset = 0i64;
        for w in s.text.split(' ') {
            let n = w.chars().count() as i64;
            if n > 0 {
                words.push((w.to_string(), s.x0 as i64 + offset, s.x0 as i64 + offset + n));
            }
            offset += n + 1;
        }
    }
    words
}

/// Columns of a table whose rows are only numbers: the header's leaves (words with no
/// word below them) are the columns, each with the nearest word of every line above as its
/// parents; numbers go to leaves in order, by position.
fn header_leaf_grid(header: &[&Line], data: &[&Line]) -> Option<(Vec<Slot>, Vec<RowDraft>)> {
    let lines: Vec<Vec<(String, i64, i64)>> = header
        .iter()
        .map(|l| header_words(l))
        .filter(|w| !w.is_empty())
        .collect();
    if lines.is_empty() {
        return None;
    }
    let overlaps = |a: &(String, i64, i64), b: &(String, i64, i64)| a.1 < b.2 + 1 && b.1 < a.2 + 1;
    let mut leaves: Vec<(usize, (String, i64, i64))> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        for w in line {
            if !lines[i + 1..]
                .iter()
                .any(|below| below.iter().any(|b| overlaps(w, b)))
            {
                leaves.push((i, w.clone()));
            }
        }
    }
    leaves.sort_by_key(|(_, w)| w.1 + w.2);
    if leaves.len() < 2 {
        return None;
    }
    let center = |w: &(String, i64, i64)| (w.1 + w.2) / 2;
    // units: a 预算数/决算数 pair under one heading is one unit for finding parents
    let measure = |w: &str| matches!(w, "预算数" | "决算数" | "执行数");
    let mut units: Vec<Vec<usize>> = Vec::new();
    let mut k = 0;
    while k < leaves.len() {
        if k + 1 < leaves.len()
            && measure(&leaves[k].1 .0)
            && measure(&leaves[k + 1].1 .0)
            && leaves[k].1 .0 != leaves[k + 1].1 .0
        {
            units.push(vec![k, k + 1]);
            k += 2;
        } else {
            units.push(vec![k]);
            k += 1;
        }
    }
    let unit_center = |u: &Vec<usize>| u.iter().map(|&i| center(&leaves[i].1)).sum::<i64>() / u.len() as i64;
    let centers: Vec<i64> = units.iter().map(unit_center).collect();
    // a word above is a parent of the unit whose cell holds its centre, and of every unit
    // whose centre it covers
    let mut paths: Vec<Vec<String>> = vec![Vec::new(); leaves.len()];
    for (li, line) in lines.iter().enumerate() {
        // repeated column groups ("2025年预算数 … 2026年预算数", "本年 … 上年"): a line of
        // period or measure words alone divides the columns below it between them, each
        // column to the word whose share of the line holds it
        if line.len() >= 2 && line.iter().all(|w| period_group(&w.0)) {
            for (u, unit) in units.iter().enumerate() {
                let c = centers[u];
                let k = (1..line.len())
                    .rev()
                    .find(|&k| c >= (center(&line[k - 1]) + center(&line[k])) / 2)
                    .unwrap_or(0);
                for &i in unit {
                    if leaves[i].0 > li {
                        paths[i].push(line[k].0.clone());
                    }
                }
            }
            continue;
        }
        for w in line {
            let wc = center(w);
            for (u, unit) in units.iter().enumerate() {
                if unit.iter().all(|&i| leaves[i].0 <= li) {
                    continue; // only lines above the unit's leaves
                }
                let lo = if u == 0 {
                    i64::MIN
                } else {
                    (centers[u - 1] + centers[u]) / 2
                };
                let hi = if u + 1 == units.len() {
                    i64::MAX
                } else {
                    (centers[u] + centers[u + 1]) / 2
                };
                let in_cell = wc >= lo && wc < hi;
                let covers = w.1 <= centers[u] && centers[u] < w.2;
                if in_cell || covers {
                    for &i in unit {
                        if leaves[i].0 > li {
                            paths[i].push(w.0.clone());
                        }
                    }
                }
            }
        }
    }
    let mut slots: Vec<Slot> = Vec::new();
    for (i, (_, leaf)) in leaves.iter().enumerate() {
        let mut path = paths[i].clone();
        path.push(leaf.0.clone());
        path.dedup();
        slots.push(Slot {
            role: SlotRole::Amount,
            panel: 0,
            x: center(leaf),
            width: 0,
            header: path,
            header_only: false,
        });
    }
    let anchors: Vec<i64> = slots.iter().map(|s| s.x).collect();
    let mut drafts = Vec::new();
    for l in data {
        let mut d = RowDraft::new(l.no, slots.len());
        let centers: Vec<i64> = l.spans.iter().map(|s| (s.x0 as i64 + s.x1 as i64) / 2).collect();
        // headers sit off their numbers by a few characters: what matters is that the chosen
        // placement is clearly better than any other
        match ranked_assignment(&centers, &anchors, 4) {
            Some((map, best, runner_up)) => {
                for (k, j) in map.into_iter().enumerate() {
                    d.cells[j] = Some(l.spans[k].text.clone());
                }
                d.uncertain = runner_up.is_some_and(|c| c - best < 8);
            }
            None => return None,
        }
        drafts.push(d);
    }
    Some((slots, drafts))
}

/// Adds a header word to a column's header path.
/// A header naming a repeated column group by period or measure ("2025年预算数", "本年",
/// "上年决算数", "预算数"): such groups are printed side by side with the same columns.
fn period_group(word: &str) -> bool {
    let w = squeeze(word);
    let year = w
        .char_indices()
        .any(|(i, c)| c == '年' && i >= 4 && w[..i].chars().rev().take(4).all(|d| d.is_ascii_digit()));
    year || ["预算数", "决算数", "执行数", "本年", "上年"]
        .iter()
        .any(|m| w.contains(m))
}

/// Headers printed merged over a group of columns (data/tables/spanning-headers.txt).
const SPANNING_HEADERS: &str = include_str!("../../data/tables/spanning-headers.txt");

/// True when a header word is one that heads a group of columns.
fn spanning_header(word: &str) -> bool {
    let w = squeeze(word);
    SPANNING_HEADERS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|e| w.contains(e))
}

/// A header word placed over a column: (slot, header line, word, twice its centre).
type Placed = (usize, usize, String, i64);

/// Spanning headers: a header word printed (centred) over one column that has headers of its
/// own below it ("基本支出" over "人员经费") heads the neighbouring columns of its panel whose
/// headers start on the same line below it ("小计", "公用经费") and that have no word on its
/// line or above, as far as the run stays centred under the word: the cells of a merged
/// header in PDF text carry no borders, only this arrangement. Deeper headers first, so that
/// a header over headers over columns ("一般公共预算支出" / "基本支出" / "人员经费") spans all
/// of them.
fn span_headers(slots: &mut [Slot], placed: &[Placed]) {
    let mut placed: Vec<Placed> = placed
        .iter()
        .filter(|p| slots[p.0].role == SlotRole::Amount)
        .cloned()
        .collect();
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(placed[k].1));
    for k in order {
        let (i, d, w, wc2) = placed[k].clone();
        // the first header line below d in a column
        let below =
            |placed: &[Placed], j: usize| placed.iter().filter(|p| p.0 == j && p.1 > d).map(|p| p.1).min();
        let above = |placed: &[Placed], j: usize| placed.iter().any(|p| p.0 == j && p.1 <= d);
        let Some(next) = below(&placed, i) else {
            continue;
        };
        // (not from a total column: a group header read over 合计 is as likely misplaced,
        // CJK headers being set wider than the character cells of the text)
        let own_total = placed.iter().any(|p| {
            p.0 == i && p.1 > d && ["合计", "总计", "小计"].iter().any(|t| squeeze(&p.2).contains(t))
        });
        if slots[i].header.len() < 2 || !spanning_header(&w) || own_total {
            continue;
        }
        let panel = slots[i].panel;
        let mut row: Vec<usize> = (0..slots.len())
            .filter(|&j| slots[j].role == SlotRole::Amount && slots[j].panel == panel)
            .collect();
        row.sort_by_key(|&j| slots[j].x);
        let Some(at) = row.iter().position(|&j| j == i) else {
            continue;
        };
        let joins = |j: usize| !above(&placed, j) && below(&placed, j) == Some(next);
        let mut lo = at;
        while lo > 0 && joins(row[lo - 1]) {
            lo -= 1;
        }
        let mut hi = at;
        while hi + 1 < row.len() && joins(row[hi + 1]) {
            hi += 1;
        }
        // the widest part of the run that is centred under the word (within a column)
        let centre = |j: usize| 2 * slots[j].x - slots[j].width; // ×2
        let spacing = if row.len() > 1 {
            (centre(row[row.len() - 1]) - centre(row[0])) / (row.len() as i64 - 1)
        } else {
            0
        };
        let tol = (spacing / 2).max(4);
        let mut best: Option<(usize, usize)> = None;
        for a in lo..=at {
            for b in at..=hi {
                let mid2 = (centre(row[a]) + centre(row[b])) / 2;
                if (mid2 - wc2).abs() <= tol && best.is_none_or(|(x, y)| b - a > y - x) {
                    best = Some((a, b));
                }
            }
        }
        let Some((mut a, mut b)) = best else { continue };
        // a group has one total: beside its own 小计, a 合计 or 总计 column totals the parent
        let leaf = |j: usize| slots[j].header.last().map(|h| squeeze(h)).unwrap_or_default();
        let whole = |j: usize| ["合计", "总计"].iter().any(|t| leaf(j).contains(t));
        // (its own 小计: one directly under it, not a nested group's)
        let direct = |j: usize| placed.iter().filter(|p| p.0 == j && p.1 > d).count() == 1;
        if (a..=b).any(|n| leaf(row[n]).contains("小计") && direct(row[n])) {
            while a < at && whole(row[a]) {
                a += 1;
            }
            while b > at && whole(row[b]) {
                b -= 1;
            }
            if (a..=b).any(|n| whole(row[n])) {
                continue;
            }
        }
        for (n, &j) in row.iter().enumerate().take(b + 1).skip(a) {
            if n == at || slots[j].header.contains(&w) {
                continue;
            }
            let before = placed.iter().filter(|p| p.0 == j && p.1 < d).count();
            let h = &mut slots[j].header;
            h.insert(before.min(h.len()), w.clone());
            placed.push((j, d, w.clone(), wc2));
        }
    }
}

fn add_header(slots: &mut [Slot], i: usize, text: &str) {
    let is_amount = slots[i].role == SlotRole::Amount;
    let h = &mut slots[i].header;
    match h.last_mut() {
        Some(last) if *last == text => {}
        // a short fragment continues a header wrapped inside its cell ("本年支出合" + "计")
        Some(last) if text.chars().count() <= 3 && is_amount => last.push_str(text),
        _ => h.push(text.to_string()),
    }
}

/// Places one line's spans into slots. Amounts go through [`assign_amounts`].
fn place_line(
    l: &Line,
    slots: &[Slot],
    panel_of: &dyn Fn(i64) -> usize,
    n: usize,
    shifts: &std::collections::BTreeMap<(u32, usize), Option<i64>>,
) -> RowDraft {
    let mut d = RowDraft::new(l.no, n);
    let npanels = slots.iter().map(|s| s.panel + 1).max().unwrap_or(1);
    for p in 0..npanels {
        let spans: Vec<&Span> = l.spans.iter().filter(|s| panel_of(s.x0 as i64) == p).collect();
        let mut amounts: Vec<&Span> = Vec::new();
        let mut seen_text = false;
        let code_slots: Vec<usize> = (0..n)
            .filter(|&i| slots[i].panel == p && matches!(slots[i].role, SlotRole::Code(_)))
            .collect();
        let label_slot = (0..n).find(|&i| slots[i].panel == p && slots[i].role == SlotRole::Label);
        for s in spans {
            match tok_kind(s) {
                Tok::Amount => amounts.push(s),
                Tok::Code | Tok::Text
                    if !seen_text
                        && !code_slots.is_empty()
                        && (tok_kind(s) == Tok::Code || short_code_part(s, &d, &code_slots)) =>
                {
                    // 类 (3 digits) and joined codes go to the first code column; a 2-digit
                    // 款/项 part to the nearest later code column
                    let short = s.text.len() <= 2;
                    let pool: Vec<usize> = if short && code_slots.len() > 1 {
                        code_slots[1..].to_vec()
                    } else if !short {
                        code_slots[..1].to_vec()
                    } else {
                        code_slots.clone()
                    };
                    let i = pool
                        .iter()
                        .copied()
                        .min_by_key(|&i| (slots[i].x - s.x0 as i64).abs())
                        .unwrap_or(code_slots[0]);
                    if d.cells[i].is_none() {
                        d.cells[i] = Some(s.text.clone());
                    } else if let Some(ls) = label_slot {
                        append(&mut d.cells[ls], &s.text);
                    }
                }
                _ => {
                    seen_text = true;
                    if let Some(ls) = label_slot {
                        append(&mut d.cells[ls], &s.text);
                    }
                }
            }
        }
        let amount_slots: Vec<usize> = (0..n)
            .filter(|&i| slots[i].panel == p && slots[i].role == SlotRole::Amount && !slots[i].header_only)
            .collect();
        if amounts.is_empty() {
            continue;
        }
        if amount_slots.is_empty() {
            d.uncertain = true;
            continue;
        }
        let anchors: Vec<i64> = amount_slots.iter().map(|&i| slots[i].x).collect();
        let rights: Vec<i64> = amounts.iter().map(|s| s.x1 as i64).collect();
        let placed = match shifts.get(&(l.no, p)) {
            // a number in every column: only one placement exists
            _ if rights.len() == anchors.len() => Some(((0..anchors.len()).collect(), true)),
            Some(Some(shift)) => best_monotone(&rights, &anchors, *shift).map(|(_, map)| {
                let worst = rights
                    .iter()
                    .zip(&map)
                    .map(|(r, j)| (r + shift - anchors[*j]).abs())
                    .max()
                    .unwrap_or(0);
                (map, worst <= LOOSE)
            }),
            Some(None) => compressed_fit(&rights, &anchors)
                .map(|m| (m, true))
                .or_else(|| assign_amounts(&rights, &anchors).map(|(m, _)| (m, false))),
            None => assign_amounts(&rights, &anchors),
        };
        match placed {
            Some((map, certain)) => {
                for (k, j) in map.into_iter().enumerate() {
                    d.cells[amount_slots[j]] = Some(amounts[k].text.clone());
                }
                d.uncertain |= !certain;
                if !certain && npanels == 1 {
                    d.rights = rights.clone();
                }
            }
            None => {
                d.uncertain = true;
                for (k, s) in amounts.iter().enumerate().take(amount_slots.len()) {
                    d.cells[amount_slots[k]] = Some(s.text.clone());
                }
            }
        }
    }
    d
}

/// A line pdftotext squeezed to the left (its numbers sit left of their columns, by varying
/// amounts): the placement that moves every number right (or ≤ 2 left) the least, when it is
/// clearly the least.
fn compressed_fit(r: &[i64], a: &[i64]) -> Option<Vec<usize>> {
    let (k, n) = (r.len(), a.len());
    if k == 0 || k > n || k > 12 {
        return None;
    }
    // enumerate order-preserving placements (n choose k is small here)
    let mut best: Option<(i64, Vec<usize>)> = None;
    let mut second: Option<i64> = None;
    let mut pick = Vec::with_capacity(k);
    fn walk(
        r: &[i64],
        a: &[i64],
        from: usize,
        pick: &mut Vec<usize>,
        best: &mut Option<(i64, Vec<usize>)>,
        second: &mut Option<i64>,
    ) {
        let i = pick.len();
        if i == r.len() {
            let cost: i64 = pick.iter().zip(r).map(|(j, x)| a[*j] - x).sum();
            match best {
                Some((b, _)) if cost >= *b => {
                    if second.is_none_or(|s| cost < s) {
                        *second = Some(cost);
                    }
                }
                _ => {
                    if let Some((b, _)) = best {
                        *second = Some(*b);
                    }
                    *best = Some((cost, pick.clone()));
                }
            }
            return;
        }
        for j in from..a.len() {
            if a[j] >= r[i] - 2 {
                pick.push(j);
                walk(r, a, j + 1, pick, best, second);
                pick.pop();
            }
        }
    }
    walk(r, a, 0, &mut pick, &mut best, &mut second);
    let (cost, map) = best?;
    second.is_none_or(|s| s >= 2 * cost + 10).then_some(map)
}

/// Largest distance, in characters, a number may sit from its column's right edge when no
/// exact fit exists.
const LOOSE: i64 = 5;

/// True when, at shift `s`, every number is within [`LOOSE`] of a distinct column in order,
/// and no other order-preserving placement is also that close.
fn loose_fit(r: &[i64], a: &[i64], s: i64) -> bool {
    let Some((_, map)) = best_monotone(r, a, s) else {
        return false;
    };
    let worst = |m: &[usize]| {
        r.iter()
            .zip(m)
            .map(|(ri, j)| (ri + s - a[*j]).abs())
            .max()
            .unwrap_or(0)
    };
    if worst(&map) > LOOSE {
        return false;
    }
    // uniqueness: moving any one number to a neighbouring column must leave the loose band
    for (k, &j) in map.iter().enumerate() {
        for alt in [j.wrapping_sub(1), j + 1] {
            if alt >= a.len() || map.iter().enumerate().any(|(q, &jq)| q != k && jq == alt) {
                continue;
            }
            if (r[k] + s - a[alt]).abs() <= LOOSE {
                return false;
            }
        }
    }
    true
}

/// Right edges of the amounts of panel `p` on each data line.
fn panel_rights(data: &[&Line], p: usize, panel_of: &dyn Fn(i64) -> usize) -> Vec<(u32, Vec<i64>)> {
    data.iter()
        .map(|l| {
            let r: Vec<i64> = l
                .spans
                .iter()
                .filter(|s| panel_of(s.x0 as i64) == p && tok_kind(s) == Tok::Amount)
                .map(|s| s.x1 as i64)
                .collect();
            (l.no, r)
        })
        .filter(|(_, r)| !r.is_empty())
        .collect()
}

/// Shifts `s` under which every number of a line lands within 2 characters of a column.
fn fitting_shifts(r: &[i64], a: &[i64]) -> Vec<i64> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    let mut cands: Vec<i64> = r.iter().flat_map(|ri| a.iter().map(move |aj| aj - ri)).collect();
    cands.push(0);
    cands.sort_unstable();
    cands.dedup();
    for s in cands {
        // cheap test first: every number must land near some column
        if !r.iter().all(|ri| a.iter().any(|aj| (ri + s - aj).abs() <= 2)) {
            continue;
        }
        if let Some((_, map)) = best_monotone(r, a, s) {
            let worst = r
                .iter()
                .zip(&map)
                .map(|(ri, j)| (ri + s - a[*j]).abs())
                .max()
                .unwrap_or(0);
            if worst <= 2 {
                let cost: i64 = r.iter().zip(&map).map(|(ri, j)| (ri + s - a[*j]).abs()).sum();
                match out.last_mut() {
                    Some((ls, lc)) if (s - *ls).abs() <= 2 => {
                        if cost < *lc {
                            *ls = s;
                            *lc = cost;
                        }
                    }
                    _ => out.push((s, cost)),
                }
            }
        }
    }
    out.into_iter().map(|(s, _)| s).collect()
}

/// The amount columns of a panel (right edges, in the frame of the topmost fullest line)
/// and, per line, the shift aligning its numbers with them (`None` when ambiguous).
///
/// pdftotext sometimes moves all numbers of a run of lines left by the same amount.
/// A line that fits the columns under several shifts takes the shift of the nearest line
/// that fits under only one of them.
#[allow(clippy::type_complexity)]
fn amount_anchors(
    data: &[&Line],
    header: &[&Line],
    p: usize,
    panel_of: &dyn Fn(i64) -> usize,
) -> (Vec<i64>, Vec<(u32, Option<i64>)>) {
    let under_header = |x: i64| {
        header
            .iter()
            .flat_map(|l| l.spans.iter())
            .any(|s| panel_of(s.x0 as i64) == p && (s.x0 as i64 - 2..=s.x1 as i64 + 5).contains(&x))
    };
    let lines = panel_rights(data, p, panel_of);
    let Some(max) = lines.iter().map(|(_, r)| r.len()).max() else {
        return (Vec::new(), Vec::new());
    };
    // the reference: the topmost fullest line that is a row of its own (with a label or
    // code), since numbers-only lines may be fragments of vertically centred rows
    let labelled = |no: u32| {
        data.iter().any(|l| {
            l.no == no
                && l.spans
                    .iter()
                    .any(|s| panel_of(s.x0 as i64) == p && tok_kind(s) != Tok::Amount)
        })
    };
    let max_labelled = lines
        .iter()
        .filter(|(no, _)| labelled(*no))
        .map(|(_, r)| r.len())
        .max();
    let mut anchors: Vec<i64> = match max_labelled {
        Some(m) => lines.iter().find(|(no, r)| r.len() == m && labelled(*no)),
        None => lines.iter().find(|(_, r)| r.len() == max),
    }
    .map(|(_, r)| r.clone())
    .unwrap_or_default();
    let mut resolved: Vec<Option<i64>> = vec![None; lines.len()];
    for _round in 0..4 {
        let cands: Vec<Vec<i64>> = lines.iter().map(|(_, r)| fitting_shifts(r, &anchors)).collect();
        // unique fits first
        for (i, c) in cands.iter().enumerate() {
            resolved[i] = (c.len() == 1).then(|| c[0]);
        }
        // ambiguous fits: the nearest uniquely fitted line whose shift is a candidate
        for i in 0..lines.len() {
            if resolved[i].is_some() || cands[i].len() < 2 {
                continue;
            }
            let mut best: Option<(usize, i64)> = None;
            for (j, rj) in resolved.iter().enumerate() {
                let Some(sj) = rj else { continue };
                if cands[j].len() != 1 {
                    continue;
                }
                if cands[i].iter().any(|s| (s - sj).abs() <= 2) {
                    let d = i.abs_diff(j);
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, *sj));
                    }
                }
            }
            resolved[i] = best.map(|(_, s)| s).or_else(|| {
                // no neighbour decides: a small shift (pdftotext nudging a line) against
                // alternatives a whole column away
                let mut by_size = cands[i].clone();
                by_size.sort_by_key(|s| s.abs());
                (by_size[0].abs() <= 3 && by_size[1..].iter().all(|s| s.abs() >= 8)).then_some(by_size[0])
            });
        }
        // lines that fit nowhere: numbers a little off their columns (pdftotext does not keep
        // right edges exactly), or columns the fullest line left empty
        let mut added = false;
        for (i, (_, r)) in lines.iter().enumerate() {
            if !cands[i].is_empty() {
                continue;
            }
            let s = (0..i).rev().find_map(|j| resolved[j]).unwrap_or(0);
            // a line with a number in every known column, squeezed to the left (pdftotext
            // compresses such lines), is the full row again, not a new column
            // — unless its numbers off the known columns sit under header words of their own
            // (a column the reference line left blank)
            let own_header = |x: i64| {
                header.iter().flat_map(|l| l.spans.iter()).any(|h| {
                    let span = h.x0 as i64 - 2..=h.x1 as i64 + 5;
                    panel_of(h.x0 as i64) == p
                        && span.contains(&x)
                        && !anchors.iter().any(|a| span.contains(a))
                })
            };
            let off: Vec<i64> = r
                .iter()
                .map(|ri| ri + s)
                .filter(|x| anchors.iter().all(|a| (a - x).abs() > 3))
                .collect();
            let squeezed = r.len() == anchors.len()
                && r[0] <= anchors[0] + 2
                && r.windows(2)
                    .zip(anchors.windows(2))
                    .all(|(g, a)| g[1] - g[0] <= a[1] - a[0] + 2)
                && (off.is_empty() || !off.iter().all(|x| own_header(*x)));
            if squeezed {
                continue;
            }
            if loose_fit(r, &anchors, s) {
                resolved[i] = Some(s);
                continue;
            }
            let fits = |x: i64| anchors.iter().any(|a| (a - x).abs() <= 2);
            // only when the rest of the line sits on known columns at the neighbours' shift
            if !r.iter().any(|ri| fits(ri + s)) {
                continue;
            }
            let first = anchors.iter().copied().min().unwrap_or(0);
            let new: Vec<i64> = r
                .iter()
                .map(|ri| ri + s)
                .filter(|x| anchors.iter().all(|a| (a - x).abs() > 3))
                .collect();
            // the first amount column is the total: a "new" column left of it is a
            // compressed line, not a column
            if new.iter().any(|x| *x < first) {
                continue;
            }
            // a new column must be a real column: under a header label
            if !new.iter().all(|x| under_header(*x)) {
                continue;
            }
            if !new.is_empty() {
                anchors.extend(new);
                added = true;
            }
        }
        if !added {
            break;
        }
        anchors.sort_unstable();
    }
    let anchors = merge_split_columns(&lines, &resolved, anchors);
    let out = lines.iter().zip(resolved).map(|((no, _), s)| (*no, s)).collect();
    (anchors, out)
}

/// pdftotext does not keep a column's right edges exactly: one column can show up as two
/// neighbouring anchors. Two anchors within 8 characters that no line ever uses together
/// are one column.
fn merge_split_columns(
    lines: &[(u32, Vec<i64>)],
    resolved: &[Option<i64>],
    mut anchors: Vec<i64>,
) -> Vec<i64> {
    loop {
        let mut used_together = vec![vec![false; anchors.len()]; anchors.len()];
        let mut weight = vec![0i64; anchors.len()];
        for ((_, r), s) in lines.iter().zip(resolved) {
            let Some(s) = s else { continue };
            let Some((_, map)) = best_monotone(r, &anchors, *s) else {
                continue;
            };
            for &j in &map {
                weight[j] += 1;
                for &k in &map {
                    used_together[j][k] = true;
                }
            }
        }
        let pair = (0..anchors.len().saturating_sub(1))
            .find(|&j| anchors[j + 1] - anchors[j] <= 8 && !used_together[j][j + 1]);
        let Some(j) = pair else { return anchors };
        let (wa, wb) = (weight[j].max(1), weight[j + 1].max(1));
        let merged = (anchors[j] * wa + anchors[j + 1] * wb) / (wa + wb);
        anchors.splice(j..j + 2, [merged]);
    }
}

/// A one-digit part printed after a code ("301   2   津贴补贴": 款 02 printed as "2").
fn short_code_part(s: &Span, d: &RowDraft, code_slots: &[usize]) -> bool {
    s.text.len() == 1
        && s.text.chars().all(|c| c.is_ascii_digit())
        && code_slots.iter().any(|&i| d.cells[i].is_some())
}

fn append(cell: &mut Option<String>, text: &str) {
    match cell {
        Some(c) => {
            c.push(' ');
            c.push_str(text);
        }
        None => *cell = Some(text.to_string()),
    }
}

/// Assigns numbers (right edges `r`, left to right) to columns (anchors `a`), keeping order,
/// allowing one shift for the whole row. Returns the column of each number and whether
/// the best placement is clearly better than any other.
fn assign_amounts(r: &[i64], a: &[i64]) -> Option<(Vec<usize>, bool)> {
    let (map, best, runner_up) = ranked_assignment(r, a, 1)?;
    let certain = best <= 12 && runner_up.is_none_or(|c| c - best >= 4);
    Some((map, certain))
}

/// The best order-preserving placement (with one shift for the whole row), its cost and the
/// cost of the best placement that differs from it (costs in half-characters).
fn ranked_assignment(r: &[i64], a: &[i64], shift_weight: i64) -> Option<(Vec<usize>, i64, Option<i64>)> {
    let (k, n) = (r.len(), a.len());
    if k == 0 || k > n {
        return None;
    }
    let mut shifts: Vec<i64> = vec![0];
    for &ri in r {
        for &aj in a {
            shifts.push(aj - ri);
        }
    }
    shifts.sort_unstable();
    shifts.dedup();
    // cost in half-characters to keep integer arithmetic
    let mut results: Vec<(i64, Vec<usize>)> = Vec::new();
    for &s in &shifts {
        if let Some((cost, map)) = best_monotone(r, a, s) {
            let total = cost * 2 + s.abs() * shift_weight;
            results.push((total, map));
        }
    }
    results.sort_by_key(|x| x.0);
    let (best_cost, best_map) = results.first()?.clone();
    let runner_up = results.iter().find(|(_, m)| *m != best_map).map(|(c, _)| *c);
    Some((best_map, best_cost, runner_up))
}

fn best_monotone(r: &[i64], a: &[i64], shift: i64) -> Option<(i64, Vec<usize>)> {
    let (k, n) = (r.len(), a.len());
    if k > n {
        return None;
    }
    const INF: i64 = i64::MAX / 4;
    let w = n + 1;
    // dp[i*w + j]: best cost placing the first i numbers in the first j columns
    let mut dp = vec![INF; (k + 1) * w];
    let mut take = vec![false; (k + 1) * w];
    dp[..w].fill(0);
    for i in 1..=k {
        for j in i..=n {
            let skip = dp[i * w + j - 1];
            let use_it = dp[(i - 1) * w + j - 1].saturating_add((r[i - 1] + shift - a[j - 1]).abs());
            if use_it <= skip {
                dp[i * w + j] = use_it;
                take[i * w + j] = true;
            } else {
                dp[i * w + j] = skip;
            }
        }
    }
    if dp[k * w + n] >= INF {
        return None;
    }
    let mut map = vec![0usize; k];
    let (mut i, mut j) = (k, n);
    while i > 0 {
        if take[i * w + j] {
            map[i - 1] = j - 1;
            i -= 1;
        }
        j -= 1;
    }
    Some((dp[k * w + n], map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignment_keeps_gaps() {
        // 合计 and 项目 filled, 基本 blank
        let (map, certain) = assign_amounts(&[49, 71], &[45, 56, 67]).unwrap();
        assert_eq!(map, vec![0, 2]);
        assert!(certain);
        // a compressed row shifted left by 7
        let (map, _) = assign_amounts(&[34, 47], &[41, 54, 65, 70, 88]).unwrap();
        assert_eq!(map, vec![0, 1]);
        assert!(assign_amounts(&[1, 2, 3], &[1, 2]).is_none());
    }

    #[test]
    fn numbers_under_no_header_make_the_table_unreliable() {
        // the wide 合计 of 项目支出 is pushed right of its column by the layout: a sixth column
        // of numbers under no header appears, so where a number belongs is not certain
        let text = "                    2026年一般公共预算支出情况表\n单位名称:重庆市科学技术局                                     单位:万元\n\n             功能分类科目\n                                               基本支出\n                                  总  计                        项 目 支 出\n  科 目 编 码         科 目 名 称\n                                         小 计   人 员 经 费  公 用 经 费\n\n              合  计           154,304.22  5,362.42  4,516.64  845.78  148,941.80\n201     一般公共服务支出               5,183.00                     5,183.00\n 20104   发展与改革事务                 183.00                       183.00\n";
        let doc = crate::parse::parse_text(text);
        let t = &doc.tables[0];
        assert!(!t.reliable, "{:?}", t.columns);
    }

    #[test]
    fn units_and_departments() {
        assert_eq!(unit_in("编制部门：某某局 单位：万元"), Some(Unit::WanYuan));
        assert_eq!(unit_in("单位:元"), Some(Unit::Yuan));
        // "单位：万 / 元" wrapped over two lines (Jiangsu 2019 三公 table)
        assert_eq!(
            wrapped_unit(
                "                 单位：万",
                "部门名称：江苏省高级人民法院        元"
            ),
            Some(Unit::WanYuan)
        );
        assert_eq!(wrapped_unit("单位：万", "合计 12.00"), None);
        assert_eq!(wrapped_tail_first("算1.一般公共预"), "1.一般公共预算");
        assert_eq!(wrapped_tail_first("1.一般公共预算"), "1.一般公共预算");
        assert_eq!(wrapped_tail_first("一、财政拨款"), "一、财政拨款");
        assert_eq!(wrapped_tail_first("其中：1.工资"), "其中：1.工资");
        for n in ["公开表8", "表九", "预算05表", "公开 09 表", "附表3", "表 1"] {
            assert!(table_number_only(n), "{n}");
        }
        for n in ["表", "合计", "支出表", "公开表8 收支总表", "2024年"] {
            assert!(!table_number_only(n), "{n}");
        }
        assert!(period_group("2025年预算数"));
        assert!(period_group("上年决算数"));
        assert!(period_group("本年"));
        assert!(!period_group("合计"));
        assert!(!period_group("公务接待费"));
        assert!(spanning_header("基本支出"));
        assert!(spanning_header("一般公共预算支出"));
        assert!(spanning_header("公务用车购置及运行维护费"));
        assert!(!spanning_header("因公出"));
        assert!(!spanning_header("人员经费"));
        assert!(!spanning_header("小计"));
        assert!(column_numbers("栏次        1      2     3"));
        assert!(column_numbers("  1   2   3   4"));
        assert!(column_numbers("栏 次  1  2"));
        assert!(!column_numbers("合计  1  2"));
        assert!(!column_numbers("  12   30   7"));
        assert!(!column_numbers("  1"));
        assert!(repeated_header(
            "科 目 编 码   科  目  名  称   总  计  基 本 支 出  项 目 支 出"
        ));
        assert!(!repeated_header("合计 基本支出"));
        assert!(!repeated_header("人员经费合计 公用经费合计"));
        assert!(repeated_header(
            "类   款   项        小计    人员经费     公用经费"
        ));
        assert!(!repeated_header("类   款   项"));
        assert_eq!(wrapped_unit("单位：万元", "元"), None);
        assert_eq!(
            department_in("编制部门：某某局    单位：万元").as_deref(),
            Some("某某局")
        );
        assert!(total_label("收 入 总 计"));
        assert!(total_label("本年支出合计"));
        assert!(!total_label("行政运行"));
    }
}
