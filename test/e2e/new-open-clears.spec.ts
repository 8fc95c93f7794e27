// New and Open start clean: the previous document's run summary, live counters, output table and
// export message do not carry over to the next document.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openEditor, runToEnd, selectNode, uploadDocument, waitValid } from './helpers.ts';

const rows = Array.from({ length: 50 }, (_, i) => ({ ts: 1_700_000_000_000 + i * 1000, n: i }));
const first = {
  version: 1,
  name: 'Leave me e2e',
  nodes: [
    { id: 'rows', type: 'values', position: { x: 0, y: 0 }, config: { rows, time: { mode: 'event', field: 'ts' } } },
    { id: 'latest', type: 'previewSink', position: { x: 340, y: 0 }, config: { limit: 100 } },
  ],
  edges: [{ id: 'e1', source: 'rows', sourcePort: 'out', target: 'latest', targetPort: 'in' }],
};
// The same node ids, so stale counters or rows would show on it.
const second = { ...first, name: 'Next one e2e' };

test.afterAll(() => rmSync(join(process.cwd(), 'exports', 'leave-me-e2e'), { recursive: true, force: true }));

test('Open and New clear the previous run and export message', async ({ page }) => {
  await openEditor(page);
  await uploadDocument(page, first);
  await waitValid(page);
  await runToEnd(page);
  await expect(page.getByTestId('live-latest')).toHaveAttribute('data-in', String(rows.length));
  await expect(page.getByTestId('run-summary')).toBeVisible();
  await selectNode(page, 'latest');
  await expect(page.getByTestId('output-row')).toHaveCount(rows.length);
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-status')).toContainText('Exported to');

  await uploadDocument(page, second, 'next.pipeline.json');
  await expect(page.getByTestId('run-summary')).toHaveCount(0);
  await expect(page.getByText('No finished run yet.')).toBeVisible();
  await expect(page.locator('[data-testid^="live-"]')).toHaveCount(0);
  await expect(page.getByTestId('export-status')).toHaveCount(0);
  await selectNode(page, 'latest');
  await expect(page.getByTestId('output-row')).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle');

  // Run the second one, then New: an empty canvas and no run.
  await waitValid(page);
  await runToEnd(page);
  await expect(page.getByTestId('run-summary')).toBeVisible();
  await page.getByTestId('new-button').click();
  await expect(page.getByTestId('run-summary')).toHaveCount(0);
  await expect(page.locator('[data-testid^="live-"]')).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle');
});
