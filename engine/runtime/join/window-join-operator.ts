/**
 * Tumbling window join (Flink's `DataStream.join(other).where(..).equalTo(..)
 * .window(TumblingEventTimeWindows.of(size))`): every left/right pair with equal keys in the
 * same window is joined when the window fires (watermark reaches `end - 1`), with
 * `window_start` and `window_end` added; the result's timestamp is `end - 1`. A record whose
 * window has already fired goes to `late`.
 */
import type { KeySelector } from '../key-selector.ts';
import type { Operator } from '../operator.ts';
import type { OperatorContext } from '../operator-context.ts';
import type { DataRecord } from '../record.ts';
import { windowStart } from '../window/assigners.ts';
import { joinFunction, joinRows } from './join-row.ts';
import { EventTimeTrigger } from '../window/event-time-trigger.ts';

interface Sides {
  left: DataRecord[];
  right: DataRecord[];
}

/** Tumbling windows of `size` ms, starts shifted by `offset` ms from the epoch. */
export interface WindowJoinOptions {
  size: number;
  offset: number;
}

export function windowJoinOperator(ctx: OperatorContext<WindowJoinOptions>, left: KeySelector, right: KeySelector): Operator {
  const { size, offset } = ctx.config;
  const state = ctx.state;
  const windows = state.map<Sides>('windows');
  // Window joins have no allowed lateness: a window fires and is purged at `end - 1`.
  const trigger = new EventTimeTrigger(ctx.timers, 0);
  const join = joinFunction(ctx);
  const out = ctx.output('out');
  const m = ctx.metrics;

  return {
    processElement(row, ts, port) {
      const isLeft = port === 'left';
      const key = (isLeft ? left : right).key(row);
      const start = windowStart(ts, offset, size);
      const watermark = ctx.currentWatermark();
      if (trigger.isLate(start + size - 1, watermark)) {
        ctx.late(row, ts);
        return;
      }
      state.setCurrentKey(key);
      let sides = windows.get(start);
      if (!sides) {
        sides = { left: [], right: [] };
        windows.set(start, sides);
        trigger.register(start + size - 1, key, start, watermark);
      }
      (isLeft ? sides.left : sides.right).push(row);
      m.accepted++;
    },
    processWatermark(watermark) {
      ctx.timers.advance(watermark, (ts, key, ns) => {
        state.setCurrentKey(key);
        const start = ns as number;
        const sides = windows.get(start);
        if (!sides || !trigger.onTimer(ts, start + size - 1).fire) return;
        windows.delete(start);
        const bounds = { window_start: new Date(start).toISOString(), window_end: new Date(start + size).toISOString() };
        for (const l of sides.left)
          for (const r of sides.right) {
            const row = joinRows(ctx, join, l, r, ts);
            if (row) out.emit({ ...row, ...bounds }, ts);
          }
      });
    },
  };
}
