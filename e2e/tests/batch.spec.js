// A set of documents in the real app: the golden PDFs picked as a folder are read and checked
// in a pool of workers, shown one row per document (the same rows as `suanpan check --summary`),
// sorted, filtered, opened one by one and exported; the carried-over typo is found across
// documents; several files dropped at once are a set too. Nothing leaves 127.0.0.1 (the
// fixture fails the test on any request that would).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test, expect, ROOT, cli, cliReport, shot, open, settled, expectSummary, axe } = require('../lib/helpers');

const GOLDEN = path.join(ROOT, 'tests', 'corpus', 'golden');
const golden = fs.readdirSync(GOLDEN).filter((f) => f.endsWith('.pdf')).sort();

/** CSV text → rows of fields (quoted fields with commas, quotes and newlines). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** The CLI's set.csv for the golden folder (keyed by each file's name without its folder) and set.json. */
function cliSet() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'suanpan-set-'));
  cli(['check', '--summary', '--out', out, GOLDEN]);
  return {
    csv: byFile(fs.readFileSync(path.join(out, 'set.csv'), 'utf8')),
    json: JSON.parse(fs.readFileSync(path.join(out, 'set.json'), 'utf8')),
  };
}

function byFile(csv) {
  const [head, ...rows] = parseCsv(csv);
  return Object.fromEntries(rows.map((r) => [r[0].split(' + ').map((f) => path.basename(f)).join(' + '), Object.fromEntries(head.slice(1).map((h, i) => [h, r[i + 1]]))]));
}

/** Picks the golden folder with the folder button and waits until the set is finished. */
async function pickGolden(page) {
  await page.getByTestId('folder-input').setInputFiles(GOLDEN);
  await expect(page.getByTestId('batch')).toBeVisible();
  await expect(page.getByTestId('batch-progress')).toContainText('全部读取并核对完毕', { timeout: 240_000 });
}

test.describe('a folder of documents', () => {
  test.skip(({ viewport }) => viewport.width < 1000, 'checked once, at desktop width (the phone layout is looked at in the last test)');

  test('the golden folder: one row per document as the CLI, the typo found across documents, open one and back, exports', async ({ page }, testInfo) => {
    test.setTimeout(400_000);
    await open(page);
    await pickGolden(page);
    const rows = page.getByTestId('batch-row');
    await expect(rows).toHaveCount(golden.length);
    // in the folder's order by default
    const files = await rows.evaluateAll((r) => r.map((e) => e.dataset.file.split('/').pop()));
    expect(files).toEqual(golden);
    // the carried-over typo (江苏省人民检察院 2018 "增加1,670.85", computed from 2017's misprint)
    const typo = page.locator('[data-testid=batch-cross-finding][data-rule=XD001].error');
    await expect(typo).toHaveCount(1);
    await expect(typo).toContainText('1,670.85');
    await expect(typo).toContainText('jiangsu-procuratorate-2018-dept-budget.pdf');
    // the narratives published apart from their tables are checked with them
    await expect(page.getByTestId('batch-combined-row')).not.toHaveCount(0);
    await shot(page, testInfo, 'batch-golden');
    await axe(page, 'the batch view');

    // the export equals the CLI's set.csv, row for row
    const download = page.waitForEvent('download');
    await page.getByTestId('batch-export-csv').click();
    const d = await download;
    expect(d.suggestedFilename()).toBe('suanpan-set.csv');
    const csv = fs.readFileSync(await d.path(), 'utf8');
    const cliOut = cliSet();
    expect(byFile(csv)).toEqual(cliOut.csv);
    const jsonDownload = page.waitForEvent('download');
    await page.getByTestId('batch-export-json').click();
    const set = JSON.parse(fs.readFileSync(await (await jsonDownload).path(), 'utf8'));
    expect(set.documents.length).toBe(golden.length);
    expect(set.findings.filter((f) => f.rule === 'XD001' && f.severity === 'error').length).toBe(1);
    const basenames = (years) => years.map((y) => ({ ...y, documents: y.documents.map((d) => d.split(' + ').map((f) => path.basename(f)).join(' + ')) }));
    expect(basenames(set.years)).toEqual(basenames(cliOut.json.years));

    // each department's figures year by year, the tables' change beside the narrative's
    await expect(page.getByTestId('batch-years')).toHaveCount(cliOut.json.years.length);
    const procuratorate = page.getByTestId('batch-years').filter({ hasText: '江苏省人民检察院' });
    await expect(procuratorate).toContainText('表格 +1,670.83万元');
    await expect(procuratorate).toContainText('说明 增加1,670.85万元');
    await expect(procuratorate.locator('svg.years-chart polyline')).toHaveCount(3);

    // sorted by errors, most first
    await page.getByTestId('sort-errors').click();
    await expect(page.locator('th[aria-sort=descending]')).toHaveCount(1);
    await expect(page.getByTestId('sort-errors')).toBeFocused();
    const errors = await rows.evaluateAll((r) => r.map((e) => Number(e.querySelectorAll('td')[5].textContent)));
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
    // filtered by name
    await page.getByTestId('batch-filter').fill('procuratorate');
    await expect(rows).toHaveCount(3);
    await expect(page.getByTestId('batch-filter')).toBeFocused();
    await page.getByTestId('batch-filter').fill('');
    await expect(rows).toHaveCount(golden.length);

    // open one: its own results, as the CLI reports them; then back to the table
    const one = 'jiangsu-procuratorate-2018-dept-budget.pdf';
    await page.locator(`[data-testid=batch-row][data-file$="${one}"] [data-testid=batch-open]`).click();
    await expect(page.getByTestId('source-name')).toContainText(one, { timeout: 60_000 });
    await expect(page.getByTestId('reading')).toHaveCount(0, { timeout: 60_000 });
    await settled(page);
    await expectSummary(page, cliReport(path.join(GOLDEN, one)));
    await page.getByTestId('batch-back').click();
    await expect(rows).toHaveCount(golden.length);
    // and close the set
    await page.getByTestId('batch-close').click();
    await expect(page.getByTestId('batch')).toHaveCount(0);
    await expect(page.getByTestId('summary')).toBeVisible();
  });

  test('three files dropped at once are a set; an unreadable one is a row of its own', async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await open(page);
    const picked = golden.filter((f) => f.startsWith('jiangsu-procuratorate'));
    const payload = picked.map((f) => ({ name: f, data: fs.readFileSync(path.join(GOLDEN, f)).toString('base64') }));
    const dataTransfer = await page.evaluateHandle((files) => {
      const dt = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: 'application/pdf' }));
      }
      dt.items.add(new File(['%PDF-1.7 cut short'], 'broken.pdf', { type: 'application/pdf' }));
      return dt;
    }, payload);
    await page.dispatchEvent('[data-testid=summary]', 'drop', { dataTransfer });
    await expect(page.getByTestId('batch')).toBeVisible();
    await expect(page.getByTestId('batch-progress')).toContainText('全部读取并核对完毕', { timeout: 100_000 });
    await expect(page.getByTestId('batch-row')).toHaveCount(4);
    await expect(page.getByTestId('batch-unreadable')).toHaveCount(1);
    await expect(page.getByTestId('batch-unreadable')).toContainText('broken.pdf');
    await expect(page.locator('[data-testid=batch-cross-finding][data-rule=XD001].error')).toHaveCount(1);
    // only the rows with problems
    await page.getByTestId('batch-problems').check();
    const shown = await page.getByTestId('batch-row').count();
    expect(shown).toBeGreaterThanOrEqual(1);
    expect(shown).toBeLessThanOrEqual(4);
    await shot(page, testInfo, 'batch-dropped');
  });
});

test('a .zip of documents opened is checked as a set', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'once');
  test.setTimeout(120_000);
  const zip = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'suanpan-zip-')), 'procuratorate.zip');
  const members = golden.filter((f) => f.startsWith('jiangsu-procuratorate')).map((f) => path.join(GOLDEN, f));
  require('node:child_process').execFileSync('python3', ['-c',
    'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n    [z.write(p, "procuratorate/" + p.rsplit("/", 1)[1]) for p in sys.argv[2:]]\n    z.writestr("__MACOSX/._x.pdf", b"junk")',
    zip, ...members]);
  await open(page);
  await page.getByTestId('file-input').setInputFiles(zip);
  await expect(page.getByTestId('batch')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('batch-progress')).toContainText('全部读取并核对完毕', { timeout: 100_000 });
  const rows = page.getByTestId('batch-row');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((r) => r.map((e) => e.dataset.file))).toEqual(members.map((m) => `procuratorate.zip!procuratorate/${path.basename(m)}`));
  await expect(page.locator('[data-testid=batch-cross-finding][data-rule=XD001].error')).toHaveCount(1);
  // (named as the CLI names a .zip's entries)
  // a member opened is read from the zip's bytes, as the CLI reads the PDF
  await rows.nth(1).getByTestId('batch-open').click();
  await expect(page.getByTestId('source-name')).toContainText('jiangsu-procuratorate-2018', { timeout: 60_000 });
  await settled(page);
  await expectSummary(page, cliReport(members[1]));
});

test('the batch view at phone width', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'looked at on a phone');
  test.setTimeout(120_000);
  await open(page);
  const picked = golden.filter((f) => f.startsWith('jiangsu-high-court')).map((f) => path.join(GOLDEN, f));
  await page.getByTestId('file-input').setInputFiles(picked);
  await expect(page.getByTestId('batch-progress')).toContainText('全部读取并核对完毕', { timeout: 100_000 });
  await expect(page.getByTestId('batch-row')).toHaveCount(3);
  await shot(page, testInfo, 'batch-phone');
  await axe(page, 'the batch view on a phone');
});
