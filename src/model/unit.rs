//! Money units printed in disclosures (单位：元 / 万元 / 亿元).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The unit a table, a cell or a narrative figure is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Unit {
    /// 元
    #[serde(rename = "元")]
    Yuan,
    /// 万元 (10⁴ 元)
    #[serde(rename = "万元")]
    WanYuan,
    /// 亿元 (10⁸ 元)
    #[serde(rename = "亿元")]
    YiYuan,
}

impl Unit {
    /// How many 元 one unit is (exact).
    pub fn yuan_factor(self) -> Decimal {
        match self {
            Unit::Yuan => Decimal::ONE,
            Unit::WanYuan => Decimal::from(10_000),
            Unit::YiYuan => Decimal::from(100_000_000),
        }
    }

    /// The Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
            Unit::YiYuan => "亿元",
        }
    }

    /// Reads `元`, `万元`, `亿元` (also `千元` is not used in these templates).
    pub fn from_label(s: &str) -> Option<Unit> {
        match s.trim() {
            "元" => Some(Unit::Yuan),
            "万元" | "万" => Some(Unit::WanYuan),
            "亿元" | "亿" => Some(Unit::YiYuan),
            _ => None,
        }
    }
}
