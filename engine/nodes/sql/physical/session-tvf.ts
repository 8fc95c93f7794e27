/**
 * A SESSION window table function on its own, Flink's `UnalignedWindowTableFunctionOperator`:
 * rows are kept per PARTITION BY key in sessions `[first, last + gap)`, merged when a row
 * bridges or touches two (`TimeWindow.intersects`), and emitted in arrival order with the
 * session's `window_start`, `window_end` and `window_time` when the watermark reaches its end - 1.
 * A row whose (merged) session has already ended is late (`EventTimeTrigger` with no allowed
 * lateness). State per key: `t<id>` = the open sessions and an arrival counter; timers per
 * (key, session start).
 */
import { EventTimeTrigger } from '../../../runtime/window/event-time-trigger.ts';
import { compileExpression, SqlRuntimeError, type SqlRow, type SqlType, type SqlValue, type WindowTableFunctionNode } from '../../../sql/index.ts';
import { keyOf } from './keys.ts';
import type { Emit, OpEnv, TimedPhysicalOp } from './op.ts';

interface Session {
  start: number;
  end: number;
  /** `[arrival seq, row, timestamp]` in arrival order. */
  rows: [number, SqlRow, number][];
}

interface Sessions {
  seq: number;
  open: Session[];
}

export function sessionTvfOp(node: WindowTableFunctionNode, env: OpEnv, delay: number, emit: Emit): TimedPhysicalOp {
  const gap = node.window.gapMs as number;
  const timeIndex = node.window.timeAttribute.index;
  const keys = node.partitionKeys.map(compileExpression);
  const keyTypes: SqlType[] = node.partitionKeys.map((k) => k.type);
  const state = env.state;
  const store = state.value<Sessions>(`t${node.id}`);
  const trigger = new EventTimeTrigger(env.timers(), 0);
  const fields = node.input.fields;
  let watermark = Number.NEGATIVE_INFINITY;

  const fire = (s: Session): void => {
    for (const [, row, ts] of s.rows) {
      const out: SqlValue[] = row.slice();
      out.push(s.start, s.end, s.end - 1);
      emit(out, ts);
    }
  };

  return {
    delay,
    advanceWatermark(w) {
      watermark = w;
    },
    process(row, timestamp) {
      let key: string;
      try {
        key = keyOf(keys.map((k) => k(row)), keyTypes);
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        env.fate.fail(e, row, fields, timestamp);
        return;
      }
      const time = row[timeIndex] as number;
      state.setCurrentKey(key);
      const current = store.get() ?? { seq: 0, open: [] };
      let start = time;
      let end = time + gap;
      const merged: Session[] = [];
      const rest: Session[] = [];
      for (const s of current.open) {
        if (s.start <= end && s.end >= start) {
          merged.push(s);
          start = Math.min(start, s.start);
          end = Math.max(end, s.end);
        } else rest.push(s);
      }
      if (trigger.isLate(end - 1, watermark)) {
        env.fate.late(row, fields, timestamp);
        return;
      }
      const rows: [number, SqlRow, number][] = [];
      for (const s of merged) {
        trigger.unregister(s.end - 1, key, s.start);
        rows.push(...s.rows);
      }
      rows.sort((a, b) => a[0] - b[0]);
      rows.push([current.seq, row, timestamp]);
      rest.push({ start, end, rows });
      store.set({ seq: current.seq + 1, open: rest });
      trigger.register(end - 1, key, start, watermark);
      env.fate.accept();
    },
    onTimer(ts, key, ns) {
      state.setCurrentKey(key);
      const current = store.get();
      const s = current?.open.find((x) => x.start === ns);
      if (!current || !s || !trigger.onTimer(ts, s.end - 1).fire) return;
      const left = current.open.filter((x) => x !== s);
      if (left.length > 0) store.set({ seq: current.seq, open: left });
      else store.clear();
      fire(s);
    },
  };
}
