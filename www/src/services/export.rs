//! Exports of a report: JSON (exactly what `suanpan check --format json --checks` prints), CSV (one
//! row per finding), Markdown (the core's renderer), and the download itself (a Blob URL;
//! nothing leaves the computer).

use std::fmt::Write;

use suanpan::render::{self, Lang};
use suanpan::report::{LocationKind, Report};

/// The report as the CLI's JSON (schema_version 2), with the CLI's final newline.
pub fn json(report: &Report) -> String {
    let mut s = render::json(report);
    s.push('\n');
    s
}

/// The report as Markdown (the CLI's `--format markdown`).
pub fn markdown(report: &Report, lang: Lang) -> String {
    let mut s = render::markdown(report, lang);
    s.push('\n');
    s
}

/// The columns of the CSV export.
pub const CSV_HEADER: &[&str] = &[
    "severity",
    "rule",
    "name",
    "title_zh",
    "title_en",
    "message_zh",
    "message_en",
    "arithmetic",
    "difference",
    "table",
    "table_title",
    "line",
    "row",
    "column",
    "value",
    "likely_wrong",
    "locations",
];

/// One field, quoted when needed, defused when a spreadsheet would read it as a formula
/// (the core's one escaping module: the text of a disclosure is not trusted).
fn field(s: &str) -> String {
    render::escape::csv_field(s)
}

/// The findings as CSV: a header, then one row per finding (UTF-8 with a BOM, so that Excel
/// reads the Chinese; CRLF line ends).
pub fn csv(report: &Report) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&CSV_HEADER.join(","));
    out.push_str("\r\n");
    for f in &report.findings {
        let rule = crate::rules_meta::find(&f.rule);
        let first = f.locations.first();
        let cell = first.filter(|l| l.kind == LocationKind::Cell);
        let table = first
            .filter(|l| matches!(l.kind, LocationKind::Cell | LocationKind::Table))
            .and_then(|l| report.tables.get(l.table));
        let locations: Vec<String> = f
            .locations
            .iter()
            .map(|l| match l.kind {
                LocationKind::Text => format!("L{} {}「{}」", l.line, l.row_label, l.text),
                LocationKind::Table => format!("L{} 表{}", l.line, l.table + 1),
                LocationKind::Performance => format!("L{} 绩效目标表 {}「{}」", l.line, l.row_label, l.text),
                LocationKind::Cell => format!(
                    "L{} 表{} {} / {} = {} ({})",
                    l.line,
                    l.table + 1,
                    l.row_label,
                    l.column_label,
                    if l.text.is_empty() { "(blank)" } else { &l.text },
                    l.role
                ),
            })
            .collect();
        let likely = f
            .likely_wrong
            .as_ref()
            .map(|l| format!("{} / {} = {}", l.row_label, l.column_label, l.text))
            .unwrap_or_default();
        let row = [
            f.severity.label_en().to_string(),
            f.rule.clone(),
            f.name.clone(),
            rule.map(|r| r.title_zh.to_string()).unwrap_or_default(),
            rule.map(|r| r.title_en.to_string()).unwrap_or_default(),
            f.message_zh.clone(),
            f.message_en.clone(),
            f.arithmetic.clone().unwrap_or_default(),
            f.difference.clone().unwrap_or_default(),
            table.map(|t| (t.id + 1).to_string()).unwrap_or_default(),
            table.map(|t| t.title.clone()).unwrap_or_default(),
            first.map(|l| l.line.to_string()).unwrap_or_default(),
            cell.map(|l| l.row_label.clone()).unwrap_or_default(),
            cell.map(|l| l.column_label.clone()).unwrap_or_default(),
            cell.map(|l| l.text.clone()).unwrap_or_default(),
            likely,
            locations.join("; "),
        ];
        let fields: Vec<String> = row.iter().map(|s| field(s)).collect();
        let _ = write!(out, "{}\r\n", fields.join(","));
    }
    out
}

/// A file name for an export: the source's stem, `-suanpan`, the extension.
pub fn file_name(source: &str, ext: &str) -> String {
    let base = source.rsplit(['/', '\\']).next().unwrap_or(source);
    let stem = base
        .strip_suffix(".txt")
        .or_else(|| base.strip_suffix(".json"))
        .or_else(|| base.strip_suffix(".md"))
        .or_else(|| base.strip_suffix(".csv"))
        .unwrap_or(base);
    let stem = stem.strip_suffix(".layout").unwrap_or(stem);
    let stem = stem.strip_suffix("-suanpan").unwrap_or(stem);
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || "<>:\"|?*".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = if clean.trim().is_empty() {
        "report".to_string()
    } else {
        clean
    };
    format!("{clean}-suanpan.{ext}")
}

/// Offers `content` as a download named `name` (a Blob URL, revoked once clicked).
pub fn download(name: &str, mime: &str, content: &str) {
    download_bytes(name, mime, content.as_bytes());
}

/// Offers bytes as a download named `name` (a Blob URL, revoked once clicked).
#[cfg(target_arch = "wasm32")]
pub fn download_bytes(name: &str, mime: &str, content: &[u8]) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.set_hidden(true);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            a.remove();
        }
    }
    // Revoke after the browser has taken the file.
    let later = url.clone();
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&later);
    })
    .forget();
}

/// Off the browser nothing is downloaded.
#[cfg(not(target_arch = "wasm32"))]
pub fn download_bytes(name: &str, mime: &str, content: &[u8]) {
    let _ = (name, mime, content);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::checker::check;

    #[test]
    fn csv_has_one_row_per_finding() {
        let r = check("x.txt", crate::SAMPLE_TEXT);
        let out = csv(&r);
        assert!(out.starts_with("\u{feff}severity,rule,"));
        // rows are CRLF-terminated; quoted fields may hold LF but never CRLF
        let rows: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(rows.len(), r.findings.len() + 1);
        let ar002 = rows.iter().find(|l| l.contains(",AR002,")).expect("AR002 row");
        assert!(ar002.starts_with("error,AR002,row-sum-mismatch,"), "{ar002}");
        assert!(ar002.contains("邮电费") || ar002.contains("工会经费"));
    }

    #[test]
    fn fields_are_quoted_and_defused() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-0.01"), "-0.01");
        assert_eq!(field("-cmd"), "'-cmd");
        assert_eq!(field("@x"), "'@x");
    }

    #[test]
    fn json_is_the_cli_json() {
        let r = check("x.txt", crate::SAMPLE_TEXT);
        let j = json(&r);
        assert!(j.ends_with("}\n"));
        assert_eq!(suanpan::render::parse_json(&j).expect("parses"), r);
        assert!(markdown(&r, Lang::Zh).starts_with("# 算盘检查报告："));
    }

    #[test]
    fn names() {
        assert_eq!(file_name("a/b/wanli.layout.txt", "json"), "wanli-suanpan.json");
        assert_eq!(file_name("pasted", "csv"), "pasted-suanpan.csv");
        assert_eq!(file_name("r-suanpan.json", "md"), "r-suanpan.md");
        assert_eq!(file_name("a:b?.txt", "md"), "a_b_-suanpan.md");
    }
}
