/**
 * The sql node's window aggregations, expected rows computed by hand: TUMBLE, HOP, CUMULATE and
 * SESSION (with PARTITION BY) grouped by window_start, window_end and keys; COUNT(*), COUNT(col)
 * skipping NULLs, COUNT(DISTINCT), SUM (NULL over no value), AVG of INT truncating to INT, MIN,
 * MAX, FIRST_VALUE, LAST_VALUE, LISTAGG; a window fires only once the watermark reaches its
 * end - 1; rows behind it go to `late`, counted.
 */
import { describe, expect, it } from 'vitest';
import { at, feed, iso, sqlNode } from '../../../test/sql/sql-harness.ts';

const T = { t: { k: 'STRING', v: 'INT' } };
const tumble = (size: string, select: string, keys = '') =>
  `SELECT ${keys}window_start, window_end, ${select} FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(rowtime), INTERVAL '${size}' MINUTE)) GROUP BY ${keys}window_start, window_end`;

describe('sql node: window aggregates', () => {
  it('TUMBLE per key with every aggregate function', async () => {
    const h = await sqlNode(
      tumble(
        '10',
        "COUNT(*) AS n, COUNT(v) AS nv, COUNT(DISTINCT v) AS dv, SUM(v) AS s, AVG(v) AS a, MIN(v) AS lo, MAX(v) AS hi, FIRST_VALUE(v) AS f, LAST_VALUE(v) AS l, LISTAGG(CAST(v AS STRING), ';') AS vs",
        'k, ',
      ),
      T,
    );
    feed(h, 't', [
      ['00:01', { k: 'a', v: 3 }],
      ['00:02', { k: 'a', v: 4 }],
      ['00:03', { k: 'b', v: null }],
      ['00:04', { k: 'a', v: 4 }],
      ['00:05', { k: 'a', v: null }],
      ['00:12', { k: 'a', v: -7 }],
    ]);
    // The watermark is 00:11:59.999 ≥ 00:09:59.999: the first window has fired, the second not.
    const first = [
      { k: 'a', window_start: iso('00:00'), window_end: iso('00:10'), n: 4, nv: 3, dv: 2, s: 11, a: 3, lo: 3, hi: 4, f: 3, l: 4, vs: '3;4;4' },
      { k: 'b', window_start: iso('00:00'), window_end: iso('00:10'), n: 1, nv: 0, dv: 0, s: null, a: null, lo: null, hi: null, f: null, l: null, vs: null },
    ];
    expect(h.records()).toEqual(first);
    h.endInput();
    // AVG(INT) of 3, 4, 4 = 11 / 3 = 3 (an INT); AVG(-7) = -7.
    expect(h.records()).toEqual([...first, { k: 'a', window_start: iso('00:10'), window_end: iso('00:20'), n: 1, nv: 1, dv: 1, s: -7, a: -7, lo: -7, hi: -7, f: -7, l: -7, vs: '-7' }]);
    expect(h.output().map((o) => o.timestamp)).toEqual([at('00:10') - 1, at('00:10') - 1, at('00:20') - 1]);
    expect(h.metrics()).toMatchObject({ in: 6, accepted: 6, late: 0, balanced: true });
    await h.close();
  });

  it('sends rows behind the watermark to late, counted, and keeps the window as Flink computed it', async () => {
    const h = await sqlNode(tumble('10', 'COUNT(*) AS n, SUM(v) AS s'), T);
    // A 5-minute bound: W = t - 5 min - 1 ms.
    feed(
      h,
      't',
      [
        ['00:01', { k: 'a', v: 1 }],
        ['00:16', { k: 'a', v: 2 }], // W = 00:10:59.999: window [00:00, 00:10) fires
        ['00:08', { k: 'a', v: 4 }], // late: its only window has fired
        ['00:12', { k: 'a', v: 8 }],
      ],
      5 * 60_000,
    );
    h.endInput();
    expect(h.records()).toEqual([
      { window_start: iso('00:00'), window_end: iso('00:10'), n: 1, s: 1 },
      { window_start: iso('00:10'), window_end: iso('00:20'), n: 2, s: 10 },
    ]);
    const late = h.records('late');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ node: 'op', record: { k: 'a', v: 4 }, event_time: iso('00:08'), late_by_ms: at('00:11') - 1 - at('00:08') });
    expect(h.metrics()).toMatchObject({ in: 4, accepted: 3, late: 1, balanced: true });
    await h.close();
  });

  it('HOP: a row in size / slide windows; a late row still counts in the windows not fired yet', async () => {
    const h = await sqlNode(
      "SELECT window_start, window_end, COUNT(*) AS n, SUM(v) AS s FROM TABLE(HOP(TABLE t, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE)) GROUP BY window_start, window_end",
      T,
    );
    feed(h, 't', [
      ['00:01', { k: 'a', v: 1 }], // [23:55, 00:05) and [00:00, 00:10)
      ['00:07', { k: 'a', v: 2 }], // [00:00, 00:10) and [00:05, 00:15); W = 00:06:59.999 fires [23:55, 00:05)
      ['00:04', { k: 'a', v: 4 }], // [23:55, 00:05) fired: only [00:00, 00:10)
    ]);
    h.endInput();
    const w = (s: string, e: string, n: number, sum: number) => ({ window_start: s.length === 5 ? iso(s) : s, window_end: iso(e), n, s: sum });
    expect(h.records()).toEqual([w('2023-12-31T23:55:00.000Z', '00:05', 1, 1), w('00:00', '00:10', 3, 7), w('00:05', '00:15', 1, 2)]);
    expect(h.metrics()).toMatchObject({ in: 3, accepted: 3, late: 0 });
    await h.close();
  });

  it('CUMULATE: windows growing by step within the max size', async () => {
    const h = await sqlNode(
      "SELECT window_start, window_end, SUM(v) AS s FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE, INTERVAL '15' MINUTE)) GROUP BY window_start, window_end",
      T,
    );
    feed(h, 't', [
      ['00:02', { k: 'a', v: 1 }],
      ['00:11', { k: 'a', v: 10 }],
      ['00:16', { k: 'a', v: 100 }],
    ]);
    h.endInput();
    expect(h.records()).toEqual([
      { window_start: iso('00:00'), window_end: iso('00:05'), s: 1 },
      { window_start: iso('00:00'), window_end: iso('00:10'), s: 1 },
      { window_start: iso('00:00'), window_end: iso('00:15'), s: 11 },
      { window_start: iso('00:15'), window_end: iso('00:20'), s: 100 },
      { window_start: iso('00:15'), window_end: iso('00:25'), s: 100 },
      { window_start: iso('00:15'), window_end: iso('00:30'), s: 100 },
    ]);
    await h.close();
  });

  it('SESSION with PARTITION BY: sessions per key close after the gap; a bridging row merges two', async () => {
    const h = await sqlNode(
      "SELECT k, window_start, window_end, COUNT(*) AS n, SUM(v) AS s FROM TABLE(SESSION(TABLE t PARTITION BY k, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE)) GROUP BY k, window_start, window_end",
      T,
    );
    feed(
      h,
      't',
      [
        ['00:00', { k: 'a', v: 1 }], // a: [00:00, 00:05)
        ['00:08', { k: 'a', v: 2 }], // a: [00:08, 00:13)
        ['00:01', { k: 'b', v: 5 }], // b: [00:01, 00:06)
        ['00:04', { k: 'a', v: 4 }], // a: [00:04, 00:09) bridges both → [00:00, 00:13)
        ['00:30', { k: 'b', v: 7 }], // W = 00:19:59.999: a's and b's first sessions fire
      ],
      10 * 60_000,
    );
    expect(h.records()).toEqual([
      { k: 'b', window_start: iso('00:01'), window_end: iso('00:06'), n: 1, s: 5 },
      { k: 'a', window_start: iso('00:00'), window_end: iso('00:13'), n: 3, s: 7 },
    ]);
    h.endInput();
    expect(h.records().slice(2)).toEqual([{ k: 'b', window_start: iso('00:30'), window_end: iso('00:35'), n: 1, s: 7 }]);
    await h.close();
  });

  it('applies WHERE before and HAVING after the aggregation, and cascades windows on window_time', async () => {
    const h = await sqlNode(
      `WITH per5 AS (
         SELECT k, window_start AS ws, window_end AS we, window_time AS wt, SUM(v) AS s
         FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE))
         WHERE v > 0 GROUP BY k, window_start, window_end, window_time HAVING SUM(v) > 1)
       SELECT window_start, window_end, COUNT(*) AS keys, MAX(s) AS best
       FROM TABLE(TUMBLE(TABLE per5, DESCRIPTOR(wt), INTERVAL '10' MINUTE))
       GROUP BY window_start, window_end`,
      T,
    );
    feed(h, 't', [
      ['00:01', { k: 'a', v: 1 }],
      ['00:02', { k: 'b', v: 3 }],
      ['00:06', { k: 'a', v: 5 }],
      ['00:07', { k: 'b', v: -9 }],
      ['00:08', { k: 'c', v: 1 }],
    ]);
    h.endInput();
    // 5-min sums: [00:00) a=1 (dropped by HAVING), b=3; [00:05) a=5, c=1 (dropped); b's -9 filtered.
    expect(h.records()).toEqual([{ window_start: iso('00:00'), window_end: iso('00:10'), keys: 2, best: 5 }]);
    expect(h.metrics()).toMatchObject({ in: 5, accepted: 4, filtered: 1, balanced: true });
    await h.close();
  });
});
