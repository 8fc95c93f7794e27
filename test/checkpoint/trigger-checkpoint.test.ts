/**
 * `Job.triggerCheckpoint()` (Flink's "trigger checkpoint") on the real engine and a real
 * checkpoint store in a temp dir: a trigger mid-run takes checkpoint 1 at once, whatever the
 * interval, and resolves with its figures once it is durable (a mid-run checkpoint holding every
 * key's window state); a job without checkpointing refuses; and a trigger made when the input is
 * about to end is answered by a committed checkpoint — the final one when no source boundary is
 * left to start another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { validatePipeline } from '../../engine/nodes/load.ts';
import type { ValidPipeline } from '../../engine/pipeline/validate.ts';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import type { CheckpointMetrics } from '../../engine/runtime/checkpoint/snapshot.ts';
import { chunkEntries } from '../../engine/runtime/state/chunk-codec.ts';
import { createJob } from '../../engine/nodes/create-job.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The figures the metadata stores (its `durationMs` is taken before the commit, the resolved one after). */
const stored = ({ id, bytes, keys, alignmentMs }: CheckpointMetrics): Omit<CheckpointMetrics, 'durationMs'> => ({ id, bytes, keys, alignmentMs });
const HOUR = 3_600_000;

function keyedWindow(keys: number, count: number): ValidPipeline {
  const result = validatePipeline({
    version: 1,
    name: `trigger checkpoint ${keys} keys`,
    stateBackend: 'heap',
    nodes: [
      { id: 'source', type: 'generator', config: { count, keys, step: 1, watermarks: { maxOutOfOrderness: 0 } } },
      {
        id: 'window',
        type: 'tumblingWindow',
        config: { key: { fields: ['key'] }, size: '1d', aggregates: [{ name: 'n', fn: 'count' }, { name: 'sum', fn: 'sum', field: 'value' }] },
      },
      { id: 'sink', type: 'previewSink', config: { limit: 10 } },
    ],
    edges: [
      { id: 'a', source: 'source', target: 'window' },
      { id: 'b', source: 'window', target: 'sink' },
    ],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.pipeline;
}

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openStore(): Promise<CheckpointStore> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-trigger-cp-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = await CheckpointStore.open(dir);
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await store.close();
    closed = true;
  });
  return store;
}

describe('Job.triggerCheckpoint', () => {
  it('takes a checkpoint mid-run, long before the interval, and resolves once it is durable', async () => {
    const KEYS = 10_000;
    const COUNT = 2_000_000;
    const store = await openStore();
    const completed: CheckpointMetrics[] = [];
    const job = createJob(keyedWindow(KEYS, COUNT), { baseDir: REPO, checkpoint: { store, intervalMs: HOUR }, onCheckpoint: (m) => completed.push(m) });

    let triggered: Promise<CheckpointMetrics> | undefined;
    let windowInAtTrigger = 0;
    const poll = setInterval(() => {
      const window = job.metrics().find((n) => n.nodeId === 'window');
      if (!triggered && window && window.in > 500_000) {
        windowInAtTrigger = window.in;
        triggered = job.triggerCheckpoint();
        // Settled later; keep a rejection from being reported as unhandled meanwhile.
        triggered.catch(() => {});
      }
    }, 5);
    let result;
    try {
      result = await job.run();
    } finally {
      clearInterval(poll);
    }
    expect(result.status).toBe('finished');
    expect(triggered, 'the window never passed 500,000 records').toBeDefined();
    expect(windowInAtTrigger).toBeLessThan(COUNT);

    const metrics = await (triggered as Promise<CheckpointMetrics>);
    expect(metrics.id).toBe(1);
    expect(metrics.keys).toBeGreaterThanOrEqual(KEYS);
    expect(metrics.bytes).toBeGreaterThan(0);
    expect(completed[0]).toEqual(metrics);
    // The final checkpoint follows it.
    expect(result.checkpoints.map((c) => c.id)).toEqual([1, 2]);

    const loaded = await store.load(1);
    expect(loaded.meta.id).toBe(1);
    expect(loaded.meta.finished).toBe(false);
    expect(loaded.meta.metrics.keys).toBe(metrics.keys);
    const position = (loaded.meta.sources.source as { seq: number }).seq;
    expect(position).toBeGreaterThanOrEqual(windowInAtTrigger);
    expect(position).toBeLessThanOrEqual(COUNT);

    // Its keyed state holds the window accumulators of every key.
    const window = loaded.parts.get('window');
    expect(window?.chunks?.length ?? 0).toBeGreaterThan(0);
    const entries = (window?.chunks ?? []).flatMap(chunkEntries);
    expect(entries).toHaveLength(metrics.keys);
    expect(new Set(entries.map((e) => e[2])).size).toBe(KEYS);

    expect((await store.load(2)).meta.finished).toBe(true);
    // Checkpointing did not disturb the results: one day window per key.
    expect(result.nodes.find((n) => n.nodeId === 'window')?.out).toBe(KEYS);
  });

  it('rejects on a job without checkpointing, naming the checkpoint directory', async () => {
    const job = createJob(keyedWindow(10, 1_000), { baseDir: REPO });
    await expect(job.triggerCheckpoint()).rejects.toThrow(/checkpoint directory/);
    const running = job.run();
    await expect(job.triggerCheckpoint()).rejects.toThrow(/checkpoint directory/);
    const result = await running;
    expect(result.status).toBe('finished');
    expect(result.checkpoints).toEqual([]);
    await expect(job.triggerCheckpoint()).rejects.toThrow(/checkpoint directory/);
  });

  it('rejects a trigger or a savepoint before the run starts and after it ended, instead of never answering', async () => {
    const store = await openStore();
    const job = createJob(keyedWindow(10, 1_000), { baseDir: REPO, checkpoint: { store, intervalMs: HOUR } });
    await expect(job.triggerCheckpoint()).rejects.toThrow(/not running yet/);
    await job.run();
    await expect(job.triggerCheckpoint()).rejects.toThrow(/run ended/);
    await expect(job.savepoint(join(store.dir, 'late-savepoint'), 'late')).rejects.toThrow(/run ended/);
  });

  it('answers a trigger made right after run() starts, on a short run, with a committed checkpoint', async () => {
    const store = await openStore();
    const completed: CheckpointMetrics[] = [];
    const job = createJob(keyedWindow(10, 100), { baseDir: REPO, checkpoint: { store, intervalMs: HOUR }, onCheckpoint: (m) => completed.push(m) });
    const running = job.run();
    const triggered = job.triggerCheckpoint();
    const [result, metrics] = await Promise.all([running, triggered]);

    expect(result.status).toBe('finished');
    expect(completed.map((c) => c.id)).toContain(metrics.id);
    expect(await store.completeIds()).toContain(metrics.id);
    const loaded = await store.load(metrics.id);
    expect(stored(loaded.meta.metrics)).toEqual(stored(metrics));
    // Either a checkpoint at the last source boundary or the final one: both hold the 10 keys'
    // state or the finished run's.
    expect(typeof loaded.meta.finished).toBe('boolean');
    expect(metrics.bytes).toBeGreaterThan(0);
    // The run always ends with a final checkpoint.
    const last = result.checkpoints[result.checkpoints.length - 1] as CheckpointMetrics;
    expect((await store.load(last.id)).meta.finished).toBe(true);
  });

  it('answers a trigger made after the last source boundary with the final checkpoint', async () => {
    const store = await openStore();
    const completed: CheckpointMetrics[] = [];
    let late: Promise<CheckpointMetrics> | undefined;
    // A 100-record run has one source boundary before its end: the first trigger takes it, and a
    // trigger made when that checkpoint completes has no boundary left but the end of input.
    const job = createJob(keyedWindow(10, 100), {
      baseDir: REPO,
      checkpoint: { store, intervalMs: HOUR },
      onCheckpoint: (m) => {
        completed.push(m);
        if (m.id === 1) {
          late = job.triggerCheckpoint();
          late.catch(() => {});
        }
      },
    });
    const running = job.run();
    const first = job.triggerCheckpoint();
    const result = await running;
    expect(result.status).toBe('finished');

    const firstMetrics = await first;
    expect(firstMetrics.id).toBe(1);
    expect((await store.load(1)).meta.finished).toBe(false);

    expect(late).toBeDefined();
    const lateMetrics = await (late as Promise<CheckpointMetrics>);
    expect(lateMetrics.id).toBe(2);
    const final = await store.load(2);
    expect(final.meta.finished).toBe(true);
    expect(stored(final.meta.metrics)).toEqual(stored(lateMetrics));
    expect(result.checkpoints.map((c) => c.id)).toEqual([1, 2]);
    expect(completed.map((c) => c.id)).toEqual([1, 2]);
  });
});
