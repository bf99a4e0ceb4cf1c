// End-to-end tests of the web app: the real release build in Debian chromium.
// Every test also asserts that no request left 127.0.0.1 and that the console stayed clean.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect, ROOT, FIXTURES, SHOTS, cliReport, shot, open, settled, expectSummary } = require('../lib/helpers');

const PUTUO = path.join(FIXTURES, 'shanghai-putuo-government-office-2025-dept-budget.layout.txt');
const JIANGSU = path.join(FIXTURES, 'jiangsu-party-committee-office-2019-dept-budget-tables.layout.txt');
const PDF = path.join(FIXTURES, 'budget.pdf');

test('first visit shows the sample and its two 基本支出表 errors', async ({ page }, testInfo) => {
  await open(page);
  await expect(page).toHaveTitle(/算盘/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('source-text')).toHaveValue(/独山子区委网络安全和信息化领导小组办公室/);
  await expect(page.getByTestId('doc-title')).toContainText('2019 年预算');

  // The sample's two known errors: 基本支出表 rows whose 小计 is 0.01 more than 人员经费 + 公用经费.
  // (Other findings may come and go as rules are added; the counts are compared with the CLI below.)
  const findings = page.locator('[data-testid=finding][data-rule=AR002]');
  await expect(findings).toHaveCount(2);
  await expect(findings.nth(0)).toContainText('30207 邮电费');
  await expect(findings.nth(1)).toContainText('30228 工会经费');
  for (const i of [0, 1]) {
    await expect(findings.nth(i).locator('.finding-table')).toContainText('一般公共预算基本支出');
    await expect(findings.nth(i).locator('.badge')).toHaveText('✖ 错误');
    await expect(findings.nth(i).locator('.arithmetic')).toContainText('≠');
  }
  await expect(findings.nth(0).locator('.arithmetic')).toContainText('0.00 + 3.53 = 3.53 ≠ 3.54');
  await expectSummary(page, cliReport(path.join(ROOT, 'www', 'samples', 'xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt')));
  await expect(page.getByTestId('table-list')).toContainText('一般公共预算基本支出表');
  await shot(page, testInfo, '1-sample');
  await page.getByTestId('finding-list').screenshot({ path: path.join(SHOTS, `${testInfo.project.name}-1-sample-findings.png`) });

  // The rule's documentation opens under the finding.
  await findings.nth(0).locator('details.rule-doc summary').click();
  await expect(findings.nth(0).locator('.rule-doc-body')).toContainText('What it checks');
  await findings.nth(0).screenshot({ path: path.join(SHOTS, `${testInfo.project.name}-1-sample-rule-doc.png`) });

  // A located cell selects its source line in the textarea.
  await findings.nth(0).locator('button.line').first().click();
  const selected = await page.getByTestId('source-text').evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  expect(selected).toContain('邮电费');
  expect(selected).toContain('3.54');
});

test('English toggle', async ({ page }, testInfo) => {
  await open(page);
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('summary')).toContainText('checks passed');
  const finding = page.locator('[data-testid=finding][data-rule=AR002]').first();
  await expect(finding.locator('.badge')).toHaveText('✖ error');
  await expect(finding.locator('.message')).toContainText(/\brow\b.*30207 邮电费/);
  await expect(page.getByRole('button', { name: 'Load sample' })).toBeVisible();
  await shot(page, testInfo, '2-english');
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('summary')).toContainText('项核对通过');
});

test('pasting another disclosure checks it', async ({ page }, testInfo) => {
  await open(page);
  const text = fs.readFileSync(PUTUO, 'utf8');
  await page.getByTestId('source-text').fill(text);
  await expect(page.getByTestId('doc-title')).toContainText('上海市普陀区人民政府办公室');
  await expect(page.getByTestId('doc-title')).toContainText('2025');
  await expect(page.getByTestId('source-name')).toContainText('粘贴的文本');
  await settled(page);
  const report = cliReport(PUTUO);
  await expectSummary(page, report);
  if (report.summary.errors === 0 && report.findings.length === 0) {
    await expect(page.getByTestId('all-clear')).toBeVisible();
  }
  await expect(page.getByTestId('table-list')).toContainText('“三公”经费表');
  await shot(page, testInfo, '3-pasted-putuo');

  // The document is remembered across a reload.
  await page.reload();
  await expect(page.getByTestId('doc-title')).toContainText('上海市普陀区人民政府办公室');
  expect(await page.getByTestId('source-text').inputValue()).toBe(text);
  await settled(page);
  await expectSummary(page, report);
});

test('opening a .txt file through the file picker', async ({ page }, testInfo) => {
  await open(page);
  await page.getByTestId('file-input').setInputFiles(JIANGSU);
  await expect(page.getByTestId('source-name')).toContainText(path.basename(JIANGSU));
  await settled(page);
  const text = fs.readFileSync(JIANGSU, 'utf8');
  expect(await page.getByTestId('source-text').inputValue()).toBe(text);
  await expectSummary(page, cliReport(JIANGSU));
  await shot(page, testInfo, '4-uploaded-txt');
});

test('a PDF is read in the page; a file that cannot be read is refused with a clear message and the text is kept', async ({ page }, testInfo) => {
  await open(page);
  const before = await page.getByTestId('source-text').inputValue();

  // Other non-text files: a zip-based Office file cut short, bytes with NULs.
  const error = page.getByTestId('input-error');
  const cases = [
    { name: 'table.xlsx', buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), zh: 'Excel/Word', en: 'zip' },
    { name: 'image.bin', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x00, 0x0d]), zh: '不是文本文件', en: 'not a text file' },
  ];
  for (const c of cases) {
    await page.getByTestId('file-input').setInputFiles({ name: c.name, mimeType: 'application/octet-stream', buffer: c.buffer });
    await expect(error).toContainText(c.name, { timeout: 30_000 });
    await expect(error).toContainText(c.zh);
    await expect(error).toContainText(c.en);
    await expect(error).toContainText('当前文本保持不变');
    expect(await page.getByTestId('source-text').inputValue()).toBe(before);
  }
  await shot(page, testInfo, '5-file-refused');
  await error.getByRole('button').click();
  await expect(error).toHaveCount(0);
  await expect(page.locator('[data-testid=finding][data-rule=AR002]')).toHaveCount(2);

  // A small PDF is read through its text layer, like the CLI reads it.
  await page.getByTestId('file-input').setInputFiles(PDF);
  await expect(page.getByTestId('source-name')).toContainText('budget.pdf', { timeout: 30_000 });
  await settled(page);
  await expectSummary(page, cliReport(PDF));
});

test('clear asks first, then load the sample again', async ({ page }, testInfo) => {
  await open(page);
  const before = await page.getByTestId('source-text').inputValue();
  await page.getByTestId('clear').click();
  const confirm = page.getByTestId('clear-confirm');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('无法恢复');
  await expect(page.getByTestId('clear-yes')).toBeFocused();
  await shot(page, testInfo, '6-clear-confirm', { full: false });
  // Cancel (button), then cancel with Escape: nothing is lost.
  await page.getByTestId('clear-no').click();
  await expect(confirm).toHaveCount(0);
  expect(await page.getByTestId('source-text').inputValue()).toBe(before);
  await page.getByTestId('clear').click();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  expect(await page.getByTestId('source-text').inputValue()).toBe(before);
  // Confirm.
  await page.getByTestId('clear').click();
  await page.getByTestId('clear-yes').click();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByTestId('source-text')).toHaveValue('');
  // The cleared state is what a reload shows (the saved copy is gone too).
  await page.reload();
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByTestId('source-text')).toHaveValue('');
  await page.getByTestId('load-sample').click();
  await expect(page.locator('[data-testid=finding][data-rule=AR002]')).toHaveCount(2);
});
