// Real-world inputs in the real app: every corpus PDF uploaded gives what the native CLI
// gives (and the same tables and errors as its pdftotext -layout text); several files make
// one document; tables pasted as HTML keep their structure; GBK and UTF-16 text; bad files
// get a message naming the file while the text already entered stays.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { test, expect, ROOT, cliReport, shot, open, settled, expectSummary } = require('../lib/helpers');

const PDFS = path.join(ROOT, 'tests', 'corpus', 'pdf');
const TEXTS = path.join(ROOT, 'tests', 'corpus', 'text');
const pdfs = fs.readdirSync(PDFS).filter((f) => f.endsWith('.pdf')).sort();

/** Uploads `files` (paths or {name, mimeType, buffer}) and waits for the checked result. */
async function upload(page, files, sourceName) {
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('source-name')).toContainText(sourceName, { timeout: 30_000 });
  await expect(page.getByTestId('reading')).toHaveCount(0, { timeout: 30_000 });
  await settled(page);
}

const findingKeys = (r) => r.findings.map((f) => `${f.rule}:${f.severity}`).sort();

test.describe('every corpus PDF', () => {
  test.skip(({ viewport }) => viewport.width < 1000, 'read once, at desktop width (the phone layout is tested with the sample)');

  for (const file of pdfs) {
    test(`${file} in the app = the CLI, and = its layout text`, async ({ page }, testInfo) => {
      test.setTimeout(120_000);
      await open(page);
      await upload(page, path.join(PDFS, file), file);
      const report = cliReport(path.join(PDFS, file));
      await expectSummary(page, report);
      // the page lists the same tables as the CLI, in order
      const kinds = await page.getByTestId('table-list').locator('li').allInnerTexts();
      expect(kinds.length).toBe(report.tables.length);
      // the PDF path equals the layout text: same tables, same findings (rule and severity)
      const layout = cliReport(path.join(TEXTS, file.replace(/\.pdf$/, '.layout.txt')));
      expect(report.tables.map((t) => t.kind)).toEqual(layout.tables.map((t) => t.kind));
      expect(findingKeys(report)).toEqual(findingKeys(layout));
      // each finding's cells and passages say on which page they were printed, as the CLI says
      const pages = report.findings
        .flatMap((f) => f.locations)
        .filter((l) => l.kind !== 'table' && l.source && l.source.kind === 'pdf')
        .map((l) => `第 ${l.source.page} 页`);
      if (pages.length) {
        await page.getByTestId('tab-findings').click();
        const shown = await page.getByTestId('place').allInnerTexts();
        for (const p of new Set(pages)) expect(shown.some((s) => s.includes(p)), `${p} in ${shown}`).toBeTruthy();
      }
      // the text read from the PDF is in the box (kept across reloads) with its pages
      const text = await page.getByTestId('source-text').inputValue();
      expect(text.split('\f').length).toBeGreaterThan(1);
      if (file.startsWith('shanghai-putuo-wanli')) await shot(page, testInfo, 'formats-pdf-wanli');
      // the reader's notes are shown (this PDF has an image-only page), else none
      if (file === 'shanghai-putuo-finance-bureau-2024-dept-final.pdf') {
        await expect(page.getByTestId('input-notes')).toContainText('第 14 页没有文字层');
        await shot(page, testInfo, 'formats-pdf-note', { full: false });
      } else {
        await expect(page.getByTestId('input-notes')).toHaveCount(0);
      }
    });
  }
});

test('several files at once make one document (the Jiangsu 2019 narrative and its tables)', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await open(page);
  const narrative = path.join(PDFS, 'jiangsu-party-committee-office-2019-dept-budget.pdf');
  const tables = path.join(PDFS, 'jiangsu-party-committee-office-2019-dept-budget-tables.pdf');
  await upload(page, [narrative, tables], `${path.basename(narrative)} + ${path.basename(tables)}`);
  const alone = cliReport(tables);
  await expect(page.getByTestId('table-list').locator('li')).toHaveCount(alone.tables.length);
  // the narrative's text comes first, then the tables' pages
  const text = await page.getByTestId('source-text').inputValue();
  expect(text.trimStart().startsWith('江苏省委办公厅2019年度部门预算公开')).toBe(true);
  expect(text).toContain('\f');
  // no "the tables are published separately" warning once both are loaded
  await expect(page.locator('[data-testid=finding][data-rule=ST001]')).toHaveCount(0);
  await shot(page, testInfo, 'formats-combined');
});

test('a table pasted from a web page keeps its rows and columns (text/html, rowspan/colspan)', async ({ page }, testInfo) => {
  await open(page);
  await page.getByTestId('clear').click();
  await page.getByTestId('clear-yes').click();
  const html = `<meta charset="utf-8"><p>某某局2024年部门预算</p>
    <table border="1">
      <tr><td colspan="5">一般公共预算基本支出表</td></tr>
      <tr><td colspan="5">单位：万元</td></tr>
      <tr><td rowspan="2">科目编码</td><td rowspan="2">科目名称</td><td colspan="3">一般公共预算基本支出</td></tr>
      <tr><td>合计</td><td>人员经费</td><td>公用经费</td></tr>
      <tr><td>301</td><td>工资福利支出</td><td>120.00</td><td>120.00</td><td></td></tr>
      <tr><td>30101</td><td>基本工资</td><td>70.00</td><td>70.00</td><td></td></tr>
      <tr><td>30102</td><td>津贴补贴</td><td>50.00</td><td>50.00</td><td></td></tr>
      <tr><td>302</td><td>商品和服务支出</td><td>31.00</td><td></td><td>31.00</td></tr>
      <tr><td>30201</td><td>办公费</td><td>10.00</td><td></td><td>10.00</td></tr>
      <tr><td>30207</td><td>邮电费</td><td>21.00</td><td></td><td>20.00</td></tr>
      <tr><td></td><td>合计</td><td>151.00</td><td>120.00</td><td>31.00</td></tr>
    </table>`;
  await page.getByTestId('source-text').focus();
  await page.evaluate((html) => {
    const dt = new DataTransfer();
    dt.setData('text/html', html);
    dt.setData('text/plain', 'plain text the browser would paste');
    const ta = document.querySelector('[data-testid=source-text]');
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, html);
  const box = page.getByTestId('source-text');
  await expect(box).toHaveValue(/30207\t邮电费\t21\.00\t\t20\.00/, { timeout: 30_000 });
  expect(await box.inputValue()).not.toContain('plain text the browser would paste');
  await settled(page);
  await expect(page.getByTestId('table-list')).toContainText('基本支出');
  // 邮电费 21.00 ≠ 0 + 20.00 is found in the pasted table
  await expect(page.locator('[data-testid=finding][data-rule=AR002]').first()).toContainText('邮电费');
  await shot(page, testInfo, 'formats-pasted-html');
});

test('Excel (.xlsx, .xls) and Word (.docx) files give what the CLI gives for them, and the .docx what its text gives', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const dir = path.join(ROOT, 'e2e', 'fixtures', 'formats');
  await open(page);
  for (const f of ['xinjiang-2019-tables.xlsx', 'xinjiang-2019-tables.xls', 'xinjiang-2019.docx']) {
    await upload(page, path.join(dir, f), f);
    const report = cliReport(path.join(dir, f));
    await expectSummary(page, report);
    // the two 基本支出表 row-sum errors of the Xinjiang tables are found in every format
    await expect(page.locator('[data-testid=finding][data-rule=AR002]')).toHaveCount(2);
    if (f.endsWith('.xlsx')) await shot(page, testInfo, 'formats-xlsx');
  }
  // the Word file holds the narrative too: the same report as the text it was written from
  const text = cliReport(path.join(ROOT, 'www', 'samples', 'xinjiang-dushanzi-cyberspace-office-2019-dept-budget.txt'));
  await expectSummary(page, text);
});

test('an OpenDocument spreadsheet (.ods, written by LibreOffice) gives what the CLI gives for it', async ({ page }) => {
  test.setTimeout(120_000);
  const f = path.join(ROOT, 'e2e', 'fixtures', 'formats', 'xinjiang-2019-tables.ods');
  await open(page);
  await upload(page, f, 'xinjiang-2019-tables.ods');
  await expectSummary(page, cliReport(f));
  await expect(page.locator('[data-testid=finding][data-rule=AR002]')).toHaveCount(2);
});

test('GBK and UTF-16 text files read like UTF-8', async ({ page }) => {
  test.setTimeout(120_000);
  const file = path.join(ROOT, 'e2e', 'fixtures', 'shanghai-putuo-government-office-2025-dept-budget.layout.txt');
  const utf8 = fs.readFileSync(file, 'utf8');
  const report = cliReport(file);
  const gbk = execFileSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode("utf-8").encode("gb18030"))'], { input: utf8 });
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf8, 'utf16le')]);
  await open(page);
  for (const [name, buffer] of [['gbk.txt', gbk], ['utf16.txt', utf16]]) {
    await upload(page, { name, mimeType: 'text/plain', buffer }, name);
    expect((await page.getByTestId('source-text').inputValue()).trim()).toBe(utf8.trim());
    await expectSummary(page, report);
  }
});

test('bad files: a clear message naming the file, and the text already there is kept', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await open(page);
  const before = await page.getByTestId('source-text').inputValue();
  const error = page.getByTestId('input-error');
  const pdf = fs.readFileSync(path.join(PDFS, 'jiangsu-party-committee-office-2018-dept-budget-tables.pdf'));
  const cases = [
    // a PDF cut short (an interrupted download)
    { name: 'cut.pdf', buffer: pdf.subarray(0, Math.floor(pdf.length / 2)), zh: '不完整', en: 'incomplete' },
    // a PDF with no page
    { name: 'broken.pdf', buffer: Buffer.from('%PDF-1.7\n%\xE2\xE3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n'), zh: 'PDF', en: 'PDF' },
    // an Excel name on a zip that is not a workbook
    { name: 'table.xlsx', buffer: zipOf('readme.txt', 'hello'), zh: '不是 Excel', en: 'not an Excel' },
    // a picture renamed .txt
    { name: 'photo.txt', buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]), zh: '不是文本文件', en: 'not a text file' },
    { name: 'empty.txt', buffer: Buffer.alloc(0), zh: '空', en: 'empty' },
  ];
  for (const c of cases) {
    await page.getByTestId('file-input').setInputFiles({ name: c.name, mimeType: 'application/octet-stream', buffer: c.buffer });
    await expect(error).toContainText(c.name, { timeout: 30_000 });
    await expect(error).toContainText(c.zh);
    await expect(error).toContainText(c.en);
    await expect(error).toContainText('当前文本保持不变');
    expect(await page.getByTestId('source-text').inputValue()).toBe(before);
    if (c.name === 'cut.pdf') await shot(page, testInfo, 'formats-bad-pdf', { full: false });
  }
  // a file over the 64 MB limit is refused before it is read
  await page.evaluate(() => {
    const input = document.querySelector('[data-testid=file-input]');
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(65 * 1024 * 1024)], 'huge.pdf', { type: 'application/pdf' }));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(error).toContainText('huge.pdf', { timeout: 30_000 });
  await expect(error).toContainText('太大');
  await expect(error).toContainText('too large');
  expect(await page.getByTestId('source-text').inputValue()).toBe(before);
  // one bad file among several: nothing is loaded, the bad one is named
  await page.getByTestId('file-input').setInputFiles([
    { name: 'tables.txt', mimeType: 'text/plain', buffer: fs.readFileSync(path.join(ROOT, 'e2e', 'fixtures', 'jiangsu-party-committee-office-2019-dept-budget-tables.layout.txt')) },
    { name: 'photo.txt', mimeType: 'text/plain', buffer: cases[3].buffer },
  ]);
  await expect(error).toContainText('photo.txt');
  expect(await page.getByTestId('source-text').inputValue()).toBe(before);
  // and the page still works
  await error.getByRole('button').click();
  await page.getByTestId('load-sample').click();
  await expect(page.locator('[data-testid=finding][data-rule=AR002]')).toHaveCount(2);
});

test('files dropped anywhere on the page are opened', async ({ page }) => {
  await open(page);
  const file = path.join(ROOT, 'e2e', 'fixtures', 'jiangsu-party-committee-office-2019-dept-budget-tables.layout.txt');
  const text = fs.readFileSync(file, 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.txt', { type: 'text/plain' }));
    return dt;
  }, text);
  await page.dispatchEvent('[data-testid=summary]', 'dragover', { dataTransfer });
  await expect(page.locator('.app.dragging')).toHaveCount(1);
  await page.dispatchEvent('[data-testid=summary]', 'drop', { dataTransfer });
  await expect(page.getByTestId('source-name')).toContainText('dropped.txt', { timeout: 30_000 });
  await settled(page);
  await expect(page.locator('.app.dragging')).toHaveCount(0);
  await expectSummary(page, cliReport(file));
});

/** A zip with one stored file (enough to look like, and not be, an Office file). */
function zipOf(name, content) {
  const data = Buffer.from(content);
  const n = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const end = Buffer.alloc(22);
  const cdOffset = local.length + n.length + data.length;
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12); end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c) >>> 0;
}
