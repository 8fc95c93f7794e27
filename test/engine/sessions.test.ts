/**
 * Session windows (Flink's `EventTimeSessionWindows`): a record opens `[ts, ts + gap)`,
 * intersecting sessions of the same key merge (touching counts), a bridging record merges two
 * sessions with their accumulators, sessions fire at `end - 1`, late records go to `late`.
 */
import { describe, expect, it } from 'vitest';
import { counts, doc, edge, node, runPipeline } from './harness.ts';

const COLLECT = [
  'function create() { return { vals: [] }; }',
  'function add(acc, event) { acc.vals.push(event.v); return acc; }',
  'function merge(a, b) { return { vals: [...a.vals, ...b.vals] }; }',
  "function result(acc) { return [...acc.vals].sort((x, y) => x - y).join(','); }",
].join('\n');

const AGGREGATES = [
  { name: 'n', fn: 'count' },
  { name: 'total', fn: 'sum', field: 'v' },
  { name: 'fst', fn: 'first', field: 'v' },
  { name: 'lst', fn: 'last', field: 'v' },
  { name: 'vals', fn: 'custom' },
];

describe('session window', () => {
  it('a record bridging two sessions merges them, accumulators included', async () => {
    const rows = [
      { user: 'a', v: 1, ts: 0 }, // a: [0,10)
      { user: 'a', v: 2, ts: 4 }, // a: [0,14)
      { user: 'b', v: 16, ts: 3 }, // b: [3,13)
      { user: 'a', v: 4, ts: 20 }, // a: [0,14) and [20,30): apart
      { user: 'a', v: 8, ts: 12 }, // [12,22) meets both → a: [0,30)
      { user: 'b', v: 32, ts: 40 }, // b: [40,50), apart from [3,13)
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
          node('s', 'sessionWindow', { key: { fields: ['user'] }, gap: 10, aggregates: AGGREGATES }, COLLECT),
          node('out', 'previewSink'),
        ],
        [edge('src', 's'), edge('s', 'out')],
      ),
    );
    // Fired at the final watermark in order of end - 1: b@12, a@29, b@49.
    expect(run.rows('out')).toEqual([
      { user: 'b', window_start: '1970-01-01T00:00:00.003Z', window_end: '1970-01-01T00:00:00.013Z', n: 1, total: 16, fst: 16, lst: 16, vals: '16' },
      // a: 1 + 2 + 4 + 8 = 15; first by arrival 1, last by arrival 8 (the bridge).
      { user: 'a', window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.030Z', n: 4, total: 15, fst: 1, lst: 8, vals: '1,2,4,8' },
      { user: 'b', window_start: '1970-01-01T00:00:00.040Z', window_end: '1970-01-01T00:00:00.050Z', n: 1, total: 32, fst: 32, lst: 32, vals: '32' },
    ]);
    expect(run.times('out')).toEqual([12, 29, 49]);
    expect(counts(run.metrics('s'))).toEqual({ in: 6, accepted: 6, filtered: 0, late: 0, errors: 0, out: 3 });
  });

  it('sessions that only touch merge ([0,10) and [10,20) → [0,20))', async () => {
    const rows = [
      { v: 1, ts: 0 },
      { v: 2, ts: 10 },
      { v: 4, ts: 21 },
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
          node('s', 'sessionWindow', { gap: 10, aggregates: [{ name: 'total', fn: 'sum', field: 'v' }] }),
          node('out', 'previewSink'),
        ],
        [edge('src', 's'), edge('s', 'out')],
      ),
    );
    // [0,10) ∪ [10,20) = [0,20) (touching intersects); [21,31) is 1 ms apart.
    expect(run.rows('out')).toEqual([
      { window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.020Z', total: 3 },
      { window_start: '1970-01-01T00:00:00.021Z', window_end: '1970-01-01T00:00:00.031Z', total: 4 },
    ]);
  });

  it('a session fires when the watermark reaches end - 1; a record for it afterwards is late', async () => {
    const rows = [
      { user: 'a', v: 1, ts: 0 }, // a: [0,10)
      { user: 'a', v: 2, ts: 8 }, // a: [0,18), W = 7
      { user: 'b', v: 4, ts: 18 }, // W = 17 = end - 1 → fires a [0,18)
      { user: 'a', v: 8, ts: 5 }, // [5,15) would merge into a fired session: late by 17 - 5 = 12
      { user: 'a', v: 16, ts: 9 }, // [9,19): end - 1 = 18 > W 17 → a new session, accepted
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
          node('k', 'keyBy', { key: { fields: ['user'] } }),
          node('s', 'sessionWindow', { gap: 10, aggregates: [{ name: 'total', fn: 'sum', field: 'v' }] }),
          node('out', 'previewSink'),
          node('late', 'previewSink'),
        ],
        [edge('src', 'k'), edge('k', 's'), edge('s', 'out'), edge('s', 'late', 'late')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { user: 'a', window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.018Z', total: 3 },
      // At the end (in order of end - 1: 18 then 27).
      { user: 'a', window_start: '1970-01-01T00:00:00.009Z', window_end: '1970-01-01T00:00:00.019Z', total: 16 },
      { user: 'b', window_start: '1970-01-01T00:00:00.018Z', window_end: '1970-01-01T00:00:00.028Z', total: 4 },
    ]);
    expect(run.rows('late')).toEqual([
      { node: 's', late_by_ms: 12, event_time: '1970-01-01T00:00:00.005Z', watermark: '1970-01-01T00:00:00.017Z', record: { user: 'a', v: 8, ts: 5 } },
    ]);
    expect(counts(run.metrics('s'))).toEqual({ in: 5, accepted: 4, filtered: 0, late: 1, errors: 0, out: 3 });
  });

  it('with allowed lateness, a fired session is kept and a late bridging record merges it with the next one', async () => {
    const rows = [
      { v: 1, ts: 0 }, // [0,10)
      { v: 2, ts: 12 }, // [12,22), W = 11 ≥ 9 → fires [0,10) total 1
      { v: 4, ts: 5 }, // [5,15) bridges [0,10) and [12,22) → [0,22); 21 > W 11: not due yet
      { v: 8, ts: 30 }, // W = 29 ≥ 21 → fires [0,22) total 7; cleanup at 21 + 5 = 26 ≤ 29
      { v: 16, ts: 3 }, // [3,13): end - 1 + 5 = 17 ≤ W 29 → late by 26
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
          node('s', 'sessionWindow', { gap: 10, allowedLateness: 5, aggregates: [{ name: 'total', fn: 'sum', field: 'v' }] }),
          node('out', 'previewSink'),
          node('late', 'previewSink'),
        ],
        [edge('src', 's'), edge('s', 'out'), edge('s', 'late', 'late')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.010Z', total: 1 },
      { window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.022Z', total: 7 },
      { window_start: '1970-01-01T00:00:00.030Z', window_end: '1970-01-01T00:00:00.040Z', total: 8 },
    ]);
    expect(run.rows('late').map((r) => [r.late_by_ms, r.record])).toEqual([[26, { v: 16, ts: 3 }]]);
    expect(counts(run.metrics('s'))).toEqual({ in: 5, accepted: 4, filtered: 0, late: 1, errors: 0, out: 3 });
  });

  it('a new session already past end - 1 (within lateness) fires at once, and only once', async () => {
    const rows = [
      { k: 'x', v: 1, ts: 20 }, // x: [20,30), W = 19
      { k: 'y', v: 2, ts: 8 }, // y: [8,18): 17 ≤ W 19 < 17 + 5 → fires at once, total 2
      { k: 'x', v: 4, ts: 21 }, // W = 20: y's session must not fire again
      { k: 'x', v: 8, ts: 23 }, // W = 22 ≥ 22: y's session dropped
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
          node('s', 'sessionWindow', { key: { fields: ['k'] }, gap: 10, allowedLateness: 5, aggregates: [{ name: 'total', fn: 'sum', field: 'v' }] }),
          node('out', 'previewSink'),
        ],
        [edge('src', 's'), edge('s', 'out')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { k: 'y', window_start: '1970-01-01T00:00:00.008Z', window_end: '1970-01-01T00:00:00.018Z', total: 2 },
      // x: 20, 21, 23 → [20,33), total 1 + 4 + 8 = 13, at the end.
      { k: 'x', window_start: '1970-01-01T00:00:00.020Z', window_end: '1970-01-01T00:00:00.033Z', total: 13 },
    ]);
    expect(counts(run.metrics('s'))).toEqual({ in: 4, accepted: 4, filtered: 0, late: 0, errors: 0, out: 2 });
  });
});
