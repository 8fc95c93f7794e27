// The access token in the browser: the page opened at `/?token=…` connects, hides the token from
// its address, and still connects after a reload; a page opened without it, or with a stale one,
// says which address to open.
import { expect, test } from '@playwright/test';
import { openEditor } from './helpers.ts';

test('the token is taken from the address, hidden, and kept for reloads', async ({ page, baseURL }) => {
  await openEditor(page);
  await expect(page.getByTestId('example-delays-by-origin')).toBeVisible();
  expect(page.url()).toBe(baseURL);
  await page.reload();
  await expect(page.getByTestId('example-delays-by-origin')).toBeVisible();
  expect(page.url()).toBe(baseURL);
});

test('without the token, or with a wrong one, the editor says which address to open', async ({ browser, baseURL }) => {
  const fresh = await browser.newContext({ baseURL });
  const page = await fresh.newPage();
  await page.goto('/');
  await expect(page.getByTestId('start-screen')).toContainText('no access token: open the address that `npm run web` printed');
  await expect(page.getByTestId('example-delays-by-origin')).toHaveCount(0);
  await page.close();
  const wrong = await fresh.newPage();
  await wrong.goto('/?token=not-the-token-0123456789abcdef');
  await expect(wrong.getByTestId('start-screen')).toContainText('cannot reach the engine host');
  await fresh.close();
});
