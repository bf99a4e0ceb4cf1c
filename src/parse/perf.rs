//! 项目支出绩效目标表 blocks → [`PerformanceTable`].
//!
//! Three layouts are read:
//!
//! * **rows**: one table row per line, cells separated by tabs (office exports, OCR), by
//!   `|` (markdown) or by wide runs of spaces (`pdftotext -layout`);
//! * **cell per line**: web captures that print one cell per line, each followed by `|`.
//!   Row breaks are lost (rowspans make them ambiguous), so cells are read as a stream;
//! * **glued**: a document preview whose cells ran together on one line (鄂州 2022). It
//!   is cut at the template's field names, level names and the `反映…` explanations.
//!
//! The header fields (项目名称, 预算单位, 项目资金 年度资金总额 / 财政拨款 / 其他资金,
//! 实施期, 总体目标, 年度目标) are key–value cells. The indicators are read by one state
//! machine for all layouts: a cell naming a 一级 or 二级 level (from the lexicon) opens a
//! group, the next text is a 三级 name, and what follows it is its value. Blank 一级/二级
//! cells continue the previous group; a 二级 group that receives no indicator is kept as
//! a placeholder row.

use crate::model::{CostBreakdown, CostRow, Indicator, PerformanceLayout, PerformanceTable, Unit};
use crate::perf::lexicon::{self, Level};
use crate::perf::value::{self, Kind};
use crate::perf::{valid_pair, Generation};

use super::lexer::Line;
use super::normalize::{squeeze, strip_markdown, tidy_label};

#[derive(Debug, Clone)]
pub(super) struct PCell {
    pub(super) text: String,
    pub(super) line: u32,
    /// Tab column, when the layout has one.
    pub(super) col: Option<u32>,
}

/// True for a line that holds a whole 绩效目标表 run together (a document preview).
pub fn is_glued(text: &str) -> bool {
    let t = squeeze(text);
    t.chars().count() > 80
        && t.contains("绩效目标")
        && t.contains("项目名称")
        && (t.contains("一级指标") || t.contains("绩效指标"))
}

/// Parses a block: its first line is the title (or, for a glued block, everything).
pub fn parse_block(lines: &[Line]) -> PerformanceTable {
    let first = lines.first();
    let mut pt = PerformanceTable {
        line: first.map(|l| l.no).unwrap_or(1),
        end_line: lines.last().map(|l| l.no).unwrap_or(1),
        title: first
            .map(|l| squeeze(strip_markdown(&l.text)))
            .unwrap_or_default(),
        layout: PerformanceLayout::Rows,
        project: None,
        unit_name: None,
        total_funds: None,
        fiscal_funds: None,
        other_funds: None,
        funds_unit: None,
        funds_line: None,
        goal: None,
        annual_goal: None,
        period: None,
        costs: None,
        indicators: Vec::new(),
        truncated: false,
        ..Default::default()
    };
    let Some(first) = first else { return pt };
    if is_glued(&first.text) {
        pt.layout = PerformanceLayout::Glued;
        glued(first, &mut pt);
        pt.truncated = cut_off(&pt);
        return pt;
    }
    let body = &lines[1..];
    let (layout, rows) = rows_of(body);
    pt.layout = layout;
    let stream = layout == PerformanceLayout::CellPerLine;
    // header fields, up to the indicator header
    let mut start_row = rows.len();
    let mut start_cell = 0;
    'find: for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let n = lexicon::norm(&cell.text);
            if n == "一级指标"
                || lexicon::level(&cell.text).is_some_and(|l| l.can_be_first()) && !n.contains("满意")
            {
                start_row = r;
                start_cell = c;
                break 'find;
            }
        }
    }
    let header: Vec<Vec<PCell>> = rows
        .iter()
        .take(start_row + 1)
        .enumerate()
        .map(|(r, row)| {
            if r == start_row {
                row[..start_cell].to_vec()
            } else {
                row.clone()
            }
        })
        .collect();
    header_fields(&header, stream, &mut pt);
    // the indicators
    let mut m = Machine::default();
    let drop = if stream {
        Vec::new()
    } else {
        dropped_columns(rows.get(start_row))
    };
    for (r, row) in rows.iter().enumerate().skip(start_row) {
        let cells: Vec<&PCell> = row
            .iter()
            .skip(if r == start_row { start_cell } else { 0 })
            .filter(|c| c.col.is_none_or(|x| !drop.contains(&x)))
            .collect();
        if m.feed(&cells, stream) {
            break;
        }
        if !stream {
            m.end_row();
        }
    }
    pt.indicators = m.finish();
    pt.truncated = cut_off(&pt);
    pt
}

/// The last value is a comparator with nothing after it.
fn cut_off(pt: &PerformanceTable) -> bool {
    pt.indicators
        .iter()
        .rev()
        .find(|i| !i.is_placeholder())
        .is_some_and(|i| {
            let t = value::parse(&i.value);
            t.kind == Kind::Missing && t.op.is_some()
        })
}

/// Splits the body into rows of cells and tells the layout.
fn rows_of(body: &[Line]) -> (PerformanceLayout, Vec<Vec<PCell>>) {
    let dashes = |t: &str| !t.is_empty() && t.chars().all(|c| matches!(c, '-' | ':' | '—' | ' '));
    if body.iter().any(|l| l.tabbed) {
        let rows = body
            .iter()
            .filter(|l| !l.is_blank())
            .map(|l| {
                l.spans
                    .iter()
                    .filter(|s| !dashes(&s.text))
                    .map(|s| PCell {
                        text: s.text.trim().to_string(),
                        line: l.no,
                        col: l.tabbed.then_some(s.x0),
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|r| !r.is_empty())
            .collect();
        return (PerformanceLayout::Rows, rows);
    }
    let piped: Vec<&Line> = body.iter().filter(|l| l.text.contains('|')).collect();
    if piped.len() >= 3 {
        let pieces = |l: &Line| -> Vec<String> {
            l.text
                .split('|')
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty() && !dashes(p))
                .collect()
        };
        let with_cells: Vec<usize> = body.iter().map(|l| pieces(l).len()).filter(|n| *n > 0).collect();
        let multi = with_cells.iter().filter(|n| **n >= 2).count();
        if multi * 2 < with_cells.len() {
            // one cell per line: a single stream
            let cells = body
                .iter()
                .flat_map(|l| {
                    pieces(l).into_iter().map(move |t| PCell {
                        text: t,
                        line: l.no,
                        col: None,
                    })
                })
                .collect();
            return (PerformanceLayout::CellPerLine, vec![cells]);
        }
        let rows = body
            .iter()
            .map(|l| {
                pieces(l)
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| PCell {
                        text: t,
                        line: l.no,
                        col: Some(i as u32),
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|r| !r.is_empty())
            .collect();
        return (PerformanceLayout::Rows, rows);
    }
    let rows = body
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| {
            l.spans
                .iter()
                .filter(|s| !dashes(&s.text))
                .map(|s| PCell {
                    text: s.text.clone(),
                    line: l.no,
                    col: None,
                })
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect();
    (PerformanceLayout::Rows, rows)
}

/// Header-row columns whose cells are not part of the value: 权重, 指标解释, 评分标准 ….
fn dropped_columns(header: Option<&Vec<PCell>>) -> Vec<u32> {
    let Some(h) = header else { return Vec::new() };
    h.iter()
        .filter(|c| c.col.is_some())
        .filter(|c| {
            let n = lexicon::norm(&c.text);
            [
                "权重",
                "分值",
                "指标解释",
                "评(扣)分标准",
                "评分标准",
                "扣分标准",
                "指标值设定依据",
                "设定依据",
                "绩效标准",
                "备注",
            ]
            .iter()
            .any(|k| n.starts_with(k))
        })
        .filter_map(|c| c.col)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Project,
    UnitName,
    Total,
    Fiscal,
    Other,
    Period,
    Goal,
    AnnualGoal,
    /// A label that only introduces other fields (项目资金（万元））.
    Label,
    /// A field we do not use (项目类别, 立项依据 …).
    Ignore,
    /// 年度资金申请总额: the year's amount, preferred to the project's whole 资金总额.
    AnnualTotal,
    /// 其中：当年财政拨款: the year's appropriation, preferred to 财政资金.
    AnnualFiscal,
    /// 上年结转资金: a part of the year's amount besides 财政拨款 and 其他资金.
    Carry,
}

const KEYS: &[(&str, Key)] = &[
    ("项目名称", Key::Project),
    ("项目支出名称", Key::Project),
    ("预算单位", Key::UnitName),
    ("预算部门", Key::UnitName),
    ("实施单位", Key::UnitName),
    ("项目实施单位", Key::UnitName),
    ("单位名称", Key::UnitName),
    ("预算单位名称", Key::UnitName),
    ("主管部门", Key::Ignore),
    ("主管部门及代码", Key::Ignore),
    ("部门名称", Key::UnitName),
    ("年度资金申请总额", Key::AnnualTotal),
    ("年度预算资金总额", Key::Total),
    ("当年预算", Key::Total),
    ("其中当年财政拨款", Key::AnnualFiscal),
    ("当年财政拨款", Key::AnnualFiscal),
    ("其中财政资金", Key::Fiscal),
    ("上年结转资金", Key::Carry),
    ("上年结转", Key::Carry),
    ("市级支出", Key::Ignore),
    ("补助区县", Key::Ignore),
    ("计划开始日期", Key::Ignore),
    ("计划完成日期", Key::Ignore),
    ("项目概况", Key::Ignore),
    ("当年绩效目标", Key::AnnualGoal),
    ("年度总体目标", Key::AnnualGoal),
    ("项目总目标", Key::Goal),
    ("年度资金总额", Key::Total),
    ("资金总额", Key::Total),
    ("项目资金总额", Key::Total),
    ("年度预算金额", Key::Total),
    ("项目预算金额", Key::Total),
    ("项目总金额", Key::Total),
    ("年度总额", Key::Total),
    ("预算金额", Key::Total),
    ("其中财政拨款", Key::Fiscal),
    ("财政拨款", Key::Fiscal),
    ("年度本级预算金额", Key::Fiscal),
    ("本级预算金额", Key::Fiscal),
    ("本级财政资金", Key::Fiscal),
    ("财政资金", Key::Fiscal),
    ("其他资金", Key::Other),
    ("其中其他资金", Key::Other),
    ("该项目支出上级资金", Key::Other),
    ("上级资金", Key::Other),
    ("自筹资金", Key::Other),
    ("项目支出实施期", Key::Period),
    ("项目实施期", Key::Period),
    ("实施期", Key::Period),
    ("起止时间", Key::Period),
    ("项目起止时间", Key::Period),
    ("项目期限", Key::Period),
    ("实施期限", Key::Period),
    ("执行期限", Key::Period),
    ("总体目标", Key::Goal),
    ("项目总体目标", Key::Goal),
    ("实施期绩效目标", Key::Goal),
    ("实施期目标", Key::Goal),
    ("绩效目标", Key::Goal),
    ("项目绩效目标", Key::Goal),
    ("年度目标", Key::AnnualGoal),
    ("本年度绩效目标", Key::AnnualGoal),
    ("年度绩效目标", Key::AnnualGoal),
    ("当年绩效目标", Key::AnnualGoal),
    ("项目资金", Key::Label),
    ("项目资金情况", Key::Label),
    ("资金情况", Key::Label),
    ("项目类别", Key::Ignore),
    ("项目性质", Key::Ignore),
    ("项目属性", Key::Ignore),
    ("立项依据", Key::Ignore),
    ("填报单位", Key::Ignore),
];

/// A header cell's key, and a value printed in the same cell after a colon.
fn key_of(text: &str) -> Option<(Key, Option<String>)> {
    let n = lexicon::norm(text);
    let bare: String = n
        .replace("(万元)", "")
        .replace("(元)", "")
        .chars()
        .filter(|c| !matches!(c, '：' | ':' | '(' | ')'))
        .collect();
    if let Some((_, k)) = KEYS.iter().find(|(w, _)| *w == bare) {
        return Some((*k, None));
    }
    let t = squeeze(text);
    let i = t.find(['：', ':'])?;
    let head: String = lexicon::norm(&t[..i]).replace("(万元)", "");
    let (_, k) = KEYS.iter().find(|(w, _)| *w == head)?;
    let rest = t[i..].trim_start_matches(['：', ':']).to_string();
    Some((*k, (!rest.is_empty()).then_some(rest)))
}

fn unit_in(text: &str) -> Option<Unit> {
    let t = squeeze(text);
    if t.contains("(万元)") || t.contains("（万元）") || t.contains("单位:万元") || t.contains("单位：万元")
    {
        Some(Unit::WanYuan)
    } else if t.contains("单位:元") || t.contains("单位：元") || t.contains("(元)") || t.contains("（元）")
    {
        Some(Unit::Yuan)
    } else {
        None
    }
}

pub(super) fn header_fields(rows: &[Vec<PCell>], stream: bool, pt: &mut PerformanceTable) {
    let flat: Vec<(usize, &PCell)> = rows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| row.iter().map(move |c| (r, c)))
        .collect();
    let mut carry = false;
    for (i, (r, cell)) in flat.iter().enumerate() {
        if pt.funds_unit.is_none() {
            pt.funds_unit = unit_in(&cell.text);
        }
        let Some((key, inline)) = key_of(&cell.text) else {
            continue;
        };
        let value = inline.map(|v| (v, cell.line)).or_else(|| {
            let (r2, next) = flat.get(i + 1)?;
            if !stream && r2 != r || key_of(&next.text).is_some() {
                return None;
            }
            Some((next.text.clone(), next.line))
        });
        let Some((value, value_line)) = value else {
            continue;
        };
        let v = value.trim().to_string();
        match key {
            Key::AnnualTotal | Key::AnnualFiscal => {
                if matches!(key, Key::AnnualTotal) {
                    pt.total_funds = Some(v);
                    pt.funds_line = Some(value_line);
                } else {
                    pt.fiscal_funds = Some(v);
                }
                continue;
            }
            Key::Carry => {
                // a carry-over makes 总额 = 财政拨款 + 结转 + 其他: the identity is not read
                let zero = crate::parse::lexer::parse_number(&v).is_some_and(|n| n.value.is_zero());
                if !zero {
                    carry = true;
                }
                continue;
            }
            _ => {}
        }
        let slot = match key {
            Key::Project => &mut pt.project,
            Key::UnitName => &mut pt.unit_name,
            Key::Total => &mut pt.total_funds,
            Key::Fiscal => &mut pt.fiscal_funds,
            Key::Other => &mut pt.other_funds,
            Key::Period => &mut pt.period,
            Key::Goal => &mut pt.goal,
            Key::AnnualGoal => &mut pt.annual_goal,
            Key::Label | Key::Ignore | Key::AnnualTotal | Key::AnnualFiscal | Key::Carry => continue,
        };
        if slot.is_none() {
            *slot = Some(if matches!(key, Key::Project | Key::UnitName) {
                tidy_label(&v)
            } else {
                v
            });
            if matches!(key, Key::Total | Key::Fiscal) && pt.funds_line.is_none() {
                pt.funds_line = Some(value_line);
            }
        }
    }
    if carry {
        pt.fiscal_funds = None;
        pt.other_funds = None;
    }
}

/// What a cell in the indicator part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Level(Level),
    Standard,
    Heading,
    End,
    Explanation,
    Valueish,
    Text,
}

fn class_of(text: &str) -> Class {
    let n = lexicon::norm(text);
    if n.is_empty() {
        return Class::Heading;
    }
    if let Some(l) = lexicon::level(text) {
        return Class::Level(l);
    }
    const END: &[&str] = &[
        "财政部门审核意见",
        "主管部门审核意见",
        "审核意见",
        "填表人",
        "单位负责人",
        "联系电话",
        "填报日期",
    ];
    if END.iter().any(|w| n.starts_with(w)) {
        return Class::End;
    }
    const STANDARD: &[&str] = &[
        "计划标准",
        "行业标准",
        "历史标准",
        "其他标准",
        "计划",
        "行业",
        "历史",
        "其他",
    ];
    if STANDARD.contains(&n.as_str()) {
        return Class::Standard;
    }
    const HEADINGS: &[&str] = &[
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效标准",
        "度量单位",
        "计量单位",
        "指标性质",
        "计算符号",
        "权重",
        "分值",
        "指标解释",
        "评(扣)分标准",
        "评分标准",
        "指标值设定依据",
        "本年度绩效指标",
        "年度绩效指标",
        "绩效指标",
        "当年预期实现值",
        "预期实现值",
        "备注",
        "指标名称",
        "指标内容",
        "年度指标值",
        "定性",
        "定量",
    ];
    if HEADINGS.contains(&n.as_str()) || n.starts_with("指标值") {
        return Class::Heading;
    }
    if n.starts_with("反映") {
        return Class::Explanation;
    }
    if valueish(&n) {
        return Class::Valueish;
    }
    Class::Text
}

/// A cell that holds (part of) a quantitative value: a comparator, a number with its unit, a
/// date, or a unit alone.
fn valueish(n: &str) -> bool {
    if [
        "%", "元", "万元", "个", "人", "次", "人次", "条", "年", "天", "月", "辆", "台", "套", "件", "项",
    ]
    .contains(&n)
    {
        return true;
    }
    let t = value::parse(n);
    match t.kind {
        Kind::Missing => t.op.is_some(),
        Kind::Number { .. } | Kind::Date { .. } => t.lead.chars().count() <= 2 && t.rest.chars().count() <= 4,
        Kind::Text(_) => false,
    }
}

#[derive(Debug, Default)]
struct Pending {
    name: String,
    line: u32,
    value: Vec<String>,
    explanation: Vec<String>,
    level2_printed: bool,
}

#[derive(Debug, Default)]
struct Machine {
    l1: String,
    l1_line: u32,
    l1_used: bool,
    l2: String,
    l2_line: u32,
    l2_used: bool,
    fresh_l2: bool,
    pending: Option<Pending>,
    out: Vec<Indicator>,
}

impl Machine {
    /// Feeds a row (or the whole stream). Returns true at the end of the indicators.
    fn feed(&mut self, cells: &[&PCell], stream: bool) -> bool {
        let classes: Vec<Class> = cells.iter().map(|c| class_of(&c.text)).collect();
        for (i, cell) in cells.iter().enumerate() {
            match classes[i] {
                Class::End => {
                    self.flush();
                    return true;
                }
                Class::Heading => {}
                Class::Standard => {
                    if stream {
                        self.flush();
                    }
                }
                Class::Level(l) => {
                    let prev_is_level = i > 0 && matches!(classes[i - 1], Class::Level(_));
                    let next_is_level = matches!(classes.get(i + 1), Some(Class::Level(_)));
                    let first = if l.can_be_first() && !l.can_be_second() {
                        true
                    } else if !l.can_be_first() || prev_is_level || self.l1.is_empty() && !self.l2.is_empty()
                    {
                        // no 一级 printed yet but 二级 groups: one more 二级
                        false
                    } else if next_is_level {
                        true
                    } else {
                        // 成本 / 满意度 followed by a name: a 二级 when the current 一级 can hold it
                        let cur = lexicon::level(&self.l1);
                        !cur.is_some_and(|c| {
                            [Generation::Y2015, Generation::Y2021, Generation::Legacy]
                                .iter()
                                .any(|g| valid_pair(*g, c, l))
                        })
                    };
                    self.flush();
                    if first {
                        self.close_l2();
                        self.close_l1();
                        self.l1 = tidy_label(&cell.text);
                        self.l1_line = cell.line;
                        self.l1_used = false;
                        self.l2.clear();
                    } else {
                        self.close_l2();
                        self.l2 = tidy_label(&cell.text);
                        self.l2_line = cell.line;
                        self.l2_used = false;
                        self.fresh_l2 = true;
                    }
                }
                Class::Explanation => {
                    if let Some(p) = self.pending.as_mut() {
                        p.explanation.push(cell.text.clone());
                    }
                }
                Class::Valueish | Class::Text => {
                    let text = cell.text.trim().to_string();
                    let is_value = classes[i] == Class::Valueish;
                    match self.pending.as_mut() {
                        None => {
                            if is_value {
                                // a value with no name before it: the previous row's, if it had none
                                if let Some(last) = self
                                    .out
                                    .last_mut()
                                    .filter(|l| l.value.is_empty() && !l.level3.is_empty())
                                {
                                    last.value = text;
                                }
                                continue;
                            }
                            self.start(text, cell.line);
                        }
                        Some(p) if p.value.is_empty() => p.value.push(text),
                        Some(p) => {
                            if is_value && joins(&p.value, &text) {
                                p.value.push(text);
                            } else if stream && !is_value {
                                self.flush();
                                self.start(text, cell.line);
                            } else {
                                p.explanation.push(text);
                            }
                        }
                    }
                }
            }
        }
        false
    }

    fn start(&mut self, name: String, line: u32) {
        self.pending = Some(Pending {
            name,
            line,
            value: Vec::new(),
            explanation: Vec::new(),
            level2_printed: self.fresh_l2,
        });
        self.fresh_l2 = false;
    }

    fn end_row(&mut self) {
        self.flush();
        self.fresh_l2 = false;
    }

    fn flush(&mut self) {
        let Some(p) = self.pending.take() else { return };
        let name = tidy_label(&p.name);
        if name.is_empty() {
            return;
        }
        self.out.push(Indicator {
            level1: self.l1.clone(),
            level2: self.l2.clone(),
            level3: name,
            value: p.value.join(""),
            line: p.line,
            level2_printed: p.level2_printed,
            explanation: (!p.explanation.is_empty()).then(|| p.explanation.join(" ")),
            evaluation: None,
            project_edge: false,
        });
        self.l1_used = true;
        self.l2_used = true;
    }

    fn close_l2(&mut self) {
        if !self.l2.is_empty() && !self.l2_used {
            self.out.push(Indicator {
                level1: self.l1.clone(),
                level2: self.l2.clone(),
                level3: String::new(),
                value: String::new(),
                line: self.l2_line,
                level2_printed: true,
                explanation: None,
                evaluation: None,
                project_edge: false,
            });
            self.l1_used = true;
        }
        self.l2_used = true;
    }

    fn close_l1(&mut self) {
        if !self.l1.is_empty() && !self.l1_used {
            self.out.push(Indicator {
                level1: self.l1.clone(),
                level2: String::new(),
                level3: String::new(),
                value: String::new(),
                line: self.l1_line,
                level2_printed: false,
                explanation: None,
                evaluation: None,
                project_edge: false,
            });
        }
        self.l1_used = true;
    }

    fn finish(mut self) -> Vec<Indicator> {
        self.flush();
        self.close_l2();
        self.close_l1();
        self.out
    }
}

/// True when `next` continues a value split over cells: a number after a lone comparator,
/// a unit after a bare number.
fn joins(value: &[String], next: &str) -> bool {
    let Some(last) = value.last() else { return true };
    let t = value::parse(last);
    let n = value::parse(next);
    match (&t.kind, &n.kind) {
        (Kind::Missing, Kind::Number { .. }) => true,
        (
            Kind::Number {
                measure: value::Measure::None,
                ..
            },
            _,
        ) => matches!(n.kind, Kind::Missing | Kind::Text(_)) && next.chars().count() <= 3,
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// Glued layout (鄂州 2022: a .docx preview whose cells ran together)

/// Field names that cut a glued header, longest first when matched.
const GLUED_KEYS: &[&str] = &[
    "主管部门审核意见",
    "保障绩效目标实现措施",
    "项目预算成本构成",
    "测算(公式)依据",
    "测算（公式）依据",
    "当年预期实现值",
    "项目名称",
    "项目类别",
    "项目性质",
    "立项依据",
    "成本构成",
    "测算依据",
    "绩效目标",
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效标准",
    "金额",
    "合计",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Key(String),
    Text(String),
}

/// `2020年实际执行数`, `2021年预算数` at the start of `s`: its length in chars.
fn year_column(s: &[char]) -> Option<usize> {
    if s.len() < 6 || !s[..4].iter().all(|c| c.is_ascii_digit()) || s[4] != '年' {
        return None;
    }
    for w in ["实际执行数", "执行数", "预算数", "决算数", "实际支出数"] {
        let w: Vec<char> = w.chars().collect();
        if s[5..].starts_with(&w) {
            return Some(5 + w.len());
        }
    }
    None
}

fn tokenize(s: &str) -> Vec<Tok> {
    let cs: Vec<char> = s.chars().collect();
    let keys: Vec<Vec<char>> = GLUED_KEYS.iter().map(|k| k.chars().collect()).collect();
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    while i < cs.len() {
        let hit = keys
            .iter()
            .filter(|k| cs[i..].starts_with(k))
            .map(|k| k.len())
            .max()
            .or_else(|| year_column(&cs[i..]));
        if let Some(n) = hit {
            if !buf.is_empty() {
                out.push(Tok::Text(std::mem::take(&mut buf)));
            }
            out.push(Tok::Key(cs[i..i + n].iter().collect()));
            i += n;
            continue;
        }
        buf.push(cs[i]);
        i += 1;
    }
    if !buf.is_empty() {
        out.push(Tok::Text(buf));
    }
    out
}

fn glued(line: &Line, pt: &mut PerformanceTable) {
    let text = squeeze(&line.text);
    let no = line.no;
    // the title ends the preamble ("…绩效目标表项目名称…")
    let (title_end, body) = match text.find("绩效目标表") {
        Some(i) => (i + "绩效目标表".len(), &text[i + "绩效目标表".len()..]),
        None => (0, text.as_str()),
    };
    let title = &text[..title_end];
    pt.title = match title.rfind('日') {
        Some(i) => title[i + '日'.len_utf8()..].to_string(),
        None => title.to_string(),
    };
    // the indicator part starts at the indicator header
    let (head, tail) = match body.find("一级指标") {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    let toks = tokenize(head);
    let text_after = |k: usize| -> Option<String> {
        match toks.get(k + 1) {
            Some(Tok::Text(t)) => Some(t.clone()),
            _ => None,
        }
    };
    let mut cost_cols: Vec<(String, bool)> = Vec::new(); // (header, is amount)
    let mut in_cost_header = false;
    let mut items_text: Option<String> = None;
    let mut total_text: Option<String> = None;
    for (k, t) in toks.iter().enumerate() {
        let Tok::Key(key) = t else {
            if in_cost_header && !cost_cols.is_empty() && items_text.is_none() {
                items_text = match t {
                    Tok::Text(s) => Some(s.clone()),
                    _ => None,
                };
                in_cost_header = false;
            }
            continue;
        };
        match key.as_str() {
            "项目名称" => pt.project = text_after(k).map(|s| tidy_label(&s)),
            "绩效目标" => pt.goal = text_after(k),
            "项目预算成本构成" | "成本构成" => in_cost_header = true,
            "金额" if in_cost_header => cost_cols.push((key.clone(), true)),
            "测算(公式)依据" | "测算（公式）依据" | "测算依据" if in_cost_header => {
                cost_cols.push((key.clone(), false))
            }
            "合计" => total_text = text_after(k),
            k2 if in_cost_header && year_column(&k2.chars().collect::<Vec<_>>()).is_some() => {
                cost_cols.push((key.clone(), true))
            }
            _ => {}
        }
    }
    if let (Some(items), Some(total)) = (items_text, total_text) {
        pt.costs = cost_breakdown(&cost_cols, &items, &total, no);
        if let Some(c) = &pt.costs {
            if let Some(t) = c.total.as_ref().and_then(|t| t.amounts.first()) {
                if c.columns.first().is_some_and(|h| h == "金额") {
                    pt.total_funds = Some(t.clone());
                    pt.funds_line = Some(no);
                }
            }
        }
    }
    // indicators
    let cells = glued_indicator_cells(tail.trim_start_matches("一级指标"), no);
    let refs: Vec<&PCell> = cells.iter().collect();
    let mut m = Machine::default();
    m.feed(&refs, true);
    pt.indicators = m.finish();
}

/// Cuts the glued indicator part into cells: level names, 三级 names, `反映…` explanations
/// and values.
fn glued_indicator_cells(s: &str, line: u32) -> Vec<PCell> {
    let cs: Vec<char> = s.chars().collect();
    let mut levels: Vec<Vec<char>> = Vec::new();
    for w in lexicon::CSV.lines().filter(|l| l.starts_with("level,")) {
        let f: Vec<&str> = w.split(',').collect();
        for name in std::iter::once(f[1]).chain(f[2].split('|')) {
            if name.ends_with("指标") {
                levels.push(name.chars().collect());
            }
        }
    }
    let headings: Vec<Vec<char>> = ["二级指标", "三级指标", "绩效标准", "当年预期实现值", "指标值"]
        .iter()
        .map(|w| w.chars().collect())
        .collect();
    let mut out: Vec<PCell> = Vec::new();
    let mut buf = String::new();
    let cell = |t: String| PCell {
        text: t,
        line,
        col: None,
    };
    let flush = |buf: &mut String, out: &mut Vec<PCell>| {
        if buf.is_empty() {
            return;
        }
        // "成本控制率不超预算水电气消耗下降率": a name, a qualitative value, the next name
        let mut rest = std::mem::take(buf);
        'outer: loop {
            for (b, _) in rest.char_indices().skip(1) {
                let head = &rest[..b];
                if lexicon::classify(head).is_none() {
                    continue;
                }
                if let Some(w) = lexicon::quality_prefix(&rest[b..]) {
                    out.push(cell(head.to_string()));
                    out.push(cell(w.clone()));
                    rest = rest[b + w.len()..].to_string();
                    continue 'outer;
                }
            }
            break;
        }
        if !rest.is_empty() {
            out.push(cell(rest));
        }
    };
    let mut i = 0;
    while i < cs.len() {
        if let Some(n) = levels
            .iter()
            .chain(&headings)
            .filter(|k| cs[i..].starts_with(k))
            .map(|k| k.len())
            .max()
        {
            flush(&mut buf, &mut out);
            out.push(cell(cs[i..i + n].iter().collect()));
            i += n;
            continue;
        }
        if cs[i..].starts_with(&['反', '映']) {
            flush(&mut buf, &mut out);
            // the explanation runs to its closing word, or to the first comparator or digit
            let mut j = i + 2;
            let closing = ["情况", "程度", "水平", "效果", "进度"];
            let mut close_at = None;
            while j < cs.len() && j < i + 60 {
                if closing
                    .iter()
                    .any(|w| cs[j..].starts_with(&w.chars().collect::<Vec<_>>()))
                {
                    close_at = Some(j + 2);
                    break;
                }
                j += 1;
            }
            let j = close_at.unwrap_or_else(|| {
                (i + 2..cs.len())
                    .find(|&k| cs[k].is_ascii_digit() || "≥≤<>=》".contains(cs[k]))
                    .unwrap_or(cs.len())
            });
            out.push(cell(cs[i..j].iter().collect()));
            let rest: String = cs[j..].iter().collect();
            let n = value::prefix_len(&rest);
            if n > 0 {
                out.push(cell(cs[j..j + n].iter().collect()));
            }
            i = j + n;
            continue;
        }
        buf.push(cs[i]);
        i += 1;
    }
    flush(&mut buf, &mut out);
    out
}

/// A glued cost breakdown: item rows `name amount basis amounts…`, the 合计 row's amounts
/// run together. Digits of consecutive amount columns are printed without a separator, so
/// every way of splitting them is tried and the one under which the most columns add up to
/// their 合计 is kept (when it is the only one).
fn cost_breakdown(cols: &[(String, bool)], items: &str, total: &str, line: u32) -> Option<CostBreakdown> {
    if cols.is_empty() || !cols[0].1 {
        return None;
    }
    let n_amount = cols.iter().filter(|c| c.1).count();
    // runs of digits and of text
    let mut runs: Vec<(bool, String)> = Vec::new();
    for c in items.chars() {
        let d = c.is_ascii_digit() || c == '.';
        match runs.last_mut() {
            Some((kind, s)) if *kind == d => s.push(c),
            _ => runs.push((d, c.to_string())),
        }
    }
    // each item: name, then groups of consecutive amount columns (one digit run) and text
    // columns (one text run)
    let mut groups: Vec<(bool, usize)> = Vec::new(); // (is amount, columns)
    for (_, amount) in cols {
        match groups.last_mut() {
            Some((a, n)) if *a == *amount && *amount => *n += 1,
            _ => groups.push((*amount, 1)),
        }
    }
    let per_item = 1 + groups.len();
    if runs.is_empty() || runs[0].0 || !runs.len().is_multiple_of(per_item) {
        return None;
    }
    struct Raw {
        name: String,
        basis: Option<String>,
        runs: Vec<(String, usize)>, // digit run, number of amounts in it
    }
    let mut raws: Vec<Raw> = Vec::new();
    for chunk in runs.chunks(per_item) {
        let mut raw = Raw {
            name: chunk[0].1.clone(),
            basis: None,
            runs: Vec::new(),
        };
        for ((is_digit, s), (amount, n)) in chunk[1..].iter().zip(&groups) {
            if *is_digit != *amount {
                return None;
            }
            if *amount {
                raw.runs.push((s.clone(), *n));
            } else {
                raw.basis = Some(s.clone());
            }
        }
        raws.push(raw);
    }
    let total_digits: String = total
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if total_digits.is_empty() {
        return None;
    }
    // candidate splits of every digit run
    let mut options: Vec<Vec<Vec<String>>> = Vec::new();
    for r in &raws {
        for (s, n) in &r.runs {
            let o = splits(s, *n);
            if o.is_empty() {
                return None;
            }
            options.push(o);
        }
    }
    let total_opts = splits(&total_digits, n_amount);
    if total_opts.is_empty() {
        return None;
    }
    options.push(total_opts);
    let combos: usize = options.iter().map(Vec::len).product();
    if combos > 50_000 {
        return None;
    }
    let ambiguous = options.iter().any(|o| o.len() > 1);
    // evaluate every combination
    let mut best: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut idx = vec![0usize; options.len()];
    loop {
        let chosen: Vec<&Vec<String>> = options.iter().zip(&idx).map(|(o, i)| &o[*i]).collect();
        let (rows, tot) = chosen.split_at(chosen.len() - 1);
        let mut per_item_amounts: Vec<Vec<String>> = Vec::new();
        let mut k = 0;
        for r in &raws {
            let mut a = Vec::new();
            for _ in &r.runs {
                a.extend(rows[k].iter().cloned());
                k += 1;
            }
            per_item_amounts.push(a);
        }
        let score = (0..n_amount)
            .filter(|c| {
                let sum: rust_decimal::Decimal = per_item_amounts
                    .iter()
                    .filter_map(|a| a.get(*c).and_then(|x| crate::parse::lexer::parse_number(x)))
                    .map(|n| n.value)
                    .sum();
                tot[0]
                    .get(*c)
                    .and_then(|x| crate::parse::lexer::parse_number(x))
                    .map(|n| n.value)
                    == Some(sum)
            })
            .count();
        match best.first() {
            Some((s, _)) if *s > score => {}
            Some((s, _)) if *s == score => best.push((score, idx.clone())),
            _ => best = vec![(score, idx.clone())],
        }
        // next combination
        let mut p = 0;
        loop {
            if p == idx.len() {
                break;
            }
            idx[p] += 1;
            if idx[p] < options[p].len() {
                break;
            }
            idx[p] = 0;
            p += 1;
        }
        if p == idx.len() {
            break;
        }
    }
    if best.len() != 1 {
        return None;
    }
    let chosen: Vec<&Vec<String>> = options.iter().zip(&best[0].1).map(|(o, i)| &o[*i]).collect();
    let mut k = 0;
    let mut items_out = Vec::new();
    for r in &raws {
        let mut amounts = Vec::new();
        for _ in &r.runs {
            amounts.extend(chosen[k].iter().cloned());
            k += 1;
        }
        items_out.push(CostRow {
            name: tidy_label(&r.name),
            amounts,
            basis: r.basis.clone(),
            line,
        });
    }
    Some(CostBreakdown {
        columns: cols.iter().filter(|c| c.1).map(|c| c.0.clone()).collect(),
        items: items_out,
        total: Some(CostRow {
            name: "合计".into(),
            amounts: chosen[k].clone(),
            basis: None,
            line,
        }),
        split_inferred: ambiguous,
    })
}

/// Every way of cutting a run of digits into `n` amounts: no leading zeros, two printed
/// decimals or none.
fn splits(s: &str, n: usize) -> Vec<Vec<String>> {
    fn ok(p: &str) -> bool {
        let (int, frac) = match p.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (p, None),
        };
        !int.is_empty()
            && int.chars().all(|c| c.is_ascii_digit())
            && (int == "0" || !int.starts_with('0'))
            && frac.is_none_or(|f| f.len() == 2 && f.chars().all(|c| c.is_ascii_digit()))
    }
    fn go(s: &str, n: usize, acc: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        if n == 1 {
            if ok(s) {
                acc.push(s.to_string());
                out.push(acc.clone());
                acc.pop();
            }
            return;
        }
        for i in 1..s.len() {
            let (a, b) = s.split_at(i);
            if ok(a) {
                acc.push(a.to_string());
                go(b, n - 1, acc, out);
                acc.pop();
            }
        }
    }
    let mut out = Vec::new();
    if s.is_ascii() && n >= 1 {
        go(s, n, &mut Vec::new(), &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lexer::lines;

    fn block(text: &str) -> PerformanceTable {
        parse_block(&lines(text))
    }

    #[test]
    fn tabbed_legacy_template() {
        let pt = block(
            "## 项目支出绩效目标表\n\
             <b>预算单位</b>\t某单位\t\t\t<b>项目名称</b>\t网络维护费\t\n\
             <b>项目资金（万元）</b>\t年度资金总额：\t212.75\t其中：财政拨款\t212.75\t其他资金\t0\n\
             <b>项目总体目标</b>\t网络不出故障。\n\
             <b>一级指标</b>\t<b>二级指标</b>\t<b>三级指标</b>\t\t\t<b>指标值（包含数字及文字描述）</b>\t\n\
             项目完成指标\t成本指标\t考核扣款率\t\t\t=100%\t\n\
             \t数量指标\t光纤链路租赁条数\t\t\t170 条\t\n\
             \t\t异常处理率\t\t\t≤2%\t\n\
             \t质量指标\t网络正常率\t\t\t<5%\t\n\
             光纤使用率\t\t\t=100%\t\t\t\n\
             项目效益指标\t经济效益指标\t网络共享率\t\t\t≥99%\t\n\
             \t生态效益指标\t\t\t\t\t\n\
             满意度指标\t满意度指标\t用户使用满意度\t$\\geq 95\\%$\n",
        );
        assert_eq!(pt.project.as_deref(), Some("网络维护费"));
        assert_eq!(pt.unit_name.as_deref(), Some("某单位"));
        assert_eq!(pt.total_funds.as_deref(), Some("212.75"));
        assert_eq!(pt.fiscal_funds.as_deref(), Some("212.75"));
        assert_eq!(pt.other_funds.as_deref(), Some("0"));
        assert_eq!(pt.funds_unit, Some(Unit::WanYuan));
        assert_eq!(pt.goal.as_deref(), Some("网络不出故障。"));
        let rows: Vec<(&str, &str, &str, &str)> = pt
            .indicators
            .iter()
            .map(|i| {
                (
                    i.level1.as_str(),
                    i.level2.as_str(),
                    i.level3.as_str(),
                    i.value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("项目完成指标", "成本指标", "考核扣款率", "=100%"),
                ("项目完成指标", "数量指标", "光纤链路租赁条数", "170 条"),
                ("项目完成指标", "数量指标", "异常处理率", "≤2%"),
                ("项目完成指标", "质量指标", "网络正常率", "<5%"),
                ("项目完成指标", "质量指标", "光纤使用率", "=100%"),
                ("项目效益指标", "经济效益指标", "网络共享率", "≥99%"),
                ("项目效益指标", "生态效益指标", "", ""),
                ("满意度指标", "满意度指标", "用户使用满意度", "≥95%"),
            ]
        );
        assert!(pt.indicators[1].level2_printed && !pt.indicators[2].level2_printed);
    }

    #[test]
    fn one_cell_per_line_web_capture() {
        let pt = block(
            "2023年项目支出绩效目标申报表\n|\n填报单位:(盖章) 单位:万元 |\n||||||\n|\n项目支出名称 |\n雾炮车服务 |\n\
             预算部门 |\n某处 |\n|||\n|\n年度本级 预算金额 |\n250万 |\n该项目支出上级资金 |\n0 |\n|||\n|\n\
             项目支出实施期 |\n2023.07-2024.01 |\n|||||\n|\n本年度 绩效指标 |\n一级指标 |\n二级指标 |\n三级指标 |\n\
             指标值及单位 |\n绩效标准 |\n|\n|\n产出指标 |\n数量指标 |\n配备车辆数 |\n10辆 |\n计划标准 |\n||\n|\n\
             质量指标 |\n空气质量 |\n优良 |\n计划标准 |\n|||\n|\n成本指标 |\n控制在预算成本内 |\n250万 |\n计划标准 |\n\
             |||\n|\n效益指标 |\n经济效益指标 |\n|\n|\n|\n||\n|\n社会效益指标 |\n市民对空气质量改善的满意程度 |\n≥85% |\n\
             计划标准 |\n|||\n|\n社会公众或服务对象满意度指标 |\n市民满意度 |\n≥90% |\n计划标准 |\n|||\n|\n财政部门审核意见 |\n|\n",
        );
        assert_eq!(pt.layout, PerformanceLayout::CellPerLine);
        assert_eq!(pt.project.as_deref(), Some("雾炮车服务"));
        assert_eq!(pt.fiscal_funds.as_deref(), Some("250万"));
        assert_eq!(pt.other_funds.as_deref(), Some("0"));
        assert_eq!(pt.period.as_deref(), Some("2023.07-2024.01"));
        assert_eq!(pt.funds_unit, Some(Unit::WanYuan));
        let rows: Vec<(&str, &str, &str)> = pt
            .indicators
            .iter()
            .map(|i| (i.level2.as_str(), i.level3.as_str(), i.value.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("数量指标", "配备车辆数", "10辆"),
                ("质量指标", "空气质量", "优良"),
                ("成本指标", "控制在预算成本内", "250万"),
                ("经济效益指标", "", ""),
                ("社会效益指标", "市民对空气质量改善的满意程度", "≥85%"),
                ("社会公众或服务对象满意度指标", "市民满意度", "≥90%"),
            ]
        );
        assert_eq!(pt.indicators[2].level1, "产出指标");
        assert_eq!(pt.indicators[5].level1, "效益指标");
    }

    #[test]
    fn split_value_cells_of_the_2021_template() {
        let pt = block(
            "项目支出绩效目标表\n项目名称\t培训项目\n一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\t权重\t指标解释\n\
             成本指标\t经济成本指标\t人均培训成本\t≤\t500\t元\t20\t反映培训成本\n\
             产出指标\t数量指标\t培训人次\t≥\t300\t人次\t20\t反映规模\n\
             \t时效指标\t完成时间\t定性\t按时完成\t\t10\t\n",
        );
        let rows: Vec<(&str, &str, &str)> = pt
            .indicators
            .iter()
            .map(|i| (i.level1.as_str(), i.level3.as_str(), i.value.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("成本指标", "人均培训成本", "≤500元"),
                ("产出指标", "培训人次", "≥300人次"),
                ("产出指标", "完成时间", "按时完成"),
            ]
        );
    }

    #[test]
    fn glued_preview_with_a_cost_breakdown() {
        let pt = block(
            "主管部门审核意见单位公章:年月 日某市2022年市直部门预算项目支出绩效目标表项目名称大楼运行保障项目类别本级支出项目\
             立项依据三定方案项目预算成本构成金额测算(公式)依据2020年实际执行数2021年实际执行数保安服务费191依据招标文件191191\
             保洁服务费99依据招标文件9999水电气、维修维护费524根据三定方案,各项费用据实结算372.88504.55合计814662.98794.55\
             绩效目标以服务对象满意为目标。绩效指标保障绩效目标实现措施一级指标二级指标绩效标准当年预期实现值数量指标\
             大楼安检巡察次数反映大楼保卫巡检情况200次质量指标维修维护验收合格率反映维修维护质量情况>92%成本指标\
             成本控制率不超预算水电气消耗下降率反映水电气消耗比上年下降情况>",
        );
        assert_eq!(pt.layout, PerformanceLayout::Glued);
        assert_eq!(pt.project.as_deref(), Some("大楼运行保障"));
        let c = pt.costs.as_ref().expect("cost breakdown");
        assert_eq!(c.columns, ["金额", "2020年实际执行数", "2021年实际执行数"]);
        let amounts: Vec<Vec<String>> = c.items.iter().map(|i| i.amounts.clone()).collect();
        assert_eq!(
            amounts,
            [
                vec!["191", "191", "191"],
                vec!["99", "99", "99"],
                vec!["524", "372.88", "504.55"]
            ]
        );
        assert_eq!(c.total.as_ref().unwrap().amounts, ["814", "662.98", "794.55"]);
        assert!(c.split_inferred);
        assert_eq!(pt.total_funds.as_deref(), Some("814"));
        let rows: Vec<(&str, &str, &str)> = pt
            .indicators
            .iter()
            .map(|i| (i.level2.as_str(), i.level3.as_str(), i.value.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("数量指标", "大楼安检巡察次数", "200次"),
                ("质量指标", "维修维护验收合格率", ">92%"),
                ("成本指标", "成本控制率", "不超预算"),
                ("成本指标", "水电气消耗下降率", ">"),
            ]
        );
    }

    #[test]
    fn digit_splits() {
        assert_eq!(splits("9999", 2).len(), 3);
        assert_eq!(
            splits("372.88504.55", 2),
            [vec!["372.88".to_string(), "504.55".to_string()]]
        );
        assert!(splits("0012", 2).iter().all(|v| v[0] == "0"));
    }
}
