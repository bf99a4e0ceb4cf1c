//! Exact money amounts as printed, and the intervals their printed precision implies.

use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

use super::Unit;

/// A number exactly as a disclosure printed it.
///
/// `value` is exact (never built from a float), `decimals` is the number of printed
/// fractional digits (`"2,940.05"` → 2, `"328,661"` → 0) and gives the tolerance:
/// a printed number stands for every true value that rounds to it (四舍五入).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amount {
    /// The exact printed value, in `unit`.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Printed fractional digits.
    pub decimals: u32,
    /// The unit the number is printed in.
    pub unit: Unit,
    /// The text as printed (for display), e.g. `"2,940.05"`.
    pub raw: String,
}

impl Amount {
    /// Builds an amount from an exact value; `decimals` is taken from the value's scale.
    pub fn new(value: Decimal, unit: Unit, raw: impl Into<String>) -> Self {
        Amount {
            value,
            decimals: value.scale(),
            unit,
            raw: raw.into(),
        }
    }

    /// The interval of true values, in 元, that this printed number stands for
    /// (round-to-nearest: value ± half a unit of the last printed digit).
    pub fn interval(&self) -> Interval {
        Interval::rounded(self.value, self.decimals).scale(self.unit.yuan_factor())
    }

    /// The exact printed value converted to 元.
    pub fn yuan(&self) -> Decimal {
        self.value * self.unit.yuan_factor()
    }

    /// True when the printed value is zero.
    pub fn is_zero(&self) -> bool {
        self.value.is_zero()
    }
}

/// Half a unit of the last printed digit: 0.005 for two decimals.
fn half_ulp(decimals: u32) -> Decimal {
    Decimal::new(5, decimals.saturating_add(1).min(28))
}

/// An interval of exact values (in 元) with open or closed ends, as in XBRL Calculations 1.1.
///
/// A printed positive number `v` with `d` decimals stands for `[v − h, v + h)` where
/// `h = ½·10^−d` (四舍五入 rounds the midpoint up), a negative one for `(v − h, v + h]`,
/// and a printed zero for `(−h, h)`. Tracking the open ends matters: `3.53` and `3.54`
/// cannot be the same true value, although their closed intervals touch at `3.535`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    #[serde(with = "rust_decimal::serde::str")]
    pub lo: Decimal,
    /// Upper bound.
    #[serde(with = "rust_decimal::serde::str")]
    pub hi: Decimal,
    /// The lower bound itself is excluded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lo_open: bool,
    /// The upper bound itself is excluded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hi_open: bool,
}

impl Interval {
    /// The degenerate interval `[v, v]`.
    pub fn exact(v: Decimal) -> Self {
        Interval {
            lo: v,
            hi: v,
            lo_open: false,
            hi_open: false,
        }
    }

    /// `[0, 0]`.
    pub fn zero() -> Self {
        Interval::exact(Decimal::ZERO)
    }

    /// The interval a printed value stands for under 四舍五入 (see the type docs).
    pub fn rounded(value: Decimal, decimals: u32) -> Self {
        let h = half_ulp(decimals);
        Interval {
            lo: value - h,
            hi: value + h,
            lo_open: value.is_sign_negative() || value.is_zero(),
            hi_open: value.is_sign_positive() || value.is_zero(),
        }
    }

    /// Multiplies both bounds by a positive factor (unit conversion).
    pub fn scale(self, factor: Decimal) -> Interval {
        Interval {
            lo: self.lo * factor,
            hi: self.hi * factor,
            ..self
        }
    }

    /// Interval sum.
    pub fn plus(self, other: Interval) -> Interval {
        Interval {
            lo: self.lo + other.lo,
            hi: self.hi + other.hi,
            lo_open: self.lo_open || other.lo_open,
            hi_open: self.hi_open || other.hi_open,
        }
    }

    /// Interval difference `self − other`.
    pub fn minus(self, other: Interval) -> Interval {
        Interval {
            lo: self.lo - other.hi,
            hi: self.hi - other.lo,
            lo_open: self.lo_open || other.hi_open,
            hi_open: self.hi_open || other.lo_open,
        }
    }

    /// Sum of many intervals.
    pub fn sum<I: IntoIterator<Item = Interval>>(items: I) -> Interval {
        items.into_iter().fold(Interval::zero(), Interval::plus)
    }

    /// True when the two intervals share at least one value.
    pub fn meets(&self, other: &Interval) -> bool {
        let (lo, lo_open) = if self.lo > other.lo {
            (self.lo, self.lo_open)
        } else if other.lo > self.lo {
            (other.lo, other.lo_open)
        } else {
            (self.lo, self.lo_open || other.lo_open)
        };
        let (hi, hi_open) = if self.hi < other.hi {
            (self.hi, self.hi_open)
        } else if other.hi < self.hi {
            (other.hi, other.hi_open)
        } else {
            (self.hi, self.hi_open || other.hi_open)
        };
        lo < hi || (lo == hi && !lo_open && !hi_open)
    }

    /// True when some value of `self` can be ≤ some value of `other`.
    pub fn can_be_le(&self, other: &Interval) -> bool {
        self.lo < other.hi || (self.lo == other.hi && !self.lo_open && !other.hi_open)
    }

    /// The distance between the two intervals' nearest bounds (zero when they meet).
    pub fn gap(&self, other: &Interval) -> Decimal {
        if self.meets(other) {
            Decimal::ZERO
        } else if self.hi <= other.lo {
            other.lo - self.hi
        } else {
            self.lo - other.hi
        }
    }

    /// Midpoint.
    pub fn mid(&self) -> Decimal {
        (self.lo + self.hi) / Decimal::TWO
    }
}

/// Formats an exact value with thousands separators and exactly `decimals` digits
/// (四舍五入 when the value has more digits).
pub fn format_amount(value: Decimal, decimals: u32) -> String {
    let decimals = decimals.min(28);
    let mut rounded = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(decimals);
    // the digits of the rounded value with exactly `decimals` of them after the point
    let mantissa = rounded.mantissa().unsigned_abs();
    let digits = mantissa.to_string();
    let d = decimals as usize;
    let digits = if digits.len() <= d {
        format!("{}{}", "0".repeat(d + 1 - digits.len()), digits)
    } else {
        digits
    };
    let (int, frac) = digits.split_at(digits.len() - d);
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    if rounded.is_sign_negative() && mantissa != 0 {
        out.push('-');
    }
    for (i, c) in int.bytes().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c as char);
    }
    if d > 0 {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn interval_from_printed_decimals() {
        let a = Amount::new(d("2940.05"), Unit::WanYuan, "2,940.05");
        let i = a.interval();
        assert_eq!(i.lo, d("29400450.000"));
        assert_eq!(i.hi, d("29400550.000"));
        assert!(!i.lo_open && i.hi_open);
    }

    #[test]
    fn four_addends_display_rounding_meets() {
        // s4: 2,106.66 + 326.72 + 60.99 + 445.69 = 2,940.06 vs printed 2,940.05
        let parts = ["2106.66", "326.72", "60.99", "445.69"]
            .iter()
            .map(|s| Amount::new(d(s), Unit::WanYuan, *s).interval());
        let sum = Interval::sum(parts);
        let total = Amount::new(d("2940.05"), Unit::WanYuan, "2,940.05").interval();
        assert!(sum.meets(&total));
    }

    #[test]
    fn broken_identity_does_not_meet() {
        // 邮电费 小计 3.54 vs 0.00 + 3.53
        let total = Amount::new(d("3.54"), Unit::WanYuan, "3.54").interval();
        let sum = Interval::sum([
            Amount::new(d("0.00"), Unit::WanYuan, "0.00").interval(),
            Amount::new(d("3.53"), Unit::WanYuan, "3.53").interval(),
        ]);
        // with the zero read as a rounded value the two can meet …
        assert!(sum.meets(&total));
        // … but where the zero is structural (人员经费 of a 302 row) they cannot:
        let sum =
            Interval::exact(Decimal::ZERO).plus(Amount::new(d("3.53"), Unit::WanYuan, "3.53").interval());
        assert!(!sum.meets(&total));
    }

    #[test]
    fn open_ends() {
        let a = Interval::rounded(d("3.53"), 2);
        let b = Interval::rounded(d("3.54"), 2);
        assert!(!a.meets(&b));
        assert!(a.meets(&a));
        let z = Interval::rounded(d("0"), 2);
        assert!(z.meets(&Interval::zero()));
        assert!(!z.meets(&Interval::exact(d("0.005"))));
        assert!(a.can_be_le(&b));
        assert!(!b.can_be_le(&a));
    }

    #[test]
    fn formats_with_grouping() {
        assert_eq!(format_amount(d("2940.05"), 2), "2,940.05");
        assert_eq!(format_amount(d("91016775.35"), 2), "91,016,775.35");
        assert_eq!(format_amount(d("-0.015"), 2), "-0.02");
        assert_eq!(format_amount(d("0.001"), 2), "0.00");
        assert_eq!(format_amount(d("858.21"), 0), "858");
        assert_eq!(format_amount(d("2.125"), 2), "2.13");
    }
}
