/**
 * Tumbling and sliding event-time windows (Flink's `WindowOperator` with
 * `TumblingEventTimeWindows` / `SlidingEventTimeWindows` and `EventTimeTrigger`).
 *
 * - A record joins every window holding its timestamp whose `end - 1 + allowedLateness` is
 *   still after the watermark (`isWindowLate`); if no window takes it, it goes to `late`.
 * - A window fires when the watermark reaches `end - 1`; the result's timestamp is `end - 1`.
 * - With allowed lateness, a record for a window that already fired fires it again at once
 *   with the updated result; state is dropped when the watermark reaches `end - 1 + lateness`.
 *   A window first created when the watermark is already past `end - 1` fires at once and
 *   gets no `end - 1` timer (Flink's `EventTimeTrigger.onElement` returns FIRE instead of
 *   registering a timer in the past), so it does not fire twice.
 * State: per key, a map from window start to accumulator; timers per (key, window start).
 */
import type { AggregateSpec } from '../../pipeline/config-schemas.ts';
import type { KeySelector } from '../key-selector.ts';
import type { Operator } from '../operator.ts';
import type { OperatorContext } from '../operator-context.ts';
import type { DataRecord } from '../record.ts';
import { slidingWindowStarts, windowStart } from './assigners.ts';
import { WindowAggregation, type WindowAccumulator } from './window-result.ts';
import { EventTimeTrigger } from './event-time-trigger.ts';

/**
 * Windows of `size` ms starting every `slide` ms (tumbling when `slide` is absent), shifted by
 * `offset` ms from the epoch; `allowedLateness` in ms.
 */
export interface AlignedWindowOptions {
  size: number;
  slide?: number;
  offset: number;
  allowedLateness: number;
  aggregates: readonly AggregateSpec[];
}

export function alignedWindowOperator(ctx: OperatorContext<AlignedWindowOptions>, selector: KeySelector): Operator {
  const config = ctx.config;
  const size = config.size;
  const slide = config.slide ?? size;
  const offset = config.offset;
  const lateness = config.allowedLateness;
  const aggregation = new WindowAggregation(config.aggregates, selector, ctx);
  const state = ctx.state;
  const windows = state.map<WindowAccumulator>('windows');
  const trigger = new EventTimeTrigger(ctx.timers, lateness);
  const out = ctx.output('out');
  const m = ctx.metrics;

  const fire = (w: WindowAccumulator, start: number): void => {
    out.emit(aggregation.result(w, start, start + size), start + size - 1);
  };

  /** @returns whether the window took the record. */
  const addTo = (start: number, row: DataRecord, key: string, watermark: number): boolean => {
    const maxTimestamp = start + size - 1;
    if (trigger.isLate(maxTimestamp, watermark)) return false;
    let w = windows.get(start);
    if (!w) {
      w = aggregation.create(row, key);
      windows.set(start, w);
      trigger.register(maxTimestamp, key, start, watermark);
    }
    aggregation.add(w, row);
    if (trigger.firesOnElement(maxTimestamp, watermark)) fire(w, start);
    return true;
  };

  return {
    snapshotState: () => ({ seq: aggregation.seq }),
    restoreState(state) {
      aggregation.seq = (state as { seq: number }).seq;
    },
    stateShape: () => `${slide === size ? 'tumbling' : 'sliding'}(size=${size},slide=${slide},offset=${offset});${aggregation.shape(config.aggregates)}`,
    processElement(row, ts) {
      const key = selector.key(row);
      state.setCurrentKey(key);
      const watermark = ctx.currentWatermark();
      let taken = false;
      if (slide === size) {
        taken = addTo(windowStart(ts, offset, size), row, key, watermark);
      } else {
        for (const start of slidingWindowStarts(ts, size, slide, offset)) taken = addTo(start, row, key, watermark) || taken;
      }
      if (taken) m.accepted++;
      else ctx.late(row, ts);
    },
    processWatermark(watermark) {
      ctx.timers.advance(watermark, (ts, key, ns) => {
        state.setCurrentKey(key);
        const start = ns as number;
        const w = windows.get(start);
        if (!w) return;
        const action = trigger.onTimer(ts, start + size - 1);
        if (action.fire) fire(w, start);
        if (action.purge) windows.delete(start);
      });
    },
  };
}
