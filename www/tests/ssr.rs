//! Native tests: render the whole app to HTML on the server side (no browser) and check
//! that the sample's findings are on the first page a visitor sees.
#![cfg(not(target_arch = "wasm32"))]

use suanpan_web::App;

fn render_app() -> String {
    futures::executor::block_on(yew::LocalServerRenderer::<App>::new().hydratable(false).render())
}

#[test]
fn first_visit_shows_the_sample_and_its_two_basic_table_errors() {
    let html = render_app();
    assert!(html.contains("算盘"), "{html}");
    assert!(html.contains(r#"data-testid="count-errors""#));
    let report = suanpan_web::services::checker::check(suanpan_web::SAMPLE_NAME, suanpan_web::SAMPLE_TEXT);
    assert_eq!(
        html.matches(r#"data-testid="finding""#).count(),
        report.findings.len(),
        "{html}"
    );
    assert_eq!(html.matches(r#"data-rule="AR002""#).count(), 2, "{html}");
    assert!(html.contains("30207 邮电费"));
    assert!(html.contains("30228 工会经费"));
    assert!(html.contains("AR002"));
    assert!(html.contains("一般公共预算基本支出表"));
    // the sample text is in the textarea
    assert!(html.contains("独山子区委网络安全和信息化领导小组办公室"));
}
