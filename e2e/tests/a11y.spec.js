// Accessibility: axe-core (WCAG 2.1 A and AA rules) finds no violation in each view, at
// desktop and phone width; the page works from the keyboard alone.
const { test, expect, shot, open, axe } = require('../lib/helpers');

test('no axe violations in any view', async ({ page }) => {
  await open(page);
  await axe(page, 'the findings');
  await page.locator('[data-testid=finding][data-rule=AR002]').first().getByTestId('show-in-table').click();
  await expect(page.getByTestId('cell-panel')).toBeVisible();
  await axe(page, 'the table view with a selected cell');
  await page.getByTestId('tab-checks').click();
  await page.locator('[data-testid=rule-group][data-rule=AR002] button').first().click();
  await axe(page, 'what was checked');
  await page.getByTestId('tab-findings').click();
  await page.getByTestId('filter-warning').click();
  await page.getByTestId('lang-toggle').click();
  await axe(page, 'the English page, filtered');
  await page.getByTestId('clear').click();
  await axe(page, 'the clear confirmation');
  await page.getByTestId('clear-yes').click();
  await axe(page, 'the empty page');
  await page.getByTestId('file-input').setInputFiles({ name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
  await expect(page.getByTestId('input-error')).toBeVisible();
  await axe(page, 'an input error');
  // a PDF with a page without text: the reader's note under the input
  await page.getByTestId('file-input').setInputFiles(require('node:path').join(__dirname, '..', '..', 'tests', 'corpus', 'pdf', 'shanghai-putuo-finance-bureau-2024-dept-final.pdf'));
  // (the page is in English by now)
  await expect(page.getByTestId('input-notes')).toContainText('page(s) 14 have no text layer', { timeout: 30_000 });
  await axe(page, 'the reader\'s notes');
});

test('keyboard only: skip link, load the sample, open a finding\'s cells, read its checks', async ({ page }, testInfo) => {
  await open(page);
  // the first Tab reaches the skip link, which leads to the results
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip-link')).toBeFocused();
  await expect(page.locator('.skip-link')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.locator('#results')).toBeFocused();
  // Tab on to the first "在表中查看" and press it
  for (let i = 0; i < 60; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement && document.activeElement.dataset.testid === 'show-in-table')) break;
  }
  await expect(page.getByTestId('show-in-table').first()).toBeFocused();
  await page.keyboard.press('Enter');
  // the focus is on the finding's total cell, in view, and its checks are listed
  const focused = page.locator('td.selected button');
  await expect(focused).toBeFocused();
  await expect(focused).toBeInViewport();
  await expect(page.getByTestId('cell-checks')).toContainText('不通过');
  await shot(page, testInfo, '60-keyboard-cell', { full: false });
  // Shift+Tab / Tab move between cells; Space opens another cell
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await expect(page.locator('td.selected button')).toBeFocused();
  await expect(page.getByTestId('cell-panel')).toBeVisible();
});
