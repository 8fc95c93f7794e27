/**
 * Joins: interval join (both bounds inclusive, negative lower bound, timestamp = max, late
 * records), tumbling window join, lookup join against a CSV table (leftOuter and inner).
 */
import { describe, expect, it } from 'vitest';
import { counts, doc, edge, node, runPipeline } from './harness.ts';

const time = { mode: 'event', field: 'ts' };

/**
 * One source split by `side` into a join's left and right inputs: both channels see the same
 * watermarks and the records in source order, whatever the scheduling of sources.
 */
function split(rows: Record<string, unknown>[], watermarks: Record<string, unknown> = {}): ReturnType<typeof node>[] {
  return [
    node('src', 'values', { rows, time, watermarks }),
    node('toLeft', 'filter', {}, "event.side === 'L'"),
    node('toRight', 'filter', {}, "event.side === 'R'"),
  ];
}
const splitEdges = (join: string): ReturnType<typeof edge>[] => [
  edge('src', 'toLeft'),
  edge('src', 'toRight'),
  edge('toLeft', join, 'out', 'left'),
  edge('toRight', join, 'out', 'right'),
];

describe('interval join', () => {
  it('joins when left.ts + lower <= right.ts <= left.ts + upper, both bounds inclusive; timestamp = max', async () => {
    const rows = [
      { side: 'L', id: 1, l: 'L1', ts: 10 },
      { side: 'L', id: 2, l: 'L2', ts: 10 },
      { side: 'R', id: 1, r: 'R8', ts: 8 }, // 10 - 2 = 8: on the lower bound → joins L1
      { side: 'R', id: 1, r: 'R7', ts: 7 }, // below 8 → no
      { side: 'R', id: 1, r: 'R13', ts: 13 }, // 10 + 3 = 13: on the upper bound → joins L1
      { side: 'R', id: 1, r: 'R14', ts: 14 }, // above 13 → no
      { side: 'R', id: 2, r: 'R9', ts: 9 }, // in [8,13] → joins L2
      { side: 'R', id: 3, r: 'R10', ts: 10 }, // no left record with id 3
    ];
    const run = await runPipeline(
      doc(
        [
          ...split(rows),
          node(
            'j',
            'intervalJoin',
            { leftKey: { fields: ['id'] }, rightKey: { fields: ['id'] }, lowerBound: '-2ms', upperBound: 3 },
            '({ id: left.id, l: left.l, r: right.r })',
          ),
          node('out', 'previewSink'),
        ],
        [...splitEdges('j'), edge('j', 'out')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { id: 1, l: 'L1', r: 'R8' },
      { id: 1, l: 'L1', r: 'R13' },
      { id: 2, l: 'L2', r: 'R9' },
    ]);
    // max(10, 8) = 10, max(10, 13) = 13, max(10, 9) = 10.
    expect(run.times('out')).toEqual([10, 13, 10]);
    expect(counts(run.metrics('j'))).toEqual({ in: 8, accepted: 8, filtered: 0, late: 0, errors: 0, out: 3 });
  });

  it('a negative window: right may come before left (lower -5, upper -1)', async () => {
    const rows = [
      { side: 'R', k: 1, r: 'R4', ts: 4 }, // 10 - 6: below the lower bound
      { side: 'R', k: 1, r: 'R5', ts: 5 }, // 10 - 5: on the lower bound
      { side: 'R', k: 1, r: 'R9', ts: 9 }, // 10 - 1: on the upper bound
      { side: 'L', k: 1, l: 'L10', ts: 10 },
      { side: 'R', k: 1, r: 'R10', ts: 10 }, // 10 - 0: above the upper bound
    ];
    const run = await runPipeline(
      doc(
        [
          ...split(rows),
          node('j', 'intervalJoin', { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: '-5ms', upperBound: -1 }, '({ l: left.l, r: right.r })'),
          node('out', 'previewSink'),
        ],
        [...splitEdges('j'), edge('j', 'out')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { l: 'L10', r: 'R5' },
      { l: 'L10', r: 'R9' },
    ]);
    // Timestamp = max(left, right) = 10 both times.
    expect(run.times('out')).toEqual([10, 10]);
  });

  it('without code the joined row is { ...left, ...right }; a record behind the watermark goes to late', async () => {
    // Punctuated, bound 0: W = max - 1 after each record, on both inputs.
    const rows = [
      { k: 'a', side: 'L', lv: 1, ts: 20 }, // W = 19
      { k: 'a', side: 'L', lv: 2, ts: 4 }, // 4 < W 19 → late by 15
      { k: 'a', side: 'R', rv: 1, ts: 21 }, // ∈ [20, 1020] → joins L@20; W = 20
      { k: 'a', side: 'R', rv: 2, ts: 5 }, // 5 < 20 → late by 15
      { k: 'a', side: 'R', rv: 3, ts: 20 }, // not late (20 is not < 20); ∈ [20, 1020] → joins L@20
    ];
    const run = await runPipeline(
      doc(
        [
          ...split(rows, { emit: 'punctuated' }),
          node('j', 'intervalJoin', { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: 0, upperBound: '1s' }),
          node('out', 'previewSink'),
          node('late', 'previewSink'),
        ],
        [...splitEdges('j'), edge('j', 'out'), edge('j', 'late', 'late')],
      ),
    );
    expect(run.rows('out')).toEqual([
      { k: 'a', side: 'R', lv: 1, rv: 1, ts: 21 },
      { k: 'a', side: 'R', lv: 1, rv: 3, ts: 20 },
    ]);
    // max(20, 21) = 21; max(20, 20) = 20.
    expect(run.times('out')).toEqual([21, 20]);
    expect(run.rows('late')).toEqual([
      { node: 'j', late_by_ms: 15, event_time: '1970-01-01T00:00:00.004Z', watermark: '1970-01-01T00:00:00.019Z', record: { k: 'a', side: 'L', lv: 2, ts: 4 } },
      { node: 'j', late_by_ms: 15, event_time: '1970-01-01T00:00:00.005Z', watermark: '1970-01-01T00:00:00.020Z', record: { k: 'a', side: 'R', rv: 2, ts: 5 } },
    ]);
    expect(counts(run.metrics('j'))).toEqual({ in: 5, accepted: 3, filtered: 0, late: 2, errors: 0, out: 2 });
  });

  it('join code that throws sends the pair to errors without unbalancing the node', async () => {
    const run = await runPipeline(
      doc(
        [
          ...split([
            { side: 'L', k: 1, ts: 1 },
            { side: 'L', k: 2, ts: 1 },
            { side: 'R', k: 1, ts: 2 },
            { side: 'R', k: 2, ts: 2 },
          ]),
          node(
            'j',
            'intervalJoin',
            { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: 0, upperBound: 5 },
            "left.k === 2 ? (() => { throw new Error('no twos'); })() : { k: left.k }",
          ),
          node('out', 'previewSink'),
          node('errs', 'previewSink'),
        ],
        [...splitEdges('j'), edge('j', 'out'), edge('j', 'errs', 'errors')],
      ),
    );
    expect(run.rows('out')).toEqual([{ k: 1 }]);
    expect(run.rows('errs')).toEqual([{ node: 'j', reason: 'join code threw Error: no twos', record: { left: { side: 'L', k: 2, ts: 1 }, right: { side: 'R', k: 2, ts: 2 } } }]);
    // The failure is on a pair, not an input record: 4 in, 4 accepted.
    expect(counts(run.metrics('j'))).toEqual({ in: 4, accepted: 4, filtered: 0, late: 0, errors: 0, out: 1 });
  });
});

describe('window join', () => {
  it('joins every left/right pair with equal keys in the same tumbling window when it fires', async () => {
    const rows = [
      { side: 'L', id: 1, a: 'x', ts: 1 },
      { side: 'R', id: 1, b: 'p', ts: 8 },
      { side: 'L', id: 2, a: 'z', ts: 5 },
      { side: 'R', id: 1, b: 'q', ts: 3 },
      { side: 'L', id: 1, a: 'y', ts: 12 }, // W = 11 ≥ 9 → fires [0,10)
      { side: 'R', id: 2, b: 'r', ts: 15 }, // W = 14
      { side: 'R', id: 1, b: 's', ts: 19 }, // W = 18
      { side: 'R', id: 1, b: 't', ts: 2 }, // [0,10) fired → late by 18 - 2 = 16
    ];
    const run = await runPipeline(
      doc(
        [
          ...split(rows, { emit: 'punctuated' }),
          node('j', 'windowJoin', { leftKey: { fields: ['id'] }, rightKey: { fields: ['id'] }, size: 10 }),
          node('out', 'previewSink'),
          node('late', 'previewSink'),
        ],
        [...splitEdges('j'), edge('j', 'out'), edge('j', 'late', 'late')],
      ),
    );
    // [0,10) id 1: x × {p, q}; id 2: z alone (r is in [10,20)). [10,20) id 1: y × s.
    // Default row { ...left, ...right } (right's side and ts win) plus the window bounds.
    expect(run.rows('out')).toEqual([
      { side: 'R', id: 1, a: 'x', b: 'p', ts: 8, window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.010Z' },
      { side: 'R', id: 1, a: 'x', b: 'q', ts: 3, window_start: '1970-01-01T00:00:00.000Z', window_end: '1970-01-01T00:00:00.010Z' },
      { side: 'R', id: 1, a: 'y', b: 's', ts: 19, window_start: '1970-01-01T00:00:00.010Z', window_end: '1970-01-01T00:00:00.020Z' },
    ]);
    expect(run.times('out')).toEqual([9, 9, 19]);
    expect(run.rows('late').map((r) => [r.late_by_ms, r.record])).toEqual([[16, { side: 'R', id: 1, b: 't', ts: 2 }]]);
    expect(counts(run.metrics('j'))).toEqual({ in: 8, accepted: 7, filtered: 0, late: 1, errors: 0, out: 3 });
  });
});

describe('lookup join', () => {
  const table = ['iata,city,elev', 'SFO,San Francisco,13', 'LAX,Los Angeles,125', 'JFK,New York,13'].join('\n');
  const stream = [
    { origin: 'SFO', n: 1, ts: 1 },
    { origin: 'XXX', n: 2, ts: 2 },
    { origin: 'LAX', n: 3, ts: 3 },
  ];
  const pipeline = (config: Record<string, unknown>): ReturnType<typeof doc> =>
    doc(
      [
        node('src', 'values', { rows: stream, time }),
        node('lk', 'lookupJoin', { table: 'airports.csv', key: { fields: ['origin'] }, tableKey: ['iata'], ...config }),
        node('out', 'previewSink'),
      ],
      [edge('src', 'lk'), edge('lk', 'out')],
    );

  it('leftOuter adds the selected columns (prefixed), null when there is no match', async () => {
    const run = await runPipeline(pipeline({ select: ['city', 'elev'], prefix: 'o_', mode: 'leftOuter' }), { files: { 'airports.csv': table } });
    expect(run.rows('out')).toEqual([
      { origin: 'SFO', n: 1, ts: 1, o_city: 'San Francisco', o_elev: 13 },
      { origin: 'XXX', n: 2, ts: 2, o_city: null, o_elev: null },
      { origin: 'LAX', n: 3, ts: 3, o_city: 'Los Angeles', o_elev: 125 },
    ]);
    expect(run.times('out')).toEqual([1, 2, 3]);
    expect(counts(run.metrics('lk'))).toEqual({ in: 3, accepted: 3, filtered: 0, late: 0, errors: 0, out: 3 });
  });

  it('inner filters records without a match; without select it adds every column', async () => {
    const run = await runPipeline(pipeline({ mode: 'inner' }), { files: { 'airports.csv': table } });
    expect(run.rows('out')).toEqual([
      { origin: 'SFO', n: 1, ts: 1, iata: 'SFO', city: 'San Francisco', elev: 13 },
      { origin: 'LAX', n: 3, ts: 3, iata: 'LAX', city: 'Los Angeles', elev: 125 },
    ]);
    expect(counts(run.metrics('lk'))).toEqual({ in: 3, accepted: 2, filtered: 1, late: 0, errors: 0, out: 2 });
  });

  it('a stream record matching several table rows is joined with each', async () => {
    const twice = table + '\nSFO,South San Francisco,4';
    const run = await runPipeline(pipeline({ select: ['city'], mode: 'inner' }), { files: { 'airports.csv': twice } });
    expect(run.rows('out')).toEqual([
      { origin: 'SFO', n: 1, ts: 1, city: 'San Francisco' },
      { origin: 'SFO', n: 1, ts: 1, city: 'South San Francisco' },
      { origin: 'LAX', n: 3, ts: 3, city: 'Los Angeles' },
    ]);
    expect(counts(run.metrics('lk'))).toEqual({ in: 3, accepted: 2, filtered: 1, late: 0, errors: 0, out: 3 });
  });
});
