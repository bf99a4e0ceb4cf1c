//! Mutation testing of the rules: change one printed table amount at a time and see whether
//! a new error appears. Used by `tests/mutation.rs` (with a recall floor) and the
//! `mutation` example (full per-document recall for reports).

use rust_decimal::Decimal;

use crate::model::{Cell, Document};
use crate::report::Severity;
use crate::{check_document, Options};

/// One way of corrupting a printed amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mutation {
    /// + ten units of the last printed digit (0.1 in a two-decimal table)
    PlusTenth,
    /// − ten units of the last printed digit
    MinusTenth,
    /// + a hundred units of the last printed digit (1.00 in a two-decimal table)
    PlusOne,
    /// × 10
    TimesTen,
    /// The two last distinct adjacent digits swapped.
    SwapDigits,
}

/// All mutations.
pub const ALL_MUTATIONS: &[Mutation] = &[
    Mutation::PlusTenth,
    Mutation::MinusTenth,
    Mutation::PlusOne,
    Mutation::TimesTen,
    Mutation::SwapDigits,
];

/// The mutations are scaled to the printed precision: "0.1" and "1" are ten and a hundred
/// units of the last printed digit (0.1 and 1.00 for a 万元 table with two decimals, 10 and
/// 100 for a table of whole 元), so that every mutation changes the printed number and none
/// is a one-unit rounding adjustment (尾差).
fn apply(value: Decimal, decimals: u32, m: Mutation) -> Option<Decimal> {
    let ulp = Decimal::new(1, decimals);
    let tenth = ulp * Decimal::TEN;
    let one = ulp * Decimal::ONE_HUNDRED;
    let v = match m {
        Mutation::PlusTenth => value + tenth,
        Mutation::MinusTenth => value - tenth,
        Mutation::PlusOne => value + one,
        Mutation::TimesTen => value * Decimal::TEN,
        Mutation::SwapDigits => {
            let s = format!("{:.*}", decimals as usize, value.abs());
            let mut digits: Vec<char> = s.chars().collect();
            let idx: Vec<usize> = (0..digits.len())
                .filter(|i| digits[*i].is_ascii_digit())
                .collect();
            let pair = idx.windows(2).rev().find(|w| digits[w[0]] != digits[w[1]])?;
            digits.swap(pair[0], pair[1]);
            let t: String = digits.into_iter().collect();
            let d: Decimal = t.parse().ok()?;
            if value.is_sign_negative() {
                -d
            } else {
                d
            }
        }
    };
    // "−0.1" of a printed 0.00 is not a slip anyone makes: skip negative results from zero
    (v != value && !(value.is_zero() && v.is_sign_negative())).then_some(v)
}

/// Outcome of mutating one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recall {
    /// Mutations tried.
    pub tried: usize,
    /// Mutations after which a new error appeared.
    pub caught: usize,
    /// Up to 200 examples of missed mutations: (table title, row label, column, printed, mutated).
    pub missed: Vec<(String, String, String, String, String)>,
}

impl Recall {
    /// caught / tried (1.0 when nothing was tried).
    pub fn ratio(&self) -> f64 {
        #[allow(clippy::float_arithmetic, clippy::cast_precision_loss)]
        if self.tried == 0 {
            1.0
        } else {
            self.caught as f64 / self.tried as f64
        }
    }
}

fn error_keys(doc: &Document) -> Vec<String> {
    let r = check_document("m", doc, &Options::default());
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            format!(
                "{}{:?}",
                f.rule,
                f.locations
                    .iter()
                    .map(|l| (l.table, l.row, l.col))
                    .collect::<Vec<_>>()
            )
        })
        .collect()
}

/// Mutates every `stride`-th amount cell of every table with every mutation.
pub fn recall(doc: &Document, stride: usize) -> Recall {
    let base = error_keys(doc);
    let mut out = Recall::default();
    let mut k = 0usize;
    for (t, table) in doc.tables.iter().enumerate() {
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let Cell::Amount(a) = cell else { continue };
                k += 1;
                if !(k - 1).is_multiple_of(stride.max(1)) {
                    continue;
                }
                for &m in ALL_MUTATIONS {
                    let Some(v) = apply(a.value, a.decimals, m) else {
                        continue;
                    };
                    let mut mutated = doc.clone();
                    let mut na = a.clone();
                    na.value = v;
                    na.raw = crate::model::format_amount(v, a.decimals);
                    mutated.tables[t].rows[r].cells[c] = Cell::Amount(na.clone());
                    out.tried += 1;
                    let keys = error_keys(&mutated);
                    if keys.iter().any(|k| !base.contains(k)) {
                        out.caught += 1;
                    } else if out.missed.len() < 2000 {
                        let head = table.head(r, table.columns[c].panel);
                        out.missed.push((
                            table.title.clone(),
                            head.map(|h| h.label.clone()).unwrap_or_default(),
                            table.columns[c].path(),
                            a.raw.clone(),
                            na.raw.clone(),
                        ));
                    }
                }
            }
        }
    }
    out
}
