// Offline and intranet: after one visit the service worker has cached the app's own files,
// and a reload without any network shows the app, which still checks (in its worker).
const fs = require('node:fs');
const path = require('node:path');
const base = require('@playwright/test');
const { FIXTURES, isLocal, shot, settled } = require('../lib/helpers');

const { expect } = base;
const PUTUO = path.join(FIXTURES, 'shanghai-putuo-government-office-2025-dept-budget.layout.txt');

// No request routing here: Playwright's routing bypasses service workers. Requests are
// still recorded, and none may leave 127.0.0.1.
const test = base.test;

test('works offline after the first visit (service worker + manifest)', async ({ page, context }, testInfo) => {
  const outside = [];
  const errors = [];
  context.on('request', (r) => { if (!isLocal(r.url())) outside.push(r.url()); });
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto('./');
  await expect(page.getByTestId('summary')).toBeVisible();
  // the manifest and the icon are there
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel=manifest]').href;
    return (await fetch(href)).json();
  });
  expect(manifest.short_name).toBe('算盘');
  expect(manifest.start_url).toBe('./');
  expect(manifest.display).toBe('standalone');
  // the service worker takes control and caches the app's files
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 30_000 });
  const cached = await page.evaluate(async () => {
    const cache = await caches.open('suanpan-v2');
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  for (const re of [/^\/$/, /\/suanpan-web-[0-9a-f]+\.js$/, /\/suanpan-web-[0-9a-f]+_bg\.wasm$/, /\/app-[0-9a-f]+\.css$/,
    /\/suanpan-worker_loader\.js$/, /\/suanpan-worker\.js$/, /\/suanpan-worker_bg\.wasm$/, /\/manifest\.json$/, /\/icon\.svg$/,
    /\/suanpan-reader_loader\.js$/, /\/suanpan-reader\.js$/, /\/suanpan-reader_bg\.wasm$/]) {
    expect(cached.some((p) => re.test(p)), `${re} cached (${cached.join(', ')})`).toBe(true);
  }

  // No network at all: the app still loads and checks.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.locator('[data-testid=finding][data-rule=AR002]')).toHaveCount(2);
  await page.getByTestId('source-text').fill(fs.readFileSync(PUTUO, 'utf8'));
  await expect(page.getByTestId('doc-title')).toContainText('上海市普陀区人民政府办公室');
  await settled(page);
  await shot(page, testInfo, '30-offline', { full: false });
  // a PDF is read offline too (the file reader's worker comes from the cache)
  const pdf = path.join(__dirname, '..', '..', 'tests', 'corpus', 'pdf', 'jiangsu-party-committee-office-2018-dept-budget-tables.pdf');
  await page.getByTestId('file-input').setInputFiles(pdf);
  await expect(page.getByTestId('source-name')).toContainText(path.basename(pdf), { timeout: 30_000 });
  await settled(page);
  await expect(page.getByTestId('table-list').locator('li')).toHaveCount(12);
  // a second tab, opened offline, too
  const other = await context.newPage();
  await other.goto('./');
  await expect(other.getByTestId('summary')).toBeVisible();
  await context.setOffline(false);

  expect(outside, 'requests that left 127.0.0.1').toEqual([]);
  expect(errors, 'page errors').toEqual([]);
});
