// Privacy, enforced: the Content-Security-Policy lets the page connect nowhere but its own
// origin; pasting, uploading, checking and exporting send nothing anywhere; HTML in pasted
// text, uploaded files and reopened reports is shown as text and never runs.
const fs = require('node:fs');
const path = require('node:path');
const { test, expect, CORPUS, FIXTURES, SAMPLE, shot, open, settled } = require('../lib/helpers');

const WANLI = path.join(CORPUS, 'shanghai-putuo-wanli-street-2024-dept-budget.layout.txt');

// Markup that would run if it were ever parsed as HTML: each sets a flag or opens a dialog.
const PAYLOADS = [
  '<script>window.__pwned = "script"</script>',
  '<img src="x-pwned.png" onerror="window.__pwned = \'img\'">',
  '<svg onload="window.__pwned = \'svg\'"></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '"><img src=y-pwned.png onerror=alert(2)>',
];

/** The sample, with the payloads in row labels of its 基本支出表, a table title and the narrative. */
function hostile() {
  return fs.readFileSync(SAMPLE, 'utf8')
    .replace(/^(302\t07\t)邮电费/m, `$1邮电费${PAYLOADS[0]}`)
    .replace(/^(302\t11\t)差旅费/m, `$1差旅费${PAYLOADS[1]}`)
    .replace(/^(302\t26\t)劳务费/m, `$1劳务费${PAYLOADS[4]}`)
    .replace(/公用经费 131\.21 万元/, `公用经费 131.21 万元${PAYLOADS[2]}${PAYLOADS[3]}`);
}

async function expectInert(page) {
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // no element came from the payloads
  await expect(page.locator('body img, body svg, body iframe, body script:not([type=module])')).toHaveCount(0);
}

test.describe('hostile input', () => {
  test.beforeEach(async ({ page }) => {
    page.on('dialog', (d) => { throw new Error(`a dialog opened: ${d.message()}`); });
  });

  test('pasted HTML is shown as text and never runs', async ({ page }, testInfo) => {
    await open(page);
    await page.getByTestId('source-text').fill(hostile());
    await settled(page);
    await expectInert(page);
    // the markup is there, as text, wherever the page shows the document's words
    // the text keeps the markup; the checker reads labels with tags removed, and the page
    // shows what is left as text: the AR002 finding on 邮电费 names the row with the script's words
    expect(await page.getByTestId('source-text').inputValue()).toContain(PAYLOADS[0]);
    const f = page.locator('[data-testid=finding][data-rule=AR002]').first();
    await expect(f).toContainText('邮电费window.__pwned = "script"');
    await f.getByTestId('show-in-table').click();
    await expect(page.getByTestId('grid')).toContainText('window.__pwned = "script"');
    await expect(page.getByTestId('cell-panel')).toContainText('window.__pwned');
    await page.getByTestId('tab-checks').click();
    await page.getByTestId('tab-findings').click();
    await expectInert(page);
    await shot(page, testInfo, '50-hostile-paste', { full: false });
  });

  test('uploaded files with HTML never run (.txt, .html, a crafted JSON report)', async ({ page }) => {
    await open(page);
    for (const name of ['hostile.txt', 'hostile.html', 'hostile.md']) {
      await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(hostile()) });
      await expect(page.getByTestId('source-name')).toContainText(name);
      await settled(page);
      await expectInert(page);
      expect(await page.getByTestId('source-text').inputValue()).toContain(PAYLOADS[1]);
      await expect(page.locator('[data-testid=finding][data-rule=AR002]').first()).toContainText('window.__pwned');
      await page.getByTestId('tab-tables').click();
      await page.getByTestId('tab-findings').click();
    }
    // a saved report whose texts carry markup (as a forged file could)
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const report = JSON.parse(fs.readFileSync(await dl.path(), 'utf8'));
    report.document.department = PAYLOADS[1];
    report.findings.unshift({
      rule: 'AR002', name: 'row-sum-mismatch', severity: 'error',
      message_zh: PAYLOADS[0], message_en: PAYLOADS[4], arithmetic: PAYLOADS[2],
      locations: [{ kind: 'text', table: 0, row: 0, col: 0, line: 1, row_label: PAYLOADS[3], column_label: '', text: PAYLOADS[1], role: 'narrative' }],
    });
    await page.getByTestId('file-input').setInputFiles({ name: 'forged.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(report)) });
    await expect(page.getByTestId('opened-report')).toContainText('forged.json');
    await expect(page.getByTestId('fact-department')).toHaveText(PAYLOADS[1]);
    // a report is shown exactly as saved: here the markup itself appears, as text
    await expect(page.locator('[data-testid=finding]').first()).toContainText(PAYLOADS[0]);
    await expect(page.locator('[data-testid=finding]').first().locator('.arithmetic')).toContainText(PAYLOADS[2]);
    await expect(page.locator('[data-testid=finding]').first().locator('q.quote')).toHaveText(PAYLOADS[1]);
    await expectInert(page);
  });
});

test.describe('the Content-Security-Policy', () => {
  test.use({ allowedConsoleErrors: /Content Security Policy|Refused to (connect|load)|Failed to fetch/ });

  test('allows no connection beyond the page\'s own origin', async ({ page, outside }) => {
    await open(page);
    const csp = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['img-src']).toEqual(["'self'", 'data:']);
    expect(directives['form-action']).toEqual(["'none'"]);
    // the browser enforces it: a fetch, an image, a beacon to elsewhere are refused before they leave
    const refused = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      let fetched = 'sent';
      try { await fetch('https://example.com/collect', { method: 'POST', body: 'x' }); } catch { fetched = 'refused'; }
      const img = new Image();
      img.src = 'https://example.com/pixel.png';
      await new Promise((r) => { img.onerror = r; img.onload = r; setTimeout(r, 1000); });
      let beacon;
      try { beacon = navigator.sendBeacon('https://example.com/beacon', 'x'); } catch { beacon = false; }
      await new Promise((r) => setTimeout(r, 200));
      return { fetched, beacon, violations };
    });
    expect(refused.fetched).toBe('refused');
    expect(refused.violations).toEqual(expect.arrayContaining(['connect-src', 'img-src']));
    // Playwright's own request interception still sees the refused requests (and aborts them,
    // as it aborts anything bound elsewhere); the violations above are the browser's refusal.
    expect(outside.every((u) => u.startsWith('https://example.com/'))).toBe(true);
    outside.length = 0;
  });

  test('pasting, uploading, checking and exporting a large document sends nothing anywhere', async ({ page, context, outside }) => {
    const requests = [];
    context.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
    await open(page);
    const text = fs.readFileSync(WANLI, 'utf8');
    await page.getByTestId('source-text').fill(text);
    await expect(page.getByTestId('doc-title')).toContainText('万里');
    await settled(page);
    await page.getByTestId('file-input').setInputFiles(path.join(FIXTURES, 'jiangsu-party-committee-office-2019-dept-budget-tables.layout.txt'));
    await settled(page);
    for (const id of ['export-json', 'export-csv', 'export-md']) {
      await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    }
    await page.getByTestId('tab-tables').click();
    await page.getByTestId('tab-checks').click();
    expect(outside).toEqual([]);
    // only GETs of the app's own files (the page, its worker, the service worker's cache fill)
    for (const r of requests) {
      expect(r, 'only the app\'s own files are fetched').toMatch(/^GET (http:\/\/127\.0\.0\.1:\d+\/|blob:http:\/\/127\.0\.0\.1:)/);
    }
  });
});
