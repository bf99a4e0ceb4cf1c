// The single-file build (scripts/single-file.py: one HTML file, the page's and both workers'
// wasm inlined) opens from disk (file://), checks the sample, checks pasted text, reads a
// PDF and exports; it loads nothing else.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { test, expect, ROOT, FIXTURES, SAMPLE, cliReport, shot, settled, expectSummary } = require('../lib/helpers');

const OUT = path.join(ROOT, 'e2e', 'test-results', 'single-file', 'suanpan.html');
const PUTUO = path.join(FIXTURES, 'shanghai-putuo-government-office-2025-dept-budget.layout.txt');

test.beforeAll(() => {
  // from the release build the other tests use (dist/)
  execFileSync('python3', [path.join(ROOT, 'scripts', 'single-file.py'), path.join(ROOT, 'dist'), OUT], { stdio: 'inherit' });
});

test('the single-file build opens from file:// and checks', async ({ page, context }, testInfo) => {
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await page.goto(`file://${OUT}`);
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.locator('[data-testid=finding][data-rule=AR002]')).toHaveCount(2);
  await expectSummary(page, cliReport(SAMPLE));
  await shot(page, testInfo, '40-single-file', { full: false });

  await page.getByTestId('source-text').fill(fs.readFileSync(PUTUO, 'utf8'));
  await expect(page.getByTestId('doc-title')).toContainText('上海市普陀区人民政府办公室');
  await settled(page);
  await expectSummary(page, cliReport(PUTUO));
  // a PDF is read here too (the reader worker from its Blob URL)
  const pdf = path.join(ROOT, 'tests', 'corpus', 'pdf', 'shanghai-putuo-government-office-2025-dept-budget.pdf');
  await page.getByTestId('file-input').setInputFiles(pdf);
  await expect(page.getByTestId('source-name')).toContainText(path.basename(pdf), { timeout: 30_000 });
  await settled(page);
  await expectSummary(page, cliReport(pdf));
  // the table view works here too
  await page.getByTestId('tab-tables').click();
  await expect(page.getByTestId('grid')).toBeVisible();
  // exports work without a server
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const report = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
  expect(report.schema_version).toBe(2);
  // one file, nothing else: no script, wasm or service worker was fetched; the worker is a
  // Blob URL made from the file's own text
  expect(requests.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([`file://${OUT}`]);
  expect(await page.evaluate(() => window.suanpanWorkerUrl)).toMatch(/^blob:null\//);
  expect(await page.evaluate(() => window.suanpanReaderUrl)).toMatch(/^blob:null\//);
  expect(await page.evaluate(() => navigator.serviceWorker ? navigator.serviceWorker.controller : null)).toBeNull();
});
