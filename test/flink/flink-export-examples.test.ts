// Every example pipeline either exports to Flink SQL and gives the embedded engine's rows on a
// real Apache Flink, or is refused with the documented reasons. Which, and why:
// - delays-by-origin: exported; filter, keyBy, tumbling window (count, avg of integers) — equal.
// - route-enrichment: exported; the lookup join becomes an event-time temporal join against the
//   airports CSV, then a sliding window with countDistinct — equal.
// - late-arrivals: refused: its source replays with `disorder` (no Flink counterpart) and its
//   window's `late` output is connected (Flink SQL has no side output for late records).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlinkCheck } from '../../engine/export/flink/check/flink-check.ts';
import { formatProblem } from '../../engine/pipeline/problems.ts';
import { REPO } from '../cli/run-cli.ts';
import { expectEqual } from './export-check.ts';
import { availability, FLINK_TEST_TIMEOUT_MS, useFlinkRunner } from './flink-helpers.ts';

const EXAMPLES = join(REPO, 'examples', 'flights');

function checkExample(name: string, runner: Parameters<typeof runFlinkCheck>[0]['runner']): ReturnType<typeof runFlinkCheck> {
  const file = join(EXAMPLES, `${name}.pipeline.json`);
  return runFlinkCheck({ document: JSON.parse(readFileSync(file, 'utf8')), baseDir: EXAMPLES, sourceFile: `${name}.pipeline.json`, runner, timeoutMs: 240_000 });
}

describe('examples and the Flink export', () => {
  it('this file covers every example pipeline', () => {
    expect(readdirSync(EXAMPLES).filter((f) => f.endsWith('.pipeline.json')).sort()).toEqual(['delays-by-origin.pipeline.json', 'late-arrivals.pipeline.json', 'route-enrichment.pipeline.json', 'sql-delays.pipeline.json']);
  });
});

describe.skipIf(!availability.ok)('examples on Apache Flink', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();

  it('delays-by-origin: the same rows on Flink and Tributary', async () => {
    const result = await checkExample('delays-by-origin', flink());
    expectEqual(result, 8000);
  });

  it('route-enrichment: the same rows on Flink and Tributary (lookup join as a temporal join)', async () => {
    const result = await checkExample('route-enrichment', flink());
    expectEqual(result, 30_000);
  });

  it('sql-delays: the same rows on Flink and Tributary (the query as a view over its input)', async () => {
    const result = await checkExample('sql-delays', flink());
    expectEqual(result, 8000);
  });

  it('late-arrivals: refused, with the reasons', async () => {
    const result = await checkExample('late-arrivals', flink());
    if (result.status !== 'refused') throw new Error(`expected a refusal, got ${result.status}`);
    expect(result.problems.map(formatProblem)).toEqual([
      'TRB015 node flights, field disorder: disorder replay: the shuffle Tributary applies when replaying the file has no Flink counterpart: Flink reads the file in its order, so late records and first/last values would differ; remove `disorder` to export',
      'TRB015 node per_hour, field output late: the `late` output: Flink SQL drops records behind the watermark silently; it has no side output for late records',
    ]);
  });
});
