// Pause and resume at 100× event time: while paused no record moves (the engine still reports
// metrics, so the counters shown are the engine's), after resume they move again; stop ends it.
// The controls draw their icons as SVG (no emoji font needed).
import { expect, test, type Page } from '@playwright/test';
import { openEditor, uploadDocument, waitValid } from './helpers.ts';

const doc = {
  version: 1,
  name: 'Paced generator',
  nodes: [
    { id: 'gen', type: 'generator', position: { x: 0, y: 0 }, config: { count: 1_000_000, keys: 10, step: 1000 } },
    { id: 'latest', type: 'previewSink', position: { x: 320, y: 0 }, config: { limit: 100 } },
  ],
  edges: [{ id: 'e1', source: 'gen', sourcePort: 'out', target: 'latest', targetPort: 'in' }],
};

const emitted = async (page: Page): Promise<number> => Number(await page.getByTestId('live-gen').getAttribute('data-out'));

/** The count once it has stopped changing (metrics still arrive ten times a second). */
async function settledCount(page: Page): Promise<number> {
  let last = -1;
  await expect
    .poll(
      async () => {
        const now = await emitted(page);
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [600] },
    )
    .toBe(true);
  return last;
}

test('pause holds the records at 100×, resume goes on, stop ends the run', async ({ page }) => {
  await openEditor(page);
  await uploadDocument(page, doc);
  await waitValid(page);
  for (const [id, icon] of [['run-button', 'play'], ['pause-button', 'pause'], ['stop-button', 'stop']] as const) {
    const svg = page.getByTestId(id).locator(`svg[data-icon="${icon}"]`);
    await expect(svg).toBeVisible();
    expect((await svg.boundingBox())?.width).toBeGreaterThan(0);
    await expect(page.getByTestId(id)).not.toContainText(/[⏸⏹⏵▶]/);
  }

  await page.getByTestId('speed-select').selectOption('100');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => emitted(page)).toBeGreaterThan(20);

  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('resume-button').locator('svg[data-icon="play"]')).toBeVisible();
  const held = await settledCount(page);
  await page.waitForTimeout(1500);
  expect(await emitted(page)).toBe(held);
  await expect(page.getByTestId('live-latest')).toHaveAttribute('data-in', String(held));

  await page.getByTestId('resume-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  await expect.poll(() => emitted(page)).toBeGreaterThan(held + 20);

  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped');
  await expect(page.getByTestId('run-summary')).toHaveAttribute('data-status', 'stopped');
});
