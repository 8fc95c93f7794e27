/**
 * Tumbling and sliding event-time windows: `[start, end)` aligned to the epoch, firing at
 * `end - 1`, every built-in aggregate and a custom one, allowed lateness (re-firing), and
 * records beyond lateness on `late` with `late_by_ms`.
 */
import { describe, expect, it } from 'vitest';
import { counts, doc, edge, node, runPipeline } from './harness.ts';

const T0 = '1970-01-01T00:00:00.000Z';
const T10 = '1970-01-01T00:00:00.010Z';
const T20 = '1970-01-01T00:00:00.020Z';

const SUM_OF_SQUARES = [
  'function create() { return { sq: 0 }; }',
  "function add(acc, event) { if (typeof event.v === 'number') acc.sq += event.v * event.v; return acc; }",
  'function merge(a, b) { return { sq: a.sq + b.sq }; }',
  'function result(acc) { return acc.sq; }',
].join('\n');

const ALL_AGGREGATES = [
  { name: 'cnt', fn: 'count' },
  { name: 'total', fn: 'sum', field: 'v' },
  { name: 'mean', fn: 'avg', field: 'v' },
  { name: 'lo', fn: 'min', field: 'v' },
  { name: 'hi', fn: 'max', field: 'v' },
  { name: 'fst', fn: 'first', field: 'v' },
  { name: 'lst', fn: 'last', field: 'v' },
  { name: 'kinds', fn: 'countDistinct', field: 's' },
  { name: 'sq', fn: 'custom' },
];

describe('tumbling window', () => {
  it('computes every built-in aggregate and a custom one per key and window', async () => {
    const rows = [
      { k: 'a', v: 3, s: 'p', ts: 1 },
      { k: 'b', v: 10, s: 'q', ts: 2 },
      { k: 'a', v: 5, s: 'q', ts: 4 },
      { k: 'a', s: 'p', ts: 6 },
      { k: 'a', v: 1, s: 'r', ts: 12 },
      { k: 'b', v: 4, s: 'q', ts: 15 },
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
          node('w', 'tumblingWindow', { key: { fields: ['k'] }, size: 10, aggregates: ALL_AGGREGATES }, SUM_OF_SQUARES),
          node('out', 'previewSink'),
        ],
        [edge('src', 'w'), edge('w', 'out')],
      ),
    );
    expect(run.rows('out')).toEqual([
      // a in [0,10): v 3, 5 and one record without v. count 3 (counts records), sum 8,
      // avg 8/2 = 4 (missing ignored), min 3, max 5, first 3, last 5 (missing ignored),
      // distinct s {p,q} = 2, squares 9 + 25 = 34.
      { k: 'a', window_start: T0, window_end: T10, cnt: 3, total: 8, mean: 4, lo: 3, hi: 5, fst: 3, lst: 5, kinds: 2, sq: 34 },
      // b in [0,10): v 10 only.
      { k: 'b', window_start: T0, window_end: T10, cnt: 1, total: 10, mean: 10, lo: 10, hi: 10, fst: 10, lst: 10, kinds: 1, sq: 100 },
      // a in [10,20): v 1.
      { k: 'a', window_start: T10, window_end: T20, cnt: 1, total: 1, mean: 1, lo: 1, hi: 1, fst: 1, lst: 1, kinds: 1, sq: 1 },
      // b in [10,20): v 4 → squares 16.
      { k: 'b', window_start: T10, window_end: T20, cnt: 1, total: 4, mean: 4, lo: 4, hi: 4, fst: 4, lst: 4, kinds: 1, sq: 16 },
    ]);
    // A window's result carries its last timestamp, end - 1.
    expect(run.times('out')).toEqual([9, 9, 19, 19]);
    expect(counts(run.metrics('w'))).toEqual({ in: 6, accepted: 6, filtered: 0, late: 0, errors: 0, out: 4 });
  });

  it('first/last follow arrival order; min/max compare strings too; sum/avg read numeric strings', async () => {
    const rows = [
      { v: '7', name: 'kiwi', ts: 5 },
      { v: 2, name: 'apple', ts: 1 },
      { v: null, name: 'fig', ts: 3 },
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
          node('w', 'tumblingWindow', {
            size: 10,
            aggregates: [
              { name: 'fst', fn: 'first', field: 'name' },
              { name: 'lst', fn: 'last', field: 'name' },
              { name: 'lo', fn: 'min', field: 'name' },
              { name: 'hi', fn: 'max', field: 'name' },
              { name: 'total', fn: 'sum', field: 'v' },
              { name: 'mean', fn: 'avg', field: 'v' },
            ],
          }),
          node('out', 'previewSink'),
        ],
        [edge('src', 'w'), edge('w', 'out')],
      ),
    );
    // Arrival: kiwi, apple, fig → first kiwi, last fig; min 'apple', max 'kiwi';
    // sum '7' + 2 = 9 (null ignored), avg 9 / 2 = 4.5. No key: one global window, no key column.
    expect(run.rows('out')).toEqual([{ window_start: T0, window_end: T10, fst: 'kiwi', lst: 'fig', lo: 'apple', hi: 'kiwi', total: 9, mean: 4.5 }]);
  });

  it('an expression key puts `key` in the result; windows are aligned to the epoch plus offset', async () => {
    const rows = [
      { k: 'x', ts: 2 },
      { k: 'X', ts: 4 },
      { k: 'y', ts: 13 },
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
          node('w', 'tumblingWindow', { key: { expression: 'event.k.toUpperCase()' }, size: 10, offset: 3, aggregates: [{ name: 'n', fn: 'count' }] }),
          node('out', 'previewSink'),
        ],
        [edge('src', 'w'), edge('w', 'out')],
      ),
    );
    // offset 3: windows [-7,3), [3,13), [13,23). ts 2 → [-7,3); ts 4 → [3,13); ts 13 → [13,23).
    expect(run.rows('out')).toEqual([
      { key: 'X', window_start: '1969-12-31T23:59:59.993Z', window_end: '1970-01-01T00:00:00.003Z', n: 1 },
      { key: 'X', window_start: '1970-01-01T00:00:00.003Z', window_end: '1970-01-01T00:00:00.013Z', n: 1 },
      { key: 'Y', window_start: '1970-01-01T00:00:00.013Z', window_end: '1970-01-01T00:00:00.023Z', n: 1 },
    ]);
    expect(run.times('out')).toEqual([2, 12, 22]);
  });

  it('a window fires when the watermark reaches end - 1; a record for a fired window goes to late', async () => {
    // Punctuated, bound 0: W = max - 1 after each record.
    const rows = [
      { v: 1, ts: 3 },
      { v: 2, ts: 9 }, // W = 8: [0,10) not fired yet (needs 9)
      { v: 4, ts: 10 }, // W = 9 = end - 1 → fires [0,10) with v 1 + 2
      { v: 8, ts: 9 }, // [0,10) fired: late by W - ts = 9 - 9 = 0
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
          node('w', 'tumblingWindow', { size: 10, aggregates: [{ name: 'total', fn: 'sum', field: 'v' }] }),
          node('out', 'previewSink'),
          node('late', 'previewSink'),
        ],
        [edge('src', 'w'), edge('w', 'out'), edge('w', 'late', 'late')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { window_start: T0, window_end: T10, total: 3 },
      { window_start: T10, window_end: T20, total: 4 },
    ]);
    expect(run.rows('late')).toEqual([
      { node: 'w', late_by_ms: 0, event_time: '1970-01-01T00:00:00.009Z', watermark: '1970-01-01T00:00:00.009Z', record: { v: 8, ts: 9 } },
    ]);
    expect(counts(run.metrics('w'))).toEqual({ in: 4, accepted: 3, filtered: 0, late: 1, errors: 0, out: 2 });
    expect(run.metrics('w').emitted).toEqual({ out: 2, late: 1 });
  });
});

describe('allowed lateness', () => {
  const pipeline = (rows: Record<string, unknown>[]): ReturnType<typeof doc> =>
    doc(
      [
        node('src', 'values', { rows, time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
        node('w', 'tumblingWindow', {
          size: 10,
          allowedLateness: 5,
          aggregates: [
            { name: 'n', fn: 'count' },
            { name: 'total', fn: 'sum', field: 'v' },
          ],
        }),
        node('out', 'previewSink'),
        node('late', 'previewSink'),
      ],
      [edge('src', 'w'), edge('w', 'out'), edge('w', 'late', 'late')],
    );

  it('a late-but-allowed record re-fires an updated result; beyond lateness it goes to late with late_by_ms', async () => {
    const run = await runPipeline(
      pipeline([
        { v: 1, ts: 1 },
        { v: 2, ts: 3 },
        { v: 4, ts: 12 }, // W = 11 ≥ 9: [0,10) fires n 2, total 3
        { v: 8, ts: 7 }, // 9 + 5 = 14 > W 11: allowed, re-fires n 3, total 11
        { v: 16, ts: 15 }, // W = 14 = 9 + lateness: [0,10)'s state is dropped
        { v: 32, ts: 5 }, // 14 ≤ W 14: too late, late_by_ms = 14 - 5 = 9
      ]),
    );
    expect(run.rows('out')).toEqual([
      { window_start: T0, window_end: T10, n: 2, total: 3 },
      { window_start: T0, window_end: T10, n: 3, total: 11 },
      // At the end: [10,20) holds 12 and 15 → n 2, total 4 + 16 = 20.
      { window_start: T10, window_end: T20, n: 2, total: 20 },
    ]);
    expect(run.times('out')).toEqual([9, 9, 19]);
    expect(run.rows('late')).toEqual([
      { node: 'w', late_by_ms: 9, event_time: '1970-01-01T00:00:00.005Z', watermark: '1970-01-01T00:00:00.014Z', record: { v: 32, ts: 5 } },
    ]);
    expect(counts(run.metrics('w'))).toEqual({ in: 6, accepted: 5, filtered: 0, late: 1, errors: 0, out: 3 });
  });

  it('the first record of a window that is already past end - 1 (but within lateness) fires it once', async () => {
    const run = await runPipeline(
      pipeline([
        { v: 1, ts: 12 }, // W = 11
        { v: 2, ts: 5 }, // [0,10) is new, 9 ≤ W 11 < 14: fires at once with n 1, total 2
        { v: 4, ts: 13 }, // W = 12: nothing more to fire for [0,10) (Flink registers no timer in the past)
        { v: 8, ts: 16 }, // W = 15 ≥ 14: [0,10) dropped
      ]),
    );
    expect(run.rows('out')).toEqual([
      { window_start: T0, window_end: T10, n: 1, total: 2 },
      // [10,20): 12, 13, 16 → n 3, total 1 + 4 + 8 = 13.
      { window_start: T10, window_end: T20, n: 3, total: 13 },
    ]);
    expect(counts(run.metrics('w'))).toEqual({ in: 4, accepted: 4, filtered: 0, late: 0, errors: 0, out: 2 });
  });
});

describe('sliding window', () => {
  it('a record belongs to size/slide windows, including ones starting before the epoch', async () => {
    const rows = [
      { v: 1, ts: 1 },
      { v: 2, ts: 6 },
      { v: 4, ts: 12 },
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' } }),
          node('w', 'slidingWindow', {
            size: 10,
            slide: 5,
            aggregates: [
              { name: 'n', fn: 'count' },
              { name: 'total', fn: 'sum', field: 'v' },
            ],
          }),
          node('out', 'previewSink'),
        ],
        [edge('src', 'w'), edge('w', 'out')],
      ),
    );
    // ts 1 → [-5,5), [0,10); ts 6 → [0,10), [5,15); ts 12 → [5,15), [10,20).
    expect(run.rows('out')).toEqual([
      { window_start: '1969-12-31T23:59:59.995Z', window_end: '1970-01-01T00:00:00.005Z', n: 1, total: 1 },
      { window_start: T0, window_end: T10, n: 2, total: 3 },
      { window_start: '1970-01-01T00:00:00.005Z', window_end: '1970-01-01T00:00:00.015Z', n: 2, total: 6 },
      { window_start: T10, window_end: T20, n: 1, total: 4 },
    ]);
    expect(run.times('out')).toEqual([4, 9, 14, 19]);
    // 3 records in, each accepted once though it joins two windows.
    expect(counts(run.metrics('w'))).toEqual({ in: 3, accepted: 3, filtered: 0, late: 0, errors: 0, out: 4 });
  });

  it('a record goes to late only when every one of its windows has fired', async () => {
    const rows = [
      { v: 1, ts: 2 },
      { v: 2, ts: 11 }, // W = 10: fires [0,10) (and [-5,5) earlier at W ≥ 4)
      { v: 4, ts: 7 }, // windows [0,10) fired, [5,15) open → accepted into [5,15) only
      { v: 8, ts: 20 }, // W = 19: fires [5,15) and [10,20)
      { v: 16, ts: 9 }, // [0,10) and [5,15) both fired → late by 19 - 9 = 10
    ];
    const run = await runPipeline(
      doc(
        [
          node('src', 'values', { rows, time: { mode: 'event', field: 'ts' }, watermarks: { emit: 'punctuated' } }),
          node('w', 'slidingWindow', { size: 10, slide: 5, aggregates: [{ name: 'total', fn: 'sum', field: 'v' }] }),
          node('out', 'previewSink'),
          node('late', 'previewSink'),
        ],
        [edge('src', 'w'), edge('w', 'out'), edge('w', 'late', 'late')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { window_start: '1969-12-31T23:59:59.995Z', window_end: '1970-01-01T00:00:00.005Z', total: 1 },
      { window_start: T0, window_end: T10, total: 1 },
      // [5,15): 11 and 7 → 2 + 4; [10,20): 11 → 2.
      { window_start: '1970-01-01T00:00:00.005Z', window_end: '1970-01-01T00:00:00.015Z', total: 6 },
      { window_start: T10, window_end: T20, total: 2 },
      // At the end: [15,25) and [20,30) hold 20 → 8.
      { window_start: '1970-01-01T00:00:00.015Z', window_end: '1970-01-01T00:00:00.025Z', total: 8 },
      { window_start: T20, window_end: '1970-01-01T00:00:00.030Z', total: 8 },
    ]);
    expect(run.rows('late').map((r) => [r.late_by_ms, r.record])).toEqual([[10, { v: 16, ts: 9 }]]);
    expect(counts(run.metrics('w'))).toEqual({ in: 5, accepted: 4, filtered: 0, late: 1, errors: 0, out: 6 });
  });
});
