/**
 * Event-time session windows (Flink's `EventTimeSessionWindows` with a merging window set).
 * A record opens the session `[ts, ts + gap)`; sessions of the same key that intersect it
 * (`TimeWindow.intersects`: touching counts) merge into one, their accumulators merged. A
 * session fires when the watermark reaches `end - 1`, and follows the same allowed-lateness
 * and `late` rules as the aligned windows. A (merged) session whose `end - 1` the watermark
 * already passed fires at once and gets no `end - 1` timer (Flink's `EventTimeTrigger`
 * `onElement`/`onMerge`), so it does not fire a second time on the next watermark.
 * State: per key, the list of open sessions.
 */
import type { AggregateSpec } from '../../pipeline/config-schemas.ts';
import type { KeySelector } from '../key-selector.ts';
import type { Operator } from '../operator.ts';
import type { OperatorContext } from '../operator-context.ts';
import { WindowAggregation, type WindowAccumulator } from './window-result.ts';
import { EventTimeTrigger } from './event-time-trigger.ts';

interface Session {
  start: number;
  end: number;
  acc: WindowAccumulator;
}

/** Session `gap` and `allowedLateness` in ms, and the aggregates of each session. */
export interface SessionWindowOptions {
  gap: number;
  allowedLateness: number;
  aggregates: readonly AggregateSpec[];
}

export function sessionWindowOperator(ctx: OperatorContext<SessionWindowOptions>, selector: KeySelector): Operator {
  const { gap, allowedLateness: lateness, aggregates } = ctx.config;
  const aggregation = new WindowAggregation(aggregates, selector, ctx);
  const state = ctx.state;
  const sessions = state.value<Session[]>('sessions');
  const trigger = new EventTimeTrigger(ctx.timers, lateness);
  const out = ctx.output('out');
  const m = ctx.metrics;

  const fire = (s: Session): void => out.emit(aggregation.result(s.acc, s.start, s.end), s.end - 1);

  return {
    snapshotState: () => ({ seq: aggregation.seq }),
    restoreState(state) {
      aggregation.seq = (state as { seq: number }).seq;
    },
    stateShape: () => `session(gap=${gap});${aggregation.shape(aggregates)}`,
    processElement(row, ts) {
      const key = selector.key(row);
      state.setCurrentKey(key);
      const watermark = ctx.currentWatermark();
      const open = sessions.get() ?? [];
      let start = ts;
      let end = ts + gap;
      const overlapping: Session[] = [];
      const rest: Session[] = [];
      for (const s of open) {
        if (s.start <= end && s.end >= start) {
          overlapping.push(s);
          start = Math.min(start, s.start);
          end = Math.max(end, s.end);
        } else {
          rest.push(s);
        }
      }
      if (trigger.isLate(end - 1, watermark)) {
        ctx.late(row, ts);
        return;
      }
      let acc = aggregation.create(row, key);
      for (const s of overlapping) {
        trigger.unregister(s.end - 1, key, s.start);
        acc = aggregation.merge(acc, s.acc);
      }
      aggregation.add(acc, row);
      const merged: Session = { start, end, acc };
      rest.push(merged);
      sessions.set(rest);
      trigger.register(end - 1, key, start, watermark);
      m.accepted++;
      if (trigger.firesOnElement(end - 1, watermark)) fire(merged);
    },
    processWatermark(watermark) {
      ctx.timers.advance(watermark, (ts, key, ns) => {
        state.setCurrentKey(key);
        const open = sessions.get();
        const s = open?.find((x) => x.start === ns);
        if (!open || !s) return;
        const action = trigger.onTimer(ts, s.end - 1);
        if (action.fire) fire(s);
        if (action.purge) {
          const left = open.filter((x) => x !== s);
          if (left.length > 0) sessions.set(left);
          else sessions.clear();
        }
      });
    },
  };
}
