// suanpan (算盘): checks Chinese government budget and final-account disclosures in the
// browser. One call: `await check(input, options)` resolves to the report that
// `suanpan check --format json` prints for the same files (see README.md, index.d.ts).
//
// By default the checker runs in a module worker (worker.js), started on the first call and
// reused; { worker: false } runs it on the calling thread instead.
import { run, SuanpanError } from './engine.js';

export { SuanpanError };

const OPTIONS = ['select', 'checks', 'format', 'lang', 'name'];

/** The options the checker reads (no functions: they go to the worker). */
function plain(options) {
  const out = {};
  for (const k of OPTIONS) if (options[k] !== undefined) out[k] = options[k];
  return out;
}

function warn(options, warnings) {
  if (typeof options.onWarning === 'function') warnings.forEach((w) => options.onWarning(w));
}

/** The checker on this thread. */
function here() {
  return {
    async check(input, options = {}) {
      const { result, warnings } = await run(input, plain(options));
      warn(options, warnings);
      return result;
    },
    terminate() {},
  };
}

/** The checker in a module worker, started on the first call; a worker that fails is replaced. */
function inWorker() {
  let worker = null;
  let next = 0;
  const pending = new Map();
  const fail = (error, fatal) => {
    for (const { reject } of pending.values()) reject(new SuanpanError(error, fatal));
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  const start = () => {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const job = pending.get(data.id);
      if (!job) return;
      pending.delete(data.id);
      if (data.error) {
        job.reject(new SuanpanError(data.error, data.fatal));
        if (data.fatal) fail(data.error, true);
      } else {
        warn(job.options, data.warnings);
        job.resolve(data.result);
      }
    };
    const died = (why) => fail({
      message_zh: `算盘的检查程序（web worker）无法运行：${why}`,
      message_en: `suanpan's checker (a web worker) could not run: ${why}`,
    }, true);
    worker.onerror = (e) => { e.preventDefault?.(); died(e.message || 'error'); };
    worker.onmessageerror = () => died('messageerror');
  };
  return {
    check(input, options = {}) {
      return new Promise((resolve, reject) => {
        if (!worker) start();
        const id = ++next;
        pending.set(id, { resolve, reject, options });
        try {
          worker.postMessage({ id, input, options: plain(options) });
        } catch (e) {
          // an input that cannot be sent (not text, bytes or a file)
          pending.delete(id);
          reject(new SuanpanError({
            message_zh: `这个输入无法交给检查程序：${e.message}`,
            message_en: `this input cannot be passed to the checker: ${e.message}`,
          }));
        }
      });
    },
    terminate() {
      fail({ message_zh: '检查程序已停止（terminate）', message_en: 'the checker was terminated' }, false);
    },
  };
}

/**
 * A checker of your own: `{ worker: true }` (the default) runs it in a module worker of its
 * own, reused for every call until `terminate()`; `{ worker: false }` on this thread.
 */
export function createChecker({ worker = true } = {}) {
  return worker && typeof Worker !== 'undefined' ? inWorker() : here();
}

let shared = null;
let local = null;

/**
 * Checks `input` — text, bytes (Uint8Array, ArrayBuffer), a Blob or File, `{ name, data }`,
 * or an array of these read in order as one document — and resolves to the report
 * (`format: 'json' | 'text' | 'markdown'` give the CLI's output as a string). Rejects with a
 * SuanpanError (message: Chinese, a line break, English) when the input cannot be read.
 */
export function check(input, options = {}) {
  if (options.worker === false) return (local ??= here()).check(input, options);
  return (shared ??= createChecker()).check(input, options);
}

/** Stops the shared worker (the next `check` starts a new one); pending calls are rejected. */
export function terminate() {
  shared?.terminate();
  shared = null;
}
