// The design system in real Chromium (issue 24): the theme follows the OS and a remembered
// toggle; the command palette lists every toolbar action with its shortcut and is driven by the
// keyboard alone; an export's outcome is a toast with a workspace-relative path and a working
// action; the output table sorts, searches, expands nested values, shows timestamps readably (in
// UTC or the machine's zone) and copies a row as JSON.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openEditor, runToEnd, selectNode, uploadDocument, waitValid } from './helpers.ts';

const T0 = Date.UTC(2024, 2, 1, 12, 0, 0);
const rows = Array.from({ length: 40 }, (_, i) => ({ ts: T0 + ((i * 7) % 40) * 60_000, n: (i * 13) % 40, name: `row-${i}`, ok: i % 3 === 0, meta: { group: i % 4, tags: [`t${i % 5}`] } }));
const doc = {
  version: 1,
  name: 'Design e2e',
  nodes: [
    { id: 'rows', type: 'values', position: { x: 0, y: 0 }, config: { rows, time: { mode: 'event', field: 'ts' } } },
    { id: 'latest', type: 'previewSink', position: { x: 340, y: 0 }, config: { limit: 100 } },
  ],
  edges: [{ id: 'e1', source: 'rows', sourcePort: 'out', target: 'latest', targetPort: 'in' }],
};

test.afterAll(() => rmSync(join(process.cwd(), 'exports', 'design-e2e'), { recursive: true, force: true }));

/** Relative luminance (WCAG) of a computed `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const background = (page: Page): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const rowsShown = (page: Page): Promise<Record<string, unknown>[]> =>
  page.getByTestId('output-row').evaluateAll((trs) => trs.map((tr) => JSON.parse(tr.getAttribute('data-row') ?? '{}') as Record<string, unknown>));

test.describe('theme', () => {
  test.use({ colorScheme: 'dark' });

  test('follows a dark OS by default; the toggle cycles light, dark, system and is remembered', async ({ page }) => {
    await openEditor(page);
    const html = page.locator('html');
    const toggle = page.getByTestId('theme-toggle');
    await expect(toggle).toHaveAttribute('data-theme-pref', 'system');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(luminance(await background(page))).toBeLessThan(0.05);

    await toggle.click();
    await expect(toggle).toHaveAttribute('data-theme-pref', 'light');
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(luminance(await background(page))).toBeGreaterThan(0.8);

    await page.reload();
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme-pref', 'light');
    await expect(html).toHaveAttribute('data-theme', 'light');

    await page.getByTestId('theme-toggle').click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('theme-toggle').click();
    await expect(page.getByTestId('theme-toggle')).toHaveAttribute('data-theme-pref', 'system');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    // The OS turning light while "system" is chosen changes the theme at once.
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(html).toHaveAttribute('data-theme', 'light');
  });
});

test('the command palette lists the toolbar actions with shortcuts and runs one by keyboard', async ({ page }) => {
  await openEditor(page);
  await uploadDocument(page, doc);
  await waitValid(page);
  await page.keyboard.press('ControlOrMeta+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await expect(page.getByTestId('command-input')).toBeFocused();
  for (const id of ['run', 'stop', 'new', 'open', 'save', 'export', 'export-flink', 'flink-check', 'run-tests', 'accept-golden', 'compare-saved', 'compare-file', 'undo', 'redo', 'layout', 'fit', 'peek', 'theme', 'help']) {
    await expect(page.getByTestId(`command-item-${id}`)).toBeVisible();
  }
  await expect(page.getByTestId('command-item-save')).toContainText('Ctrl+S');
  await expect(page.getByTestId('command-item-layout')).toContainText('Shift+L');

  // Idle: Run is selected; Down skips the disabled Pause, Resume and Stop.
  await expect(page.getByTestId('command-item-run')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('command-item-new')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('command-item-run')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);

  // Search, then Enter: the shortcuts help opens.
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type('keyboard short');
  await expect(page.locator('[data-testid^="command-item-"]')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await expect(page.getByTestId('shortcuts-help')).toBeVisible();
  await page.getByTestId('shortcuts-help').click();

  // Run from the palette: the run really happens.
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type('run the');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  await expect(page.getByTestId('live-latest')).toHaveAttribute('data-in', String(rows.length));
});

test('an export ends in a toast with the workspace-relative folder and a Copy path action', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openEditor(page);
  await uploadDocument(page, doc);
  await waitValid(page);
  await page.getByTestId('export-button').click();
  const toast = page.getByTestId('export-status');
  await expect(toast).toHaveAttribute('data-kind', 'success');
  await expect(toast).toContainText('Exported to exports/design-e2e (');
  await expect(toast).not.toContainText(process.cwd());
  await toast.getByTestId('toast-action').click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(join(process.cwd(), 'exports', 'design-e2e'));
  // Transient: it leaves by itself.
  await expect(toast).toHaveCount(0, { timeout: 30_000 });

  // A refused export stays, with its problems, until dismissed.
  await page.getByTestId('new-button').click();
  await page.getByTestId('palette-item-filter').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('export-button').click();
  await expect(toast).toHaveAttribute('data-kind', 'error');
  await expect(toast).toHaveAttribute('role', 'alert');
  await expect(toast).toContainText('Export refused');
  await toast.getByTestId('toast-dismiss').click();
  await expect(toast).toHaveCount(0);
});

test('the output table sorts, searches, expands nested values, reads timestamps and copies a row', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openEditor(page);
  await uploadDocument(page, doc);
  await waitValid(page);
  await runToEnd(page);
  await selectNode(page, 'latest');
  await expect(page.getByTestId('output-row')).toHaveCount(rows.length);

  await expect(page.getByTestId('column-ts')).toHaveAttribute('data-type', 'timestamp');
  await expect(page.getByTestId('column-n')).toHaveAttribute('data-type', 'integer');
  await expect(page.getByTestId('column-meta')).toHaveAttribute('data-type', 'object');

  // Sort by n: descending after two clicks, then back to arrival order.
  const byN = page.getByTestId('column-n').getByRole('button');
  await byN.click();
  expect((await rowsShown(page)).map((r) => r.n)).toEqual(rows.map((r) => r.n).sort((a, b) => a - b));
  await byN.click();
  await expect(page.getByTestId('column-n')).toHaveAttribute('aria-sort', 'descending');
  expect((await rowsShown(page)).map((r) => r.n)).toEqual(rows.map((r) => r.n).sort((a, b) => b - a));
  await byN.click();
  const arrival = await rowsShown(page);

  // Timestamps: readable UTC, the raw epoch milliseconds on hover.
  const first = arrival[0] as { ts: number };
  const time = page.getByTestId('output-row').first().locator('.cell-time');
  await expect(time).toHaveText(new Date(first.ts).toISOString().replace('T', ' ').replace('Z', ''));
  await expect(time).toHaveAttribute('title', `${first.ts} (epoch ms)`);

  // Nested values expand to their JSON.
  await page.getByTestId('output-row').first().getByTestId('cell-expand').click();
  await expect(page.getByTestId('output-row').first().locator('.nested-value')).toHaveText(JSON.stringify((arrival[0] as { meta: unknown }).meta, null, 2));

  // Search: every row whose values contain the text, and nothing else.
  await page.getByTestId('output-search').fill('T3');
  const expected = arrival.filter((r) => JSON.stringify(r).toLowerCase().includes('t3'));
  expect(expected.length).toBeGreaterThan(0);
  await expect(page.getByTestId('output-row')).toHaveCount(expected.length);
  expect(await rowsShown(page)).toEqual(expected);
  await page.getByTestId('output-search').fill('no such value');
  await expect(page.getByTestId('output-no-match')).toBeVisible();
  await page.getByTestId('output-search').fill('');

  // Copy a row as JSON.
  const row = page.getByTestId('output-row').nth(2);
  await row.hover();
  await row.getByTestId('copy-row').click();
  await expect(page.getByTestId('copy-toast')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toEqual(JSON.parse((await row.getAttribute('data-row')) ?? ''));
});

test.describe('time zone', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('timestamps show in UTC by default and in the machine zone when chosen', async ({ page }) => {
    await openEditor(page);
    await uploadDocument(page, doc);
    await waitValid(page);
    await runToEnd(page);
    await selectNode(page, 'latest');
    await page.getByTestId('column-ts').getByRole('button').click();
    const time = page.getByTestId('output-row').first().locator('.cell-time');
    // The earliest ts is T0, 2024-03-01 12:00 UTC; New York is on EST (UTC−5) until 10 March 2024.
    await expect(time).toHaveText('2024-03-01 12:00:00.000');
    await page.getByTestId('output-zone').selectOption('local');
    await expect(time).toHaveText('2024-03-01 07:00:00.000');
    await expect(page.getByTestId('output-zone').locator('option[value="local"]')).toHaveText('America/New_York');
    await expect(time).toHaveAttribute('title', `${T0} (epoch ms)`);
  });
});
