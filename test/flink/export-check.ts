/**
 * Helpers for the tests that export pipelines to Flink SQL and run them on the real Flink beside
 * the embedded engine (`runFlinkCheck` with the test file's shared runner): generated event
 * data, a pipeline written into a scratch folder, and an assertion that prints the per-sink diff
 * when the engines disagree.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runFlinkCheck, type FlinkCheckResult } from '../../engine/export/flink/check/flink-check.ts';
import { diffLines } from '../../engine/export/flink/check/sink-diff.ts';
import { formatProblem } from '../../engine/pipeline/problems.ts';
import type { FlinkRunner } from '../../engine/flink/flink-runner.ts';
import { seededRandom } from './flink-helpers.ts';

export const BASE = Date.UTC(2024, 0, 1);

/** `n` events in event-time order, out of order by less than 1 s: keys, ints, doubles, strings, booleans, a nested object. */
export function events(n: number, seed: number): Record<string, unknown>[] {
  const random = seededRandom(seed);
  const words = ['Hello', 'world', 'HiThere', 'flink', 'Tributary', 'ab', '', 'zz top'];
  const rows = Array.from({ length: n }, (_, i) => {
    const v = Math.floor(random() * 20) - 5;
    return {
      k: `k${Math.floor(random() * 4)}`,
      ts: BASE + i * 700 + (i % 40 === 0 ? 60_000 * Math.floor(i / 40) : 0) + Math.floor(random() * 500),
      v,
      x: Math.round((random() * 40 - 20) * 4) / 4 + (i % 7 === 0 ? 0.5 : 0),
      s: words[Math.floor(random() * words.length)] as string,
      flag: random() < 0.5,
      nested: { a: v * 3, b: `n${i % 5}` },
      ...(i % 9 === 0 ? {} : { opt: i % 4 }),
    };
  });
  rows.sort((a, b) => a.ts - b.ts);
  for (let i = 0; i + 1 < rows.length; i += 5) {
    const [a, b] = [rows[i] as { ts: number }, rows[i + 1] as { ts: number }];
    if (b.ts - a.ts < 900) [rows[i], rows[i + 1]] = [rows[i + 1] as (typeof rows)[number], rows[i] as (typeof rows)[number]];
  }
  return rows;
}

/** Writes JSON lines. @returns the path. */
export function jsonl(dir: string, name: string, rows: readonly Record<string, unknown>[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

/** Writes a pipeline file into `dir`. @returns its path. */
export function writePipeline(dir: string, name: string, doc: Record<string, unknown>): string {
  const path = join(dir, `${name}.pipeline.json`);
  writeFileSync(path, JSON.stringify(doc, null, 2));
  return path;
}

/** Runs the check for a document whose relative paths resolve against `dir`. */
export function check(runner: FlinkRunner, dir: string, document: unknown, inputs?: Record<string, string>): Promise<FlinkCheckResult> {
  return runFlinkCheck({ document, baseDir: dir, sourceFile: 'test.pipeline.json', runner, inputs, timeoutMs: 180_000 });
}

/** Asserts both engines wrote the same non-empty rows to every sink; prints the diff otherwise. */
export function expectEqual(result: FlinkCheckResult, minRows = 1): void {
  if (result.status !== 'compared') {
    const detail = 'problems' in result ? result.problems.map(formatProblem).join('\n') : 'message' in result ? result.message : '';
    throw new Error(`the check did not compare (${result.status}): ${detail}`);
  }
  if (!result.equal) throw new Error(`the engines differ:\n${diffLines(result.sinks).join('\n')}\n\njob.sql:\n${result.script}`);
  for (const s of result.sinks) {
    expect(s.tributaryRows, `sink ${s.nodeId} wrote too few rows to mean anything`).toBeGreaterThanOrEqual(minRows);
    expect(s.flinkRows).toBe(s.tributaryRows);
  }
}
