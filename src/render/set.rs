//! A document set's report ([`SetReport`]): the summary table as text, CSV and JSON.

use std::fmt::Write as _;

use super::escape;
use super::Lang;
use crate::model::DocKind;
use crate::set::{edition_name, Row, SetReport};

/// 预算 / 决算, or budget / final.
pub fn kind_label(k: DocKind, lang: Lang) -> &'static str {
    match (lang, k) {
        (Lang::Zh, k) => k.label_zh(),
        (Lang::En, DocKind::Budget) => "budget",
        (Lang::En, DocKind::FinalAccount) => "final",
        (Lang::En, DocKind::Unknown) => "?",
    }
}

/// The name a row is shown by: "department / unit", the unit, the department, or "?".
pub fn row_name(r: &Row) -> String {
    let id = &r.identity;
    match (&id.unit, &id.department) {
        (Some(u), Some(d)) if u != d => format!("{d} / {u}"),
        (Some(u), _) => u.clone(),
        (None, Some(d)) => d.clone(),
        (None, None) => "?".into(),
    }
}

/// Stable, pretty JSON of a set's report.
pub fn set_json(set: &SetReport) -> String {
    serde_json::to_string_pretty(set).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One CSV row per document (then one per edition of two files checked as one), with a
/// header; every field escaped for a spreadsheet ([`escape::csv_field`]).
pub fn set_csv(set: &SetReport) -> String {
    let mut o = String::from(
        "file,department,unit,level,year,kind,parts,tables,errors,warnings,infos,not_checked,fully_checked\n",
    );
    for r in set.documents.iter().chain(&set.combined) {
        let id = &r.identity;
        let fields = [
            r.file.clone(),
            id.department.clone().unwrap_or_default(),
            id.unit.clone().unwrap_or_default(),
            format!("{:?}", id.level).to_lowercase(),
            id.year.map(|y| y.to_string()).unwrap_or_default(),
            kind_label(id.kind, Lang::En).to_string(),
            format!("{:?}", id.parts).to_lowercase(),
            id.tables.to_string(),
            r.errors.to_string(),
            r.warnings.to_string(),
            r.infos.to_string(),
            r.not_checked.to_string(),
            (!r.cut).to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| escape::csv_field(f)).collect();
        o.push_str(&line.join(","));
        o.push('\n');
    }
    o
}

/// One CSV row per cross-document finding: rule, severity, both documents, the message.
pub fn set_findings_csv(set: &SetReport) -> String {
    let mut o = String::from("rule,severity,document,other_document,message_zh,message_en,arithmetic\n");
    for f in &set.findings {
        let doc = |i: usize| f.locations.get(i).map(|l| l.document.clone()).unwrap_or_default();
        let other = f
            .locations
            .iter()
            .map(|l| l.document.as_str())
            .find(|d| *d != doc(0))
            .unwrap_or_default()
            .to_string();
        let fields = [
            f.rule.clone(),
            f.severity.label_en().to_string(),
            doc(0),
            other,
            f.message_zh.clone(),
            f.message_en.clone(),
            f.arithmetic.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| escape::csv_field(f)).collect();
        o.push_str(&line.join(","));
        o.push('\n');
    }
    o
}

/// The set as text: one line per document, the groups, the cross-document findings, totals.
/// Names from documents and files are escaped ([`escape::line`]).
pub fn set_text(set: &SetReport, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut o = String::new();
    let row = |o: &mut String, r: &Row| {
        let id = &r.identity;
        let _ = writeln!(
            o,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}{}",
            escape::line(&r.file),
            escape::line(&row_name(r)),
            id.year.map(|y| y.to_string()).unwrap_or_else(|| "?".into()),
            if zh {
                format!("{}{}", id.level.label_zh(), kind_label(id.kind, lang))
            } else {
                format!(
                    "{} {}",
                    format!("{:?}", id.level).to_lowercase(),
                    kind_label(id.kind, lang)
                )
            },
            if zh {
                id.parts.label_zh().to_string()
            } else {
                format!("{:?}", id.parts).to_lowercase()
            },
            id.tables,
            r.errors,
            r.warnings,
            r.not_checked,
            if r.cut {
                if zh {
                    "\t（未完整核对）"
                } else {
                    "\t(not fully checked)"
                }
            } else {
                ""
            },
        );
    };
    o.push_str(if zh {
        "文件\t部门/单位\t年度\t类别\t部分\t表格\t错误\t警告\t未核对\n"
    } else {
        "file\tdepartment/unit\tyear\tkind\tparts\ttables\terrors\twarnings\tnot checked\n"
    });
    for r in &set.documents {
        row(&mut o, r);
    }
    let files: Vec<&str> = set.documents.iter().map(|r| r.file.as_str()).collect();
    let g = &set.groups;
    if !set.combined.is_empty() {
        o.push_str(if zh {
            "\n说明与表格分开发布，合并核对：\n"
        } else {
            "\nNarrative and tables published separately, checked as one:\n"
        });
        for r in &set.combined {
            row(&mut o, r);
        }
    }
    if !g.series.is_empty() {
        o.push_str(if zh {
            "\n同一部门的多个年度：\n"
        } else {
            "\nYears of one department:\n"
        });
        for s in &g.series {
            let Some(first) = s.first().map(|&i| &g.editions[i]) else {
                continue;
            };
            let years: Vec<String> = s
                .iter()
                .map(|&i| {
                    let e = &g.editions[i];
                    format!("{}{}", e.year, kind_label(e.kind, lang))
                })
                .collect();
            let _ = writeln!(o, "  {}：{}", escape::line(&first.name), years.join("、"));
        }
    }
    if !g.families.is_empty() {
        o.push_str(if zh {
            "\n部门与所属单位：\n"
        } else {
            "\nDepartments and their units:\n"
        });
        for (d, units) in &g.families {
            let units: Vec<String> = units
                .iter()
                .map(|&u| edition_name(&g.editions[u], &files))
                .collect();
            let _ = writeln!(
                o,
                "  {} ← {}",
                escape::line(&edition_name(&g.editions[*d], &files)),
                escape::line(&units.join("; "))
            );
        }
    }
    if !g.ungrouped.is_empty() {
        o.push_str(if zh {
            "\n未能归组：\n"
        } else {
            "\nNot grouped:\n"
        });
        for u in &g.ungrouped {
            let _ = writeln!(
                o,
                "  {}：{}",
                escape::line(files.get(u.file).copied().unwrap_or("?")),
                if zh { &u.reason_zh } else { &u.reason_en }
            );
        }
    }
    for y in &set.years {
        let years: Vec<String> = y.years.iter().map(u16::to_string).collect();
        let _ = writeln!(
            o,
            "\n{}{}：{}",
            escape::line(&y.name),
            if zh {
                format!(" {}年度对比", kind_label(y.kind, lang))
            } else {
                format!(" year over year ({})", kind_label(y.kind, lang))
            },
            years.join(" / ")
        );
        for r in &y.rows {
            let cells: Vec<String> = (0..y.years.len())
                .map(|i| {
                    let mut c = r.values[i].clone().unwrap_or_else(|| "—".into());
                    let computed = r.computed[i].map(crate::set::show_change);
                    let stated = r.stated[i].as_ref().map(|(_, w)| w.clone());
                    if computed.is_some() || stated.is_some() {
                        let computed = computed.unwrap_or_else(|| "—".into());
                        let stated = stated.unwrap_or_else(|| "—".into());
                        c.push_str(&if zh {
                            format!("（表格 {computed}，说明 {stated}）")
                        } else {
                            format!(" (tables {computed}, narrative {stated})")
                        });
                    }
                    c
                })
                .collect();
            let _ = writeln!(o, "  {}：{}", r.label_zh, escape::line(&cells.join(" → ")));
        }
    }
    o.push_str(if zh {
        "\n跨文件核对：\n"
    } else {
        "\nAcross documents:\n"
    });
    if set.findings.is_empty() {
        o.push_str(if zh {
            "  未发现问题\n"
        } else {
            "  no finding\n"
        });
    }
    for f in &set.findings {
        let _ = writeln!(
            o,
            "  [{}] {} {}",
            if zh {
                f.severity.label_zh()
            } else {
                f.severity.label_en()
            },
            f.rule,
            escape::text(if zh { &f.message_zh } else { &f.message_en })
        );
        if let Some(a) = &f.arithmetic {
            let _ = writeln!(o, "      {}", escape::text(a));
        }
        for l in &f.locations {
            let _ = writeln!(
                o,
                "      {} {} {}",
                escape::line(&l.document),
                if zh {
                    format!("第 {} 行", l.location.line)
                } else {
                    format!("line {}", l.location.line)
                },
                escape::line(&l.location.text)
            );
        }
    }
    let (files_n, editions_n) = (set.documents.len(), g.editions.len());
    let passed = set.status(crate::report::Status::Pass);
    let not_checked = set.status(crate::report::Status::NotChecked);
    let errors = set.count(crate::report::Severity::Error);
    let warnings = set.count(crate::report::Severity::Warning);
    let _ = if zh {
        writeln!(o, "\n共 {files_n} 个文件，{editions_n} 份公开；跨文件：{passed} 项通过，{errors} 项错误，{warnings} 项警告，{not_checked} 项未核对")
    } else {
        writeln!(o, "\n{files_n} files, {editions_n} disclosures; across documents: {passed} passed, {errors} errors, {warnings} warnings, {not_checked} not checked")
    };
    o
}
