//! Splits a document's lines into table blocks, performance-target blocks and narrative.

use super::lexer::Line;
use super::normalize::{squeeze, strip_markdown};

/// What a run of lines is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    /// A disclosure table: title, numbering.
    Table {
        /// Title with numbering, year and markup removed.
        title: String,
        /// Numbering as printed (表一, 公开01表, 1.…).
        number: Option<String>,
    },
    /// A 项目支出绩效目标表.
    Performance,
    /// Narrative text.
    Narrative,
}

/// A run of lines `[start, end)` (indices into the line vector).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What the lines are.
    pub kind: BlockKind,
    /// Index of the first line (the title line for tables).
    pub start: usize,
    /// One past the last line.
    pub end: usize,
}

const CHINESE_NUMERALS: &str = "一二三四五六七八九十";

/// Strips a leading enumerator: `一、`, `（一）`, `(1)`, `1.`, `1、`, `1．`, `十二、`.
pub fn strip_enumerator(s: &str) -> (&str, Option<&str>) {
    let t = s.trim_start();
    // 一、 十二、
    let n: usize = t
        .chars()
        .take_while(|c| CHINESE_NUMERALS.contains(*c))
        .map(char::len_utf8)
        .sum();
    if n > 0 {
        let rest = &t[n..];
        if let Some(r) = rest.strip_prefix('、') {
            return (r.trim_start(), Some(&t[..n]));
        }
    }
    // （一） (一) （1） (1)
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                let inner = &rest[..end];
                if !inner.is_empty()
                    && inner.chars().count() <= 3
                    && inner
                        .chars()
                        .all(|c| CHINESE_NUMERALS.contains(c) || c.is_ascii_digit())
                {
                    return (rest[end + close.len_utf8()..].trim_start(), Some(inner));
                }
            }
        }
    }
    // 1. 1、 1． 12.
    let d: usize = t.chars().take_while(|c| c.is_ascii_digit()).count();
    if d > 0 && d <= 2 {
        let rest = &t[d..];
        for sep in ['.', '、', '．', ')', '）'] {
            if let Some(r) = rest.strip_prefix(sep) {
                // "1.5万元" is a number, not an enumerator ("4.2025年…" is one)
                let year_follows = r.chars().take(5).collect::<String>().ends_with('年')
                    && r.chars().take(4).all(|c| c.is_ascii_digit());
                if sep == '.' && r.chars().next().is_some_and(|c| c.is_ascii_digit()) && !year_follows {
                    return (t, None);
                }
                return (r.trim_start(), Some(&t[..d]));
            }
        }
    }
    (t, None)
}

/// Table-number prefixes: `表一：`, `表1`, `公开01表`, `附表2`.
fn strip_table_number(s: &str) -> (&str, Option<String>) {
    let t = s.trim_start();
    for prefix in ["附表", "表"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let n: usize = rest
                .chars()
                .take_while(|c| CHINESE_NUMERALS.contains(*c) || c.is_ascii_digit() || *c == '-')
                .map(char::len_utf8)
                .sum();
            if n > 0 {
                let num = format!("{}{}", prefix, &rest[..n]);
                let after = rest[n..].trim_start_matches([':', '：', ' ', '、', '.']);
                return (after, Some(num));
            }
        }
    }
    if let Some(rest) = t.strip_prefix("公开") {
        let n: usize = rest.chars().take_while(|c| c.is_ascii_digit()).count();
        if n > 0 && rest[n..].starts_with('表') {
            let num = format!("公开{}表", &rest[..n]);
            return (rest[n + '表'.len_utf8()..].trim_start(), Some(num));
        }
    }
    (t, None)
}

/// A line that is only a table number (`表一：`), naming the title on a following line.
fn bare_table_number(text: &str) -> Option<String> {
    let (rest, num) = strip_table_number(text);
    num.filter(|_| rest.trim().is_empty())
}

/// Words that make a line ending in 表 a disclosure table title.
const TITLE_WORDS: &[&str] = &[
    "收支",
    "收入",
    "支出",
    "财政拨款",
    "三公",
    "预算",
    "决算",
    "经费",
    "采购",
    "绩效",
];

/// A title whose last characters wrapped onto the next line ("…培训费支出预算 / 表",
/// "…支出预 / 算表", "公开 09 表：…培训费 / 支出预算表"): the line joined with a short next line
/// (at most six characters) that ends in 表.
pub(crate) fn wrapped_title(lines: &[Line], i: usize, text: &str) -> Option<(String, Option<String>)> {
    let next = lines[i + 1..].iter().take(2).find(|l| !l.is_blank())?;
    let tail = squeeze(&next.joined());
    if tail.is_empty() || tail.chars().count() > 6 || !tail.ends_with('表') {
        return None;
    }
    table_title(&format!("{}{tail}", text.trim_end()))
}

/// The numbered line above a short title (six characters at most, "支出预算表") that it
/// completes: (its index, the joined title).
fn wrapped_head(lines: &[Line], i: usize, title: &str) -> Option<(usize, (String, Option<String>))> {
    if title.chars().count() > 6 {
        return None;
    }
    let at = (i.saturating_sub(2)..i).rev().find(|&k| !lines[k].is_blank())?;
    let head = lines[at].joined();
    // only a numbered title's first line ("公开 09 表：…培训费"): a short title under any other
    // line is a title of its own
    let numbered = strip_table_number(&squeeze(&head)).1.is_some();
    if head.contains('。') || head.trim().is_empty() || !numbered {
        return None;
    }
    let joined = table_title(&format!("{}{}", head.trim_end(), squeeze(&lines[i].joined())))?;
    (joined.0.chars().count() > title.chars().count() + 4).then_some((at, joined))
}

/// Recognises a table title. Returns (title, numbering).
pub fn table_title(text: &str) -> Option<(String, Option<String>)> {
    if !text.contains('表') {
        return None;
    }
    let t = strip_markdown(text);
    if t.is_empty() || t.contains('…') || t.contains("....") || t.contains('。') || t.contains('，') {
        return None;
    }
    let (t, number) = strip_table_number(t);
    let (t, enum_num) = strip_enumerator(t);
    let number = number.or_else(|| enum_num.map(str::to_string));
    let core = squeeze(t);
    if core.is_empty() || core.chars().count() > 45 {
        return None;
    }
    // a title ends with 表, optionally followed by a parenthesised note: （功能科目）
    let stem = match core.rfind(['（', '(']) {
        Some(i) if core.ends_with(['）', ')']) => &core[..i],
        _ => core.as_str(),
    };
    if !stem.ends_with('表') || stem.ends_with("公开表") && stem.contains("部分") {
        return None;
    }
    if stem.starts_with("第") && stem.contains("部分") {
        return None;
    }
    if stem.contains("情况说明") || stem.contains("详见") || stem.contains("见附") {
        return None;
    }
    if !TITLE_WORDS.iter().any(|w| stem.contains(w)) {
        return None;
    }
    // strip a leading year: "2025年", "2024年度"
    let title = strip_year(&core);
    Some((title, number))
}

fn strip_year(s: &str) -> String {
    let digits: usize = s.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 4 {
        let rest = &s[4..];
        if let Some(r) = rest.strip_prefix("年度") {
            return r.to_string();
        }
        if let Some(r) = rest.strip_prefix('年') {
            return r.to_string();
        }
    }
    s.to_string()
}

/// True for a 绩效目标表 heading.
fn performance_title(text: &str) -> bool {
    if !text.contains("绩效") {
        return false;
    }
    let t = squeeze(strip_markdown(text));
    t.contains("绩效目标") && t.ends_with('表') && t.chars().count() <= 30 && !t.contains('…')
        || crate::perf::layouts::title_kind(&t).is_some()
}

/// Evidence that a table body follows: a unit line, a header keyword line or amounts.
fn table_evidence(line: &Line) -> bool {
    let t = squeeze(&line.text);
    if t.contains("单位:") || t.contains("单位：") {
        return true;
    }
    let amounts = line
        .spans
        .iter()
        .filter(|s| s.number.is_some_and(|n| n.money_like))
        .count();
    if amounts >= 1 && (line.tabbed || amounts >= 2 || line.spans.len() >= 2) {
        return true;
    }
    const HEADER: &[&str] = &[
        "科目编码",
        "科目名称",
        "功能分类",
        "经济分类",
        "预算数",
        "决算数",
        "项目名称",
        "本年收入",
        "本年支出",
    ];
    HEADER.iter().any(|h| t.contains(h)) && !t.contains('。')
}

/// Finds the blocks of a document.
pub fn blocks(lines: &[Line]) -> Vec<Block> {
    // 1. candidate starts
    #[derive(Clone)]
    struct Cand {
        idx: usize,
        kind: BlockKind,
    }
    let mut cands: Vec<Cand> = Vec::new();
    let mut pending_number: Option<(usize, String)> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        let text = line.joined();
        if line.spans.len() <= 2 && !line.tabbed || line.spans.len() == 1 {
            if let Some(num) = bare_table_number(&text) {
                pending_number = Some((i, num));
                continue;
            }
            if performance_title(&text) || super::perf::is_glued(&text) {
                cands.push(Cand {
                    idx: i,
                    kind: BlockKind::Performance,
                });
                pending_number = None;
                continue;
            }
            if let Some((title, number)) = table_title(&text).or_else(|| wrapped_title(lines, i, &text)) {
                // "…培训费 / 支出预算表": a short title is the tail of the line above
                if let Some((at, joined)) = wrapped_head(lines, i, &title) {
                    // already a candidate through wrapped_title: the fragment is not another
                    if cands.last().is_none_or(|c| c.idx < at) {
                        cands.push(Cand {
                            idx: at,
                            kind: BlockKind::Table {
                                title: joined.0,
                                number: joined.1,
                            },
                        });
                    }
                    pending_number = None;
                    continue;
                }
                let number = number.or_else(|| {
                    pending_number
                        .as_ref()
                        .filter(|(at, _)| i - at <= 4)
                        .map(|(_, n)| n.clone())
                });
                let start = match &pending_number {
                    Some((at, _)) if i - at <= 4 => *at,
                    _ => i,
                };
                cands.push(Cand {
                    idx: start,
                    kind: BlockKind::Table { title, number },
                });
                pending_number = None;
            }
        }
    }
    // 2. confirm: a table title needs evidence before the next candidate
    let mut confirmed: Vec<Cand> = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let limit = cands.get(k + 1).map(|n| n.idx).unwrap_or(lines.len());
        let ok = match c.kind {
            BlockKind::Performance => {
                super::perf::is_glued(&lines[c.idx].text)
                    || lines[c.idx + 1..limit]
                        .iter()
                        .take(12)
                        .any(|l| l.tabbed || l.text.contains('|'))
                    || super::perf_grid::applies(&lines[c.idx..limit])
                    // the next page of a table read by columns: only right after one
                    || confirmed
                        .last()
                        .is_some_and(|p: &Cand| matches!(p.kind, BlockKind::Performance))
                        && super::perf_grid::is_continuation(&lines[c.idx..limit])
                        && lines[c.idx + 1..limit]
                            .iter()
                            .filter(|l| !l.is_blank())
                            .take(6)
                            .any(|l| l.spans.len() >= 2)
            }
            _ => lines[c.idx + 1..limit]
                .iter()
                .filter(|l| !l.is_blank())
                .take(10)
                .any(table_evidence),
        };
        if ok {
            confirmed.push(c.clone());
        }
    }
    // 3. blocks: each confirmed start runs to the end of its body
    let mut out = Vec::new();
    let mut cursor = 0;
    for (k, c) in confirmed.iter().enumerate() {
        if c.idx > cursor {
            out.push(Block {
                kind: BlockKind::Narrative,
                start: cursor,
                end: c.idx,
            });
        }
        let limit = confirmed.get(k + 1).map(|n| n.idx).unwrap_or(lines.len());
        let end = match c.kind {
            BlockKind::Performance => performance_end(lines, c.idx, limit),
            _ => table_end(lines, c.idx, limit),
        };
        out.push(Block {
            kind: c.kind.clone(),
            start: c.idx,
            end,
        });
        cursor = end;
    }
    if cursor < lines.len() {
        out.push(Block {
            kind: BlockKind::Narrative,
            start: cursor,
            end: lines.len(),
        });
    }
    out
}

/// True for a note saying a table is empty (本表无数据 / 此表为空 / 本表为空表 …).
pub fn empty_table_note(text: &str) -> bool {
    // "(无政府性基金支出）" printed inside the table
    let sq = squeeze(text);
    let inner = sq.trim_start_matches(['(', '（']);
    if inner.len() < sq.len() && inner.starts_with('无') && sq.chars().count() <= 40 {
        return true;
    }
    // "（注：2026年没有使用政府性基金预算拨款安排的支出。）"
    if inner.starts_with('注') && (inner.contains('无') || inner.contains("没有")) && sq.chars().count() < 80
    {
        return true;
    }
    if !text.contains('表') && !text.contains('注') {
        return false;
    }
    let t = squeeze(text);
    (t.contains("本表") || t.contains("此表") || t.contains("该表") || t.starts_with("注"))
        && (t.contains("无数据") || t.contains("为空") || t.contains("空表") || t.contains("无相关"))
        || t.starts_with("注") && t.contains("无") && t.chars().count() < 80
}

/// Where a table block ends: at the first line of running text after the body,
/// a part heading, or a markdown heading after the body started.
fn table_end(lines: &[Line], start: usize, limit: usize) -> usize {
    let mut body_started = false;
    let mut last_content = start;
    for (i, line) in lines.iter().enumerate().take(limit).skip(start + 1) {
        if line.is_blank() {
            continue;
        }
        let t = line.joined();
        let sq = squeeze(&t);
        if empty_table_note(&t) {
            return i + 1;
        }
        let heading_like = line.text.trim_start().starts_with('#')
            || sq.starts_with("第") && sq.contains("部分") && sq.chars().count() < 40;
        let prose = !line.tabbed
            && (sq.contains('。') || sq.chars().filter(|c| *c == '，').count() >= 2)
            && sq.chars().count() >= 20;
        let section_heading = !line.tabbed
            && line.spans.len() == 1
            && (sq.ends_with("说明") || sq.ends_with("情况"))
            && sq.chars().count() < 40;
        if body_started && (heading_like || prose || section_heading) {
            return last_content + 1;
        }
        if line.spans.iter().any(|s| s.number.is_some_and(|n| n.money_like)) {
            body_started = true;
        }
        if !body_started && i > start + 25 {
            // a title with no body: keep only the title's neighbourhood
            return last_content + 1;
        }
        last_content = i;
    }
    (last_content + 1).min(limit).max(start + 1)
}

fn performance_end(lines: &[Line], start: usize, limit: usize) -> usize {
    if super::perf::is_glued(&lines[start].text) {
        return start + 1;
    }
    if !lines[start + 1..limit]
        .iter()
        .take(12)
        .any(|l| l.tabbed || l.text.contains('|'))
    {
        // a space-aligned table runs to the next block, or to a part heading
        let mut last = start;
        for (i, line) in lines.iter().enumerate().take(limit).skip(start + 1) {
            if line.is_blank() {
                continue;
            }
            let sq = squeeze(&line.text);
            let heading = line.spans.len() == 1
                && sq.chars().count() < 40
                && (sq.starts_with('第') && sq.contains("部分")
                    || sq
                        .chars()
                        .next()
                        .is_some_and(|c| "一二三四五六七八九十".contains(c))
                        && sq.chars().skip(1).take(2).any(|c| c == '、'));
            if heading {
                break;
            }
            last = i;
        }
        return last + 1;
    }
    let mut last = start;
    let mut seen_rows = false;
    for (i, line) in lines.iter().enumerate().take(limit).skip(start + 1) {
        if line.is_blank() {
            continue;
        }
        if line.tabbed || line.text.contains('|') {
            seen_rows = true;
            last = i;
            continue;
        }
        if seen_rows {
            break;
        }
        last = i;
    }
    last + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_titles() {
        let text = "            “三公”经费、会议费、培训费支出预算\n                    表\n部门：   某办      单位：万元\n 合计   因公出国（境）费\n 1,452.35   110.00\n\n公开 09 表：一般公共预算“三公”经费、会议费、培训费\n支出预算表\n部门：   某院      单位：万元\n 合计   因公出国（境）费\n 1,452.35   110.00\n";
        let lines = super::super::lexer::lines(text);
        let titles: Vec<String> = blocks(&lines)
            .into_iter()
            .filter_map(|b| match b.kind {
                BlockKind::Table { title, .. } => Some(title),
                _ => None,
            })
            .collect();
        assert_eq!(
            titles,
            [
                "“三公”经费、会议费、培训费支出预算表",
                "公开09表：一般公共预算“三公”经费、会议费、培训费支出预算表"
            ]
        );
    }

    #[test]
    fn titles() {
        assert_eq!(
            table_title("### 部门收支总体情况表"),
            Some(("部门收支总体情况表".into(), None))
        );
        assert_eq!(
            table_title("  4．2025年部门财政拨款收支预算总表"),
            Some(("部门财政拨款收支预算总表".into(), Some("4".into())))
        );
        assert_eq!(
            table_title("财政拨款支出预算表（功能科目）"),
            Some(("财政拨款支出预算表（功能科目）".into(), None))
        );
        assert_eq!(table_title("1. 2025年部门财务收支预算总表 ……………"), None);
        assert_eq!(table_title("第二部分 2019 年部门预算公开表"), None);
        assert_eq!(
            table_title("2019 年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"),
            None
        );
        assert_eq!(
            table_title("十一、 一般公共预算“三公”经费、会议费、培训费支出预算表"),
            Some((
                "一般公共预算“三公”经费、会议费、培训费支出预算表".into(),
                Some("十一".into())
            ))
        );
        assert_eq!(bare_table_number("表一："), Some("表一".into()));
    }

    #[test]
    fn enumerators() {
        assert_eq!(strip_enumerator("一、财政拨款收入").0, "财政拨款收入");
        assert_eq!(strip_enumerator("（一）人员经费").0, "人员经费");
        assert_eq!(strip_enumerator("1.一般公共预算").0, "一般公共预算");
        assert_eq!(strip_enumerator("1.5万元").0, "1.5万元");
        assert_eq!(strip_enumerator("十二、农林水支出").1, Some("十二"));
    }

    #[test]
    fn notes() {
        assert!(empty_table_note(
            "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"
        ));
        assert!(empty_table_note("注：本部门无相关收支项目"));
        assert!(!empty_table_note("收入总计 858.21"));
    }
}
