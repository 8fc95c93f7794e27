// After a run, an edge's label is the number of records it carried (rounded, as 25.0k; the exact
// count on hover), not the last interval's `0/s`; a node's counters show their exact value on
// hover too. The expected counts follow from the pipeline: a generator of COUNT records, a filter
// keeping even `seq` values.
import { expect, test } from '@playwright/test';
import { openEditor, runToEnd, uploadDocument, waitValid } from './helpers.ts';

const COUNT = 25_000;
const doc = {
  version: 1,
  name: 'Edge totals',
  nodes: [
    { id: 'gen', type: 'generator', position: { x: 0, y: 0 }, config: { count: COUNT, keys: 10 } },
    { id: 'even', type: 'filter', position: { x: 320, y: 0 }, config: {}, code: 'event.seq % 2 === 0' },
    { id: 'latest', type: 'previewSink', position: { x: 640, y: 0 }, config: { limit: 10 } },
  ],
  edges: [
    { id: 'e1', source: 'gen', sourcePort: 'out', target: 'even', targetPort: 'in' },
    { id: 'e2', source: 'even', sourcePort: 'out', target: 'latest', targetPort: 'in' },
  ],
};

test('edge labels show the total records after a run; exact counts on hover', async ({ page }) => {
  await openEditor(page);
  await uploadDocument(page, doc);
  await waitValid(page);
  await runToEnd(page);

  // The generator's seq runs 0..COUNT-1 (its documented position).
  const evens = Array.from({ length: COUNT }, (_, seq) => seq).filter((seq) => seq % 2 === 0).length;
  await expect(page.getByTestId('live-even')).toHaveAttribute('data-out', String(evens));

  const e1 = page.getByTestId('edge-rate-e1');
  await expect(e1).toHaveAttribute('data-finished', 'true');
  await expect(e1).toHaveText('25.0k');
  await expect(e1).toHaveAttribute('data-total', String(COUNT));
  await expect(e1).toHaveAttribute('title', `${COUNT.toLocaleString('en-US')} records on out`);
  const e2 = page.getByTestId('edge-rate-e2');
  await expect(e2).toHaveAttribute('data-total', String(evens));
  await expect(e2).toHaveText(`${(evens / 1000).toFixed(1)}k`);
  await expect(page.getByTestId('count-out-gen')).toHaveAttribute('title', `${COUNT.toLocaleString('en-US')} records out`);
});
