/**
 * The `leveldb` state backend: state larger than its in-memory cache gives the same results
 * as the `heap` backend, and checkpoints/restores work with it (also across a crash).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { writeCrashFixture } from './fixture.ts';
import { startRun } from './spawn-run.ts';

const KEYS = 1_050_000;

function manyKeysPipeline(backend: 'heap' | 'leveldb'): string {
  const file = join(tempDir(), `${backend}.pipeline.json`);
  const doc = {
    version: 1,
    name: `1M keys on ${backend}`,
    stateBackend: backend,
    settings: { stateCacheEntries: 50_000 },
    nodes: [
      // Every record has its own key: a million windows are open at once.
      { id: 'events', type: 'generator', config: { count: KEYS, keys: KEYS, step: 1, watermarks: { maxOutOfOrderness: 0 } } },
      { id: 'per_key', type: 'tumblingWindow', config: { key: { fields: ['key'] }, size: '1h', aggregates: [{ name: 'n', fn: 'count' }, { name: 'total', fn: 'sum', field: 'value' }] } },
      { id: 'out', type: 'fileSink' },
    ],
    edges: [
      { id: 'a', source: 'events', target: 'per_key' },
      { id: 'b', source: 'per_key', target: 'out' },
    ],
  };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('leveldb state backend', () => {
  it(`matches the heap backend with ${KEYS.toLocaleString('en-US')} keys and a 50,000-entry cache`, () => {
    const heapOut = tempDir();
    const heap = tributary(['run', manyKeysPipeline('heap'), '--out', heapOut, '--no-progress']);
    expect(heap.status, heap.stderr).toBe(0);
    const levelOut = tempDir();
    // About 45 s alone on the CI machine; more while other test files run beside it.
    const level = tributary(['run', manyKeysPipeline('leveldb'), '--out', levelOut, '--checkpoint-dir', tempDir(), '--checkpoint-interval', '5000', '--no-progress'], { timeoutMs: 280_000 });
    expect(level.status, level.stderr).toBe(0);
    const a = readFileSync(join(heapOut, 'out.jsonl'));
    const b = readFileSync(join(levelOut, 'out.jsonl'));
    expect(a.toString().split('\n').length - 1).toBe(KEYS);
    expect(b.equals(a)).toBe(true);
  }, 420_000);

  it('restores after crashes to the same output as a run without failure', async () => {
    const { pipeline } = writeCrashFixture(3);
    const doc = JSON.parse(readFileSync(pipeline, 'utf8')) as Record<string, unknown>;
    doc.stateBackend = 'leveldb';
    doc.settings = { stateCacheEntries: 64 };
    writeFileSync(pipeline, JSON.stringify(doc));
    const reference = tempDir();
    const clean = tributary(['run', pipeline, '--out', reference, '--no-progress']);
    expect(clean.status, clean.stderr).toBe(0);
    const out = tempDir();
    const dir = tempDir();
    let restored = 0;
    for (const after of [90, 300, 150, 500]) {
      const run = startRun([pipeline, '--out', out, '--checkpoint-dir', dir, '--checkpoint-interval', '100', '--speed', '2000000']);
      // Kill a while after this run completed a checkpoint of its own, however slow the machine;
      // at 2,000,000× the input lasts ~12 s, more than the four killed runs live together.
      const deadline = Date.now() + 60_000;
      while (!/checkpoint \d+ complete/.test(run.stderr()) && run.child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const timer = setTimeout(() => run.child.kill('SIGKILL'), after);
      const result = await run.done;
      clearTimeout(timer);
      if (/restoring checkpoint/.test(result.stderr)) restored++;
    }
    const last = await startRun([pipeline, '--out', out, '--checkpoint-dir', dir]).done;
    expect(last.code, last.stderr).toBe(0);
    expect(restored).toBeGreaterThanOrEqual(3);
    for (const sink of ['hourly', 'by_state']) expect(readFileSync(join(out, `${sink}.jsonl`)).equals(readFileSync(join(reference, `${sink}.jsonl`)))).toBe(true);
  }, 300_000);
});
