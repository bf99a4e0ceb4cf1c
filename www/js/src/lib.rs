//! The checker for other pages: the core and its file readers (PDF, Excel, Word, HTML, CSV,
//! text in UTF-8/UTF-16/GBK) behind one wasm-bindgen function, for the npm package in
//! `www/js/package` (its `index.js` runs this module in a web worker, or on the page).
//!
//! [`run`] is what `suanpan check` does for the same files (`--combine` when there are
//! several): the files are read with [`input::read_documents`], checked with
//! [`suanpan::check_text_with_sources`], and the report is rendered by the core's renderers,
//! so the JSON is the CLI's to the byte. The report crosses to JavaScript as that JSON text
//! (the package parses it): serde-wasm-bindgen would widen the `f32` boxes of PDF sources to
//! `f64` (`72.1` → `72.0999984741211`) where the CLI prints the shortest form.
//!
//! Nothing here panics on bad input: a file that cannot be read is an
//! [`InputError`](input::InputError), returned as its JSON. Should the core panic anyway,
//! the panic hook keeps its message for [`take_panic`] (the wasm then traps: the package
//! turns the trap into a rejected promise and drops the instance).

#![warn(missing_docs)]

use suanpan::input::{self, InputError, InputWarning};
use suanpan::render::{self, Lang};
use suanpan::Options;

/// What to check and how to give the result (the package's options, validated there).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Rule codes, prefixes or names to run (`--select`); empty = all.
    pub select: Vec<String>,
    /// List the passed checks too (`--checks`); they are always counted.
    pub checks: bool,
    /// `"json"` (also for the report as an object: the package parses it), `"text"` or
    /// `"markdown"` (`--format`).
    pub format: String,
    /// `"zh"` or `"en"` for text and Markdown (`--lang`).
    pub lang: String,
}

/// The checked files: what `suanpan check` prints, and the readers' notes (which the CLI
/// prints on standard error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The report in the requested format, exactly as the CLI prints it (final newline
    /// included).
    pub output: String,
    /// Warnings from reading the files (pages without text, merged cells…).
    pub warnings: Vec<InputWarning>,
}

fn problem(zh: String, en: String) -> InputError {
    InputError {
        message_zh: zh,
        message_en: en,
    }
}

/// Reads `files` as one document and checks it (see the module docs).
pub fn run(files: &[(&str, &[u8])], request: &Request) -> Result<Outcome, InputError> {
    let options = Options {
        select: request.select.clone(),
    };
    let unknown = options.unmatched();
    if !unknown.is_empty() {
        let list = unknown.join(", ");
        return Err(problem(
            format!("select 中没有这样的规则：{list}"),
            format!("no rule matches select: {list}"),
        ));
    }
    let lang = match request.lang.as_str() {
        "zh" | "" => Lang::Zh,
        "en" => Lang::En,
        other => {
            return Err(problem(
                format!("lang 只能是 zh 或 en（不是 {other}）"),
                format!("lang must be zh or en (not {other})"),
            ))
        }
    };
    if files.is_empty() {
        return Err(problem("没有输入".into(), "no input".into()));
    }
    let read = input::read_documents(files)?;
    let report = suanpan::check_text_with_sources(&read.name(), &read.text, &read.sources, &options);
    let report = if request.checks {
        report
    } else {
        report.without_passed_checks()
    };
    let output = match request.format.as_str() {
        "json" | "" => render::json(&report),
        "text" => render::text(&report, lang),
        "markdown" => render::markdown(&report, lang),
        other => {
            return Err(problem(
                format!("format 只能是 report、json、text 或 markdown（不是 {other}）"),
                format!("format must be report, json, text or markdown (not {other})"),
            ))
        }
    } + "\n";
    Ok(Outcome {
        output,
        warnings: read.warnings,
    })
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use std::sync::Mutex;

    use js_sys::Uint8Array;
    use wasm_bindgen::prelude::*;

    use super::{run, Request};

    /// The message of the last panic (the hook keeps it; the wasm traps right after).
    static PANIC: Mutex<String> = Mutex::new(String::new());

    #[wasm_bindgen(start)]
    fn start() {
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut m) = PANIC.lock() {
                *m = info.to_string();
            }
        }));
    }

    /// The message of the panic that trapped the last call ("" when none did).
    #[wasm_bindgen]
    pub fn take_panic() -> String {
        PANIC
            .lock()
            .map(|mut m| std::mem::take(&mut *m))
            .unwrap_or_default()
    }

    /// The most bytes read in all ([`suanpan::input::MAX_BYTES`]).
    #[wasm_bindgen]
    pub fn limit() -> u32 {
        u32::try_from(suanpan::input::MAX_BYTES).unwrap_or(u32::MAX)
    }

    /// The error for files of `size` bytes in all, over [`limit`] (refused before they are
    /// read), as JSON.
    #[wasm_bindgen]
    pub fn too_large(name: &str, size: f64) -> String {
        // a Blob's size is integral
        let e = suanpan::input::too_large(name, size as u64);
        serde_json::to_string(&e).unwrap_or_default()
    }

    /// Checks the files (`names[i]`, `files[i]`) as one document: `[output, warnings as
    /// JSON]`, or throws an `InputError` as JSON.
    #[wasm_bindgen]
    pub fn check(
        names: Vec<String>,
        files: Vec<Uint8Array>,
        select: Vec<String>,
        checks: bool,
        format: String,
        lang: String,
    ) -> Result<Vec<String>, JsValue> {
        let bytes: Vec<Vec<u8>> = files.iter().map(Uint8Array::to_vec).collect();
        let parts: Vec<(&str, &[u8])> = names
            .iter()
            .map(String::as_str)
            .zip(bytes.iter().map(Vec::as_slice))
            .collect();
        let request = Request {
            select,
            checks,
            format,
            lang,
        };
        match run(&parts, &request) {
            Ok(o) => Ok(vec![
                o.output,
                serde_json::to_string(&o.warnings).unwrap_or_default(),
            ]),
            Err(e) => Err(JsValue::from_str(&serde_json::to_string(&e).unwrap_or_default())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        include_str!("../../samples/xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt");

    fn request(format: &str) -> Request {
        Request {
            format: format.into(),
            ..Request::default()
        }
    }

    #[test]
    fn the_report_is_the_clis() {
        let name = "sample.txt";
        let out = run(&[(name, SAMPLE.as_bytes())], &request("")).unwrap();
        let read = input::read_document_with_notes(name, SAMPLE.as_bytes()).unwrap();
        let report = suanpan::check_text_with_sources(name, &read.text, &read.sources, &Options::default());
        assert_eq!(out.output, render::json(&report.without_passed_checks()) + "\n");
        assert!(out.output.contains("\"rule\": \"AR002\""));
        let text = run(
            &[(name, SAMPLE.as_bytes())],
            &Request {
                lang: "en".into(),
                ..request("text")
            },
        );
        assert!(text.unwrap().output.contains("error"));
    }

    #[test]
    fn several_files_are_one_document_named_by_all() {
        let lines: Vec<&str> = SAMPLE.lines().collect();
        let (a, b) = lines.split_at(lines.len() / 2);
        let (a, b) = (a.join("\n"), b.join("\n"));
        let out = run(
            &[("a.txt", a.as_bytes()), ("b.txt", b.as_bytes())],
            &request("json"),
        )
        .unwrap();
        assert!(out.output.contains("\"source\": \"a.txt + b.txt\""));
    }

    #[test]
    fn bad_input_and_options_are_errors_in_both_languages() {
        let damaged = run(&[("x.pdf", b"%PDF-1.7\n garbage".as_slice())], &request("")).unwrap_err();
        assert!(damaged.message_zh.starts_with("x.pdf："), "{damaged:?}");
        assert!(damaged.message_en.starts_with("x.pdf: "), "{damaged:?}");
        let select = Request {
            select: vec!["ZZ9".into()],
            ..request("")
        };
        let e = run(&[("s.txt", SAMPLE.as_bytes())], &select).unwrap_err();
        assert!(e.message_en.contains("ZZ9") && e.message_zh.contains("ZZ9"));
        for bad in [
            request("yaml"),
            Request {
                lang: "fr".into(),
                ..request("text")
            },
        ] {
            assert!(run(&[("s.txt", SAMPLE.as_bytes())], &bad).is_err());
        }
        assert!(run(&[], &request("")).is_err());
        assert!(run(&[("e.txt", b"".as_slice())], &request("")).is_err());
    }
}
