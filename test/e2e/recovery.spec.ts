// The autosaved recovery copy: after edits, a reload (as after a crash or a closed tab) offers
// the unsaved document on the start screen; recovering restores it as unsaved, the copy lasts
// until saved or discarded.
import { expect, test, type Page } from '@playwright/test';
import { openEditor, selectNode } from './helpers.ts';

const recoveredNodeIds = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const text = localStorage.getItem('tributary:recovery');
    return text ? (JSON.parse(text) as { doc: { nodes: { id: string }[] } }).doc.nodes.map((n) => n.id) : [];
  });

test('a reload offers the autosaved copy and recovers it', async ({ page }) => {
  // leaving a page with unsaved changes asks first (beforeunload): say yes
  page.on('dialog', (dialog) => void dialog.accept());
  await openEditor(page);
  await expect(page.getByTestId('recovery-offer')).toHaveCount(0);
  await page.getByTestId('example-delays-by-origin').click();
  await selectNode(page, 'delayed');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-delayed')).toHaveCount(0);
  await expect.poll(() => recoveredNodeIds(page)).toEqual(['flights', 'by_origin', 'per_hour', 'hourly']);

  await page.reload();
  const offer = page.getByTestId('recovery-offer');
  await expect(offer).toContainText('Delays by origin');
  await page.getByTestId('recover').click();
  await expect(page.getByTestId('node-flights')).toBeVisible();
  await expect(page.getByTestId('node-delayed')).toHaveCount(0);
  await expect(page.getByTestId('doc-title')).toContainText('•');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // a second edit, and the page goes away at once (before the autosave's second): still kept
  await selectNode(page, 'hourly');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-hourly')).toHaveCount(0);
  await page.reload();
  await page.getByTestId('recover').click();
  await expect(page.getByTestId('node-flights')).toBeVisible();
  await expect(page.getByTestId('node-hourly')).toHaveCount(0);
  await expect(page.getByTestId('node-delayed')).toHaveCount(0);

  // discarding forgets the copy
  await page.reload();
  await page.getByTestId('discard-recovery').click();
  await expect(page.getByTestId('recovery-offer')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await expect(page.getByTestId('recovery-offer')).toHaveCount(0);
});
