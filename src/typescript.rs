//! TypeScript declarations of the report (feature `ts`): the types of `suanpan check
//! --format json` as the JS package (`www/js/package/report.d.ts`) declares them, generated
//! by ts-rs from the Rust types and their serde attributes, with their doc comments. A test
//! of the package (`www/js/tests/typescript.rs`) fails when the checked-in file is stale.

use ts_rs::{Config, TS};

use crate::input::{InputError, InputWarning};
use crate::model::{DocKind, ParseIssue, TableKind, Unit, UnitPart};
use crate::report::{
    Check, DocumentInfo, Finding, Location, LocationKind, PerformanceSummary, Report, Severity, Status,
    Summary, TableSummary, Value,
};
use crate::source::{Rect, Source};

/// One declared type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Its TypeScript name.
    pub name: String,
    /// Its doc comment and `export type Name = …;`.
    pub declaration: String,
    /// The names of the types it refers to (each must be declared too).
    pub references: Vec<String>,
}

fn declare<T: TS + 'static>(cfg: &Config) -> Declared {
    let docs = T::docs().map(|d| format!("{d}\n")).unwrap_or_default();
    Declared {
        name: T::name(cfg),
        declaration: format!("{docs}export {}\n", T::decl(cfg)),
        references: T::dependencies(cfg).into_iter().map(|d| d.ts_name).collect(),
    }
}

/// Every type of the report and of the readers' messages, the report first.
pub fn types() -> Vec<Declared> {
    let cfg = Config::default();
    vec![
        declare::<Report>(&cfg),
        declare::<DocumentInfo>(&cfg),
        declare::<DocKind>(&cfg),
        declare::<TableSummary>(&cfg),
        declare::<TableKind>(&cfg),
        declare::<Unit>(&cfg),
        declare::<UnitPart>(&cfg),
        declare::<PerformanceSummary>(&cfg),
        declare::<ParseIssue>(&cfg),
        declare::<Finding>(&cfg),
        declare::<Check>(&cfg),
        declare::<Status>(&cfg),
        declare::<Severity>(&cfg),
        declare::<Location>(&cfg),
        declare::<LocationKind>(&cfg),
        declare::<Source>(&cfg),
        declare::<Rect>(&cfg),
        declare::<Value>(&cfg),
        declare::<Summary>(&cfg),
        declare::<InputError>(&cfg),
        declare::<InputWarning>(&cfg),
    ]
}

/// The declarations file: a header, then [`types`] (all in one module, so no imports).
pub fn declarations() -> String {
    let decls: Vec<String> = types().into_iter().map(|d| d.declaration).collect();
    format!(
        "// Generated from suanpan's Rust types by ts-rs (src/typescript.rs); do not edit.\n\
         // Regenerate: SUANPAN_BLESS=1 cargo test -p suanpan-js --test typescript\n\n{}",
        decls.join("\n")
    )
}
