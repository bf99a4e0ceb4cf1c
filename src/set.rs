//! Document sets: several disclosures read together (a folder, a .zip, a list of files).
//!
//! Each document is identified from its own text ([`identify`]): the department or unit it
//! is about, the year, 预算 or 决算, and which parts it holds (the narrative, the tables or
//! both). File names are never read. The set is then grouped ([`group`]) without hints: a
//! narrative and its tables published as two files for the same department and year (what
//! `--combine` does by hand), the years of one department, a department with its own unit
//! budget (本级). The cross-document rules (XD, [`crate::rules::cross_document`]) run over the
//! pairs the groups give.
//!
//! Pure: no file system. The CLI reads the files; the web app can call the same functions.

use serde::{Deserialize, Serialize};

use crate::model::{DocKind, Document};
use crate::parse::normalize::squeeze;

/// A department's own document or a unit's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// 部门预算 / 部门决算 (the department with its units).
    Department,
    /// 单位预算 / 单位决算 (one unit).
    Unit,
    /// The text does not say.
    Unknown,
}

impl Level {
    /// 部门 / 单位 / 未知
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Department => "部门",
            Level::Unit => "单位",
            Level::Unknown => "未知",
        }
    }
}

/// Which parts of a disclosure a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Parts {
    /// The narrative (情况说明) and the tables.
    Both,
    /// The narrative only (its tables were published as another file).
    Narrative,
    /// The tables only.
    Tables,
    /// Neither was recognised.
    Neither,
}

impl Parts {
    /// 说明+表格 / 说明 / 表格 / 无
    pub fn label_zh(self) -> &'static str {
        match self {
            Parts::Both => "说明+表格",
            Parts::Narrative => "说明",
            Parts::Tables => "表格",
            Parts::Neither => "无",
        }
    }
}

/// What a document is, as its own text says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The department (for a unit's document: its 主管部门 when printed, else the unit).
    pub department: Option<String>,
    /// The unit, for a unit's document (预算单位：…).
    pub unit: Option<String>,
    /// Department or unit.
    pub level: Level,
    /// The budget year.
    pub year: Option<u16>,
    /// 预算 or 决算.
    pub kind: DocKind,
    /// Narrative, tables or both.
    pub parts: Parts,
    /// Standard tables recognised.
    pub tables: usize,
}

impl Identity {
    /// The name the document is grouped by: the unit's for a unit's document, else the
    /// department's, normalised ([`normalize_name`]).
    pub fn name(&self) -> Option<String> {
        let n = match self.level {
            Level::Unit => self.unit.as_ref().or(self.department.as_ref()),
            _ => self.department.as_ref(),
        }?;
        Some(normalize_name(n))
    }
}

/// A name as compared: spaces removed, a leading 中共 and a trailing （本级） dropped
/// ("中共江苏省委办公厅" and "江苏省委办公厅" are one department).
pub fn normalize_name(name: &str) -> String {
    let s = squeeze(name);
    let s = s.strip_prefix("中共").unwrap_or(&s);
    let s = ["（本级）", "(本级)", "本级"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .unwrap_or(s);
    s.to_string()
}

/// Most characters of the narrative (sentences ending in 。) a tables-only file may hold
/// (a note under a table: "本部门无政府性基金预算。").
const NARRATIVE_CHARS: usize = 300;

/// Identifies a document from its text and its parsed form: title, 预算单位/主管部门/编制单位
/// lines, the table headers ("部门：…"), the 第一部分 heading, the years its table titles print.
pub fn identify(text: &str, doc: &Document) -> Identity {
    let lines: Vec<String> = text
        .lines()
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .take(60)
        .collect();
    let head: String = lines.iter().take(12).map(String::as_str).collect();
    let level = if head.contains("单位预算") || head.contains("单位决算") {
        Level::Unit
    } else if ["部门预算", "部门决算", "部门概况"]
        .iter()
        .any(|w| head.contains(w))
        || doc.tables.iter().any(|t| t.department.is_some())
    {
        Level::Department
    } else {
        Level::Unknown
    };
    let label = |keys: &[&str]| lines.iter().find_map(|l| labelled(l, keys));
    let from_title = title_name(&head);
    let overview = lines.iter().find_map(|l| {
        let rest = l.strip_prefix("第一部分")?;
        let name = rest.strip_suffix("概况")?;
        office(name)
    });
    let parsed = doc.department.as_deref().and_then(office);
    let (department, unit) = match level {
        Level::Unit => {
            let unit = label(&["预算单位", "决算单位", "单位名称", "编制单位"])
                .or(from_title)
                .or(overview)
                .or(parsed);
            (label(&["预算主管部门", "主管部门"]), unit)
        }
        _ => (
            label(&["预算主管部门", "主管部门"])
                .or(from_title)
                .or(label(&["编制部门", "编制单位", "部门"]))
                .or(overview)
                .or(parsed)
                .or_else(|| own_unit(text)),
            None,
        ),
    };
    let year = doc.year.or_else(|| table_title_year(text));
    let narrative: usize = doc
        .sections
        .iter()
        .flat_map(|s| &s.paragraphs)
        .filter(|p| p.text.contains('。'))
        .map(|p| p.text.chars().count())
        .sum();
    let parts = match (narrative > NARRATIVE_CHARS, doc.tables.len() >= 2) {
        (true, true) => Parts::Both,
        (true, false) => Parts::Narrative,
        (false, true) => Parts::Tables,
        (false, false) => Parts::Neither,
    };
    Identity {
        department,
        unit,
        level,
        year,
        kind: doc.kind,
        parts,
        tables: doc.tables.len(),
    }
}

/// The value after "KEY：" on a line (up to a following "单位：万元"), when it names an office.
fn labelled(line: &str, keys: &[&str]) -> Option<String> {
    for key in keys {
        for sep in ["：", ":"] {
            let k = format!("{key}{sep}");
            let Some(i) = line.find(&k) else { continue };
            // "部门：" must not be the end of "主管部门：" or "编制部门：" read with another key
            if *key == "部门" && i > 0 {
                continue;
            }
            let rest = &line[i + k.len()..];
            let end = ["单位：", "单位:", "金额单位"]
                .iter()
                .filter_map(|u| rest.find(u))
                .min()
                .unwrap_or(rest.len());
            if let Some(name) = office(&rest[..end]) {
                return Some(name);
            }
        }
    }
    None
}

/// A name that ends like an office (局, 厅, 办公室, 委员会, 街道办事处 …), never a region
/// ("上海市普陀区") nor a sentence.
fn office(name: &str) -> Option<String> {
    const SUFFIXES: [&str; 23] = [
        "局", "厅", "委", "办", "室", "处", "院", "会", "所", "中心", "街道", "镇", "乡", "馆", "站", "队",
        "部", "社", "署", "团", "校", "园", "庭",
    ];
    let n = name.trim_matches(|c: char| c.is_whitespace() || matches!(c, '：' | ':' | '-' | '—'));
    let len = n.chars().count();
    let plain = n
        .chars()
        .all(|c| crate::parse::normalize::is_cjk(c) || "（）()".contains(c));
    (plain && (3..=40).contains(&len) && SUFFIXES.iter().any(|s| n.ends_with(s))).then(|| n.to_string())
}

/// The name in a title "江苏省政协办公厅2018年度部门预算公开" (before the year) or
/// "2017年度江苏省高级人民法院部门预算公开" (between the year and 部门预算).
fn title_name(head: &str) -> Option<String> {
    let chars: Vec<char> = head.chars().collect();
    for k in 0..chars.len().saturating_sub(5) {
        if !(chars[k..k + 4].iter().all(|c| c.is_ascii_digit()) && chars[k + 4] == '年') {
            continue;
        }
        let after: String = chars[k + 5..].iter().take(60).collect();
        let after = after.strip_prefix('度').unwrap_or(&after);
        let before: String = chars[..k].iter().collect();
        for word in [
            "部门预算",
            "部门决算",
            "单位预算",
            "单位决算",
            "预算公开",
            "决算公开",
        ] {
            let Some(at) = after.find(word) else { continue };
            let between = after[..at].strip_prefix("区级").unwrap_or(&after[..at]);
            if between.is_empty() {
                // the name is the last office-like tail of what precedes the year
                // ("北京市教育委员会部门2026年度部门预算": the first 部门 is the title's)
                let before = before.strip_suffix("部门").unwrap_or(&before);
                let tail: Vec<char> = before.chars().collect();
                return (0..tail.len())
                    .filter_map(|s| office(&tail[s..].iter().collect::<String>()))
                    .next();
            }
            return office(between);
        }
    }
    None
}

/// The department's own unit as a narrative names it when it names the department nowhere
/// else: "预算单位共计 1 家，即省政协办公厅本级" gives "省政协办公厅" (a name relative to the
/// region: [`group`] pairs it only with the one tables file whose full name ends with it).
fn own_unit(text: &str) -> Option<String> {
    text.lines().take(200).map(squeeze).find_map(|l| {
        let at = l.find("即")?;
        let rest = &l[at + "即".len()..];
        let end = rest.find("本级")?;
        office(&rest[..end])
    })
}

/// The one year the table titles print ("2018年政府采购预算表"), for a tables-only file.
fn table_title_year(text: &str) -> Option<u16> {
    crate::parse::only_year(
        text.lines()
            .map(squeeze)
            .filter(|l| (l.ends_with("预算表") || l.ends_with("决算表")) && l.chars().count() < 40)
            .filter_map(|l| crate::parse::find_year(&l))
            .collect(),
    )
}

/// One disclosure of the set: a file, or a narrative and its tables published as two files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    /// Its files (indices into the set), the narrative first.
    pub files: Vec<usize>,
    /// Department or unit.
    pub level: Level,
    /// The (normalised) name.
    pub name: String,
    /// The year.
    pub year: u16,
    /// 预算 or 决算.
    pub kind: DocKind,
}

/// How two editions are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// `other` is the same department's disclosure of the year before (same kind and level).
    PreviousYear,
    /// `this` is a 决算 and `other` the budget of the same year.
    BudgetOfFinal,
    /// `this` is a budget and `other` the same department's 决算 of the year before.
    FinalOfPreviousYear,
    /// `this` is a department's document and `other` one of its units' (same year, kind).
    UnitOf,
}

/// Two related editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// The relation.
    pub relation: Relation,
    /// The edition checked (index into [`Groups::editions`]).
    pub this: usize,
    /// The edition it is checked against.
    pub other: usize,
}

/// A file left out of the groups, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ungrouped {
    /// The file (index into the set).
    pub file: usize,
    /// Why, in Chinese.
    pub reason_zh: String,
    /// Why, in English.
    pub reason_en: String,
}

/// The groups of a set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Groups {
    /// Every disclosure: one file, or a narrative with its tables.
    pub editions: Vec<Edition>,
    /// The years of one department (editions, oldest first), when there are two or more.
    pub series: Vec<Vec<usize>>,
    /// A department's edition and its units' of the same year and kind.
    pub families: Vec<(usize, Vec<usize>)>,
    /// The pairs the cross-document rules compare.
    pub pairs: Vec<Pair>,
    /// Files that belong to no edition (no name or year found, or ambiguous).
    pub ungrouped: Vec<Ungrouped>,
}

/// Groups identified documents (see the module docs). Deterministic: editions are in the
/// order of their first file.
pub fn group(ids: &[Identity]) -> Groups {
    use std::collections::BTreeMap;
    let mut out = Groups::default();
    // files by (level, name, year, kind)
    let mut buckets: BTreeMap<(Level, String, u16, String), Vec<usize>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let (Some(name), Some(year)) = (id.name(), id.year) else {
            out.ungrouped.push(Ungrouped {
                file: i,
                reason_zh: "文中找不到部门名称或年度".into(),
                reason_en: "the text names no department or no year".into(),
            });
            continue;
        };
        if id.kind == DocKind::Unknown {
            out.ungrouped.push(Ungrouped {
                file: i,
                reason_zh: "文中看不出是预算还是决算".into(),
                reason_en: "the text does not say budget or final account".into(),
            });
            continue;
        }
        buckets
            .entry((id.level, name, year, format!("{:?}", id.kind)))
            .or_default()
            .push(i);
    }
    // a narrative that names its department only relative to the region ("省政协办公厅")
    // joins the one bucket of tables of that year whose full name ends with it
    let keys: Vec<(Level, String, u16, String)> = buckets.keys().cloned().collect();
    for key in &keys {
        let (level, short, year, kind) = key;
        let lone_narrative = buckets[key].len() == 1 && ids[buckets[key][0]].parts == Parts::Narrative;
        if !lone_narrative || !short.starts_with(['省', '市', '区', '县']) {
            continue;
        }
        let homes: Vec<&(Level, String, u16, String)> = keys
            .iter()
            .filter(|k| {
                k.0 == *level
                    && k.2 == *year
                    && k.3 == *kind
                    && k.1 != *short
                    && k.1.ends_with(short.as_str())
                    && buckets[*k].len() == 1
                    && ids[buckets[*k][0]].parts == Parts::Tables
            })
            .collect();
        if let [home] = homes[..] {
            let file = buckets[key][0];
            let home = home.clone();
            buckets.remove(key);
            buckets.entry(home).or_default().push(file);
        }
    }
    let mut editions: Vec<Edition> = Vec::new();
    for ((level, name, year, _), files) in buckets {
        let kind = ids[files[0]].kind;
        let edition = |files: Vec<usize>| Edition {
            files,
            level,
            name: name.clone(),
            year,
            kind,
        };
        let narrative: Vec<usize> = files
            .iter()
            .copied()
            .filter(|&f| ids[f].parts == Parts::Narrative)
            .collect();
        let tables: Vec<usize> = files
            .iter()
            .copied()
            .filter(|&f| ids[f].parts == Parts::Tables)
            .collect();
        let whole: Vec<usize> = files
            .iter()
            .copied()
            .filter(|&f| ids[f].parts == Parts::Both)
            .collect();
        match (whole.len(), narrative.len(), tables.len()) {
            _ if files.len() == 1 => editions.push(edition(files)),
            (0, 1, 1) => editions.push(edition(vec![narrative[0], tables[0]])),
            _ => {
                // two copies, or parts that cannot be paired with certainty: no edition
                for &f in &files {
                    out.ungrouped.push(Ungrouped {
                        file: f,
                        reason_zh: format!(
                            "{name} {year} 年{}有 {} 个文件，无法确定哪些属于同一份公开",
                            kind.label_zh(),
                            files.len()
                        ),
                        reason_en: format!(
                            "{} files for {name} {year}: which belong together is not certain",
                            files.len()
                        ),
                    });
                }
            }
        }
    }
    editions.sort_by_key(|e| e.files.iter().copied().min());
    // series: the years of one (level, name, kind)
    // series: the editions of one (level, name), every kind, by year; pairs of one kind
    let mut by_series: BTreeMap<(Level, String), Vec<usize>> = BTreeMap::new();
    for (i, e) in editions.iter().enumerate() {
        by_series.entry((e.level, e.name.clone())).or_default().push(i);
    }
    for (_, mut s) in by_series {
        s.sort_by_key(|&i| (editions[i].year, format!("{:?}", editions[i].kind)));
        for &a in &s {
            for &b in &s {
                let (this, last) = (&editions[a], &editions[b]);
                if this.year != last.year + 1 {
                    continue;
                }
                let relation = match (this.kind, last.kind) {
                    (x, y) if x == y => Relation::PreviousYear,
                    (DocKind::Budget, DocKind::FinalAccount) => Relation::FinalOfPreviousYear,
                    _ => continue,
                };
                out.pairs.push(Pair {
                    relation,
                    this: a,
                    other: b,
                });
            }
        }
        if s.len() >= 2 {
            out.series.push(s);
        }
    }
    // a 决算 with the budget of its year; a department with its units
    for (i, e) in editions.iter().enumerate() {
        if e.kind == DocKind::FinalAccount {
            for (j, o) in editions.iter().enumerate() {
                if o.kind == DocKind::Budget && o.year == e.year && o.level == e.level && o.name == e.name {
                    out.pairs.push(Pair {
                        relation: Relation::BudgetOfFinal,
                        this: i,
                        other: j,
                    });
                }
            }
        }
        if e.level != Level::Department {
            continue;
        }
        let units: Vec<usize> = (0..editions.len())
            .filter(|&j| {
                let o = &editions[j];
                o.level == Level::Unit
                    && o.year == e.year
                    && o.kind == e.kind
                    && (o.name == e.name || unit_of(ids, e, o))
            })
            .collect();
        if !units.is_empty() {
            for &u in &units {
                out.pairs.push(Pair {
                    relation: Relation::UnitOf,
                    this: i,
                    other: u,
                });
            }
            out.families.push((i, units));
        }
    }
    out.editions = editions;
    out
}

/// True when unit edition `o` prints department `e` as its 主管部门.
fn unit_of(ids: &[Identity], e: &Edition, o: &Edition) -> bool {
    o.level == Level::Unit
        && e.level == Level::Department
        && o.files.iter().any(|&f| {
            ids[f]
                .department
                .as_deref()
                .is_some_and(|d| normalize_name(d) == e.name)
        })
}

/// Checks one document of a set: its report and its identity, the text parsed once.
pub fn check_member(
    name: &str,
    text: &str,
    sources: &crate::source::SourceMap,
    options: &crate::Options,
) -> (crate::report::Report, Identity) {
    let doc = crate::parse::parse_text(text);
    let report = crate::check_parsed(name, text, &doc, sources, options);
    let identity = identify(text, &doc);
    (report, identity)
}

/// One row of a set's summary: a file (or an edition of two files) and its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The file (for an edition of two files: both, joined by " + ").
    pub file: String,
    /// What it is.
    pub identity: Identity,
    /// Error findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
    /// Checks not evaluated.
    pub not_checked: usize,
    /// A limit cut the work (the document was not fully checked).
    pub cut: bool,
}

impl Row {
    /// The row of a checked document.
    pub fn new(file: &str, identity: Identity, report: &crate::report::Report) -> Row {
        Row {
            file: file.to_string(),
            identity,
            errors: report.summary.errors,
            warnings: report.summary.warnings,
            infos: report.summary.infos,
            not_checked: report.summary.checks_not_checked,
            cut: !report.fully_checked(),
        }
    }
}

/// The report of a set: one row per file, the groups, one row per edition of two files
/// (checked as one document), and the cross-document checks and findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetReport {
    /// The report format's version.
    pub schema_version: u32,
    /// One row per file, in the order given.
    pub documents: Vec<Row>,
    /// The groups.
    pub groups: Groups,
    /// The editions of two files (a narrative and its tables), each checked as one document.
    pub combined: Vec<Row>,
    /// The cross-document checks.
    pub checks: Vec<crate::rules::cross_document::CrossCheck>,
    /// The cross-document findings.
    pub findings: Vec<crate::rules::cross_document::CrossFinding>,
    /// Files that could not be read (each with its message).
    #[serde(default)]
    pub unreadable: Vec<Unreadable>,
    /// Each department's main figures year by year ([`years_of`]).
    #[serde(default)]
    pub years: Vec<YearOverYear>,
}

/// A department's main figures year by year, for one kind (its budgets, or its 决算): each
/// year's figures as its tables print them, the change from the year before computed from
/// the tables, and the change each year's narrative states.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearOverYear {
    /// The department (or unit), as grouped.
    pub name: String,
    /// 预算 or 决算.
    pub kind: DocKind,
    /// The years, oldest first.
    pub years: Vec<u16>,
    /// Each year's document (its file, or its two files).
    pub documents: Vec<String>,
    /// One row per figure.
    pub rows: Vec<YearRow>,
}

/// One figure of a [`YearOverYear`], one entry per year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRow {
    /// What it is ("基本支出").
    pub label_zh: String,
    /// As printed, with its unit (none where the tables do not give one value).
    pub values: Vec<Option<String>>,
    /// In 元.
    pub yuan: Vec<Option<rust_decimal::Decimal>>,
    /// The change from the year before, from the two years' tables, in 元 (none for the
    /// first year, after a year missing from the set, or where either value is missing).
    pub computed: Vec<Option<rust_decimal::Decimal>>,
    /// The change against last year that year's narrative states (in 元, and as written).
    pub stated: Vec<Option<(rust_decimal::Decimal, String)>>,
}

/// The year-over-year view of a series of editions of one kind (oldest first), from each
/// edition's name and parsed document. `None` with fewer than two years.
pub fn years_of(editions: &[(&Edition, &str, &Document)]) -> Option<YearOverYear> {
    let (first, _, _) = editions.first()?;
    if editions.len() < 2 {
        return None;
    }
    let figures: Vec<Vec<crate::rules::cross_document::MainFigure>> = editions
        .iter()
        .map(|(_, _, d)| crate::rules::cross_document::main_figures(d))
        .collect();
    let rows = (0..figures[0].len())
        .map(|k| {
            let yuan: Vec<Option<rust_decimal::Decimal>> = figures.iter().map(|f| f[k].yuan).collect();
            YearRow {
                label_zh: figures[0][k].label_zh.clone(),
                values: figures.iter().map(|f| f[k].display.clone()).collect(),
                // only between consecutive years: a change "against last year" is one year's
                computed: (0..yuan.len())
                    .map(|i| {
                        let before = i.checked_sub(1)?;
                        (editions[i].0.year == editions[before].0.year + 1).then_some(())?;
                        Some(yuan[i]? - yuan[before]?)
                    })
                    .collect(),
                stated: figures.iter().map(|f| f[k].stated_change.clone()).collect(),
                yuan,
            }
        })
        .filter(|r: &YearRow| r.values.iter().any(Option::is_some))
        .collect();
    Some(YearOverYear {
        name: first.name.clone(),
        kind: first.kind,
        years: editions.iter().map(|(e, _, _)| e.year).collect(),
        documents: editions.iter().map(|(_, n, _)| n.to_string()).collect(),
        rows,
    })
}

/// A change in 元 shown in 万元 with its sign ("+1,670.83万元", "−20.00万元").
pub fn show_change(yuan: rust_decimal::Decimal) -> String {
    let sign = if yuan.is_sign_negative() && !yuan.is_zero() {
        "−"
    } else {
        "+"
    };
    format!(
        "{sign}{}",
        crate::rules::narrative::show(yuan.abs(), crate::model::Unit::WanYuan, 2)
    )
}

/// The year-over-year views of a set's series (one per department and kind with two years
/// or more), from its editions parsed (`None` for one that could not be read).
pub fn series_years(groups: &Groups, parsed: &[Option<(String, Document)>]) -> Vec<YearOverYear> {
    let mut out = Vec::new();
    for s in &groups.series {
        for kind in [DocKind::Budget, DocKind::FinalAccount] {
            let editions: Vec<(&Edition, &str, &Document)> = s
                .iter()
                .filter_map(|&e| {
                    let edition = groups.editions.get(e).filter(|x| x.kind == kind)?;
                    let (name, doc) = parsed.get(e)?.as_ref()?;
                    Some((edition, name.as_str(), doc))
                })
                .collect();
            out.extend(years_of(&editions));
        }
    }
    out
}

/// A file of a set that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    /// Why, in Chinese (the message names the file).
    pub message_zh: String,
    /// Why, in English.
    pub message_en: String,
}

impl From<&crate::input::InputError> for Unreadable {
    fn from(e: &crate::input::InputError) -> Self {
        Unreadable {
            message_zh: e.message_zh.clone(),
            message_en: e.message_en.clone(),
        }
    }
}

impl SetReport {
    /// A set's report with no edition checked and no pair compared yet.
    pub fn new(documents: Vec<Row>, groups: Groups) -> SetReport {
        SetReport {
            schema_version: crate::report::SCHEMA_VERSION,
            documents,
            groups,
            combined: Vec::new(),
            checks: Vec::new(),
            findings: Vec::new(),
            unreadable: Vec::new(),
            years: Vec::new(),
        }
    }

    /// True when an error was found: in a document checked on its own (a file that is part
    /// of a narrative+tables edition counts through the edition), in an edition, or across
    /// documents.
    pub fn has_errors(&self) -> bool {
        let in_edition: std::collections::BTreeSet<usize> = self
            .groups
            .editions
            .iter()
            .filter(|e| e.files.len() > 1)
            .flat_map(|e| e.files.iter().copied())
            .collect();
        self.documents
            .iter()
            .enumerate()
            .any(|(i, r)| r.errors > 0 && !in_edition.contains(&i))
            || self.combined.iter().any(|r| r.errors > 0)
            || self.count(crate::report::Severity::Error) > 0
    }

    /// Cross-document findings of a severity.
    pub fn count(&self, severity: crate::report::Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// Cross-document checks with a status.
    pub fn status(&self, status: crate::report::Status) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }
}

/// The name an edition is shown by: its files, joined by " + ".
pub fn edition_name(e: &Edition, files: &[&str]) -> String {
    e.files
        .iter()
        .map(|&f| files.get(f).copied().unwrap_or("?"))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The selected cross-document rules.
fn cross_rules(options: &crate::Options) -> Vec<&'static crate::rules::Rule> {
    crate::rules::ALL
        .iter()
        .copied()
        .filter(|r| r.family == crate::rules::Family::CrossDocument && options.selects(r))
        .collect()
}

/// Runs the selected cross-document rules over a pair of editions, parsed.
pub fn check_pair(
    relation: Relation,
    this: (&str, &Document),
    other: (&str, &Document),
    options: &crate::Options,
) -> crate::rules::cross_document::CrossSink {
    crate::rules::cross_document::run(relation, this, other, &cross_rules(options))
}

/// Runs the selected cross-document rules over a department's edition and its units' (the
/// sum of the units, XD005).
pub fn check_family(
    department: (&str, &Document),
    units: &[(&str, &Document)],
    options: &crate::Options,
) -> crate::rules::cross_document::CrossSink {
    crate::rules::cross_document::run_family(department, units, &cross_rules(options))
}

/// The text of an edition: one file's as it is, two files joined as one document (the
/// narrative first), as `--combine` joins them ([`crate::input::combine`]).
pub fn edition_text(e: &Edition, texts: &[(&str, &str)]) -> crate::input::Combined {
    let docs = e
        .files
        .iter()
        .filter_map(|&f| texts.get(f))
        .map(|(n, t)| {
            let doc = crate::input::ReadDocument {
                text: t.to_string(),
                format: crate::input::SourceFormat::Text,
                pages: None,
                warnings: Vec::new(),
                sources: crate::source::SourceMap::new(),
            };
            (*n, doc)
        })
        .collect();
    crate::input::combine(docs)
}

/// Checks a set of texts in memory, one after the other (the CLI checks files in parallel
/// and reads each again only when a group needs it): each document's report, and the set's.
pub fn check_set(
    texts: &[(&str, &str)],
    options: &crate::Options,
) -> (Vec<crate::report::Report>, SetReport) {
    let mut reports = Vec::new();
    let mut rows = Vec::new();
    for (name, text) in texts {
        let (report, identity) = check_member(name, text, &crate::source::SourceMap::new(), options);
        rows.push(Row::new(name, identity, &report));
        reports.push(report);
    }
    (reports, finish(rows, texts, options))
}

/// The set's report from its documents' rows (each checked on its own with
/// [`check_member`]) and their texts, in the same order: the groups, the editions of two
/// files checked as one, and the cross-document checks. (The web app checks the members in
/// a pool of workers, then calls this once.)
pub fn finish(rows: Vec<Row>, texts: &[(&str, &str)], options: &crate::Options) -> SetReport {
    let names: Vec<&str> = texts.iter().map(|(n, _)| *n).collect();
    let ids: Vec<Identity> = rows.iter().map(|r| r.identity.clone()).collect();
    let groups = group(&ids);
    let mut set = SetReport::new(rows, Groups::default());
    // each edition parsed once
    let mut parsed: Vec<Option<(String, Document)>> = Vec::new();
    for e in &groups.editions {
        let name = edition_name(e, &names);
        let c = edition_text(e, texts);
        let doc = crate::parse::parse_text(&c.text);
        if e.files.len() > 1 {
            let report = crate::check_parsed(&name, &c.text, &doc, &c.sources, options);
            set.combined
                .push(Row::new(&name, identify(&c.text, &doc), &report));
        }
        parsed.push(Some((name, doc)));
    }
    for p in &groups.pairs {
        if let (Some(Some((a, da))), Some(Some((b, db)))) = (parsed.get(p.this), parsed.get(p.other)) {
            let sink = check_pair(p.relation, (a, da), (b, db), options);
            set.checks.extend(sink.checks);
            set.findings.extend(sink.findings);
        }
    }
    for (d, units) in &groups.families {
        let Some(Some((a, da))) = parsed.get(*d) else {
            continue;
        };
        let members: Vec<(&str, &Document)> = units
            .iter()
            .filter_map(|u| parsed.get(*u)?.as_ref().map(|(n, d)| (n.as_str(), d)))
            .collect();
        let sink = check_family((a, da), &members, options);
        set.checks.extend(sink.checks);
        set.findings.extend(sink.findings);
    }
    set.years = series_years(&groups, &parsed);
    set.groups = groups;
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Identity {
        identify(text, &crate::parse::parse_text(text))
    }

    #[test]
    fn names_from_titles() {
        assert_eq!(
            title_name("江苏省政协办公厅2018年度部门预算公开-1-目录").as_deref(),
            Some("江苏省政协办公厅")
        );
        assert_eq!(
            title_name("2017年度江苏省高级人民法院部门预算公开目录").as_deref(),
            Some("江苏省高级人民法院")
        );
        assert_eq!(
            title_name("上海市普陀区2025年区级单位预算预算单位：上海市普陀区商务委员会"),
            None
        );
        assert_eq!(normalize_name("中共江苏省委办公厅"), "江苏省委办公厅");
    }

    #[test]
    fn a_unit_budget_names_its_unit() {
        let i = id("上海市普陀区2026年区级单位预算\n\n    预算单位：上海市普陀区司法局\n目录\n");
        assert_eq!(i.level, Level::Unit);
        assert_eq!(i.unit.as_deref(), Some("上海市普陀区司法局"));
        assert_eq!(i.year, Some(2026));
        assert_eq!(i.kind, DocKind::Budget);
    }

    #[test]
    fn narrative_and_tables_of_one_year_pair_up() {
        let mk = |year, parts| Identity {
            department: Some("江苏省政协办公厅".into()),
            unit: None,
            level: Level::Department,
            year: Some(year),
            kind: DocKind::Budget,
            parts,
            tables: 0,
        };
        let ids = [
            mk(2018, Parts::Tables),
            mk(2017, Parts::Both),
            mk(2018, Parts::Narrative),
        ];
        let g = group(&ids);
        assert_eq!(g.editions.len(), 2);
        assert_eq!(g.editions[0].files, vec![2, 0]);
        assert_eq!(g.series.len(), 1);
        assert_eq!(
            g.pairs,
            vec![Pair {
                relation: Relation::PreviousYear,
                this: 0,
                other: 1
            }]
        );
    }
}
