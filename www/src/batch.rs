//! A set of documents checked together in the page (a folder, or three files or more).
//!
//! The work is done in the checker workers: [`member`] checks one document, [`finish`]
//! groups the set and runs the cross-document rules, and [`render_html`] draws the batch
//! view — progress, filter, exports, one row per document (sortable, each opening its own
//! results), the narratives checked with their tables, the findings across documents and
//! the groups — as HTML (every text from a file or a document escaped), as the page view's
//! pages are drawn as SVG in the reader; the page handles its buttons' events. The page keeps each document's row as
//! the object the worker wrote ([`Js`]) and hands it back: it never reads a set's report
//! itself, so its wasm holds neither the checker nor the set's types, and its first load
//! stays small.

use serde::{Deserialize, Serialize};
use suanpan::render::{self, Lang};
use suanpan::set::{self, Row, SetReport};

use crate::protocol::Js;

/// One document (or a narrative and its tables checked as one) as the batch table shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRow {
    /// The file, as named in the folder ("a.pdf + b.pdf" for an edition of two files).
    pub file: String,
    /// The department or unit, as the document names itself ("?" when it does not).
    pub name: String,
    /// The budget year.
    pub year: Option<u16>,
    /// "部门预算" …
    pub kind_zh: String,
    /// "department budget" …
    pub kind_en: String,
    /// "说明+表格" …
    pub parts_zh: String,
    /// "narrative + tables" …
    pub parts_en: String,
    /// Standard tables recognised.
    pub tables: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Checks not evaluated.
    pub not_checked: usize,
    /// A limit cut the work.
    pub cut: bool,
}

impl From<&Row> for DocRow {
    fn from(r: &Row) -> Self {
        let id = &r.identity;
        let level_en = match id.level {
            set::Level::Department => "department",
            set::Level::Unit => "unit",
            set::Level::Unknown => "",
        };
        let parts_en = match id.parts {
            set::Parts::Both => "narrative + tables",
            set::Parts::Narrative => "narrative",
            set::Parts::Tables => "tables",
            set::Parts::Neither => "none",
        };
        let level_zh = match id.level {
            set::Level::Unknown => "",
            l => l.label_zh(),
        };
        DocRow {
            file: r.file.clone(),
            name: render::row_name(r),
            year: id.year,
            kind_zh: format!("{level_zh}{}", render::kind_label(id.kind, Lang::Zh)),
            kind_en: format!("{level_en} {}", render::kind_label(id.kind, Lang::En))
                .trim()
                .to_string(),
            parts_zh: id.parts.label_zh().to_string(),
            parts_en: parts_en.to_string(),
            tables: id.tables,
            errors: r.errors,
            warnings: r.warnings,
            not_checked: r.not_checked,
            cut: r.cut,
        }
    }
}

/// A cross-document finding as the batch view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetFinding {
    /// Rule code (XD001 …).
    pub rule: String,
    /// "error", "warning" or "info".
    pub severity: String,
    /// The message, in Chinese.
    pub message_zh: String,
    /// The message, in English.
    pub message_en: String,
    /// The arithmetic, when there is some.
    pub arithmetic: Option<String>,
    /// The documents it compares, this one first.
    pub documents: Vec<String>,
}

/// What the batch view shows of a set once every document is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetView {
    /// Each narrative published apart from its tables, checked with them as one document:
    /// its files (indices into the set) and its row.
    pub combined: Vec<(Vec<usize>, DocRow)>,
    /// The years of one department: its name and its editions ("2018 预算", …).
    pub series: Vec<(String, Vec<String>)>,
    /// Departments and the units found with them (by file).
    pub families: Vec<(String, Vec<String>)>,
    /// Files left out of the groups: the file's index and why (Chinese, English).
    pub ungrouped: Vec<(usize, String, String)>,
    /// The cross-document findings.
    pub findings: Vec<SetFinding>,
    /// Cross-document checks passed, failed and not checked.
    pub checks: (usize, usize, usize),
    /// Each department's main figures year by year.
    #[serde(default)]
    pub years: Vec<set::YearOverYear>,
}

/// The set's report in the three forms it is exported in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetExports {
    /// `set.json` (what `suanpan check --summary --format json` prints).
    pub json: String,
    /// `set.csv`: one row per document.
    pub csv: String,
    /// `set-findings.csv`: one row per cross-document finding.
    pub findings_csv: String,
}

/// The worker's answer for a set: what the page shows (handed back to [`draw`]) and what it
/// downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetDone {
    /// What the batch view shows.
    pub view: Js<SetView>,
    /// What it downloads.
    pub exports: SetExports,
}

/// Checks one document of a set (in the checker worker): its [`Row`], which the page keeps
/// for [`finish`] and [`draw`].
pub fn member(name: &str, text: &str, sources: &suanpan::source::SourceMap) -> Row {
    let (report, identity) = set::check_member(name, text, sources, &suanpan::Options::default());
    Row::new(name, identity, &report)
}

/// The set's groups and cross-document checks (in the checker worker), from each readable
/// document's row (as [`member`] gave it) and text, in the same order, and the messages of
/// the files that could not be read: what the batch view shows, and the exports.
pub fn finish(
    rows: Vec<Row>,
    texts: &[(&str, &str)],
    unreadable: Vec<set::Unreadable>,
) -> (SetView, SetExports) {
    let mut report = set::finish(rows, texts, &suanpan::Options::default());
    report.unreadable = unreadable;
    (
        view(&report),
        SetExports {
            json: render::set_json(&report) + "\n",
            csv: render::set_csv(&report),
            findings_csv: render::set_findings_csv(&report),
        },
    )
}

fn view(r: &SetReport) -> SetView {
    let g = &r.groups;
    let files: Vec<&str> = r.documents.iter().map(|d| d.file.as_str()).collect();
    let combined_editions = g.editions.iter().filter(|e| e.files.len() > 1);
    SetView {
        combined: combined_editions
            .zip(&r.combined)
            .map(|(e, row)| (e.files.clone(), DocRow::from(row)))
            .collect(),
        series: g
            .series
            .iter()
            .filter_map(|s| {
                let first = g.editions.get(*s.first()?)?;
                let years = s
                    .iter()
                    .filter_map(|&i| g.editions.get(i))
                    .map(|e| format!("{} {}", e.year, render::kind_label(e.kind, Lang::Zh)))
                    .collect();
                Some((first.name.clone(), years))
            })
            .collect(),
        families: g
            .families
            .iter()
            .filter_map(|(d, units)| {
                let name = set::edition_name(g.editions.get(*d)?, &files);
                let units = units
                    .iter()
                    .filter_map(|&u| g.editions.get(u))
                    .map(|e| set::edition_name(e, &files))
                    .collect();
                Some((name, units))
            })
            .collect(),
        ungrouped: g
            .ungrouped
            .iter()
            .map(|u| (u.file, u.reason_zh.clone(), u.reason_en.clone()))
            .collect(),
        findings: r
            .findings
            .iter()
            .map(|f| {
                let mut documents: Vec<String> = Vec::new();
                for l in &f.locations {
                    if !documents.contains(&l.document) {
                        documents.push(l.document.clone());
                    }
                }
                SetFinding {
                    rule: f.rule.clone(),
                    severity: f.severity.label_en().to_lowercase(),
                    message_zh: f.message_zh.clone(),
                    message_en: f.message_en.clone(),
                    arithmetic: f.arithmetic.clone(),
                    documents,
                }
            })
            .collect(),
        years: r.years.clone(),
        checks: (
            r.status(suanpan::report::Status::Pass),
            r.status(suanpan::report::Status::Fail),
            r.status(suanpan::report::Status::NotChecked),
        ),
    }
}

// ---- drawing the batch view (in the checker worker) ----

/// A column the batch table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortBy {
    /// In the order of the folder (by path).
    #[default]
    File,
    /// Department or unit.
    Name,
    /// Year.
    Year,
    /// Errors.
    Errors,
    /// Warnings.
    Warnings,
    /// Checks not evaluated.
    NotChecked,
}

impl SortBy {
    const ALL: [SortBy; 6] = [
        SortBy::File,
        SortBy::Name,
        SortBy::Year,
        SortBy::Errors,
        SortBy::Warnings,
        SortBy::NotChecked,
    ];

    /// Its name in the drawn table's `data-sort`.
    pub fn key(self) -> &'static str {
        match self {
            SortBy::File => "file",
            SortBy::Name => "name",
            SortBy::Year => "year",
            SortBy::Errors => "errors",
            SortBy::Warnings => "warnings",
            SortBy::NotChecked => "not-checked",
        }
    }

    /// The column named `key`.
    pub fn from_key(key: &str) -> Option<SortBy> {
        SortBy::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// A file of the set as the page hands it to the worker to draw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenderFile {
    /// Its path in the folder.
    pub name: String,
    /// Its [`Row`] ([`member`]), once checked.
    pub row: Option<Js<Row>>,
    /// Why it could not be read (Chinese, English).
    pub error: Option<(String, String)>,
}

/// What the page asks the worker to draw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRender {
    /// Chinese (else English).
    pub zh: bool,
    /// The sort.
    pub sort: SortBy,
    /// Descending.
    pub descending: bool,
    /// Only rows whose file or name contains this.
    pub filter: String,
    /// Only rows with an error or a warning (or unreadable).
    pub problems_only: bool,
    /// The files, in the folder's order.
    pub files: Vec<RenderFile>,
    /// What the set's view shows, once finished.
    pub view: Option<Js<SetView>>,
    /// Why the set could not be finished (Chinese, English).
    pub failed: Option<(String, String)>,
    /// Files left out of the set (over the page's limit).
    #[serde(default)]
    pub left_out: usize,
}

fn esc(out: &mut String, s: &str) {
    suanpan::source::escape_xml(out, s);
}

/// The rows shown, in order (indices into `files`), with each readable file's row.
fn shown(r: &BatchRender, rows: &[Option<DocRow>]) -> Vec<usize> {
    let needle = r.filter.trim().to_lowercase();
    let mut v: Vec<usize> = (0..r.files.len())
        .filter(|&i| {
            let name = rows[i]
                .as_ref()
                .map(|d| d.name.to_lowercase())
                .unwrap_or_default();
            needle.is_empty() || r.files[i].name.to_lowercase().contains(&needle) || name.contains(&needle)
        })
        .filter(|&i| {
            !r.problems_only
                || r.files[i].error.is_some()
                || rows[i].as_ref().is_some_and(|d| d.errors + d.warnings > 0)
        })
        .collect();
    let key = |i: &usize| -> (i64, String) {
        let d = rows[*i].as_ref();
        let n = |g: fn(&DocRow) -> usize| d.map_or(-1, |d| g(d) as i64);
        match r.sort {
            SortBy::File => (0, r.files[*i].name.clone()),
            SortBy::Name => (0, d.map(|d| d.name.clone()).unwrap_or_default()),
            SortBy::Year => (d.and_then(|d| d.year).map_or(0, i64::from), String::new()),
            SortBy::Errors => (n(|d| d.errors), String::new()),
            SortBy::Warnings => (n(|d| d.warnings), String::new()),
            SortBy::NotChecked => (n(|d| d.not_checked), String::new()),
        }
    };
    // stable: equal keys keep the folder's order
    v.sort_by(|a, b| {
        let o = key(a).cmp(&key(b));
        if r.descending {
            o.reverse()
        } else {
            o
        }
    });
    v
}

/// The cells of a row after its file: what it is and its counts.
fn row_cells(o: &mut String, zh: bool, d: &DocRow) {
    let t = |zh_s: &str, en_s: &str| if zh { zh_s.to_string() } else { en_s.to_string() };
    o.push_str("<td>");
    esc(o, &d.name);
    o.push_str("</td><td class=\"num\">");
    o.push_str(&d.year.map_or("?".into(), |y| y.to_string()));
    o.push_str("</td><td>");
    esc(o, &t(&d.kind_zh, &d.kind_en));
    o.push_str("</td><td>");
    esc(o, &t(&d.parts_zh, &d.parts_en));
    o.push_str("</td>");
    for (n, class) in [
        (d.tables, ""),
        (d.errors, "has-errors"),
        (d.warnings, "has-warnings"),
        (d.not_checked, ""),
    ] {
        let class = if n > 0 { class } else { "" };
        o.push_str(&format!("<td class=\"num {class}\">{n}</td>"));
    }
    if d.cut {
        o.push_str(if zh {
            "<td class=\"summary-line\">未完整核对</td>"
        } else {
            "<td class=\"summary-line\">not fully checked</td>"
        });
    } else {
        o.push_str("<td></td>");
    }
}

/// [`render_html`] for what the page asks (in the checker worker): reads the rows and the
/// view the page handed back.
pub fn draw(r: &BatchRender) -> Result<String, suanpan::input::InputError> {
    let rows = r
        .files
        .iter()
        .map(|f| f.row.as_ref().map(Js::read).transpose())
        .collect::<Result<Vec<_>, _>>()?;
    let view = r.view.as_ref().map(Js::read).transpose()?;
    Ok(render_html(r, &rows, view.as_ref()))
}

/// The batch table and the set's findings and groups as HTML (drawn in the checker worker;
/// every text from a file or a document is escaped), with each file's row (`None` while in
/// work or unreadable) and the set's view once finished. Buttons carry `data-open` (the files
/// to open, "3" or "3,4") and `data-sort` (a [`SortBy::key`]); the page handles their clicks.
pub fn render_html(r: &BatchRender, rows: &[Option<Row>], view: Option<&SetView>) -> String {
    let zh = r.zh;
    let t = |zh_s: &'static str, en_s: &'static str| if zh { zh_s } else { en_s };
    let rows: Vec<Option<DocRow>> = (0..r.files.len())
        .map(|i| rows.get(i)?.as_ref().map(DocRow::from))
        .collect();
    let mut o = String::new();
    let total = r.files.len();
    let done = r
        .files
        .iter()
        .zip(&rows)
        .filter(|(f, row)| row.is_some() || f.error.is_some())
        .count();
    let finished = view.is_some() || r.failed.is_some();
    o.push_str(&format!(
        "<div class=\"summary-head\"><h2 id=\"batch-title\">{}<span class=\"summary-line\"> · {total} {}</span></h2>\
         <button type=\"button\" class=\"button subtle small\" data-action=\"close\" data-testid=\"batch-close\">{}</button></div>",
        t("批量核对", "Batch check"),
        t("个文件", "files"),
        t("关闭批量结果", "Close the batch"),
    ));
    o.push_str("<p role=\"status\" data-testid=\"batch-progress\" class=\"summary-line\">");
    if finished {
        o.push_str(t(
            "全部读取并核对完毕，并已跨文件核对；文件没有离开你的电脑。",
            "Every file read and checked, and checked across documents; no file left your computer.",
        ));
    } else {
        o.push_str(&format!(
            "<progress max=\"{total}\" value=\"{done}\"></progress> {done} / {total} {}",
            t(
                "已读取并核对（在本机，多个后台线程）",
                "read and checked (on this computer, in several background workers)"
            )
        ));
    }
    o.push_str("</p>");
    if r.left_out > 0 {
        o.push_str("<p class=\"error-message\" role=\"alert\" data-testid=\"batch-left-out\">");
        o.push_str(&if zh {
            format!(
                "文件太多：本页一次最多核对 {total} 个文件，其余 {} 个未核对。请分批核对，或用命令行 suanpan check --summary 一次核对整个文件夹。",
                r.left_out
            )
        } else {
            format!(
                "Too many files: this page checks at most {total} files at once; the other {} were not checked. Check them in batches, or use the command line (suanpan check --summary) for the whole folder.",
                r.left_out
            )
        });
        o.push_str("</p>");
    }
    if let Some((zh_m, en_m)) = &r.failed {
        o.push_str("<p class=\"error-message\" role=\"alert\">");
        esc(&mut o, if zh { zh_m } else { en_m });
        o.push_str("</p>");
    }
    // the filter and the exports (the page handles their events)
    o.push_str(&format!(
        "<div class=\"toolbar\"><label class=\"filter\">{}<input type=\"search\" data-testid=\"batch-filter\" data-focus=\"filter\" placeholder=\"{}\" value=\"",
        t("筛选：", "Filter: "),
        t("文件名或部门", "file or department")
    ));
    esc(&mut o, &r.filter);
    o.push_str(&format!(
        "\"></label><label><input type=\"checkbox\" data-testid=\"batch-problems\" data-focus=\"problems\"{}>{}</label>",
        if r.problems_only { " checked" } else { "" },
        t(" 只看有错误或警告的", " Only with errors or warnings")
    ));
    if view.is_some() {
        for (kind, testid, label) in [
            ("csv", "batch-export-csv", t("导出 CSV", "Export CSV")),
            (
                "findings",
                "batch-export-findings",
                t("跨文件发现 CSV", "Findings across documents (CSV)"),
            ),
            ("json", "batch-export-json", t("导出 JSON", "Export JSON")),
        ] {
            o.push_str(&format!(
                "<button type=\"button\" class=\"button small\" data-export=\"{kind}\" data-testid=\"{testid}\">{label}</button>"
            ));
        }
    }
    o.push_str("</div>");
    // totals
    let sum = |g: fn(&DocRow) -> usize| rows.iter().flatten().map(g).sum::<usize>();
    let unreadable = r.files.iter().filter(|f| f.error.is_some()).count();
    o.push_str("<ul class=\"counts\" data-testid=\"batch-totals\">");
    for (n, class, label, testid) in [
        (sum(|d| d.errors), "error", t("错误", "errors"), "batch-errors"),
        (
            sum(|d| d.warnings),
            "warning",
            t("警告", "warnings"),
            "batch-warnings",
        ),
        (
            sum(|d| d.not_checked),
            "",
            t("未核对", "not checked"),
            "batch-not-checked",
        ),
        (
            unreadable,
            "error",
            t("无法读取", "unreadable"),
            "batch-unreadable-count",
        ),
    ] {
        let zero = if n == 0 { " zero" } else { "" };
        o.push_str(&format!(
            "<li class=\"count {class}{zero}\" data-testid=\"{testid}\"><span class=\"n\">{n}</span><span class=\"label\">{label}</span></li>"
        ));
    }
    if let Some(v) = &view {
        let (pass, fail, not) = v.checks;
        o.push_str(&format!(
            "<li class=\"count\" data-testid=\"batch-cross-checks\"><span class=\"n\">{}</span><span class=\"label\">{}</span></li>",
            pass + fail + not,
            if zh {
                format!("跨文件核对（通过 {pass} · 未通过 {fail} · 未核对 {not}）")
            } else {
                format!("checks across documents ({pass} passed · {fail} failed · {not} not checked)")
            }
        ));
    }
    o.push_str("</ul>");
    // the table
    o.push_str("<div class=\"table-scroll\" tabindex=\"0\"><table class=\"batch-table\" data-testid=\"batch-table\"><caption class=\"visually-hidden\">");
    o.push_str(t("每个文件一行", "One row per file"));
    o.push_str("</caption><thead><tr>");
    let head = |o: &mut String, by: Option<SortBy>, label: &str| match by {
        Some(by) => {
            let (sort, arrow) = match (r.sort == by, r.descending) {
                (false, _) => ("none", ""),
                (true, false) => ("ascending", " ▲"),
                (true, true) => ("descending", " ▼"),
            };
            o.push_str(&format!(
                "<th scope=\"col\" aria-sort=\"{sort}\"><button type=\"button\" class=\"sort\" data-sort=\"{}\" data-focus=\"sort-{}\" data-testid=\"sort-{}\">{label}<span aria-hidden=\"true\">{arrow}</span></button></th>",
                by.key(),
                by.key(),
                by.key()
            ));
        }
        None => o.push_str(&format!("<th scope=\"col\">{label}</th>")),
    };
    head(&mut o, Some(SortBy::File), t("文件", "File"));
    head(&mut o, Some(SortBy::Name), t("部门/单位", "Department/unit"));
    head(&mut o, Some(SortBy::Year), t("年度", "Year"));
    head(&mut o, None, t("类别", "Kind"));
    head(&mut o, None, t("部分", "Parts"));
    head(&mut o, None, t("表格", "Tables"));
    head(&mut o, Some(SortBy::Errors), t("错误", "Errors"));
    head(&mut o, Some(SortBy::Warnings), t("警告", "Warnings"));
    head(&mut o, Some(SortBy::NotChecked), t("未核对", "Not checked"));
    head(&mut o, None, "");
    head(
        &mut o,
        None,
        &format!("<span class=\"visually-hidden\">{}</span>", t("打开", "Open")),
    );
    o.push_str("</tr></thead><tbody>");
    let order = shown(r, &rows);
    let open = |o: &mut String, files: &str, name: &str, testid: &str| {
        o.push_str(&format!(
            "<td><button type=\"button\" class=\"button small\" data-open=\"{files}\" data-testid=\"{testid}\" aria-label=\"{} "
        , t("打开", "Open")));
        esc(o, name);
        o.push_str(&format!("\">{}</button></td>", t("打开", "Open")));
    };
    for &i in &order {
        let f = &r.files[i];
        o.push_str("<tr data-testid=\"batch-row\" data-file=\"");
        esc(&mut o, &f.name);
        o.push_str("\"><th scope=\"row\" class=\"file\">");
        esc(&mut o, &f.name);
        o.push_str("</th>");
        match (&rows[i], &f.error) {
            (Some(d), _) => {
                row_cells(&mut o, zh, d);
                open(&mut o, &i.to_string(), &f.name, "batch-open");
            }
            (None, Some((m_zh, m_en))) => {
                o.push_str("<td colspan=\"10\" class=\"unreadable\" data-testid=\"batch-unreadable\">");
                esc(&mut o, if zh { m_zh } else { m_en });
                o.push_str("</td>");
            }
            (None, None) => {
                o.push_str("<td colspan=\"10\" class=\"summary-line\">");
                o.push_str(t("等待读取…", "waiting…"));
                o.push_str("</td>");
            }
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div>");
    if order.is_empty() && !r.files.is_empty() {
        o.push_str("<p class=\"summary-line\">");
        o.push_str(t("没有符合筛选条件的文件。", "No file matches the filter."));
        o.push_str("</p>");
    }
    let Some(v) = view else {
        return o;
    };
    if !v.combined.is_empty() {
        o.push_str("<h3>");
        o.push_str(t(
            "说明与表格分开发布，合并核对",
            "Narrative and tables published separately, checked as one",
        ));
        o.push_str("</h3><div class=\"table-scroll\" tabindex=\"0\"><table class=\"batch-table\" data-testid=\"batch-combined\"><thead><tr>");
        for label in [
            t("文件", "Files"),
            t("部门/单位", "Department/unit"),
            t("年度", "Year"),
            t("类别", "Kind"),
            t("部分", "Parts"),
            t("表格", "Tables"),
            t("错误", "Errors"),
            t("警告", "Warnings"),
            t("未核对", "Not checked"),
            "",
            "",
        ] {
            head(&mut o, None, label);
        }
        o.push_str("</tr></thead><tbody>");
        for (files, d) in &v.combined {
            o.push_str("<tr data-testid=\"batch-combined-row\"><th scope=\"row\" class=\"file\">");
            esc(&mut o, &d.file);
            o.push_str("</th>");
            row_cells(&mut o, zh, d);
            let list: Vec<String> = files.iter().map(|f| f.to_string()).collect();
            open(&mut o, &list.join(","), &d.file, "batch-open-combined");
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table></div>");
    }
    o.push_str("<h3>");
    o.push_str(t("跨文件核对发现", "Findings across documents"));
    o.push_str("</h3>");
    if v.findings.is_empty() {
        o.push_str("<p class=\"summary-line\" data-testid=\"batch-no-cross\">");
        o.push_str(t("未发现跨文件的问题。", "No problem found across documents."));
        o.push_str("</p>");
    } else {
        o.push_str("<ol class=\"findings-list\" data-testid=\"batch-cross\">");
        for f in &v.findings {
            let sev = match f.severity.as_str() {
                "error" => ("error", t("错误", "error")),
                "warning" => ("warning", t("警告", "warning")),
                _ => ("info", t("提示", "info")),
            };
            o.push_str(&format!(
                "<li class=\"finding {}\" data-testid=\"batch-cross-finding\" data-rule=\"",
                sev.0
            ));
            esc(&mut o, &f.rule);
            o.push_str(&format!(
                "\"><p><span class=\"badge {}\">{}</span> <code>",
                sev.0, sev.1
            ));
            esc(&mut o, &f.rule);
            o.push_str("</code> ");
            esc(&mut o, if zh { &f.message_zh } else { &f.message_en });
            o.push_str("</p>");
            if let Some(a) = &f.arithmetic {
                o.push_str("<p class=\"arithmetic\"><code>");
                esc(&mut o, a);
                o.push_str("</code></p>");
            }
            o.push_str("<p class=\"summary-line\">");
            esc(&mut o, &f.documents.join(" ↔ "));
            o.push_str("</p></li>");
        }
        o.push_str("</ol>");
    }
    for y in &v.years {
        years_html(&mut o, zh, y);
    }
    if !v.series.is_empty() || !v.families.is_empty() || !v.ungrouped.is_empty() {
        o.push_str("<h3>");
        o.push_str(t("归组", "Groups"));
        o.push_str("</h3><ul class=\"groups\" data-testid=\"batch-groups\">");
        for (name, years) in &v.series {
            o.push_str("<li>");
            o.push_str(t("同一部门的多个年度：", "Years of one department: "));
            esc(&mut o, &format!("{name}：{}", years.join("、")));
            o.push_str("</li>");
        }
        for (d, units) in &v.families {
            o.push_str("<li>");
            o.push_str(t("部门与所属单位：", "A department and its units: "));
            esc(&mut o, &format!("{d} ← {}", units.join("; ")));
            o.push_str("</li>");
        }
        for (file, r_zh, r_en) in &v.ungrouped {
            o.push_str("<li class=\"summary-line\">");
            o.push_str(t("未能归组：", "Not grouped: "));
            let name = r
                .files
                .iter()
                .filter(|f| f.row.is_some())
                .nth(*file)
                .map_or("", |f| f.name.as_str());
            esc(&mut o, &format!("{name}：{}", if zh { r_zh } else { r_en }));
            o.push_str("</li>");
        }
        o.push_str("</ul>");
    }
    o
}

/// One department's main figures year by year: a table (each year's figure as printed, the
/// change from the tables and the change the narrative states) and a small chart of the
/// totals.
fn years_html(o: &mut String, zh: bool, y: &set::YearOverYear) {
    let t = |zh_s: &'static str, en_s: &'static str| if zh { zh_s } else { en_s };
    o.push_str("<section class=\"years\" data-testid=\"batch-years\"><h3>");
    esc(o, &y.name);
    o.push_str(&format!(
        " · {}</h3>",
        if zh {
            format!("{}年度对比", render::kind_label(y.kind, Lang::Zh))
        } else {
            format!("year over year ({})", render::kind_label(y.kind, Lang::En))
        }
    ));
    o.push_str("<div class=\"table-scroll\" tabindex=\"0\"><table class=\"batch-table years-table\"><thead><tr><th scope=\"col\"></th>");
    for (year, doc) in y.years.iter().zip(&y.documents) {
        o.push_str("<th scope=\"col\" title=\"");
        esc(o, doc);
        o.push_str(&format!("\">{year}</th>"));
    }
    o.push_str("</tr></thead><tbody>");
    for r in &y.rows {
        o.push_str("<tr><th scope=\"row\">");
        esc(o, &r.label_zh);
        o.push_str("</th>");
        for i in 0..y.years.len() {
            o.push_str("<td class=\"num\">");
            esc(o, r.values[i].as_deref().unwrap_or("—"));
            if let Some(c) = r.computed[i] {
                o.push_str(&format!("<div class=\"summary-line\">{}", t("表格 ", "tables ")));
                esc(o, &set::show_change(c));
                o.push_str("</div>");
            }
            if let Some((_, w)) = &r.stated[i] {
                o.push_str(&format!(
                    "<div class=\"summary-line\">{}",
                    t("说明 ", "narrative ")
                ));
                esc(o, w);
                o.push_str("</div>");
            }
            o.push_str("</td>");
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div>");
    // the chart: the first three figures (收支总计, 基本支出, 项目支出) over the years
    let lines: Vec<(&set::YearRow, &str)> = y
        .rows
        .iter()
        .take(3)
        .zip(["#1f5fbf", "#067647", "#a15c07"])
        .collect();
    let max = lines
        .iter()
        .flat_map(|(r, _)| r.yuan.iter().flatten())
        .copied()
        .max()
        .filter(|m| m.is_sign_positive() && !m.is_zero());
    let Some(max) = max else {
        o.push_str("</section>");
        return;
    };
    // positions in whole units of the viewBox (no float arithmetic)
    let (w, h, left, top, bottom) = (420_i64, 170_i64, 40_i64, 12_i64, 36_i64);
    let n = y.years.len().max(2) as i64;
    let x = |i: usize| left + (w - left - 20) * i as i64 / (n - 1);
    let plot = h - top - bottom;
    let scale =
        |v: &dyn std::fmt::Display| -> i64 { top + v.to_string().parse::<i64>().unwrap_or(0).clamp(0, plot) };
    o.push_str(&format!(
        "<svg class=\"years-chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">",
        t("收支总计、基本支出、项目支出逐年变化", "Totals, basic and project expenditure by year")
    ));
    o.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#98a2b3\"/>",
        h - bottom,
        w - 10
    ));
    for (i, year) in y.years.iter().enumerate() {
        o.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6472\">{year}</text>",
            x(i),
            h - bottom + 14
        ));
    }
    for (k, (r, color)) in lines.iter().enumerate() {
        let points: Vec<String> = r
            .yuan
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                // the distance from the top: (max − v) / max of the plot's height, rounded
                let down = ((max - (*v)?) * rust_decimal::Decimal::from(plot) / max).round();
                Some(format!("{},{}", x(i), scale(&down)))
            })
            .collect();
        o.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        ));
        for p in &points {
            let (px, py) = p.split_once(',').unwrap_or(("0", "0"));
            o.push_str(&format!(
                "<circle cx=\"{px}\" cy=\"{py}\" r=\"3\" fill=\"{color}\"/>"
            ));
        }
        o.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{color}\">",
            left + 110 * k as i64,
            h - 6
        ));
        esc(o, &format!("— {}", r.label_zh));
        o.push_str("</text>");
    }
    o.push_str("</svg></section>");
}

// ---- the page's side: the state of a set ----

/// One file of a set, as the page holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchFile {
    /// Its path in the folder (or its name).
    pub name: String,
    /// The file itself (read again when it is opened).
    pub file: web_sys::File,
    /// `None` while in work; its row ([`member`]), or why it could not be read.
    pub row: Option<Result<Js<Row>, suanpan::input::InputError>>,
}

/// A set in the page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BatchState {
    /// Its files, in the order of the folder.
    pub files: Vec<BatchFile>,
    /// The set's view and exports once every file is checked, or why it failed.
    pub set: Option<Result<std::rc::Rc<SetDone>, suanpan::input::InputError>>,
    /// The sort, and true for descending.
    pub sort: (SortBy, bool),
    /// Only rows whose file or name contains this.
    pub filter: String,
    /// Only rows with an error or a warning (or unreadable).
    pub problems_only: bool,
    /// A document of the set is open in the main view (its files' names).
    pub viewing: Option<String>,
    /// Files left out of the set (over the page's limit).
    pub left_out: usize,
}

/// What changes a set's state.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchAction {
    /// A new set (its files' paths and the files), and how many more were left out.
    Start(Vec<(String, web_sys::File)>, usize),
    /// A file was checked (its row) or could not be read.
    Member(usize, Result<Js<Row>, suanpan::input::InputError>),
    /// The set is finished.
    Done(Result<SetDone, suanpan::input::InputError>),
    /// Sort by a column (again: the other way).
    Sort(SortBy),
    /// The filter's text.
    Filter(String),
    /// Only rows with problems.
    ProblemsOnly(bool),
    /// A document of the set was opened (its files' names).
    View(String),
    /// Back to the batch table.
    Back,
    /// The set is closed.
    Close,
}

impl BatchState {
    /// True when a set is open.
    pub fn active(&self) -> bool {
        !self.files.is_empty()
    }

    /// Files checked (or found unreadable) so far.
    pub fn done(&self) -> usize {
        self.files.iter().filter(|f| f.row.is_some()).count()
    }

    /// What the worker is asked to draw.
    pub fn render_request(&self, zh: bool) -> BatchRender {
        BatchRender {
            zh,
            sort: self.sort.0,
            descending: self.sort.1,
            filter: self.filter.clone(),
            problems_only: self.problems_only,
            files: self
                .files
                .iter()
                .map(|f| RenderFile {
                    name: f.name.clone(),
                    row: f.row.as_ref().and_then(|r| r.as_ref().ok()).cloned(),
                    error: match &f.row {
                        Some(Err(e)) => Some((e.message_zh.clone(), e.message_en.clone())),
                        _ => None,
                    },
                })
                .collect(),
            view: match &self.set {
                Some(Ok(s)) => Some(s.view.clone()),
                _ => None,
            },
            failed: match &self.set {
                Some(Err(e)) => Some((e.message_zh.clone(), e.message_en.clone())),
                _ => None,
            },
            left_out: self.left_out,
        }
    }
}

impl yew::Reducible for BatchState {
    type Action = BatchAction;

    fn reduce(self: std::rc::Rc<Self>, action: BatchAction) -> std::rc::Rc<Self> {
        let mut s = (*self).clone();
        match action {
            BatchAction::Start(files, left_out) => {
                s = BatchState {
                    files: files
                        .into_iter()
                        .map(|(name, file)| BatchFile {
                            name,
                            file,
                            row: None,
                        })
                        .collect(),
                    left_out,
                    ..BatchState::default()
                };
            }
            BatchAction::Member(i, row) => {
                if let Some(f) = s.files.get_mut(i) {
                    f.row = Some(row);
                }
            }
            BatchAction::Done(r) => s.set = Some(r.map(std::rc::Rc::new)),
            BatchAction::Sort(by) => {
                // counts sort most first; names and years ascending first
                let counts = matches!(by, SortBy::Errors | SortBy::Warnings | SortBy::NotChecked);
                s.sort = if s.sort.0 == by {
                    (by, !s.sort.1)
                } else {
                    (by, counts)
                };
            }
            BatchAction::Filter(f) => s.filter = f,
            BatchAction::ProblemsOnly(b) => s.problems_only = b,
            BatchAction::View(name) => s.viewing = Some(name),
            BatchAction::Back => s.viewing = None,
            BatchAction::Close => s = BatchState::default(),
        }
        std::rc::Rc::new(s)
    }
}

/// The files of a folder worth reading as documents: not hidden (nor in a hidden folder),
/// not an Office lock file, and of a kind the reader reads — by the name, because a folder
/// holds other files too (the reader itself goes by the bytes).
pub fn is_document(path: &str) -> bool {
    const KINDS: [&str; 14] = [
        "pdf", "xlsx", "xls", "docx", "html", "htm", "csv", "tsv", "txt", "ods", "xlsb", "et", "doc", "wps",
    ];
    let hidden = path.split('/').any(|p| p.starts_with('.') || p.starts_with("~$"));
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !hidden && ext.is_some_and(|e| KINDS.contains(&e.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A set checked document by document, then finished (the page's path), gives the
    /// report `set::check_set` (the core's one-pass path) gives.
    #[test]
    fn member_by_member_equals_the_core() {
        let texts = [
            ("a.txt", crate::SAMPLE_TEXT),
            ("b.txt", crate::SAMPLE_TEXT),
            ("c.txt", "不是预算"),
        ];
        let mut rows = Vec::new();
        for (name, text) in texts {
            rows.push(member(name, text, &Default::default()));
        }
        let (view, exports) = finish(rows, &texts, Vec::new());
        assert!(exports.csv.starts_with("file,department"));
        assert_eq!(exports.csv.lines().count(), 4, "{}", exports.csv);
        assert!(exports.json.contains("\"documents\""));
        // two copies of one disclosure are not grouped as one edition of two files
        assert!(view.combined.is_empty());
        let (_, cli) = set::check_set(&texts, &suanpan::Options::default());
        assert_eq!(exports.json, render::set_json(&cli) + "\n");
    }

    /// Every text from a file or a document is escaped in the drawn view: a file named like
    /// markup, a reader's message quoting it. (A department's name is read from CJK text
    /// and cannot hold markup; it goes through the same escape.)
    #[test]
    fn the_drawn_view_escapes_what_files_say() {
        let evil = "<img src=x onerror=alert(1)>.pdf";
        let row = member(evil, crate::SAMPLE_TEXT, &Default::default());
        let request = BatchRender {
            zh: true,
            files: vec![
                RenderFile {
                    name: evil.into(),
                    row: None,
                    error: None,
                },
                RenderFile {
                    name: "\"><script>x</script>".into(),
                    row: None,
                    error: Some(("<script>坏</script>".into(), "<script>bad</script>".into())),
                },
            ],
            left_out: 3,
            ..Default::default()
        };
        let html = render_html(&request, &[Some(row), None], None);
        for markup in ["<img", "<script"] {
            assert!(!html.contains(markup), "{markup} in {html}");
        }
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.pdf"));
        assert!(html.contains("其余 3 个未核对"));
        // the rows are sorted and counted
        assert_eq!(html.matches("data-testid=\"batch-row\"").count(), 2);
        assert_eq!(
            SortBy::from_key(SortBy::NotChecked.key()),
            Some(SortBy::NotChecked)
        );
    }
}
