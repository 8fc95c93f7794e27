// Dropping a palette node onto an existing edge inserts it between the edge's two nodes (one
// undo step); a node that cannot sit in the edge (a source) is only added.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { edgeMidpoint, openEditor, waitValid } from './helpers.ts';

interface SavedDoc {
  nodes: { id: string; type: string }[];
  edges: { source: string; sourcePort: string; target: string; targetPort: string }[];
}

async function dropOnEdge(page: Page, type: string, edgeId: string): Promise<void> {
  const point = await edgeMidpoint(page, edgeId);
  const canvas = await page.getByTestId('canvas').boundingBox();
  if (!canvas) throw new Error('no canvas');
  await page.getByTestId(`palette-item-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x: point.x - canvas.x, y: point.y - canvas.y } });
}

async function saved(page: Page): Promise<SavedDoc> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-button').click()]);
  return JSON.parse(readFileSync(await download.path(), 'utf8')) as SavedDoc;
}

const links = (doc: SavedDoc): string[] => doc.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`).sort();

test('a node dropped onto an edge goes between its two nodes', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('example-delays-by-origin').click();
  await expect(page.getByTestId('node-delayed')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);

  // e2: delayed → by_origin
  await dropOnEdge(page, 'map', 'e2');
  await expect(page.getByTestId('node-map_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(5);
  await waitValid(page);
  const after = await saved(page);
  expect(links(after)).toEqual(
    ['flights.out->delayed.in', 'delayed.out->map_1.in', 'map_1.out->by_origin.in', 'by_origin.out->per_hour.in', 'per_hour.out->hourly.in'].sort(),
  );

  // one undo step takes it out again, edge and all
  await page.getByTestId('undo-button').click();
  await expect(page.getByTestId('node-map_1')).toHaveCount(0);
  await expect(page.getByTestId('rf__edge-e2')).toBeAttached();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);

  // a source has no input: it is added beside the edge, which stays
  await dropOnEdge(page, 'generator', 'e3');
  await expect(page.getByTestId('node-generator_1')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  expect(links(await saved(page))).toEqual(
    ['flights.out->delayed.in', 'delayed.out->by_origin.in', 'by_origin.out->per_hour.in', 'per_hour.out->hourly.in'].sort(),
  );
});
