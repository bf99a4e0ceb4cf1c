// Shared by the e2e specs: a `test` whose page records (and blocks) every request that would
// leave 127.0.0.1 and every console error, the CLI's report for a file, screenshots.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const base = require('@playwright/test');

const { expect } = base;
const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const SHOTS = path.resolve(__dirname, '..', 'test-results', 'screenshots');
const CORPUS = path.join(ROOT, 'tests', 'corpus', 'text');
const SAMPLE = path.join(ROOT, 'www', 'samples', 'xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt');

/** Runs the native CLI (`cargo run -- check ...`) in `cwd`; exit status 1 still prints the report. */
function cli(args, cwd = ROOT) {
  try {
    return execFileSync('cargo', ['run', '--quiet', '--manifest-path', path.join(ROOT, 'Cargo.toml'), '--', ...args], {
      cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    if (e.status === 1 && e.stdout) return e.stdout;
    throw e;
  }
}

/** The native CLI's JSON report for a file: the web app must show the same summary. */
function cliReport(file) {
  return JSON.parse(cli(['check', '--format', 'json', '--checks', file]));
}

/** True for URLs of this machine's test server (and data:/blob: URLs it created). */
function isLocal(raw) {
  if (raw.startsWith('data:')) return true;
  if (raw.startsWith('blob:')) return raw.startsWith('blob:http://127.0.0.1:') || raw.startsWith('blob:null/');
  if (raw.startsWith('file:')) return true;
  try {
    return new URL(raw).hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

const test = base.test.extend({
  // Console errors a test expects (e.g. the CSP refusing a connection): a RegExp, or null.
  allowedConsoleErrors: [null, { option: true }],
  // Requests that left 127.0.0.1 (filled by the page fixture; a test may read it).
  outside: async ({}, use) => { await use([]); },
  page: async ({ page, context, outside, allowedConsoleErrors }, use) => {
    const consoleErrors = [];
    // Record (and block) any request that would leave this machine.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (isLocal(url)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    context.on('request', (req) => {
      if (!isLocal(req.url())) outside.push(req.url());
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !(allowedConsoleErrors && allowedConsoleErrors.test(msg.text()))) consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    await use(page);
    expect(outside, 'requests that left 127.0.0.1').toEqual([]);
    expect(consoleErrors, 'console errors').toEqual([]);
  },
});

async function shot(page, testInfo, name, { full = true } = {}) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = (suffix) => path.join(SHOTS, `${testInfo.project.name}-${name}${suffix}.png`);
  if (full) await page.screenshot({ path: file(''), fullPage: true, animations: 'disabled' });
  await page.screenshot({ path: file('-viewport'), animations: 'disabled' });
}

async function shotOf(locator, testInfo, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await locator.screenshot({ path: path.join(SHOTS, `${testInfo.project.name}-${name}.png`), animations: 'disabled' });
}

async function open(page) {
  await page.goto('./');
  await expect(page.getByTestId('summary')).toBeVisible();
}

/** Waits until the page shows a checked result (no check pending). */
async function settled(page) {
  await expect(page.getByTestId('stale')).toHaveCount(0, { timeout: 30_000 });
}

async function expectSummary(page, report) {
  const s = report.summary;
  await expect(page.getByTestId('count-errors').locator('.n')).toHaveText(String(s.errors));
  await expect(page.getByTestId('count-warnings').locator('.n')).toHaveText(String(s.warnings));
  await expect(page.getByTestId('count-infos').locator('.n')).toHaveText(String(s.infos));
  await expect(page.getByTestId('count-passed').locator('.n')).toHaveText(String(s.checks_passed));
  await expect(page.getByTestId('count-not-checked').locator('.n')).toHaveText(String(s.checks_not_checked));
  await expect(page.getByTestId('finding')).toHaveCount(report.findings.length);
  await expect(page.getByTestId('table-list').locator('li')).toHaveCount(report.tables.length);
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core (WCAG 2.1 A and AA rules) finds no violation on the page as it is. */
async function axe(page, what) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(0, 3).join(' ')}`),
    }));
  });
  expect(result, `axe violations in ${what}`).toEqual([]);
}

module.exports = {
  test, expect, ROOT, FIXTURES, SHOTS, CORPUS, SAMPLE, cli, cliReport, isLocal, shot, shotOf, open, settled, expectSummary, axe,
};
