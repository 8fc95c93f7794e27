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
  const timers = ctx.timers;
  const out = ctx.output('out');
  const m = ctx.metrics;

  const fire = (s: Session): void => out.emit(aggregation.result(s.acc, s.start, s.end), s.end - 1);
  const schedule = (s: Session, key: string, watermark: number): void => {
    if (s.end - 1 > watermark) timers.register(s.end - 1, key, s.start);
    if (lateness > 0) timers.register(s.end - 1 + lateness, key, s.start);
  };
  const unschedule = (s: Session, key: string): void => {
    timers.delete(s.end - 1, key, s.start);
    if (lateness > 0) timers.delete(s.end - 1 + lateness, key, s.start);
  };

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
      if (end - 1 + lateness <= watermark) {
        ctx.late(row, ts);
        return;
      }
      let acc = aggregation.create(row, key);
      for (const s of overlapping) {
        unschedule(s, key);
        acc = aggregation.merge(acc, s.acc);
      }
      aggregation.add(acc, row);
      const merged: Session = { start, end, acc };
      rest.push(merged);
      sessions.set(rest);
      schedule(merged, key, watermark);
      m.accepted++;
      if (end - 1 <= watermark) fire(merged);
    },
    processWatermark(watermark) {
      timers.advance(watermark, (ts, key, ns) => {
        state.setCurrentKey(key);
        const open = sessions.get();
        const s = open?.find((x) => x.start === ns);
        if (!open || !s) return;
        if (ts === s.end - 1) fire(s);
        if (ts === s.end - 1 + lateness) {
          const left = open.filter((x) => x !== s);
          if (left.length > 0) sessions.set(left);
          else sessions.clear();
        }
      });
    },
  };
}
