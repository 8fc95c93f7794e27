// The event-time debugger in the studio (issue 17), in real Chromium against `node bin/web.mjs`:
// delays-by-origin started paused and advanced to a typed time shows the window node's watermark
// and open-window count that an independent model of the data file gives (test/host/flights-model.ts),
// its why panel names the source and the selected node's chart has its series; a late-record breakpoint on late-arrivals stops at the
// first late record of the shuffled replay, highlighted on the node.
import { expect, test } from '@playwright/test';
import { openEditor, selectNode, waitValid } from './helpers.ts';
import { readFlights, shuffled, watermarksAfter, windows } from '../host/flights-model.ts';

const flights = readFlights('examples/data/flights-20k.jsonl');
const BOUND = 5 * 60_000;

test('step delays-by-origin to a typed time: the window node as the data says, and why', async ({ page }, testInfo) => {
  const target = Date.UTC(2001, 0, 3, 15, 0);
  const wm = watermarksAfter(flights, BOUND);
  const upTo = wm.findIndex((w) => w >= target) + 1;
  const delayed = flights.map((flight, index) => ({ index, flight })).filter((a) => a.flight.delay > 0);
  const model = windows(delayed, wm, upTo);

  await openEditor(page);
  await page.getByTestId('example-delays-by-origin').click();
  await waitValid(page);
  await page.getByTestId('debug-start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('debug-view')).toHaveAttribute('data-reason', 'start');

  await page.getByTestId('debug-until').fill('2001-01-03T15:00');
  await page.getByTestId('debug-advance').click();
  const view = page.getByTestId('debug-view');
  await expect(view).toHaveAttribute('data-reason', 'watermark');
  await expect(view).toHaveAttribute('data-emitted', String(upTo));
  const row = page.getByTestId('debug-node-per_hour');
  await expect(row).toHaveAttribute('data-input-watermark', String(model.watermark));
  await expect(row).toHaveAttribute('data-open-windows', String(model.open.size));
  await expect(row).toHaveAttribute('data-in', String(model.arrived));

  await page.getByTestId('debug-why-per_hour').click();
  const listed = page.getByTestId('debug-window');
  await expect(listed).toHaveCount(model.open.size);
  const keys = await listed.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-key')}@${r.getAttribute('data-start')}`));
  expect(new Set(keys)).toEqual(model.open);
  await listed.first().getByTestId('debug-explain').click();
  const text = page.getByTestId('debug-why-text');
  await expect(text).toContainText('fires when the watermark reaches');
  await expect(text).toContainText('Input `flights` (through by_origin ← delayed) holds it back');
  await expect(text).toContainText('bound 5 min');
  await page.screenshot({ path: testInfo.outputPath('debugger-why.png') });

  // The selected node's chart over the run: in/out per second and watermark lag, from the live metrics.
  await selectNode(page, 'per_hour');
  const chart = page.getByTestId('node-chart-per_hour');
  await expect(chart.locator('canvas')).toBeVisible();
  await expect(chart.locator('.u-legend .u-series')).toHaveCount(4);
  await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(0);
  await page.getByTestId('stop-button').click();
});

test('a late-record breakpoint on late-arrivals stops at the first late record', async ({ page }, testInfo) => {
  const order = shuffled(flights, 45 * 60_000, 7);
  const wm = watermarksAfter(order, BOUND);
  const first = windows(order.map((flight, index) => ({ index, flight })), wm, order.length, 10 * 60_000).late[0];
  if (!first) throw new Error('the model has no late record');

  await openEditor(page);
  await page.getByTestId('example-late-arrivals').click();
  await waitValid(page);
  await page.getByTestId('bp-late-per_hour').check();
  await page.getByTestId('debug-start').click();
  await expect(page.getByTestId('debug-view')).toHaveAttribute('data-reason', 'start');
  await page.getByTestId('debug-continue').click();

  const hit = page.getByTestId('debug-hit');
  await expect(hit).toHaveAttribute('data-node', 'per_hour');
  await expect(hit).toHaveAttribute('data-on', 'late');
  await expect(hit).toHaveAttribute('data-event-time', String(first.flight.ts));
  await expect(hit).toHaveAttribute('data-watermark', String(first.watermark));
  await expect(page.getByTestId('debug-view')).toHaveAttribute('data-emitted', String(first.index + 1));
  await expect(page.getByTestId('debug-hit-record')).toContainText(`"date":"${first.flight.date}"`);
  await expect(page.getByTestId('debug-hit-per_hour')).toBeVisible();
  await expect(page.getByTestId('debug-node-per_hour')).toHaveClass(/debug-hit-row/);
  await page.screenshot({ path: testInfo.outputPath('debugger-paused-at-late-record.png') });
  await page.getByTestId('stop-button').click();
});
