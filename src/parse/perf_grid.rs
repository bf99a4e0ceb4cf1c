//! Space-aligned 绩效 tables (a PDF's text, `pdftotext -layout`) read by their columns.
//!
//! The header row names the columns (`perf::layouts::COLUMNS`); every later span goes to
//! the column under which most of it lies. The PDF prints merged cells centred over the
//! rows they span and wraps long cells over several lines, so:
//!
//! * an indicator row is *anchored* by a line that holds both a name and a value (or one of
//!   them when the other's wrapped lines are pending above it); a wrapped cell is centred on
//!   its row, so the fragments printed above an anchor are matched by as many below it;
//! * 一级 / 二级 labels and a wide table's project cells are centred over the rows they span.
//!   The rows are given to the labels as contiguous groups that put each label nearest the
//!   middle of its group (a small dynamic programme), which is exact when each row prints
//!   its own label and right for centred labels;
//! * a wrapped label (社会效益指 / 标) is joined when the pieces make a level name;
//! * a table continued on the next page (the title repeated, no header of its own) is read
//!   on as part of the previous one; repeated titles, headers and page numbers are skipped.
//!
//! One `PerformanceTable` is produced per project; a form-style 填报表 is one project, a
//! wide table (北京 预算12表, 重庆 一般性项目表) as many as it lists.

use crate::model::{Evaluation, Indicator, PerformanceKind, PerformanceLayout, PerformanceTable};
use crate::perf::layouts::{self, Col, TitleKind};
use crate::perf::lexicon;

use super::lexer::Line;
use super::normalize::{squeeze, strip_markdown, tidy_label};
use super::perf::{header_fields, PCell};

/// A column of the header: what it holds and where.
#[derive(Debug, Clone)]
struct GCol {
    col: Option<Col>,
    x0: u32,
    x1: u32,
}

/// The header: its columns (sorted by x) and the index of its last line in the block.
#[derive(Debug, Clone)]
struct Header {
    cols: Vec<GCol>,
    first: usize,
    last: usize,
    /// Where the name cells start in the body, when the rows show it left of the name
    /// header's region (a left-aligned name under a centred header).
    name_from: Option<u32>,
}

/// True when a line is the anchor of a column header: at least three of its cells name
/// columns and one of them names the indicator.
fn header_anchor(line: &Line) -> bool {
    if line.text.contains('|') {
        return false;
    }
    let cols: Vec<Col> = line
        .spans
        .iter()
        .filter_map(|s| layouts::column(&s.text))
        .collect();
    cols.len() >= 3
        && cols.iter().any(|c| layouts::NAME_COLUMNS.contains(c))
        // tab-separated tables are read by `parse::perf`, except self-evaluations
        && (!line.tabbed || cols.iter().any(|c| matches!(c, Col::Actual | Col::Score)))
}

/// A line that can be a wrapped piece of a header: short cells, no figures, no level names.
fn header_fragment(line: &Line) -> bool {
    !line.is_blank()
        && !line.tabbed
        && !line.text.contains("单位")
        && line.spans.iter().all(|s| {
            let t = squeeze(&s.text);
            t.chars().count() <= 12
                && !t.chars().any(|c| c.is_ascii_digit())
                && lexicon::level(&t).is_none()
                && !matches!(t.as_str(), "≥" | "≤" | "=" | ">" | "<")
        })
}

fn overlap(a0: u32, a1: u32, b0: u32, b1: u32) -> u32 {
    a1.min(b1).saturating_sub(a0.max(b0))
}

/// Reads the header around the anchor line `at`.
fn header_at(lines: &[Line], at: usize) -> Header {
    struct Part {
        x0: u32,
        x1: u32,
        texts: Vec<(usize, String)>,
        /// A cell of the anchor line.
        anchor: bool,
    }
    let mut parts: Vec<Part> = Vec::new();
    for s in &lines[at].spans {
        // one span naming two columns (指标权重(%) 是否核心): cut where the second word starts
        let t: Vec<char> = s.text.chars().collect();
        let sq: String = t.iter().filter(|c| !c.is_whitespace()).collect();
        let cut = layouts::COLUMNS.iter().find_map(|(w, _)| {
            let at = sq.find(w)?;
            let chars_before = sq[..at].chars().count();
            (chars_before > 0 && layouts::column(&sq[..at]).is_some()).then_some(chars_before)
        });
        match cut {
            Some(n) => {
                // the n-th non-space character of the span
                let mut seen = 0;
                let mut k = 0;
                for (i, c) in t.iter().enumerate() {
                    if !c.is_whitespace() {
                        if seen == n {
                            k = i;
                            break;
                        }
                        seen += 1;
                    }
                }
                let x = s.x0 + k as u32;
                parts.push(Part {
                    x0: s.x0,
                    x1: x.saturating_sub(1).max(s.x0 + 1),
                    texts: vec![(at, t[..k].iter().collect())],
                    anchor: true,
                });
                parts.push(Part {
                    x0: x,
                    x1: s.x1,
                    texts: vec![(at, t[k..].iter().collect())],
                    anchor: true,
                });
            }
            None => parts.push(Part {
                x0: s.x0,
                x1: s.x1,
                texts: vec![(at, s.text.clone())],
                anchor: true,
            }),
        }
    }
    // wrapped header pieces: up to four lines above and below, blank lines skipped
    let mut around: Vec<usize> = Vec::new();
    let mut first = at;
    for i in (at.saturating_sub(5)..at).rev() {
        if lines[i].is_blank() {
            continue;
        }
        if !header_fragment(&lines[i]) {
            break;
        }
        around.push(i);
        first = i;
    }
    let mut last = at;
    for (i, line) in lines
        .iter()
        .enumerate()
        .take((at + 6).min(lines.len()))
        .skip(at + 1)
    {
        if line.is_blank() {
            continue;
        }
        if !header_fragment(line) {
            break;
        }
        around.push(i);
        last = i;
    }
    around.sort_unstable();
    for i in around {
        for s in &lines[i].spans {
            let width = s.x1.saturating_sub(s.x0).max(1);
            let best = parts
                .iter_mut()
                .map(|p| (overlap(p.x0, p.x1, s.x0, s.x1), p))
                .filter(|(o, p)| {
                    // a piece mostly outside an anchor cell that already names a column is a
                    // column of its own (当年财政拨 / 款预算金额 beside 项目名称)
                    *o > 0
                        && !(p.anchor
                            && p.texts.len() == 1
                            && layouts::column(&p.texts[0].1).is_some()
                            && *o * 10 < width * 6)
                })
                .max_by_key(|(o, _)| *o);
            match best {
                Some((_, p)) => {
                    p.texts.push((i, s.text.clone()));
                    p.x0 = p.x0.min(s.x0);
                    p.x1 = p.x1.max(s.x1);
                }
                None => parts.push(Part {
                    x0: s.x0,
                    x1: s.x1,
                    texts: vec![(i, s.text.clone())],
                    anchor: false,
                }),
            }
        }
    }
    let mut cols: Vec<GCol> = parts
        .into_iter()
        .map(|mut p| {
            p.texts.sort_by_key(|(i, _)| *i);
            let text: String = p.texts.iter().map(|(_, t)| squeeze(t)).collect();
            GCol {
                col: layouts::column(&text),
                x0: p.x0,
                x1: p.x1,
            }
        })
        .collect();
    cols.sort_by_key(|c| c.x0);
    Header {
        cols,
        first,
        last,
        name_from: None,
    }
}

impl Header {
    /// The column a span at `[x0, x1)` falls in: the region (split halfway between header
    /// cells) holding most of it.
    fn col_of(&self, x0: u32, x1: u32) -> Option<Col> {
        let c = self.col_of_region(x0, x1);
        match (self.name_from, c) {
            (Some(from), Some(Col::Goal | Col::Project | Col::Level1 | Col::Level2 | Col::Code))
                if x0 >= from =>
            {
                self.cols
                    .iter()
                    .find_map(|g| g.col.filter(|c| layouts::NAME_COLUMNS.contains(c)))
            }
            _ => c,
        }
    }

    fn col_of_region(&self, x0: u32, x1: u32) -> Option<Col> {
        let n = self.cols.len();
        let mut best: Option<(u32, usize)> = None;
        for i in 0..n {
            let lo = if i == 0 {
                0
            } else {
                (self.cols[i - 1].x1 + self.cols[i].x0) / 2
            };
            let hi = if i + 1 == n {
                u32::MAX
            } else {
                (self.cols[i].x1 + self.cols[i + 1].x0) / 2
            };
            let o = overlap(lo, hi, x0, x1.max(x0 + 1));
            if o > 0 && best.is_none_or(|(b, _)| o > b) {
                best = Some((o, i));
            }
        }
        best.and_then(|(_, i)| self.cols[i].col)
    }

    /// The columns of a line's spans. Where a line prints as many cells on one side of the
    /// name as the header has columns there, they are taken in order (a PDF's text spaces
    /// out header words to their width on paper but not the cells under them); otherwise each
    /// span by its position. An amount is never a name or a goal, and text is never an amount.
    fn cols_of_line(&self, line: &Line) -> Vec<Option<Col>> {
        let mut out: Vec<Option<Col>> = line.spans.iter().map(|s| self.col_of(s.x0, s.x1)).collect();
        let name_at = self
            .cols
            .iter()
            .position(|g| g.col.is_some_and(|c| layouts::NAME_COLUMNS.contains(&c)));
        let name_span = out
            .iter()
            .position(|c| c.is_some_and(|c| layouts::NAME_COLUMNS.contains(&c)));
        if let (Some(h), Some(k)) = (name_at, name_span) {
            let right_h: Vec<Option<Col>> = self.cols[h + 1..].iter().map(|g| g.col).collect();
            let last_name = out
                .iter()
                .rposition(|c| c.is_some_and(|c| layouts::NAME_COLUMNS.contains(&c)))
                .unwrap_or(k);
            let right_n = line.spans.len() - last_name - 1;
            if right_n == right_h.len() && !right_h.is_empty() {
                for (o, c) in out[last_name + 1..].iter_mut().zip(&right_h) {
                    *o = *c;
                }
            } else if right_n > 0 && right_n < right_h.len() {
                // fewer cells than columns (an empty cell): keep their order, each to the
                // column whose middle is nearest
                let spans = &line.spans[last_name + 1..];
                let cols = &self.cols[h + 1..];
                let pick = monotone(
                    &spans.iter().map(|s| s.x0 + s.x1).collect::<Vec<_>>(),
                    &cols.iter().map(|g| g.x0 + g.x1).collect::<Vec<_>>(),
                );
                for (o, k) in out[last_name + 1..].iter_mut().zip(pick) {
                    *o = cols[k].col;
                }
            }
            let left_h: Vec<Option<Col>> = self.cols[..h].iter().map(|g| g.col).collect();
            if k == left_h.len() && k >= 2 {
                for (o, c) in out[..k].iter_mut().zip(&left_h) {
                    *o = *c;
                }
            }
        }
        for (o, s) in out.iter_mut().zip(&line.spans) {
            let amount = s.number.is_some_and(|n| n.money_like);
            match *o {
                Some(Col::Funds | Col::Fiscal | Col::Other) if !amount => {
                    *o = if self.has(Col::Goal) {
                        Some(Col::Goal)
                    } else {
                        Some(Col::Project)
                    }
                }
                Some(Col::Project | Col::Goal) if amount && self.has(Col::Funds) => *o = Some(Col::Funds),
                _ => {}
            }
        }
        out
    }

    fn has(&self, c: Col) -> bool {
        self.cols.iter().any(|g| g.col == Some(c))
    }
}

/// Gives each of `spans` (doubled middles, in order) one of `cols` (doubled middles, in
/// order), keeping the order, so that the total distance is least. `spans.len() <= cols.len()`.
fn monotone(spans: &[u32], cols: &[u32]) -> Vec<usize> {
    let n = spans.len();
    let m = cols.len();
    if n == 0 || n > m {
        return (0..n).map(|i| i.min(m.saturating_sub(1))).collect();
    }
    let d = |i: usize, j: usize| u64::from(spans[i].abs_diff(cols[j]));
    // best[i][j]: spans 0..=i placed, span i on column j
    let mut best = vec![vec![u64::MAX; m]; n];
    let mut back = vec![vec![0usize; m]; n];
    for (j, b) in best[0].iter_mut().enumerate() {
        *b = d(0, j);
    }
    for i in 1..n {
        for j in i..m {
            for k in (i - 1)..j {
                let prev = best[i - 1][k];
                if prev == u64::MAX {
                    continue;
                }
                let c = prev.saturating_add(d(i, j));
                if c < best[i][j] {
                    best[i][j] = c;
                    back[i][j] = k;
                }
            }
        }
    }
    let mut j = (0..m).min_by_key(|j| best[n - 1][*j]).unwrap_or(0);
    let mut out = vec![0usize; n];
    for i in (0..n).rev() {
        out[i] = j;
        if i > 0 {
            j = back[i][j];
        }
    }
    out
}

/// The leftmost start of a name cell on the rows whose cells right of the name match the
/// header one for one, when it lies left of the name header's region: that is where the
/// name column begins.
fn name_start(body: &[Line], header: &Header) -> Option<u32> {
    let name_col = header
        .cols
        .iter()
        .find(|g| g.col.is_some_and(|c| layouts::NAME_COLUMNS.contains(&c)))?;
    let from = body
        .iter()
        .take(400)
        .filter_map(|l| {
            let cols = header.cols_of_line(l);
            let k = cols
                .iter()
                .position(|c| c.is_some_and(|c| layouts::NAME_COLUMNS.contains(&c)))?;
            // the span left of the name must not be a level label or a project cell
            (k + 1 < cols.len()).then(|| l.spans[k].x0)
        })
        .min()?;
    // only when a level or project column is not in the way
    let left_of_name = header
        .cols
        .iter()
        .filter(|g| g.x1 <= name_col.x0)
        .map(|g| g.x1)
        .max()
        .unwrap_or(0);
    (from < name_col.x0 && from > left_of_name && !header.has(Col::Level2) && !header.has(Col::Levels))
        .then_some(from)
}

/// True for a block read by this module: a space-aligned body with a column header.
pub fn applies(lines: &[Line]) -> bool {
    let body = lines.get(1..).unwrap_or(&[]);
    if body.iter().take(12).any(|l| l.tabbed || l.text.contains('|')) {
        // a tab-separated self-evaluation (an Excel copy): its columns are cell indices
        return body.iter().any(|l| l.tabbed && header_anchor(l));
    }
    body.iter().any(header_anchor) || form_fields(body)
}

/// True when the block prints a form's key fields (项目名称 …) but no indicator header: a
/// form whose indicator part is on the next page, or an empty form.
fn form_fields(lines: &[Line]) -> bool {
    lines.iter().take(30).any(|l| {
        l.spans.iter().any(|s| {
            matches!(
                lexicon::norm(&s.text).as_str(),
                "项目名称" | "部门名称" | "单位名称"
            )
        })
    })
}

/// True for a block that only continues the table before it: no header, no form fields.
pub fn is_continuation(lines: &[Line]) -> bool {
    let body = lines.get(1..).unwrap_or(&[]);
    !body.iter().any(header_anchor) && !form_fields(body)
}

/// A line of page furniture inside a table: a repeated title, a year, a page number, a unit.
fn furniture(line: &Line) -> bool {
    let t = squeeze(strip_markdown(&line.text));
    if t.is_empty() {
        return true;
    }
    if layouts::title_kind(&t).is_some() {
        return true;
    }
    let digits_only = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '—' | '-' | '–' | '第' | '页' | '/' | '共'));
    if digits_only {
        return true;
    }
    let year = t.trim_matches(['(', ')', '（', '）']);
    if year.ends_with("年度") && year.chars().count() <= 8 && t.starts_with(['(', '（']) {
        return true;
    }
    (t.starts_with("单位") || t.starts_with("金额单位")) && t.chars().count() <= 12
        || t.starts_with("表") && t.chars().count() <= 4
}

/// One indicator row being read.
#[derive(Debug, Default, Clone)]
struct Rec {
    name: Vec<String>,
    levels: Vec<String>,
    op: Vec<String>,
    value: Vec<String>,
    value_text: Vec<String>,
    unit: Vec<String>,
    actual: Vec<String>,
    weight: Vec<String>,
    score: Vec<String>,
    reason: Vec<String>,
    /// Block line indices of its first and last line.
    top: usize,
    bottom: usize,
    /// Block line index of the anchor.
    anchor: usize,
}

/// A 一级 / 二级 label or a project block, with the lines it spans.
#[derive(Debug, Clone)]
struct Label {
    text: String,
    top: usize,
    bottom: usize,
}

impl Label {
    /// Twice its middle line (integers only: the middle of two lines is a half).
    fn centre2(&self) -> i64 {
        (self.top + self.bottom) as i64
    }
}

/// The cells of one line, by column.
#[derive(Debug, Default)]
struct LineCells {
    cells: Vec<(Col, String, u32)>,
}

impl LineCells {
    fn get(&self, c: Col) -> Vec<String> {
        self.cells
            .iter()
            .filter(|(k, _, _)| *k == c)
            .map(|(_, t, _)| t.clone())
            .collect()
    }
    fn any(&self, cs: &[Col]) -> bool {
        self.cells.iter().any(|(k, _, _)| cs.contains(k))
    }
}

/// Parses a block (title first) into one table per project. `kind` comes from the title.
pub fn parse(lines: &[Line]) -> Vec<PerformanceTable> {
    let Some(first) = lines.first() else {
        return Vec::new();
    };
    let title = squeeze(strip_markdown(&first.text));
    let kind = match layouts::title_kind(&title) {
        Some(TitleKind::Department) => PerformanceKind::Department,
        Some(TitleKind::SelfEvaluation) => PerformanceKind::SelfEvaluation,
        _ => PerformanceKind::Project,
    };
    let mut base = PerformanceTable {
        line: first.no,
        end_line: lines.last().map(|l| l.no).unwrap_or(first.no),
        title,
        layout: PerformanceLayout::Columns,
        kind,
        ..Default::default()
    };
    // header: the first anchor line
    let Some(at) = lines.iter().position(header_anchor) else {
        // a form with its fields but no indicators
        fields(lines, &mut base);
        return if base.project.is_some() {
            vec![base]
        } else {
            Vec::new()
        };
    };
    let mut header = header_at(lines, at);
    header.name_from = name_start(&lines[header.last + 1..], &header);
    if std::env::var_os("SUANPAN_PERF_DEBUG").is_some() {
        eprintln!("header at {}: {:?}", lines[at].no, header);
    }
    fields(&lines[..header.first], &mut base);
    let body_start = header.last + 1;
    // cells of every body line; page furniture and repeated headers dropped
    let mut cells: Vec<(usize, LineCells)> = Vec::new();
    let mut skip_until = 0usize;
    for (i, line) in lines.iter().enumerate().skip(body_start) {
        if i < skip_until || line.is_blank() || furniture(line) {
            continue;
        }
        if header_anchor(line) {
            skip_until = header_at(lines, i).last + 1;
            // drop header pieces already taken above it
            while cells
                .last()
                .is_some_and(|(j, _)| *j + 5 >= i && header_fragment(&lines[*j]))
            {
                cells.pop();
            }
            continue;
        }
        let t = squeeze(&line.text);
        if [
            "财政部门审核意见",
            "主管部门审核意见",
            "审核意见",
            "填表人",
            "备注",
            "注:",
            "注：",
        ]
        .iter()
        .any(|w| t.starts_with(w))
        {
            break;
        }
        let mut lc = LineCells::default();
        for (s, c) in line.spans.iter().zip(header.cols_of_line(line)) {
            let Some(c) = c else { continue };
            if c == Col::Ignore || c == Col::Activity {
                continue;
            }
            let text = tidy_label(&s.text);
            if squeeze(&text) == "绩效指标" || squeeze(&text) == "定性" && c == Col::Op {
                continue;
            }
            lc.cells.push((c, text, s.x0));
        }
        if !lc.cells.is_empty() {
            cells.push((i, lc));
        }
    }
    // labels of the 一级 / 二级 columns; pieces joined, strays moved to the name
    let (mut l1, mut l2) = labels(&mut cells, &header);
    // indicator rows
    let recs = records(&cells);
    if recs.is_empty() {
        return if base.project.is_some() {
            vec![base]
        } else {
            Vec::new()
        };
    }
    let spans: Vec<(usize, usize)> = recs.iter().map(|r| (r.top, r.bottom)).collect();
    l1.retain(|l| !l.text.is_empty());
    l2.retain(|l| !l.text.is_empty());
    let anchors: Vec<usize> = recs.iter().map(|r| r.anchor).collect();
    let g2 = label_groups(&spans, &anchors, &l2);
    // 一级 groups are made of whole 二级 groups
    let g1 = if l2.is_empty() || top_aligned(&anchors, &l2) {
        label_groups(&spans, &anchors, &l1)
    } else {
        let mut units: Vec<(usize, usize)> = Vec::new();
        let mut of_row: Vec<usize> = Vec::new();
        for (k, g) in g2.iter().enumerate() {
            if k > 0 && g2[k - 1] == *g {
                if let Some(u) = units.last_mut() {
                    u.1 = spans[k].1;
                }
            } else {
                units.push(spans[k]);
            }
            of_row.push(units.len() - 1);
        }
        let gu = centred_groups(&units, &l1);
        of_row.iter().map(|u| gu[*u]).collect()
    };
    // projects of a wide table
    let projects = project_blocks(&cells);
    let wide = !projects.is_empty()
        && (header.has(Col::Project) || header.has(Col::Funds))
        && base.project.is_none();
    let gp = if wide {
        centred_groups(
            &spans,
            &projects.iter().map(|p| p.label.clone()).collect::<Vec<_>>(),
        )
    } else {
        vec![None; recs.len()]
    };
    let mut out: Vec<PerformanceTable> = Vec::new();
    let mut current: Option<usize> = None;
    for (k, r) in recs.iter().enumerate() {
        let project = gp[k];
        if out.is_empty() || wide && project != current {
            let mut pt = base.clone();
            if let Some(p) = project.and_then(|p| projects.get(p)) {
                pt.project = Some(p.name.clone());
                pt.total_funds = p.funds.clone();
                pt.fiscal_funds = p.fiscal.clone();
                pt.other_funds = p.other.clone();
                pt.funds_line = Some(lines[p.label.top].no);
                pt.line = lines[p.label.top.min(r.top)].no;
            }
            out.push(pt);
            current = project;
        }
        let Some(pt) = out.last_mut() else { continue };
        let mut name = join(&r.name);
        let mut level1 = g1[k].map(|i| l1[i].text.clone()).unwrap_or_default();
        let mut level2 = g2[k].map(|i| l2[i].text.clone()).unwrap_or_default();
        let level2_printed = g2[k].is_some_and(|i| l2[i].top <= r.bottom && l2[i].bottom >= r.top);
        if !r.levels.is_empty() {
            let (a, b, rest) = split_levels(&join(&r.levels));
            if level1.is_empty() {
                level1 = a;
            }
            if level2.is_empty() {
                level2 = b;
            }
            name = if name.is_empty() {
                rest
            } else {
                format!("{rest}{name}")
            };
        }
        if matches!(squeeze(&name).as_str(), "合计" | "总分" | "总计" | "合计得分") {
            pt.total_score = Some((join(&r.weight), join(&r.score), lines[r.anchor].no));
            continue;
        }
        let unit = join(&r.unit);
        // 北京 prints 其他 as the unit of a qualitative value
        let unit = if unit == "其他" { String::new() } else { unit };
        let value = if r.value.is_empty() && !r.value_text.is_empty() {
            // 指标值 blank: the value in words (指标值内容)
            join(&r.value_text)
        } else {
            unit_unbracketed(&format!("{}{}{}", join(&r.op), join(&r.value), unit))
        };
        let evaluation = (!r.actual.is_empty() || !r.score.is_empty() || !r.reason.is_empty()).then(|| {
            let opt = |v: &[String]| (!v.is_empty()).then(|| join(v));
            Evaluation {
                actual: opt(&r.actual),
                weight: opt(&r.weight),
                score: opt(&r.score),
                reason: opt(&r.reason),
            }
        });
        pt.end_line = pt.end_line.max(lines[r.bottom].no);
        pt.indicators.push(Indicator {
            level1,
            level2,
            level3: name,
            value,
            line: lines[r.anchor].no,
            level2_printed,
            explanation: None,
            project_edge: false,
            evaluation,
        });
    }
    // a project whose rows run over a page break is printed again on the next page
    let mut merged: Vec<PerformanceTable> = Vec::new();
    for p in out {
        match merged.last_mut() {
            Some(prev)
                if wide
                    && prev.project.is_some()
                    && prev.project == p.project
                    && prev.total_funds == p.total_funds =>
            {
                prev.end_line = prev.end_line.max(p.end_line);
                prev.indicators.extend(p.indicators);
            }
            _ => merged.push(p),
        }
    }
    let mut out = merged;
    // rows at a boundary between two projects may belong to either
    if wide && out.len() > 1 {
        let n = out.len();
        for (k, p) in out.iter_mut().enumerate() {
            let m = p.indicators.len();
            if k > 0 {
                if let Some(i) = p.indicators.first_mut() {
                    i.project_edge = true;
                }
            }
            if k + 1 < n && m > 0 {
                p.indicators[m - 1].project_edge = true;
            }
        }
    }
    if kind == PerformanceKind::SelfEvaluation
        || out
            .iter()
            .any(|p| p.indicators.iter().any(|i| i.evaluation.is_some()))
    {
        for p in &mut out {
            p.kind = PerformanceKind::SelfEvaluation;
        }
    }
    // a wide table's goal column: the goal text printed beside each project's rows
    if wide {
        for p in out.iter_mut() {
            let first = p.indicators.first().map(|i| i.line).unwrap_or(0);
            let last = p.indicators.last().map(|i| i.line).unwrap_or(0);
            let goal: String = cells
                .iter()
                .filter(|(i, _)| lines[*i].no + 3 >= first && lines[*i].no <= last + 3)
                .flat_map(|(_, c)| c.get(Col::Goal))
                .collect();
            if !goal.is_empty() && p.goal.is_none() {
                p.goal = Some(goal);
            }
        }
    }
    out
}

/// `≥80.00(%)`, `=12.00(次)` (上海 prints the unit in brackets) → `≥80.00%`, `=12.00次`.
fn unit_unbracketed(v: &str) -> String {
    let Some(open) = v.rfind(['(', '（']) else {
        return v.to_string();
    };
    let inner = v[open..].trim_start_matches(['(', '（']);
    let Some(inner) = inner.strip_suffix([')', '）']) else {
        return v.to_string();
    };
    let before = &v[..open];
    if before.ends_with(|c: char| c.is_ascii_digit())
        && !inner.is_empty()
        && inner.chars().count() <= 4
        && !inner.chars().any(|c| c.is_ascii_digit())
    {
        format!("{before}{inner}")
    } else {
        v.to_string()
    }
}

fn join(parts: &[String]) -> String {
    tidy_label(&parts.join(" "))
}

/// The form's key fields above the indicator header (项目名称, 项目资金 …).
fn fields(lines: &[Line], pt: &mut PerformanceTable) {
    let rows: Vec<Vec<PCell>> = lines
        .iter()
        .skip(1)
        .filter(|l| !l.is_blank())
        .map(|l| {
            l.spans
                .iter()
                .map(|s| PCell {
                    text: s.text.clone(),
                    line: l.no,
                    col: None,
                })
                .collect()
        })
        .collect();
    header_fields(&rows, false, pt);
    if pt.kind == PerformanceKind::Department {
        pt.project = None;
    }
}

/// Splits `产出指标数量指标出具数据分析报告` into its 一级, 二级 and 三级.
fn split_levels(s: &str) -> (String, String, String) {
    let t = squeeze(s);
    let mut rest: &str = &t;
    let mut found: Vec<String> = Vec::new();
    for _ in 0..2 {
        let mut best: Option<usize> = None;
        for (i, _) in rest.char_indices().skip(1) {
            let head = &rest[..i];
            if head.ends_with("指标") && lexicon::level(head).is_some() {
                best = Some(i);
            }
        }
        match best {
            Some(i) => {
                found.push(rest[..i].to_string());
                rest = &rest[i..];
            }
            None => break,
        }
    }
    let mut it = found.into_iter();
    let a = it.next().unwrap_or_default();
    let b = it.next().unwrap_or_default();
    // one level only: a 二级 when it cannot be a 一级
    match lexicon::level(&a) {
        Some(l) if b.is_empty() && !l.can_be_first() => (String::new(), a, rest.to_string()),
        _ => (a, b, rest.to_string()),
    }
}

/// Takes the 一级 / 二级 labels out of the cells. A piece that is not a level name on its
/// own is joined with the piece below it in the same column when together they make one
/// (社会效益指 / 标); a level name is extended by a piece below that completes a longer one
/// (服务对象满意度 / 指标). Anything else in those columns is part of the name.
fn labels(cells: &mut [(usize, LineCells)], header: &Header) -> (Vec<Label>, Vec<Label>) {
    let mut found: Vec<(Label, Option<Col>, u32)> = Vec::new();
    let mut partial: Vec<(Col, String, usize, u32)> = Vec::new();
    for (i, lc) in cells.iter_mut() {
        let i = *i;
        let mut keep: Vec<(Col, String, u32)> = Vec::new();
        for (c, text, x) in std::mem::take(&mut lc.cells) {
            if !matches!(c, Col::Level1 | Col::Level2 | Col::Code) {
                keep.push((c, text, x));
                continue;
            }
            let t = squeeze(&text);
            if lexicon::level(&t).is_some() && c != Col::Code {
                // a piece that completes the label above (服务对象满意度 / 指标 is handled
                // below; here a full name)
                found.push((
                    Label {
                        text: t,
                        top: i,
                        bottom: i,
                    },
                    Some(c),
                    x,
                ));
                continue;
            }
            if c == Col::Code {
                if lexicon::level(&t).is_some() {
                    found.push((
                        Label {
                            text: t,
                            top: i,
                            bottom: i,
                        },
                        None,
                        x,
                    ));
                } else {
                    keep.push((c, text, x));
                }
                continue;
            }
            // extend a label just above in the same column
            if let Some((l, _, _)) = found.iter_mut().rev().take(3).find(|(l, lc, _)| {
                *lc == Some(c) && l.bottom + 2 >= i && lexicon::level(&format!("{}{t}", l.text)).is_some()
            }) {
                l.text.push_str(&t);
                l.bottom = i;
                continue;
            }
            if let Some(p) = partial.iter().position(|(pc, pt, pi, _)| {
                *pc == c && pi + 2 >= i && lexicon::level(&format!("{pt}{t}")).is_some()
            }) {
                let (_, pt, pi, px) = partial.remove(p);
                found.push((
                    Label {
                        text: format!("{pt}{t}"),
                        top: pi,
                        bottom: i,
                    },
                    Some(c),
                    px,
                ));
                continue;
            }
            if t.chars().count() <= 8 && !t.chars().any(|ch| ch.is_ascii_digit()) {
                partial.push((c, t, i, x));
                continue;
            }
            keep.push((Col::Level3, text, x));
        }
        lc.cells = keep;
    }
    // unjoined pieces are names after all
    for (_, t, i, x) in partial {
        if let Some((_, lc)) = cells.iter_mut().find(|(j, _)| *j == i) {
            lc.cells.push((Col::Level3, t, x));
        }
    }
    // 一级 or 二级: by the lexicon, then by the line (the left one of two is the 一级), then
    // by the column
    let mut l1 = Vec::new();
    let mut l2 = Vec::new();
    for k in 0..found.len() {
        let (label, col, x) = &found[k];
        let Some(lv) = lexicon::level(&label.text) else {
            continue;
        };
        let first = if lv.can_be_first() && !lv.can_be_second() {
            true
        } else if !lv.can_be_first() {
            false
        } else {
            let left = found
                .iter()
                .any(|(o, _, ox)| o.top <= label.bottom && o.bottom >= label.top && ox < x);
            let right = found
                .iter()
                .any(|(o, _, ox)| o.top <= label.bottom && o.bottom >= label.top && ox > x);
            if left {
                false
            } else if right {
                true
            } else {
                *col == Some(Col::Level1) || col.is_none() && !header.has(Col::Level2)
            }
        };
        if first {
            l1.push(label.clone());
        } else {
            l2.push(label.clone());
        }
    }
    l1.sort_by_key(|l| l.top);
    l2.sort_by_key(|l| l.top);
    (l1, l2)
}

/// Builds the indicator rows. A line holding a name and a value anchors a row; a line holding
/// only one of them anchors a row when the other's wrapped pieces are pending above it.
/// Otherwise its pieces wait for the next anchor, unless the last anchor still expects as
/// many pieces below as it took from above (a wrapped cell is centred on its row).
fn records(cells: &[(usize, LineCells)]) -> Vec<Rec> {
    const NAME: &[Col] = &[Col::Level3, Col::Levels];
    const VALUE: &[Col] = &[
        Col::Op,
        Col::Value,
        Col::ValueText,
        Col::Unit,
        Col::Actual,
        Col::Score,
    ];
    // pieces waiting above, and pieces owed below, by column group
    let mut out: Vec<Rec> = Vec::new();
    let mut pend_name: Vec<(usize, LineCells)> = Vec::new();
    let mut pend_value: Vec<(usize, LineCells)> = Vec::new();
    let mut owe_name = 0usize;
    let mut owe_value = 0usize;
    fn add(r: &mut Rec, lc: &LineCells, cols: &[Col]) {
        for (c, t, _) in &lc.cells {
            if !cols.contains(c) {
                continue;
            }
            let slot = match c {
                Col::Level3 => &mut r.name,
                Col::Levels => &mut r.levels,
                Col::Op => &mut r.op,
                Col::Value => &mut r.value,
                Col::ValueText => &mut r.value_text,
                Col::Unit => &mut r.unit,
                Col::Actual => &mut r.actual,
                Col::Weight => &mut r.weight,
                Col::Score => &mut r.score,
                Col::Reason => &mut r.reason,
                _ => continue,
            };
            slot.push(t.clone());
        }
    }
    const NAME_SIDE: &[Col] = &[Col::Level3, Col::Levels, Col::Reason];
    const VALUE_SIDE: &[Col] = &[
        Col::Op,
        Col::Value,
        Col::ValueText,
        Col::Unit,
        Col::Actual,
        Col::Score,
        Col::Weight,
    ];
    for (i, lc) in cells {
        let has_name = lc.any(NAME);
        let has_value = lc.any(VALUE);
        if !has_name && !has_value && !lc.any(&[Col::Reason, Col::Weight]) {
            continue;
        }
        let anchor =
            (has_name && (has_value || !pend_value.is_empty())) || (has_value && !pend_name.is_empty());
        if anchor {
            let mut r = Rec {
                top: *i,
                bottom: *i,
                anchor: *i,
                ..Default::default()
            };
            for (j, p) in pend_name.iter() {
                add(&mut r, p, NAME_SIDE);
                r.top = r.top.min(*j);
            }
            for (j, p) in pend_value.iter() {
                add(&mut r, p, VALUE_SIDE);
                r.top = r.top.min(*j);
            }
            owe_name = pend_name.len();
            owe_value = pend_value.len();
            pend_name.clear();
            pend_value.clear();
            add(&mut r, lc, NAME_SIDE);
            add(&mut r, lc, VALUE_SIDE);
            out.push(r);
            continue;
        }
        // pieces
        if has_name || lc.any(&[Col::Reason]) {
            match out.last_mut() {
                Some(r) if owe_name > 0 => {
                    add(r, lc, NAME_SIDE);
                    r.bottom = *i;
                    owe_name -= 1;
                }
                _ => pend_name.push((*i, clone_cells(lc))),
            }
        }
        if has_value || lc.any(&[Col::Weight]) {
            match out.last_mut() {
                Some(r) if owe_value > 0 => {
                    add(r, lc, VALUE_SIDE);
                    r.bottom = *i;
                    owe_value -= 1;
                }
                _ => pend_value.push((*i, clone_cells(lc))),
            }
        }
    }
    // pieces left at the end: a row of their own (a name without a value) or the last row's
    if !pend_name.is_empty() || !pend_value.is_empty() {
        let mut r = Rec {
            top: usize::MAX,
            ..Default::default()
        };
        for (j, p) in pend_name.iter() {
            add(&mut r, p, NAME_SIDE);
            r.top = r.top.min(*j);
            r.bottom = r.bottom.max(*j);
        }
        for (j, p) in pend_value.iter() {
            add(&mut r, p, VALUE_SIDE);
            r.top = r.top.min(*j);
            r.bottom = r.bottom.max(*j);
        }
        r.anchor = r.top;
        if r.name.is_empty() && r.levels.is_empty() {
            if let Some(last) = out.last_mut() {
                last.value.extend(r.value);
                last.unit.extend(r.unit);
                last.bottom = last.bottom.max(r.bottom);
            }
        } else if r.top != usize::MAX {
            out.push(r);
        }
    }
    out
}

fn clone_cells(lc: &LineCells) -> LineCells {
    LineCells {
        cells: lc.cells.clone(),
    }
}

/// A project of a wide table: its cells and the lines they span.
#[derive(Debug, Clone)]
struct Project {
    label: Label,
    name: String,
    funds: Option<String>,
    fiscal: Option<String>,
    other: Option<String>,
}

/// The project cells of a wide table, grouped into one block per project: lines holding
/// project cells at most two lines apart; a block holding two amounts of 项目总额 is two
/// projects.
fn project_blocks(cells: &[(usize, LineCells)]) -> Vec<Project> {
    let mut groups: Vec<Vec<(usize, &LineCells)>> = Vec::new();
    for (i, lc) in cells {
        if !lc.any(layouts::PROJECT_COLUMNS) {
            continue;
        }
        match groups.last_mut() {
            Some(g) if g.last().is_some_and(|(j, _)| j + 2 >= *i) => g.push((*i, lc)),
            _ => groups.push(vec![(*i, lc)]),
        }
    }
    // split a group holding two amounts in the funds column
    let mut split: Vec<Vec<(usize, &LineCells)>> = Vec::new();
    for g in groups {
        let funds: Vec<usize> = g
            .iter()
            .enumerate()
            .filter(|(_, (_, lc))| !lc.get(Col::Funds).is_empty())
            .map(|(k, _)| k)
            .collect();
        if funds.len() <= 1 {
            split.push(g);
            continue;
        }
        let mut from = 0;
        for w in funds.windows(2) {
            let cut = (w[0] + w[1]).div_ceil(2);
            split.push(g[from..cut].to_vec());
            from = cut;
        }
        split.push(g[from..].to_vec());
    }
    let goals: Vec<usize> = cells
        .iter()
        .filter(|(_, lc)| lc.any(&[Col::Goal]))
        .map(|(i, _)| *i)
        .collect();
    let mut out: Vec<Project> = split
        .into_iter()
        .filter(|g| !g.is_empty())
        .filter_map(|g| {
            let top = g.first()?.0;
            let bottom = g.last()?.0;
            let pick = |c: Col| -> Option<String> {
                g.iter().flat_map(|(_, lc)| lc.get(c)).next().map(|t| squeeze(&t))
            };
            let raw: String = g
                .iter()
                .flat_map(|(_, lc)| lc.get(Col::Project))
                .map(|t| squeeze(&t))
                .collect();
            let name = project_name(&raw);
            let funds = pick(Col::Funds);
            if name.is_empty() && funds.is_none() {
                return None;
            }
            Some(Project {
                label: Label {
                    text: name.clone(),
                    top,
                    bottom,
                },
                name,
                funds,
                fiscal: pick(Col::Fiscal),
                other: pick(Col::Other),
            })
        })
        .collect();
    // the goal, printed in the same merged cell height, widens each project's span: each goal
    // line goes to the nearest project block
    let ext: Vec<(usize, usize)> = out.iter().map(|p| (p.label.top, p.label.bottom)).collect();
    for g in goals {
        let dist = |(t, b): (usize, usize)| if g < t { t - g } else { g.saturating_sub(b) };
        if let Some(k) = (0..ext.len()).min_by_key(|k| dist(ext[*k])) {
            if dist(ext[k]) <= 12 {
                let l = &mut out[k].label;
                l.top = l.top.min(g);
                l.bottom = l.bottom.max(g);
            }
        }
    }
    out
}

/// `11000022T000000460216-《北京审计》杂志办刊经费` → `《北京审计》杂志办刊经费`.
fn project_name(raw: &str) -> String {
    if let Some((code, name)) = raw.split_once('-') {
        if code.chars().count() >= 8 && code.chars().all(|c| c.is_ascii_alphanumeric()) && !name.is_empty() {
            return name.to_string();
        }
    }
    raw.to_string()
}

/// True when labels are printed at the top of their groups (a text export, or a PDF whose
/// cells are not merged): every label stands on a row's anchor line, the first on the first.
fn top_aligned(anchors: &[usize], labels: &[Label]) -> bool {
    !labels.is_empty()
        && labels.first().map(|l| l.top) == anchors.first().copied()
        && labels.iter().all(|l| anchors.contains(&l.top))
}

/// Groups rows under labels: top-aligned labels head the rows down to the next label,
/// centred ones are placed by [`centred_groups`].
fn label_groups(rows: &[(usize, usize)], anchors: &[usize], labels: &[Label]) -> Vec<Option<usize>> {
    if top_aligned(anchors, labels) {
        return anchors
            .iter()
            .map(|a| labels.iter().rposition(|l| l.top <= *a))
            .collect();
    }
    centred_groups(rows, labels)
}

/// Gives each row (by its first and last line) to one of the labels, as contiguous groups in
/// order, so that each label sits as near as it can to the middle of its group. None for
/// every row when there is no label.
fn centred_groups(rows: &[(usize, usize)], labels: &[Label]) -> Vec<Option<usize>> {
    let m = rows.len();
    let n = labels.len();
    if n == 0 || m == 0 {
        return vec![None; m];
    }
    let nearest = || -> Vec<Option<usize>> {
        rows.iter()
            .map(|(t, b)| {
                let c = (*t + *b) as i64;
                (0..n).min_by_key(|x| (labels[*x].centre2() - c).unsigned_abs())
            })
            .collect()
    };
    if n > m || n.saturating_mul(m).saturating_mul(m) > 40_000_000 {
        return nearest();
    }
    // cost[i][j]: the best for labels 0..=i covering rows 0..=j
    let cost_of = |label: usize, from: usize, to: usize| -> u64 {
        let d = (labels[label].centre2() - (rows[from].0 + rows[to].1) as i64).unsigned_abs();
        d.saturating_mul(d)
    };
    let inf = u64::MAX;
    let mut best = vec![vec![inf; m]; n];
    let mut back = vec![vec![0usize; m]; n];
    for (j, b) in best[0].iter_mut().enumerate() {
        *b = cost_of(0, 0, j);
    }
    for i in 1..n {
        for j in i..m {
            for s in i..=j {
                let prev = best[i - 1][s - 1];
                if prev == inf {
                    continue;
                }
                let c = prev.saturating_add(cost_of(i, s, j));
                if c < best[i][j] {
                    best[i][j] = c;
                    back[i][j] = s;
                }
            }
        }
    }
    let mut out = vec![None; m];
    let mut j = m - 1;
    for i in (0..n).rev() {
        let s = if i == 0 { 0 } else { back[i][j] };
        for o in out.iter_mut().take(j + 1).skip(s) {
            *o = Some(i);
        }
        if s == 0 {
            break;
        }
        j = s - 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(t: usize, b: usize) -> Label {
        Label {
            text: String::new(),
            top: t,
            bottom: b,
        }
    }

    #[test]
    fn centred_labels_take_the_rows_around_them() {
        // rows at 0..10; a label centred on rows 0..6 (line 3) and one on 7..9 (line 8)
        let rows: Vec<(usize, usize)> = (0..10).map(|i| (i, i)).collect();
        let g = centred_groups(&rows, &[label(3, 3), label(8, 8)]);
        assert_eq!(g, [0, 0, 0, 0, 0, 0, 0, 1, 1, 1].map(Some));
        // one label per row
        let g = centred_groups(&rows[..3], &[label(0, 0), label(1, 1), label(2, 2)]);
        assert_eq!(g, [Some(0), Some(1), Some(2)]);
    }

    #[test]
    fn odd_blocks_never_panic() {
        use crate::parse::lexer::lines;
        let cases = [
            "项目支出绩效目标表\n一级指标  二级指标  三级指标  指标值\n",
            "项目支出绩效目标表\n一级指标  二级指标  三级指标  指标值\n产出指标\n数量指标\n效益指标\n",
            "项目支出绩效目标表\n项目名称  项目总额  一级指标  三级指标  指标性质  指标值\n  1.00  2.00  3.00\n甲  乙  丙  丁  戊  己  庚  辛  壬\n≥\n%\n",
            "绩效自评表\n三级指标  年度指标值  实际完成值  得分\n合计    \n  ≥5  \n",
            "项目支出绩效目标表\n指标名称  指标值  计量单位  权重\n",
        ];
        for c in cases {
            let ls = lines(c);
            let _ = parse(&ls);
            let _ = applies(&ls);
            let _ = is_continuation(&ls);
        }
        assert_eq!(centred_groups(&[(0, 0)], &[label(0, 0), label(1, 1)]), [Some(0)]);
        assert_eq!(monotone(&[10], &[]), vec![0]);
        assert_eq!(monotone(&[10, 20], &[0, 11, 19, 40]), vec![1, 2]);
    }

    #[test]
    fn bracketed_units() {
        assert_eq!(unit_unbracketed("≥80.00(%)"), "≥80.00%");
        assert_eq!(unit_unbracketed("≥13459.00(平方米)"), "≥13459.00平方米");
        assert_eq!(
            unit_unbracketed("数字化标准(DA/T31-2017)"),
            "数字化标准(DA/T31-2017)"
        );
        assert_eq!(unit_unbracketed("90.00(度)"), "90.00度");
    }

    #[test]
    fn levels_printed_in_one_cell() {
        assert_eq!(
            split_levels("产出指标数量指标出具数据分析报告"),
            ("产出指标".into(), "数量指标".into(), "出具数据分析报告".into())
        );
        assert_eq!(
            split_levels("满意度指标服务对象满意度指标使用人员满意度"),
            (
                "满意度指标".into(),
                "服务对象满意度指标".into(),
                "使用人员满意度".into()
            )
        );
    }
}
