// The embeddable package (www/js/package, built into dist/js) on a plain HTML page of its own
// (e2e/embed → dist/embed: no Yew, no bundler): what `check` resolves to equals what
// `suanpan check --format json` prints for the same files, it runs in a module worker (the
// page keeps running while a PDF is read), bad input is a rejected promise with the core's
// message in Chinese and English, and nothing is fetched from anywhere but this server.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { test, expect, ROOT, SAMPLE, cli } = require('../lib/helpers');

const PDFS = path.join(ROOT, 'tests', 'corpus', 'pdf');
const PDF = path.join(PDFS, 'shanghai-putuo-finance-bureau-2024-dept-final-edited-with-planted-errors.pdf');
const NARRATIVE = path.join(PDFS, 'jiangsu-party-committee-office-2019-dept-budget.pdf');
const TABLES = path.join(PDFS, 'jiangsu-party-committee-office-2019-dept-budget-tables.pdf');

/** `suanpan check --format json ARGS FILES` run in the files' folder (the report names them as given). */
function cliJson(files, ...args) {
  return cli(['check', '--format', 'json', ...args, ...files.map((f) => path.basename(f))], path.dirname(files[0]));
}

/** The CLI's message on standard error for a file it cannot read (exit status 2). */
function cliError(file) {
  try {
    execFileSync('cargo', ['run', '--quiet', '--manifest-path', path.join(ROOT, 'Cargo.toml'), '--', 'check', path.basename(file)], {
      cwd: path.dirname(file), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    expect(e.status).toBe(2);
    return e.stderr;
  }
  throw new Error(`the CLI read ${file}`);
}

/** Calls `suanpan.check(input, options)` on the page, files given as { name, base64 } (→ { name, data: Uint8Array }). */
async function call(page, fn, input, options = {}) {
  return page.evaluate(async ({ fn, input, options }) => {
    const data = (i) => (i.base64 !== undefined ? { name: i.name, data: Uint8Array.from(atob(i.base64), (c) => c.charCodeAt(0)) } : i);
    const args = Array.isArray(input) ? input.map(data) : data(input);
    try {
      return { ok: await window.suanpan[fn](args, options) };
    } catch (e) {
      return { error: { name: e.name, message: e.message, zh: e.zh, en: e.en, isError: e instanceof Error } };
    }
  }, { fn, input, options });
}

const bytesOf = (file) => ({ name: path.basename(file), base64: fs.readFileSync(file).toString('base64') });

async function openEmbed(page) {
  await page.goto('./embed/');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
}

test.describe('the JS package on a plain page', () => {
  test.skip(({ viewport }) => viewport.width < 1000, 'once, at desktop width');

  test('the Xinjiang sample: the report equals `suanpan check --format json`', async ({ page }) => {
    await openEmbed(page);
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const expected = cliJson([SAMPLE]);
    const name = path.basename(SAMPLE);
    const report = await call(page, 'check', text, { name });
    expect(report.ok).toEqual(JSON.parse(expected));
    expect(report.ok.findings.filter((f) => f.rule === 'AR002').length).toBeGreaterThan(0);
    // the CLI's output to the byte, and its --checks, --select and Markdown
    expect((await call(page, 'check', text, { name, format: 'json' })).ok).toBe(expected);
    expect((await call(page, 'check', text, { name, checks: true })).ok).toEqual(JSON.parse(cliJson([SAMPLE], '--checks')));
    expect((await call(page, 'check', text, { name, select: 'AR002' })).ok).toEqual(JSON.parse(cliJson([SAMPLE], '--select', 'AR002')));
    expect((await call(page, 'check', text, { name, format: 'markdown', lang: 'en' })).ok)
      .toBe(cli(['check', '--format', 'markdown', '--lang', 'en', name], path.dirname(SAMPLE)));
    // the same on the page's own thread
    expect((await call(page, 'check', text, { name, worker: false })).ok).toEqual(JSON.parse(expected));
    // and through the page's own button: the findings listed
    await page.locator('#text').fill(text);
    await page.locator('#check-text').click();
    await expect(page.locator('body')).toHaveAttribute('data-done', '1');
    await expect(page.locator('#findings li')).toHaveCount(report.ok.findings.length);
  });

  test('a corpus PDF, and two PDFs as one document: the CLI\'s report, read in the worker', async ({ page }) => {
    test.setTimeout(120_000);
    await openEmbed(page);
    // opened with the page's file input: File objects go to the worker as they are
    await page.locator('#files').setInputFiles(PDF);
    await expect(page.locator('body')).toHaveAttribute('data-done', '1', { timeout: 60_000 });
    const expected = JSON.parse(cliJson([PDF]));
    expect(await page.evaluate(() => window.lastReport)).toEqual(expected);
    expect(expected.findings.some((f) => f.locations.some((l) => l.source && l.source.kind === 'pdf'))).toBe(true);
    // bytes, on the page's thread: the same
    expect((await call(page, 'check', bytesOf(PDF), { worker: false })).ok).toEqual(expected);
    // the narrative and its tables published apart: --combine
    const combined = await call(page, 'check', [bytesOf(NARRATIVE), bytesOf(TABLES)]);
    expect(combined.ok).toEqual(JSON.parse(cliJson([NARRATIVE, TABLES], '--combine')));
    // the wasm and the worker came from this server; the check ran in a module worker
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(loaded.some((u) => u.endsWith('/js/worker.js'))).toBe(true);
    expect(page.workers().some((w) => w.url().endsWith('/js/worker.js'))).toBe(true);
  });

  test('Excel (.xlsx, .xls), Word and GBK text: the CLI\'s report for each', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await openEmbed(page);
    const gbk = testInfo.outputPath('xinjiang-gbk.txt');
    fs.writeFileSync(gbk, execFileSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode("utf-8").encode("gb18030"))'], { input: fs.readFileSync(SAMPLE) }));
    const formats = path.join(ROOT, 'e2e', 'fixtures', 'formats');
    for (const file of ['xinjiang-2019-tables.xlsx', 'xinjiang-2019-tables.xls', 'xinjiang-2019.docx'].map((f) => path.join(formats, f)).concat([gbk])) {
      const report = await call(page, 'check', bytesOf(file));
      expect(report.ok, path.basename(file)).toEqual(JSON.parse(cliJson([file])));
    }
  });

  test('the page keeps running while the worker reads a PDF (and is blocked without the worker)', async ({ page }) => {
    test.setTimeout(120_000);
    await openEmbed(page);
    const big = bytesOf(path.join(PDFS, 'shanghai-putuo-finance-bureau-2024-dept-final.pdf'));
    // the longest gap between the ticks of a 10 ms timer on the page while the PDF is checked
    const gaps = await page.evaluate(async (file) => {
      const data = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const run = async (worker) => {
        let last = performance.now();
        let longest = 0;
        const timer = setInterval(() => {
          longest = Math.max(longest, performance.now() - last);
          last = performance.now();
        }, 10);
        const report = await window.suanpan.check({ name: file.name, data }, { worker });
        longest = Math.max(longest, performance.now() - last);
        clearInterval(timer);
        return { longest, findings: report.findings.length };
      };
      await window.suanpan.check('warm-up', { worker: false }); // both wasm instances loaded first
      await window.suanpan.check('warm-up');
      return { worker: await run(true), page: await run(false) };
    }, big);
    expect(gaps.worker.findings).toBe(gaps.page.findings);
    // on the page's thread the check is one long task; in the worker the page only waits
    expect(gaps.worker.longest).toBeLessThan(gaps.page.longest / 2);
    expect(gaps.page.longest).toBeGreaterThan(50);
  });

  test('bad input: a rejected promise with the core\'s message, Chinese then English', async ({ page }, testInfo) => {
    await openEmbed(page);
    // a PDF cut short (a broken download), as the CLI reports it
    const cut = testInfo.outputPath('broken.pdf');
    fs.writeFileSync(cut, fs.readFileSync(PDF).subarray(0, 4000));
    const expected = cliError(cut).trimEnd();
    const broken = await call(page, 'check', bytesOf(cut));
    expect(broken.error).toEqual({ name: 'SuanpanError', message: expected, zh: expected.split('\n')[0], en: expected.split('\n')[1], isError: true });
    expect(broken.error.zh).toMatch(/^broken\.pdf：/);
    expect(broken.error.en).toMatch(/^broken\.pdf: /);
    // on the page's thread too, and through the page (its message shown)
    expect((await call(page, 'check', bytesOf(cut), { worker: false })).error.message).toBe(expected);
    await page.locator('#files').setInputFiles(cut);
    for (const line of expected.split('\n')) await expect(page.locator('#error')).toContainText(line);
    // an empty file, a rule that does not exist, an input that is no input
    expect((await call(page, 'check', { name: 'empty.txt', base64: '' })).error.message).toBe('empty.txt：文件是空的\nempty.txt: the file is empty');
    const rule = await call(page, 'check', 'x', { select: ['ZZ9'] });
    expect(rule.error.zh).toContain('ZZ9');
    expect(rule.error.en).toContain('ZZ9');
    expect((await call(page, 'check', [])).error.en).toBe('no input');
    expect((await call(page, 'check', 'x', { select: 5 })).error.en).toBe('select must be an array of rule codes or a comma-separated string');
    expect((await call(page, 'check', 'x', { format: 'yaml' })).error.en).toMatch(/^format must be report, json, text or markdown/);
    const wrong = await page.evaluate(() => window.suanpan.check(42).then(() => null, (e) => e.message));
    expect(wrong).toMatch(/\ninput 1 is neither text nor bytes nor a file/);
    // after all that, the worker still checks
    expect((await call(page, 'check', fs.readFileSync(SAMPLE, 'utf8'))).ok.summary.errors).toBeGreaterThan(0);
  });

  test('one worker for several calls; terminate() stops it, the next call starts another', async ({ page }) => {
    await openEmbed(page);
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const result = await page.evaluate(async (text) => {
      const { createChecker, check, terminate } = window.suanpan;
      const checker = createChecker();
      const [a, b] = await Promise.all([checker.check(text), checker.check(text, { lang: 'en', format: 'text' })]);
      const pending = checker.check(text).then(() => 'resolved', (e) => e.message);
      checker.terminate();
      const after = await checker.check(text);
      const shared = await check(text);
      terminate();
      const again = await check(text);
      return { a: a.summary, b: b.slice(0, 40), pending: await pending, after: after.summary, shared: shared.summary, again: again.summary };
    }, text);
    expect(result.a).toEqual(result.after);
    expect(result.a).toEqual(result.shared);
    expect(result.a).toEqual(result.again);
    expect(result.b.length).toBeGreaterThan(0);
    expect(result.pending).toBe('检查程序已停止（terminate）\nthe checker was terminated');
    // the workers that were terminated are gone: one for `createChecker`, one shared
    expect(page.workers().length).toBeLessThanOrEqual(2);
  });

  test('a panic in the core (simulated trap): a fatal rejection, a new worker for the next call', async ({ page, context }) => {
    // the glue's check() traps for one input name, as the wasm does after a panic
    // (panic = "abort"); registered after the fixture's route, so it runs first
    await context.route('**/js/suanpan.js', async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('export function check(', 'function checkWasm(')
        + `\nexport function check(names, ...rest) {
  if (names[0] === 'panic.txt') throw new WebAssembly.RuntimeError('unreachable');
  return checkWasm(names, ...rest);
}\n`;
      await route.fulfill({ response, body });
    });
    await openEmbed(page);
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const result = await page.evaluate(async (text) => {
      const { check } = window.suanpan;
      const outcome = (p) => p.then((r) => `errors: ${r.summary.errors}`, (e) => ({ name: e.name, fatal: e.fatal, message: e.message }));
      return {
        worker: await outcome(check({ name: 'panic.txt', data: 'x' })),
        workerAfter: await outcome(check(text)),
        page: await outcome(check({ name: 'panic.txt', data: 'x' }, { worker: false })),
        pageAfter: await outcome(check(text, { worker: false })),
      };
    }, text);
    const fatal = {
      name: 'SuanpanError',
      fatal: true,
      message: '算盘内部错误，这份输入没有核对完（请报告此问题）：RuntimeError: unreachable\n'
        + 'internal error in suanpan, the input was not checked (please report it): RuntimeError: unreachable',
    };
    expect(result.worker).toEqual(fatal);
    // the worker that trapped closed itself; the next call got a new one
    expect(result.workerAfter).toMatch(/^errors: [1-9]/);
    // on the page's thread the instance is not trusted again
    expect(result.page).toEqual(fatal);
    expect(result.pageAfter).toEqual(fatal);
  });
});
