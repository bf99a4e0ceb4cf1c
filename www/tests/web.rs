//! Browser tests (wasm-bindgen-test in headless Chromium, see scripts/test.sh): the checker
//! runs in WebAssembly and the mounted app shows its findings.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use suanpan::model::TableKind;
use suanpan::report::Report;
use suanpan_web::{services::checker, App, SAMPLE_NAME, SAMPLE_TEXT};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlTextAreaElement, InputEvent, InputEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn basic_table_rows(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.rule == "AR002")
        .filter_map(|f| f.locations.first())
        .filter(|l| {
            report
                .tables
                .get(l.table)
                .is_some_and(|t| t.kind == TableKind::GeneralBudgetBasic)
        })
        .map(|l| l.row_label.clone())
        .collect()
}

#[wasm_bindgen_test]
fn checker_runs_in_wasm() {
    let report = checker::check(SAMPLE_NAME, SAMPLE_TEXT);
    let rows = basic_table_rows(&report);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows[0].contains("邮电费"), "{rows:?}");
    assert!(rows[1].contains("工会经费"), "{rows:?}");
}

#[wasm_bindgen_test]
fn bad_bytes_give_a_bilingual_message() {
    // the readers in wasm (the reader worker runs them; this build has no PDF engine)
    let e = suanpan::input::read_document("report.txt", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0")
        .expect_err("a binary is not text");
    assert!(e.message_zh.starts_with("report.txt："), "{}", e.message_zh);
    assert!(e.message_en.starts_with("report.txt: "), "{}", e.message_en);
}

fn mount() -> Element {
    // this test page serves no worker: check on the page instead
    suanpan_web::services::worker::allow_local_checking(suanpan_web::checked::check);
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.clear();
    }
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    gloo::utils::body().append_child(&root).expect("append");
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).map(|l| l.length()).unwrap_or(0)
}

/// Waits (up to 20 s) until `ok` holds; the checker answers asynchronously (a worker, or
/// this thread after a pause when the worker's files are not served, as here).
async fn wait_until(what: &str, ok: impl Fn() -> bool) {
    for _ in 0..400 {
        yew::scheduler::flush().await;
        if ok() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn app_shows_the_sample_findings_then_checks_an_edit() {
    let root = mount();
    yew::scheduler::flush().await;
    // the sample is checked as the first job
    assert_eq!(count(&root, "[data-testid=checking]"), 1);
    wait_until("the sample's check", || count(&root, "[data-testid=finding]") > 0).await;

    let report = checker::check(SAMPLE_NAME, SAMPLE_TEXT);
    assert_eq!(
        count(&root, "[data-testid=finding]") as usize,
        report.findings.len()
    );
    assert_eq!(count(&root, "[data-testid=finding][data-rule=AR002]"), 2);
    let findings = text_of(&root, "[data-testid=finding-list]");
    assert!(findings.contains("30207 邮电费"), "{findings}");
    assert!(findings.contains("30228 工会经费"), "{findings}");
    assert_eq!(
        text_of(&root, "[data-testid=count-errors] .n"),
        report.summary.errors.to_string()
    );

    // Type (replace the text): the check runs after the debounce.
    let textarea: HtmlTextAreaElement = root
        .query_selector("textarea")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("textarea");
    let typed = "部门收支总体情况表\n单位：万元\n";
    textarea.set_value(typed);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).expect("event");
    textarea.dispatch_event(&event).expect("dispatch");
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "[data-testid=stale]"), 1);

    yew::platform::time::sleep(Duration::from_millis(u64::from(suanpan_web::app::DEBOUNCE_MS))).await;
    wait_until("the check of the edit", || {
        count(&root, "[data-testid=stale]") == 0
    })
    .await;
    let expected = checker::check(suanpan_web::state::PASTED, typed);
    assert_eq!(
        count(&root, "[data-testid=finding]") as usize,
        expected.findings.len()
    );
    assert_eq!(count(&root, "[data-testid=finding][data-rule=AR002]"), 0);
    assert_eq!(
        text_of(&root, "[data-testid=count-errors] .n"),
        expected.summary.errors.to_string()
    );
    assert!(text_of(&root, "[data-testid=source-name]").contains("粘贴"));

    // The sample button brings the findings back.
    let button: web_sys::HtmlElement = root
        .query_selector("[data-testid=load-sample]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("sample button");
    button.click();
    wait_until("the sample's findings", || {
        count(&root, "[data-testid=finding][data-rule=AR002]") == 2
    })
    .await;

    // Show the first AR002 finding in its table: its total cell is lit up and selected,
    // and the cell lists its checks (the failed row sum, and passed ones).
    let show: web_sys::HtmlElement = root
        .query_selector("[data-testid=finding][data-rule=AR002] [data-testid=show-in-table]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("show in table");
    show.click();
    yew::scheduler::flush().await;
    assert_eq!(count(&root, "[data-testid=grid]"), 1);
    assert!(count(&root, "td[data-mark=primary]") >= 1);
    assert!(count(&root, "td[data-mark=related]") >= 2);
    assert_eq!(count(&root, "td.selected"), 1);
    assert!(text_of(&root, "td.selected").contains("3.54"));
    let checks = text_of(&root, "[data-testid=cell-checks]");
    assert!(checks.contains("不通过") && checks.contains("通过"), "{checks}");

    // English toggle.
    let toggle: web_sys::HtmlElement = root
        .query_selector("[data-testid=lang-toggle]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("toggle");
    toggle.click();
    yew::scheduler::flush().await;
    assert!(text_of(&root, "[data-testid=summary]").contains("checks passed"));
    root.remove();
}

/// The worker messages cross as the values they hold ([`suanpan_web::protocol`]): a source
/// map with PDF boxes (f32, widened to JavaScript numbers), the payload checked with it,
/// and a message's `kind`, written and read back through serde-wasm-bindgen as
/// `postMessage` carries them.
#[wasm_bindgen_test]
fn worker_messages_cross_as_the_same_values() {
    use suanpan::source::{LineSource, Piece, Rect, SourceMap};
    use suanpan_web::protocol::{self, FromChecker, Js, ToChecker};

    let mut map = SourceMap::new();
    for (i, line) in SAMPLE_TEXT.lines().enumerate() {
        let n = line.chars().count() as u32;
        let y = 72.1 + i as f32 * 13.7;
        let rect = Rect {
            x0: 56.7,
            y0: y,
            x1: 56.7 + n as f32 * 5.3,
            y1: y + 9.9,
        };
        let pieces = vec![Piece {
            start: 0,
            end: n,
            rect,
        }];
        map.set(
            i as u32 + 1,
            LineSource::Pdf {
                page: 1 + i as u32 / 40,
                pieces,
            },
        );
    }
    let sources = Js::new(&map).expect("written");
    assert_eq!(sources.read().expect("read"), map);

    // the page hands the reader's map on to the checker as it came
    let message = ToChecker::Check {
        id: 7,
        source: "a.pdf".into(),
        text: SAMPLE_TEXT.into(),
        sources: Some(sources),
    };
    let sent = protocol::encode(&message).expect("encoded");
    // `{check: {…}}`
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Check {
        check: serde::de::IgnoredAny,
    }
    let _: Check = serde_wasm_bindgen::from_value(sent.clone()).expect("a check");
    let ToChecker::Check { sources, text, .. } = protocol::receive::<ToChecker>(sent).expect("received")
    else {
        panic!("not a check");
    };
    let map_back = sources.expect("kept").read().expect("read");
    assert_eq!(map_back, map);

    // the checker's payload, boxes and all, comes back equal
    let payload = suanpan_web::checked::check_with_sources("a.pdf", &text, &map_back);
    assert!(payload
        .report
        .findings
        .iter()
        .any(|f| f.locations.iter().any(|l| l.source.is_some())));
    let answer = FromChecker::Checked {
        id: 7,
        payload: Js::new(&payload).expect("written"),
    };
    let FromChecker::Checked { payload: back, .. } =
        protocol::receive::<FromChecker>(protocol::encode(&answer).expect("encoded")).expect("received")
    else {
        panic!("not checked");
    };
    assert_eq!(back.read().expect("read"), payload);

    // a report saved as JSON (the export) reopens equal, read with JSON.parse and the
    // payload's serde-wasm-bindgen code
    let saved = suanpan_web::services::export::json(&payload.report);
    let reopened = checker::open_report("a.json", &saved).expect("reopens");
    assert_eq!(reopened, payload.report);
    let e = checker::open_report("b.json", "{\"x\": 1}").expect_err("not a report");
    assert!(
        e.message_zh.starts_with("b.json：不是算盘的 JSON 报告"),
        "{}",
        e.message_zh
    );
    assert!(checker::open_report("c.json", "{").is_err());

    // a message that is not one says so, in both languages
    let e =
        protocol::receive::<FromChecker>(wasm_bindgen::JsValue::from_str("nonsense")).expect_err("refused");
    assert!(e.message_zh.contains("消息无法读取") && e.message_en.contains("could not be read"));
}
