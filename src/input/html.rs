//! HTML (an uploaded web page, or `text/html` pasted from one) → text: tables become
//! tab-separated rows with `rowspan`/`colspan` resolved ([`super::grid`]), other block
//! elements become lines, entities are decoded, `<script>`, `<style>` and hidden elements are
//! dropped. It is only a string transform: nothing is fetched or executed.
//!
//! The markup is read by a small tolerant scanner and tree builder that closes what HTML
//! closes implicitly (`<p>`, `<li>`, `<td>`, `<tr>` …). A table that holds another table is
//! a layout table: its cells are read as text blocks, and the inner tables as tables.

use super::grid::{clean, Grid, Merge, MAX_COLS, MAX_ROWS};
use super::{Extracted, Note};

/// Deepest element nesting kept; deeper elements are read as if flattened.
const MAX_DEPTH: usize = 256;

/// True when a text is HTML: an `.htm(l)` file with tags, or a text that starts with markup
/// and has `<html`, `<body`, `<table` or a doctype near its start.
pub fn looks_like_html(name: &str, text: &str) -> bool {
    let lower_name = name.to_ascii_lowercase();
    let t = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !t.starts_with('<') {
        return false;
    }
    if lower_name.ends_with(".html") || lower_name.ends_with(".htm") || lower_name.ends_with(".xhtml") {
        return true;
    }
    let head: String = t.chars().take(4096).collect::<String>().to_ascii_lowercase();
    ["<!doctype html", "<html", "<body", "<table", "<meta"]
        .iter()
        .any(|k| head.contains(k))
}

#[derive(Debug)]
enum Node {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<usize>,
    },
    Text(String),
}

struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn name(&self, i: usize) -> &str {
        match &self.nodes[i] {
            Node::Element { name, .. } => name,
            Node::Text(_) => "",
        }
    }

    fn children(&self, i: usize) -> &[usize] {
        match &self.nodes[i] {
            Node::Element { children, .. } => children,
            Node::Text(_) => &[],
        }
    }

    fn attr(&self, i: usize, key: &str) -> Option<&str> {
        match &self.nodes[i] {
            Node::Element { attrs, .. } => attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }

    fn push_child(&mut self, parent: usize, node: Node) -> usize {
        let id = self.nodes.len();
        self.nodes.push(node);
        if let Node::Element { children, .. } = &mut self.nodes[parent] {
            children.push(id);
        }
        id
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr", "basefont", "bgsound", "frame", "keygen",
];

/// Elements whose content is not markup.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "p",
    "div",
    "table",
    "ul",
    "ol",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "form",
    "hr",
    "address",
    "aside",
    "nav",
    "main",
    "figure",
    "fieldset",
    "center",
    "li",
    "dd",
    "dt",
];

const BLOCK: &[&str] = &[
    "p",
    "div",
    "table",
    "ul",
    "ol",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "form",
    "hr",
    "address",
    "aside",
    "nav",
    "main",
    "figure",
    "figcaption",
    "fieldset",
    "center",
    "li",
    "dd",
    "dt",
    "caption",
    "tr",
    "title",
    "body",
    "html",
    "details",
    "summary",
    "legend",
];

/// Builds the element tree.
fn build(html: &str) -> Tree {
    let mut tree = Tree {
        nodes: vec![Node::Element {
            name: "#root".into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }],
    };
    let mut stack: Vec<usize> = vec![0];
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    let flush_text = |tree: &mut Tree, stack: &[usize], s: &str| {
        if !s.is_empty() {
            let parent = *stack.last().unwrap_or(&0);
            tree.push_child(parent, Node::Text(decode_entities(s)));
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &html[i..];
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if rest.starts_with("<!--") {
            flush_text(&mut tree, &stack, &html[text_start..i]);
            i = rest.find("-->").map_or(bytes.len(), |e| i + e + 3);
            text_start = i;
            continue;
        }
        if next == b'!' || next == b'?' {
            flush_text(&mut tree, &stack, &html[text_start..i]);
            i = rest.find('>').map_or(bytes.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        let closing = next == b'/';
        let name_start = i + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i += 1; // a lone '<' is text
            continue;
        }
        flush_text(&mut tree, &stack, &html[text_start..i]);
        let mut j = name_start;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'-' | b':' | b'_'))
        {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        // attributes up to the closing '>' (quotes may hold '>')
        let (attrs, end, self_closing) = attributes(html, j);
        i = end;
        text_start = i;
        if closing {
            close(&mut tree, &mut stack, &name);
            continue;
        }
        open(&mut tree, &mut stack, &name);
        let parent = *stack.last().unwrap_or(&0);
        let id = tree.push_child(
            parent,
            Node::Element {
                name: name.clone(),
                attrs,
                children: Vec::new(),
            },
        );
        if RAW.contains(&name.as_str()) {
            // content up to the matching end tag, read as text (script and style are dropped
            // when rendering)
            let lower_rest = html[i..].to_ascii_lowercase();
            let end_tag = format!("</{name}");
            let stop = lower_rest.find(&end_tag).map_or(html.len(), |e| i + e);
            if name != "script" && name != "style" {
                let content = &html[i..stop];
                tree.push_child(id, Node::Text(decode_entities(content)));
            }
            i = html[stop..].find('>').map_or(html.len(), |e| stop + e + 1);
            text_start = i;
            continue;
        }
        if !VOID.contains(&name.as_str()) && !self_closing && stack.len() < MAX_DEPTH {
            stack.push(id);
        }
    }
    flush_text(&mut tree, &stack, &html[text_start..]);
    tree
}

/// Reads the attributes of a tag from `from`; returns them, the index after `>`, and
/// whether the tag ends with `/>`.
fn attributes(html: &str, from: usize) -> (Vec<(String, String)>, usize, bool) {
    let b = html.as_bytes();
    let mut i = from;
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            if b[i] == b'/' && b.get(i + 1) == Some(&b'>') {
                return (attrs, i + 2, true);
            }
            i += 1;
        }
        if i >= b.len() {
            return (attrs, b.len(), false);
        }
        if b[i] == b'>' {
            return (attrs, i + 1, false);
        }
        let k0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = html[k0..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if let Some(&q) = b.get(i).filter(|c| **c == b'"' || **c == b'\'') {
                let v0 = i + 1;
                let v1 = html[v0..].find(q as char).map_or(b.len(), |e| v0 + e);
                value = decode_entities(&html[v0..v1]);
                i = (v1 + 1).min(b.len());
            } else {
                let v0 = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&html[v0..i]);
            }
        }
        if key.is_empty() {
            i += 1;
            continue;
        }
        if attrs.len() < 64 {
            attrs.push((key, value));
        }
    }
}

/// Closes what opening `name` closes implicitly.
fn open(tree: &mut Tree, stack: &mut Vec<usize>, name: &str) {
    let pop_to = |tree: &Tree, stack: &mut Vec<usize>, targets: &[&str], boundary: &[&str]| {
        for k in (1..stack.len()).rev() {
            let n = tree.name(stack[k]);
            if targets.contains(&n) {
                stack.truncate(k);
                return;
            }
            if boundary.contains(&n) {
                return;
            }
        }
    };
    const CELL_SCOPE: &[&str] = &["table", "td", "th", "caption"];
    match name {
        "td" | "th" => pop_to(tree, stack, &["td", "th"], &["tr", "table"]),
        "tr" => pop_to(tree, stack, &["tr"], &["table", "thead", "tbody", "tfoot"]),
        "thead" | "tbody" | "tfoot" => pop_to(tree, stack, &["thead", "tbody", "tfoot"], &["table"]),
        "li" => pop_to(tree, stack, &["li"], &["ul", "ol", "table", "td", "th"]),
        "dt" | "dd" => pop_to(tree, stack, &["dt", "dd"], &["dl", "table", "td", "th"]),
        "option" => pop_to(tree, stack, &["option"], &["select"]),
        _ => {}
    }
    if CLOSES_P.contains(&name) {
        pop_to(tree, stack, &["p"], CELL_SCOPE);
    }
}

/// Closes the nearest open element called `name`, unless a table cell or table lies in
/// between (a stray end tag cannot close the cell it is in).
fn close(tree: &mut Tree, stack: &mut Vec<usize>, name: &str) {
    if name == "br" {
        let parent = *stack.last().unwrap_or(&0);
        tree.push_child(
            parent,
            Node::Element {
                name: "br".into(),
                attrs: Vec::new(),
                children: Vec::new(),
            },
        );
        return;
    }
    for k in (1..stack.len()).rev() {
        let n = tree.name(stack[k]);
        if n == name {
            stack.truncate(k);
            return;
        }
        let boundary = match name {
            "table" => false,
            "td" | "th" | "tr" | "thead" | "tbody" | "tfoot" | "caption" => n == "table",
            _ => matches!(n, "td" | "th" | "table" | "caption"),
        };
        if boundary {
            return;
        }
    }
}

/// Decodes character references (`&amp;`, `&nbsp;`, `&#20013;`, `&#x4E2D;`).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after
            .char_indices()
            .take(32)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map_or(after.len().min(32), |(k, _)| k);
        let body = &after[..end];
        let semi = after[end..].starts_with(';');
        let decoded = if let Some(num) = body.strip_prefix('#') {
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            code.map(|c| match c {
                0 => '\u{FFFD}',
                // Windows-1252 in numeric references, as browsers read them
                0x80 => '€',
                0x91 | 0x92 => '\'',
                0x93 | 0x94 => '"',
                0x96 => '–',
                0x97 => '—',
                0x85 => '…',
                c => char::from_u32(c).unwrap_or('\u{FFFD}'),
            })
            .map(String::from)
        } else if semi {
            named(body).map(String::from)
        } else {
            // legacy references without a semicolon, for the common ones only
            ["nbsp", "amp", "lt", "gt", "quot", "copy", "reg"]
                .iter()
                .find(|n| body.starts_with(**n))
                .and_then(|n| {
                    named(n).map(|v| {
                        let mut s = v.to_string();
                        s.push_str(&body[n.len()..]);
                        s
                    })
                })
        };
        match decoded {
            Some(d) if !body.is_empty() => {
                out.push_str(&d);
                rest = &after[end + usize::from(semi)..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "zwsp" | "ZeroWidthSpace" => "\u{200b}",
        "shy" => "",
        "middot" => "·",
        "bull" => "•",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "times" => "×",
        "divide" => "÷",
        "plusmn" => "±",
        "le" => "≤",
        "ge" => "≥",
        "ne" => "≠",
        "permil" => "‰",
        "deg" => "°",
        "yen" => "¥",
        "euro" => "€",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "sect" => "§",
        "para" => "¶",
        "micro" => "µ",
        "frac12" => "½",
        "sup2" => "²",
        "rarr" => "→",
        "larr" => "←",
        "uarr" => "↑",
        "darr" => "↓",
        "radic" => "√",
        "infin" => "∞",
        "alpha" => "α",
        "beta" => "β",
        _ => return None,
    })
}

/// What the renderer collects.
struct Out {
    lines: Vec<String>,
    cur: String,
    /// Whitespace seen since the last character (collapsed to one space).
    space: bool,
    pre: usize,
    merged: usize,
    tables: usize,
    dropped: usize,
    /// Where the lines of tables came from.
    sources: crate::source::SourceMap,
}

impl Out {
    fn text(&mut self, s: &str) {
        if self.pre > 0 {
            for (k, part) in s.split('\n').enumerate() {
                if k > 0 {
                    self.br();
                }
                self.cur.push_str(part);
            }
            return;
        }
        for c in s.chars() {
            if c.is_ascii_whitespace() {
                self.space = true;
                continue;
            }
            if self.space && !self.cur.is_empty() && !self.cur.ends_with(' ') {
                self.cur.push(' ');
            }
            self.space = false;
            // &nbsp; and friends stay (they indent paragraphs); the parser reads them as spaces
            self.cur.push(c);
        }
    }

    /// Ends the current line (a `<br>`): an empty line stays empty.
    fn br(&mut self) {
        let line = std::mem::take(&mut self.cur);
        self.lines.push(line.trim_end().to_string());
        self.space = false;
    }

    /// Ends a block: the line, then one blank line (so paragraphs stay apart).
    fn block(&mut self) {
        if !self.cur.trim().is_empty() {
            self.br();
        }
        self.cur.clear();
        self.space = false;
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }
}

fn hidden(tree: &Tree, i: usize) -> bool {
    if tree.attr(i, "hidden").is_some() {
        return true;
    }
    tree.attr(i, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

const SKIP: &[&str] = &[
    "script", "style", "template", "noscript", "svg", "math", "select", "iframe", "object", "embed", "head",
    "button", "textarea",
];

/// Renders the children of `i` in document flow.
fn flow(tree: &Tree, i: usize, out: &mut Out, depth: usize) {
    for &c in tree.children(i) {
        node(tree, c, out, depth + 1);
    }
}

fn node(tree: &Tree, i: usize, out: &mut Out, depth: usize) {
    let name = match &tree.nodes[i] {
        Node::Text(t) => {
            out.text(t);
            return;
        }
        Node::Element { name, .. } => name.as_str(),
    };
    if depth > MAX_DEPTH + 8 || hidden(tree, i) {
        return;
    }
    if name == "head" {
        // only the page title
        for &c in tree.children(i) {
            if tree.name(c) == "title" {
                node(tree, c, out, depth + 1);
            }
        }
        return;
    }
    if SKIP.contains(&name) {
        return;
    }
    match name {
        "br" => out.br(),
        "table" => {
            out.block();
            table(tree, i, out, depth);
            out.block();
        }
        "pre" => {
            out.block();
            out.pre += 1;
            flow(tree, i, out, depth);
            out.pre -= 1;
            out.block();
        }
        "td" | "th" => {
            // a cell outside a table: its text, then a tab
            flow(tree, i, out, depth);
            out.cur.push('\t');
        }
        n if BLOCK.contains(&n) => {
            out.block();
            flow(tree, i, out, depth);
            out.block();
        }
        _ => flow(tree, i, out, depth),
    }
}

/// The rows of a table (not those of tables inside it), in document order.
fn rows(tree: &Tree, table: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut todo: Vec<usize> = tree.children(table).iter().rev().copied().collect();
    while let Some(n) = todo.pop() {
        match tree.name(n) {
            "tr" => out.push(n),
            "table" | "" => {}
            // thead/tbody/tfoot, and any wrapper a page puts around rows
            _ => todo.extend(tree.children(n).iter().rev()),
        }
    }
    out
}

/// The cells of a row (not those of nested tables).
fn cells(tree: &Tree, row: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut todo: Vec<usize> = tree.children(row).iter().rev().copied().collect();
    while let Some(n) = todo.pop() {
        match tree.name(n) {
            "td" | "th" => out.push(n),
            "table" | "tr" | "" => {}
            _ => todo.extend(tree.children(n).iter().rev()),
        }
    }
    out
}

fn contains_table(tree: &Tree, i: usize) -> bool {
    let mut todo: Vec<usize> = tree.children(i).to_vec();
    while let Some(n) = todo.pop() {
        if tree.name(n) == "table" {
            return true;
        }
        todo.extend(tree.children(n));
    }
    false
}

fn span(tree: &Tree, cell: usize, key: &str, max: u32) -> u32 {
    tree.attr(cell, key)
        .and_then(|v| {
            let d: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
            d.parse::<u32>().ok()
        })
        .map_or(1, |n| n.clamp(if key == "rowspan" { 0 } else { 1 }, max))
}

fn table(tree: &Tree, t: usize, out: &mut Out, depth: usize) {
    // the caption is the table's title
    for &c in tree.children(t) {
        if tree.name(c) == "caption" {
            out.block();
            flow(tree, c, out, depth + 1);
            out.block();
        }
    }
    let rows = rows(tree, t);
    if contains_table(tree, t) {
        // a layout table: its cells are blocks of the page
        for r in rows {
            for c in cells(tree, r) {
                out.block();
                flow(tree, c, out, depth + 1);
                out.block();
            }
        }
        return;
    }
    out.tables += 1;
    let nrows = rows.len() as u32;
    let mut grid = Grid::new();
    // per column: the first row not covered by a rowspan from above
    let mut busy: Vec<u32> = Vec::new();
    for (r, &row) in rows.iter().enumerate() {
        let r = r as u32;
        let mut c: u32 = 0;
        for cell in cells(tree, row) {
            while busy.get(c as usize).is_some_and(|&b| b > r) {
                c += 1;
            }
            if c >= MAX_COLS {
                out.dropped += 1;
                break;
            }
            let cs = span(tree, cell, "colspan", 1000).min(MAX_COLS - c);
            let rs = match span(tree, cell, "rowspan", 65_534) {
                0 => nrows - r, // to the end of the table
                n => n.min(nrows - r).max(1),
            };
            let mut text = Out {
                lines: Vec::new(),
                cur: String::new(),
                space: false,
                pre: 0,
                merged: 0,
                tables: 0,
                dropped: 0,
                sources: crate::source::SourceMap::new(),
            };
            if !hidden(tree, cell) {
                flow(tree, cell, &mut text, depth + 1);
            }
            text.br();
            let joined = text.lines.join("\n");
            grid.set(r, c, &clean(&joined), false);
            if cs > 1 || rs > 1 {
                grid.merge(Merge {
                    r0: r,
                    c0: c,
                    r1: r + rs - 1,
                    c1: c + cs - 1,
                });
            }
            let end = (c + cs) as usize;
            if busy.len() < end {
                busy.resize(end, 0);
            }
            for b in &mut busy[c as usize..end] {
                *b = r + rs;
            }
            c += cs;
        }
        if r + 1 >= MAX_ROWS {
            break;
        }
    }
    out.dropped += grid.dropped;
    let mut s = String::new();
    let mut rows = Vec::new();
    out.merged += grid.render_mapped(&mut s, &mut rows);
    out.sources
        .set_grid_rows(out.lines.len() + 1, &format!("表格 {}", out.tables), &rows);
    for line in s.lines() {
        out.lines.push(line.to_string());
    }
}

/// Reads an HTML document or fragment as text (tables as tab-separated rows).
pub fn html_to_text(html: &str) -> Extracted {
    let tree = build(html);
    let mut out = Out {
        lines: Vec::new(),
        cur: String::new(),
        space: false,
        pre: 0,
        merged: 0,
        tables: 0,
        dropped: 0,
        sources: crate::source::SourceMap::new(),
    };
    flow(&tree, 0, &mut out, 0);
    out.block();
    while out.lines.last().is_some_and(String::is_empty) {
        out.lines.pop();
    }
    let mut text = out.lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    let mut notes = Vec::new();
    if out.merged > 0 {
        notes.push(Note::new(
            "merged-numbers",
            format!(
                "网页表格中有 {} 个数字位于合并单元格中，无法确定所属的行或列，涉及的核对不作判断",
                out.merged
            ),
            format!(
                "{} number(s) in the page's tables sit in merged cells, so their row or column is unclear; the checks that need them are not evaluated",
                out.merged
            ),
        ));
    }
    if out.dropped > 0 {
        notes.push(Note::new(
            "cells-dropped",
            format!(
                "网页表格中超出 {MAX_COLS} 列、{MAX_ROWS} 行或 {} 个单元格上限的 {} 个单元格未读取",
                super::grid::MAX_CELLS,
                out.dropped
            ),
            format!(
                "{} table cell(s) beyond {MAX_COLS} columns, {MAX_ROWS} rows or {} cells were not read",
                out.dropped,
                super::grid::MAX_CELLS
            ),
        ));
    }
    Extracted {
        text,
        notes,
        sources: out.sources,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        html_to_text(html).text
    }

    #[test]
    fn blocks_entities_and_scripts() {
        let t = text(
            "<html><head><title>2019年部门预算</title><script>alert('x<p>')</script><style>p{}</style></head>\
             <body><h1>一、部门职责</h1><p>&nbsp;&nbsp;收入&amp;支出 合计&#x35;&#54;万元&lt;5%<br>第二行</p>\
             <div hidden>隐藏</div><p style=\"display: none\">也隐藏</p><!-- <p>注释</p> --></body></html>",
        );
        assert_eq!(
            t,
            "2019年部门预算\n\n一、部门职责\n\n\u{a0}\u{a0}收入&支出 合计56万元<5%\n第二行\n"
        );
    }

    #[test]
    fn tables_with_spans() {
        let t = text(
            "<table><caption>一般公共预算“三公”经费支出表</caption>\
             <tr><td colspan=5 align=right>单位：万元</td></tr>\
             <tr><th rowspan=2>合计</th><th rowspan=2>因公出国（境）费</th><th colspan=3>公务用车购置及运行费</th><th rowspan=2>公务接待费</th>\
             <tr><th>小计<th>公务用车购置费<th>公务用车运行费\
             <tr><td>10.00<td>2.00<td>5.00<td>1.00<td>4.00<td>3.00</table>",
        );
        assert_eq!(
            t,
            "一般公共预算“三公”经费支出表\n\n单位：万元\t\n\
             合计\t因公出国（境）费\t公务用车购置及运行费\t公务用车购置及运行费\t公务用车购置及运行费\t公务接待费\n\
             \t\t小计\t公务用车购置费\t公务用车运行费\n\
             10.00\t2.00\t5.00\t1.00\t4.00\t3.00\n"
        );
    }

    #[test]
    fn merged_numbers_are_marked() {
        let e = html_to_text(
            "<table><tr><td>项目</td><td>金额</td></tr><tr><td>办公费</td><td rowspan=2>3.54</td></tr>\
             <tr><td>水费</td></tr></table>",
        );
        assert_eq!(e.text, "项目\t金额\n办公费\t3.54\n水费\t〃\n");
        assert_eq!(e.notes[0].code, "merged-numbers");
    }

    #[test]
    fn layout_tables_and_sloppy_markup() {
        let t = text(
            "<table><tr><td><b>表一</b> 收支总表<table><tr><td>收入<td>1.00</table></td></tr></table>\
             <p>a<p>b</span></td></p><li>x<li>y",
        );
        assert_eq!(t, "表一 收支总表\n\n收入\t1.00\n\na\n\nb\n\nx\n\ny\n");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("&amp;&lt;&gt;&quot;&#39;&#x4E2D;&nbsp;"),
            "&<>\"'中\u{a0}"
        );
        assert_eq!(decode_entities("a &unknown; b & c &amp"), "a &unknown; b & c &");
        assert_eq!(decode_entities("&#0;&#xFFFFFFFF;&#150;"), "\u{FFFD}\u{FFFD}–");
        assert_eq!(decode_entities("&nbsp1"), "\u{a0}1");
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_html("x.txt", "<!DOCTYPE html><html>"));
        assert!(looks_like_html(
            "x.xls",
            "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
        ));
        assert!(looks_like_html("page.html", "<div>x</div>"));
        assert!(!looks_like_html("x.txt", "<5% 的指标"));
        assert!(!looks_like_html("x.txt", "收入 <b>1.00</b>"));
    }
}
