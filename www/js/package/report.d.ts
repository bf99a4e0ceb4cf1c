// Generated from suanpan's Rust types by ts-rs (src/typescript.rs); do not edit.
// Regenerate: SUANPAN_BLESS=1 cargo test -p suanpan-js --test typescript

/**
 * The full report of one document.
 */

export type Report = { 
/**
 * [`SCHEMA_VERSION`].
 */
schema_version: number, 
/**
 * The document.
 */
document: DocumentInfo, 
/**
 * Recognised tables.
 */
tables: Array<TableSummary>, 
/**
 * The units of a file holding several units' tables, each checked on its own (empty
 * for a file of one unit).
 */
units?: Array<UnitPart>, 
/**
 * Recognised 项目支出绩效目标表 blocks.
 */
performance?: Array<PerformanceSummary>, 
/**
 * Structural problems met while parsing.
 */
parse_issues: Array<ParseIssue>, 
/**
 * Findings, errors first.
 */
findings: Array<Finding>, 
/**
 * Every evaluated identity; without the passed ones when the report was made with
 * [`Report::without_passed_checks`] (`suanpan check` without `--checks`): the summary
 * still counts them.
 */
checks: Array<Check>, 
/**
 * Counts.
 */
summary: Summary, };

/**
 * What the document is.
 */

export type DocumentInfo = { 
/**
 * Source name (file name or "pasted").
 */
source: string, 
/**
 * 预算 / 决算.
 */
kind: DocKind, 
/**
 * Fiscal year.
 */
year?: number, 
/**
 * Department.
 */
department?: string, };

/**
 * 预算 or 决算.
 */

export type DocKind = "budget" | "final-account" | "unknown";

/**
 * A recognised table, summarised.
 */

export type TableSummary = { 
/**
 * Index.
 */
id: number, 
/**
 * Kind.
 */
kind: TableKind, 
/**
 * Kind in Chinese.
 */
kind_zh: string, 
/**
 * Title as printed.
 */
title: string, 
/**
 * Unit declared.
 */
unit?: Unit, 
/**
 * Number of data rows.
 */
rows: number, 
/**
 * Number of columns.
 */
columns: number, 
/**
 * 1-based source line of the title.
 */
line: number, 
/**
 * True when every row's numbers were placed in columns with confidence.
 */
reliable: boolean, 
/**
 * The "empty table" statement printed, when any.
 */
empty_note?: string, };

/**
 * Which standard disclosure table this is.
 *
 * Names follow the 预算 templates; the 决算 equivalents map to the same kind
 * (收入支出决算总表 → [`TableKind::Summary`], and so on).
 */

export type TableKind = "summary" | "income" | "expenditure" | "fiscal-summary" | "fiscal-expenditure" | "fiscal-basic" | "general-budget-expenditure" | "general-budget-basic" | "project-expenditure" | "three-public" | "government-fund" | "state-capital" | "operating-cost" | "procurement" | "other";

/**
 * The unit a table, a cell or a narrative figure is printed in.
 */

export type Unit = "元" | "万元" | "亿元";

/**
 * One unit's tables in a file holding several units' disclosures.
 */

export type UnitPart = { 
/**
 * The unit's name as printed above its tables (编制单位 / 单位名称 / 部门), when any.
 */
name?: string, 
/**
 * Its tables: indices `first..end` into [`Document::tables`].
 */
first: number, 
/**
 * One past its last table.
 */
end: number, };

/**
 * A recognised 项目支出绩效目标表, summarised.
 */

export type PerformanceSummary = { 
/**
 * Index (the `block` of a [`LocationKind::Performance`] location).
 */
id: number, 
/**
 * 项目名称, when printed.
 */
project?: string, 
/**
 * "department" (部门整体支出绩效目标表) or "self-evaluation" (绩效自评表); omitted for
 * a project's table.
 */
kind?: string, 
/**
 * 1-based source line of the block.
 */
line: number, 
/**
 * The template generation, when the 一级 names tell it: "2015" (产出/效益/满意度),
 * "2021" (成本/产出/效益/满意度) or "legacy" (项目完成/效益).
 */
generation?: string, 
/**
 * The project budget as printed (年度资金总额, or 本级 + 上级), with its unit.
 */
funds?: string, 
/**
 * Indicator rows read (placeholders excluded).
 */
indicators: number, 
/**
 * Indicators whose 三级 name the lexicon classifies (category known).
 */
classified: number, 
/**
 * Indicators whose direction (正向/反向) is known, so the comparator is checked.
 */
directed: number, 
/**
 * 二级 groups printed with no indicator.
 */
placeholders: number, };

/**
 * A structural problem met while parsing: never fatal, always positioned.
 */

export type ParseIssue = { 
/**
 * Stable code (`P001`…).
 */
code: string, 
/**
 * 1-based source line.
 */
line: number, 
/**
 * Chinese message.
 */
message_zh: string, 
/**
 * English message.
 */
message_en: string, };

/**
 * A problem found.
 */

export type Finding = { 
/**
 * Rule code.
 */
rule: string, 
/**
 * Rule name (kebab-case).
 */
name: string, 
/**
 * Severity.
 */
severity: Severity, 
/**
 * Chinese message with the numbers.
 */
message_zh: string, 
/**
 * English message with the numbers.
 */
message_en: string, 
/**
 * The arithmetic, spelled out ("3.53 + 0.00 = 3.53 ≠ 3.54，差 0.01").
 */
arithmetic?: string, 
/**
 * Every operand cell (the first is the reported total).
 */
locations: Array<Location>, 
/**
 * Reported value.
 */
reported?: Value, 
/**
 * Computed value.
 */
computed?: Value, 
/**
 * Smallest possible difference between the two sides, in the table's unit.
 */
difference?: string, 
/**
 * Index of the check in `checks` that produced this finding.
 */
check?: number, 
/**
 * The cell the evidence singles out as the likely wrong one, when it does.
 */
likely_wrong?: Location, 
/**
 * For a finding that only repeats the consequence of another: that finding's check.
 */
consequence_of?: number, 
/**
 * Why the evidence points where it does (Chinese).
 */
attribution_zh?: string, 
/**
 * Why the evidence points where it does (English).
 */
attribution_en?: string, };

/**
 * One evaluated identity (passed, failed or not checked).
 */

export type Check = { 
/**
 * Rule code (AR001…).
 */
rule: string, 
/**
 * Outcome.
 */
status: Status, 
/**
 * The identity in words, Chinese ("邮电费：小计 = 人员经费 + 公用经费").
 */
subject_zh: string, 
/**
 * The identity in words, English.
 */
subject_en: string, 
/**
 * Why it was not checked (Chinese), when not checked.
 */
reason_zh?: string, 
/**
 * Why it was not checked (English).
 */
reason_en?: string, 
/**
 * Operand cells: the total first, then the parts.
 */
locations: Array<Location>, 
/**
 * The reported value (the total side), when evaluated.
 */
reported?: Value, 
/**
 * The computed value (the sum side), when evaluated.
 */
computed?: Value, };

/**
 * The outcome of one evaluated identity.
 */

export type Status = "pass" | "fail" | "not-checked";

/**
 * How serious a finding is.
 */

export type Severity = "error" | "warning" | "info";

/**
 * Where an operand is: a table cell (0-based row and column of [`Table`]) and its source line,
 * a whole table, a passage of the narrative, or a row of a 绩效目标表 (see [`LocationKind`]).
 */

export type Location = { 
/**
 * What the location points at (omitted for cells).
 */
kind?: LocationKind, 
/**
 * Table index in `tables`.
 */
table: number, 
/**
 * Row index in the table (0-based).
 */
row: number, 
/**
 * Column index in the table (0-based).
 */
col: number, 
/**
 * 1-based source line.
 */
line: number, 
/**
 * Row label (code and name) as printed.
 */
row_label: string, 
/**
 * Column header path.
 */
column_label: string, 
/**
 * The cell as printed ("" when blank).
 */
text: string, 
/**
 * Role in the identity: "total" (the reported side) or "part"; for performance targets
 * also "indicator", "funds", "source" or "table".
 */
role: string, 
/**
 * For a [`LocationKind::Performance`] location: the block's index in
 * [`Report::performance`].
 */
block?: number, 
/**
 * Where it was printed: PDF page and box, sheet and cell, or line and column of the
 * text (filled in after the checks, for the locations of findings).
 */
source?: Source, };

/**
 * What a [`Location`] points at.
 */

export type LocationKind = "cell" | "table" | "text" | "performance";

/**
 * Where a location of the report was printed.
 */

export type Source = { "kind": "pdf", 
/**
 * The file, when the document was read from several.
 */
file?: string, 
/**
 * 1-based page.
 */
page: number, 
/**
 * The box of the printed text (points, top-left origin, y down).
 */
rect: Rect, 
/**
 * False when the text could not be found among the line's cells and `rect` is the
 * whole line's box.
 */
exact: boolean, } | { "kind": "cell", 
/**
 * The file, when the document was read from several.
 */
file?: string, 
/**
 * The sheet's name.
 */
sheet: string, 
/**
 * The cell's address (`D12`).
 */
cell: string, } | { "kind": "text", 
/**
 * The file, when the document was read from several.
 */
file?: string, 
/**
 * 1-based line.
 */
line: number, 
/**
 * 1-based character column.
 */
column: number, };

/**
 * A box on a PDF page in points: origin at the top-left corner of the page as displayed
 * (its crop box, turned by its `/Rotate`), y down — the frame a page is rendered in.
 */

export type Rect = { 
/**
 * Left.
 */
x0: number, 
/**
 * Top.
 */
y0: number, 
/**
 * Right.
 */
x1: number, 
/**
 * Bottom.
 */
y1: number, };

/**
 * A value with the interval its printed precision allows, in the table's unit.
 */

export type Value = { 
/**
 * The value as the checker shows it (with thousands separators).
 */
display: string, 
/**
 * Lower bound of the possible true value.
 */
min: string, 
/**
 * Upper bound.
 */
max: string, 
/**
 * Unit.
 */
unit: Unit, };

/**
 * Counts.
 */

export type Summary = { 
/**
 * Error findings.
 */
errors: number, 
/**
 * Warning findings.
 */
warnings: number, 
/**
 * Info findings.
 */
infos: number, 
/**
 * Checks that passed.
 */
checks_passed: number, 
/**
 * Checks that failed.
 */
checks_failed: number, 
/**
 * Checks that could not be evaluated.
 */
checks_not_checked: number, 
/**
 * Tables recognised.
 */
tables: number, 
/**
 * Parse issues.
 */
parse_issues: number, };

/**
 * Why an input could not be read.
 */

export type InputError = { 
/**
 * Chinese message naming the file and the problem.
 */
message_zh: string, 
/**
 * English message.
 */
message_en: string, };

/**
 * Something the reader should know about a document that was read (Chinese and English).
 */

export type InputWarning = { 
/**
 * Stable code (`pdf-no-text-pages`, `pdf-undecoded-glyphs`, `merged-numbers`…).
 */
code: string, 
/**
 * Chinese message naming the file.
 */
message_zh: string, 
/**
 * English message.
 */
message_en: string, };
