// Aggregate accumulators with Flink's semantics: NULLs skipped, SUM/AVG/MIN/MAX NULL over no
// value, COUNT(col) skipping NULLs, AVG of INT truncated, SUM of INT wrapping, LISTAGG joined in
// arrival order, session-window merges. Expected values are computed by hand.
import { describe, expect, it } from 'vitest';
import { compileAggregate } from '../../engine/sql/expr/aggregates.ts';
import { compileSql } from '../../engine/sql/index.ts';
import { decodeValue, encodeValue, type JsonValue } from '../../engine/sql/types/json-codec.ts';
import type { WindowAggregateNode } from '../../engine/sql/plan/logical-plan.ts';

/** The aggregate `expr` over column x (of `type`) fed the JSON values `xs`, as JSON. */
function aggregate(expr: string, type: string, xs: JsonValue[], split?: number): JsonValue {
  const r = compileSql(`SELECT ${expr} AS v FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(rowtime), INTERVAL '1' HOUR)) GROUP BY window_start, window_end`, {
    t: { columns: [{ name: 'x', type }] },
  });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  const node = r.plan.root as WindowAggregateNode;
  const agg = node.aggregates[0]!;
  const f = compileAggregate(agg);
  const xType = node.input.fields[0]!.type;
  const rows = xs.map((x) => [decodeValue(xType, x), 0]);
  let acc: unknown;
  if (split === undefined) {
    acc = f.create();
    for (const row of rows) acc = f.add(acc, row);
  } else {
    let a = f.create();
    let b = f.create();
    rows.slice(0, split).forEach((row) => (a = f.add(a, row)));
    rows.slice(split).forEach((row) => (b = f.add(b, row)));
    acc = f.merge(a, b);
  }
  return encodeValue(agg.type, f.result(acc));
}

describe('aggregate semantics', () => {
  it('COUNT counts rows, non-NULL values, distinct values', () => {
    expect(aggregate('COUNT(*)', 'INT', [1, null, 1])).toBe(3);
    expect(aggregate('COUNT(x)', 'INT', [1, null, 1])).toBe(2);
    expect(aggregate('COUNT(DISTINCT x)', 'STRING', ['a', null, 'a', 'b'])).toBe(2);
    expect(aggregate('COUNT(x)', 'INT', [])).toBe(0);
  });
  it('SUM skips NULLs, is NULL over none, wraps INT', () => {
    expect(aggregate('SUM(x)', 'INT', [1, null, 2])).toBe(3);
    expect(aggregate('SUM(x)', 'INT', [null, null])).toBe(null);
    expect(aggregate('SUM(x)', 'INT', [2147483647, 1])).toBe(-2147483648);
    expect(aggregate('SUM(x)', 'DECIMAL(10, 2)', ['1.25', '2.50'])).toBe('3.75');
    expect(aggregate('SUM(DISTINCT x)', 'INT', [2, 2, 3])).toBe(5);
  });
  it('AVG truncates for integers and keeps the DECIMAL result scale', () => {
    expect(aggregate('AVG(x)', 'INT', [1, 2])).toBe(1);
    expect(aggregate('AVG(x)', 'INT', [-1, -2])).toBe(-1);
    expect(aggregate('AVG(x)', 'INT', [2147483647, 2147483647])).toBe(2147483647); // summed as BIGINT
    expect(aggregate('AVG(x)', 'DOUBLE', [1, 2])).toBe(1.5);
    expect(aggregate('AVG(x)', 'DECIMAL(10, 2)', ['1.00', '2.00', '2.00'])).toBe('1.666667'); // DECIMAL(38, 6), HALF_UP
    expect(aggregate('AVG(x)', 'INT', [null])).toBe(null);
  });
  it('MIN, MAX, FIRST_VALUE, LAST_VALUE ignore NULLs', () => {
    expect(aggregate('MIN(x)', 'STRING', ['b', null, 'B', 'c'])).toBe('B');
    expect(aggregate('MAX(x)', 'INT', [3, null, 7, -1])).toBe(7);
    expect(aggregate('MAX(x)', 'INT', [null])).toBe(null);
    expect(aggregate('FIRST_VALUE(x)', 'INT', [null, 4, 5])).toBe(4);
    expect(aggregate('LAST_VALUE(x)', 'INT', [4, 5, null])).toBe(5);
  });
  it('LISTAGG joins in arrival order', () => {
    expect(aggregate("LISTAGG(x, '|')", 'STRING', ['a', null, 'b'])).toBe('a|b');
    expect(aggregate('LISTAGG(x)', 'STRING', ['a', 'b'])).toBe('a,b');
    expect(aggregate('LISTAGG(x)', 'STRING', [null])).toBe(null);
  });
  it('merges accumulators as if the rows had been added to one', () => {
    expect(aggregate('COUNT(DISTINCT x)', 'INT', [1, 2, 2, 3], 2)).toBe(3);
    expect(aggregate('AVG(x)', 'INT', [1, 2, 3, 4], 1)).toBe(2);
    expect(aggregate('SUM(x)', 'INT', [null, 5], 1)).toBe(5);
    expect(aggregate('MIN(x)', 'INT', [3, 1], 1)).toBe(1);
    expect(aggregate('FIRST_VALUE(x)', 'INT', [null, 7, 8], 1)).toBe(7);
    expect(aggregate('LISTAGG(x)', 'STRING', ['a', 'b', 'c'], 2)).toBe('a,b,c');
  });
});
