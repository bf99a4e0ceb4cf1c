// The checker on the thread that imports this module: the worker (worker.js), or the page
// itself with { worker: false }. It turns the inputs into named bytes, calls the wasm
// (suanpan.js, wasm-bindgen --target web: the core with its PDF, Office and GBK readers) and
// gives back what `suanpan check` prints for the same files.
import init, { check as checkFiles, limit, take_panic, too_large } from './suanpan.js';

/** A problem with the input (or the options), in Chinese and in English. */
export class SuanpanError extends Error {
  constructor({ message_zh, message_en }, fatal = false) {
    super(`${message_zh}\n${message_en}`);
    this.name = 'SuanpanError';
    this.zh = message_zh;
    this.en = message_en;
    this.fatal = fatal;
  }
}

let loading = null;
// after a panic the wasm instance is not to be trusted: every later call fails with it
let broken = null;

/** Loads the wasm once (fetches suanpan_bg.wasm next to this module). */
export function load() {
  loading ??= init();
  return loading;
}

const problem = (zh, en) => new SuanpanError({ message_zh: zh, message_en: en });

/** `input` (one input or an array of them) as `[{ name, data: Blob | Uint8Array }]`. */
function named(input, options) {
  const list = Array.isArray(input) ? input : [input];
  return list.map((item, i) => {
    let name = list.length === 1 ? options.name : undefined;
    let data = item;
    const wrapped = item !== null && typeof item === 'object' && 'data' in item
      && !ArrayBuffer.isView(item) && !(item instanceof ArrayBuffer) && !(typeof Blob !== 'undefined' && item instanceof Blob);
    if (wrapped) ({ name, data } = item);
    if (typeof data === 'string') data = new TextEncoder().encode(data);
    else if (data instanceof ArrayBuffer) data = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) data = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else if (!(typeof Blob !== 'undefined' && data instanceof Blob)) {
      throw problem(
        `第 ${i + 1} 个输入既不是文字，也不是字节或文件（应为 string、Uint8Array、ArrayBuffer、Blob/File 或 { name, data }）`,
        `input ${i + 1} is neither text nor bytes nor a file (expected a string, Uint8Array, ArrayBuffer, Blob/File or { name, data })`,
      );
    }
    name ??= data.name ?? (typeof item === 'string' ? 'pasted' : 'input');
    return { name: String(name), data };
  });
}

/**
 * Checks `input` as one document (several inputs are read in order as one, like
 * `suanpan check --combine`); `options` as in index.d.ts (functions are not used here).
 * Resolves to `{ result, warnings }`: the report (an object, or the CLI's output as a
 * string for format json, text or markdown) and the readers' warnings.
 */
export async function run(input, options = {}) {
  if (broken) throw broken;
  await load();
  const files = named(input, options);
  // refused before the bytes are read, with the core's message
  const total = files.reduce((n, f) => n + (f.data.size ?? f.data.byteLength), 0);
  if (total > limit()) throw new SuanpanError(JSON.parse(too_large(files.map((f) => f.name).join(' + '), total)));
  const bytes = await Promise.all(files.map(async (f) => (f.data instanceof Uint8Array ? f.data : new Uint8Array(await f.data.arrayBuffer()))));
  const select = typeof options.select === 'string' ? options.select.split(',') : options.select ?? [];
  if (!Array.isArray(select)) {
    throw problem('select 应为规则代码的数组，或以逗号分隔的字符串', 'select must be an array of rule codes or a comma-separated string');
  }
  const format = options.format ?? 'report';
  let out;
  try {
    out = checkFiles(
      files.map((f) => f.name), bytes, select.map((s) => String(s).trim()).filter(Boolean),
      !!options.checks, format === 'report' ? 'json' : String(format), String(options.lang ?? 'zh'),
    );
  } catch (e) {
    if (typeof e === 'string') throw new SuanpanError(JSON.parse(e));
    // the core panicked (the wasm trapped): its message, and this instance is done
    let why = '';
    try { why = take_panic(); } catch { /* the instance is gone */ }
    why ||= String(e);
    broken = new SuanpanError({
      message_zh: `算盘内部错误，这份输入没有核对完（请报告此问题）：${why}`,
      message_en: `internal error in suanpan, the input was not checked (please report it): ${why}`,
    }, true);
    throw broken;
  }
  const [output, warnings] = out;
  return { result: format === 'report' ? JSON.parse(output) : output, warnings: JSON.parse(warnings) };
}
