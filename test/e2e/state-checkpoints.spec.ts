// Checkpoints, savepoints and keyed state in the studio, on the late-arrivals example: a run with
// checkpoints every 500 ms lists them as they complete; "Savepoint now" writes a savepoint that
// `tributary state` reads; the state browser shows the window node's keys and one key's state
// exactly as `tributary state --json` prints them from the same savepoint; a diff of two retained
// checkpoints lists exactly the keys whose state differs in the CLI's listings of them; a restart
// from the savepoint writes as many rows as `tributary run --restore` from it.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEditor } from './helpers.ts';

const REPO = process.cwd();
const FOLDER = `test-results/e2e-state/run-${process.pid}`;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'tributary.mjs'), ...args], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonLines = (text: string): { key: string; state: unknown; timers: unknown }[] =>
  text
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { key: string; state: unknown; timers: unknown });

test.afterAll(() => rmSync(join(REPO, FOLDER), { recursive: true, force: true }));

test('checkpoints listed live, a savepoint on disk, its state browsed, two checkpoints diffed, a restart from the savepoint', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('example-late-arrivals').click();
  await expect(page.getByTestId('node-per_hour')).toBeVisible();
  await page.getByTestId('doc-checkpoint-interval').fill('500');
  await page.getByTestId('checkpointing-toggle').check();
  await page.getByTestId('checkpoint-folder').fill(FOLDER);
  await page.getByTestId('speed-select').selectOption('100000');
  await page.getByTestId('run-button').click();

  // Live checkpoints, newest first, each with its size.
  await expect.poll(() => page.getByTestId('checkpoint-row').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  const ids = await page.getByTestId('checkpoint-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id'))));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  expect(Number(await page.getByTestId('checkpoint-row').first().getAttribute('data-bytes'))).toBeGreaterThan(0);
  await expect(page.getByTestId('checkpoint-chart').locator('canvas')).toBeVisible();
  expect(Number(await page.getByTestId('checkpoint-chart').getAttribute('data-points'))).toBeGreaterThanOrEqual(2);

  await page.getByTestId('savepoint-name').fill('e2e-sp');
  await page.getByTestId('savepoint-button').click();
  await expect(page.getByTestId('savepoint-result')).toContainText(`written to ${FOLDER}/savepoints/e2e-sp`);
  const savepoint = join(REPO, FOLDER, 'savepoints', 'e2e-sp');
  expect(existsSync(join(savepoint, 'savepoint.json'))).toBe(true);
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /stopped|finished/);

  // The CLI reads the savepoint the button wrote.
  const described = cli(['state', savepoint, '--json']);
  expect(described.status, described.stderr).toBe(0);
  expect(JSON.parse(described.stdout)).toMatchObject({ kind: 'savepoint', name: 'e2e-sp' });
  const inSavepoint = cli(['state', savepoint, '--node', 'per_hour', '--json']);
  expect(inSavepoint.status, inSavepoint.stderr).toBe(0);
  const keys = jsonLines(inSavepoint.stdout);
  expect(keys.length).toBeGreaterThan(0);

  // Browse it: the window node's keys, and one key's state and timers as the CLI prints them.
  await expect(page.getByTestId('point-sp-e2e-sp')).toBeVisible();
  await expect(page.locator('[data-testid^="point-cp-"]').first()).toBeVisible();
  await page.getByTestId('browse-sp-e2e-sp').click();
  await page.getByTestId('state-node').selectOption('per_hour');
  await expect(page.getByTestId('state-summary')).toHaveAttribute('data-keys', String(keys.length));
  const chosen = keys[Math.floor(keys.length / 2)] as { key: string; state: unknown; timers: unknown };
  await page.getByTestId('state-prefix').fill(chosen.key);
  const row = page.locator(`[data-testid="state-key"][data-key="${chosen.key.replace(/"/g, '\\"')}"]`);
  await row.locator('button').click();
  const shown = JSON.parse((await row.getByTestId('state-key-json').textContent()) ?? '') as { state: unknown; timers: { timestamp: number; namespace: unknown }[] };
  expect(shown.state).toEqual(chosen.state);
  expect(shown.timers.map((t) => ({ timestamp: t.timestamp, namespace: t.namespace }))).toEqual(chosen.timers);

  // Diff two retained checkpoints: exactly the keys whose state differs between the CLI's listings.
  const cps = await page.locator('[data-testid^="point-cp-"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-testid')?.slice('point-cp-'.length))));
  expect(cps.length).toBeGreaterThanOrEqual(2);
  const [to, from] = cps as [number, number];
  const listing = (id: number): Map<string, string> => {
    const r = cli(['state', join(REPO, FOLDER), '--checkpoint', String(id), '--node', 'per_hour', '--json']);
    expect(r.status, r.stderr).toBe(0);
    return new Map(jsonLines(r.stdout).map((k) => [k.key, JSON.stringify([k.state, k.timers])]));
  };
  const a = listing(from);
  const b = listing(to);
  const expected = [
    ...[...b.keys()].filter((k) => !a.has(k)).map((k) => `added ${k}`),
    ...[...a.keys()].filter((k) => !b.has(k)).map((k) => `removed ${k}`),
    ...[...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)).map((k) => `changed ${k}`),
  ].sort();
  await page.getByTestId(`diff-from-cp-${from}`).click();
  await page.getByTestId(`diff-to-cp-${to}`).click();
  await expect(page.getByTestId('diff-node')).toHaveValue('per_hour');
  await expect(page.getByTestId('diff-counts')).toBeVisible();
  const listed = await page.getByTestId('diff-change').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-change')} ${r.getAttribute('data-key')}`));
  expect(listed.sort()).toEqual(expected);
  await page.getByTestId('diff-close').click();

  // Restart from the savepoint: as many rows as the CLI's restore of the same savepoint writes.
  await page.getByTestId('speed-select').selectOption('max');
  await page.getByTestId('restart-sp-e2e-sp').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'finished', { timeout: 120_000 });
  await page.getByTestId('node-hourly').locator('.pnode-title').click();
  const out = mkdtempSync(join(tmpdir(), 'tributary-e2e-state-'));
  try {
    const restored = cli(['run', join(REPO, 'examples/flights/late-arrivals.pipeline.json'), '--checkpoint-dir', join(out, 'cp'), '--restore', savepoint, '--out', join(out, 'out')]);
    expect(restored.status, restored.stderr).toBe(0);
    const rows = readFileSync(join(out, 'out', 'hourly.jsonl'), 'utf8').trim().split('\n').length;
    await expect(page.getByTestId('output-total')).toHaveAttribute('data-total', String(rows));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
