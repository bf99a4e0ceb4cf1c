//! The 指标值 grammar: a comparator, then a number with its unit, a date or a period; or a
//! qualitative value.
//!
//! ```text
//! value      = [lead] [op] (quantity | date-range | text) [suffix-op] [rest]
//! op         = ≥ | ≤ | > | < | = | >= | <= | 》 | ≈
//!            | 不低于 | 不少于 | 不小于 | 至少 | 达到 | 大于等于 | 高于 | 大于 | 超过 | 多于
//!            | 不高于 | 不超过 | 不超 | 不多于 | 不大于 | 小于等于 | 最多 | 控制在 | 低于 | 少于 | 小于 | 等于 | 约
//! quantity   = number [("-" | "~" | "至") number] [unit]
//! unit       = % | 元 | 万元 | 亿元 | 万 | 个 | 条 | 人 | 人次 | 次 | 辆 | 台 | 套 | 年 | 个月 | 月 | 天 | 日
//!            | 小时 | M | 米 | 公里 | …
//! suffix-op  = 以上 | 及以上 | 以下 | 及以下 | 以内 | 之内 | 内 | 左右 | 前 | 之前 | 以前
//! date-range = date [("-" | "—" | "~" | "至" | "到") date]
//! date       = YYYY年[M月[D日]] | YYYY.MM[.DD] | YYYY-MM[-DD] | YYYY/MM | M月[D日] | YYYY年底
//! ```
//!
//! Full-width digits, `％`, `＞` `＜` `＝` and `≧` `≦` are already normalised by the line
//! normaliser, and so is LaTeX (`$\geq 95\%$` → `≥95%`).

use rust_decimal::Decimal;

use crate::model::Unit;
use crate::parse::lexer::parse_number;
use crate::parse::normalize::squeeze;

/// A comparator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// ≥ (不低于, 不少于, 以上, 达到 …)
    Ge,
    /// >
    Gt,
    /// ≤ (不超过, 不高于, 以内, 以下 …)
    Le,
    /// <
    Lt,
    /// = (also a bare value)
    Eq,
}

impl Op {
    /// The symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
        }
    }

    /// ≥ or >.
    pub fn is_floor(self) -> bool {
        matches!(self, Op::Ge | Op::Gt)
    }

    /// ≤ or <.
    pub fn is_cap(self) -> bool {
        matches!(self, Op::Le | Op::Lt)
    }
}

/// What a number measures, from the unit printed after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// `%`
    Percent,
    /// 元 / 万元 / 亿元 (a bare `万` after a number is read as 万元).
    Money(Unit),
    /// A count or another absolute quantity: 个, 条, 人, 人次, 次, 辆, 台, 套, 平方米 …
    Count(String),
    /// A duration: 年, 个月, 月, 天, 日, 工作日, 小时, 分钟.
    Duration(String),
    /// A length: 米, M, 公里, km.
    Length(String),
    /// Something else printed after the number (‰, 个百分点 …).
    Other(String),
    /// A bare number.
    None,
}

impl Measure {
    /// The unit as printed ("" for a bare number).
    pub fn label(&self) -> String {
        match self {
            Measure::Percent => "%".into(),
            Measure::Money(u) => u.label().into(),
            Measure::Count(s) | Measure::Duration(s) | Measure::Length(s) | Measure::Other(s) => s.clone(),
            Measure::None => String::new(),
        }
    }
}

/// A calendar date as far as it was printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year, when printed.
    pub year: Option<u16>,
    /// Month, when printed.
    pub month: Option<u8>,
    /// Day, when printed.
    pub day: Option<u8>,
}

impl Date {
    /// `2023.07`, `2023年`, `12月31日`.
    pub fn display(&self) -> String {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => format!("{y}年{m}月{d}日"),
            (Some(y), Some(m), None) => format!("{y}年{m}月"),
            (Some(y), None, _) => format!("{y}年"),
            (None, Some(m), Some(d)) => format!("{m}月{d}日"),
            (None, Some(m), None) => format!("{m}月"),
            _ => String::new(),
        }
    }
}

/// What the value states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A number: `value` (and the upper end of a printed range), with its unit.
    Number {
        /// The printed number, exactly.
        value: Decimal,
        /// Printed fractional digits.
        decimals: u32,
        /// The upper end of a range (`90%-95%`).
        upper: Option<Decimal>,
        /// The unit.
        measure: Measure,
    },
    /// A date or a period.
    Date {
        /// The (first) date.
        start: Date,
        /// The end of a period.
        end: Option<Date>,
    },
    /// A qualitative value (优良, 按时完成 …).
    Text(String),
    /// Nothing after the comparator, or nothing at all (a cut-off or empty cell).
    Missing,
}

/// A parsed 指标值.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The value as printed (whitespace removed).
    pub raw: String,
    /// The comparator printed (symbol or word), if any.
    pub op: Option<Op>,
    /// What is stated.
    pub kind: Kind,
    /// Text before the comparator or number ("确保", "于").
    pub lead: String,
    /// Text left after the unit and suffix words.
    pub rest: String,
}

impl Target {
    /// The comparator in force: the printed one, else `=`.
    pub fn op_or_eq(&self) -> Op {
        self.op.unwrap_or(Op::Eq)
    }

    /// The number, when the value is one.
    pub fn number(&self) -> Option<Decimal> {
        match &self.kind {
            Kind::Number { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The measure, when the value is a number.
    pub fn measure(&self) -> Option<&Measure> {
        match &self.kind {
            Kind::Number { measure, .. } => Some(measure),
            _ => None,
        }
    }

    /// The percentage, when the value is `N%`.
    pub fn percent(&self) -> Option<Decimal> {
        match &self.kind {
            Kind::Number {
                value,
                measure: Measure::Percent,
                ..
            } => Some(*value),
            _ => None,
        }
    }

    /// The money amount, when the value is one.
    pub fn money(&self) -> Option<crate::model::Amount> {
        match &self.kind {
            Kind::Number {
                value,
                decimals,
                measure: Measure::Money(u),
                ..
            } => Some(crate::model::Amount {
                value: *value,
                decimals: *decimals,
                unit: *u,
                raw: format!("{}{}", value, u.label()),
            }),
            _ => None,
        }
    }

    /// True for a qualitative value.
    pub fn is_text(&self) -> bool {
        matches!(self.kind, Kind::Text(_))
    }
}

/// Comparator symbols, longest first.
const OP_SYMBOLS: &[(&str, Op)] = &[
    (">=", Op::Ge),
    ("=>", Op::Ge),
    ("<=", Op::Le),
    ("=<", Op::Le),
    ("≥", Op::Ge),
    ("≤", Op::Le),
    ("》", Op::Ge),
    ("≮", Op::Ge),
    ("≯", Op::Le),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("=", Op::Eq),
    ("≈", Op::Eq),
    ("约", Op::Eq),
];

/// Comparator words, longest first.
const OP_WORDS: &[(&str, Op)] = &[
    ("大于或等于", Op::Ge),
    ("小于或等于", Op::Le),
    ("大于等于", Op::Ge),
    ("小于等于", Op::Le),
    ("不低于", Op::Ge),
    ("不少于", Op::Ge),
    ("不小于", Op::Ge),
    ("不高于", Op::Le),
    ("不超过", Op::Le),
    ("不多于", Op::Le),
    ("不大于", Op::Le),
    ("控制在", Op::Le),
    ("至少", Op::Ge),
    ("最少", Op::Ge),
    ("最多", Op::Le),
    ("达到", Op::Ge),
    ("高于", Op::Gt),
    ("大于", Op::Gt),
    ("超过", Op::Gt),
    ("多于", Op::Gt),
    ("低于", Op::Lt),
    ("少于", Op::Lt),
    ("小于", Op::Lt),
    ("等于", Op::Eq),
    ("不超", Op::Le),
];

/// Words after the number that act as comparators, longest first.
const SUFFIX_OPS: &[(&str, Op)] = &[
    ("及以上", Op::Ge),
    ("及以下", Op::Le),
    ("以上", Op::Ge),
    ("之上", Op::Ge),
    ("以下", Op::Le),
    ("以内", Op::Le),
    ("之内", Op::Le),
    ("以前", Op::Le),
    ("之前", Op::Le),
    ("以后", Op::Ge),
    ("左右", Op::Eq),
    ("前", Op::Le),
    ("内", Op::Le),
];

/// Units, longest first, with what they measure.
fn unit_of(s: &str) -> Option<(&'static str, Measure)> {
    const MONEY: &[(&str, Unit)] = &[
        ("亿元", Unit::YiYuan),
        ("万元", Unit::WanYuan),
        ("元", Unit::Yuan),
        ("万", Unit::WanYuan),
    ];
    const DURATION: &[&str] = &[
        "工作日",
        "个工作日",
        "个月",
        "小时",
        "分钟",
        "年",
        "月",
        "天",
        "日",
        "周",
        "秒",
    ];
    const LENGTH: &[&str] = &["公里", "千米", "km", "KM", "米", "M", "m"];
    const COUNT: &[&str] = &[
        "平方米",
        "立方米",
        "千瓦时",
        "人次",
        "户次",
        "车次",
        "架次",
        "册次",
        "人天",
        "课时",
        "学时",
        "万人",
        "公顷",
        "个",
        "条",
        "人",
        "名",
        "次",
        "辆",
        "台",
        "套",
        "件",
        "项",
        "家",
        "场",
        "期",
        "份",
        "篇",
        "本",
        "册",
        "户",
        "座",
        "所",
        "处",
        "间",
        "张",
        "部",
        "支",
        "批",
        "类",
        "种",
        "队",
        "组",
        "班",
        "门",
        "棵",
        "株",
        "只",
        "头",
        "块",
        "页",
        "字",
        "亩",
        "吨",
        "㎡",
        "台套",
        "节",
        "幅",
        "集",
        "款",
        "例",
        "起",
        "宗",
        "笔",
    ];
    if s.starts_with('%') {
        return Some(("%", Measure::Percent));
    }
    if s.starts_with("个百分点") {
        return Some(("个百分点", Measure::Other("个百分点".into())));
    }
    if s.starts_with('‰') {
        return Some(("‰", Measure::Other("‰".into())));
    }
    // "万人次" before "万"
    for c in COUNT.iter().filter(|c| c.starts_with('万')) {
        if s.starts_with(c) {
            return Some((c, Measure::Count((*c).to_string())));
        }
    }
    for (u, unit) in MONEY {
        if s.starts_with(u) {
            return Some((u, Measure::Money(*unit)));
        }
    }
    let mut best: Option<(&'static str, Measure)> = None;
    let mut consider = |w: &'static str, m: Measure| {
        if s.starts_with(w) && best.as_ref().is_none_or(|(b, _)| w.len() > b.len()) {
            best = Some((w, m));
        }
    };
    for w in DURATION {
        consider(w, Measure::Duration((*w).to_string()));
    }
    for w in LENGTH {
        consider(w, Measure::Length((*w).to_string()));
    }
    for w in COUNT {
        consider(w, Measure::Count((*w).to_string()));
    }
    best
}

fn strip_op(s: &str) -> Option<(Op, &str)> {
    for (w, op) in OP_SYMBOLS.iter().chain(OP_WORDS) {
        if let Some(rest) = s.strip_prefix(w) {
            return Some((*op, rest));
        }
    }
    None
}

/// The longest number at the start of `s`: `70000`, `0.5`, `1,700`, `-3.2`.
fn leading_number(s: &str) -> Option<(crate::parse::lexer::Number, &str)> {
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let ok = c.is_ascii_digit() || (c == '.' || c == ',') && i > 0 || (c == '-' || c == '+') && i == 0;
        if !ok {
            break;
        }
        end = i + c.len_utf8();
    }
    // back off trailing separators ("95." / "1,")
    let mut cand = &s[..end];
    while cand.ends_with(['.', ',']) {
        cand = &cand[..cand.len() - 1];
    }
    let body = cand.trim_start_matches('+');
    let n = parse_number(body)?;
    Some((n, &s[cand.len()..]))
}

/// Reads digits at `s[i..]`: (value, number of digits).
fn digits(s: &[char], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut v: u32 = 0;
    let mut n = 0;
    while i + n < s.len() && n < max && s[i + n].is_ascii_digit() {
        v = v * 10 + s[i + n].to_digit(10).unwrap_or(0);
        n += 1;
    }
    (n > 0).then_some((v, n))
}

/// A date at the start of `s`; returns it and the number of chars read.
fn date_at(s: &[char], i: usize, year_hint: Option<u16>) -> Option<(Date, usize)> {
    let (y, ny) = digits(s, i, 4).unwrap_or((0, 0));
    let mut j = i;
    let mut date = Date {
        year: None,
        month: None,
        day: None,
    };
    if ny == 4 && (1990..2100).contains(&y) {
        j += 4;
        let sep = s.get(j).copied();
        match sep {
            Some('年') => {
                j += 1;
                date.year = Some(y as u16);
                if let Some((m, nm)) = digits(s, j, 2).filter(|(m, _)| (1..=12).contains(m)) {
                    if s.get(j + nm) == Some(&'月') {
                        j += nm + 1;
                        date.month = Some(m as u8);
                        if let Some((d, nd)) = digits(s, j, 2).filter(|(d, _)| (1..=31).contains(d)) {
                            if matches!(s.get(j + nd), Some('日') | Some('号')) {
                                j += nd + 1;
                                date.day = Some(d as u8);
                            }
                        }
                    }
                } else {
                    for w in ["年底", "年末"] {
                        let w: Vec<char> = w.chars().skip(1).collect();
                        if s[j..].starts_with(&w) {
                            j += w.len();
                            date.month = Some(12);
                        }
                    }
                }
            }
            Some('.') | Some('/') | Some('-') => {
                let (m, nm) = digits(s, j + 1, 2)?;
                if !(1..=12).contains(&m) || s.get(j + 1 + nm).is_some_and(|c| c.is_ascii_digit()) {
                    return None;
                }
                j += 1 + nm;
                date.year = Some(y as u16);
                date.month = Some(m as u8);
                if s.get(j) == sep.as_ref() {
                    if let Some((d, nd)) = digits(s, j + 1, 2).filter(|(d, _)| (1..=31).contains(d)) {
                        j += 1 + nd;
                        date.day = Some(d as u8);
                    }
                }
            }
            _ => return None,
        }
        return Some((date, j - i));
    }
    // M月[D日] without a year
    let (m, nm) = digits(s, i, 2)?;
    if (1..=12).contains(&m) && s.get(i + nm) == Some(&'月') {
        j = i + nm + 1;
        date.year = year_hint;
        date.month = Some(m as u8);
        if let Some((d, nd)) = digits(s, j, 2).filter(|(d, _)| (1..=31).contains(d)) {
            if matches!(s.get(j + nd), Some('日') | Some('号')) {
                j += nd + 1;
                date.day = Some(d as u8);
            }
        }
        for w in ["底", "末", "初", "中旬", "上旬", "下旬"] {
            let w: Vec<char> = w.chars().collect();
            if s[j..].starts_with(&w) {
                j += w.len();
                break;
            }
        }
        return Some((date, j - i));
    }
    None
}

/// A date or period at the start of `s`: (start, end, chars read).
fn period(s: &str) -> Option<(Date, Option<Date>, usize)> {
    let cs: Vec<char> = s.chars().collect();
    let (start, n) = date_at(&cs, 0, None)?;
    // a lone "2023.07" is only a date when nothing but a date-like tail follows
    let mut i = n;
    let mut end = None;
    if let Some(c) = cs.get(i) {
        if matches!(c, '-' | '—' | '–' | '~' | '～' | '至' | '到') {
            let skip = if *c == '—' && cs.get(i + 1) == Some(&'—') {
                2
            } else {
                1
            };
            if let Some((e, m)) = date_at(&cs, i + skip, start.year) {
                end = Some(e);
                i += skip + m;
            }
        }
    }
    let year_only = start.month.is_none() && end.is_none();
    let printed_with_dot = matches!(cs.get(4), Some('.'));
    if printed_with_dot && end.is_none() {
        // "2023.07" alone could be a number; accept it only when nothing else follows
        let tail: String = cs[i..].iter().collect();
        if !tail.is_empty() && !["前", "之前", "以前", "底前", "前完成", "完成"].contains(&tail.as_str())
        {
            return None;
        }
    }
    if year_only && cs.get(i).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((start, end, i))
}

/// Parses a printed 指标值.
pub fn parse(raw: &str) -> Target {
    let s = squeeze(raw);
    let s = s
        .trim_matches(|c| matches!(c, '。' | '；' | ';' | '，' | ',' | '、' | '"' | '“' | '”'))
        .to_string();
    let mut t = Target {
        raw: s.clone(),
        op: None,
        kind: Kind::Missing,
        lead: String::new(),
        rest: String::new(),
    };
    if s.is_empty() {
        return t;
    }
    // where the comparator or the number starts: after any lead text ("确保", "于")
    let start = s
        .char_indices()
        .find(|(i, c)| c.is_ascii_digit() || strip_op(&s[*i..]).is_some() && !s[*i..].starts_with("约束"))
        .map(|(i, _)| i);
    let Some(start) = start else {
        t.kind = Kind::Text(s.clone());
        return t;
    };
    let lead = &s[..start];
    let mut rest = &s[start..];
    let mut op = None;
    if let Some((o, r)) = strip_op(rest) {
        op = Some(o);
        rest = r;
        // "≥=95%" and similar doubled comparators
        if let Some((o2, r2)) = strip_op(rest) {
            if o2 == Op::Eq && (o.is_floor() || o.is_cap()) {
                rest = r2;
            }
        }
    }
    if rest.is_empty() {
        if lead.is_empty() {
            t.op = op;
            t.kind = Kind::Missing;
        } else {
            t.kind = Kind::Text(s.clone());
        }
        return t;
    }
    // a date or a period
    if let Some((start_d, end_d, n)) = period(rest) {
        let consumed: usize = rest.chars().take(n).map(char::len_utf8).sum();
        let mut tail = &rest[consumed..];
        for (w, o) in SUFFIX_OPS {
            if let Some(r) = tail.strip_prefix(w) {
                op = op.or(Some(*o));
                tail = r;
                break;
            }
        }
        t.op = op;
        t.lead = lead.to_string();
        t.rest = tail.to_string();
        t.kind = Kind::Date {
            start: start_d,
            end: end_d,
        };
        return t;
    }
    let Some((n, after)) = leading_number(rest) else {
        // "不超预算": a comparator word not followed by a number is part of the text
        t.kind = Kind::Text(s.clone());
        return t;
    };
    let mut tail = after;
    let mut measure = Measure::None;
    let mut upper = None;
    if let Some((u, m)) = unit_of(tail) {
        measure = m;
        tail = &tail[u.len()..];
    }
    // a range: "90%-95%", "90-95%"
    for sep in ["-", "~", "～", "至", "—"] {
        if let Some(r) = tail.strip_prefix(sep) {
            if let Some((n2, after2)) = leading_number(r) {
                upper = Some(n2.value);
                tail = after2;
                if let Some((u, m)) = unit_of(tail) {
                    if measure == Measure::None {
                        measure = m;
                    }
                    tail = &tail[u.len()..];
                }
            }
            break;
        }
    }
    for (w, o) in SUFFIX_OPS {
        if let Some(r) = tail.strip_prefix(w) {
            // "内" only as a comparator when the text ends there ("5个工作日内")
            if *w == "内" && !r.is_empty() {
                continue;
            }
            op = op.or(Some(*o));
            tail = r;
            break;
        }
    }
    t.op = op;
    t.lead = lead.to_string();
    t.rest = tail.to_string();
    t.kind = Kind::Number {
        value: n.value,
        decimals: n.decimals,
        upper,
        measure,
    };
    t
}

/// How many characters at the start of `s` form a quantitative value (comparator, number,
/// unit, a suffix comparator), for text whose cells ran together ("2280次大楼安检…" → 5).
/// A lone comparator counts; 0 when nothing value-like starts `s`.
pub fn prefix_len(s: &str) -> usize {
    let mut rest = s;
    let mut op = false;
    for (w, _) in OP_SYMBOLS {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r;
            op = true;
            break;
        }
    }
    match leading_number(rest) {
        Some((_, after)) => {
            rest = after;
            if let Some((u, _)) = unit_of(rest) {
                rest = &rest[u.len()..];
            }
            for (w, _) in SUFFIX_OPS.iter().filter(|(w, _)| w.chars().count() > 1) {
                if let Some(r) = rest.strip_prefix(w) {
                    rest = r;
                    break;
                }
            }
        }
        None if op => {}
        None => return 0,
    }
    s[..s.len() - rest.len()].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> (Option<Op>, String, Measure) {
        let t = parse(s);
        match t.kind {
            Kind::Number { value, measure, .. } => (t.op, value.to_string(), measure),
            k => panic!("{s}: not a number: {k:?}"),
        }
    }

    #[test]
    fn comparators_in_every_form() {
        for (s, op) in [
            ("≥95%", Op::Ge),
            (">=95%", Op::Ge),
            ("》95%", Op::Ge),
            ("不低于95%", Op::Ge),
            ("不少于 95 %", Op::Ge),
            ("95%以上", Op::Ge),
            ("95%及以上", Op::Ge),
            ("达到95%", Op::Ge),
            ("≤2%", Op::Le),
            ("<=2%", Op::Le),
            ("不超过2%", Op::Le),
            ("2%以内", Op::Le),
            ("2%以下", Op::Le),
            ("<5%", Op::Lt),
            (">92%", Op::Gt),
            ("=100%", Op::Eq),
        ] {
            let (o, v, m) = num(s);
            assert_eq!(o, Some(op), "{s}");
            assert_eq!(m, Measure::Percent, "{s}");
            assert!(
                v == "95" || v == "2" || v == "5" || v == "92" || v == "100",
                "{s}: {v}"
            );
        }
        assert_eq!(parse("95%").op, None);
        assert_eq!(parse("95%").op_or_eq(), Op::Eq);
    }

    #[test]
    fn units() {
        assert_eq!(num("170 条"), (None, "170".into(), Measure::Count("条".into())));
        assert_eq!(
            num("=926 个"),
            (Some(Op::Eq), "926".into(), Measure::Count("个".into()))
        );
        assert_eq!(
            num("≥1700 人"),
            (Some(Op::Ge), "1700".into(), Measure::Count("人".into()))
        );
        assert_eq!(num("500人次").2, Measure::Count("人次".into()));
        assert_eq!(num("2280次").2, Measure::Count("次".into()));
        assert_eq!(num("≥10 年").2, Measure::Duration("年".into()));
        assert_eq!(num("≥70000 元").2, Measure::Money(Unit::Yuan));
        assert_eq!(num("250万").2, Measure::Money(Unit::WanYuan));
        assert_eq!(num("12.5万元").1, "12.5");
        assert_eq!(num("10辆").2, Measure::Count("辆".into()));
        assert_eq!(num("≥80M").2, Measure::Length("M".into()));
        assert_eq!(
            num("5个工作日内"),
            (Some(Op::Le), "5".into(), Measure::Duration("个工作日".into()))
        );
        assert_eq!(num("1,700人").1, "1700");
        assert_eq!(num("<0.5%").1, "0.5");
        assert_eq!(num("0").2, Measure::None);
    }

    #[test]
    fn ranges_and_lead_text() {
        let t = parse("90%-95%");
        assert!(matches!(t.kind, Kind::Number { upper: Some(_), .. }));
        let t = parse("确保90%以上");
        assert_eq!(t.lead, "确保");
        assert_eq!(t.op, Some(Op::Ge));
        let t = parse("100%完成");
        assert_eq!(t.percent().map(|d| d.to_string()), Some("100".into()));
        assert_eq!(t.rest, "完成");
    }

    #[test]
    fn dates_and_periods() {
        let t = parse("2023.07-2024.01");
        let Kind::Date { start, end } = t.kind else {
            panic!()
        };
        assert_eq!((start.year, start.month), (Some(2023), Some(7)));
        assert_eq!(end.map(|e| (e.year, e.month)), Some((Some(2024), Some(1))));
        let t = parse("2019年12月31日前");
        assert_eq!(t.op, Some(Op::Le));
        assert!(matches!(
            t.kind,
            Kind::Date {
                start: Date {
                    year: Some(2019),
                    month: Some(12),
                    day: Some(31)
                },
                end: None
            }
        ));
        let t = parse("2023年7月-12月");
        let Kind::Date { end, .. } = t.kind else { panic!() };
        assert_eq!(end.map(|e| (e.year, e.month)), Some((Some(2023), Some(12))));
        assert!(matches!(parse("12月底前").kind, Kind::Date { .. }));
        assert!(matches!(parse("2023年底前完成").kind, Kind::Date { .. }));
        assert!(matches!(parse("2023-06-30").kind, Kind::Date { .. }));
        // a count of 2,280 is not a date
        assert!(matches!(parse("2280次").kind, Kind::Number { .. }));
        assert!(matches!(parse("2023.07").kind, Kind::Date { .. }));
        assert!(matches!(parse("2023.07万元").kind, Kind::Number { .. }));
    }

    #[test]
    fn qualitative_and_missing() {
        assert_eq!(parse("优良").kind, Kind::Text("优良".into()));
        assert_eq!(parse("不超预算").kind, Kind::Text("不超预算".into()));
        assert_eq!(parse("按时完成").kind, Kind::Text("按时完成".into()));
        let t = parse(">");
        assert_eq!((t.op, t.kind), (Some(Op::Gt), Kind::Missing));
        assert_eq!(parse("").kind, Kind::Missing);
        assert_eq!(parse("  ").kind, Kind::Missing);
    }

    #[test]
    fn value_prefixes() {
        assert_eq!(prefix_len("2280次大楼安检"), 5);
        assert_eq!(prefix_len(">92%经常性"), 4);
        assert_eq!(prefix_len("95%成本指标"), 3);
        assert_eq!(prefix_len(">"), 1);
        assert_eq!(prefix_len("大楼"), 0);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "≥",
            "%",
            "-",
            "..",
            "年",
            "2023年",
            "20231",
            "≥≥",
            "约束条件",
            "—",
            "1.",
            "9999999999999999999999999999999",
        ] {
            let _ = parse(s);
        }
    }
}
