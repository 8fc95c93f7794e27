/**
 * Checkpoints go on after one of several sources has ended (Flink's FLIP-147): a small `values`
 * source ends at once while a generator keeps a union → window → file sink pipeline busy; the
 * run still completes mid-run checkpoints, and a run killed before one of them commits resumes
 * from the previous one to exactly the output of a run without failure.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';

const START = Date.parse('2024-01-01T00:00:00.000Z');
let pipeline: string;
let reference: string;

beforeAll(() => {
  const dir = tempDir('tributary-ended-');
  pipeline = join(dir, 'two-sources.pipeline.json');
  const doc = {
    version: 1,
    name: 'two sources, one short',
    nodes: [
      {
        id: 'corrections',
        type: 'values',
        config: {
          rows: [
            { ts: START + 30_000, key: 'k1', value: 1000 },
            { ts: START + 90_000, key: 'k2', value: 2000 },
            { ts: START + 150_000, key: 'k3', value: 3000 },
          ],
          time: { mode: 'event', field: 'ts' },
        },
      },
      { id: 'readings', type: 'generator', config: { count: 1_500_000, keys: 50, step: 100, watermarks: { maxOutOfOrderness: 0 } } },
      { id: 'both', type: 'union' },
      { id: 'by_key', type: 'keyBy', config: { key: { fields: ['key'] } } },
      { id: 'per_minute', type: 'tumblingWindow', config: { size: '1m', aggregates: [{ name: 'n', fn: 'count' }, { name: 'total', fn: 'sum', field: 'value' }] } },
      { id: 'minutes', type: 'fileSink' },
    ],
    edges: [
      { id: 'e1', source: 'corrections', target: 'both' },
      { id: 'e2', source: 'readings', target: 'both' },
      { id: 'e3', source: 'both', target: 'by_key' },
      { id: 'e4', source: 'by_key', target: 'per_minute' },
      { id: 'e5', source: 'per_minute', target: 'minutes' },
    ],
  };
  writeFileSync(pipeline, JSON.stringify(doc, null, 2));
  reference = tempDir('tributary-ended-ref-');
  const clean = tributary(['run', pipeline, '--out', reference, '--no-progress']);
  expect(clean.status, clean.stderr).toBe(0);
});

describe('checkpoints after a source ended', () => {
  it('keep being taken, and a crash before one commits resumes from the previous one', () => {
    const out = tempDir('tributary-ended-out-');
    const dir = tempDir('tributary-ended-cp-');
    const crashed = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--checkpoint-interval', '20', '--no-progress'], {
      env: { TRIBUTARY_TEST_CRASH_BEFORE_COMMIT: '4' },
    });
    expect(crashed.status, crashed.stderr).toBeNull(); // killed by SIGKILL before committing checkpoint 4
    // The values source ends in its first chunk, before the first checkpoint: every one of these came after.
    expect(crashed.stderr).toContain('checkpoint 3 complete');
    expect(crashed.stderr).not.toContain('checkpoint 4 complete');
    const resumed = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--no-progress']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('restoring checkpoint 3');
    const expected = readFileSync(join(reference, 'minutes.jsonl'), 'utf8');
    expect(expected.split('\n').length).toBeGreaterThan(1000);
    expect(expected).toContain('"total":');
    expect(readFileSync(join(out, 'minutes.jsonl'), 'utf8')).toBe(expected);
  });
});
