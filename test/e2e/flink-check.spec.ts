// "Check against Flink" in the studio, in real Chromium against the web host: the example runs on
// a local Apache Flink (Flink 1.20 jars from Maven Central, Java 17) and on the embedded engine,
// the panel shows the steps as they happen and then, per sink node, that the rows are equal.
// Export to Flink writes job.sql beside. Skipped with the reason where Java is missing (never on CI).
import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flinkAvailability } from '../../engine/flink/flink-runner.ts';
import { openEditor } from './helpers.ts';

const availability = flinkAvailability();
const onCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
if (!availability.ok && onCi) throw new Error(`the Flink e2e test cannot run on CI: ${availability.reason}`);

test('check delays-by-origin against Flink: every sink equal', async ({ page }) => {
  test.skip(!availability.ok, `no local Apache Flink: ${availability.ok ? '' : availability.reason}`);
  test.setTimeout(420_000);
  await openEditor(page);
  await page.getByTestId('example-delays-by-origin').click();
  await expect(page.getByTestId('node-per_hour')).toBeVisible();

  await page.getByTestId('flink-check-button').click();
  const panel = page.getByTestId('flink-check-panel');
  await expect(panel).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('flink-check-progress')).toBeVisible();
  await expect(page.getByTestId('flink-check-button')).toBeDisabled();

  const result = page.getByTestId('flink-check-result');
  await expect(result).toBeVisible({ timeout: 400_000 });
  await expect(result).toHaveAttribute('data-verdict', 'equal');
  await expect(panel).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('flink-sink-hourly')).toHaveAttribute('data-equal', 'true');
  await expect(page.getByTestId('flink-sink-hourly')).toContainText(/hourly: equal — \d+ rows in both/);
  // Every step was reached, in order.
  await expect(page.getByTestId('flink-check-steps').locator('li.done')).toHaveCount(5);
});

test('Export to Flink writes job.sql into the workspace', async ({ page }) => {
  await openEditor(page);
  await page.getByTestId('example-delays-by-origin').click();
  await page.getByTestId('export-flink-button').click();
  const status = page.getByTestId('export-status');
  await expect(status).toContainText('Flink SQL job written to');
  const dir = join(process.cwd(), 'exports', 'delays-by-origin-flink');
  expect(existsSync(join(dir, 'job.sql'))).toBe(true);
  expect(readFileSync(join(dir, 'job.sql'), 'utf8')).toContain('EXECUTE STATEMENT SET');
});
