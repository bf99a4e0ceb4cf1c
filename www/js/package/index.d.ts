// The package's functions. The report's types (report.d.ts) are generated from the Rust
// types by ts-rs; only these signatures are written by hand.
import type { InputWarning, Report } from './report.js';

export type * from './report.js';

/** Bytes or text of one file. Text is read as a file's content would be (HTML, CSV, text). */
export type Data = string | Uint8Array | ArrayBuffer | Blob;

/** One input: its data (a File brings its name), or data with the name the report shows. */
export type Input = Data | { name: string; data: Data };

/** Options of a check, as `suanpan check` has them. */
export interface Options {
  /** Only these rules: codes, code prefixes or names (`['AR002', 'XT']` or `'AR002,XT'`). */
  select?: string[] | string;
  /** List the passed checks too (`--checks`); they are counted either way. */
  checks?: boolean;
  /** Language of the text and Markdown reports (the report object has both). Default `zh`. */
  lang?: 'zh' | 'en';
  /** The name the report gives one input that has none (default `pasted` for text, `input` for bytes). */
  name?: string;
  /** `false`: check on this thread instead of the shared worker. */
  worker?: boolean;
  /** Called with each of the readers' warnings (pages without text, merged cells…). */
  onWarning?: (warning: InputWarning) => void;
}

/** What a check resolves to: the report, or the CLI's output for format json, text or markdown. */
export interface Formats {
  report: Report;
  json: string;
  text: string;
  markdown: string;
}

/**
 * Checks `input` (several inputs are read in order as one document, like `suanpan check
 * --combine`) and resolves to the report `suanpan check --format json` prints for it.
 */
export function check(input: Input | Input[], options?: Options & { format?: 'report' }): Promise<Report>;
export function check<F extends keyof Formats>(input: Input | Input[], options: Options & { format: F }): Promise<Formats[F]>;

/** A checker with a worker of its own (or none, with `{ worker: false }`). */
export interface Checker {
  check(input: Input | Input[], options?: Omit<Options, 'worker'> & { format?: 'report' }): Promise<Report>;
  check<F extends keyof Formats>(input: Input | Input[], options: Omit<Options, 'worker'> & { format: F }): Promise<Formats[F]>;
  /** Stops its worker; pending checks are rejected, the next check starts a new worker. */
  terminate(): void;
}

export function createChecker(options?: { worker?: boolean }): Checker;

/** Stops the worker `check` shares; the next call starts a new one. */
export function terminate(): void;

/** An input (or option) that could not be used: `message` is Chinese, a line break, English. */
export class SuanpanError extends Error {
  readonly name: 'SuanpanError';
  /** The Chinese message. */
  readonly zh: string;
  /** The English message. */
  readonly en: string;
  /** True after an internal error (a panic): that checker instance was dropped. */
  readonly fatal: boolean;
}
