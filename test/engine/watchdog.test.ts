/**
 * The watchdog: user code that does not return within `settings.udfTimeoutMs` stops the run
 * (the worker is terminated) with a message naming the node.
 */
import { describe, expect, it } from 'vitest';
import { launchJob } from '../../engine/launch/launch-job.ts';
import { compileUserCode } from '../../engine/udf/compile.ts';
import { jobRuntime } from '../../engine/launch/runtime-bundle.ts';
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
    const run = launchJob({ document, compileCode: compileUserCode, runtime: jobRuntime(), baseDir: tempDir() });
    const outcome = await run.outcome;
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' ? outcome.error : undefined).toEqual({
      code: 'TRB102',
      nodeId: 'spin',
      message: 'node spin: user code did not return within 300 ms; the run was stopped',
    });
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
    const outcome = await launchJob({ document, compileCode: compileUserCode, runtime: jobRuntime(), baseDir: tempDir() }).outcome;
    expect(outcome.kind).toBe('finished');
    if (outcome.kind !== 'finished') return;
    const m = outcome.result.nodes.find((n) => n.nodeId === 'm');
    // One record in, accepted and out on every node.
    expect(m).toMatchObject({ in: 1, accepted: 1, out: 1, balanced: true });
    for (const n of outcome.result.nodes) expect(n.balanced).toBe(true);
  });
});
