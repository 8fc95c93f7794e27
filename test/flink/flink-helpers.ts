/**
 * Helpers for the tests against a real Apache Flink (engine/flink/): skip-or-fail on a machine
 * without Java/Maven (never skip on CI), one shared runner per test file, scratch folders, and
 * SQL literals for paths.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { flinkAvailability, startFlinkRunner, type FlinkRunner, type FlinkRunnerOptions } from '../../engine/flink/flink-runner.ts';

export const availability = flinkAvailability();

/**
 * Upper bound for one Flink test (vitest's default is 60 s): a generous ceiling for a loaded
 * 2-core machine, not a speed expectation (speed figures are in `npm run bench`).
 */
export const FLINK_TEST_TIMEOUT_MS = 300_000;
const onCi = !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());
if (!availability.ok) {
  // CI is provisioned with Java and Maven (test/flink/ci-setup.sh): a skip there would hide a
  // broken setup, so fail instead.
  if (onCi) throw new Error(`Flink tests cannot run on CI: ${availability.reason}`);
  console.warn(`Skipping Flink tests: ${availability.reason}`);
}

/**
 * Starts one runner for the test file (in `beforeAll`) and stops it after (in `afterAll`).
 *
 * @returns a getter for the runner, valid inside tests.
 */
export function useFlinkRunner(options: FlinkRunnerOptions = {}): () => FlinkRunner {
  let runner: FlinkRunner | undefined;
  beforeAll(async () => {
    if (availability.ok) runner = await startFlinkRunner(options);
  }, 300_000);
  afterAll(async () => {
    await runner?.stop();
  });
  return () => {
    if (!runner) throw new Error('the Flink runner did not start (see beforeAll)');
    return runner;
  };
}

/** A scratch folder for the test file, deleted after it. */
export function useScratchDir(): () => string {
  let dir: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tributary-flink-test-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!dir) throw new Error('scratch dir not created yet');
    return dir;
  };
}

/** A SQL string literal: `'…'` with quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Rows as sorted canonical JSON strings, to compare outputs as multisets. */
export function canonicalRows(rows: readonly Record<string, unknown>[]): string[] {
  return rows.map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))).sort();
}

/** mulberry32 (test/harness/seeded-random.ts). */
export { seededRandom } from '../harness/seeded-random.ts';

/** Epoch ms as Flink SQL's TIMESTAMP(3) text (`2001-01-01 00:00:00.123`), read as UTC wall-clock. */
export function sqlTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}
