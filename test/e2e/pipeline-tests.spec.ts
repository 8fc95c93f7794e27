// Pipeline tests and the behaviour diff in the studio, in real Chromium against the web host: a
// copy of delays-by-origin (reading eight flights from a file beside it) is opened from the
// workspace; "Accept as golden" writes its test file; after the filter is edited, "Run tests" shows
// the failure on the sink node and as tables; "Compare with saved" highlights the nodes whose
// outputs differ, and "Compare with file…" against a copy holding the same edit finds none. The
// expected rows are the example test's hand-computed ones.
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEditor, replaceCode, selectNode, waitValid } from './helpers.ts';

const REPO = process.cwd();
const SLUG = `golden-e2e-${process.pid}`;
const DIR = join(REPO, 'examples', `tmp-${SLUG}`);
const TEST_FILE = join(DIR, `${SLUG}.pipeline.test.json`);

type Row = Record<string, unknown>;

test.beforeAll(() => {
  const example = JSON.parse(readFileSync(join(REPO, 'examples/flights/delays-by-origin.pipeline.json'), 'utf8')) as { name: string; nodes: { id: string; config: Row }[] };
  const tests = JSON.parse(readFileSync(join(REPO, 'examples/flights/delays-by-origin.pipeline.test.json'), 'utf8')) as { tests: { inputs: { flights: { records: Row[] } } }[] };
  const flights = tests.tests[0]?.inputs.flights.records ?? [];
  mkdirSync(DIR, { recursive: true });
  writeFileSync(join(DIR, 'flights.jsonl'), flights.map((r) => JSON.stringify(r)).join('\n') + '\n');
  example.name = `Golden e2e ${process.pid}`;
  for (const n of example.nodes) if (n.id === 'flights') n.config.path = 'flights.jsonl';
  writeFileSync(join(DIR, `${SLUG}.pipeline.json`), JSON.stringify(example, null, 2));
  // The same pipeline with the filter the test will type: "Compare with file…" must find no difference.
  const variant = JSON.parse(JSON.stringify(example)) as { name: string; nodes: { id: string; code?: string }[] };
  variant.name = `Golden e2e variant ${process.pid}`;
  for (const n of variant.nodes) if (n.id === 'delayed') n.code = 'event.delay > 15';
  writeFileSync(join(DIR, `variant-${SLUG}.pipeline.json`), JSON.stringify(variant, null, 2));
});

test.afterAll(() => rmSync(DIR, { recursive: true, force: true }));

test('accept as golden, edit the filter, see the failing test on the sink, compare with the saved version', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId(`example-${SLUG}`).click();
  await expect(page.getByTestId('node-hourly')).toBeVisible();
  await waitValid(page);
  const panel = page.getByTestId('tests-panel');

  await page.getByTestId('run-tests-button').click();
  await expect(page.getByTestId('tests-none')).toContainText(`${SLUG}.pipeline.test.json does not exist`);

  await page.getByTestId('accept-golden-button').click();
  await expect(page.getByTestId('golden-result')).toContainText(`Created examples/tmp-${SLUG}/${SLUG}.pipeline.test.json: test “accepted run” expects 5 rows in 1 output.`);
  const written = JSON.parse(readFileSync(TEST_FILE, 'utf8')) as { tests: { name: string; expect: { hourly: { records: Row[] } } }[] };
  const hand = (JSON.parse(readFileSync(join(REPO, 'examples/flights/delays-by-origin.pipeline.test.json'), 'utf8')) as { tests: { expect: { hourly: { records: Row[] } } }[] }).tests[0]?.expect.hourly.records ?? [];
  const sorted = (rows: Row[]): string[] => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
  expect(sorted(written.tests[0]?.expect.hourly.records ?? [])).toEqual(sorted(hand));

  await page.getByTestId('run-tests-button').click();
  await expect(page.getByTestId('tests-summary')).toHaveText(`1 of 1 test passed (examples/tmp-${SLUG}/${SLUG}.pipeline.test.json)`);
  await expect(page.getByTestId('node-hourly')).not.toHaveAttribute('data-test-mark', /.+/);

  await selectNode(page, 'delayed');
  await replaceCode(page, 'event.delay > 15');
  await waitValid(page);
  await page.getByTestId('run-tests-button').click();
  await expect(page.getByTestId('test-0')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('tests-summary')).toContainText('0 of 1 test passed');
  await expect(page.getByTestId('node-hourly')).toHaveAttribute('data-test-mark', 'failed');
  await expect(page.getByTestId('node-hourly')).toHaveClass(/test-failed/);
  await expect(page.getByTestId('node-delayed')).not.toHaveAttribute('data-test-mark', /.+/);
  // By hand: LAS's only delayed flight (5 min) is gone; DTW's 00:00 hour keeps only its 30 min flight.
  const missing = page.getByTestId('test-0-diff-hourly-only-a');
  await expect(missing).toHaveAttribute('data-count', '1');
  await expect(missing.locator('tbody tr')).toHaveCount(1);
  await expect(missing.locator('tbody tr')).toContainText('LAS');
  const changed = page.getByTestId('test-0-diff-hourly-changed');
  await expect(changed).toHaveAttribute('data-count', '1');
  await expect(changed.locator('tbody tr').first()).toContainText('origin=DTW');
  await expect(changed).toContainText('avg_delay');

  await page.getByTestId('compare-saved-button').click();
  await expect(panel).toHaveAttribute('data-action', 'compare');
  await expect(page.getByTestId('compare-result')).toHaveAttribute('data-equal', 'false');
  await expect(page.getByTestId('compare-hourly')).toHaveAttribute('data-equal', 'false');
  await expect(page.getByTestId('compare-hourly-only-a')).toContainText('LAS');
  await expect(page.getByTestId('node-hourly')).toHaveAttribute('data-test-mark', 'differs');
  await expect(page.getByTestId('node-delayed')).toHaveAttribute('data-test-mark', 'differs');
  await expect(page.getByTestId('node-flights')).not.toHaveAttribute('data-test-mark', /.+/);

  await page.getByTestId('compare-file-button').click();
  await expect(panel).toHaveAttribute('data-state', 'picking');
  await page.getByTestId('compare-file-select').selectOption(`examples/tmp-${SLUG}/variant-${SLUG}.pipeline.json`);
  await page.getByTestId('compare-file-go').click();
  await expect(page.getByTestId('compare-result')).toHaveAttribute('data-equal', 'true');
  await expect(panel).toContainText(`variant-${SLUG}.pipeline.json writes the same rows as the open document`);
  await expect(page.getByTestId('compare-hourly')).toHaveAttribute('data-equal', 'true');
  await expect(page.getByTestId('node-hourly')).not.toHaveAttribute('data-test-mark', /.+/);
  await expect(page.getByTestId('node-delayed')).not.toHaveAttribute('data-test-mark', /.+/);

  await page.getByTestId('tests-close').click();
  await expect(panel).toHaveCount(0);
  await expect(page.getByTestId('node-hourly')).not.toHaveAttribute('data-test-mark', /.+/);
});
