// The checker's module worker (index.js starts it with
// new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })), so the page's
// thread never runs the checker. Each check runs to its end once its files are read; answers
// carry the job's id.
//
//   page → worker { id, input, options }   (input: strings, bytes, Blobs/Files, { name, data })
//   worker → page { id, result, warnings } | { id, error: { message_zh, message_en }, fatal }
//
// After a panic in the core (fatal) the worker closes itself; the page starts a new one.
import { run, SuanpanError } from './engine.js';

self.onmessage = async ({ data: { id, input, options } }) => {
  try {
    const { result, warnings } = await run(input, options);
    self.postMessage({ id, result, warnings });
  } catch (e) {
    const error = e instanceof SuanpanError
      ? { message_zh: e.zh, message_en: e.en }
      : { message_zh: `算盘无法核对这份输入：${e}`, message_en: `suanpan could not check this input: ${e}` };
    // only a panic in the core leaves the wasm unusable (engine.js); a bad input does not
    const fatal = e instanceof SuanpanError && e.fatal;
    self.postMessage({ id, error, fatal });
    if (fatal) self.close();
  }
};
