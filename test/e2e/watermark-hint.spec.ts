// A newcomer replays rows in descending event time. With periodic watermarks the few rows are read
// before the first watermark, so nothing is late — as in Flink — and the studio says so on the
// source node and in the run summary. (The test sets the interval to 1 h instead of the default
// 200 ms so that "before the first watermark" does not depend on how fast this machine is.) Switching the
// source to punctuated watermarks makes lateness a function of the input: the late count then
// equals the one computed here from Flink's rules, and the hint is gone. The `(−5m)` after a
// watermark is explained by its tooltip.
import { expect, test, type Page } from '@playwright/test';
import { openEditor, runToEnd, uploadDocument, waitValid } from './helpers.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0);
/** Ten rows, one minute apart, newest first. */
const rows = Array.from({ length: 10 }, (_, i) => ({ ts: T0 + (9 - i) * MINUTE, v: i }));

function doc(emit: 'periodic' | 'punctuated'): unknown {
  const watermarks = emit === 'periodic' ? { emit, interval: '1h' } : { emit };
  return {
    version: 1,
    name: 'Descending replay',
    nodes: [
      { id: 'rows', type: 'values', position: { x: 0, y: 0 }, config: { rows, time: { mode: 'event', field: 'ts' }, watermarks } },
      { id: 'win', type: 'tumblingWindow', position: { x: 340, y: 0 }, config: { size: '1m', aggregates: [{ name: 'n', fn: 'count' }] } },
      { id: 'sink', type: 'previewSink', position: { x: 680, y: 0 }, config: { limit: 100 } },
    ],
    edges: [
      { id: 'e1', source: 'rows', sourcePort: 'out', target: 'win', targetPort: 'in' },
      { id: 'e2', source: 'win', sourcePort: 'out', target: 'sink', targetPort: 'in' },
    ],
  };
}

/**
 * Late records under punctuated emission, by Flink's rules: after each record the watermark is
 * `max(ts) - 0 - 1`; a record is late when its one-minute window's last millisecond
 * (`end - 1`) is at or below the watermark before it (allowed lateness 0).
 */
function expectedLatePunctuated(): number {
  let watermark = -Infinity;
  let late = 0;
  let max = -Infinity;
  for (const r of rows) {
    const end = Math.floor(r.ts / MINUTE) * MINUTE + MINUTE;
    if (end - 1 <= watermark) late += 1;
    max = Math.max(max, r.ts);
    watermark = Math.max(watermark, max - 1);
  }
  return late;
}

async function summaryLate(page: Page): Promise<number> {
  return Number(await page.getByTestId('summary-win').locator('td').nth(5).textContent());
}

test('periodic watermarks that never advanced get a hint; punctuated gives the late count of Flink rules', async ({ page }) => {
  await openEditor(page);
  await uploadDocument(page, doc('periodic'));
  await waitValid(page);
  await runToEnd(page);

  await expect(page.getByTestId('run-summary')).toBeVisible();
  expect(await summaryLate(page)).toBe(0);
  const nodeHint = page.getByTestId('wm-hint-rows');
  await expect(nodeHint).toBeVisible();
  await expect(nodeHint).toHaveAttribute('data-emitted', '0');
  await expect(nodeHint).toHaveAttribute('title', /watermarks were emitted 0 times during this run.*use punctuated for reproducible lateness/);
  // Every row but the first is older than the newest before it (bound 0): beyond the bound.
  await expect(nodeHint).toHaveAttribute('title', new RegExp(`; ${rows.length - 1} records arrived more out of order than maxOutOfOrderness;`));
  await expect(page.getByTestId('summary-hint-rows')).toContainText('hint: source rows: watermarks were emitted 0 times during this run');
  await expect(page.getByTestId('summary-hint-rows')).toContainText('lateness depends on timing; use punctuated for reproducible lateness');
  // Only the source gets it, not the window or the sink.
  await expect(page.locator('[data-testid^="wm-hint-"]')).toHaveCount(1);

  // The watermark line explains its notation.
  await expect(page.getByTestId('watermark-rows')).toHaveAttribute('title', /\(−5m\) = the watermark is 5 minutes behind the newest event time/);

  await uploadDocument(page, doc('punctuated'), 'punctuated.pipeline.json');
  await waitValid(page);
  await runToEnd(page);
  const late = expectedLatePunctuated();
  expect(late).toBe(9);
  await expect.poll(() => summaryLate(page)).toBe(late);
  await expect(page.locator('[data-testid^="wm-hint-"]')).toHaveCount(0);
  await expect(page.locator('[data-testid^="summary-hint-"]')).toHaveCount(0);
});
