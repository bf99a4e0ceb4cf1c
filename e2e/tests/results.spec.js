// The results a citizen can follow: the table view with highlighted cells, a cell's checks,
// explanations, filters, "what was checked", the overview.
const { test, expect, SAMPLE, cliReport, shot, shotOf, open } = require('../lib/helpers');

const sample = cliReport(SAMPLE);

test('a finding opens its table with the cells lit up; a cell lists its checks', async ({ page }, testInfo) => {
  await open(page);
  const finding = page.locator('[data-testid=finding][data-rule=AR002]').first();
  await finding.getByTestId('show-in-table').click();

  await expect(page.getByTestId('tab-tables')).toHaveAttribute('aria-selected', 'true');
  const grid = page.getByTestId('grid');
  await expect(grid).toBeVisible();
  await expect(page.getByTestId('table-select').locator('option:checked')).toContainText('一般公共预算基本支出');
  // the table as published: codes, names, columns
  await expect(grid.locator('thead')).toContainText('人员经费');
  await expect(grid.locator('thead')).toContainText('公用经费');
  await expect(grid.locator('tbody')).toContainText('邮电费');
  await expect(grid.locator('tbody')).toContainText('302');
  await expect(page.locator('.grid-caption')).toContainText('万元');

  // the reported total (3.54) is primary, the parts (0.00, 3.53) related; the total is selected and in view
  await expect(grid.locator('td.selected')).toHaveCount(1);
  const selected = grid.locator(`td[data-cell="${await grid.locator('td.selected').getAttribute('data-cell')}"]`);
  await expect(selected).toContainText('3.54');
  await expect(selected).toHaveAttribute('data-mark', 'primary');
  await expect(selected).toBeInViewport();
  await expect(selected.locator('button')).toBeFocused();
  // the page itself never scrolls sideways (only the table's own box does), also at phone width
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.scrollX]);
  expect(widths[0], 'page width').toBeLessThanOrEqual(widths[1]);
  expect(widths[2], 'page scrolled sideways').toBe(0);
  const row = selected.locator('xpath=..');
  await expect(row.locator('td[data-mark=related]')).toHaveCount(2);
  await expect(row.locator('td[data-mark=related]').nth(0)).toContainText('0.00');
  await expect(row.locator('td[data-mark=related]').nth(1)).toContainText('3.53');
  // colour is not the only signal: a symbol and words for screen readers
  await expect(selected.locator('.cell-icon').first()).toHaveText('✖');
  await expect(selected.locator('.visually-hidden')).toContainText('错误');

  // the selected cell's checks: the failed row sum and the passed column sum
  const panel = page.getByTestId('cell-panel');
  await expect(panel).toContainText('邮电费');
  const checks = panel.getByTestId('cell-checks').locator('li');
  await expect(checks.filter({ hasText: '不通过' })).toHaveCount(1);
  expect(await checks.locator('[data-status=pass]').count() + await panel.locator('li[data-status=pass]').count()).toBeGreaterThan(0);
  await expect(panel.locator('li[data-status=fail]')).toContainText('AR002');
  await shot(page, testInfo, '10-table-view');
  await shotOf(page.getByTestId('table-view'), testInfo, '10-table-view-panel');

  // another cell: a column total that passed
  const total302 = grid.locator('tbody tr', { hasText: '商品和服务支出' }).first().locator('td.num').first();
  await total302.locator('button').click();
  await expect(panel).toContainText('商品和服务支出');
  await expect(panel.locator('li[data-status=pass]').first()).toBeVisible();

  // from a failed check back to its finding
  await selected.locator('button').click();
  await panel.locator('li[data-status=fail]').getByRole('button').click();
  await expect(page.getByTestId('tab-findings')).toHaveAttribute('aria-selected', 'true');
  const focused = page.locator('[data-testid=finding].focused');
  await expect(focused).toHaveCount(1);
  await expect(focused).toHaveAttribute('data-rule', 'AR002');
  await expect(focused).toBeInViewport();
});

test('explanations: arithmetic, why it matters, basis, narrative quotes; English too', async ({ page }, testInfo) => {
  await open(page);
  const f = page.locator('[data-testid=finding][data-rule=AR002]').first();
  await expect(f.locator('.arithmetic')).toContainText('0.00 + 3.53 = 3.53 ≠ 3.54');
  await expect(f.getByTestId('why')).toContainText('公众');
  await expect(f.getByTestId('basis')).toContainText('部门预算公开模板');
  await expect(f.locator('.attribution')).toContainText('邮电费');
  // a narrative finding shows the passage as a quote linked to its line
  const nr = page.locator('[data-testid=finding][data-rule=NR006]');
  await expect(nr.locator('q.quote')).toHaveCount(1);
  await nr.locator('button.line').click();
  const selected = await page.getByTestId('source-text').evaluate((t) => t.value.slice(t.selectionStart, t.selectionEnd));
  expect(selected).toContain('人');
  await shotOf(f, testInfo, '11-explanation');

  await page.getByTestId('lang-toggle').click();
  await expect(f.getByTestId('why')).toContainText('Why it matters');
  await expect(f.getByTestId('show-in-table')).toHaveText(/Show in the table/);
  await expect(page.getByTestId('tab-checks')).toContainText('What was checked');
  await expect(page.getByTestId('filter-error')).toContainText('error');
  await shot(page, testInfo, '11-english', { full: false });
});

test('filters by severity and rule family', async ({ page }, testInfo) => {
  await open(page);
  const all = sample.findings.length;
  const by = (pred) => sample.findings.filter(pred).length;
  await expect(page.getByTestId('finding')).toHaveCount(all);
  await expect(page.getByTestId('filter-error')).toContainText(String(by((f) => f.severity === 'error')));

  await page.getByTestId('filter-error').click();
  await expect(page.getByTestId('filter-error')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('finding')).toHaveCount(by((f) => f.severity !== 'error'));
  await expect(page.locator('[data-testid=finding].error')).toHaveCount(0);
  await expect(page.getByTestId('hidden-note')).toBeVisible();
  await shot(page, testInfo, '12-filtered', { full: false });

  await page.getByTestId('filter-NR').click();
  await expect(page.getByTestId('finding')).toHaveCount(by((f) => f.severity !== 'error' && !f.rule.startsWith('NR')));
  await page.getByTestId('filter-reset').click();
  await expect(page.getByTestId('finding')).toHaveCount(all);

  // hidden findings are not lit up in the tables either
  await page.getByTestId('filter-AR').click();
  await page.getByTestId('tab-tables').click();
  const basic = page.getByTestId('table-select').locator('option', { hasText: '一般公共预算基本支出' });
  await page.getByTestId('table-select').selectOption(await basic.getAttribute('value'));
  await expect(page.getByTestId('grid').locator('td[data-mark=primary]')).toHaveCount(0);
  await page.getByTestId('tab-findings').click();
  await page.getByTestId('filter-AR').click();
  await page.getByTestId('tab-tables').click();
  await expect(page.getByTestId('grid').locator('td[data-mark=primary]')).toHaveCount(2);
});

test('what was checked: every check by rule, passed ones included', async ({ page }, testInfo) => {
  await open(page);
  await page.getByTestId('tab-checks').click();
  const view = page.getByTestId('checks-view');
  await expect(view.getByTestId('checks-total')).toContainText(`共核对 ${sample.checks.length} 项`);
  const rules = [...new Set(sample.checks.map((c) => c.rule))];
  await expect(view.getByTestId('rule-group')).toHaveCount(rules.length);
  const ar002 = view.locator('[data-testid=rule-group][data-rule=AR002]');
  const n = (status) => sample.checks.filter((c) => c.rule === 'AR002' && c.status === status).length;
  await expect(ar002.getByTestId('rule-counts')).toHaveText(`通过 ${n('pass')} · 不通过 ${n('fail')} · 未核对 ${n('not-checked')}`);
  await ar002.getByRole('button').first().click();
  await expect(ar002.getByRole('button').first()).toHaveAttribute('aria-expanded', 'true');
  await expect(ar002.getByTestId('check')).toHaveCount(sample.checks.filter((c) => c.rule === 'AR002').length);
  await expect(ar002.locator('[data-testid=check][data-status=pass]')).toHaveCount(n('pass'));
  await shot(page, testInfo, '13-what-was-checked');
  // a passed check opens its cells
  await ar002.locator('[data-testid=check][data-status=pass]').first().getByRole('button').click();
  await expect(page.getByTestId('tab-tables')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('grid').locator('td.selected')).toBeInViewport();
});

test('overview: department, year, kind, tables found and missing, counts by severity', async ({ page }, testInfo) => {
  await open(page);
  await expect(page.getByTestId('fact-department')).toHaveText(sample.document.department);
  await expect(page.getByTestId('fact-year')).toHaveText(String(sample.document.year));
  await expect(page.getByTestId('fact-kind')).toHaveText('预算');
  await expect(page.getByTestId('table-list').locator('li')).toHaveCount(sample.tables.length);
  await expect(page.getByTestId('missing-tables')).toContainText('政府性基金预算支出表');
  await expect(page.getByTestId('count-errors').locator('.n')).toHaveText(String(sample.summary.errors));
  await expect(page.getByTestId('count-errors')).toContainText('✖');
  await expect(page.getByTestId('count-warnings')).toContainText('▲');
  // a table chip opens that table
  await page.getByTestId('table-list').locator('button').nth(2).click();
  await expect(page.getByTestId('tab-tables')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('table-select').locator('option:checked')).toContainText('表3');
  await shotOf(page.getByTestId('summary'), testInfo, '14-overview');
});

test('keyboard: tabs with arrow keys, cells with Enter, visible focus', async ({ page }, testInfo) => {
  await open(page);
  await page.getByTestId('tab-findings').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-tables')).toBeFocused();
  await expect(page.getByTestId('tab-tables')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('tab-checks')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('tab-findings')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab-checks')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  // the first lit cell of the table, reached with Tab and opened with Enter
  const button = page.getByTestId('grid').locator('td button').first();
  await button.focus();
  const outline = await button.evaluate((b) => [b.matches(':focus-visible'), getComputedStyle(b).outlineStyle]);
  expect(outline).toEqual([true, 'solid']);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cell-panel')).toBeVisible();
  await shot(page, testInfo, '15-keyboard', { full: false });
});
