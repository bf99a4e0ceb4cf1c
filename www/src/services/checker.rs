//! The calls into the core: checking, reading saved reports. (Files are read by the reader
//! worker, see [`super::worker::Reader`].)
//! (The app checks through [`super::worker::Checker`], which runs [`crate::checked::check`]
//! in a web worker.)

use suanpan::input::InputError;
use suanpan::report::{Report, SCHEMA_VERSION};
use suanpan::Options;

/// Checks `text` (named `source`) with every rule.
pub fn check(source: &str, text: &str) -> Report {
    suanpan::check_text(source, text, &Options::default())
}

/// True when a loaded file looks like a saved JSON report rather than a disclosure.
pub fn looks_like_report(name: &str, text: &str) -> bool {
    let json_name = name.to_ascii_lowercase().ends_with(".json");
    let t = text.trim_start();
    json_name || (t.starts_with('{') && t.contains("\"schema_version\""))
}

/// Reads a report's JSON. In the browser: `JSON.parse`, then the report read from the object
/// with serde-wasm-bindgen, the code that reads the checker's payload (so the page carries no
/// second parser for reports; both take the same fields, and money is written as strings).
#[cfg(target_arch = "wasm32")]
fn parse(text: &str) -> Result<Report, String> {
    let value = js_sys::JSON::parse(text)
        .map_err(|e| js_sys::Error::from(e).message().as_string().unwrap_or_default())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Reads a report's JSON (off the browser: as the CLI does).
#[cfg(not(target_arch = "wasm32"))]
fn parse(text: &str) -> Result<Report, String> {
    suanpan::render::parse_json(text)
}

/// Reads a report saved as JSON (by this page or `suanpan check --format json`).
pub fn open_report(name: &str, text: &str) -> Result<Report, InputError> {
    let report = parse(text).map_err(|e| {
        let detail = e
            .split_once(": ")
            .map_or(e.as_str(), |(_, d)| d)
            .chars()
            .take(160)
            .collect::<String>();
        InputError {
            message_zh: format!("{name}：不是算盘的 JSON 报告（{detail}）。请打开“导出 JSON”保存的文件，或公开文件的文本。"),
            message_en: format!("{name}: not a suanpan JSON report ({detail}). Open a file saved with “Export JSON”, or the text of a disclosure."),
        }
    })?;
    if report.schema_version != SCHEMA_VERSION {
        return Err(InputError {
            message_zh: format!(
                "{name}：报告格式版本 {}，本页只能读取版本 {SCHEMA_VERSION}",
                report.schema_version
            ),
            message_en: format!(
                "{name}: report schema version {}; this page reads version {SCHEMA_VERSION}",
                report.schema_version
            ),
        });
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_reports_reopen() {
        let r = check("a.txt", crate::SAMPLE_TEXT);
        let json = suanpan::render::json(&r);
        assert!(looks_like_report("a.json", &json));
        assert!(looks_like_report("a.txt", &json));
        assert!(!looks_like_report("a.txt", crate::SAMPLE_TEXT));
        assert_eq!(open_report("a.json", &json).expect("reopens"), r);
        let e = open_report("b.json", "{\"x\": 1}").expect_err("refused");
        assert!(
            e.message_zh.starts_with("b.json：不是算盘的 JSON 报告"),
            "{}",
            e.message_zh
        );
        assert!(e.message_en.contains("not a suanpan JSON report"));
        let old = json.replacen("\"schema_version\": 2", "\"schema_version\": 99", 1);
        let e = open_report("c.json", &old).expect_err("refused");
        assert!(e.message_zh.contains("版本 99"), "{}", e.message_zh);
    }
}
