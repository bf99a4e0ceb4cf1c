//! Generated tables in every shape and with every layout artefact (issue 11).
//!
//! A generator builds a budget table whose numbers satisfy its structure (each 类 is the sum
//! of its 款, each 款 of its 项; 合计 = 基本支出 + 项目支出; 基本支出 = 人员经费 + 公用经费)
//! and renders it as text the way documents print it: one-, two- and three-level column
//! headers, numbered columns, codes split into 类/款/项 columns or joined or absent (rows by
//! indentation), economic sub-codes, wrapped labels, titles and unit statements, a table
//! continued on the next page under a page number and a repeated header, aligned spaces (PDF
//! viewer) or tabs (spreadsheet). Properties:
//!
//! * whatever the layout, a consistent table gives no error, and its checks are evaluated;
//! * one perturbed printed amount gives exactly one error, and that error names the cell.

use proptest::prelude::*;
use suanpan::report::{Finding, Report, Severity};
use suanpan::{check_text, Options};

// ---------------------------------------------------------------------------------------------
// The data: a row tree with leaf amounts in hundredths (or whole units).

#[derive(Clone, Debug)]
struct Row {
    /// Full code ("2010507"); empty for the total row.
    code: String,
    name: String,
    /// 0 total, 1 类, 2 款, 3 项 (for the economic table: 1 class, 2 item, 3 sub-item).
    level: u8,
    /// Leaf amounts: 人员经费, 公用经费, 项目支出 (function table) or 人员经费, 公用经费
    /// (economic table; 项目支出 always 0).
    v: [i64; 3],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// 一般公共预算支出表 (functional classification).
    Function,
    /// 一般公共预算基本支出表 (economic classification).
    Economic,
}

const FUNCTION_TREE: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("20101", "人大事务"),
    ("2010101", "行政运行"),
    ("2010102", "一般行政管理事务"),
    ("20105", "统计信息事务"),
    ("2010507", "专项普查活动"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("2080501", "行政单位离退休"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("210", "卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("2101101", "行政单位医疗"),
    ("221", "住房保障支出"),
    ("22102", "住房改革支出"),
    ("2210201", "住房公积金"),
];

/// Economic classification: class (3 digits), item (5), and sub-items (7) printed by some
/// provinces under an item. Personnel classes are 301 and 303, the rest is 公用经费.
const ECONOMIC_TREE: &[(&str, &str)] = &[
    ("301", "工资福利支出"),
    ("30101", "基本工资"),
    ("30102", "津贴补贴"),
    ("3010201", "规范津贴补贴"),
    ("3010202", "改革性补贴"),
    ("30108", "机关事业单位基本养老保险缴费"),
    ("302", "商品和服务支出"),
    ("30201", "办公费"),
    ("30211", "差旅费"),
    ("30228", "工会经费"),
    ("303", "对个人和家庭的补助"),
    ("30302", "退休费"),
];

/// Builds the row tree with the given leaf amounts (one triple per leaf, cycled), summing
/// parents from their children.
fn build(kind: Kind, leaves: &[[i64; 3]], sub_codes: bool) -> Vec<Row> {
    let tree: Vec<(&str, &str)> = match kind {
        Kind::Function => FUNCTION_TREE.to_vec(),
        Kind::Economic => ECONOMIC_TREE
            .iter()
            .copied()
            .filter(|(c, _)| sub_codes || c.len() < 7)
            .collect(),
    };
    let mut rows: Vec<Row> = tree
        .iter()
        .map(|(c, n)| Row {
            code: c.to_string(),
            name: n.to_string(),
            level: match c.len() {
                3 => 1,
                5 => 2,
                _ => 3,
            },
            v: [0; 3],
        })
        .collect();
    let is_leaf = |i: usize, rows: &[Row]| rows.get(i + 1).is_none_or(|n| !n.code.starts_with(&rows[i].code));
    let mut k = 0;
    for i in 0..rows.len() {
        if is_leaf(i, &rows) {
            let mut v = leaves[k % leaves.len()];
            k += 1;
            if kind == Kind::Economic {
                // a personnel class pays 人员经费 only, the others 公用经费 only
                let personnel = rows[i].code.starts_with("301") || rows[i].code.starts_with("303");
                let sum = v[0] + v[1] + v[2];
                v = if personnel { [sum, 0, 0] } else { [0, sum, 0] };
            }
            rows[i].v = v;
        }
    }
    // parents, deepest first
    for level in (1..=2).rev() {
        for i in 0..rows.len() {
            if rows[i].level == level && !is_leaf(i, &rows) {
                let code = rows[i].code.clone();
                let mut s = [0i64; 3];
                for r in rows.iter().filter(|r| {
                    r.code.len() > code.len() && r.code.starts_with(&code) && r.level == level + 1
                }) {
                    for (a, b) in s.iter_mut().zip(r.v) {
                        *a += b;
                    }
                }
                rows[i].v = s;
            }
        }
    }
    let mut total = [0i64; 3];
    for r in rows.iter().filter(|r| r.level == 1) {
        for (a, b) in total.iter_mut().zip(r.v) {
            *a += b;
        }
    }
    rows.insert(
        0,
        Row {
            code: String::new(),
            name: "合计".into(),
            level: 0,
            v: total,
        },
    );
    rows
}

// ---------------------------------------------------------------------------------------------
// The layout.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Header {
    /// 合计 | 基本支出 | 项目支出
    One,
    /// 基本支出 spans 小计 | 人员经费 | 公用经费
    Two,
    /// 一般公共预算支出 spans everything, 基本支出 spans its three columns
    Three,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stub {
    /// 类 | 款 | 项 | 科目名称
    Split,
    /// 科目编码 | 科目名称
    Joined,
    /// "2010507 专项普查活动" in one column
    CodeInName,
    /// names only, the level shown by indentation
    Indented,
}

#[derive(Clone, Copy, Debug)]
struct Layout {
    header: Header,
    stub: Stub,
    tabs: bool,
    /// "栏次 | 1 | 2 | 3 …" under the header
    numbered: bool,
    wrapped_title: bool,
    wrapped_unit: bool,
    /// the longest name printed over two lines
    wrapped_label: bool,
    /// continued on the next page after this many rows (page number + repeated title/header)
    continued_after: Option<usize>,
    /// amounts in 元 (whole numbers) instead of 万元 with two decimals
    yuan: bool,
    /// zero amounts printed blank instead of 0.00
    blank_zero: bool,
    /// table number prefix of the title ("表5", "预算05表", "公开05表", none)
    numbering: u8,
    /// the 合计 row printed last instead of first
    total_last: bool,
    /// amounts wrapped in a narrow column: "1,234" on the row's line, ".56" on the next,
    /// as `pdftotext -layout` prints a cell that wraps (not with tabs, 元 or a wrapped label)
    split_numbers: bool,
    /// at the page break: a bare page number ("15") last on the page, and the next page
    /// (after a form feed) goes straight on with rows, without title or header
    bare_page_number: bool,
}

impl Layout {
    fn plain() -> Layout {
        Layout {
            header: Header::Two,
            stub: Stub::Joined,
            tabs: false,
            numbered: false,
            wrapped_title: false,
            wrapped_unit: false,
            wrapped_label: false,
            continued_after: None,
            yuan: false,
            blank_zero: false,
            numbering: 0,
            total_last: false,
            split_numbers: false,
            bare_page_number: false,
        }
    }
}

/// The printed amount columns: (header path, value of a row).
type Col = (Vec<&'static str>, fn(&Row) -> i64);

fn columns(kind: Kind, header: Header) -> Vec<Col> {
    let all: fn(&Row) -> i64 = |r| r.v[0] + r.v[1] + r.v[2];
    let basic: fn(&Row) -> i64 = |r| r.v[0] + r.v[1];
    let person: fn(&Row) -> i64 = |r| r.v[0];
    let public: fn(&Row) -> i64 = |r| r.v[1];
    let project: fn(&Row) -> i64 = |r| r.v[2];
    let top = |mut p: Vec<&'static str>| {
        if header == Header::Three {
            p.insert(
                0,
                if kind == Kind::Function {
                    "一般公共预算支出"
                } else {
                    "一般公共预算基本支出"
                },
            );
        }
        p
    };
    match (kind, header) {
        (Kind::Economic, _) => vec![
            (top(vec!["合计"]), all),
            (top(vec!["人员经费"]), person),
            (top(vec!["公用经费"]), public),
        ],
        (Kind::Function, Header::One) => vec![
            (vec!["合计"], all),
            (vec!["基本支出"], basic),
            (vec!["项目支出"], project),
        ],
        (Kind::Function, _) => vec![
            (top(vec!["合计"]), all),
            (top(vec!["基本支出", "小计"]), basic),
            (top(vec!["基本支出", "人员经费"]), person),
            (top(vec!["基本支出", "公用经费"]), public),
            (top(vec!["项目支出"]), project),
        ],
    }
}

/// Width in the layout text of a PDF viewer: one position per character, CJK or not (the
/// text is placed by glyph position, as `pdftotext -layout` does).
fn width(s: &str) -> usize {
    s.chars().count()
}

fn money(v: i64, l: &Layout) -> String {
    if v == 0 && l.blank_zero {
        return String::new();
    }
    let (int, frac) = if l.yuan {
        (v, None)
    } else {
        (v / 100, Some(v % 100))
    };
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f:02}"),
        None => grouped,
    }
}

/// One printed line made of cells placed at column positions (aligned with spaces) or
/// joined by tabs.
struct Grid {
    /// (start, width) of each column, in display cells
    pos: Vec<(usize, usize)>,
    tabs: bool,
    /// stub columns (left-aligned); amount headers are centred over their columns
    stub: usize,
}

impl Grid {
    /// `cells`: (first column, last column, text, right-aligned)
    fn line(&self, cells: &[(usize, usize, String, bool)]) -> String {
        if self.tabs {
            let mut out = vec![String::new(); self.pos.len()];
            for (a, _, t, _) in cells {
                out[*a] = t.clone();
            }
            return out.join("\t").trim_end().to_string();
        }
        let mut s = String::new();
        for (a, b, t, right) in cells {
            let start = self.pos[*a].0;
            let end = self.pos[*b].0 + self.pos[*b].1;
            let w = width(t);
            let at = if *right {
                end.saturating_sub(w)
            } else if a == b && *a < self.stub {
                start
            } else {
                start + (end - start).saturating_sub(w) / 2
            };
            let at = at.max(width(&s) + if s.is_empty() { 0 } else { 2 });
            s.push_str(&" ".repeat(at - width(&s)));
            s.push_str(t);
        }
        s
    }
}

fn stub_cells(r: &Row, l: &Layout) -> Vec<String> {
    match l.stub {
        Stub::Split => {
            let c = &r.code;
            let part = |a: usize, b: usize| c.get(a..b.min(c.len())).unwrap_or("").to_string();
            if r.level == 0 {
                vec![String::new(), String::new(), String::new(), r.name.clone()]
            } else {
                vec![part(0, 3), part(3, 5), part(5, 7), r.name.clone()]
            }
        }
        Stub::Joined => vec![r.code.clone(), r.name.clone()],
        Stub::CodeInName => vec![if r.code.is_empty() {
            r.name.clone()
        } else {
            format!("{} {}", r.code, r.name)
        }],
        Stub::Indented => vec![format!(
            "{}{}",
            "\u{3000}".repeat(r.level.saturating_sub(1) as usize),
            r.name
        )],
    }
}

fn stub_headers(l: &Layout) -> (Vec<&'static str>, Option<Vec<&'static str>>) {
    // (first header line over the stub, second line when the stub has two)
    match l.stub {
        Stub::Split => (
            vec!["科目编码", "", "", "科目名称"],
            Some(vec!["类", "款", "项", ""]),
        ),
        Stub::Joined => (vec!["科目编码", "科目名称"], None),
        Stub::CodeInName | Stub::Indented => (vec!["项目"], None),
    }
}

/// Renders the table as text, with one amount changed by `perturb` (row, amount column,
/// delta) when given.
fn render(kind: Kind, rows: &[Row], l: &Layout, perturb: Option<(usize, usize, i64)>) -> String {
    let cols = columns(kind, l.header);
    let (sh1, sh2) = stub_headers(l);
    let nstub = sh1.len();
    let stub_rows: Vec<Vec<String>> = rows.iter().map(|r| stub_cells(r, l)).collect();
    let amounts: Vec<Vec<String>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            cols.iter()
                .enumerate()
                .map(|(j, (_, f))| {
                    let mut v = f(r);
                    if let Some((pi, pj, d)) = perturb {
                        if pi == i && pj == j {
                            v += d;
                        }
                    }
                    money(v, l)
                })
                .collect()
        })
        .collect();
    // column widths
    let mut pos = Vec::new();
    let mut x = 0;
    for s in 0..nstub {
        let mut w = width(sh1[s]).max(sh2.as_ref().map_or(0, |h| width(h[s])));
        for r in &stub_rows {
            w = w.max(width(&r[s]));
        }
        pos.push((x, w));
        x += w + 4;
    }
    for (j, (path, _)) in cols.iter().enumerate() {
        let mut w = width(path.last().unwrap()).max(12);
        for a in &amounts {
            w = w.max(width(&a[j]));
        }
        pos.push((x, w));
        x += w + 4;
    }
    let g = Grid {
        pos,
        tabs: l.tabs,
        stub: nstub,
    };

    let mut out: Vec<String> = Vec::new();
    let name = match kind {
        Kind::Function => "一般公共预算支出表",
        Kind::Economic => "一般公共预算基本支出表",
    };
    let prefix = match l.numbering {
        1 => "表5 ",
        2 => "预算05表 ",
        3 => "公开05表 ",
        _ => "",
    };
    let title = format!("{prefix}2024年部门{name}");
    let title_lines: Vec<String> = if l.wrapped_title {
        let cut = title.chars().count() - 2;
        vec![
            title.chars().take(cut).collect(),
            title.chars().skip(cut).collect(),
        ]
    } else {
        vec![title]
    };
    let unit = if l.yuan { "元" } else { "万元" };
    let head = |out: &mut Vec<String>, with_title: bool| {
        if with_title {
            for t in &title_lines {
                out.push(format!("{}{t}", " ".repeat(20)));
            }
            if l.wrapped_unit {
                let u: String = unit.chars().take(1).collect();
                let rest: String = unit.chars().skip(1).collect();
                out.push(format!("编制单位：某某区某某局{}单位：{u}", " ".repeat(40)));
                out.push(format!("{}{rest}", " ".repeat(76)));
            } else {
                out.push(format!("编制单位：某某区某某局{}单位：{unit}", " ".repeat(40)));
            }
        }
        // header lines: the stub's header sits on the first line; amount headers by depth
        let depth = cols.iter().map(|(p, _)| p.len()).max().unwrap();
        let lines = depth.max(if sh2.is_some() { 2 } else { 1 });
        for d in 0..lines {
            let mut cells: Vec<(usize, usize, String, bool)> = Vec::new();
            let stub_line = if d == 0 {
                Some(&sh1)
            } else if d == 1 {
                sh2.as_ref()
            } else {
                None
            };
            if let Some(h) = stub_line {
                for (s, t) in h.iter().enumerate() {
                    if !t.is_empty() {
                        let end = if d == 0 && *t == "科目编码" && l.stub == Stub::Split {
                            2
                        } else {
                            s
                        };
                        cells.push((s, end, t.to_string(), false));
                    }
                }
            }
            let mut j = 0;
            while j < cols.len() {
                let path = &cols[j].0;
                // a header spanning at depth d: the cell at this depth, or the leaf pulled up
                // to the first line it can be printed on (a leaf spans the lines below it)
                let text = path.get(d).copied();
                match text {
                    Some(t) if d + 1 < path.len() => {
                        let mut k = j;
                        while k + 1 < cols.len() && cols[k + 1].0.get(d) == Some(&t) {
                            k += 1;
                        }
                        cells.push((nstub + j, nstub + k, t.to_string(), false));
                        j = k + 1;
                    }
                    Some(t) => {
                        cells.push((nstub + j, nstub + j, t.to_string(), false));
                        j += 1;
                    }
                    None => j += 1,
                }
            }
            cells.sort_by_key(|c| c.0);
            out.push(g.line(&cells));
        }
        if l.numbered {
            let mut cells: Vec<(usize, usize, String, bool)> = vec![(0, 0, "栏次".into(), false)];
            for j in 0..cols.len() {
                cells.push((nstub + j, nstub + j, (j + 1).to_string(), true));
            }
            out.push(g.line(&cells));
        }
    };
    head(&mut out, true);
    let longest = (1..rows.len())
        .max_by_key(|&i| rows[i].name.chars().count())
        .unwrap();
    // the 合计 row first, or last
    let order: Vec<usize> = if l.total_last {
        (1..rows.len()).chain([0]).collect()
    } else {
        (0..rows.len()).collect()
    };
    for (at, &i) in order.iter().enumerate() {
        let mut form_feed = false;
        if l.continued_after == Some(at) {
            out.push(String::new());
            if l.bare_page_number {
                out.push(format!("{}15", " ".repeat(44)));
                form_feed = true;
            } else {
                out.push(format!("{}- 7 -", " ".repeat(40)));
                out.push(String::new());
                head(&mut out, true);
            }
        }
        let mut cells: Vec<(usize, usize, String, bool)> = Vec::new();
        let stub = &stub_rows[i];
        let mut tail = None;
        for (s, t) in stub.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            let mut t = t.clone();
            if l.wrapped_label && i == longest && s == nstub - 1 {
                let n = t.chars().count();
                let keep = n - n / 3;
                tail = Some(t.chars().skip(keep).collect::<String>());
                t = t.chars().take(keep).collect();
            }
            cells.push((s, s, t, false));
        }
        for (j, a) in amounts[i].iter().enumerate() {
            if !a.is_empty() {
                cells.push((nstub + j, nstub + j, a.clone(), true));
            }
        }
        let mut line = g.line(&cells);
        if form_feed {
            line.insert(0, '\u{c}');
        }
        if l.split_numbers && !l.tabs && !l.yuan && tail.is_none() {
            let (row, decimals) = split_numbers(&line);
            out.push(row);
            out.push(decimals);
        } else {
            out.push(line);
        }
        if let Some(t) = tail {
            out.push(g.line(&[(nstub - 1, nstub - 1, t, false)]));
        }
    }
    out.push(String::new());
    out.join("\n")
}

/// A row line with every amount's decimals moved to a line of their own, as `pdftotext -layout`
/// prints a narrow cell that wraps: "168,441" ends two columns left of where the number
/// ended, ".81" below ends where it ended.
fn split_numbers(line: &str) -> (String, String) {
    let mut row: Vec<char> = line.chars().collect();
    let mut below: Vec<char> = vec![' '; row.len()];
    let mut i = 0;
    while i < row.len() {
        if row[i].is_ascii_digit() && (i == 0 || row[i - 1] == ' ') {
            let start = i;
            while i < row.len() && row[i] != ' ' {
                i += 1;
            }
            let token: String = row[start..i].iter().collect();
            if let Some(dot) = token.find('.') {
                let (int, dec) = token.split_at(dot);
                let end = i;
                for c in &mut row[start..end] {
                    *c = ' ';
                }
                let int: Vec<char> = int.chars().collect();
                let at = end - 2 - int.len();
                row[at..end - 2].copy_from_slice(&int);
                let dec: Vec<char> = dec.chars().collect();
                below[end - dec.len()..end].copy_from_slice(&dec);
            }
        } else {
            i += 1;
        }
    }
    let row: String = row.into_iter().collect();
    let below: String = below.into_iter().collect();
    (row.trim_end().to_string(), below.trim_end().to_string())
}

// ---------------------------------------------------------------------------------------------
// Running and judging.

fn check(text: &str) -> Report {
    check_text("generated", text, &Options::default())
}

fn errors(r: &Report) -> Vec<&Finding> {
    r.findings
        .iter()
        // ST001 (a required table missing) is about the whole document, not this table
        .filter(|f| f.severity == Severity::Error && f.rule != "ST001")
        .collect()
}

fn show(r: &Report) -> String {
    let mut s = String::new();
    for f in &r.findings {
        s.push_str(&format!("{:?} {} {}\n", f.severity, f.rule, f.message_zh));
    }
    for p in &r.parse_issues {
        s.push_str(&format!("parse: {p:?}\n"));
    }
    s
}

/// A consistent table: no error, one table recognised, checks evaluated.
fn assert_clean(kind: Kind, rows: &[Row], l: &Layout) -> Report {
    let text = render(kind, rows, l, None);
    // the header tree: every amount column read with its full path (spanning headers over
    // each of their sub-columns)
    let doc = suanpan::parse::parse_text(&text);
    let read: Vec<String> = doc.tables.first().map_or(Vec::new(), |t| {
        t.columns
            .iter()
            .filter(|c| c.role == suanpan::model::ColumnRole::Amount)
            .map(|c| c.path())
            .collect()
    });
    let printed: Vec<String> = columns(kind, l.header).iter().map(|(p, _)| p.join("/")).collect();
    assert_eq!(read, printed, "layout {l:?}: columns\n{text}");
    let r = check(&text);
    assert!(
        errors(&r).is_empty(),
        "layout {l:?}: errors on a consistent table\n{}\n{text}",
        show(&r)
    );
    assert_eq!(r.tables.len(), 1, "layout {l:?}: tables {:?}\n{text}", r.tables);
    assert!(
        r.summary.checks_passed >= 4,
        "layout {l:?}: only {} checks passed\n{}\n{text}",
        r.summary.checks_passed,
        show(&r)
    );
    r
}

fn sample_leaves() -> Vec<[i64; 3]> {
    vec![
        [123_456, 23_400, 0],
        [0, 0, 88_000],
        [45_678, 9_900, 120_050],
        [310_000, 41_234, 0],
        [0, 0, 6_789],
        [77_777, 12_345, 5_000],
        [98_765, 4_321, 0],
        [1_000, 200, 30_000],
        [0, 0, 250_000],
    ]
}

// ---------------------------------------------------------------------------------------------
// One test per shape and artefact, on fixed numbers.

fn shape(kind: Kind, f: impl FnOnce(&mut Layout)) -> Report {
    let mut l = Layout::plain();
    f(&mut l);
    let rows = build(kind, &sample_leaves(), false);
    assert_clean(kind, &rows, &l)
}

#[test]
fn header_one_level() {
    shape(Kind::Function, |l| l.header = Header::One);
}

#[test]
fn header_two_levels() {
    shape(Kind::Function, |l| l.header = Header::Two);
}

#[test]
fn header_three_levels() {
    shape(Kind::Function, |l| l.header = Header::Three);
    shape(Kind::Economic, |l| l.header = Header::Three);
}

#[test]
fn numbered_columns() {
    shape(Kind::Function, |l| l.numbered = true);
    shape(Kind::Function, |l| {
        l.numbered = true;
        l.tabs = true
    });
}

#[test]
fn codes_split_joined_or_in_the_name() {
    for stub in [Stub::Split, Stub::Joined, Stub::CodeInName] {
        shape(Kind::Function, |l| l.stub = stub);
        shape(Kind::Economic, |l| l.stub = stub);
    }
}

#[test]
fn rows_by_indentation_only() {
    shape(Kind::Function, |l| l.stub = Stub::Indented);
}

#[test]
fn economic_sub_codes() {
    let rows = build(Kind::Economic, &sample_leaves(), true);
    assert_clean(Kind::Economic, &rows, &Layout::plain());
}

#[test]
fn wrapped_label_title_and_unit() {
    shape(Kind::Function, |l| l.wrapped_label = true);
    shape(Kind::Function, |l| l.wrapped_title = true);
    shape(Kind::Function, |l| l.wrapped_unit = true);
    let r = shape(Kind::Function, |l| {
        l.wrapped_unit = true;
        l.yuan = true
    });
    assert_eq!(
        r.tables[0].unit.map(|u| format!("{u:?}")).as_deref(),
        Some("Yuan"),
        "单位：万 / 元 wrapped must read as 元"
    );
}

#[test]
fn continued_on_the_next_page() {
    for after in [4, 9] {
        shape(Kind::Function, |l| l.continued_after = Some(after));
    }
}

#[test]
fn tabs_blanks_and_units() {
    shape(Kind::Function, |l| l.tabs = true);
    shape(Kind::Function, |l| l.blank_zero = true);
    shape(Kind::Function, |l| {
        l.blank_zero = true;
        l.tabs = true
    });
    shape(Kind::Function, |l| l.yuan = true);
}

#[test]
fn totals_last_and_continued() {
    // the first page ends before the totals; the next page prints them
    for after in [4, 9] {
        shape(Kind::Function, |l| {
            l.total_last = true;
            l.continued_after = Some(after)
        });
    }
}

#[test]
fn numbers_wrapped_in_narrow_columns() {
    shape(Kind::Function, |l| l.split_numbers = true);
    shape(Kind::Economic, |l| l.split_numbers = true);
    shape(Kind::Function, |l| {
        l.split_numbers = true;
        l.header = Header::Three;
        l.continued_after = Some(5)
    });
}

#[test]
fn a_bare_page_number_at_the_page_break() {
    for after in [2, 4, 9] {
        shape(Kind::Function, |l| {
            l.continued_after = Some(after);
            l.bare_page_number = true
        });
    }
    shape(Kind::Economic, |l| {
        l.continued_after = Some(3);
        l.bare_page_number = true;
        l.stub = Stub::Split
    });
}

#[test]
fn numbered_titles() {
    for n in 1..=3 {
        shape(Kind::Function, |l| l.numbering = n);
    }
}

// ---------------------------------------------------------------------------------------------
// Properties over random numbers and random layouts.

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop_oneof![Just(Header::One), Just(Header::Two), Just(Header::Three)],
        prop_oneof![
            Just(Stub::Split),
            Just(Stub::Joined),
            Just(Stub::CodeInName),
            Just(Stub::Indented)
        ],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(None), (3usize..14).prop_map(Some)],
        any::<bool>(),
        any::<bool>(),
        (0u8..4, any::<bool>(), any::<bool>(), any::<bool>()),
    )
        .prop_map(
            |(
                header,
                stub,
                tabs,
                numbered,
                wt,
                wu,
                wl,
                cont,
                yuan,
                blank,
                (numbering, total_last, split, bare),
            )| Layout {
                header,
                stub,
                tabs,
                numbered,
                wrapped_title: wt,
                wrapped_unit: wu,
                wrapped_label: wl,
                continued_after: cont,
                yuan,
                blank_zero: blank,
                numbering,
                total_last,
                split_numbers: split,
                bare_page_number: bare,
            },
        )
}

fn leaves() -> impl Strategy<Value = Vec<[i64; 3]>> {
    proptest::collection::vec(
        // an amount is 0 or at least 10.00 (1,000 in a 元 table): a lone "39" is as likely a
        // code or a count as an amount, and documents print such amounts with their context
        (
            prop_oneof![Just(0i64), 1_000i64..5_000_000],
            prop_oneof![Just(0i64), 1_000i64..800_000],
            prop_oneof![Just(0i64), 1_000i64..9_000_000],
        )
            .prop_map(|(a, b, c)| [a, b, c])
            // a row with nothing in it is printed by no one (a page of blank rows has no
            // columns to read)
            .prop_filter("an empty row", |v| v.iter().any(|x| *x != 0)),
        9..10,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn consistent_tables_give_no_error(
        l in layout(),
        leaves in leaves(),
        economic in any::<bool>(),
        sub in any::<bool>(),
    ) {
        let kind = if economic { Kind::Economic } else { Kind::Function };
        let rows = build(kind, &leaves, sub);
        assert_clean(kind, &rows, &l);
    }

    #[test]
    fn one_perturbed_cell_gives_one_error_naming_it(
        l in layout(),
        leaves in leaves(),
        pick in any::<prop::sample::Index>(),
        up in any::<bool>(),
        economic in any::<bool>(),
        sub in any::<bool>(),
    ) {
        let kind = if economic { Kind::Economic } else { Kind::Function };
        let rows = build(kind, &leaves, sub);
        let cols = columns(kind, l.header);
        // a leaf row and a leaf column holding a non-zero amount
        let leaf_cols: Vec<usize> = cols
            .iter()
            .enumerate()
            // not a total: 合计, 小计 (and 基本支出 when it is the total of its sub-columns)
            .filter(|(_, (p, _))| {
                let leaf = *p.last().unwrap();
                !(matches!(leaf, "合计" | "小计") || leaf == "基本支出" && l.header != Header::One)
            })
            .map(|(j, _)| j)
            .collect();
        let cands: Vec<(usize, usize)> = rows
            .iter()
            .enumerate()
            // a leaf row: no row under it
            .filter(|(i, r)| r.level > 0 && rows.get(i + 1).is_none_or(|n| !n.code.starts_with(&r.code)))
            .flat_map(|(i, _)| leaf_cols.iter().map(move |&j| (i, j)))
            .filter(|&(i, j)| (cols[j].1)(&rows[i]) > 0)
            .collect();
        prop_assume!(!cands.is_empty());
        let (i, j) = cands[pick.index(cands.len())];
        let unit = if l.yuan { 1 } else { 100 };
        // in a 元 table an amount under 1,000 prints as a bare integer ("963"), which the
        // reader does not take for an amount (it may be a code or a count): perturb upwards
        let up = up || l.yuan;
        let d = if up { 37 * unit } else { -(cols[j].1)(&rows[i]).min(37 * unit) };
        prop_assume!(d != 0);
        let text = render(kind, &rows, &l, Some((i, j, d)));
        let r = check(&text);
        let errs = errors(&r);
        prop_assert_eq!(errs.len(), 1, "layout {:?}, cell {} / {:?}\n{}\n{}", l, rows[i].name, cols[j].0, show(&r), text);
        let printed = money((cols[j].1)(&rows[i]) + d, &l);
        let names = |loc: &suanpan::report::Location| loc.row_label.contains(&rows[i].name[..rows[i].name.len().min(6)]) && loc.text == printed;
        let f = errs[0];
        prop_assert!(
            f.likely_wrong.as_ref().is_some_and(names) || f.locations.iter().any(names),
            "layout {:?}: the error does not name {} / {:?} ({})\n{}",
            l, rows[i].name, cols[j].0, printed, show(&r)
        );
    }
}
