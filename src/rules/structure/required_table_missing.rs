use crate::model::{DocKind, TableKind};
use crate::parse::normalize::squeeze;
use crate::report::Severity;
use crate::rules::{Context, Sink};

crate::declare_rule! {
    /// ## What it checks
    /// 部门预算公开必须包含 8 张表（财预〔2016〕143号：收支总表、收入总表、支出总表、财政拨款收支总表、
    /// 一般公共预算支出表、一般公共预算基本支出表、“三公”经费支出表、政府性基金预算支出表），部门决算
    /// 公开为 9 张（另加国有资本经营预算财政拨款支出决算表）。没有数据的表也要公开空表并说明。
    /// Every table the template requires is present (an empty table is published with its
    /// statement).
    ///
    /// ## Why it matters
    /// 缺表是专项检查中“完整性”问题的第一项：公众无法核对缺失部分的收支。
    ///
    /// ## Example
    /// `tests/fixtures/rules/required-table-missing/fail_no_government_fund_table.md`: the
    /// narrative says the 政府性基金预算支出表 is empty, but the table itself is not published.
    ///
    /// ## Known limitations
    /// Tables are recognised by title. A document with no table at all (a narrative-only
    /// release whose tables were published separately) gets one warning instead of one error
    /// per table; a text holding only 项目支出绩效目标表 (published on their own) is not
    /// checked. 国有资本经营预算支出表 is required for 决算 and only recommended (warning) for
    /// 预算. Regional extra tables are never required.
    pub static REQUIRED_TABLE_MISSING = {
        code: "ST001",
        name: "required-table-missing",
        title_zh: "缺少必须公开的表格",
        title_en: "A required table is missing",
        family: Structure,
        severity: Error,
        tables: &[],
        basis: &["财预〔2016〕143号《地方预决算公开操作规程》：部门预决算公开表格及空表说明"],
        since: "0.1.0",
        check: check,
    };
}

fn required(kind: DocKind, year: Option<u16>) -> Vec<(TableKind, Severity)> {
    use TableKind::*;
    let mut v = vec![
        (Summary, Severity::Error),
        (Income, Severity::Error),
        (Expenditure, Severity::Error),
        (FiscalSummary, Severity::Error),
        (GeneralBudgetExpenditure, Severity::Error),
        (GeneralBudgetBasic, Severity::Error),
        (ThreePublic, Severity::Error),
        (GovernmentFund, Severity::Error),
    ];
    match kind {
        DocKind::FinalAccount => v.push((StateCapital, Severity::Error)),
        // the 国有资本经营 table joined the budget set in the 2020s templates
        _ if year.is_some_and(|y| y >= 2020) => v.push((StateCapital, Severity::Warning)),
        _ => {}
    }
    v
}

/// What the narrative says about a table kind, when it mentions it as empty.
fn narrative_says_empty(ctx: &Context<'_>, kind: TableKind) -> Option<String> {
    let key = match kind {
        TableKind::GovernmentFund => "政府性基金",
        TableKind::StateCapital => "国有资本经营",
        TableKind::ThreePublic => "三公",
        _ => return None,
    };
    for s in &ctx.doc.sections {
        for p in &s.paragraphs {
            let t = squeeze(&p.text);
            if t.contains(key) && (t.contains("空表") || t.contains("为空")) {
                return Some(format!("第 {} 行", p.line));
            }
        }
    }
    None
}

fn check(ctx: &Context<'_>, out: &mut Sink) {
    let rule = &REQUIRED_TABLE_MISSING;
    let doc = ctx.doc;
    if doc.tables.is_empty() && !doc.performance.is_empty() {
        // a stand-alone 项目支出绩效目标表 (published apart from the department's tables)
        out.not_checked(
            rule,
            ("必须公开的表格".into(), "required tables".into()),
            (
                "文中只有项目支出绩效目标表，是单独公开的绩效目标，不核对部门预算表格".into(),
                "the text holds only performance-target tables, published on their own; the department tables are not checked".into(),
            ),
        );
        return;
    }
    if doc.tables.is_empty() {
        out.fail(
            rule,
            Severity::Warning,
            ("必须公开的表格".into(), "required tables".into()),
            (
                "文中没有识别到任何公开表格；若表格另行发布，请一并载入核对".into(),
                "no disclosure table found in the text; if the tables were published separately, load them too".into(),
            ),
            Vec::new(),
        );
        return;
    }
    // the three base tables are what every template shares; with fewer than three tables
    // found we are probably looking at an excerpt
    let kind = doc.kind;
    let (word_zh, word_en) = match kind {
        DocKind::FinalAccount => ("决算", "final-account"),
        _ => ("预算", "budget"),
    };
    let final_account = kind == DocKind::FinalAccount;
    for (want, severity) in required(kind, doc.year) {
        let name = want.template_name(final_account);
        // Jiangsu publishes 财政拨款支出表/基本支出表 beside the 一般公共预算 ones; either counts
        let present = doc.tables.iter().any(|t| t.kind == want);
        let subject = (
            format!("部门{word_zh}公开表格：{name}"),
            format!("{word_en} disclosure tables: {}", want.label_en()),
        );
        if present {
            out.pass(rule, subject, Vec::new());
            continue;
        }
        let (note_zh, note_en) = match narrative_says_empty(ctx, want) {
            Some(at) => (
                format!("；情况说明（{at}）称该表为空表，但空表本身也应公开"),
                format!("; the narrative ({at}) calls it an empty table, but an empty table must still be published"),
            ),
            None => (String::new(), String::new()),
        };
        out.fail(
            rule,
            severity,
            subject,
            (
                format!("缺少{name}{note_zh}"),
                format!("the {} is missing{note_en}", want.label_en()),
            ),
            Vec::new(),
        );
    }
}
