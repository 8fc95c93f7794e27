/**
 * The sql node's stateless queries (Calc), with expected rows worked out by hand from Flink's
 * rules: projections and WHERE with built-in functions, integer division truncating, binary
 * (code point) string comparison, NULL in conditions, a failing CAST going to `errors` with its
 * reason while TRY_CAST gives NULL, a value that does not fit its declared column going to
 * `errors`, and output values in their JSON form (ISO-8601 timestamps, DECIMAL as text).
 */
import { describe, expect, it } from 'vitest';
import { feed, iso, sqlNode } from '../../../test/sql/sql-harness.ts';

const T = { t: { name: 'STRING', v: 'INT', price: 'DECIMAL(6, 2)' } };
const ROWS = [
  ['00:01', { name: 'apple', v: 7, price: '1.50' }],
  ['00:02', { name: 'Banana', v: -3, price: 2 }],
  ['00:03', { name: null, v: 10, price: null }],
] as const;

describe('sql node: projections and WHERE', () => {
  it('projects with scalar functions and filters with WHERE (NULL is not true)', async () => {
    const h = await sqlNode("SELECT UPPER(name) AS up, v * 2 + 1 AS w, CASE WHEN v > 0 THEN 'pos' ELSE 'neg' END AS sign, CHAR_LENGTH(name) AS len FROM t WHERE name <> 'apple'", T);
    feed(h, 't', ROWS);
    h.endInput();
    // apple is filtered; NULL <> 'apple' is NULL, so the third row is filtered too.
    expect(h.records()).toEqual([{ up: 'BANANA', w: -5, sign: 'neg', len: 6 }]);
    expect(h.metrics()).toMatchObject({ in: 3, accepted: 1, filtered: 2, late: 0, errors: 0, balanced: true });
    await h.close();
  });

  it('divides integers truncating toward zero and compares strings by code point', async () => {
    const h = await sqlNode("SELECT v / 2 AS half, v % 4 AS rem, name < 'a' AS upper_first FROM t", T);
    feed(h, 't', ROWS);
    h.endInput();
    // 7/2 = 3, -3/2 = -1 (not -2), 10/2 = 5; 'B' (66) < 'a' (97), 'a' is not; NULL compares NULL.
    expect(h.records()).toEqual([
      { half: 3, rem: 3, upper_first: false },
      { half: -1, rem: -3, upper_first: true },
      { half: 5, rem: 2, upper_first: null },
    ]);
    await h.close();
  });

  it('writes timestamps as ISO-8601 UTC with milliseconds, DECIMAL as text and BIGINT as a number', async () => {
    const h = await sqlNode('SELECT rowtime, price * 2 AS twice, CAST(v AS BIGINT) * 1000000 AS big, price FROM t WHERE v > 0', T);
    feed(h, 't', ROWS);
    h.endInput();
    // DECIMAL(6,2) * INT literal 2 → DECIMAL(17, 2): 1.50 * 2 = 3.00.
    expect(h.records()).toEqual([
      { rowtime: iso('00:01'), twice: '3.00', big: 7_000_000, price: '1.50' },
      { rowtime: iso('00:03'), twice: null, big: 10_000_000, price: null },
    ]);
    await h.close();
  });

  it('sends a row whose CAST fails to errors with the reason, while TRY_CAST gives NULL', async () => {
    const tables = { t: { s: 'STRING' } };
    const rows = [
      ['00:01', { s: '12' }],
      ['00:02', { s: 'abc' }],
    ] as const;
    const h = await sqlNode('SELECT CAST(s AS INT) AS i FROM t', tables);
    feed(h, 't', rows);
    h.endInput();
    expect(h.records()).toEqual([{ i: 12 }]);
    const errors = h.records('errors');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ node: 'op', record: { s: 'abc' } });
    expect(String(errors[0]?.reason)).toMatch(/abc/);
    expect(h.metrics()).toMatchObject({ in: 2, accepted: 1, errors: 1, balanced: true });
    await h.close();

    const t = await sqlNode('SELECT TRY_CAST(s AS INT) AS i FROM t', tables);
    feed(t, 't', rows);
    t.endInput();
    expect(t.records()).toEqual([{ i: 12 }, { i: null }]);
    expect(t.records('errors')).toEqual([]);
    await t.close();
  });

  it('sends a record whose value does not fit its declared column to errors, naming the column', async () => {
    const h = await sqlNode('SELECT v FROM t', T);
    feed(h, 't', [
      ['00:01', { name: 'x', v: 'seven', price: 1 }],
      ['00:02', { name: 'y', v: 2, price: 1 }],
    ]);
    h.endInput();
    expect(h.records()).toEqual([{ v: 2 }]);
    expect(h.records('errors').map((e) => e.reason)).toEqual(["input t: column v: Cannot read 'seven' as INT."]);
    expect(h.metrics()).toMatchObject({ in: 2, accepted: 1, errors: 1, balanced: true });
    await h.close();
  });

  it('reads UNION ALL of two tables, each row once', async () => {
    const h = await sqlNode("SELECT name, 'a' AS src FROM a UNION ALL SELECT name, 'b' AS src FROM b WHERE n > 1", { a: { name: 'STRING' }, b: { name: 'STRING', n: 'INT' } });
    feed(h, 'a', [['00:01', { name: 'x' }]]);
    feed(h, 'b', [
      ['00:02', { name: 'y', n: 1 }],
      ['00:03', { name: 'z', n: 2 }],
    ]);
    h.endInput();
    expect(h.records()).toEqual([
      { name: 'x', src: 'a' },
      { name: 'z', src: 'b' },
    ]);
    expect(h.metrics()).toMatchObject({ in: 3, accepted: 2, filtered: 1, balanced: true });
    await h.close();
  });
});
