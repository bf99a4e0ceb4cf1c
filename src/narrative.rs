//! The narrative (情况说明) read as figures about quantities.
//!
//! Every amount, percentage and head count in the explanatory text becomes part of a
//! [`Fact`]: a subject (收入合计, 基本支出, a 功能分类 item, a "三公" item…) with the figures a
//! sentence states about it: its level, the change against the previous year (amount,
//! rate, direction word, 持平), its share of a whole, 决算 against 年初预算 with the
//! 大于/小于/等于 wording and the 完成率. Staff counts, project blocks (项目名称 / 预算安排规模 /
//! 资金分配情况) and figures that could not be understood are kept apart. The NR rules bind
//! facts to table cells and check them; nothing here decides whether a figure is right.

pub mod lex;
pub mod subject;

use crate::model::{DocKind, Document, Section};
use lex::{clauses, figures, tidy, Figure, FigureKind};
pub use subject::{Purchase, Resolved, Source, Subject};

/// What a change is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Baseline {
    /// No comparison stated.
    None,
    /// 比上年 / 与上年相比 / 较上年 (unspecified).
    PreviousYear,
    /// 比上年预算.
    PreviousBudget,
    /// 比上年执行数 / 预算执行数.
    PreviousExecution,
    /// "比减少": the comparison has no object.
    Missing,
}

/// 决算数 against 预算数 in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// 大于 / 高于 / 超过
    Greater,
    /// 小于 / 低于
    Less,
    /// 等于 / 一致
    Equal,
    /// 基本持平
    Roughly,
}

/// A share statement: "占 Z%" (of an explicit whole, or of the enclosing total).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// The percentage.
    pub pct: Figure,
    /// The whole as written after 占 ("本年支出合计的"), if any.
    pub of_phrase: String,
    /// The whole, resolved.
    pub of: Option<Subject>,
}

/// One subject and what a run of text states about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Index of the section in [`Document::sections`].
    pub section: usize,
    /// 1-based source line of the paragraph.
    pub line: u32,
    /// The sentence(s) the figures come from (tidied).
    pub text: String,
    /// The subject, when recognised.
    pub subject: Option<Subject>,
    /// The subject phrase as written.
    pub phrase: String,
    /// The current amount (预算数, or 决算数 when written without 决算).
    pub level: Option<Figure>,
    /// The previous year's amount (上年执行数为 …).
    pub previous: Option<Figure>,
    /// Change amount with its direction word (+1 增加, −1 减少).
    pub delta: Option<(i8, Figure)>,
    /// Change rate with its direction word.
    pub rate: Option<(i8, Figure)>,
    /// What the change is measured against.
    pub base: Baseline,
    /// "持平 / 无变化 / 一致 / 保持不变" against the previous year.
    pub flat: bool,
    /// "占 Z%".
    pub share: Option<Share>,
    /// 年初预算 (决算).
    pub budget: Option<Figure>,
    /// 支出决算 (决算).
    pub actual: Option<Figure>,
    /// 完成（年初）预算的 W%.
    pub completion: Option<Figure>,
    /// 决算数大于/小于/等于预算数, with the words as written.
    pub comparison: Option<(Comparison, String)>,
    /// Direction of the stated reason ("主要原因是…经费增加"), with its text.
    pub reason: Option<(i8, String)>,
    /// The fact this one is a part of ("…，其中：").
    pub parent: Option<usize>,
    /// Byte offset of its first clause in the tidied paragraph.
    pub start: usize,
}

impl Fact {
    fn new(section: usize, line: u32, subject: Option<Subject>, phrase: String) -> Self {
        Fact {
            section,
            line,
            text: String::new(),
            subject,
            phrase,
            level: None,
            previous: None,
            delta: None,
            rate: None,
            base: Baseline::None,
            flat: false,
            share: None,
            budget: None,
            actual: None,
            completion: None,
            comparison: None,
            reason: None,
            parent: None,
            start: 0,
        }
    }

    /// The current-year amount: the level, else the 决算 amount.
    pub fn current(&self) -> Option<&Figure> {
        self.level.as_ref().or(self.actual.as_ref())
    }

    /// The subject's name for messages.
    pub fn name(&self) -> String {
        if self.phrase.is_empty() {
            self.subject.as_ref().map(Subject::label_zh).unwrap_or_default()
        } else {
            self.phrase.clone()
        }
    }
}

/// 编制数 / 实有人数 and its parts, as stated in one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Staff {
    /// 1-based source line.
    pub line: u32,
    /// Section index.
    pub section: usize,
    /// The paragraph (tidied).
    pub text: String,
    /// 编制数.
    pub authorized: Option<Figure>,
    /// 实有人数.
    pub actual: Option<Figure>,
    /// 在职.
    pub active: Option<Figure>,
    /// 退休.
    pub retired: Option<Figure>,
    /// 离休.
    pub lixiu: Option<Figure>,
}

/// A project block: 项目名称 / 预算安排规模 / 资金分配情况.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProjectNote {
    /// Section index.
    pub section: usize,
    /// Line of 项目名称.
    pub line: u32,
    /// 项目名称.
    pub name: String,
    /// 预算安排规模, with its line.
    pub amount: Option<(Figure, u32)>,
    /// 资金分配情况: (label, amount), with the line.
    pub allocation: Vec<(String, Figure)>,
    /// Line of 资金分配情况.
    pub allocation_line: u32,
}

/// A figure the checker could not attach to a quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loose {
    /// Section index.
    pub section: usize,
    /// 1-based line.
    pub line: u32,
    /// The figure.
    pub figure: Figure,
    /// The words before it.
    pub phrase: String,
}

/// Everything read from a document's narrative.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Narrative {
    /// Facts in document order.
    pub facts: Vec<Fact>,
    /// Staff statements.
    pub staff: Vec<Staff>,
    /// Project blocks.
    pub projects: Vec<ProjectNote>,
    /// Percentages whose meaning was not recognised.
    pub loose: Vec<Loose>,
    /// 决算/预算 comparison words with no 年初预算 and 决算 figures before them: (section, line, words).
    pub orphan_comparisons: Vec<(usize, u32, String)>,
    /// Amounts whose grammar says they are not this year's level of a subject (a change, a
    /// previous year's amount, an explanatory part): never compared with a level.
    pub skipped: Vec<Skipped>,
    /// Figures read.
    pub figures: usize,
    /// Where reading stopped at [`MAX_FIGURES`]: the paragraph's line and the paragraphs
    /// left unread.
    pub cut: Option<(u32, usize)>,
}

/// Most figures read from a narrative (a real one has a few hundred): every figure becomes a
/// fact that keeps its clause, and a check or a not-checked entry.
pub const MAX_FIGURES: usize = 50_000;

/// What an amount that is not a level stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A change amount whose change word is not right before it ("增加基本支出 844.15 万元",
    /// "基本支出增加人员工资…等 3397.18 万元", "小于上年预算数 403.75 万元", "分流 315 万元").
    Change,
    /// A previous year's amount ("上年度列入此项的…128.43 万元", "（2016 年度…为 8,648.07 万元）").
    Previous,
    /// An explanatory part of another figure ("（含外宾接待支出 0.00 万元）", "涉及一般公共预算
    /// 财政拨款 X 万元").
    Part,
}

impl Role {
    /// Why such a figure is not compared with a table cell (zh, en).
    pub fn reason(self) -> (&'static str, &'static str) {
        match self {
            Role::Change => (
                "这是变动额（增加/减少/调减/分流/小于…），不是本年金额",
                "a change amount (增加/减少/调减/分流/小于…), not this year's level",
            ),
            Role::Previous => (
                "这是上年的金额，不是本年金额",
                "a previous year's amount, not this year's level",
            ),
            Role::Part => (
                "这是另一金额的组成部分（含/其中/涉及），不是所述项目的金额",
                "a part of another amount (含/其中/涉及), not the amount of the subject",
            ),
        }
    }
}

/// An amount read with a role other than level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Section index.
    pub section: usize,
    /// 1-based line.
    pub line: u32,
    /// The figure.
    pub figure: Figure,
    /// The words before it.
    pub phrase: String,
    /// What it stands for.
    pub role: Role,
}

/// Words that make an amount a change when they appear anywhere in its phrase (the direction
/// words right before the figure are read as a change of the subject before them).
const CHANGE_INSIDE: &[&str] = &[
    "调减", "调增", "压减", "核减", "分流", "新增", "小于", "大于", "多于", "少于", "高于", "低于", "超过",
];

/// The role of an amount that would otherwise be read as a level, from its words: `left` is
/// the text between the previous figure (or the clause start) and this one.
fn level_role(left: &str, year: Option<u16>) -> Option<Role> {
    // an open bracket before the figure: its content is the phrase
    let bracket = left
        .rfind('（')
        .filter(|&i| !left[i..].contains('）'))
        .map(|i| &left[i + '（'.len_utf8()..]);
    if let Some(b) = bracket {
        if b.starts_with('含') || b.starts_with("其中") {
            return Some(Role::Part);
        }
    }
    let phrase = bracket.unwrap_or_else(|| subject_phrase(left));
    // "涉及一般公共预算财政拨款 X 万元": the part of something else that draws on that fund
    if phrase.starts_with("涉及") {
        return Some(Role::Part);
    }
    if CHANGE_WORDS.iter().any(|(w, _)| phrase.contains(w))
        || CHANGE_INSIDE.iter().any(|w| phrase.contains(w))
    {
        return Some(Role::Change);
    }
    // "与 2016 年相比（…）": only what follows the comparison names the figure
    let tail = phrase
        .rfind("相比")
        .map(|i| &phrase[i + "相比".len()..])
        .unwrap_or(phrase);
    let previous_words = ["上年", "上一年", "去年"];
    let carry = ["上年结转", "上年结余", "上年度结转"];
    if previous_words.iter().any(|w| tail.contains(w)) && !carry.iter().any(|w| tail.contains(w)) {
        return Some(Role::Previous);
    }
    if let Some(y) = year {
        if earlier_year(tail, y) {
            return Some(Role::Previous);
        }
    }
    None
}

/// True when the text names a four-digit year before `year` ("2016年度").
fn earlier_year(t: &str, year: u16) -> bool {
    let b = t.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && t[i + 4..].starts_with('年')
            && t[i..i + 4].parse::<u16>().is_ok_and(|y| y < year && y > 1990)
    })
}

/// Sections whose text is not a statement about this year's money (definitions, functions).
pub fn skipped_section(heading: &str) -> bool {
    let h = crate::parse::normalize::squeeze(heading);
    h.contains("名词解释")
        || h.contains("主要职能")
        || h.contains("部门职责")
        || h.contains("目录")
        || h.contains("单位构成")
}

const CHANGE_WORDS: &[(&str, i8)] = &[
    ("增长", 1),
    ("增加", 1),
    ("提高", 1),
    ("上升", 1),
    ("增幅", 1),
    ("上涨", 1),
    ("减少", -1),
    ("下降", -1),
    ("降低", -1),
    ("减幅", -1),
    ("降幅", -1),
    ("下调", -1),
];

/// The direction of a phrase that ends with a change word ("比上年增加", "增长了", "增幅为",
/// "增长4 " with a page number left inside).
fn ends_with_change(left: &str) -> Option<(i8, usize)> {
    let mut t = left.trim_end();
    // a stray page number between the word and the figure ("增长4 13.11%")
    if t.ends_with(|c: char| c.is_ascii_digit()) && left.ends_with(' ') {
        t = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    }
    let t = t.trim_end_matches(['为', '了', '约', '达', '：']);
    CHANGE_WORDS
        .iter()
        .find(|(w, _)| t.ends_with(w))
        .map(|(w, s)| (*s, t.len() - w.len()))
}

fn baseline(text: &str) -> Baseline {
    let missing = ["比减少", "比增加", "比下降", "比增长"].iter().any(|w| {
        text.match_indices(w).any(|(i, _)| {
            !(text[..i].ends_with('相') || text[..i].ends_with('同') || text[..i].ends_with('对'))
        })
    });
    if missing {
        Baseline::Missing
    } else if text.contains("执行数") {
        Baseline::PreviousExecution
    } else if text.contains("年预算") || text.contains("上年预算") {
        Baseline::PreviousBudget
    } else if text.contains('比') || text.contains("相比") || text.contains("同比") || text.contains("较上年")
    {
        Baseline::PreviousYear
    } else {
        Baseline::None
    }
}

/// The subject words of a left context: the text after the last separator.
fn subject_phrase(left: &str) -> &str {
    let mut start = 0;
    for sep in ["：", "，", "其中", "包括", "以下方面", "具体如下"] {
        if let Some(p) = left.rfind(sep) {
            start = start.max(p + sep.len());
        }
    }
    &left[start..]
}

/// For a change amount: the subject words before the comparison ("“三公”经费预算比上年减少" →
/// "“三公”经费预算"; "与上年相比收、支预算总计各增加" → "收、支预算总计").
fn change_subject(phrase: &str) -> &str {
    let p = if let Some(i) = phrase.find("相比") {
        &phrase[i + "相比".len()..]
    } else if let Some(i) = phrase.find('比') {
        &phrase[..i]
    } else if let Some(i) = phrase.find("较上年") {
        &phrase[..i]
    } else if let Some(i) = phrase.find("同比") {
        &phrase[..i]
    } else {
        phrase
    };
    p.trim_end_matches('各')
}

fn comparison_words(clause: &str) -> Option<(Comparison, String)> {
    let c = clause;
    let i = c.find("决算数").or_else(|| c.find("决算"))?;
    let rest = &c[i..];
    let j = rest
        .find("预算数")
        .or_else(|| rest[3..].find("预算").map(|k| k + 3))?;
    let between = &rest[..j];
    let kind = if between.contains("大于") || between.contains("高于") || between.contains("超过") {
        Comparison::Greater
    } else if between.contains("小于") || between.contains("低于") {
        Comparison::Less
    } else if between.contains("等于") {
        Comparison::Equal
    } else if rest.contains("持平") || rest.contains("一致") || rest.contains("相等") {
        if rest.contains("基本") {
            Comparison::Roughly
        } else {
            Comparison::Equal
        }
    } else {
        return None;
    };
    let end = (j + "预算数".len()).min(rest.len());
    let end = (end..=rest.len())
        .find(|e| rest.is_char_boundary(*e))
        .unwrap_or(rest.len());
    let words = if matches!(kind, Comparison::Roughly) || rest[..end].len() < 6 {
        rest.chars().take(16).collect()
    } else {
        rest[..end].to_string()
    };
    Some((kind, words))
}

/// The stated reason after byte `from` of a paragraph whose "主要原因" are at `reasons`
/// (found once per paragraph: a scan of the rest for every change would be quadratic).
fn reason_after(text: &str, reasons: &[usize], from: usize) -> Option<(i8, String)> {
    let i = *reasons.get(reasons.partition_point(|&r| r < from))?;
    reason_direction(&text[i..])
}

fn reason_direction(after: &str) -> Option<(i8, String)> {
    let i = after.find("主要原因")?;
    let r = &after[i..];
    let end = r.find('。').unwrap_or(r.len());
    let r = &r[..end];
    let t = r.trim_end_matches(['等', '；', '，']);
    let dir = CHANGE_WORDS
        .iter()
        .find(|(w, _)| t.ends_with(w) && !t.ends_with(&format!("不{w}")))?
        .1;
    Some((dir, r.to_string()))
}

/// Reads the narrative of a document.
pub fn read(doc: &Document) -> Narrative {
    let mut out = Narrative::default();
    let department = doc.department.as_deref();
    for (si, section) in doc.sections.iter().enumerate() {
        if skipped_section(&section.heading) || out.cut.is_some() {
            continue;
        }
        read_section(doc, si, section, department, &mut out);
    }
    if let Some((line, _)) = out.cut {
        // count the paragraphs left unread
        let left = doc
            .sections
            .iter()
            .filter(|s| !skipped_section(&s.heading))
            .flat_map(|s| &s.paragraphs)
            .filter(|p| p.line >= line)
            .count();
        out.cut = Some((line, left));
    }
    out
}

fn is_project_field(t: &str) -> bool {
    [
        "项目名称",
        "预算安排规模",
        "资金分配情况",
        "项目承担单位",
        "资金执行时间",
        "设立的政策依据",
        "项目概述",
        "立项依据",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

fn read_project_field(section: usize, line: u32, t: &str, out: &mut Narrative) {
    if let Some(name) = t.strip_prefix("项目名称") {
        out.projects.push(ProjectNote {
            section,
            line,
            name: name.trim_start_matches('：').trim_end_matches('。').to_string(),
            ..ProjectNote::default()
        });
        return;
    }
    let Some(p) = out.projects.last_mut().filter(|p| p.section == section) else {
        return;
    };
    if t.starts_with("预算安排规模") {
        if let Some(f) = figures(t).into_iter().find(Figure::is_amount) {
            p.amount = Some((f, line));
        }
    } else if t.starts_with("资金分配情况") {
        p.allocation_line = line;
        let mut pos = t.find('：').map(|i| i + '：'.len_utf8()).unwrap_or(0);
        for f in figures(t).into_iter().filter(Figure::is_amount) {
            let label = t[pos.min(f.start)..f.start]
                .trim_matches(['，', '、', '；', '：', '。'])
                .to_string();
            pos = f.end;
            p.allocation.push((label, f));
        }
    }
}

fn read_section(doc: &Document, si: usize, section: &Section, department: Option<&str>, out: &mut Narrative) {
    let heading = tidy(&section.heading);
    let income_section = heading.contains("收入") && !heading.contains("支出");
    let mut parent: Option<usize> = None;
    for p in &section.paragraphs {
        let text = tidy(&p.text);
        if is_project_field(&text) {
            read_project_field(si, p.line, &text, out);
            continue;
        }
        let figs = figures(&text);
        if out.cut.is_some() || out.figures + figs.len() > MAX_FIGURES {
            out.cut.get_or_insert((p.line, 0));
            return;
        }
        out.figures += figs.len();
        let reasons: Vec<usize> = text.match_indices("主要原因").map(|(i, _)| i).collect();
        let mut staff = Staff {
            line: p.line,
            section: si,
            text: text.clone(),
            ..Staff::default()
        };
        // the subject a neutral figure belongs to, and the fact being filled
        let mut current: Option<(Option<Subject>, String)> = None;
        let mut cur: Option<usize> = None;
        let mut paragraph_facts: Vec<usize> = Vec::new();
        for (ci, &(cs, ce)) in clauses(&text).iter().enumerate() {
            let clause = &text[cs..ce];
            // the figures are in order: the clause's are found by bisection, not by a scan
            let first = figs.partition_point(|f| f.start < cs);
            let in_clause: Vec<&Figure> = figs[first..]
                .iter()
                .take_while(|f| f.start < ce)
                .filter(|f| f.end <= ce)
                .collect();
            if clause.starts_with("其中") {
                if let Some(c) = cur.filter(|&c| out.facts[c].current().is_some()) {
                    parent = Some(c);
                }
            }
            if in_clause.is_empty() {
                let cleaned = subject::clean(clause, department);
                if cleaned.contains("（类）") || cleaned.contains("（款）") || cleaned.contains("（项）")
                {
                    // "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：…"
                    if let Resolved::Known(s) = subject::resolve(&cleaned, income_section) {
                        current = Some((Some(s), cleaned.clone()));
                        cur = None;
                    }
                } else if ci == 0 {
                    // a heading-like first clause names the subject of what follows
                    if cleaned.chars().count() <= 60 {
                        if let Resolved::Known(s) = subject::resolve(&cleaned, income_section) {
                            current = Some((Some(s), cleaned));
                        }
                    }
                }
                if clause.contains("其中") {
                    if let Some(c) = cur {
                        parent = Some(c);
                    }
                }
                if let Some(c) = cur {
                    let f = &mut out.facts[c];
                    let starts_cmp =
                        clause.starts_with('比') || clause.starts_with('与') || clause.starts_with('较');
                    if starts_cmp && is_flat(clause) && !clause.contains("决算数") {
                        f.flat = true;
                        f.base = baseline(clause);
                    }
                }
                if let Some(cmp) = comparison_words(clause) {
                    attach_comparison(out, &paragraph_facts, si, p.line, cmp);
                }
                continue;
            }
            let mut pos = cs;
            for f in in_clause {
                let left_raw = &text[pos..f.start];
                let left = left_raw.trim_start_matches(['，', '、', '：']);
                pos = f.end;
                match f.kind {
                    FigureKind::Count => continue,
                    FigureKind::Persons => {
                        if ends_with_change(left).is_some() {
                            continue;
                        }
                        let slot = if left.contains("编制") {
                            &mut staff.authorized
                        } else if left.contains("实有") {
                            &mut staff.actual
                        } else if left.contains("在职") {
                            &mut staff.active
                        } else if left.contains("离休") {
                            &mut staff.lixiu
                        } else if left.contains("退休") {
                            &mut staff.retired
                        } else {
                            continue;
                        };
                        if slot.is_none() {
                            *slot = Some(f.clone());
                        }
                        continue;
                    }
                    FigureKind::Percent => {
                        let target = if let Some(i) = left.rfind('占') {
                            let of_phrase = left[i + '占'.len_utf8()..].trim_end_matches('的').to_string();
                            let of = match subject::resolve(
                                &subject::clean(&of_phrase, department),
                                income_section,
                            ) {
                                Resolved::Known(s) => Some(s),
                                _ => None,
                            };
                            Slot::Share(Share {
                                pct: f.clone(),
                                of_phrase,
                                of,
                            })
                        } else if let Some((sign, _)) = ends_with_change(left) {
                            Slot::Rate(sign, baseline(left))
                        } else if left.contains("完成") {
                            Slot::Completion
                        } else {
                            out.loose.push(Loose {
                                section: si,
                                line: p.line,
                                figure: f.clone(),
                                phrase: left.to_string(),
                            });
                            continue;
                        };
                        let c =
                            ensure_fact(out, &mut cur, &current, &mut paragraph_facts, si, p.line, &target);
                        fill(&mut out.facts[c], target, f, clause, cs);
                        let next_start = figs
                            .get(figs.partition_point(|g| g.start < f.end))
                            .map(|g| g.start)
                            .unwrap_or(ce)
                            .min(ce);
                        if text[f.end..next_start].contains("其中") && out.facts[c].current().is_some() {
                            parent = Some(c);
                        }
                    }
                    FigureKind::Amount(_) | FigureKind::BareZero => {
                        let (slot, words) = if let Some((sign, at)) = ends_with_change(left) {
                            let phrase = subject_phrase(&left[..at]);
                            (
                                Slot::Delta(sign, baseline(left)),
                                change_subject(phrase).to_string(),
                            )
                        } else if left.contains("年初预算") {
                            (Slot::Budget, subject_phrase(left).to_string())
                        } else if left.contains("决算") && doc.kind != DocKind::Budget {
                            (Slot::Actual, subject_phrase(left).to_string())
                        } else if left.contains("执行数") {
                            (Slot::Previous, String::new())
                        } else if let Some(role) = level_role(left, doc.year) {
                            out.skipped.push(Skipped {
                                section: si,
                                line: p.line,
                                figure: f.clone(),
                                phrase: left.to_string(),
                                role,
                            });
                            // what follows ("…，其中财政拨款 Y 万元") is about this figure, whose
                            // subject is not a level the tables show
                            current = Some((None, subject_phrase(left).to_string()));
                            cur = None;
                            continue;
                        } else {
                            (Slot::Level, subject_phrase(left).to_string())
                        };
                        let cleaned = subject::clean(
                            words
                                .trim_end_matches("年初预算为")
                                .trim_end_matches("年初预算数为")
                                .trim_end_matches("支出决算为")
                                .trim_end_matches("决算数为")
                                .trim_end_matches("决算为"),
                            department,
                        );
                        let income = income_section
                            || parent.is_some_and(|p| {
                                matches!(
                                    out.facts[p].subject,
                                    Some(Subject::IncomeTotal | Subject::Income(_))
                                )
                            });
                        let head =
                            left[..left.len() - words_len(left, &slot)].trim_end_matches(['：', '，', ' ']);
                        // "预算资金 X 万元，其中财政拨款 Y 万元": the part of a whole the checker did
                        // not recognise has that whole's unknown scope
                        let part_of_unknown = matches!(slot, Slot::Level)
                            && left[..left.len() - words_len(left, &slot)].ends_with("其中")
                            && current.as_ref().is_some_and(|(s, _)| s.is_none());
                        // "其中一般公共预算拨款政府采购 X 万元：政府采购货物预算 Y 万元…": the items
                        // after a fund's part are that fund's
                        let before = &text[cs..f.start];
                        let fund_scoped = before.rfind("其中").is_some_and(|i| {
                            let after = &before[i..];
                            after.contains("一般公共预算") || after.contains("财政拨款")
                        });
                        let resolved = match subject::resolve(&cleaned, income) {
                            Resolved::Known(_) if part_of_unknown => Resolved::Unknown(cleaned.clone()),
                            Resolved::Known(Subject::Procurement(_)) if fund_scoped => {
                                Resolved::Unknown(cleaned.clone())
                            }
                            // "一般公共预算财政拨款支出 X 万元…其中：基本支出 Y 万元": the part has
                            // the scope of its whole
                            Resolved::Known(s @ (Subject::Basic | Subject::Project))
                                if matches!(slot, Slot::Level) =>
                            {
                                // the whole stated in the same paragraph ("…支出 X 万元。其中：基本支出")
                                let whole = parent
                                    .filter(|&q| out.facts[q].line == p.line && out.facts[q].section == si)
                                    .and_then(|q| out.facts[q].subject.as_ref());
                                match whole {
                                    Some(Subject::GeneralBudget) => Resolved::Known(if s == Subject::Basic {
                                        Subject::GeneralBudgetBasic
                                    } else {
                                        Subject::GeneralBudgetProject
                                    }),
                                    Some(
                                        Subject::FiscalExpenditure
                                        | Subject::FiscalTotal
                                        | Subject::Income(Source::Fiscal | Source::GeneralBudget),
                                    ) => Resolved::Unknown(cleaned.clone()),
                                    _ => Resolved::Known(s),
                                }
                            }
                            // "检察（款）：2018年预算支出合计 16,444.36 万元": the total of the 款
                            // named before, not the department's
                            Resolved::Known(
                                Subject::Total | Subject::IncomeTotal | Subject::ExpenditureTotal,
                            ) if matches!(slot, Slot::Level) && has_function_mark(head) => {
                                match subject::resolve(&subject::clean(head, department), income) {
                                    Resolved::Known(s @ Subject::Function(_)) => Resolved::Known(s),
                                    _ => Resolved::Unknown(format!("{head}{cleaned}")),
                                }
                            }
                            r => r,
                        };
                        match resolved {
                            Resolved::Known(s) => {
                                // "收入支出总计 2995.39 万元。与上年相比，收入支出总计减少 56.95 万元":
                                // the same subject again in the paragraph continues its fact
                                cur = paragraph_facts
                                    .iter()
                                    .rev()
                                    .copied()
                                    .find(|&c| out.facts[c].subject.as_ref() == Some(&s))
                                    .filter(|&c| {
                                        !slot_taken(&out.facts[c], &slot)
                                            && !matches!(slot, Slot::Level | Slot::Actual)
                                    });
                                current = Some((Some(s), display_phrase(&cleaned)));
                            }
                            Resolved::Unknown(u) => {
                                current = Some((None, u));
                                cur = None;
                            }
                            Resolved::Neutral => {
                                // "…25.00万元…2024年预算安排25.00万元": the same level restated
                                if let (Slot::Level, Some(c)) = (&slot, cur) {
                                    if out.facts[c]
                                        .level
                                        .as_ref()
                                        .is_some_and(|l| l.interval() == f.interval())
                                    {
                                        let fact = &mut out.facts[c];
                                        if !fact.text.contains(clause) {
                                            fact.text.push('。');
                                            fact.text.push_str(clause);
                                        }
                                        continue;
                                    }
                                }
                            }
                        }
                        let c = ensure_fact(out, &mut cur, &current, &mut paragraph_facts, si, p.line, &slot);
                        if matches!(slot, Slot::Level | Slot::Actual) && out.facts[c].parent.is_none() {
                            out.facts[c].parent = parent.filter(|&pp| pp != c);
                        }
                        fill(&mut out.facts[c], slot.clone(), f, clause, cs);
                        // "X 万元，其中：" / "主要用于以下方面：" makes X the whole of what follows
                        let next_start = figs
                            .get(figs.partition_point(|g| g.start < f.end))
                            .map(|g| g.start)
                            .unwrap_or(ce)
                            .min(ce);
                        let after = &text[f.end..next_start];
                        if out.facts[c].current().is_some()
                            && (after.contains("其中")
                                || after.contains("以下方面")
                                || (after.contains("包括") && !after.contains("主要包括")))
                        {
                            parent = Some(c);
                        }
                        if matches!(slot, Slot::Delta(..)) && out.facts[c].reason.is_none() {
                            out.facts[c].reason = reason_after(&text, &reasons, f.end);
                        }
                    }
                }
            }
            if let Some(c) = cur {
                if is_flat(clause) && !clause.contains("决算数") && out.facts[c].delta.is_none() {
                    out.facts[c].flat = true;
                    if out.facts[c].base == Baseline::None {
                        out.facts[c].base = baseline(clause);
                    }
                }
                // "比上年增加 X 万元，其中：…" makes the change the whole of what follows — only when
                // the 其中 comes after the change ("其中：基本支出…，公用经费增加 Y 万元；项目支出…"
                // leaves the whole before it)
                let after_change = out.facts[c]
                    .delta
                    .as_ref()
                    .is_some_and(|(_, d)| clause.rfind("其中：").is_some_and(|k| cs + k >= d.end));
                if after_change && out.facts[c].level.is_none() {
                    parent = Some(c);
                }
            }
            if let Some(cmp) = comparison_words(clause) {
                attach_comparison(out, &paragraph_facts, si, p.line, cmp);
            }
        }
        for &c in &paragraph_facts {
            if out.facts[c].rate.is_some() && out.facts[c].reason.is_none() {
                // after the fact's words: where its first clause starts, else anywhere
                let t = &out.facts[c].text;
                let from = out.facts[c].start.min(text.len());
                let end = if text[from..].starts_with(t.as_str()) {
                    from + t.len()
                } else {
                    text.find(t.as_str()).map(|i| i + t.len()).unwrap_or(0)
                };
                out.facts[c].reason = reason_after(&text, &reasons, end);
            }
        }
        if staff.authorized.is_some() || staff.actual.is_some() {
            out.staff.push(staff);
        }
    }
}

/// The length of the subject words of a level's left context (0 for other slots).
fn words_len(left: &str, slot: &Slot) -> usize {
    if matches!(slot, Slot::Level) {
        subject_phrase(left).len()
    } else {
        0
    }
}

/// True when the text names a 功能分类 level with its mark ("检察（款）").
fn has_function_mark(t: &str) -> bool {
    t.contains("（类）") || t.contains("（款）") || t.contains("（项）")
}

/// A subject phrase without its trailing connecting words ("…（项）预算数为" → "…（项）").
fn display_phrase(p: &str) -> String {
    let mut t = p.trim();
    loop {
        let before = t;
        for w in ["预算数为", "预算为", "预算数", "预算安排", "为", "是", "的"] {
            t = t.strip_suffix(w).unwrap_or(t);
        }
        if t == before {
            break;
        }
    }
    t.trim_matches(['“', '”']).to_string()
}

fn is_flat(clause: &str) -> bool {
    (clause.contains("持平")
        || clause.contains("无变化")
        || clause.contains("保持不变")
        || clause.contains("一致"))
        && (clause.contains('比')
            || clause.contains("相比")
            || clause.contains("与上年")
            || clause.contains("上年"))
}

fn attach_comparison(
    out: &mut Narrative,
    paragraph_facts: &[usize],
    si: usize,
    line: u32,
    cmp: (Comparison, String),
) {
    if let Some(&c) = paragraph_facts
        .iter()
        .rev()
        .find(|&&c| out.facts[c].budget.is_some() && out.facts[c].actual.is_some())
    {
        if out.facts[c].comparison.is_none() {
            out.facts[c].comparison = Some(cmp);
        }
    } else {
        out.orphan_comparisons.push((si, line, cmp.1));
    }
}

#[derive(Debug, Clone)]
enum Slot {
    Level,
    Previous,
    Budget,
    Actual,
    Completion,
    Delta(i8, Baseline),
    Rate(i8, Baseline),
    Share(Share),
}

fn slot_taken(f: &Fact, s: &Slot) -> bool {
    match s {
        Slot::Level => f.level.is_some() || f.actual.is_some(),
        Slot::Previous => f.previous.is_some(),
        Slot::Budget => f.budget.is_some(),
        Slot::Actual => f.actual.is_some() || f.level.is_some(),
        Slot::Completion => f.completion.is_some(),
        Slot::Delta(..) => f.delta.is_some(),
        Slot::Rate(..) => f.rate.is_some(),
        Slot::Share(_) => f.share.is_some(),
    }
}

/// The fact a figure goes into: the current one when its slot is free, else a new fact
/// about the current subject.
fn ensure_fact(
    out: &mut Narrative,
    cur: &mut Option<usize>,
    current: &Option<(Option<Subject>, String)>,
    paragraph_facts: &mut Vec<usize>,
    section: usize,
    line: u32,
    slot: &Slot,
) -> usize {
    if let Some(c) = *cur {
        if !slot_taken(&out.facts[c], slot) {
            return c;
        }
    }
    let (subject, phrase) = current.clone().unwrap_or((None, String::new()));
    out.facts.push(Fact::new(section, line, subject, phrase));
    let c = out.facts.len() - 1;
    *cur = Some(c);
    paragraph_facts.push(c);
    c
}

fn fill(f: &mut Fact, slot: Slot, fig: &Figure, clause: &str, at: usize) {
    if f.text.is_empty() {
        f.start = at;
    }
    if !f.text.contains(clause) {
        if !f.text.is_empty() {
            f.text.push('。');
        }
        f.text.push_str(clause);
    }
    match slot {
        Slot::Level => f.level = Some(fig.clone()),
        Slot::Previous => f.previous = Some(fig.clone()),
        Slot::Budget => f.budget = Some(fig.clone()),
        Slot::Actual => f.actual = Some(fig.clone()),
        Slot::Completion => f.completion = Some(fig.clone()),
        Slot::Delta(sign, base) => {
            f.delta = Some((sign, fig.clone()));
            if f.base == Baseline::None || base == Baseline::Missing {
                f.base = base;
            }
        }
        Slot::Rate(sign, base) => {
            f.rate = Some((sign, fig.clone()));
            if f.base == Baseline::None {
                f.base = base;
            }
        }
        Slot::Share(s) => f.share = Some(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paragraph;

    fn doc(kind: DocKind, paragraphs: &[&str]) -> Document {
        Document {
            kind,
            year: Some(2019),
            department: Some("某办".into()),
            tables: vec![],
            sections: vec![Section {
                heading: "三、支出预算情况说明".into(),
                line: 1,
                paragraphs: paragraphs
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Paragraph {
                        line: i as u32 + 2,
                        text: t.to_string(),
                    })
                    .collect(),
            }],
            performance: vec![],
            issues: vec![],
            units: vec![],
        }
    }

    #[test]
    fn level_share_and_change() {
        let n = read(&doc(
            DocKind::Budget,
            &[
                "某办部门单位 2019 年支出预算 8582060.85 元，其中：",
                "基本支出 347.90 万元，占 40.54%，比减少 33.79 万元，主要原因是人事关系发生变动导致基本支出较上年减少。",
            ],
        ));
        assert_eq!(n.facts.len(), 2, "{:#?}", n.facts);
        let total = &n.facts[0];
        assert_eq!(total.subject, Some(Subject::ExpenditureTotal));
        assert_eq!(total.level.as_ref().unwrap().raw, "8582060.85元");
        let basic = &n.facts[1];
        assert_eq!(basic.subject, Some(Subject::Basic));
        assert_eq!(basic.parent, Some(0));
        assert_eq!(basic.share.as_ref().unwrap().pct.raw, "40.54%");
        assert_eq!(basic.delta.as_ref().unwrap().0, -1);
        assert_eq!(basic.base, Baseline::Missing);
        assert_eq!(basic.reason.as_ref().unwrap().0, -1);
    }

    #[test]
    fn a_part_after_a_changed_part_keeps_the_whole_scope() {
        // (重庆市气象局 2026: "其中：基本支出…，公用经费增加 4.43 万元；项目支出 7,227.34 万元")
        let n = read(&doc(
            DocKind::Budget,
            &["2026年一般公共预算财政拨款支出12,672.73万元，比2025年增加552.5万元。其中：基本支出5,445.39万元，比2025年增加994.5万元，主要原因是人员经费增加990.07万元，公用经费增加4.43万元；项目支出7,227.34万元，主要用于认真落实。"],
        ));
        let project = n
            .facts
            .iter()
            .find(|f| f.level.as_ref().is_some_and(|l| l.raw == "7,227.34万元"))
            .expect("the 项目支出 fact");
        assert_eq!(
            project.subject,
            Some(Subject::GeneralBudgetProject),
            "{:#?}",
            n.facts
        );
    }

    #[test]
    fn change_from_zero_and_previous() {
        let n = read(&doc(
            DocKind::Budget,
            &[
                "1. 一般公共服务支出（类）网信事务（款）其他网信事务支出（项）2019 年预算数为 510.31 万元，比上年执行数增加 510.31 万元，增长 0%，主要原因是：验收完开始付费。",
                "9. “教育支出（类）其他教育支出（款）其他教育支出（项）”25.00万元，主要用于其他教育支出。2023年当年预算执行数为0.00万元，2024年预算安排25.00万元，比2023年预算执行数增加100.00%。",
            ],
        ));
        let f = &n.facts[0];
        assert!(matches!(&f.subject, Some(Subject::Function(v)) if v.len() == 3));
        assert_eq!(f.level.as_ref().unwrap().raw, "510.31万元");
        assert_eq!(f.delta.as_ref().unwrap().1.raw, "510.31万元");
        assert_eq!(f.rate.as_ref().unwrap().1.raw, "0%");
        assert_eq!(f.base, Baseline::PreviousExecution);
        let e: Vec<&Fact> = n.facts[1..].iter().collect();
        assert!(
            e.iter()
                .any(|f| f.previous.as_ref().is_some_and(|p| p.raw == "0.00万元")
                    && f.rate.as_ref().is_some_and(|r| r.1.raw == "100.00%")),
            "{e:#?}"
        );
    }

    #[test]
    fn final_account_comparison_words() {
        let n = read(&doc(
            DocKind::FinalAccount,
            &["7、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。主要用于：在职人员的职业年金缴费支出。年初预算为 80.81 万元，支出决算为80.38 万元。 决算数大于预算数的主要原因：预算按周全保障测算。"],
        ));
        let f = &n.facts[0];
        assert!(
            matches!(&f.subject, Some(Subject::Function(v)) if v.len() == 3),
            "{f:#?}"
        );
        assert_eq!(f.budget.as_ref().unwrap().raw, "80.81万元");
        assert_eq!(f.actual.as_ref().unwrap().raw, "80.38万元");
        assert_eq!(f.comparison.as_ref().unwrap().0, Comparison::Greater);
    }

    #[test]
    fn staff_and_projects() {
        let n = read(&doc(
            DocKind::Budget,
            &[
                "某办单位编制数 20 人，实有人数 10 人，其中：在职 7 人，增加 2 人；退休 0 人，增加 0 人；离休 0 人，增加 0 人。",
                "项目名称：网络维护费",
                "预算安排规模：212.74 万元",
                "资金分配情况：机房维护费 68.11 万元，光线、链路租赁费 117.63 万元，机房电费 27 万元",
            ],
        ));
        let s = &n.staff[0];
        assert_eq!(s.authorized.as_ref().unwrap().raw, "20人");
        assert_eq!(s.actual.as_ref().unwrap().raw, "10人");
        assert_eq!(s.active.as_ref().unwrap().raw, "7人");
        assert_eq!(s.retired.as_ref().unwrap().raw, "0人");
        assert_eq!(s.lixiu.as_ref().unwrap().raw, "0人");
        let p = &n.projects[0];
        assert_eq!(p.name, "网络维护费");
        assert_eq!(p.amount.as_ref().unwrap().0.raw, "212.74万元");
        let labels: Vec<&str> = p.allocation.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["机房维护费", "光线、链路租赁费", "机房电费"]);
        assert!(n.facts.is_empty());
    }
}
