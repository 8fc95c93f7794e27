/**
 * Backpressure in the runtime (Flink's availability futures): a sink that writes asynchronously
 * and slowly — each batch "sleeps" 5 ms — says it is unavailable once 500 records are in flight,
 * and the generator upstream stops at its next chunk boundary until the sink drains. Measured
 * against the sink's own count of finished writes: the records the source has emitted beyond
 * them stay bounded for the whole run, the source's backpressured time is counted, every record
 * arrives, and checkpoint barriers keep flowing while the source waits.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePipeline } from '../../engine/nodes/load.ts';
import { OPERATORS } from '../../engine/nodes/registry.ts';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import { Job } from '../../engine/runtime/job.ts';
import type { Operator, OperatorFactory, OperatorRegistry } from '../../engine/runtime/operator.ts';

const LIMIT = 500;
const COUNT = 100_000;
/** The generator emits this many records between chunk boundaries (engine/nodes/generator/operator.ts). */
const GENERATOR_CHUNK = 10_000;

/** A sink whose writes take 5 ms per batch of 100, off the thread (like a network write). */
function sleepySink(stats: { received: number; written: number; maxAhead: number; emittedBySource: () => number }): OperatorFactory {
  return {
    kind: 'operator',
    create(ctx): Operator {
      let pending: number[] = [];
      let chain = Promise.resolve();
      let drained: { promise: Promise<void>; resolve: () => void } | undefined;
      const flush = (): void => {
        const batch = pending;
        pending = [];
        chain = chain.then(async () => {
          await new Promise((r) => setTimeout(r, 5));
          stats.written += batch.length;
          if (drained && stats.received - stats.written <= LIMIT / 2) {
            drained.resolve();
            drained = undefined;
          }
        });
      };
      return {
        processElement(row) {
          ctx.metrics.accepted++;
          stats.received++;
          pending.push(row.seq as number);
          stats.maxAhead = Math.max(stats.maxAhead, stats.emittedBySource() - stats.written);
          if (pending.length >= 100) flush();
        },
        endInput: flush,
        available() {
          if (stats.received - stats.written < LIMIT) return undefined;
          if (!drained) {
            let resolve = (): void => {};
            drained = { promise: new Promise<void>((r) => (resolve = r)), resolve };
          }
          return drained.promise;
        },
        async close() {
          flush();
          await chain;
        },
      };
    },
  };
}

describe('backpressure from an asynchronous sink', () => {
  it('keeps what the source has emitted within a bound of what the sink has written, and loses nothing', async () => {
    const valid = validatePipeline({
      version: 1,
      name: 'backpressure',
      nodes: [
        { id: 'gen', type: 'generator', config: { count: COUNT } },
        { id: 'slow', type: 'previewSink' },
      ],
      edges: [{ id: 'e1', source: 'gen', sourcePort: 'out', target: 'slow', targetPort: 'in' }],
    });
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    const running: { job?: Job } = {};
    const stats = { received: 0, written: 0, maxAhead: 0, emittedBySource: () => running.job?.metrics()[0]?.out ?? 0 };
    const store = await CheckpointStore.open(mkdtempSync(join(tmpdir(), 'tributary-bp-')), 2);
    const job = new Job(valid.pipeline, {
      baseDir: tmpdir(),
      operators: { ...OPERATORS, previewSink: sleepySink(stats) } as unknown as OperatorRegistry,
      checkpoint: { store, intervalMs: 100 },
    });
    running.job = job;
    const result = await job.run();
    await store.close();
    const source = result.nodes.find((n) => n.nodeId === 'gen');
    console.log(`backpressure: at most ${stats.maxAhead} records emitted ahead of the sink's writes (limit ${LIMIT}); source backpressured ${source?.backpressuredMs} ms; ${result.checkpoints.length} checkpoints`);
    expect(stats.written).toBe(COUNT);
    // The limit, plus what a source emits between two chunk boundaries. Without backpressure
    // the generator would be nearly all of COUNT ahead (it emits 100 k records in ~50 ms).
    expect(stats.maxAhead).toBeLessThanOrEqual(LIMIT + GENERATOR_CHUNK);
    expect(source?.backpressuredMs).toBeGreaterThan(0);
    expect(result.checkpoints.length).toBeGreaterThan(3);
  }, 60_000);
});
