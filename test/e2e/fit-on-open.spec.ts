// Opening a document while another is open fits the new graph to view: nodes placed far from
// the previous view (at 4000, 3000) are all inside the canvas after Open.
import { expect, test, type Locator } from '@playwright/test';
import { openEditor, uploadDocument } from './helpers.ts';

function doc(x: number, y: number): unknown {
  return {
    version: 1,
    name: `At ${x},${y}`,
    nodes: [
      { id: 'gen', type: 'generator', position: { x, y }, config: { count: 10 } },
      { id: 'latest', type: 'previewSink', position: { x: x + 600, y: y + 400 }, config: {} },
    ],
    edges: [{ id: 'e1', source: 'gen', sourcePort: 'out', target: 'latest', targetPort: 'in' }],
  };
}

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not rendered');
  return b;
}

test('an opened graph is fitted to view', async ({ page }) => {
  await openEditor(page);
  await uploadDocument(page, doc(0, 0), 'near.pipeline.json');
  await expect(page.getByTestId('node-gen')).toBeVisible();
  await uploadDocument(page, doc(4000, 3000), 'far.pipeline.json');
  const canvas = await box(page.getByTestId('canvas'));
  for (const id of ['gen', 'latest']) {
    await expect(page.getByTestId(`node-${id}`)).toBeInViewport();
    const b = await box(page.getByTestId(`node-${id}`));
    expect(b.x).toBeGreaterThanOrEqual(canvas.x);
    expect(b.y).toBeGreaterThanOrEqual(canvas.y);
    expect(b.x + b.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(b.y + b.height).toBeLessThanOrEqual(canvas.y + canvas.height);
  }
});
