/**
 * The watchdog: user code that does not return within `settings.udfTimeoutMs` stops the run
 * (the worker is terminated) with a message naming the node.
 */
import { describe, expect, it } from 'vitest';
import { runInWorker } from '../../engine/host/run-in-worker.ts';
import { doc, edge, node, tempDir } from './harness.ts';

describe('watchdog', () => {
  it('stops a map that loops forever and names the node', async () => {
    const document = doc(
      [
        node('src', 'values', { rows: [{ n: 1, ts: 1 }, { n: 2, ts: 2 }], time: { mode: 'event', field: 'ts' } }),
        node('spin', 'map', {}, 'while (true) {}\nreturn event;'),
        node('out', 'previewSink'),
      ],
      [edge('src', 'spin'), edge('spin', 'out')],
      { settings: { udfTimeoutMs: 300 } },
    );
    const started = performance.now();
    const run = runInWorker({ document, baseDir: tempDir() });
    const outcome = await run.outcome;
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' ? outcome.message : '').toBe('node spin: user code did not return within 300 ms; the run was stopped');
    // Stopped after the budget, not at some far later time.
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('lets code that returns in time finish', async () => {
    const document = doc(
      [
        node('src', 'values', { rows: [{ n: 1, ts: 1 }], time: { mode: 'event', field: 'ts' } }),
        node('m', 'map', {}, 'let s = 0;\nfor (let i = 0; i < 1000; i++) s += i;\nreturn { s };'),
        node('out', 'previewSink'),
      ],
      [edge('src', 'm'), edge('m', 'out')],
      { settings: { udfTimeoutMs: 300 } },
    );
    const outcome = await runInWorker({ document, baseDir: tempDir() }).outcome;
    expect(outcome.kind).toBe('finished');
    if (outcome.kind !== 'finished') return;
    const m = outcome.result.nodes.find((n) => n.nodeId === 'm');
    // One record in, accepted and out on every node.
    expect(m).toMatchObject({ in: 1, accepted: 1, out: 1, balanced: true });
    for (const n of outcome.result.nodes) expect(n.balanced).toBe(true);
  });
});
