// The studio's main screens (issue 24): an axe-core scan of each finds no serious or critical
// accessibility violation, and each matches its committed screenshot within a small pixel
// tolerance (baselines in visual.spec.ts-snapshots/; after an intended change of the look,
// `npm run test:visual:update` rewrites them, to be reviewed and committed).
// Screens: start page, a built pipeline (idle), the inspector with code, the output table after a
// run, and the built pipeline in the dark theme.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';
import { openEditor, runToEnd, selectNode, waitValid } from './helpers.ts';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

/** Runs axe-core in the page (evaluated, so the page's CSP does not apply) and lists serious and critical violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResult> } }).axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)).join(', ')}${v.nodes.length > 5 ? ` (+${v.nodes.length - 5})` : ''}`);
}

/** The pixel tolerance of every screenshot: 1 % of the pixels may differ (anti-aliasing, font hinting). */
const SHOT = { maxDiffPixelRatio: 0.01, animations: 'disabled', caret: 'hide' } as const;

async function openExample(page: Page, name: string): Promise<void> {
  await openEditor(page);
  await page.getByTestId(`example-${name}`).click();
  await waitValid(page);
  const trust = page.getByTestId('trust-button');
  if ((await trust.count()) > 0) await trust.click();
  await page.getByTestId('fit-button').click();
  // Let the fit animation (200 ms) end before a screenshot.
  await expect(page.locator('.react-flow__viewport')).toHaveAttribute('style', /transform/);
  await page.waitForTimeout(400);
}

test.describe('light theme', () => {
  test.use({ colorScheme: 'light' });

  test('start page', async ({ page }) => {
    await openEditor(page);
    await expect(page.getByTestId('example-delays-by-origin')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page).toHaveScreenshot('start.png', SHOT);
  });

  test('built pipeline, idle', async ({ page }) => {
    await openExample(page, 'delays-by-origin');
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page).toHaveScreenshot('pipeline-idle.png', SHOT);
  });

  test('inspector with code', async ({ page }) => {
    await openExample(page, 'delays-by-origin');
    await selectNode(page, 'delayed');
    await expect(page.getByTestId('code-editor').locator('.view-line').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page).toHaveScreenshot('inspector.png', { ...SHOT, mask: [page.getByTestId('code-editor').locator('.cursors-layer')] });
  });

  test('output table after a run', async ({ page }) => {
    await openExample(page, 'delays-by-origin');
    await runToEnd(page);
    await selectNode(page, 'hourly');
    await expect(page.getByTestId('output-row').first()).toBeVisible();
    await expect(page.getByTestId('toaster').locator('[data-testid]')).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
    // What depends on the machine's timing is masked: the run summary (duration, the periodic
    // watermark hint), the sources' watermark hint chips and the debugger's per-second chart.
    const timing = [page.getByTestId('run-summary'), page.locator('[data-testid^="wm-hint-"]'), page.locator('[data-testid^="node-chart-"]')];
    await expect(page).toHaveScreenshot('output-table.png', { ...SHOT, mask: timing });
  });
});

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });

  test('built pipeline, idle', async ({ page }) => {
    await openExample(page, 'delays-by-origin');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await seriousViolations(page)).toEqual([]);
    await expect(page).toHaveScreenshot('pipeline-dark.png', SHOT);
  });

  test('output table after a run', async ({ page }) => {
    await openExample(page, 'delays-by-origin');
    await runToEnd(page);
    await selectNode(page, 'hourly');
    await expect(page.getByTestId('output-row').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
