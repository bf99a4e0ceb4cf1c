//! Regional definitions of budget concepts by region and year (`data/definitions/*.csv`,
//! compiled in): where a region defined 机关运行经费 its own way for a year, the documents
//! that do not state their definition are checked by that region's. A document's own
//! statement always takes precedence; the rules read it first.

use std::sync::OnceLock;

/// The data file (`data/definitions/operating-cost.csv`).
pub const OPERATING_COST_CSV: &str = include_str!("../data/definitions/operating-cost.csv");

/// What a regional definition includes instead of the national scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// 机关运行经费 = 公用经费 of basic spending plus the running costs funded by projects.
    WithProjectRunningCosts,
}

/// One row of a definitions file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The start of the department name ("江苏").
    pub region: String,
    /// The fiscal year.
    pub year: u16,
    /// The concept redefined ("机关运行经费").
    pub concept: String,
    /// What it includes.
    pub scope: Scope,
    /// The definition in Chinese.
    pub definition_zh: String,
    /// The definition in English.
    pub definition_en: String,
    /// Where it is stated.
    pub source: String,
}

/// Reads a definitions file: `Err` names the first malformed line.
pub fn parse(csv: &str) -> Result<Vec<Definition>, String> {
    let mut out = Vec::new();
    let mut header = true;
    for (i, line) in csv.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = l.split(',').map(str::trim).collect();
        if header {
            header = false;
            let want = [
                "region",
                "year",
                "concept",
                "scope",
                "definition_zh",
                "definition_en",
                "source",
            ];
            if f != want {
                return Err(format!("line {}: the header must be {}", i + 1, want.join(",")));
            }
            continue;
        }
        if f.len() != 7 || f.iter().any(|x| x.is_empty()) {
            return Err(format!(
                "line {}: 7 non-empty fields expected, found {}",
                i + 1,
                f.len()
            ));
        }
        let year = f[1]
            .parse::<u16>()
            .map_err(|_| format!("line {}: year {:?} is not a year", i + 1, f[1]))?;
        let scope = match f[3] {
            "with-project-running-costs" => Scope::WithProjectRunningCosts,
            s => return Err(format!("line {}: unknown scope {s:?}", i + 1)),
        };
        out.push(Definition {
            region: f[0].to_string(),
            year,
            concept: f[2].to_string(),
            scope,
            definition_zh: f[4].to_string(),
            definition_en: f[5].to_string(),
            source: f[6].to_string(),
        });
    }
    Ok(out)
}

/// Every regional definition compiled in.
pub fn all() -> &'static [Definition] {
    static D: OnceLock<Vec<Definition>> = OnceLock::new();
    D.get_or_init(|| parse(OPERATING_COST_CSV).unwrap_or_default())
}

/// The regional definition of `concept` for a department (by the start of its name) in a year.
pub fn lookup(concept: &str, department: &str, year: u16) -> Option<&'static Definition> {
    all()
        .iter()
        .find(|d| d.concept == concept && d.year == year && department.starts_with(d.region.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_is_well_formed() {
        let rows = parse(OPERATING_COST_CSV).expect("data/definitions/operating-cost.csv");
        assert!(!rows.is_empty());
        let mut keys: Vec<(&str, u16, &str)> = rows
            .iter()
            .map(|d| (d.region.as_str(), d.year, d.concept.as_str()))
            .collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), rows.len(), "one row per region, year and concept");
        for d in &rows {
            assert!((1990..2100).contains(&d.year), "{d:?}");
            assert!(d.concept == "机关运行经费", "{d:?}: a concept no rule reads");
        }
    }

    #[test]
    fn looks_up_by_region_and_year() {
        assert!(lookup("机关运行经费", "江苏省人民检察院", 2017).is_some());
        assert!(lookup("机关运行经费", "江苏省人民检察院", 2018).is_none());
        assert!(lookup("机关运行经费", "上海市普陀区司法局", 2017).is_none());
    }

    #[test]
    fn malformed_rows_are_named() {
        let h = "region,year,concept,scope,definition_zh,definition_en,source\n";
        assert!(parse(&format!("{h}江苏,2017,机关运行经费,other,a,b,c")).is_err());
        assert!(parse(&format!(
            "{h}江苏,twenty,机关运行经费,with-project-running-costs,a,b,c"
        ))
        .is_err());
        assert!(parse(&format!(
            "{h}江苏,2017,机关运行经费,with-project-running-costs,a,b"
        ))
        .is_err());
        assert!(parse("region,year\n").is_err());
    }
}
