/**
 * The Nexmark examples exported to Flink SQL (the `nexmark` node's events written to a file,
 * engine/nodes/nexmark/flink.ts) and run on a real Apache Flink beside the embedded engine,
 * on a small seeded run: the stateless and window queries give the same rows on both; the
 * queries built on process functions are refused (Flink SQL has no counterpart for user code
 * with state and timers), with that reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlinkCheck } from '../../engine/export/flink/check/flink-check.ts';
import type { FlinkRunner } from '../../engine/flink/flink-runner.ts';
import { formatProblem } from '../../engine/pipeline/problems.ts';
import { REPO } from '../cli/run-cli.ts';
import { expectEqual } from '../flink/export-check.ts';
import { availability, FLINK_TEST_TIMEOUT_MS, useFlinkRunner } from '../flink/flink-helpers.ts';

const DIR = join(REPO, 'examples', 'nexmark');

function check(q: string, runner: FlinkRunner): ReturnType<typeof runFlinkCheck> {
  const doc = JSON.parse(readFileSync(join(DIR, `${q}.pipeline.json`), 'utf8')) as { nodes: { type: string; config: Record<string, unknown> }[] };
  for (const n of doc.nodes) if (n.type === 'nexmark') n.config = { ...n.config, events: 20_000, firstEventRate: 1000, seed: 11 };
  return runFlinkCheck({ document: doc, baseDir: DIR, sourceFile: `${q}.pipeline.json`, runner, timeoutMs: 240_000 });
}

describe.skipIf(!availability.ok)('nexmark examples on Apache Flink', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();

  for (const q of ['q0', 'q1', 'q2', 'q8', 'q11', 'q12'])
    it(`${q}: the same rows on Flink and Tributary`, async () => {
      expectEqual(await check(q, flink()));
    });

  for (const q of ['q3', 'q4', 'q5', 'q7'])
    it(`${q}: refused (a process function)`, async () => {
      const result = await check(q, flink());
      if (result.status !== 'refused') throw new Error(`expected a refusal, got ${result.status}`);
      const process = result.problems.map(formatProblem).filter((p) => p.includes('process function: keyed state, timers and side outputs are Flink'));
      expect(process.length).toBeGreaterThan(0);
    });
});
