//! Evaluating "total = Σ parts" over table cells with interval arithmetic.
//!
//! Every printed number is the interval its decimals allow (四舍五入, see
//! [`Interval::rounded`]). An identity fails only when the reported interval and the
//! interval of the sum cannot meet. Blank cells are unknown: a blank part is read as zero,
//! and when the identity fails only under that reading the finding is a warning, not an
//! error. A printed zero that the template makes structural (人员经费 of a 302 row) is
//! exactly zero.

use rust_decimal::Decimal;

use crate::model::{format_amount, Cell, CodeScheme, ColumnRole, Interval, Table, TableKind, Unit};
use crate::parse::normalize::squeeze;
use crate::report::{Check, Finding, Location, Severity, Status, Value};
use crate::rules::{Rule, Sink};

/// A cell taking part in an identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operand {
    /// Row index.
    pub row: usize,
    /// Column index.
    pub col: usize,
}

/// What the identity is about, for messages: e.g. subject "「邮电费」行" and the
/// labels of the total and the parts ("小计", "人员经费", "公用经费").
pub struct Phrase {
    /// Where (Chinese), e.g. `一般公共预算基本支出表「302 07 邮电费」行`.
    pub where_zh: String,
    /// Where (English).
    pub where_en: String,
    /// Label of the total operand.
    pub total_label: String,
    /// Labels of the parts.
    pub part_labels: Vec<String>,
}

/// The row label of a row in the panel of a column: "30207 邮电费".
pub fn row_label(table: &Table, row: usize, col: usize) -> String {
    let panel = table.columns.get(col).map(|c| c.panel).unwrap_or(0);
    match table.head(row, panel) {
        Some(h) => match &h.code {
            Some(c) => format!("{} {}", c.display(), h.label).trim().to_string(),
            None => h.label.clone(),
        },
        None => String::new(),
    }
}

/// The header path of a column, for messages ("支出预算/基本支出" → "基本支出").
pub fn column_label(table: &Table, col: usize) -> String {
    table
        .columns
        .get(col)
        .map(|c| {
            let l = c.label();
            if l.is_empty() {
                format!("第{}列", col + 1)
            } else {
                l.to_string()
            }
        })
        .unwrap_or_default()
}

fn location(table: &Table, op: Operand, role: &str) -> Location {
    Location {
        kind: crate::report::LocationKind::Cell,
        table: table.id,
        row: op.row,
        col: op.col,
        line: table.rows.get(op.row).map(|r| r.line).unwrap_or(table.line),
        row_label: row_label(table, op.row, op.col),
        column_label: table.columns.get(op.col).map(|c| c.path()).unwrap_or_default(),
        text: table.cell(op.row, op.col).display(),
        role: role.to_string(),
        block: None,
        source: None,
    }
}

/// The location of a cell reference, for findings built outside [`relation`].
pub fn location_of(r: &Ref<'_>, role: &str) -> Location {
    location(r.table, r.op(), role)
}

/// A cell of some table.
#[derive(Debug, Clone, Copy)]
pub struct Ref<'a> {
    /// The table.
    pub table: &'a Table,
    /// Row index.
    pub row: usize,
    /// Column index.
    pub col: usize,
}

impl<'a> Ref<'a> {
    /// A cell of `table`.
    pub fn new(table: &'a Table, row: usize, col: usize) -> Self {
        Ref { table, row, col }
    }
    fn op(&self) -> Operand {
        Operand {
            row: self.row,
            col: self.col,
        }
    }
    fn cell(&self) -> &'a Cell {
        self.table.cell(self.row, self.col)
    }
    fn unit(&self) -> Unit {
        unit_of(self.table)
    }
    /// Printed value and decimals (zero for blanks).
    fn printed(&self) -> (Decimal, u32) {
        match self.cell() {
            Cell::Amount(a) => (a.value, a.decimals),
            _ => (Decimal::ZERO, 0),
        }
    }
}

/// How the total relates to the sum of the parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// total = Σ parts
    Eq,
    /// total ≥ Σ parts (a part cannot exceed the whole)
    Ge,
}

/// True when a printed zero in this cell is structurally exact: in a basic-expenditure
/// table, 人员经费 is only 301/303 and 公用经费 only 302/307/309/310/399.
fn structural_zero(table: &Table, op: Operand) -> bool {
    if !matches!(table.kind, TableKind::GeneralBudgetBasic | TableKind::FiscalBasic) {
        return false;
    }
    let Some(col) = table.columns.get(op.col) else {
        return false;
    };
    let path = squeeze(&col.path());
    let Some(head) = table.head(op.row, col.panel) else {
        return false;
    };
    let Some(code) = &head.code else { return false };
    if code.scheme != CodeScheme::Economic {
        return false;
    }
    let class = code.class.as_deref().unwrap_or("");
    let personnel = matches!(class, "301" | "303");
    (path.contains("人员经费") && !personnel) || (path.contains("公用经费") && personnel)
}

/// What an operand cell holds.
enum Operandum {
    /// A non-zero printed amount: its rounding interval (元).
    Known(Interval),
    /// A printed zero; `widen` is the interval it stands for when small amounts may hide in
    /// it (None when the template makes it structurally exact).
    Zero { widen: Option<Interval> },
    /// Nothing printed.
    Blank,
    /// Text where a number should be.
    Unusable(String),
}

fn read(r: &Ref<'_>) -> Operandum {
    match r.cell() {
        Cell::Amount(a) if a.is_zero() => Operandum::Zero {
            widen: (!structural_zero(r.table, r.op())).then(|| hidden(a.decimals, r.unit())),
        },
        Cell::Amount(a) => Operandum::Known(a.interval()),
        Cell::Blank | Cell::Dash => Operandum::Blank,
        Cell::Text(t) => Operandum::Unusable(t.clone()),
    }
}

/// What a printed zero may hide: a non-negative amount below half a unit of the last digit
/// (budget amounts are not negative), in 元.
fn hidden(decimals: u32, unit: Unit) -> Interval {
    let z = Interval::rounded(Decimal::ZERO, decimals).scale(unit.yuan_factor());
    Interval {
        lo: Decimal::ZERO,
        lo_open: false,
        ..z
    }
}

/// A table that never prints a zero or a dash uses blank cells for "nothing" (Shanghai,
/// Jiangsu); in a table that prints 0.00, a blank is unknown.
pub fn blank_means_zero(table: &Table) -> bool {
    !table.rows.iter().any(|r| {
        r.cells
            .iter()
            .any(|c| matches!(c, Cell::Dash) || c.amount().is_some_and(|a| a.is_zero()))
    })
}

fn unit_of(table: &Table) -> Unit {
    table.unit.unwrap_or(Unit::Yuan)
}

fn value(unit: Unit, printed: Decimal, decimals: u32, iv: Interval) -> Value {
    let f = unit.yuan_factor();
    let d = decimals.max(2);
    Value {
        display: format_amount(printed, decimals),
        min: format_amount(iv.lo / f, d + 1),
        max: format_amount(iv.hi / f, d + 1),
        unit,
    }
}

/// Evaluates `total = Σ parts` within one table and records the check (and a finding when
/// it fails). Returns the status.
pub fn sum_identity(
    rule: &Rule,
    table: &Table,
    total: Operand,
    parts: &[Operand],
    phrase: &Phrase,
    sink: &mut Sink,
) -> Status {
    let parts: Vec<Ref<'_>> = parts.iter().map(|p| Ref::new(table, p.row, p.col)).collect();
    relation(
        rule,
        Relation::Eq,
        Ref::new(table, total.row, total.col),
        &parts,
        phrase,
        sink,
    )
}

/// Evaluates `total = Σ parts` (or `≥`) over cells of any tables, converting units exactly.
pub fn relation(
    rule: &Rule,
    rel: Relation,
    total: Ref<'_>,
    parts: &[Ref<'_>],
    phrase: &Phrase,
    sink: &mut Sink,
) -> Status {
    evaluate(rule, rel, total, parts, &[], phrase, sink)
}

/// Evaluates `total = Σ parts − Σ less` (a balance: 年末 = 年初 + 收入 − 支出) over cells of
/// any tables, with the same reading of blanks, zeros and printed precision as
/// [`relation`]. `phrase.part_labels` names `parts` then `less`, in order.
pub fn balance(
    rule: &Rule,
    total: Ref<'_>,
    parts: &[Ref<'_>],
    less: &[Ref<'_>],
    phrase: &Phrase,
    sink: &mut Sink,
) -> Status {
    evaluate(rule, Relation::Eq, total, parts, less, phrase, sink)
}

/// `a + b − c`: items joined by their signs (`negative[i]` marks a subtracted item).
fn signed_join(items: &[String], negative: &[bool]) -> String {
    let mut s = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(if negative.get(i).copied().unwrap_or(false) {
                " − "
            } else {
                " + "
            });
        }
        s.push_str(item);
    }
    s
}

fn evaluate(
    rule: &Rule,
    rel: Relation,
    total: Ref<'_>,
    plus: &[Ref<'_>],
    less: &[Ref<'_>],
    phrase: &Phrase,
    sink: &mut Sink,
) -> Status {
    let parts: Vec<Ref<'_>> = plus.iter().chain(less).copied().collect();
    let parts = &parts[..];
    let negative: Vec<bool> = (0..parts.len()).map(|i| i >= plus.len()).collect();
    let sign = match rel {
        Relation::Eq => "=",
        Relation::Ge => "≥",
    };
    let subject_zh = format!(
        "{}：{} {sign} {}",
        phrase.where_zh,
        phrase.total_label,
        signed_join(&phrase.part_labels, &negative)
    );
    let subject_en = format!(
        "{}: {} {sign} {}",
        phrase.where_en,
        phrase.total_label,
        signed_join(&phrase.part_labels, &negative)
    );
    let mut locations = vec![location(total.table, total.op(), "total")];
    locations.extend(parts.iter().map(|p| location(p.table, p.op(), "part")));
    let not_checked = |sink: &mut Sink, zh: String, en: String, locations: Vec<Location>| {
        sink.check(Check {
            rule: rule.code.to_string(),
            status: Status::NotChecked,
            subject_zh: subject_zh.clone(),
            subject_en: subject_en.clone(),
            reason_zh: Some(zh),
            reason_en: Some(en),
            locations,
            reported: None,
            computed: None,
        });
        Status::NotChecked
    };
    for r in std::iter::once(&total).chain(parts) {
        if let Some(row) = r.table.rows.get(r.row).filter(|row| row.uncertain) {
            let line = row.line;
            return not_checked(
                sink,
                format!("第 {line} 行的数字无法可靠地对齐到列"),
                format!("the numbers on line {line} could not be aligned to columns reliably"),
                locations,
            );
        }
    }
    // nothing printed on either side: nothing to check
    if std::iter::once(&total).chain(parts).all(|r| r.cell().is_empty()) {
        return Status::Pass;
    }
    let max_decimals = std::iter::once(&total)
        .chain(parts)
        .map(|r| r.printed().1)
        .max()
        .unwrap_or(2);
    // strict: printed zeros (and blanks in a blank-for-zero table) are exactly zero;
    // relaxed: zeros may hide up to half a unit of the last digit, unknown blanks any amount
    let (total_iv, total_relaxed) = match read(&total) {
        Operandum::Known(iv) => (iv, iv),
        Operandum::Zero { widen } => (Interval::zero(), widen.unwrap_or_else(Interval::zero)),
        // a blank total over parts that are all zero or blank, in a table that uses blanks
        // for "nothing", is a zero
        Operandum::Blank
            if blank_means_zero(total.table)
                && parts
                    .iter()
                    .all(|p| p.cell().amount().is_none_or(|a| a.is_zero())) =>
        {
            (Interval::zero(), hidden(max_decimals, total.unit()))
        }
        // blank is not zero: a blank total beside printed parts is far more often a number
        // that landed in the wrong column (or a wrapped row) than a total left out
        Operandum::Blank => {
            return not_checked(
                sink,
                format!("{}为空而分项有数（可能是列未对齐），不作判断", phrase.total_label),
                format!(
                    "{} is blank while parts are printed (possibly a column misread); not judged",
                    phrase.total_label
                ),
                locations,
            )
        }
        Operandum::Unusable(t) => {
            return not_checked(
                sink,
                format!("{}不是金额：{t}", phrase.total_label),
                format!("{} is not an amount: {t}", phrase.total_label),
                locations,
            )
        }
    };
    // per sign: [added, subtracted]
    let mut strict = [Vec::new(), Vec::new()];
    let mut relaxed = [Vec::new(), Vec::new()];
    let mut zeros = 0usize;
    let mut unknown = [0usize, 0usize];
    for (p, &neg) in parts.iter().zip(&negative) {
        let s = usize::from(neg);
        match read(p) {
            Operandum::Known(iv) => {
                strict[s].push(iv);
                relaxed[s].push(iv);
            }
            Operandum::Zero { widen } => {
                strict[s].push(Interval::zero());
                if let Some(w) = widen {
                    zeros += 1;
                    relaxed[s].push(w);
                }
            }
            Operandum::Blank if blank_means_zero(p.table) => {
                strict[s].push(Interval::zero());
                zeros += 1;
                relaxed[s].push(hidden(max_decimals, p.unit()));
            }
            Operandum::Blank => {
                // read as zero; the relaxed reading leaves it open
                strict[s].push(Interval::zero());
                unknown[s] += 1;
            }
            Operandum::Unusable(t) => {
                return not_checked(
                    sink,
                    format!("{}不是金额：{t}", column_label(p.table, p.col)),
                    format!("{} is not an amount: {t}", column_label(p.table, p.col)),
                    locations,
                )
            }
        }
    }
    let unknown_blanks = unknown[0] + unknown[1];
    let signed_sum = |ivs: &[Vec<Interval>; 2]| {
        Interval::sum(ivs[0].iter().copied()).minus(Interval::sum(ivs[1].iter().copied()))
    };
    let sum = signed_sum(&strict);
    let relaxed_sum = signed_sum(&relaxed);
    let holds = |sum: &Interval, total: &Interval| match rel {
        Relation::Eq => sum.meets(total),
        Relation::Ge => sum.can_be_le(total),
    };
    // could the relaxed reading make the relation hold? An unknown added blank can only raise
    // the sum, an unknown subtracted blank only lower it.
    let relaxed_holds = if unknown_blanks > 0 && rel == Relation::Eq {
        match (unknown[0] > 0, unknown[1] > 0) {
            (true, true) => true,
            (true, false) => relaxed_sum.can_be_le(&total_relaxed),
            _ => total_relaxed.can_be_le(&relaxed_sum),
        }
    } else {
        holds(&relaxed_sum, &total_relaxed)
    };
    let strict_holds = holds(&sum, &total_iv);
    // the computed side, shown in the total's unit
    let unit = total.unit();
    let (tp, td) = total.printed();
    let converted: Vec<(Decimal, u32)> = parts
        .iter()
        .map(|p| {
            let (v, d) = p.printed();
            if p.unit() == unit {
                (v, d)
            } else {
                let x = v * p.unit().yuan_factor() / unit.yuan_factor();
                (x, d + (x.scale().saturating_sub(v.scale())))
            }
        })
        .collect();
    let decimals = converted
        .iter()
        .map(|(_, d)| *d)
        .max()
        .unwrap_or(td)
        .max(td)
        .min(6);
    let sum_printed: Decimal = converted
        .iter()
        .zip(&negative)
        .map(|((v, _), neg)| if *neg { -*v } else { *v })
        .sum();
    let reported = value(unit, tp, td, total_iv);
    let computed = value(unit, sum_printed, decimals, sum);
    let status = if strict_holds {
        Status::Pass
    } else if unknown_blanks == parts.len() && !parts.is_empty() {
        // nothing but unknown blanks on the right-hand side: nothing to compare
        return not_checked(
            sink,
            "分项全部为空".into(),
            "every part is blank".into(),
            locations,
        );
    } else {
        Status::Fail
    };
    let idx = sink.check(Check {
        rule: rule.code.to_string(),
        status,
        subject_zh: subject_zh.clone(),
        subject_en: subject_en.clone(),
        reason_zh: None,
        reason_en: None,
        locations: locations.clone(),
        reported: Some(reported.clone()),
        computed: Some(computed.clone()),
    });
    if status == Status::Fail {
        // a failure that small hidden amounts (under a printed 0.00) or unknown blanks could
        // explain is a warning, not an error
        let diff = (tp - sum_printed).abs();
        // a difference of one unit in the last printed digit between two tables, or between a
        // total and several rounded items, is the publisher's rounding adjustment (尾差)
        let min_decimals = std::iter::once(&total)
            .chain(parts)
            .filter(|r| r.cell().amount().is_some())
            .map(|r| r.printed().1)
            .min()
            .unwrap_or(2);
        let one_ulp = Decimal::new(1, min_decimals);
        let nonzero_parts = parts
            .iter()
            .filter(|p| p.cell().amount().is_some_and(|a| !a.is_zero()))
            .count();
        let cross_table = parts.iter().any(|p| p.table.id != total.table.id);
        let tail_adjustment = rel == Relation::Eq && diff <= one_ulp && (cross_table || nonzero_parts >= 2);
        let severity = if relaxed_holds {
            Severity::Warning
        } else if tail_adjustment {
            Severity::Info
        } else {
            rule.severity
        };
        let terms: Vec<String> = parts
            .iter()
            .map(|p| match p.cell() {
                Cell::Amount(a) if p.unit() != unit => format!("{} {}", a.raw, p.unit().label()),
                Cell::Amount(a) => a.raw.clone(),
                _ => "空".to_string(),
            })
            .collect();
        let ne = match rel {
            Relation::Eq => "≠",
            Relation::Ge => "<",
        };
        let arithmetic = match (terms.len(), rel) {
            (1, Relation::Eq) => {
                format!(
                    "{} ≠ {}，差 {}",
                    terms[0],
                    format_amount(tp, td),
                    format_amount(diff, decimals)
                )
            }
            (_, Relation::Eq) => format!(
                "{} = {} ≠ {}，差 {}",
                signed_join(&terms, &negative),
                format_amount(sum_printed, decimals),
                format_amount(tp, td),
                format_amount(diff, decimals)
            ),
            (_, Relation::Ge) => format!(
                "{} {ne} {}，差 {}",
                format_amount(tp, td),
                terms.join(" + "),
                format_amount(diff, decimals)
            ),
        };
        let (note_zh, note_en) = match (relaxed_holds, unknown_blanks > 0) {
            (true, true) => (
                format!("（其中 {unknown_blanks} 个空白单元格按 0 计；若空白处实有数字，差额可能消失）"),
                format!(" ({unknown_blanks} blank cell(s) read as 0; a value lost from a blank could close the gap)"),
            ),
            (true, false) => (
                format!("（{zeros} 个 0 或空白按 0 计；只有当其中藏有不足半个末位单位的金额时两边才可能相符）"),
                format!(" ({zeros} zero or blank cell(s) read as exactly 0; the sides can only agree if they hide amounts below half a unit of the last digit)"),
            ),
            _ if tail_adjustment => (
                "（仅差末位一个单位，可能是为使合计平衡而做的尾差调整）".to_string(),
                " (one unit of the last digit: possibly a rounding adjustment made to balance a total)".to_string(),
            ),
            _ => (String::new(), String::new()),
        };
        let parts_text: Vec<String> = phrase
            .part_labels
            .iter()
            .zip(&terms)
            .map(|(l, t)| format!("{l} {t}"))
            .collect();
        let rhs = if parts_text.len() == 1 {
            parts_text[0].clone()
        } else {
            format!(
                "{} = {}",
                signed_join(&parts_text, &negative),
                format_amount(sum_printed, decimals)
            )
        };
        let (message_zh, message_en) = match rel {
            Relation::Eq => (
                format!(
                    "{}：{} {} ≠ {}，差 {} {}{}{note_zh}",
                    phrase.where_zh,
                    phrase.total_label,
                    format_amount(tp, td),
                    rhs,
                    format_amount(diff, decimals),
                    unit.label(),
                    if tail_adjustment { "" } else { "，超出四舍五入可解释的范围" },
                ),
                format!(
                    "{}: {} {} ≠ {}, off by {} {}{}{note_en}",
                    phrase.where_en,
                    phrase.total_label,
                    format_amount(tp, td),
                    rhs,
                    format_amount(diff, decimals),
                    unit.label(),
                    if tail_adjustment { "" } else { " — more than rounding can explain" },
                ),
            ),
            Relation::Ge => (
                format!(
                    "{}：{} {} 小于 {}，部分不能大于整体（超出 {} {}），两者不能同时成立{note_zh}",
                    phrase.where_zh,
                    phrase.total_label,
                    format_amount(tp, td),
                    rhs,
                    format_amount(diff, decimals),
                    unit.label(),
                ),
                format!(
                    "{}: {} {} is less than {}: a part cannot exceed the whole (by {} {}); both cannot be true{note_en}",
                    phrase.where_en,
                    phrase.total_label,
                    format_amount(tp, td),
                    rhs,
                    format_amount(diff, decimals),
                    unit.label(),
                ),
            ),
        };
        let f = unit.yuan_factor();
        sink.finding(Finding {
            rule: rule.code.to_string(),
            name: rule.name.to_string(),
            severity,
            message_zh,
            message_en,
            arithmetic: Some(arithmetic),
            locations,
            reported: Some(reported),
            computed: Some(computed),
            difference: Some(format_amount(sum.gap(&total_iv) / f, decimals + 1)),
            check: Some(idx),
            likely_wrong: None,
            consequence_of: None,
            attribution_zh: None,
            attribution_en: None,
        });
    }
    status
}

/// Amount columns of a panel whose cells are all blank or zero in the given rows.
pub fn column_is_empty(table: &Table, col: usize) -> bool {
    table.rows.iter().all(|r| match r.cells.get(col) {
        Some(Cell::Amount(a)) => a.is_zero(),
        Some(Cell::Text(_)) => false,
        _ => true,
    })
}

/// True when the column holds amounts.
pub fn is_amount_column(table: &Table, col: usize) -> bool {
    table
        .columns
        .get(col)
        .is_some_and(|c| c.role == ColumnRole::Amount)
}

/// A short "where" phrase for a row: `表名「301 01 基本工资」行`.
pub fn row_where(table: &Table, row: usize, col: usize) -> (String, String) {
    let label = row_label(table, row, col);
    (
        format!("{}「{}」行", table.title, label),
        format!("{}, row \"{}\"", table.title, label),
    )
}

/// Whether `total = Σ parts` holds within one table row by the same tolerance as
/// [`sum_identity`] (blanks read as zero, printed zeros that may hide small amounts), without
/// recording anything: the evidence a reading of the table's structure is judged by.
/// `None` when the total is not a non-zero amount, or an operand is unusable or on a row
/// whose numbers could not be aligned.
pub fn holds_in_row(table: &Table, row: usize, total: usize, parts: &[usize]) -> Option<bool> {
    if table.rows.get(row).is_none_or(|r| r.uncertain) {
        return None;
    }
    let total_iv = match read(&Ref::new(table, row, total)) {
        Operandum::Known(iv) => iv,
        _ => return None,
    };
    let mut ivs = Vec::with_capacity(parts.len());
    for &c in parts {
        match read(&Ref::new(table, row, c)) {
            Operandum::Known(iv) => ivs.push(iv),
            Operandum::Zero { widen } => ivs.push(widen.unwrap_or_else(Interval::zero)),
            Operandum::Blank => {}
            Operandum::Unusable(_) => return None,
        }
    }
    Some(Interval::sum(ivs).meets(&total_iv))
}
