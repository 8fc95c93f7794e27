/**
 * A window aggregation over TUMBLE, HOP or CUMULATE windows (Flink's `WindowAggOperator` with a
 * slicing processor), keyed by the GROUP BY columns:
 * - the WHERE below the aggregation is applied first; a row is added to every window holding its
 *   time attribute whose end - 1 is still after the operator's watermark, and is late when there
 *   is none (Flink drops a row once the last window of its slice has fired; windows already
 *   fired do not see it — the same windows);
 * - a window fires when the watermark reaches end - 1 (`EventTimeTrigger`, allowed lateness 0,
 *   as in Flink SQL) and is then dropped; its row is
 *   `[...group keys, ...aggregates, window_start, window_end, window_time]`, filtered by HAVING
 *   and projected, with timestamp end - 1. Only windows that received a row fire (Flink's
 *   empty-window check for shared slices).
 * State: `w<id>` per group key, window end → `{ k: key values, a: accumulators }`; timers per
 * (key, window end).
 */
import { EventTimeTrigger } from '../../../runtime/window/event-time-trigger.ts';
import { windowStart } from '../../../runtime/window/assigners.ts';
import { compileExpression, compilePredicate, SqlRuntimeError, type SqlColumn, type SqlRow, type SqlType, type SqlValue, type WindowAggregateNode } from '../../../sql/index.ts';
import { aggCalls } from './agg-calls.ts';
import { keyOf } from './keys.ts';
import type { Emit, OpEnv, TimedPhysicalOp } from './op.ts';
import { alignedAssigner, WINDOW_COLUMNS } from './windows.ts';

interface WindowAcc {
  /** Group key values. */
  k: SqlValue[];
  /** One accumulator per aggregate call. */
  a: unknown[];
}

export function windowAggregateOp(node: WindowAggregateNode, env: OpEnv, delay: number, emit: Emit): TimedPhysicalOp {
  const assign = alignedAssigner(node.window);
  const size = node.window.sizeMs as number;
  const timeIndex = node.window.timeAttribute.index;
  const filter = node.filter === undefined ? undefined : compilePredicate(node.filter);
  const keys = node.groupKeys.map((g) => compileExpression(g.expr));
  const keyTypes: SqlType[] = node.groupKeys.map((g) => g.expr.type);
  const nk = keys.length;
  const aggs = aggCalls(node.aggregates);
  const na = node.aggregates.length;
  const having = node.having === undefined ? undefined : compilePredicate(node.having);
  const projection = node.projection.map(compileExpression);
  const aggFields: SqlColumn[] = [
    ...node.groupKeys.map((g) => ({ name: g.name, type: g.expr.type })),
    ...node.aggregates.map((a) => ({ name: a.name, type: a.type })),
    ...WINDOW_COLUMNS,
  ];
  const state = env.state;
  const windows = state.map<WindowAcc>(`w${node.id}`);
  const trigger = new EventTimeTrigger(env.timers(), 0);
  const fields = node.input.fields;
  const fate = env.fate;
  const starts: number[] = [];
  const ends: number[] = [];
  const keyValues: SqlValue[] = new Array<SqlValue>(nk).fill(null);
  let watermark = Number.NEGATIVE_INFINITY;

  const offset = node.window.offsetMs ?? 0;
  const startOf = (end: number): number => (node.window.kind === 'CUMULATE' ? windowStart(end - 1, offset, size) : end - size);
  const fire = (w: WindowAcc, end: number): void => {
    const start = startOf(end);
    const row: SqlValue[] = new Array<SqlValue>(nk + na + 3);
    for (let i = 0; i < nk; i++) row[i] = w.k[i] ?? null;
    aggs.results(w.a, row, nk);
    row[nk + na] = start;
    row[nk + na + 1] = end;
    row[nk + na + 2] = end - 1;
    let out: SqlValue[];
    try {
      if (having !== undefined && !having(row)) return;
      out = projection.map((p) => p(row));
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      fate.fail(e, row, aggFields, end - 1);
      return;
    }
    emit(out, end - 1);
  };

  return {
    delay,
    advanceWatermark(w) {
      watermark = w;
    },
    process(row: SqlRow, timestamp) {
      let key: string;
      try {
        if (filter !== undefined && !filter(row)) return;
        for (let i = 0; i < nk; i++) keyValues[i] = (keys[i] as (r: SqlRow) => SqlValue)(row);
        key = keyOf(keyValues, keyTypes);
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        fate.fail(e, row, fields, timestamp);
        return;
      }
      const n = assign(row[timeIndex] as number, starts, ends);
      state.setCurrentKey(key);
      let taken = false;
      for (let i = 0; i < n; i++) {
        const end = ends[i] as number;
        if (trigger.isLate(end - 1, watermark)) continue;
        let w = windows.get(end);
        const fresh = w === undefined;
        if (w === undefined) w = { k: keyValues.slice(), a: aggs.create() };
        try {
          aggs.add(w.a, row);
        } catch (e) {
          if (!(e instanceof SqlRuntimeError)) throw e;
          fate.fail(e, row, fields, timestamp);
          return;
        }
        if (fresh) {
          windows.set(end, w);
          trigger.register(end - 1, key, end, watermark);
        }
        taken = true;
      }
      if (taken) fate.accept();
      else fate.late(row, fields, timestamp);
    },
    onTimer(ts, key, ns) {
      state.setCurrentKey(key);
      const end = ns as number;
      const w = windows.get(end);
      if (w === undefined) return;
      const action = trigger.onTimer(ts, end - 1);
      if (action.purge) windows.delete(end);
      if (action.fire) fire(w, end);
    },
  };
}
