use std::fmt::Write;

use super::{escape, kind_line, Lang};
use crate::report::{Report, Severity};

/// The human report (CLI output and snapshot tests). Control characters from the document
/// are shown as escapes (`escape::text`), the file name on one line (`escape::line`).
pub fn text(report: &Report, lang: Lang) -> String {
    let mut o = String::new();
    let s = &report.summary;
    let zh = lang == Lang::Zh;
    let _ = writeln!(
        o,
        "{} — {}",
        escape::line(&report.document.source),
        kind_line(report, lang)
    );
    if zh {
        let _ = writeln!(o, "识别表格 {} 张：", report.tables.len());
    } else {
        let _ = writeln!(o, "{} table(s) recognised:", report.tables.len());
    }
    for t in &report.tables {
        let unit = t
            .unit
            .map(|u| u.label())
            .unwrap_or(if zh { "未注明单位" } else { "no unit" });
        let empty = if t.empty_note.is_some() {
            if zh {
                "，空表（有说明）"
            } else {
                ", empty (stated)"
            }
        } else {
            ""
        };
        let unreliable = if t.reliable {
            ""
        } else if zh {
            "，部分行对齐不确定"
        } else {
            ", some rows uncertain"
        };
        if zh {
            let _ = writeln!(
                o,
                "  表{} {}（{}）：{}，{} 行{}{}",
                t.id + 1,
                t.kind_zh,
                t.title,
                unit,
                t.rows,
                empty,
                unreliable
            );
        } else {
            let _ = writeln!(
                o,
                "  T{} {:?} ({}): {}, {} rows{}{}",
                t.id + 1,
                t.kind,
                t.title,
                unit,
                t.rows,
                empty,
                unreliable
            );
        }
    }
    if !report.units.is_empty() {
        let list: Vec<String> = report
            .units
            .iter()
            .enumerate()
            .map(|(k, u)| {
                let name = u.name.clone().unwrap_or_else(|| {
                    if zh {
                        format!("第 {} 个单位", k + 1)
                    } else {
                        format!("unit {}", k + 1)
                    }
                });
                if zh {
                    format!("{name}（表{}–表{}）", u.first + 1, u.end)
                } else {
                    format!("{name} (T{}–T{})", u.first + 1, u.end)
                }
            })
            .collect();
        if zh {
            let _ = writeln!(
                o,
                "本文件包含 {} 个单位的表格，逐个单位核对：{}",
                report.units.len(),
                list.join("、")
            );
        } else {
            let _ = writeln!(
                o,
                "this file holds the tables of {} units, each checked on its own: {}",
                report.units.len(),
                list.join(", ")
            );
        }
    }
    if !report.performance.is_empty() {
        if zh {
            let _ = writeln!(o, "识别项目支出绩效目标表 {} 张：", report.performance.len());
        } else {
            let _ = writeln!(
                o,
                "{} performance-target table(s) recognised:",
                report.performance.len()
            );
        }
    }
    for p in &report.performance {
        let project = match (p.project.as_deref(), p.kind.as_deref()) {
            (Some(name), Some("self-evaluation")) if zh => format!("{name}（绩效自评）"),
            (Some(name), Some("self-evaluation")) => format!("{name} (self-evaluation)"),
            (Some(name), _) => name.to_string(),
            (None, Some("department")) if zh => "（部门整体）".to_string(),
            (None, Some("department")) => "(department as a whole)".to_string(),
            (None, _) if zh => "（未注明项目）".to_string(),
            (None, _) => "(no project)".to_string(),
        };
        let funds = p.funds.as_deref().unwrap_or("—");
        let generation = match p
            .generation
            .as_deref()
            .and_then(crate::perf::Generation::from_code)
        {
            Some(g) if zh => g.label_zh(),
            Some(g) => g.label_en(),
            None if zh => "模板未判定",
            None => "template unknown",
        };
        if zh {
            let _ = writeln!(
                o,
                "  目标表{} {}（L{}）：{}，资金 {}，指标 {} 个，可分类 {}，方向可判 {}，空类别 {}",
                p.id + 1,
                project,
                p.line,
                generation,
                funds,
                p.indicators,
                p.classified,
                p.directed,
                p.placeholders
            );
        } else {
            let _ = writeln!(
                o,
                "  P{} {} (L{}): {}, funds {}, {} indicators, {} classified, {} with a direction, {} empty groups",
                p.id + 1,
                project,
                p.line,
                generation,
                funds,
                p.indicators,
                p.classified,
                p.directed,
                p.placeholders
            );
        }
    }
    for i in &report.parse_issues {
        let msg = if zh { &i.message_zh } else { &i.message_en };
        let _ = writeln!(o, "  [{}] L{}: {}", i.code, i.line, msg);
    }
    if zh {
        let _ = writeln!(
            o,
            "结果：{} 个错误，{} 个警告，{} 个提示；核对 {} 项：通过 {}，不通过 {}，未核对 {}",
            s.errors,
            s.warnings,
            s.infos,
            s.checks_passed + s.checks_failed + s.checks_not_checked,
            s.checks_passed,
            s.checks_failed,
            s.checks_not_checked
        );
    } else {
        let _ = writeln!(
            o,
            "Result: {} error(s), {} warning(s), {} info; {} checks: {} passed, {} failed, {} not checked",
            s.errors,
            s.warnings,
            s.infos,
            s.checks_passed + s.checks_failed + s.checks_not_checked,
            s.checks_passed,
            s.checks_failed,
            s.checks_not_checked
        );
    }
    for f in &report.findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let msg = if zh { &f.message_zh } else { &f.message_en };
        let _ = writeln!(o, "\n{}[{}] {}: {}", sev, f.rule, f.name, msg);
        if let Some(a) = &f.arithmetic {
            let _ = writeln!(o, "   = {a}");
        }
        if let Some(a) = if zh { &f.attribution_zh } else { &f.attribution_en } {
            let _ = writeln!(o, "   {} {a}", if zh { "判断：" } else { "note:" });
        }
        for l in &f.locations {
            if l.kind == crate::report::LocationKind::Text {
                let _ = writeln!(
                    o,
                    "  --> {} {} · {} ：{}",
                    if zh { "说明" } else { "text" },
                    super::place(l, lang),
                    l.row_label,
                    l.text
                );
                continue;
            }
            let role = match (l.role.as_str(), zh) {
                ("total", true) => "合计",
                ("total", false) => "total",
                ("indicator", true) => "指标",
                ("indicator", false) => "indicator",
                ("source", true) => "来源",
                ("source", false) => "source",
                ("funds", true) => "资金",
                ("funds", false) => "funds",
                ("table", true) => "表格",
                ("table", false) => "table",
                (_, true) => "分项",
                (_, false) => "part",
            };
            let text = if l.text.is_empty() {
                if zh {
                    "（空）"
                } else {
                    "(blank)"
                }
            } else {
                &l.text
            };
            let _ = writeln!(
                o,
                "  --> {} {} · {} · {} = {}",
                role,
                super::place(l, lang),
                l.row_label,
                l.column_label,
                text
            );
        }
    }
    escape::text(&o).into_owned()
}
