// The toolbar's replay speed does what it shows: it says which speed each source gets (the
// toolbar's overrides a source's own `speed` field unless it is "per source"), and it is fixed
// for the run (disabled while one goes on, with a tooltip saying so). With "per source" the
// generator's own 100× holds: replay at 100× of a 1 s step can never have emitted more than
// elapsed wall time / 10 ms + 1 records (an upper bound the pacing guarantees on any machine),
// while at max the same million records would be far past it.
import { expect, test, type Page } from '@playwright/test';
import { openEditor, uploadDocument, waitValid } from './helpers.ts';

const SPEED = 100;
const STEP_MS = 1000;
const doc = {
  version: 1,
  name: 'Paced by its source',
  nodes: [
    { id: 'gen', type: 'generator', position: { x: 0, y: 0 }, config: { count: 1_000_000, keys: 10, step: STEP_MS, speed: SPEED } },
    { id: 'latest', type: 'previewSink', position: { x: 320, y: 0 }, config: { limit: 100 } },
  ],
  edges: [{ id: 'e1', source: 'gen', sourcePort: 'out', target: 'latest', targetPort: 'in' }],
};

const emitted = async (page: Page): Promise<number> => Number(await page.getByTestId('live-gen').getAttribute('data-out'));

test('the toolbar speed says what wins, is fixed during a run, and "per source" keeps the source\'s speed', async ({ page }) => {
  await openEditor(page);
  await uploadDocument(page, doc);
  await waitValid(page);
  const select = page.getByTestId('speed-select');

  // Default max: it overrides the generator's 100×, and says so.
  await expect(select).toHaveValue('max');
  await expect(page.getByTestId('speed-note')).toHaveText("overrides gen's speed");
  await expect(select).toHaveAttribute('title', /gen: max \(toolbar; its field says 100×\)/);

  await select.selectOption('sources');
  await expect(page.getByTestId('speed-note')).toHaveCount(0);
  await expect(select).toHaveAttribute('title', /gen: 100× \(its speed field\)/);

  const t0 = Date.now();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect(select).toBeDisabled();
  await expect(select).toHaveAttribute('title', 'The replay speed is fixed when a run starts: stop the run to change it.');
  await expect.poll(() => emitted(page)).toBeGreaterThan(20);
  const count = await emitted(page);
  const bound = Math.floor((Date.now() - t0) / (STEP_MS / SPEED)) + 1;
  expect(count).toBeLessThanOrEqual(bound);

  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
  await expect(select).toBeEnabled();
});
