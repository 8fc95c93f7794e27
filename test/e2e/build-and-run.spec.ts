// (a) From an empty canvas: build file source → filter → tumbling window → file sink, type the
// filter in Monaco with IntelliSense from the upstream sample, run to the end, and compare the
// sink's rows with what the CLI writes for the equivalent example pipeline.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allOutputRows, canonical, connect, dropNode, openEditor, runToEnd, selectNode, waitValid } from './helpers.ts';

function cliRows(): string[] {
  const out = mkdtempSync(join(tmpdir(), 'trb-e2e-cli-'));
  execFileSync(process.execPath, ['bin/tributary.mjs', 'run', 'examples/flights/delays-by-origin.pipeline.json', '--out', out], { stdio: 'pipe' });
  return readFileSync(join(out, 'hourly.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => canonical(JSON.parse(l)));
}

test('build a pipeline by drag and drop, run it, match the CLI', async ({ page }, testInfo) => {
  const expected = cliRows();
  await openEditor(page);
  await page.getByTestId('new-pipeline').click();

  await dropNode(page, 'fileSource', 120, 120);
  await dropNode(page, 'filter', 420, 120);
  await dropNode(page, 'tumblingWindow', 120, 380);
  await dropNode(page, 'fileSink', 460, 380);
  for (const id of ['fileSource_1', 'filter_1', 'tumblingWindow_1', 'fileSink_1']) await expect(page.getByTestId(`node-${id}`)).toBeVisible();

  await connect(page, 'fileSource_1', 'out', 'filter_1', 'in');
  await connect(page, 'filter_1', 'out', 'tumblingWindow_1', 'in');
  await connect(page, 'tumblingWindow_1', 'out', 'fileSink_1', 'in');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);

  await selectNode(page, 'fileSource_1');
  await page.getByTestId('field-path').fill('examples/data/flights-20k.jsonl');
  await page.getByTestId('field-time-variant').selectOption({ label: 'event' });
  await page.getByTestId('field-time.field').fill('date');

  await selectNode(page, 'filter_1');
  await expect(page.getByTestId('code-editor')).toHaveAttribute('data-input-ready', 'true');
  const editor = page.getByTestId('code-editor').locator('.monaco-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('event.');
  const suggestions = page.locator('.monaco-editor .suggest-widget .monaco-list-row');
  await expect(suggestions.filter({ hasText: 'delay' }).first()).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.type('delay > 0');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('node-filter_1')).toContainText('event.delay > 0');

  await selectNode(page, 'tumblingWindow_1');
  await page.getByTestId('field-key-variant').selectOption({ label: 'fields' });
  await page.getByTestId('field-key.fields').fill('origin');
  await page.getByTestId('field-size').fill('1h');
  await expect(page.getByTestId('field-aggregates.0.name')).toHaveValue('flights');
  await expect(page.getByTestId('field-aggregates.0.fn')).toHaveValue('count');
  await page.getByTestId('field-aggregates.1.name').fill('avg_delay');
  await page.getByTestId('field-aggregates.1.fn').selectOption('avg');
  await page.getByTestId('field-aggregates.1.field').fill('delay');

  await waitValid(page);
  await runToEnd(page, testInfo.outputPath('canvas-mid-run.png'));
  await page.getByTestId('canvas').screenshot({ path: testInfo.outputPath('canvas-end.png') });

  for (const id of ['fileSource_1', 'filter_1', 'tumblingWindow_1', 'fileSink_1'])
    await expect(page.getByTestId(`live-${id}`)).toHaveAttribute('data-finished', 'true');

  await selectNode(page, 'fileSink_1');
  await expect(page.getByTestId('output-total')).toHaveAttribute('data-total', String(expected.length));
  const rows = await allOutputRows(page);
  const actual = rows.map((r) => canonical(JSON.parse(r)));
  expect(actual.length).toBe(expected.length);
  expect(new Set(actual)).toEqual(new Set(expected));
});
