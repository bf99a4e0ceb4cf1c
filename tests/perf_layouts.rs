//! One indicator set rendered in every layout the 绩效 readers know (pasted tab-separated
//! text, a form-style 填报表 with centred merged labels, a wide multi-project table, a form
//! continued on the next page, a 绩效自评表) must read to the same indicators and give the
//! same findings (issue 17).

use suanpan::model::{Document, PerformanceTable};
use suanpan::parse::parse_text;
use suanpan::report::Severity;
use suanpan::{check_document, Options};

/// (一级, 二级, 三级, 指标值): the set every layout prints for 培训项目 (100 万元).
const SET: &[(&str, &str, &str, &str, &str, &str)] = &[
    // (一级, 二级, 三级, comparator, number, unit); a text value has no comparator
    ("产出指标", "数量指标", "培训人次", "≥", "300", "人次"),
    ("产出指标", "质量指标", "培训合格率", "≥", "95", "%"),
    ("产出指标", "时效指标", "完成及时率", "", "及时率", ""),
    ("产出指标", "成本指标", "人均培训成本", "≤", "500", "元"),
    ("效益指标", "社会效益指标", "学员知晓率", "≤", "50", "%"),
    ("满意度指标", "服务对象满意度指标", "学员满意度", "≥", "60", "%"),
];

fn value(r: &(&str, &str, &str, &str, &str, &str)) -> String {
    format!("{}{}{}", r.3, r.4, r.5)
}

/// A line with each cell starting at its column (in characters), at least two spaces apart.
fn place(cells: &[(usize, &str)]) -> String {
    let mut out = String::new();
    for (at, text) in cells {
        if text.is_empty() {
            continue;
        }
        let n = out.chars().count();
        if n < *at {
            out.push_str(&" ".repeat(at - n));
        } else if n > 0 {
            out.push_str("  ");
        }
        out.push_str(text);
    }
    out
}

fn pasted() -> String {
    let mut s = String::from(
        "## 项目支出绩效目标表\n\n预算单位\t某局\t项目名称\t培训项目\n项目资金（万元）\t年度资金总额：\t100.00\t其中：财政拨款\t100.00\t其他资金\t0\n一级指标\t二级指标\t三级指标\t指标值\n",
    );
    let mut last = "";
    for r in SET {
        let l1 = if r.0 == last { "" } else { r.0 };
        last = r.0;
        s.push_str(&format!("{l1}\t{}\t{}\t{}\n", r.1, r.2, value(r)));
    }
    s
}

const FORM_COLS: [usize; 4] = [1, 13, 33, 49];

fn form_head(title: &str) -> Vec<String> {
    vec![
        format!("{}{title}", " ".repeat(20)),
        place(&[(3, "项目名称"), (15, "培训项目"), (40, "主管部门"), (52, "某局")]),
        place(&[
            (3, "项目资金（万元）"),
            (21, "年度资金总额："),
            (37, "100.00"),
            (46, "其中：财政拨款"),
            (62, "100.00"),
            (71, "其他资金"),
            (81, "0.00"),
        ]),
        String::new(),
        place(&[
            (1, "一级指标"),
            (13, "二级指标"),
            (33, "三级指标"),
            (49, "年度(/项目)指标值"),
        ]),
    ]
}

/// Rows with each 一级 label centred on its group, as a PDF prints a merged cell: on the
/// middle row of an odd group, on a line of its own between the two middle rows of an even one.
fn form_rows(rows: &[&(&str, &str, &str, &str, &str, &str)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j < rows.len() && rows[j].0 == rows[i].0 {
            j += 1;
        }
        let n = j - i;
        let mid = i + (n - 1) / 2;
        for (k, r) in rows.iter().enumerate().take(j).skip(i) {
            let l1 = if k == mid && n % 2 == 1 { r.0 } else { "" };
            let v = value(r);
            out.push(place(&[
                (FORM_COLS[0], l1),
                (FORM_COLS[1], r.1),
                (FORM_COLS[2], r.2),
                (FORM_COLS[3], &v),
            ]));
            if k == mid && n % 2 == 0 {
                out.push(place(&[(FORM_COLS[0], r.0)]));
            }
        }
        i = j;
    }
    out
}

fn form() -> String {
    let rows: Vec<_> = SET.iter().collect();
    let mut l = form_head("财政项目支出绩效目标填报表");
    l.extend(form_rows(&rows));
    l.join("\n") + "\n"
}

fn continued() -> String {
    let rows: Vec<_> = SET.iter().collect();
    let mut l = form_head("财政项目支出绩效目标填报表");
    l.extend(form_rows(&rows[..2]));
    l.push(String::new());
    l.push(format!("{}—  12  —", " ".repeat(30)));
    l.push(format!("{}财政项目支出绩效目标填报表", " ".repeat(20)));
    l.push(format!("{}（2023年度）", " ".repeat(24)));
    l.push(String::new());
    l.extend(form_rows(&rows[2..]));
    l.join("\n") + "\n"
}

/// Two projects in one wide table; 培训项目's cells are centred over its rows.
fn wide() -> String {
    let cols = [1usize, 17, 29, 49, 61, 79, 95, 102, 110];
    let mut l = vec![
        format!("{}预算12表 项目支出绩效目标表", " ".repeat(40)),
        format!("{}金额单位：万元", " ".repeat(100)),
        place(&[
            (cols[0], "项目名称"),
            (cols[1], "项目总额"),
            (cols[2], "绩效目标"),
            (cols[3], "一级指标"),
            (cols[4], "二级指标"),
            (cols[5], "三级指标"),
            (cols[6], "指标性质"),
            (cols[7], "指标值"),
            (cols[8], "度量单位"),
        ]),
        String::new(),
    ];
    let row = |r: &(&str, &str, &str, &str, &str, &str), project: &str, funds: &str, goal: &str| {
        let op = if r.3.is_empty() { "定性" } else { r.3 };
        place(&[
            (cols[0], project),
            (cols[1], funds),
            (cols[2], goal),
            (cols[3], r.0),
            (cols[4], r.1),
            (cols[5], r.2),
            (cols[6], op),
            (cols[7], r.4),
            (cols[8], r.5),
        ])
    };
    let other: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("产出指标", "数量指标", "印刷册数", "＝", "900", "册"),
        ("产出指标", "时效指标", "印刷频率", "＝", "4", "期/年"),
        ("效益指标", "社会效益指标", "交流成果", "", "优", ""),
    ];
    for (k, r) in other.iter().enumerate() {
        let (p, f) = if k == 1 {
            ("审计杂志", "17.398000")
        } else {
            ("", "")
        };
        l.push(row(r, p, f, if k == 1 { "宣传审计成果" } else { "" }));
        l.push(String::new());
    }
    // 培训项目: six rows; an even group, so its cells are centred between the third and the
    // fourth row, on the lines between rows, the goal wrapped above and below the name
    for (k, r) in SET.iter().enumerate() {
        l.push(row(r, "", "", ""));
        l.push(match k {
            1 => place(&[(cols[2], "提高干部业务")]),
            2 => place(&[
                (cols[0], "培训项目"),
                (cols[1], "100.000000"),
                (cols[2], "能力，完成年"),
            ]),
            3 => place(&[(cols[2], "度培训任务。")]),
            _ => String::new(),
        });
    }
    l.join("\n") + "\n"
}

/// The wide template of 单位编码 | 单位（项目）名称 | 资金总额 | 绩效目标 | 一级 | 二级 | 三级 | 指标值 |
/// 指标值内容 | 评（扣）分标准 | 度量单位 | 指标值类型: one project over six rows, a qualitative
/// value given in 指标值内容 only.
fn wide_with_unit_code() -> String {
    let cols = [1usize, 10, 24, 34, 48, 60, 78, 92, 100, 116, 130, 138];
    let head = [
        "单位编码",
        "单位（项目）名称",
        "资金总额",
        "绩效目标",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "指标值内容",
        "评（扣）分标准",
        "度量单位",
        "指标值类型",
    ];
    let mut l = vec![
        format!("{}项目支出绩效目标表", " ".repeat(50)),
        format!("{}单位：万元", " ".repeat(120)),
        place(&cols.iter().copied().zip(head).collect::<Vec<_>>()),
        String::new(),
    ];
    for (k, r) in SET.iter().enumerate() {
        let number = if r.3.is_empty() {
            String::new()
        } else {
            format!("{}{}", r.3, r.4)
        };
        let words = if r.3.is_empty() {
            r.4.to_string()
        } else {
            format!("{}达到{}{}", r.2, r.4, r.5)
        };
        let kind = if r.3.is_empty() { "定性" } else { "定量" };
        l.push(place(&[
            (cols[4], r.0),
            (cols[5], r.1),
            (cols[6], r.2),
            (cols[7], &number),
            (cols[8], &words),
            (cols[9], "完成得满分"),
            (cols[10], r.5),
            (cols[11], kind),
        ]));
        l.push(if k == 2 {
            place(&[
                (cols[0], "101001"),
                (cols[1], "培训项目"),
                (cols[2], "100.00"),
                (cols[3], "完成年度培训"),
            ])
        } else {
            String::new()
        });
    }
    l.join("\n") + "\n"
}

fn self_evaluation() -> String {
    let cols = [1usize, 13, 33, 49, 63, 77, 85, 93];
    let mut l = vec![
        format!("{}2023年度项目支出绩效自评表", " ".repeat(20)),
        place(&[(3, "项目名称"), (15, "培训项目"), (40, "主管部门"), (52, "某局")]),
        place(&[
            (3, "项目资金（万元）"),
            (21, "年度资金总额："),
            (37, "100.00"),
            (46, "其中：财政拨款"),
            (62, "100.00"),
            (71, "其他资金"),
            (81, "0.00"),
        ]),
        String::new(),
        place(&[
            (cols[0], "一级指标"),
            (cols[1], "二级指标"),
            (cols[2], "三级指标"),
            (cols[3], "年度指标值"),
            (cols[4], "实际完成值"),
            (cols[5], "分值"),
            (cols[6], "得分"),
            (cols[7], "偏差原因"),
        ]),
    ];
    let mut last = "";
    for r in SET {
        let l1 = if r.0 == last { "" } else { r.0 };
        last = r.0;
        let v = value(r);
        let actual = if r.4 == "及时率" { "及时" } else { r.4 };
        l.push(place(&[
            (cols[0], l1),
            (cols[1], r.1),
            (cols[2], r.2),
            (cols[3], &v),
            (cols[4], actual),
            (cols[5], "10"),
            (cols[6], "10"),
        ]));
    }
    l.push(place(&[(cols[0], "合计"), (cols[5], "60"), (cols[6], "60")]));
    l.join("\n") + "\n"
}

/// The self-evaluation as copied from a spreadsheet: tab-separated cells.
fn pasted_self_evaluation() -> String {
    let mut s = String::from(
        "## 2023年度项目支出绩效自评表\n\n项目名称\t培训项目\t主管部门\t某局\n项目资金（万元）\t年度资金总额：\t100.00\t其中：财政拨款\t100.00\t其他资金\t0.00\n一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n",
    );
    let mut last = "";
    for r in SET {
        let l1 = if r.0 == last { "" } else { r.0 };
        last = r.0;
        let actual = if r.4 == "及时率" { "及时" } else { r.4 };
        s.push_str(&format!(
            "{l1}\t{}\t{}\t{}\t{actual}\t10\t10\t\n",
            r.1,
            r.2,
            value(r)
        ));
    }
    s.push_str("合计\t\t\t\t\t60\t60\t\n");
    s
}

fn training(doc: &Document) -> &PerformanceTable {
    doc.performance
        .iter()
        .find(|p| p.project.as_deref() == Some("培训项目"))
        .unwrap_or_else(|| panic!("培训项目 not read: {:#?}", doc.performance))
}

fn indicators(pt: &PerformanceTable) -> Vec<(String, String, String, String)> {
    pt.indicators
        .iter()
        .map(|i| {
            (
                i.level1.clone(),
                i.level2.clone(),
                i.level3.clone(),
                i.value.clone(),
            )
        })
        .collect()
}

/// The target findings about 培训项目, as (rule, severity, message) with the table's kind
/// word made alike.
fn findings(name: &str, text: &str) -> Vec<(String, Severity, String)> {
    let doc = parse_text(text);
    let report = check_document(name, &doc, &Options::default());
    let mut out: Vec<(String, Severity, String)> = report
        .findings
        .iter()
        .filter(|f| {
            f.rule.starts_with("PF") && f.rule.as_str() <= "PF017" && f.message_zh.contains("「培训项目」")
        })
        .filter(|f| !matches!(f.rule.as_str(), "PF013" | "PF015"))
        .map(|f| {
            (
                f.rule.clone(),
                f.severity,
                f.message_zh.replace("绩效自评表", "绩效目标表"),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.0, &a.2).cmp(&(&b.0, &b.2)));
    out
}

#[test]
fn one_indicator_set_reads_alike_in_every_layout() {
    let want: Vec<(String, String, String, String)> = SET
        .iter()
        .map(|r| (r.0.to_string(), r.1.to_string(), r.2.to_string(), value(r)))
        .collect();
    let layouts = [
        ("pasted", pasted()),
        ("form", form()),
        ("continued", continued()),
        ("wide", wide()),
        ("wide with 单位编码", wide_with_unit_code()),
        ("self-evaluation", self_evaluation()),
        ("pasted self-evaluation", pasted_self_evaluation()),
    ];
    let base = findings("pasted", &layouts[0].1);
    assert!(
        base.iter().any(|f| f.0 == "PF006" && f.1 == Severity::Error),
        "the set holds a reversed target: {base:#?}"
    );
    assert!(
        base.iter().any(|f| f.0 == "PF017"),
        "and an unquantified one: {base:#?}"
    );
    for (name, text) in &layouts {
        let doc = parse_text(text);
        let pt = training(&doc);
        assert_eq!(indicators(pt), want, "{name}:\n{text}");
        assert_eq!(
            pt.total_funds.as_deref().map(|f| f.trim_end_matches('0')),
            Some("100."),
            "{name}"
        );
        assert_eq!(findings(name, text), base, "{name}:\n{text}");
    }
    // the wide table's other project keeps its own rows
    let doc = parse_text(&layouts[3].1);
    assert_eq!(layouts[3].0, "wide");
    let other = doc
        .performance
        .iter()
        .find(|p| p.project.as_deref() == Some("审计杂志"))
        .expect("the other project");
    assert_eq!(other.indicators.len(), 3);
    // the self-evaluations read their columns, laid out by spaces or by tabs
    for k in [5, 6] {
        let doc = parse_text(&layouts[k].1);
        let pt = training(&doc);
        let e = pt.indicators[0].evaluation.as_ref().expect("evaluation");
        assert_eq!(
            (e.actual.as_deref(), e.weight.as_deref(), e.score.as_deref()),
            (Some("300"), Some("10"), Some("10")),
            "{}",
            layouts[k].0
        );
        assert_eq!(
            pt.total_score.as_ref().map(|t| (t.0.as_str(), t.1.as_str())),
            Some(("60", "60")),
            "{}",
            layouts[k].0
        );
    }
}
