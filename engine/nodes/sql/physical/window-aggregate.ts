/**
 * A window aggregation over TUMBLE, HOP or CUMULATE windows, as Flink 1.20 runs it: the slicing
 * `WindowAggOperator` keyed by the GROUP BY columns, with Flink's two-phase (local/global)
 * aggregation where that changes results.
 *
 * - Slices: a row goes to the slice of its time attribute — the window for TUMBLE, `slide`
 *   for HOP, `step` for CUMULATE (`SliceAssigners`). A row whose slice has fired (end - 1 ≤ the
 *   operator's watermark) is late when the last window holding that slice has fired too, else it
 *   goes to the unfired windows (HOP: its own slice; CUMULATE: the window's shared first slice).
 * - Firing (timer at window end - 1, `EventTimeTrigger`, allowed lateness 0): TUMBLE emits its
 *   slice; HOP merges its slices from the last to the first into a fresh accumulator and, if the
 *   window is not empty, schedules the next window (end + slide); CUMULATE merges the current
 *   slice into the first slice and schedules the next step up to the maximum size. Expired slices
 *   are dropped (`expiredSlices`). Result row: `[...group keys, ...aggregates, window_start,
 *   window_end, window_time]`, filtered by HAVING and projected, timestamp end - 1.
 * - Two phases: Flink pre-aggregates in a local buffer and merges the partial accumulators into
 *   state when the watermark crosses a slice end with a fired slice buffered, at checkpoints and
 *   when the buffer is full (`LocalSlicingWindowAggOperator`). That only changes results where
 *   addition is not associative — SUM and AVG of FLOAT/DOUBLE — so only then are partials kept
 *   (in memory, flushed at every checkpoint barrier, as Flink's). Flink skips the local phase
 *   when an aggregate cannot merge (FIRST_VALUE, LAST_VALUE).
 * State: `w<id>` per group key, slice end → `{ k: key values, a: accumulators, n: rows }`;
 * timers per (key, window end).
 */
import { EventTimeTrigger } from '../../../runtime/window/event-time-trigger.ts';
import { windowStart } from '../../../runtime/window/assigners.ts';
import { compileExpression, compilePredicate, SqlRuntimeError, type SqlColumn, type SqlRow, type SqlType, type SqlValue, type WindowAggregateNode } from '../../../sql/index.ts';
import { aggCalls } from './agg-calls.ts';
import { keyOf } from './keys.ts';
import type { Emit, OpEnv, TimedPhysicalOp } from './op.ts';
import { sliceGeometry } from './slices.ts';
import { WINDOW_COLUMNS } from './windows.ts';

interface SliceAcc {
  /** Group key values. */
  k: SqlValue[];
  /** One accumulator per aggregate call. */
  a: unknown[];
  /** Rows in it (Flink's hidden COUNT(*), for the empty-window check). */
  n: number;
}

/** Buffered partials before Flink's local buffer would be full (it is sized in memory; rows here). */
const LOCAL_BUFFER_LIMIT = 100_000;

/** Whether Flink's local/global split changes this aggregation's results (see the file header). */
function twoPhaseMatters(node: WindowAggregateNode): boolean {
  const mergeable = node.aggregates.every((a) => a.fn !== 'FIRST_VALUE' && a.fn !== 'LAST_VALUE');
  const inexact = node.aggregates.some((a) => (a.fn === 'SUM' || a.fn === 'AVG') && (a.args[0]?.type.kind === 'DOUBLE' || a.args[0]?.type.kind === 'FLOAT'));
  return mergeable && inexact;
}

export function windowAggregateOp(node: WindowAggregateNode, env: OpEnv, delay: number, emit: Emit): TimedPhysicalOp {
  const g = sliceGeometry(node.window);
  const timeIndex = node.window.timeAttribute.index;
  const filter = node.filter === undefined ? undefined : compilePredicate(node.filter);
  const keys = node.groupKeys.map((gk) => compileExpression(gk.expr));
  const keyTypes: SqlType[] = node.groupKeys.map((gk) => gk.expr.type);
  const nk = keys.length;
  const aggs = aggCalls(node.aggregates);
  const na = node.aggregates.length;
  const having = node.having === undefined ? undefined : compilePredicate(node.having);
  const projection = node.projection.map(compileExpression);
  const aggFields: SqlColumn[] = [...node.groupKeys.map((gk) => ({ name: gk.name, type: gk.expr.type })), ...node.aggregates.map((a) => ({ name: a.name, type: a.type })), ...WINDOW_COLUMNS];
  const state = env.state;
  const slices = state.map<SliceAcc>(`w${node.id}`);
  const timers = env.timers();
  const trigger = new EventTimeTrigger(timers, 0);
  const fields = node.input.fields;
  const fate = env.fate;
  const keyValues: SqlValue[] = new Array<SqlValue>(nk).fill(null);
  const twoPhase = twoPhaseMatters(node);
  /** The local buffer: per state key, slice end → partial (arrival order). */
  const local = new Map<string, Map<number, SliceAcc>>();
  /**
   * The buffered partials in order of their first row, so a flush registers window timers (and so
   * emits a window's rows) in the order each key first reached each slice — the same whatever
   * moments the buffer was flushed at (watermarks come on processing time; checkpoints too).
   */
  let arrivals: { key: string; sliceEnd: number; partial: SliceAcc }[] = [];
  let buffered = 0;
  let minSliceEnd = Number.POSITIVE_INFINITY;
  // Flink's LocalSlicingWindowAggOperator starts both at 0 (Java longs).
  let localWatermark = 0;
  let nextTrigger = 0;
  let watermark = Number.NEGATIVE_INFINITY;
  const fired = (end: number): boolean => end - 1 <= watermark;

  const merged = (a: SliceAcc, b: SliceAcc): SliceAcc => ({ k: a.k, a: aggs.merge(a.a, b.a), n: a.n + b.n });

  /** Where a row (or partial) of slice `sliceEnd` goes now, with its window timer; `undefined` when late. */
  const place = (sliceEnd: number): { target: number; timer: number } | undefined => {
    if (!fired(sliceEnd)) return { target: sliceEnd, timer: sliceEnd };
    if (fired(g.lastWindowEnd(sliceEnd))) return undefined;
    let unfired = sliceEnd;
    while (fired(unfired)) unfired += g.interval;
    return { target: g.mergeTarget(sliceEnd), timer: unfired };
  };

  const addToState = (key: string, target: number, windowTimers: readonly number[], acc: SliceAcc): void => {
    state.setCurrentKey(key);
    const current = slices.get(target);
    slices.set(target, current === undefined ? merged({ k: acc.k, a: aggs.create(), n: 0 }, acc) : merged(current, acc));
    for (const t of windowTimers) trigger.register(t - 1, key, t, watermark);
  };

  /**
   * Flink's local buffer flush and `GlobalAggCombiner`: per key, the partials going to one slice
   * (a CUMULATE window's late rows from several slices go to its first) are merged into a fresh
   * accumulator in buffer order, then into the slice's state.
   */
  const flush = (): void => {
    if (buffered === 0) return;
    // Per key and target slice, in order of first arrival; a key's partials merged in buffer order.
    const groups = new Map<string, { key: string; target: number; acc: SliceAcc; timers: number[] }>();
    for (const { key, sliceEnd, partial } of arrivals) {
      const to = place(sliceEnd);
      if (to === undefined) continue;
      const id = `${to.target}\u0000${key}`;
      const group = groups.get(id);
      if (group === undefined) groups.set(id, { key, target: to.target, acc: merged({ k: partial.k, a: aggs.create(), n: 0 }, partial), timers: [to.timer] });
      else {
        group.acc = merged(group.acc, partial);
        group.timers.push(to.timer);
      }
    }
    for (const group of groups.values()) addToState(group.key, group.target, group.timers, group.acc);
    local.clear();
    arrivals = [];
    buffered = 0;
    minSliceEnd = Number.POSITIVE_INFINITY;
  };

  const fire = (acc: SliceAcc, windowEnd: number): void => {
    const row: SqlValue[] = new Array<SqlValue>(nk + na + 3);
    for (let i = 0; i < nk; i++) row[i] = acc.k[i] ?? null;
    aggs.results(acc.a, row, nk);
    row[nk + na] = g.windowStartOf(windowEnd);
    row[nk + na + 1] = windowEnd;
    row[nk + na + 2] = windowEnd - 1;
    let out: SqlValue[];
    try {
      if (having !== undefined && !having(row)) return;
      out = projection.map((p) => p(row));
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      fate.fail(e, row, aggFields, windowEnd - 1);
      return;
    }
    emit(out, windowEnd - 1);
  };

  return {
    delay,
    advanceWatermark(w) {
      // The local buffer flushes before the watermark moves on, so its partials are placed
      // against the previous one (as Flink's global operator sees them).
      if (twoPhase && w > localWatermark) {
        localWatermark = w;
        if (w >= nextTrigger) {
          if (minSliceEnd - 1 <= w) flush();
          nextTrigger = w === Number.POSITIVE_INFINITY ? w : windowStart(w, 0, g.interval) + g.interval - 1;
        }
      }
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
      const sliceEnd = g.sliceEnd(row[timeIndex] as number);
      const to = place(sliceEnd);
      if (to === undefined) {
        fate.late(row, fields, timestamp);
        return;
      }
      let acc: SliceAcc | undefined;
      let fresh = false;
      if (twoPhase) {
        let partials = local.get(key);
        if (partials === undefined) local.set(key, (partials = new Map()));
        acc = partials.get(sliceEnd);
        if (acc === undefined) {
          acc = { k: keyValues.slice(), a: aggs.create(), n: 0 };
          fresh = true;
        }
      } else {
        state.setCurrentKey(key);
        acc = slices.get(to.target);
        if (acc === undefined) {
          acc = { k: keyValues.slice(), a: aggs.create(), n: 0 };
          fresh = true;
        }
      }
      try {
        aggs.add(acc.a, row);
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        fate.fail(e, row, fields, timestamp);
        return;
      }
      acc.n++;
      fate.accept();
      if (twoPhase) {
        if (fresh) {
          (local.get(key) as Map<number, SliceAcc>).set(sliceEnd, acc);
          arrivals.push({ key, sliceEnd, partial: acc });
        }
        if (sliceEnd < minSliceEnd) minSliceEnd = sliceEnd;
        if (++buffered >= LOCAL_BUFFER_LIMIT) flush();
      } else {
        if (fresh) slices.set(to.target, acc);
        if (fresh || to.timer !== sliceEnd) trigger.register(to.timer - 1, key, to.timer, watermark);
      }
    },
    onTimer(ts, key, ns) {
      const windowEnd = ns as number;
      if (!trigger.onTimer(ts, windowEnd - 1).fire) return;
      state.setCurrentKey(key);
      const fired = g.fireWindow(windowEnd, (slice) => slices.get(slice), (a, b) => (a === undefined ? b : merged(a, b)));
      if (fired.store !== undefined && fired.acc !== undefined) slices.set(fired.store, fired.acc);
      for (const slice of g.expiredSlices(windowEnd)) slices.delete(slice);
      // Registered even when already due: it fires in this same watermark advance, as Flink's
      // timer service fires timers registered while it fires.
      const next = g.nextWindow(windowEnd, (fired.acc?.n ?? 0) === 0);
      if (next !== undefined) timers.register(next - 1, key, next);
      if (fired.acc !== undefined && fired.acc.n > 0) fire(fired.acc, windowEnd);
    },
    snapshot() {
      // Flink's prepareSnapshotPreBarrier: the local buffer goes to state before the snapshot.
      flush();
      return undefined;
    },
  };
}
