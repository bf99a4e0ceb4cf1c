//! Every corpus document end to end: parsed without panic, tables recognised with kind and
//! unit, no false error, and a JSON snapshot of the report (without the long `checks` list,
//! whose counts are in `summary`).

mod common;

use suanpan::model::{TableKind, Unit};
use suanpan::report::{LocationKind, Report, Severity, Status};
use suanpan::{check_text, Options};

fn run(name: &str) -> Report {
    let path = common::corpus_dir().join("text").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    check_text(name, &text, &Options::default())
}

fn kinds(r: &Report) -> Vec<TableKind> {
    r.tables.iter().map(|t| t.kind).collect()
}

fn errors(r: &Report) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.message_zh.clone())
        .collect()
}

#[test]
fn snapshots_of_every_corpus_text() {
    for path in common::files(&common::corpus_dir().join("text"), "txt") {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let mut report = run(&name);
        report.checks.clear();
        let stem = name.trim_end_matches(".txt").trim_end_matches(".layout");
        insta::with_settings!({
            snapshot_path => "snapshots/corpus",
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_json_snapshot!(stem.to_string(), report);
        });
    }
}

#[test]
fn xinjiang_sample() {
    let r = run("xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt");
    use TableKind::*;
    assert_eq!(
        kinds(&r),
        [
            Summary,
            Income,
            Expenditure,
            FiscalSummary,
            GeneralBudgetExpenditure,
            GeneralBudgetBasic,
            ProjectExpenditure,
            ThreePublic
        ]
    );
    assert!(r.tables.iter().all(|t| t.unit == Some(Unit::WanYuan)));
    assert_eq!(r.document.year, Some(2019));
    // the missing 政府性基金 table, which the narrative calls empty
    let missing: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "ST001" && f.severity == Severity::Error)
        .collect();
    assert_eq!(missing.len(), 1);
    assert!(missing[0].message_zh.contains("政府性基金") && missing[0].message_zh.contains("空表"));
    // exactly the two 基本支出表 row defects, located
    let errs: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.rule.starts_with("AR"))
        .collect();
    assert_eq!(errs.len(), 2, "{:#?}", errs);
    for (f, label, total, part) in [
        (errs[0], "邮电费", "3.54", "3.53"),
        (errs[1], "工会经费", "3.93", "3.92"),
    ] {
        assert_eq!(f.rule, "AR002");
        assert!(f.message_zh.contains(label), "{}", f.message_zh);
        let texts: Vec<&str> = f.locations.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, [total, "0.00", part]);
        let cols: Vec<&str> = f.locations.iter().map(|l| l.column_label.as_str()).collect();
        assert!(cols[0].ends_with("小计") && cols[1].ends_with("人员经费") && cols[2].ends_with("公用经费"));
        assert!(f
            .locations
            .iter()
            .all(|l| l.table == 5 && l.line == f.locations[0].line));
    }
    assert_eq!(errs[0].locations[0].line, 238);
    assert_eq!(errs[1].locations[0].line, 243);
    // the sums that do hold are checked and pass: 收支总表, 收入表, 支出表, 301 and 303 groups
    let passes = |needle: &str| {
        r.checks
            .iter()
            .any(|c| c.status == Status::Pass && c.subject_zh.contains(needle))
    };
    assert!(passes("部门收支总体情况表：收入总计 = 支出总计"));
    assert!(passes("部门收入总体情况表「总计」列"));
    assert!(passes("部门支出总体情况表「合计」行"));
    assert!(passes("一般公共预算基本支出情况表「301 工资福利支出」"));
    assert!(passes("一般公共预算基本支出情况表「303 对个人和家庭的补助」"));
    // the table errors: ST001 and the two AR002 rows; the rest are narrative and
    // performance-target findings
    let table_errors: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !f.rule.starts_with("NR") && !f.rule.starts_with("PF"))
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(table_errors, ["ST001", "AR002", "AR002"]);
}

fn rule_messages(r: &Report, rule: &str) -> Vec<(Severity, String)> {
    r.findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.severity, f.message_zh.clone()))
        .collect()
}

fn passed(r: &Report, rule: &str, needle: &str) -> bool {
    r.checks
        .iter()
        .any(|c| c.rule == rule && c.status == Status::Pass && c.subject_zh.contains(needle))
}

#[test]
fn xinjiang_narrative_against_tables() {
    let r = run("xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt");
    // 网络维护费 212.74 in the narrative, 212.75 in 项目支出表 and 绩效目标表: reported once, as
    // an error by PF014 (which names all three sources); NR009 sees the same two places and
    // becomes an info that refers to it
    let project = rule_messages(&r, "NR009");
    assert_eq!(
        project
            .iter()
            .filter(|(s, m)| *s == Severity::Info && m.contains("212.74") && m.contains("212.75"))
            .count(),
        1,
        "{project:#?}"
    );
    let amount_errors: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.message_zh.contains("212.74"))
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(amount_errors, ["PF014"]);
    assert!(project
        .iter()
        .any(|(s, m)| *s == Severity::Warning && m.contains("信息化建设项目")));
    // its allocation 68.11 + 117.63 + 27 = 212.74 agrees with the narrative's own amount
    assert!(passed(&r, "NR008", "网络维护费"));
    // 基本支出 "比减少 33.79" against "比上年执行数增加 71.75"
    let contra = rule_messages(&r, "NR004");
    assert!(
        contra
            .iter()
            .any(|(_, m)| m.contains("33.79") && m.contains("71.75")),
        "{contra:#?}"
    );
    // "增长 0%" on increases from zero
    let change = rule_messages(&r, "NR003");
    let zero: Vec<_> = change
        .iter()
        .filter(|(s, m)| *s == Severity::Error && m.contains("增长0%"))
        .collect();
    assert_eq!(zero.len(), 2, "{change:#?}");
    assert!(zero.iter().any(|(_, m)| m.contains("其他网信事务支出")));
    assert!(zero.iter().any(|(_, m)| m.contains("行政运行")));
    // 实有 10 ≠ 在职 7 + 退休 0 + 离休 0
    let staff = rule_messages(&r, "NR006");
    assert!(staff
        .iter()
        .any(|(s, m)| *s == Severity::Error && m.contains("10") && m.contains("7")));
    // the true statements pass
    let shares: Vec<&str> = r
        .checks
        .iter()
        .filter(|c| c.rule == "NR002" && c.status == Status::Pass)
        .map(|c| c.subject_zh.as_str())
        .collect();
    for pct in ["40.54%", "59.46%", "98.44%", "1.56%"] {
        assert!(shares.iter().any(|s| s.contains(pct)), "{pct}: {shares:#?}");
    }
    assert!(passed(&r, "NR001", "8582060.85元"));
    let rates = r
        .checks
        .iter()
        .filter(|c| c.rule == "NR003" && c.status == Status::Pass)
        .count();
    assert!(rates >= 3, "13.36 下降 35.30%, 25.98%, 机关运行经费 93.00% pass");
    assert!(!change
        .iter()
        .any(|(_, m)| m.contains("35.30") || m.contains("93.00") || m.contains("25.98")));
    // every narrative error is one of the above (NR009's 212.74 is PF014's error)
    let nr_errors = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.rule.starts_with("NR"))
        .count();
    assert_eq!(nr_errors, 3);
}

#[test]
fn shanghai_narrative_against_tables() {
    let real = run("shanghai-putuo-finance-bureau-2024-dept-final.layout.txt");
    // "财政拨款收入支出总计0.3万元" against 2,961.68 in the table
    assert!(rule_messages(&real, "NR001")
        .iter()
        .any(|(s, m)| *s == Severity::Error && m.contains("0.3万元") && m.contains("2,961.68")));
    // 2,106.66 / 2,940.05 = 71.65%, printed 71.73%
    assert!(rule_messages(&real, "NR002")
        .iter()
        .any(|(_, m)| m.contains("71.65%") && m.contains("71.73%")));
    // 完成预算的 0% for items with no budget in the 三公 table
    assert_eq!(rule_messages(&real, "NR005").len(), 2);
    // the display rounding 2,940.06 vs 2,940.05 is not a narrative finding either
    assert!(!real.findings.iter().any(|f| f.message_zh.contains("2,940.06")));

    let planted = run("shanghai-putuo-finance-bureau-2024-dept-final-edited-with-planted-errors.layout.txt");
    // the zero total
    assert!(rule_messages(&planted, "NR001")
        .iter()
        .any(|(_, m)| m.contains("收入支出总计”为 0万元") && m.contains("2,995.39")));
    // the flipped 大于/小于 words and the "等于" between 62.29 and 60.99
    let words = rule_messages(&planted, "NR005");
    assert_eq!(words.len(), 3, "{words:#?}");
    assert!(words
        .iter()
        .any(|(_, m)| m.contains("1560.05") && m.contains("大于")));
    assert!(words
        .iter()
        .any(|(_, m)| m.contains("80.81") && m.contains("大于")));
    assert!(words
        .iter()
        .any(|(_, m)| m.contains("62.29") && m.contains("等于")));
    // the placeholder and the stale years
    let template = rule_messages(&planted, "NR007");
    assert!(template
        .iter()
        .any(|(s, m)| *s == Severity::Warning && m.contains("XX局")));
    assert!(template.iter().any(|(_, m)| m.contains("2023")));

    let wanli = run("shanghai-putuo-wanli-street-2024-dept-budget.layout.txt");
    // 住房公积金 350.35 in the heading, 352.67 in the sentence, 3,503,499 元 in the table
    assert!(rule_messages(&wanli, "NR001")
        .iter()
        .any(|(_, m)| m.contains("352.67")));
    assert!(rule_messages(&wanli, "NR004")
        .iter()
        .any(|(_, m)| m.contains("350.35") && m.contains("352.67")));
    // "比2023年预算执行数增加100.00%" from 0.00: the convention for a new item (info)
    assert!(rule_messages(&wanli, "NR003")
        .iter()
        .any(|(s, m)| *s == Severity::Info && m.contains("100.00%")));

    // the government office's narrative agrees with its tables
    let gov = run("shanghai-putuo-government-office-2025-dept-budget.layout.txt");
    assert!(
        gov.findings.iter().all(|f| !f.rule.starts_with("NR")),
        "{:#?}",
        errors(&gov)
    );
    assert!(
        gov.checks
            .iter()
            .filter(|c| c.rule == "NR001" && c.status == Status::Pass)
            .count()
            >= 20
    );
}

fn located_at(r: &Report, line: u32) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.locations.iter().any(|l| l.line == line))
        .map(|f| format!("{} {}", f.rule, f.message_zh))
        .collect()
}

#[test]
fn xinjiang_performance_targets() {
    let r = run("xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt");
    let projects: Vec<&str> = r
        .performance
        .iter()
        .filter_map(|p| p.project.as_deref())
        .collect();
    assert_eq!(projects, ["网络维护费", "信息化建设项目", "网信专项经费"]);
    assert_eq!(r.performance.iter().map(|p| p.indicators).sum::<usize>(), 36);
    // 网络正常率 <5%, 异常处理率 ≤2% and 考核扣款率 =100% (in two tables) are errors, each with
    // a reason, located at the indicator's line
    let reversed: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "PF006" && f.severity == Severity::Error)
        .collect();
    let got: Vec<(u32, &str)> = reversed
        .iter()
        .map(|f| (f.locations[0].line, f.locations[0].row_label.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (457, "考核扣款率"),
            (461, "异常处理率"),
            (462, "网络正常率"),
            (477, "考核扣款率")
        ]
    );
    for f in &reversed {
        assert!(
            f.message_zh.contains("方向") && (f.message_zh.contains("正向") || f.message_zh.contains("反向"))
        );
        assert!(f.message_en.contains("indicator"));
        assert_eq!(f.locations[0].kind, LocationKind::Performance);
    }
    // the plausible targets are not flagged
    for (line, what) in [
        (469, "用户使用满意度 ≥95%"),
        (483, "视频监控正常率 ≥95%"),
        (487, "重复建设率 ≤0.5%"),
        (466, "重复建设率 <0.5%"),
        (465, "网络共享率 ≥99%"),
        (501, "舆情检测软件金额 ≥70000 元"),
        (505, "办理流量卡网军人数 ≥1700 人"),
        (513, "网军工作满意度 ≥90%"),
    ] {
        assert!(
            located_at(&r, line).is_empty(),
            "{what}: {:#?}",
            located_at(&r, line)
        );
    }
    // 212.75 (项目支出表, 绩效目标表) vs 212.74 (说明): one finding, naming who agrees
    let amount: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.message_zh.contains("212.74") && f.severity != Severity::Info)
        .collect();
    assert_eq!(amount.len(), 1, "{amount:#?}");
    let f = amount[0];
    assert_eq!((f.rule.as_str(), f.severity), ("PF014", Severity::Error));
    assert!(
        f.message_zh.contains("绩效目标表和项目支出表均为 212.75 万元"),
        "{}",
        f.message_zh
    );
    assert!(
        f.message_zh.contains("68.11 + 117.63 + 27 = 212.74"),
        "{}",
        f.message_zh
    );
    assert_eq!(f.likely_wrong.as_ref().map(|l| l.line), Some(382));
    let lines: Vec<u32> = f.locations.iter().map(|l| l.line).collect();
    assert_eq!(lines, [454, 268, 382]);
    // 3 projects / 510.31 万元 passes
    let managed: Vec<_> = r.checks.iter().filter(|c| c.rule == "PF015").collect();
    assert_eq!(managed.len(), 2);
    assert!(managed.iter().all(|c| c.status == Status::Pass));
    // the cost targets fit the 69.56 万元 budget
    assert!(r
        .checks
        .iter()
        .any(|c| c.rule == "PF010" && c.status == Status::Pass && c.subject_zh.contains("舆情检测软件金额")));
}

#[test]
fn xiangtan_performance_targets() {
    let r = run("hunan-xiangtan-sanitation-2023-project-performance-targets.excerpt.txt");
    assert_eq!(r.performance.len(), 1);
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
    let warned = |rule: &str, needle: &str| {
        r.findings
            .iter()
            .any(|f| f.rule == rule && f.severity == Severity::Warning && f.message_zh.contains(needle))
    };
    // the 时效 window past the budget year
    assert!(warned("PF011", "2023.07-2024.01"));
    // the 成本 equal to the whole budget
    assert!(warned("PF010", "等于项目全部预算 250 万元"));
    // the empty 效益 rows
    assert!(warned("PF003", "经济效益指标、生态效益指标、可持续影响指标"));
    // the unquantified 优良
    assert!(warned("PF008", "优良"));
}

#[test]
fn ezhou_cost_breakdown() {
    let r = run("hubei-ezhou-2022-project-performance-targets.excerpt.txt");
    let errs: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].rule, "PF016");
    assert!(
        errs[0]
            .message_zh
            .contains("合计 662.98 ≠ 191 + 99 + 372.88 = 662.88"),
        "{}",
        errs[0].message_zh
    );
}

#[test]
fn shanghai_documents_have_their_nine_tables() {
    for (name, n) in [
        ("shanghai-putuo-finance-bureau-2024-dept-final.layout.txt", 9),
        ("shanghai-putuo-government-office-2025-dept-budget.layout.txt", 9),
        ("shanghai-putuo-wanli-street-2024-dept-budget.layout.txt", 9),
    ] {
        let r = run(name);
        assert_eq!(r.tables.len(), n, "{name}: {:?}", kinds(&r));
        assert!(
            r.tables.iter().all(|t| t.unit.is_some()),
            "{name}: a table without unit"
        );
        // table arithmetic only: the narrative's findings are asserted separately
        let arithmetic: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error && !f.rule.starts_with("NR"))
            .map(|f| f.message_zh.clone())
            .filter(|e| !e.contains("表为空表"))
            .collect();
        assert!(arithmetic.is_empty(), "{name}: false errors {:#?}", arithmetic);
    }
    // 万里街道: the 三公 table prints 47.91 and says it is empty — a real defect
    let wanli = run("shanghai-putuo-wanli-street-2024-dept-budget.layout.txt");
    assert!(wanli.findings.iter().any(|f| f.rule == "ST003"));
    // the edited copy lost its 支出决算表 and the 三公 table's figures (planted defects)
    let planted = run("shanghai-putuo-finance-bureau-2024-dept-final-edited-with-planted-errors.layout.txt");
    assert_eq!(planted.tables.len(), 8);
    let rules: Vec<&str> = planted
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !f.rule.starts_with("NR"))
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(rules, ["ST001", "ST002"], "{:#?}", errors(&planted));
    let budget = run("shanghai-putuo-government-office-2025-dept-budget.layout.txt");
    // 元 tables with a 万元 三公 table in the same document
    assert_eq!(budget.tables[0].unit, Some(Unit::Yuan));
    assert_eq!(budget.tables[8].unit, Some(Unit::WanYuan));
    assert_eq!(budget.tables[8].kind, TableKind::ThreePublic);
}

#[test]
fn shanghai_display_rounding_is_not_an_error() {
    // 2,106.66 + 326.72 + 60.99 + 445.69 = 2,940.06 vs printed 2,940.05
    let r = run("shanghai-putuo-finance-bureau-2024-dept-final.layout.txt");
    let c = r
        .checks
        .iter()
        .find(|c| {
            c.subject_zh
                .starts_with("一般公共预算财政拨款支出决算表「合计」列：合计")
        })
        .expect("the column total of the 一般公共预算 table is checked");
    assert_eq!(c.status, Status::Pass);
    assert_eq!(c.computed.as_ref().unwrap().display, "2,940.06");
}

#[test]
fn jiangsu_documents_as_published() {
    for name in [
        "jiangsu-party-committee-office-2018-dept-budget-tables.layout.txt",
        "jiangsu-party-committee-office-2019-dept-budget-tables.layout.txt",
    ] {
        let r = run(name);
        use TableKind::*;
        assert_eq!(
            kinds(&r),
            [
                Summary,
                Income,
                Expenditure,
                FiscalSummary,
                FiscalExpenditure,
                FiscalBasic,
                GeneralBudgetExpenditure,
                GeneralBudgetBasic,
                ThreePublic,
                GovernmentFund,
                OperatingCost,
                Procurement
            ],
            "{name}"
        );
        assert!(errors(&r).is_empty(), "{name}: {:#?}", errors(&r));
        assert!(r.summary.checks_passed > 20, "{name}");
    }
    // the narrative releases carry no tables (the tables are a separate release)
    for name in [
        "jiangsu-party-committee-office-2017-dept-budget.layout.txt",
        "jiangsu-party-committee-office-2019-dept-budget.layout.txt",
    ] {
        let r = run(name);
        assert!(r.tables.is_empty(), "{name}");
        // no table errors; the narrative's own arithmetic is checked (增长率 against the
        // amounts: 2017 "增长1.66%" is 1.69%, 2019 "增长30%" is 29.15%)
        let errs: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.rule.as_str())
            .collect();
        assert_eq!(errs, ["NR003"], "{name}: {:#?}", errors(&r));
        assert!(r
            .checks
            .iter()
            .any(|c| c.rule == "NR002" && c.status == Status::Pass));
    }
}
