/** Shared steps of the editor's end-to-end tests. */
import { expect, type Locator, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { protocolsFor } from '../../engine/host/web-auth.ts';

/**
 * The web host's access token: playwright.config.ts sets `TRIBUTARY_WEB_TOKEN` once per run and
 * gives it to `node bin/web.mjs`, so the tests know it without reading the server's output.
 */
export function webToken(): string {
  const token = process.env.TRIBUTARY_WEB_TOKEN;
  if (!token) throw new Error('TRIBUTARY_WEB_TOKEN is not set: run the e2e tests with `npx playwright test` (playwright.config.ts sets it)');
  return token;
}

/** Opens the editor as `npm run web` prints it: at `/?token=…` (the page then hides the token). */
export async function openEditor(page: Page): Promise<void> {
  await page.goto(`/?token=${webToken()}`);
}

/**
 * Opens the host's WebSocket as the editor page does: its origin and the token. `origin` and
 * `token` replace them, to try what a stranger would.
 */
export function hostSocket(baseURL: string, options: { origin?: string; token?: string } = {}): Promise<WebSocket> {
  const ws = new WebSocket(baseURL.replace(/^http/, 'ws') + 'ws', protocolsFor(options.token ?? webToken()), { origin: options.origin ?? new URL(baseURL).origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a palette entry onto the canvas at (x, y) relative to the canvas. */
export async function dropNode(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-item-${type}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Drags an edge from an output handle to an input handle. */
export async function connect(page: Page, from: string, fromPort: string, to: string, toPort: string): Promise<void> {
  const a = await center(page.getByTestId(`handle-${from}-out-${fromPort}`));
  const b = await center(page.getByTestId(`handle-${to}-in-${toPort}`));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

export async function selectNode(page: Page, id: string): Promise<void> {
  await page.getByTestId(`node-${id}`).locator('.pnode-title').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-node', id);
}

/** Replaces the code in the inspector's Monaco editor. */
export async function replaceCode(page: Page, code: string): Promise<void> {
  const editor = page.getByTestId('code-editor').locator('.monaco-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(code);
  await page.keyboard.press('Escape');
}

export async function waitValid(page: Page): Promise<void> {
  await expect(page.getByTestId('problems-empty')).toBeVisible();
}

export async function runToEnd(page: Page, midRunScreenshot?: string): Promise<void> {
  await page.getByTestId('run-button').click();
  if (midRunScreenshot) await page.getByTestId('canvas').screenshot({ path: midRunScreenshot });
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-status', /finished|failed|stopped/, { timeout: 120_000 });
  const failure = (await page.getByTestId('run-failure').count()) > 0 ? await page.getByTestId('run-failure').textContent() : '';
  expect(failure).toBe('');
  await expect(status).toHaveAttribute('data-status', 'finished');
}

/**
 * Every row of the Output panel's current tab (`data-row` JSON strings), page after page (the
 * table shows 1000 rows a page).
 */
export async function allOutputRows(page: Page): Promise<string[]> {
  const rows: string[] = [];
  const pager = page.getByTestId('output-pager');
  const pages = (await pager.count()) > 0 ? Number(await pager.getAttribute('data-pages')) : 1;
  for (let p = 1; p <= pages; p++) {
    if (p > 1) {
      await page.getByTestId('output-next').click();
      await expect(pager).toHaveAttribute('data-page', String(p));
    }
    rows.push(...(await page.getByTestId('output-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row') ?? ''))));
  }
  return rows;
}

/** A JSON row with its keys sorted, to compare rows as sets. */
export function canonical(row: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)])) : v;
  return JSON.stringify(sort(row));
}

/**
 * Opens a pipeline document through the page's file upload (the browser's Open…). An uploaded
 * file starts untrusted (its code does not run); like a user opening their own file, this then
 * trusts it, unless `trust` is false.
 */
export async function uploadDocument(page: Page, doc: unknown, name = 'test.pipeline.json', trust = true): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
  await expect(page.getByTestId('trust-banner')).toBeVisible();
  if (!trust) return;
  await page.getByTestId('trust-button').click();
  await expect(page.getByTestId('trust-banner')).toHaveCount(0);
}

/** The middle of an edge's path, in page coordinates. */
export async function edgeMidpoint(page: Page, edgeId: string): Promise<{ x: number; y: number }> {
  return page.getByTestId(`rf__edge-${edgeId}`).locator('path.react-flow__edge-path').evaluate((path) => {
    const p = path as SVGPathElement;
    const mid = p.getPointAtLength(p.getTotalLength() / 2);
    const m = p.getScreenCTM();
    if (!m) throw new Error('edge not rendered');
    return { x: m.a * mid.x + m.c * mid.y + m.e, y: m.b * mid.x + m.d * mid.y + m.f };
  });
}
