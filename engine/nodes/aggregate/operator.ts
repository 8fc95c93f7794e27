/**
 * The `aggregate` node's operator, as Flink's `GroupAggFunction` (mini-batch off, update-before
 * on): per group, in keyed state, the group's key values, a row counter, the accumulators and
 * the result last emitted. A row adds (`+I`, `+U`) or retracts (`-U`, `-D`); then the group
 * emits `+I` (first result), `-U` old + `+U` new (changed result), nothing (same result), or
 * `-D` of the old result when its counter reaches zero (state cleared). A retraction for a group
 * with no state is dropped (counted as filtered), as Flink drops it.
 */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { fieldKeySelector, GLOBAL_KEY } from '../../runtime/key-selector.ts';
import { isAccumulate, rowKind, withKind } from '../../runtime/changelog/row-kind.ts';
import { retractableAggregate } from '../../runtime/changelog/retract-aggregates.ts';
import type { DataRecord } from '../../runtime/record.ts';
import type { AggregateConfig } from './spec.ts';

/** One group's state. */
interface GroupState {
  /** The `groupBy` values. */
  k: unknown[];
  /** Rows accumulated minus rows retracted (Flink's record counter). */
  n: number;
  accs: unknown[];
  /** The aggregates' values last emitted, or null before the first. */
  prev: unknown[] | null;
}

const same = (a: unknown, b: unknown): boolean => a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));

export const aggregateOperator: OperatorFactory<AggregateConfig> = {
  kind: 'operator',
  create(ctx) {
    const { groupBy, aggregates } = ctx.config;
    const fns = aggregates.map(retractableAggregate);
    const names = aggregates.map((a) => a.name);
    const selector = groupBy.length > 0 ? fieldKeySelector(groupBy) : GLOBAL_KEY;
    const state = ctx.state.value<GroupState>('group');
    const out = ctx.output('out');
    const m = ctx.metrics;
    const resultRow = (g: GroupState, values: readonly unknown[]): DataRecord => {
      const row: DataRecord = {};
      for (let i = 0; i < groupBy.length; i++) row[groupBy[i] as string] = g.k[i];
      for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i];
      return row;
    };
    return {
      processElement(row, ts) {
        const add = isAccumulate(rowKind(row));
        ctx.state.setCurrentKey(selector.key(row));
        let g = state.get();
        if (g === undefined) {
          if (!add) {
            m.filtered++;
            return;
          }
          g = { k: groupBy.map((f) => row[f] ?? null), n: 0, accs: fns.map((f) => f.create()), prev: null };
        }
        m.accepted++;
        for (let i = 0; i < fns.length; i++) {
          const f = fns[i] as (typeof fns)[number];
          g.accs[i] = add ? f.accumulate(g.accs[i], row) : f.retract(g.accs[i], row);
        }
        g.n += add ? 1 : -1;
        if (g.n <= 0) {
          if (g.prev !== null) out.emit(withKind(resultRow(g, g.prev), '-D'), ts);
          state.clear();
          return;
        }
        const values = new Array<unknown>(fns.length);
        let changed = g.prev === null;
        for (let i = 0; i < fns.length; i++) {
          values[i] = (fns[i] as (typeof fns)[number]).result(g.accs[i]);
          if (!changed && !same(values[i], (g.prev as unknown[])[i])) changed = true;
        }
        const prev = g.prev;
        if (prev === null) out.emit(resultRow(g, values), ts);
        else if (changed) {
          out.emit(withKind(resultRow(g, prev), '-U'), ts);
          out.emit(withKind(resultRow(g, values), '+U'), ts);
        }
        g.prev = values;
        state.set(g);
      },
      stateShape: () => `aggregate by ${groupBy.join(',')}: ${aggregates.map((a) => `${a.name}=${a.fn}(${a.field ?? ''})`).join(',')}`,
    };
  },
};
