//! Native tests: render the app to HTML on the server side (no browser). The first render
//! shows the sample's text while its check waits for the worker; the results, rendered from
//! the checked sample, show its findings.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use suanpan_web::checked::{self, Checked};
use suanpan_web::components::results::{Results, ResultsProps};
use suanpan_web::i18n::Lang;
use suanpan_web::state::View;
use suanpan_web::{App, SAMPLE_NAME, SAMPLE_TEXT};
use yew::Callback;

#[test]
fn first_render_shows_the_sample_text_while_it_is_checked() {
    let html = futures::executor::block_on(yew::LocalServerRenderer::<App>::new().hydratable(false).render());
    assert!(html.contains("算盘"), "{html}");
    // the sample text is in the textarea, and its check is on its way
    assert!(html.contains("独山子区委网络安全和信息化领导小组办公室"));
    assert!(html.contains(r#"data-testid="checking""#), "{html}");
}

#[test]
fn results_show_the_sample_and_its_two_basic_table_errors() {
    let result = Rc::new(Checked::new(checked::check(SAMPLE_NAME, SAMPLE_TEXT)));
    let props = ResultsProps {
        lang: Lang::Zh,
        result: result.clone(),
        view: View::default(),
        busy: false,
        has_text: true,
        opened_report: None,
        on_locate: Callback::noop(),
        on_export: Callback::noop(),
        dispatch: Callback::noop(),
        on_view_page: None,
        can_annotate: false,
    };
    let html = futures::executor::block_on(
        yew::LocalServerRenderer::<Results>::with_props(props)
            .hydratable(false)
            .render(),
    );
    assert!(html.contains(r#"data-testid="count-errors""#));
    assert_eq!(
        html.matches(r#"data-testid="finding""#).count(),
        result.report.findings.len(),
        "{html}"
    );
    assert_eq!(html.matches(r#"data-rule="AR002""#).count(), 2, "{html}");
    assert!(html.contains("30207 邮电费"));
    assert!(html.contains("30228 工会经费"));
    assert!(html.contains("一般公共预算基本支出表"));
    assert!(html.contains("为什么重要"));
}

#[test]
fn the_page_view_lists_a_findings_cells_with_their_pages_and_a_legend() {
    use suanpan::source::{Rect, Source};
    use suanpan_web::components::page_view::{has_page, PageView, PageViewProps};
    let result = checked::check(SAMPLE_NAME, SAMPLE_TEXT);
    let mut f = result
        .report
        .findings
        .iter()
        .find(|f| f.locations.len() >= 2)
        .expect("a finding with cells")
        .clone();
    assert!(!has_page(&f), "typed text has no page");
    for (i, l) in f.locations.iter_mut().enumerate() {
        l.source = Some(Source::Pdf {
            file: None,
            page: 3 + i as u32 % 2,
            rect: Rect {
                x0: 100.0,
                y0: 200.0 + 20.0 * i as f32,
                x1: 150.0,
                y1: 210.0 + 20.0 * i as f32,
            },
            exact: true,
        });
    }
    assert!(has_page(&f));
    let props = PageViewProps {
        lang: Lang::Zh,
        finding: Rc::new(f.clone()),
        render: Callback::noop(),
        on_close: Callback::noop(),
    };
    let html = futures::executor::block_on(
        yew::LocalServerRenderer::<PageView>::with_props(props)
            .hydratable(false)
            .render(),
    );
    assert!(html.contains(r#"data-testid="page-view""#), "{html}");
    assert!(html.contains("原文第 3 页"), "{html}");
    assert!(
        html.contains("报告的合计数") && html.contains("参与计算的分项"),
        "legend: {html}"
    );
    // every cell is listed; the ones on page 4 are buttons that go there
    assert!(html.matches("<li").count() >= 3 + f.locations.len(), "{html}");
    assert!(html.contains("第 4 页"), "{html}");
    // the page is being drawn (the reader answers in the browser)
    assert!(html.contains(r#"data-testid="page-loading""#), "{html}");
}
