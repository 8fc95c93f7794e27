// Palette items are buttons: focused with the keyboard, Enter adds the node near the middle of
// the visible canvas (the viewport centre); a single mouse click adds nothing (mouse users drag
// or double-click), and focus is visible.
import { expect, test } from '@playwright/test';
import { openEditor } from './helpers.ts';

test('Enter on a focused palette item adds that node in view; a mouse click does not', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('new-pipeline').click();
  const nodes = page.locator('.react-flow__node');
  await expect(nodes).toHaveCount(0);

  const item = page.getByTestId('palette-item-generator');
  await expect(item).toHaveRole('button');
  await item.click();
  await expect(nodes).toHaveCount(0);

  // Reached with the keyboard (Shift+Tab, Tab), as :focus-visible requires.
  await item.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(item).toBeFocused();
  const outline = await item.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(nodes).toHaveCount(1);
  await expect(nodes.first()).toBeInViewport();
  await page.getByTestId('palette-item-filter').focus();
  await page.keyboard.press('Enter');
  await expect(nodes).toHaveCount(2);
});
