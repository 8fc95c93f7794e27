/**
 * A window aggregation over SESSION windows (Flink's `WindowAggOperator` with an unslicing
 * processor and a merging window set), keyed by the GROUP BY columns (which include the
 * PARTITION BY columns): a row opens `[time, time + gap)`, sessions of the key that intersect it
 * (touching counts, `TimeWindow.intersects`) merge with their accumulators, and a row whose
 * merged session already ended (end - 1 ≤ watermark) is late. A session fires when the watermark
 * reaches end - 1; its row is `[...group keys, ...aggregates, window_start, window_end,
 * window_time]`, filtered by HAVING and projected, with timestamp end - 1.
 * State: `s<id>` per group key, the open sessions; timers per (key, session start).
 */
import { EventTimeTrigger } from '../../../runtime/window/event-time-trigger.ts';
import { compileExpression, compilePredicate, SqlRuntimeError, type SqlColumn, type SqlRow, type SqlType, type SqlValue, type WindowAggregateNode } from '../../../sql/index.ts';
import { aggCalls } from './agg-calls.ts';
import { keyOf } from './keys.ts';
import type { Emit, OpEnv, TimedPhysicalOp } from './op.ts';
import { WINDOW_COLUMNS } from './windows.ts';

interface Session {
  start: number;
  end: number;
  k: SqlValue[];
  a: unknown[];
}

export function sessionAggregateOp(node: WindowAggregateNode, env: OpEnv, delay: number, emit: Emit): TimedPhysicalOp {
  const gap = node.window.gapMs as number;
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
  const store = state.value<Session[]>(`s${node.id}`);
  const trigger = new EventTimeTrigger(env.timers(), 0);
  const fields = node.input.fields;
  const fate = env.fate;
  let watermark = Number.NEGATIVE_INFINITY;

  const fire = (s: Session): void => {
    const row: SqlValue[] = new Array<SqlValue>(nk + na + 3);
    for (let i = 0; i < nk; i++) row[i] = s.k[i] ?? null;
    aggs.results(s.a, row, nk);
    row[nk + na] = s.start;
    row[nk + na + 1] = s.end;
    row[nk + na + 2] = s.end - 1;
    let out: SqlValue[];
    try {
      if (having !== undefined && !having(row)) return;
      out = projection.map((p) => p(row));
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      fate.fail(e, row, aggFields, s.end - 1);
      return;
    }
    emit(out, s.end - 1);
  };

  return {
    delay,
    advanceWatermark(w) {
      watermark = w;
    },
    process(row: SqlRow, timestamp) {
      let key: string;
      let keyValues: SqlValue[];
      try {
        if (filter !== undefined && !filter(row)) return;
        keyValues = keys.map((k) => k(row));
        key = keyOf(keyValues, keyTypes);
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        fate.fail(e, row, fields, timestamp);
        return;
      }
      const time = row[timeIndex] as number;
      state.setCurrentKey(key);
      const open = store.get() ?? [];
      let start = time;
      let end = time + gap;
      const overlapping: Session[] = [];
      const rest: Session[] = [];
      for (const s of open) {
        if (s.start <= end && s.end >= start) {
          overlapping.push(s);
          start = Math.min(start, s.start);
          end = Math.max(end, s.end);
        } else rest.push(s);
      }
      if (trigger.isLate(end - 1, watermark)) {
        fate.late(row, fields, timestamp);
        return;
      }
      // Earlier sessions first, then the row: arrival order for in-order input.
      overlapping.sort((a, b) => a.start - b.start);
      let accs = overlapping.length === 0 ? aggs.create() : (overlapping[0] as Session).a;
      for (let i = 1; i < overlapping.length; i++) accs = aggs.merge(accs, (overlapping[i] as Session).a);
      try {
        // Fails (if at all) in its arguments, before any accumulator changes (`agg-calls.ts`).
        aggs.add(accs, row);
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        fate.fail(e, row, fields, timestamp);
        return;
      }
      for (const s of overlapping) trigger.unregister(s.end - 1, key, s.start);
      rest.push({ start, end, k: keyValues, a: accs });
      store.set(rest);
      trigger.register(end - 1, key, start, watermark);
      fate.accept();
    },
    onTimer(ts, key, ns) {
      state.setCurrentKey(key);
      const open = store.get();
      const s = open?.find((x) => x.start === ns);
      if (!open || !s || !trigger.onTimer(ts, s.end - 1).fire) return;
      const left = open.filter((x) => x !== s);
      if (left.length > 0) store.set(left);
      else store.clear();
      fire(s);
    },
  };
}
