/**
 * Interval join (Flink's `IntervalJoinOperator`): a left record `l` and a right record `r` with
 * equal keys join when `l.ts + lowerBound <= r.ts <= l.ts + upperBound`. Both sides are
 * buffered per key; each new record is matched against the other side's buffer. The joined
 * record's timestamp is `max(l.ts, r.ts)`. A record whose timestamp is behind the watermark
 * goes to `late` (Flink drops it). Buffers are cleaned when the watermark passes
 * `l.ts + upperBound` (left) and `r.ts - lowerBound` (right).
 */
import type { KeySelector } from '../key-selector.ts';
import type { Operator } from '../operator.ts';
import type { OperatorContext } from '../operator-context.ts';
import type { DataRecord } from '../record.ts';
import { joinFunction, joinRows } from './join-row.ts';

interface Buffered {
  row: DataRecord;
  ts: number;
}

/** The interval's bounds in ms relative to the left record's timestamp, both inclusive. */
export interface IntervalJoinOptions {
  lowerBound: number;
  upperBound: number;
}

export function intervalJoinOperator(ctx: OperatorContext<IntervalJoinOptions>, left: KeySelector, right: KeySelector): Operator {
  const { lowerBound, upperBound } = ctx.config;
  const state = ctx.state;
  const buffers = { left: state.map<Buffered[]>('left'), right: state.map<Buffered[]>('right') };
  const timers = ctx.timers;
  const join = joinFunction(ctx);
  const out = ctx.output('out');
  const m = ctx.metrics;

  const emit = (l: Buffered, r: Buffered): void => {
    const ts = Math.max(l.ts, r.ts);
    const row = joinRows(ctx, join, l.row, r.row, ts);
    if (row) out.emit(row, ts);
  };

  return {
    processElement(row, ts, port) {
      const isLeft = port === 'left';
      const key = (isLeft ? left : right).key(row);
      if (ts < ctx.currentWatermark()) {
        ctx.late(row, ts);
        return;
      }
      state.setCurrentKey(key);
      m.accepted++;
      const self: Buffered = { row, ts };
      // Buffers are bucketed by timestamp so cleanup is one delete per timer.
      const own = isLeft ? buffers.left : buffers.right;
      const bucket = own.get(ts);
      if (bucket) bucket.push(self);
      else own.set(ts, [self]);
      const other = isLeft ? buffers.right : buffers.left;
      for (const [otherTs, rows] of other.entries()) {
        const t = otherTs as number;
        const matches = isLeft ? t >= ts + lowerBound && t <= ts + upperBound : ts >= t + lowerBound && ts <= t + upperBound;
        if (!matches) continue;
        for (const o of rows) {
          if (isLeft) emit(self, o);
          else emit(o, self);
        }
      }
      const cleanup = isLeft ? ts + Math.max(upperBound, 0) : ts - Math.min(lowerBound, 0);
      timers.register(cleanup, key, isLeft ? `l${ts}` : `r${ts}`);
    },
    processWatermark(watermark) {
      timers.advance(watermark, (_ts, key, ns) => {
        state.setCurrentKey(key);
        const name = String(ns);
        (name[0] === 'l' ? buffers.left : buffers.right).delete(Number(name.slice(1)));
      });
    },
  };
}
