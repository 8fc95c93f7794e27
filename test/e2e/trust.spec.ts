// Workspace trust in the studio: an uploaded pipeline shows a banner listing its code-bearing
// nodes and runs nothing — no run, no input inference — until the user trusts it; then it runs.
import { expect, test } from '@playwright/test';
import { openEditor, uploadDocument, waitValid } from './helpers.ts';

const doc = {
  version: 1,
  name: 'uploaded',
  nodes: [
    { id: 'src', type: 'values', position: { x: 0, y: 0 }, config: { rows: [{ ts: 1, n: 1 }, { ts: 2, n: 2 }], time: { mode: 'event', field: 'ts' } } },
    { id: 'double', type: 'map', position: { x: 250, y: 0 }, code: '({ ...event, n: event.n * 2 })' },
    { id: 'keyed', type: 'keyBy', position: { x: 500, y: 0 }, config: { key: { expression: 'event.n % 2' } } },
    { id: 'out', type: 'previewSink', position: { x: 750, y: 0 }, config: { limit: 10 } },
  ],
  edges: [
    { id: 'e1', source: 'src', target: 'double' },
    { id: 'e2', source: 'double', target: 'keyed' },
    { id: 'e3', source: 'keyed', target: 'out' },
  ],
};

test('an uploaded pipeline runs no code until it is trusted', async ({ page }) => {
  await openEditor(page);
  await uploadDocument(page, doc, 'uploaded.pipeline.json', false);
  await waitValid(page);
  const banner = page.getByTestId('trust-banner');
  await expect(banner).toContainText("this pipeline's code has not run");
  await expect(page.getByTestId('trust-code-nodes')).toHaveText(' Nodes with code: double (map), keyed (keyBy).');

  await page.getByTestId('run-button').click();
  await expect(page.getByText("This pipeline's code has not run: trust it first")).toBeVisible();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle');

  await page.getByTestId('trust-button').click();
  await expect(banner).toHaveCount(0);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished');
});
