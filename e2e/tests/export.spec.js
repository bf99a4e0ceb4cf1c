// Export: JSON (exactly the CLI's), CSV (one row per finding), Markdown (the CLI's), print
// (an A4 report); a saved JSON report reopens in the app without its source text.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect, FIXTURES, SHOTS, cli, shot, open, settled } = require('../lib/helpers');

const JIANGSU = path.join(FIXTURES, 'jiangsu-party-committee-office-2019-dept-budget-tables.layout.txt');
const NAME = path.basename(JIANGSU);
const STEM = NAME.replace(/\.layout\.txt$/, '');

async function download(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: fs.readFileSync(file, 'utf8') };
}

async function loadJiangsu(page) {
  await open(page);
  await page.getByTestId('file-input').setInputFiles(JIANGSU);
  await expect(page.getByTestId('source-name')).toContainText(NAME);
  await settled(page);
}

test('JSON, CSV and Markdown exports equal what the CLI writes', async ({ page }) => {
  await loadJiangsu(page);
  // the CLI run where the file is, so the report's source is the same bare file name
  const cliJson = cli(['check', '--format', 'json', '--checks', NAME], FIXTURES);
  const json = await download(page, 'export-json');
  expect(json.name).toBe(`${STEM}-suanpan.json`);
  expect(json.text).toBe(cliJson);
  const report = JSON.parse(json.text);
  expect(report.schema_version).toBe(2);

  const csv = await download(page, 'export-csv');
  expect(csv.name).toBe(`${STEM}-suanpan.csv`);
  expect(csv.text.startsWith('\ufeffseverity,rule,name,title_zh,title_en,message_zh,message_en,arithmetic')).toBe(true);
  const rows = csv.text.replace(/\r\n$/, '').split('\r\n');
  expect(rows.length).toBe(report.findings.length + 1);
  report.findings.forEach((f, i) => expect(rows[i + 1].startsWith(`${f.severity},${f.rule},${f.name},`)).toBe(true));

  const md = await download(page, 'export-md');
  expect(md.name).toBe(`${STEM}-suanpan.md`);
  expect(md.text).toBe(cli(['check', '--format', 'markdown', NAME], FIXTURES));
  // English Markdown follows the toggle
  await page.getByTestId('lang-toggle').click();
  const mdEn = await download(page, 'export-md');
  expect(mdEn.text).toBe(cli(['check', '--format', 'markdown', '--lang', 'en', NAME], FIXTURES));
});

test('a saved JSON report reopens without its source text', async ({ page }, testInfo) => {
  await loadJiangsu(page);
  const json = await download(page, 'export-json');
  const report = JSON.parse(json.text);
  await page.getByTestId('clear').click();
  await page.getByTestId('clear-yes').click();
  await expect(page.getByTestId('empty-state')).toBeVisible();

  await page.getByTestId('file-input').setInputFiles({ name: json.name, mimeType: 'application/json', buffer: Buffer.from(json.text) });
  await expect(page.getByTestId('opened-report')).toContainText(json.name);
  await expect(page.getByTestId('source-name')).toContainText('没有原文');
  await expect(page.getByTestId('source-text')).toHaveValue('');
  await expect(page.getByTestId('finding')).toHaveCount(report.findings.length);
  await expect(page.getByTestId('count-errors').locator('.n')).toHaveText(String(report.summary.errors));
  await expect(page.getByTestId('count-passed').locator('.n')).toHaveText(String(report.summary.checks_passed));
  await expect(page.getByTestId('doc-title')).toContainText(report.document.department);
  // no text: line numbers are plain text, and the tables cannot be drawn
  await expect(page.locator('button.line')).toHaveCount(0);
  await page.getByTestId('tab-tables').click();
  await expect(page.getByTestId('no-tables')).toBeVisible();
  // what was checked still lists every check
  await page.getByTestId('tab-checks').click();
  await expect(page.getByTestId('checks-total')).toContainText(`共核对 ${report.checks.length} 项`);
  await shot(page, testInfo, '20-reopened-report', { full: false });
  // and it exports again, unchanged
  const again = await download(page, 'export-json');
  expect(again.text).toBe(json.text);

  // a JSON file that is not a report is refused, bilingually
  await page.getByTestId('file-input').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByTestId('input-error')).toContainText('other.json：不是算盘的 JSON 报告');
  await expect(page.getByTestId('input-error')).toContainText('not a suanpan JSON report');
  await expect(page.getByTestId('finding')).toHaveCount(report.findings.length);
});

test('print: a clean A4 report', async ({ page }, testInfo) => {
  await page.addInitScript(() => {
    window.__printed = 0;
    window.print = () => { window.__printed += 1; };
  });
  await open(page);
  await page.getByTestId('print').click();
  expect(await page.evaluate(() => window.__printed)).toBe(1);

  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.input-panel', '.exports', '.tabs', '.filters', '.lang-toggle']) {
    await expect(page.locator(hidden).first()).toBeHidden();
  }
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.getByTestId('finding').first()).toBeVisible();
  await expect(page.getByTestId('finding').first().getByTestId('why')).toBeVisible();
  await shot(page, testInfo, '21-print');
  if (testInfo.project.name === 'desktop') {
    fs.mkdirSync(SHOTS, { recursive: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, path: path.join(SHOTS, 'report-a4.pdf') });
    expect(pdf.length).toBeGreaterThan(10_000);
  }
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('.input-panel')).toBeVisible();
});
