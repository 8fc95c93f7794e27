// (b) Open an example, break its code: Monaco marks it, the node gets a badge, the run is
// refused naming the node; fix it and run.
import { expect, test } from '@playwright/test';
import { openEditor, replaceCode, runToEnd, selectNode, waitValid } from './helpers.ts';

test('a compile error is marked, refuses the run, and a fix runs', async ({ page }, testInfo) => {
  await openEditor(page);
  await page.getByTestId('example-delays-by-origin').click();
  await expect(page.getByTestId('node-delayed')).toBeVisible();
  await waitValid(page);

  await selectNode(page, 'delayed');
  await replaceCode(page, 'event.delay > (');
  await expect(page.getByTestId('badge-delayed')).toBeVisible();
  await expect(page.getByTestId('code-editor').locator('.squiggly-error').first()).toBeAttached();
  await expect(page.getByTestId('problem-item').first()).toContainText('node delayed');

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('run-refusal')).toContainText('delayed');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'idle');

  await replaceCode(page, 'event.delay > 0');
  await waitValid(page);
  await expect(page.getByTestId('badge-delayed')).toHaveCount(0);
  await runToEnd(page, testInfo.outputPath('canvas-mid-run.png'));
  await page.getByTestId('canvas').screenshot({ path: testInfo.outputPath('canvas-end.png') });
  await expect(page.getByTestId('summary-hourly')).toContainText('8771');
});
