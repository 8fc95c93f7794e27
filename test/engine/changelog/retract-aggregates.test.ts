/**
 * The retractable aggregates against hand-computed values: every `retract` undoes its
 * `accumulate` (min/max find the next extreme, countDistinct counts values still held,
 * first/last drop a retracted value's earliest occurrence), and nulls are ignored.
 */
import { describe, expect, it } from 'vitest';
import { retractableAggregate } from '../../../engine/runtime/changelog/retract-aggregates.ts';
import type { AggregateSpec } from '../../../engine/pipeline/config-schemas.ts';

/** Applies `+v`/`-v` steps; @returns the result after each step. */
function steps(spec: AggregateSpec, ops: readonly [('+' | '-'), unknown][]): unknown[] {
  const f = retractableAggregate(spec);
  let acc = f.create();
  return ops.map(([op, v]) => {
    const row = { x: v };
    acc = op === '+' ? f.accumulate(acc, row) : f.retract(acc, row);
    return f.result(acc);
  });
}

describe('retractable aggregates', () => {
  it('min and max find the next extreme when the current one is retracted, also with duplicates', () => {
    const ops: [('+' | '-'), unknown][] = [['+', 5], ['+', 3], ['+', 3], ['+', 9], ['-', 3], ['-', 3], ['-', 9], ['+', null], ['-', 5]];
    expect(steps({ name: 'm', fn: 'min', field: 'x' }, ops)).toEqual([5, 3, 3, 3, 3, 5, 5, 5, null]);
    expect(steps({ name: 'm', fn: 'max', field: 'x' }, ops)).toEqual([5, 5, 5, 9, 9, 9, 5, 5, null]);
    expect(steps({ name: 'm', fn: 'min', field: 'x' }, [['+', 'b'], ['+', 'a'], ['-', 'a']])).toEqual(['b', 'a', 'b']);
  });

  it('count, sum and avg undo their values; of no value they are 0 and null', () => {
    const ops: [('+' | '-'), unknown][] = [['+', 2], ['+', null], ['+', 4], ['-', 2], ['-', 4]];
    expect(steps({ name: 'n', fn: 'count' }, ops)).toEqual([1, 2, 3, 2, 1]);
    expect(steps({ name: 'n', fn: 'count', field: 'x' }, ops)).toEqual([1, 1, 2, 1, 0]);
    expect(steps({ name: 's', fn: 'sum', field: 'x' }, ops)).toEqual([2, 2, 6, 4, null]);
    expect(steps({ name: 'a', fn: 'avg', field: 'x' }, ops)).toEqual([2, 2, 3, 4, null]);
  });

  it('countDistinct counts values still held; first and last drop the earliest occurrence', () => {
    const ops: [('+' | '-'), unknown][] = [['+', 'a'], ['+', 'b'], ['+', 'a'], ['-', 'a'], ['-', 'a'], ['+', 5], ['+', '5']];
    expect(steps({ name: 'd', fn: 'countDistinct', field: 'x' }, ops)).toEqual([1, 2, 2, 2, 1, 2, 3]);
    expect(steps({ name: 'f', fn: 'first', field: 'x' }, ops)).toEqual(['a', 'a', 'a', 'b', 'b', 'b', 'b']);
    expect(steps({ name: 'l', fn: 'last', field: 'x' }, ops)).toEqual(['a', 'b', 'a', 'a', 'b', 5, '5']);
  });
});
