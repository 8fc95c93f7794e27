/**
 * The sql node's window Top-N, window deduplication, interval joins and window joins, expected
 * rows computed by hand: ranks per window and partition (ties in arrival order), the last row
 * per key for `ORDER BY rowtime DESC … = 1`; interval join bounds inclusive, NULL-padded rows of
 * a LEFT interval join once the other side's watermark passes them, the join's output watermark
 * held back by max(-lower, upper); window join pairs, and FULL join padding on both sides.
 */
import { describe, expect, it } from 'vitest';
import { at, feed, iso, sqlNode } from '../../../test/sql/sql-harness.ts';

describe('sql node: window Top-N', () => {
  it('keeps the top 2 keys per window by their sum, with their row number', async () => {
    const h = await sqlNode(
      `SELECT window_start, k, s, rn FROM (
         SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY s DESC) AS rn
         FROM (SELECT window_start, window_end, k, SUM(v) AS s
               FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(rowtime), INTERVAL '10' MINUTE))
               GROUP BY window_start, window_end, k))
       WHERE rn <= 2`,
      { t: { k: 'STRING', v: 'INT' } },
    );
    feed(h, 't', [
      ['00:01', { k: 'a', v: 5 }],
      ['00:02', { k: 'b', v: 9 }],
      ['00:03', { k: 'c', v: 7 }],
      ['00:04', { k: 'a', v: 1 }],
      ['00:11', { k: 'c', v: 1 }],
    ]);
    h.endInput();
    expect(h.records()).toEqual([
      { window_start: iso('00:00'), k: 'b', s: 9, rn: 1 },
      { window_start: iso('00:00'), k: 'c', s: 7, rn: 2 },
      { window_start: iso('00:10'), k: 'c', s: 1, rn: 1 },
    ]);
    await h.close();
  });

  it('ranks rows of a window TVF directly; equal keys keep arrival order; late rows go to late', async () => {
    const h = await sqlNode(
      `SELECT k, v FROM (
         SELECT k, v, window_start, window_end, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY v DESC) AS rn
         FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(rowtime), INTERVAL '10' MINUTE)))
       WHERE rn <= 2`,
      { t: { k: 'STRING', v: 'INT' } },
    );
    feed(h, 't', [
      ['00:01', { k: 'a', v: 3 }],
      ['00:02', { k: 'b', v: 8 }],
      ['00:03', { k: 'c', v: 3 }],
      ['00:12', { k: 'd', v: 1 }],
      ['00:05', { k: 'e', v: 99 }], // late: window [00:00, 00:10) fired at W = 00:11:59.999
    ]);
    h.endInput();
    expect(h.records()).toEqual([
      { k: 'b', v: 8 },
      { k: 'a', v: 3 },
      { k: 'd', v: 1 },
    ]);
    expect(h.metrics()).toMatchObject({ in: 5, accepted: 4, late: 1, balanced: true });
    await h.close();
  });

  it('deduplicates per window: ORDER BY rowtime DESC = 1 keeps the last row (ties: the later arrival)', async () => {
    const h = await sqlNode(
      `SELECT k, v FROM (
         SELECT k, v, window_start, window_end, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY rowtime DESC) AS rn
         FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(rowtime), INTERVAL '10' MINUTE)))
       WHERE rn = 1`,
      { t: { k: 'STRING', v: 'INT' } },
    );
    feed(h, 't', [
      ['00:01', { k: 'a', v: 1 }],
      ['00:04', { k: 'a', v: 2 }],
      ['00:04', { k: 'a', v: 3 }],
      ['00:02', { k: 'b', v: 4 }],
    ], 60_000);
    h.endInput();
    expect(h.records()).toEqual([
      { k: 'a', v: 3 },
      { k: 'b', v: 4 },
    ]);
    await h.close();
  });
});

const ORDERS = { o: { id: 'INT', amt: 'INT' }, s: { oid: 'INT', site: 'STRING' } };

describe('sql node: joins', () => {
  it('interval join: right time within [left, left + 10 min], bounds inclusive, keys equal', async () => {
    const h = await sqlNode("SELECT o.id, o.amt, s.site FROM o JOIN s ON o.id = s.oid AND s.rowtime BETWEEN o.rowtime AND o.rowtime + INTERVAL '10' MINUTE", ORDERS);
    h.processElement({ id: 1, amt: 10 }, at('00:00'), 'o');
    h.processElement({ id: 2, amt: 20 }, at('00:05'), 'o');
    h.processElement({ oid: 1, site: 'x' }, at('00:10'), 's'); // 1: exactly +10 min
    h.processElement({ oid: 2, site: 'y' }, at('00:04'), 's'); // 2: before its order
    h.processElement({ oid: 1, site: 'z' }, at('00:11'), 's'); // 1: +11 min, out of range
    h.processElement({ oid: 2, site: 'w' }, at('00:15'), 's'); // 2: +10 min
    h.endInput();
    expect(h.records()).toEqual([
      { id: 1, amt: 10, site: 'x' },
      { id: 2, amt: 20, site: 'w' },
    ]);
    // The joined row's timestamp is the later of the two.
    expect(h.output().map((o) => o.timestamp)).toEqual([at('00:10'), at('00:15')]);
    await h.close();
  });

  it('LEFT interval join pads an order without shipment once the watermark passes it, and holds its watermark back by 10 min', async () => {
    const h = await sqlNode("SELECT o.id, s.site FROM o LEFT JOIN s ON o.id = s.oid AND s.rowtime BETWEEN o.rowtime AND o.rowtime + INTERVAL '10' MINUTE", ORDERS);
    h.processElement({ id: 1, amt: 10 }, at('00:00'), 'o');
    h.processElement({ id: 2, amt: 20 }, at('00:01'), 'o');
    h.processElement({ oid: 2, site: 'y' }, at('00:03'), 's');
    h.processWatermark(at('00:05'));
    expect(h.records()).toEqual([{ id: 2, site: 'y' }]);
    expect(h.watermarks()).toEqual([at('00:05') - 10 * 60_000]);
    // `o - s` within [-10 min, 0]: the left relative size is 10 min, the right one 0. Order 1's
    // cleanup timer is at 00:00 + 10 min + 5 min ((10 + 0) / 2) + 1 ms; then it has expired
    // (00:00 ≤ W - 10 min - 1 ms) and is padded.
    h.processWatermark(at('00:15'));
    expect(h.records()).toHaveLength(1);
    h.processWatermark(at('00:15') + 1);
    expect(h.records()).toEqual([{ id: 2, site: 'y' }, { id: 1, site: null }]);
    h.endInput();
    expect(h.records()).toHaveLength(2);
    expect(h.metrics()).toMatchObject({ in: 3, accepted: 3, balanced: true });
    await h.close();
  });

  it('window join: pairs of the same window and key; FULL OUTER pads both sides', async () => {
    const query = (kind: string) =>
      `SELECT COALESCE(L.id, R.oid) AS id, L.amt, R.site, L.window_start
       FROM (SELECT * FROM TABLE(TUMBLE(TABLE o, DESCRIPTOR(rowtime), INTERVAL '10' MINUTE))) L
       ${kind} JOIN (SELECT * FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(rowtime), INTERVAL '10' MINUTE))) R
       ON L.id = R.oid AND L.window_start = R.window_start AND L.window_end = R.window_end`;
    const rows = (h: Awaited<ReturnType<typeof sqlNode>>): void => {
      h.processElement({ id: 1, amt: 10 }, at('00:01'), 'o');
      h.processElement({ id: 2, amt: 20 }, at('00:02'), 'o');
      h.processElement({ oid: 1, site: 'x' }, at('00:09'), 's');
      h.processElement({ oid: 1, site: 'y' }, at('00:03'), 's');
      h.processElement({ oid: 3, site: 'q' }, at('00:04'), 's');
      h.processElement({ oid: 2, site: 'z' }, at('00:11'), 's'); // another window
      h.endInput();
    };
    const inner = await sqlNode(query(''), ORDERS);
    rows(inner);
    expect(inner.records()).toEqual([
      { id: 1, amt: 10, site: 'x', window_start: iso('00:00') },
      { id: 1, amt: 10, site: 'y', window_start: iso('00:00') },
    ]);
    await inner.close();
    const full = await sqlNode(query('FULL'), ORDERS);
    rows(full);
    expect(new Set(full.records().map((r) => JSON.stringify(r)))).toEqual(
      new Set(
        [
          { id: 1, amt: 10, site: 'x', window_start: iso('00:00') },
          { id: 1, amt: 10, site: 'y', window_start: iso('00:00') },
          { id: 2, amt: 20, site: null, window_start: iso('00:00') },
          { id: 3, amt: null, site: 'q', window_start: null },
          { id: 2, amt: null, site: 'z', window_start: null },
        ].map((r) => JSON.stringify(r)),
      ),
    );
    expect(full.records()).toHaveLength(5);
    await full.close();
  });
});
