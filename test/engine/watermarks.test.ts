/**
 * Watermarks: bounded out-of-orderness `W = max - bound - 1`, periodic vs punctuated emission,
 * the final watermark (+∞) at end of input, the minimum over a multi-input node's inputs, and
 * idleness (Flink's `withIdleness` and `StatusWatermarkValve`), both on the `StatusWatermarkValve`
 * directly and through jobs driven by a `VirtualClock`.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/runtime/clock.ts';
import { StatusWatermarkValve } from '../../engine/runtime/status-watermark-valve.ts';
import { counts, doc, edge, node, runPipeline } from './harness.ts';

const time = { mode: 'event', field: 'ts' };
const WATERMARK_PROBE = `
function onEvent(event, ctx) {
  ctx.emit({ ts: ctx.timestamp, wm: Number.isFinite(ctx.watermark) ? ctx.watermark : null });
}`;

describe('bounded out-of-orderness: W = max - bound - 1', () => {
  const run = (timestamps: number[]): ReturnType<typeof runPipeline> =>
    runPipeline(
      doc(
        [
          node('src', 'values', {
            rows: timestamps.map((ts) => ({ ts })),
            time,
            watermarks: { maxOutOfOrderness: 5, emit: 'punctuated' },
          }),
          node('w', 'tumblingWindow', { size: 10, aggregates: [{ name: 'n', fn: 'count' }] }),
          node('out', 'previewSink'),
          node('late', 'previewSink'),
        ],
        [edge('src', 'w'), edge('w', 'out'), edge('w', 'late', 'late')],
      ),
    );

  it('max 15, bound 5 → W = 9 = end - 1 of [0,10): the window fires and 9 is late', async () => {
    const r = await run([3, 15, 9]);
    expect(r.rows('out')).toEqual([
      { window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.010Z', n: 1 },
      { window_start: '1970-01-01T00:00:00.010Z', window_end: '1970-01-01T00:00:00.020Z', n: 1 },
    ]);
    // late_by_ms = 9 - 9 = 0.
    expect(r.rows('late').map((l) => [l.late_by_ms, l.watermark])).toEqual([[0, '1970-01-01T00:00:00.009Z']]);
  });

  it('max 14, bound 5 → W = 8 < 9: the window is still open and 9 is counted in', async () => {
    const r = await run([3, 14, 9]);
    expect(r.rows('out')).toEqual([
      { window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.010Z', n: 2 },
      { window_start: '1970-01-01T00:00:00.010Z', window_end: '1970-01-01T00:00:00.020Z', n: 1 },
    ]);
    expect(r.rows('late')).toEqual([]);
  });

  it('a process function sees, per record, the watermark after the previous one', async () => {
    const r = await runPipeline(
      doc(
        [
          node('src', 'values', { rows: [10, 20, 15, 30].map((ts) => ({ ts })), time, watermarks: { maxOutOfOrderness: 5, emit: 'punctuated' } }),
          node('p', 'process', { key: { expression: "'all'" } }, WATERMARK_PROBE),
          node('out', 'previewSink'),
        ],
        [edge('src', 'p'), edge('p', 'out')],
      ),
    );
    // 10: none yet; 20: 10 - 5 - 1 = 4; 15: 20 - 6 = 14; 30: max still 20 → 14.
    expect(r.rows('out')).toEqual([
      { ts: 10, wm: null },
      { ts: 20, wm: 4 },
      { ts: 15, wm: 14 },
      { ts: 30, wm: 14 },
    ]);
  });
});

describe('periodic vs punctuated emission', () => {
  const pipeline = (emit: 'periodic' | 'punctuated'): ReturnType<typeof doc> =>
    doc(
      [
        node('src', 'values', { rows: [3, 30, 9].map((ts) => ({ ts })), time, watermarks: { emit } }),
        node('w', 'tumblingWindow', { size: 10, aggregates: [{ name: 'n', fn: 'count' }] }),
        node('out', 'previewSink'),
        node('late', 'previewSink'),
      ],
      [edge('src', 'w'), edge('w', 'out'), edge('w', 'late', 'late')],
    );

  it('punctuated: a watermark after every record, so 9 after 30 (W = 29) is late', async () => {
    const r = await runPipeline(pipeline('punctuated'), { clock: new VirtualClock() });
    expect(r.rows('out').map((o) => [o.window_start, o.n])).toEqual([
      ['1970-01-01T00:00:00.000Z', 1],
      ['1970-01-01T00:00:00.030Z', 1],
    ]);
    expect(r.rows('late').map((l) => [l.late_by_ms, (l.record as { ts: number }).ts])).toEqual([[20, 9]]);
  });

  it('periodic: no processing time passes (virtual clock), so the only watermark is the final one', async () => {
    const r = await runPipeline(pipeline('periodic'), { clock: new VirtualClock() });
    expect(r.rows('out').map((o) => [o.window_start, o.n])).toEqual([
      ['1970-01-01T00:00:00.000Z', 2],
      ['1970-01-01T00:00:00.030Z', 1],
    ]);
    expect(r.rows('late')).toEqual([]);
  });

  it('periodic at 500 ms of processing time while replaying at speed 1: the watermark lags', async () => {
    const run = (emit: 'periodic' | 'punctuated'): ReturnType<typeof runPipeline> =>
      runPipeline(
        doc(
          [
            node('gen', 'generator', { count: 11, keys: 1, start: '1970-01-01T00:00:00.000Z', step: 100, speed: 1, watermarks: { emit, interval: 500 } }),
            node('p', 'process', { key: { fields: ['key'] } }, WATERMARK_PROBE),
            node('out', 'previewSink'),
          ],
          [edge('gen', 'p'), edge('p', 'out')],
        ),
        { clock: new VirtualClock() },
      );
    // Record i arrives at processing time 100·i. Periodic: at 500 the watermark becomes
    // 400 - 1 = 399 (before record 500 is emitted), at 1000 it becomes 900 - 1 = 899.
    const periodic = await run('periodic');
    expect(periodic.rows('out').map((o) => o.wm)).toEqual([null, null, null, null, null, 399, 399, 399, 399, 399, 899]);
    // Punctuated: after each record, so record t sees (t - 100) - 1.
    const punctuated = await run('punctuated');
    expect(punctuated.rows('out').map((o) => o.wm)).toEqual([null, -1, 99, 199, 299, 399, 499, 599, 699, 799, 899]);
  });
});

describe('the final watermark', () => {
  it('fires every pending window at the end of a bounded input and marks every node finished', async () => {
    const r = await runPipeline(
      doc(
        [
          node('src', 'values', { rows: [{ ts: 1000 }, { ts: 5_000_000 }, { ts: 86_400_000 }], time }),
          node('w', 'tumblingWindow', { size: '1h', aggregates: [{ name: 'n', fn: 'count' }] }),
          node('out', 'previewSink'),
        ],
        [edge('src', 'w'), edge('w', 'out')],
      ),
    );
    // 1 000 → [0, 1h); 5 000 000 → [1h, 2h) (3 600 000 ≤ 5 000 000 < 7 200 000); 86 400 000 → [24h, 25h).
    expect(r.rows('out')).toEqual([
      { window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T01:00:00.000Z', n: 1 },
      { window_start: '1970-01-01T01:00:00.000Z', window_end: '1970-01-01T02:00:00.000Z', n: 1 },
      { window_start: '1970-01-02T00:00:00.000Z', window_end: '1970-01-02T01:00:00.000Z', n: 1 },
    ]);
    for (const id of ['src', 'w', 'out']) expect(r.metrics(id).finished).toBe(true);
    expect(counts(r.metrics('w'))).toEqual({ in: 3, accepted: 3, filtered: 0, late: 0, errors: 0, out: 3 });
  });
});

describe('StatusWatermarkValve', () => {
  it('is the minimum over its inputs and never goes back', () => {
    const c = new StatusWatermarkValve(2);
    expect(c.updateWatermark(0, 10)).toBeUndefined(); // input 1 still -∞
    expect(c.current).toBe(Number.NEGATIVE_INFINITY);
    expect(c.updateWatermark(1, 5)).toBe(5); // min(10, 5)
    expect(c.updateWatermark(1, 20)).toBe(10); // min(10, 20)
    expect(c.updateWatermark(1, 8)).toBeUndefined(); // an input's watermark does not go back
    expect(c.updateWatermark(0, 30)).toBe(20);
    expect(c.current).toBe(20);
  });

  it('ignores idle inputs; a resuming input does not pull it back; all idle is idle', () => {
    const c = new StatusWatermarkValve(2);
    c.updateWatermark(0, 100);
    c.updateWatermark(1, 40);
    expect(c.current).toBe(40);
    expect(c.updateIdle(1, true)).toBe(100); // follows the other input
    expect(c.allIdle).toBe(false);
    expect(c.updateWatermark(0, 150)).toBe(150);
    // Input 1 resumes at 60 < 150: not idle any more, but the combined watermark stays.
    expect(c.updateWatermark(1, 60)).toBeUndefined();
    expect(c.current).toBe(150);
    expect(c.updateWatermark(1, 170)).toBeUndefined(); // min(150, 170) = 150: no advance
    expect(c.updateWatermark(0, 200)).toBe(170);
    c.updateIdle(0, true);
    c.updateIdle(1, true);
    expect(c.allIdle).toBe(true);
    expect(c.current).toBe(170);
  });

  it('an ended input counts as +∞; all ended gives +∞', () => {
    const c = new StatusWatermarkValve(3);
    c.updateWatermark(0, 1);
    c.updateWatermark(1, 2);
    c.updateWatermark(2, 3);
    expect(c.end(0)).toBe(2);
    expect(c.end(1)).toBe(3);
    expect(c.end(2)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('idleness through a job', () => {
  // Two generators replayed at speed 1 on a virtual clock, into a union and 1-second windows.
  // `slow` has records at 0 and 9 500 (a 9.5 s gap); `fast` runs 20 s ahead: 20 000, 21 000,
  // ... 32 000 at processing times 0, 1 000, ... 12 000. Chunked replay: each source is paced
  // from its own first record (an aligned replay paces both on one event-time clock, where fast
  // would not start before 20 s).
  const pipeline = (idleTimeout: number | undefined): ReturnType<typeof doc> =>
    doc(
      [
        node('slow', 'generator', {
          count: 2,
          keys: 1,
          start: '1970-01-01T00:00:00.000Z',
          step: 9500,
          speed: 1,
          watermarks: { emit: 'punctuated', ...(idleTimeout === undefined ? {} : { idleTimeout }) },
        }),
        node('fast', 'generator', { count: 13, keys: 1, start: '1970-01-01T00:00:20.000Z', step: 1000, speed: 1, watermarks: { emit: 'punctuated' } }),
        node('u', 'union'),
        node('w', 'tumblingWindow', { size: 1000, aggregates: [{ name: 'n', fn: 'count' }] }),
        node('out', 'previewSink', { limit: 100 }),
        node('late', 'previewSink'),
      ],
      [edge('slow', 'u'), edge('fast', 'u'), edge('u', 'w'), edge('w', 'out'), edge('w', 'late', 'late')],
      { settings: { replay: { mode: 'chunked' } } },
    );

  it('while one input is idle the union follows the other; the idle input resuming behind it is late', async () => {
    const r = await runPipeline(pipeline(500), { clock: new VirtualClock() });
    // slow goes idle ~0.5 s after its first record; the union then follows fast alone. By
    // processing time 9 500 (slow's second record) fast has emitted 29 000 (at 9 000):
    // W = 29 000 - 0 - 1 = 28 999, so slow's 9 500 (window [9 000, 10 000)) is late by
    // 28 999 - 9 500 = 19 499.
    expect(r.rows('late').map((l) => [l.late_by_ms, (l.record as { ts: number; seq: number }).seq])).toEqual([[19499, 1]]);
    // The first window fired while slow was idle, long before slow's end.
    expect(r.rows('out')[0]).toEqual({ window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:01.000Z', n: 1 });
    expect(r.rows('out').map((o) => o.n)).toEqual(new Array<number>(14).fill(1));
    expect(counts(r.metrics('w'))).toEqual({ in: 15, accepted: 14, filtered: 0, late: 1, errors: 0, out: 14 });
  });

  it('without an idle timeout the slow input holds the union back, so nothing is late', async () => {
    const r = await runPipeline(pipeline(undefined), { clock: new VirtualClock() });
    expect(r.rows('late')).toEqual([]);
    // [0,1000) holds 0, [9000,10000) holds 9 500, then fast's 13 windows.
    expect(r.rows('out').map((o) => o.window_start)).toEqual([
      '1970-01-01T00:00:00.000Z',
      '1970-01-01T00:00:09.000Z',
      ...Array.from({ length: 13 }, (_, i) => `1970-01-01T00:00:${20 + i}.000Z`),
    ]);
    expect(counts(r.metrics('w'))).toEqual({ in: 15, accepted: 15, filtered: 0, late: 0, errors: 0, out: 15 });
  });
});

describe('minimum over a join\'s inputs', () => {
  it('a record on the slow input is not late although the other input is far ahead', async () => {
    // left's watermark reaches 99, right's stays below 5 until its record: the join's watermark
    // is min(left, right) < 5, so R@5 is on time (with max it would be 99 and R@5 late).
    const r = await runPipeline(
      doc(
        [
          node('left', 'values', { rows: [{ k: 1, l: 'L100', ts: 100 }], time, watermarks: { emit: 'punctuated' } }),
          node('right', 'values', { rows: [{ k: 1, r: 'R5', ts: 5 }], time, watermarks: { emit: 'punctuated' } }),
          node('j', 'intervalJoin', { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: '-1s', upperBound: '1s' }, '({ l: left.l, r: right.r })'),
          node('out', 'previewSink'),
          node('late', 'previewSink'),
        ],
        [edge('left', 'j', 'out', 'left'), edge('right', 'j', 'out', 'right'), edge('j', 'out'), edge('j', 'late', 'late')],
      ),
    );
    // 5 ∈ [100 - 1000, 100 + 1000]; timestamp max(100, 5) = 100.
    expect(r.rows('out')).toEqual([{ l: 'L100', r: 'R5' }]);
    expect(r.times('out')).toEqual([100]);
    expect(r.rows('late')).toEqual([]);
    expect(counts(r.metrics('j'))).toEqual({ in: 2, accepted: 2, filtered: 0, late: 0, errors: 0, out: 1 });
  });
});
