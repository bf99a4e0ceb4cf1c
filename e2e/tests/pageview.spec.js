// The page view ("在原文中查看"): for every corpus PDF, each finding opened on its original
// page shows the page drawn in the browser with an outline on every cell of the finding, and
// each outline holds the glyphs of the number printed there (the glyphs' boxes as the browser
// lays them out, each carrying its character). Keyboard and screen reader reach it (axe
// clean, Escape closes, the focus comes back). The annotated PDF download keeps the original
// bytes as its prefix and carries the highlights. Nothing leaves the computer (the shared
// `test` fails on any request off 127.0.0.1).
const fs = require('node:fs');
const path = require('node:path');
const { test, expect, ROOT, shot, open, settled, axe } = require('../lib/helpers');

const DIRS = ['pdf', 'golden', 'unaudited'].map((d) => path.join(ROOT, 'tests', 'corpus', d));
const pdfs = DIRS.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => f.endsWith('.pdf')).map((f) => path.join(d, f)) : [])).sort();
/** Findings opened per document (the first ones; every cell of each is compared). */
const PER_DOC = 4;

async function upload(page, file) {
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('source-name')).toContainText(path.basename(file), { timeout: 60_000 });
  await expect(page.getByTestId('reading')).toHaveCount(0, { timeout: 60_000 });
  await settled(page);
}

/** Every outline of the open page view against the glyphs drawn inside it. */
async function outlinesOnTheirNumbers(page) {
  return page.evaluate(() => {
    const digits = (s) => s.replace(/[^0-9.]/g, '');
    const view = document.querySelector('[data-testid=page-view]');
    // each glyph: its character, the centre of its box on screen (to test containment) and
    // its origin on the page (to read it in order: by baseline, then left to right)
    const glyphs = [...view.querySelectorAll('.page-svg [data-u]')].map((e) => {
      const r = e.getBoundingClientRect();
      const m = (e.getAttribute('transform') || '').match(/matrix\(([^)]*)\)/);
      const [ox, oy] = m ? m[1].split(/[ ,]+/).slice(4).map(Number) : [Number(e.getAttribute('x')), Number(e.getAttribute('y'))];
      return { u: e.dataset.u, x: r.left + r.width / 2, y: r.top + r.height / 2, ox, line: Math.round(oy / 3) };
    });
    const out = { outlines: 0, compared: 0, wrong: [] };
    for (const o of view.querySelectorAll('[data-testid=outline]')) {
      out.outlines += 1;
      // table cells boxed exactly (a narrative passage's box may hold its whole line)
      const want = digits(o.dataset.text || '');
      if (!want || o.dataset.cell !== 'true') continue;
      const r = o.getBoundingClientRect();
      const inside = glyphs
        .filter((g) => g.x >= r.left && g.x <= r.right && g.y >= r.top && g.y <= r.bottom)
        .sort((a, b) => a.line - b.line || a.ox - b.ox);
      // "fake bold" text is drawn twice (fill, then stroke): one glyph per place
      const one = inside.filter((g, i) => !inside.slice(0, i).some((h) => h.u === g.u && Math.abs(h.x - g.x) < 0.6 && Math.abs(h.y - g.y) < 0.6));
      const spelled = one.map((g) => g.u).join('');
      out.compared += 1;
      if (digits(spelled) !== want) out.wrong.push(`${o.dataset.role} ${o.dataset.text}: the outline holds "${spelled}"`);
    }
    return out;
  });
}

test.describe('every corpus PDF', () => {
  test.skip(({ viewport }) => viewport.width < 1000, 'once, at desktop width');

  for (const file of pdfs) {
    test(`${path.basename(file)}: findings outlined on their printed numbers`, async ({ page }) => {
      test.setTimeout(120_000);
      await open(page);
      await upload(page, file);
      await page.getByTestId('tab-findings').click();
      const buttons = page.getByTestId('view-page');
      const n = await buttons.count();
      const findings = await page.getByTestId('finding').count();
      test.info().annotations.push({ type: 'findings', description: `${findings} findings, ${n} with a page` });
      let compared = 0;
      for (let i = 0; i < Math.min(n, PER_DOC); i += 1) {
        await buttons.nth(i).click();
        const view = page.getByTestId('page-view');
        await expect(view).toBeVisible();
        await expect(view.getByTestId('page-canvas')).toBeVisible({ timeout: 30_000 });
        const r = await outlinesOnTheirNumbers(page);
        expect(r.outlines, 'the finding has outlines on its page').toBeGreaterThan(0);
        expect(r.wrong).toEqual([]);
        compared += r.compared;
        await page.keyboard.press('Escape');
        await expect(view).toHaveCount(0);
      }
      test.info().annotations.push({ type: 'outlines', description: `${compared} numbers compared` });
    });
  }
});

test('the page view: zoom, pages, legend, keyboard, axe; annotated PDF download', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.viewport && testInfo.project.use.viewport.width < 1000, 'once, at desktop width');
  test.setTimeout(120_000);
  const file = path.join(ROOT, 'tests', 'corpus', 'golden', 'jiangsu-procuratorate-2018-dept-budget.pdf');
  await open(page);
  await upload(page, file);
  await page.getByTestId('tab-findings').click();
  const button = page.getByTestId('view-page').first();
  await button.focus();
  await page.keyboard.press('Enter');
  const view = page.getByTestId('page-view');
  await expect(view.getByTestId('page-canvas')).toBeVisible({ timeout: 30_000 });
  // the focus is in the dialog (on its close button), a legend names the outlines' styles
  await expect(view.getByTestId('page-close')).toBeFocused();
  await expect(view.locator('.legend li')).toHaveCount(3);
  await expect(view.locator('[data-testid=outline]').first()).toBeVisible();
  await axe(page, 'the page view');
  await shot(page, testInfo, 'page-view');
  // zoom: the page gets wider, the outlines stay on their numbers
  const before = (await view.getByTestId('page-canvas').boundingBox()).width;
  await view.getByTestId('zoom-in').click();
  const after = (await view.getByTestId('page-canvas').boundingBox()).width;
  expect(after).toBeGreaterThan(before * 1.1);
  expect((await outlinesOnTheirNumbers(page)).wrong).toEqual([]);
  await view.getByTestId('zoom-out').click();
  await view.getByTestId('zoom-out').click();
  expect((await view.getByTestId('page-canvas').boundingBox()).width).toBeLessThan(before);
  // pages: next shows the next page (without the finding's outlines), previous comes back
  const title = await view.locator('#page-view-title').innerText();
  await view.getByTestId('page-next').click();
  await expect(view.getByTestId('page-canvas')).toBeVisible({ timeout: 30_000 });
  await expect(view.locator('#page-view-title')).not.toHaveText(title);
  await view.getByTestId('page-prev').click();
  await expect(view.locator('#page-view-title')).toHaveText(title);
  await expect(view.getByTestId('page-canvas')).toBeVisible({ timeout: 30_000 });
  await expect(view.locator('[data-testid=outline]').first()).toBeVisible();
  // Escape closes it and the focus goes back to the button that opened it
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);
  await expect(button).toBeFocused();
  // the close button too
  await button.click();
  await expect(view.getByTestId('page-canvas')).toBeVisible({ timeout: 30_000 });
  await view.getByTestId('page-close').click();
  await expect(view).toHaveCount(0);

  // the annotated PDF: the original bytes, then the highlights
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-annotated').click()]);
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const saved = path.join(testInfo.outputDir, download.suggestedFilename());
  await download.saveAs(saved);
  const original = fs.readFileSync(file);
  const annotated = fs.readFileSync(saved);
  expect(annotated.length).toBeGreaterThan(original.length);
  expect(annotated.subarray(0, original.length).equals(original)).toBeTruthy();
  const highlights = annotated.subarray(original.length).toString('latin1').match(/\/Subtype\s*\/Highlight/g) || [];
  const findings = await page.getByTestId('finding').count();
  expect(highlights.length).toBeGreaterThanOrEqual(1);
  expect(highlights.length).toBeLessThanOrEqual(findings * 2);

  // an edited text has no original page any more: no page buttons, no annotated download
  const ta = page.getByTestId('source-text');
  await ta.press('End');
  await ta.type(' ');
  await settled(page);
  await expect(page.getByTestId('view-page')).toHaveCount(0);
  await expect(page.getByTestId('export-annotated')).toHaveCount(0);
});

test('spreadsheets and Word: a finding opens on its sheet (or table) as read, its cells outlined', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.viewport && testInfo.project.use.viewport.width < 1000, 'once, at desktop width');
  test.setTimeout(120_000);
  await open(page);
  for (const f of ['xinjiang-2019-tables.xlsx', 'xinjiang-2019-tables.xls', 'xinjiang-2019.docx']) {
    await upload(page, path.join(__dirname, '..', 'fixtures', 'formats', f));
    await page.getByTestId('tab-findings').click();
    const buttons = page.getByTestId('view-page');
    expect(await buttons.count(), `${f}: findings with a place`).toBeGreaterThan(0);
    await buttons.first().click();
    const view = page.getByTestId('page-view');
    await expect(view.getByTestId('page-canvas')).toBeVisible({ timeout: 30_000 });
    await expect(view.locator('#page-view-title')).toContainText('原表');
    const r = await outlinesOnTheirNumbers(page);
    expect(r.outlines, `${f}: outlines`).toBeGreaterThan(0);
    expect(r.compared, `${f}: numbers compared`).toBeGreaterThan(0);
    expect(r.wrong, f).toEqual([]);
    if (f.endsWith('.xlsx')) {
      await axe(page, 'the sheet view');
      await shot(page, testInfo, 'page-view-sheet');
    }
    await page.keyboard.press('Escape');
    await expect(view).toHaveCount(0);
  }
});
