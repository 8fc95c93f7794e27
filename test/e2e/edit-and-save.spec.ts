// (c) Undo/redo, copy/paste, and a save → reopen round trip that keeps the document equal.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openEditor, selectNode } from './helpers.ts';

async function save(page: Page): Promise<{ path: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-button').click()]);
  const path = await download.path();
  return { path, text: readFileSync(path, 'utf8') };
}

test('undo/redo, copy/paste, save and reopen', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('example-delays-by-origin').click();
  const node = page.getByTestId('node-delayed');
  await expect(node).toBeVisible();

  await selectNode(page, 'delayed');
  await page.keyboard.press('Delete');
  await expect(node).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(node).toBeVisible();
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect(node).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(node).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);

  await selectNode(page, 'by_origin');
  await page.keyboard.press('ControlOrMeta+C');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.getByTestId('node-keyBy_1')).toBeVisible();
  await expect(page.getByTestId('doc-title')).toContainText('•');

  const first = await save(page);
  await expect(page.getByTestId('doc-title')).not.toContainText('•');
  const saved = JSON.parse(first.text) as { nodes: { id: string; config: unknown }[]; edges: unknown[] };
  expect(saved.nodes.map((n) => n.id)).toEqual(['flights', 'delayed', 'by_origin', 'per_hour', 'hourly', 'keyBy_1']);
  expect(saved.edges).toHaveLength(4);
  expect(saved.nodes[5]?.config).toEqual({ key: { fields: ['origin'] } });

  await page.getByTestId('new-button').click();
  await expect(page.getByTestId('node-delayed')).toHaveCount(0);
  await page.getByTestId('open-file-input').setInputFiles(first.path);
  await expect(page.getByTestId('node-keyBy_1')).toBeVisible();
  const second = await save(page);
  expect(JSON.parse(second.text)).toEqual(JSON.parse(first.text));
});
