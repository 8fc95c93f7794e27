/**
 * Interval join (Flink SQL's `RowTimeIntervalJoin`, a port of `TimeIntervalJoin`, not the
 * DataStream `IntervalJoinOperator`): `left.time - right.time` within `[lower, upper]`, keyed by
 * the equi-join keys. Each row joins the other side's cached rows in range, then is cached while
 * the other side's operator time (the watermark, floored at 0) can still bring partners, else —
 * for the outer side — padded with NULLs at once. Cached rows expire once the watermark passes
 * them by the relative window size; expiry happens on cleanup timers
 * (`time + relative size + (left + right size) / 2 + 1`) and eagerly while joining, and pads the
 * outer side's never-joined rows. A row that is neither joined, cached nor padded was too late
 * for any partner: it counts as late. The output watermark is held back by
 * `max(-lower, upper)` (`getMaxOutputDelay`), so joined rows are never behind it.
 *
 * Like Flink, the expiration times are operator-wide (not per key); unlike Flink they are
 * checkpointed, so a restored run joins exactly as the uninterrupted one.
 * State per join key: `j<id>l`/`j<id>r` time → `[row, joined][]`, `j<id>lt`/`j<id>rt` the
 * pending cleanup time of each cache; timers per key.
 */
import { compileExpression, compilePredicate, SqlRuntimeError, type IntervalJoinNode, type SqlRow, type SqlType, type SqlValue } from '../../../sql/index.ts';
import { hasNull, keyOf } from './keys.ts';
import type { Emit, OpEnv, TimedPhysicalOp } from './op.ts';

type Cached = [row: SqlRow, joined: boolean];

export function intervalJoinOp(node: IntervalJoinNode, env: OpEnv, delay: number, emit: Emit): TimedPhysicalOp {
  const { leftTimeIndex, rightTimeIndex, lowerMs, upperMs } = node.bounds;
  const leftRelativeSize = -lowerMs;
  const rightRelativeSize = upperMs;
  const minCleanUpInterval = Math.trunc((leftRelativeSize + rightRelativeSize) / 2);
  const leftOuter = node.joinType === 'LEFT' || node.joinType === 'FULL';
  const rightOuter = node.joinType === 'RIGHT' || node.joinType === 'FULL';
  const leftKeys = node.leftKeys.map(compileExpression);
  const rightKeys = node.rightKeys.map(compileExpression);
  const leftKeyTypes: SqlType[] = node.leftKeys.map((k) => k.type);
  const rightKeyTypes: SqlType[] = node.rightKeys.map((k) => k.type);
  const residual = node.residual === undefined ? undefined : compilePredicate(node.residual);
  const projection = node.projection.map(compileExpression);
  const nl = node.left.fields.length;
  const nr = node.right.fields.length;
  const joinedFields = [...node.left.fields, ...node.right.fields];
  const state = env.state;
  const leftCache = state.map<Cached[]>(`j${node.id}l`);
  const rightCache = state.map<Cached[]>(`j${node.id}r`);
  /** The pending cleanup timer of the left cache (Flink's `rightTimerState`), and of the right. */
  const leftCleanup = state.value<number>(`j${node.id}lt`);
  const rightCleanup = state.value<number>(`j${node.id}rt`);
  const timers = env.timers();
  const fate = env.fate;
  let watermark = Number.NEGATIVE_INFINITY;
  let leftExpirationTime = 0;
  let rightExpirationTime = 0;

  const operatorTime = (): number => (watermark > 0 ? watermark : 0);
  const expiration = (time: number, relativeSize: number): number => (time < Number.POSITIVE_INFINITY ? time - relativeSize - 1 : Number.POSITIVE_INFINITY);

  const output = (row: SqlValue[], timestamp: number): void => {
    let out: SqlValue[];
    try {
      out = projection.map((p) => p(row));
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      fate.fail(e, row, joinedFields, timestamp);
      return;
    }
    emit(out, timestamp);
  };
  const padLeft = (left: SqlRow): void => output([...left, ...new Array<SqlValue>(nr).fill(null)], left[leftTimeIndex] as number);
  const padRight = (right: SqlRow): void => output([...new Array<SqlValue>(nl).fill(null), ...right], right[rightTimeIndex] as number);
  /** Joins a pair; @returns whether it passed the residual condition (and was emitted). */
  const join = (left: SqlRow, right: SqlRow): boolean => {
    const row = [...left, ...right];
    const ts = Math.max(left[leftTimeIndex] as number, right[rightTimeIndex] as number);
    try {
      if (residual !== undefined && !residual(row)) return false;
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      fate.fail(e, row, joinedFields, ts);
      return false;
    }
    output(row, ts);
    return true;
  };

  const registerCleanup = (key: string, rowTime: number, leftRow: boolean): void => {
    const time = rowTime + (leftRow ? leftRelativeSize : rightRelativeSize) + minCleanUpInterval + 1;
    timers.register(time, key, 0);
    (leftRow ? leftCleanup : rightCleanup).set(time);
  };

  /** One side's row: Flink's `processElement1`/`processElement2`, `left` telling which. */
  const processRow = (row: SqlRow, key: string, nullKey: boolean, left: boolean): void => {
    const time = row[left ? leftTimeIndex : rightTimeIndex] as number;
    const otherRelative = left ? rightRelativeSize : leftRelativeSize;
    const ownRelative = left ? leftRelativeSize : rightRelativeSize;
    const lowerBound = time - otherRelative;
    const upperBound = time + ownRelative;
    const other = left ? rightCache : leftCache;
    const otherOuter = left ? rightOuter : leftOuter;
    let emitted = false;
    let otherExpiration = left ? rightExpirationTime : leftExpirationTime;
    const pending: SqlRow[] = [];
    if (otherExpiration < upperBound) {
      otherExpiration = expiration(operatorTime(), otherRelative);
      if (left) rightExpirationTime = otherExpiration;
      else leftExpirationTime = otherExpiration;
      for (const [t, rows] of [...other.entries()]) {
        const otherTime = t as number;
        if (!nullKey && otherTime >= lowerBound && otherTime <= upperBound) {
          let updated = false;
          for (const cached of rows) {
            const ok = left ? join(row, cached[0]) : join(cached[0], row);
            emitted ||= ok;
            if (otherOuter && ok && !cached[1]) {
              cached[1] = true;
              updated = true;
            }
          }
          if (updated) other.set(otherTime, rows);
        }
        if (otherTime <= otherExpiration) {
          if (otherOuter) for (const cached of rows) if (!cached[1]) pending.push(cached[0]);
          other.delete(otherTime);
        }
      }
    }
    for (const p of pending) (left ? padRight : padLeft)(p);
    state.setCurrentKey(key);
    const ownCache = left ? leftCache : rightCache;
    if (operatorTime() < upperBound) {
      const list = ownCache.get(time) ?? [];
      list.push([row, emitted]);
      ownCache.set(time, list);
      if ((left ? leftCleanup : rightCleanup).get() === undefined) registerCleanup(key, time, left);
      fate.accept();
    } else if (!emitted && (left ? leftOuter : rightOuter)) {
      (left ? padLeft : padRight)(row);
      fate.accept();
    } else if (emitted) fate.accept();
    else fate.late(row, left ? node.left.fields : node.right.fields, time);
  };

  /** Flink's `removeExpiredRows` for one cache. */
  const removeExpired = (key: string, expirationTime: number, left: boolean): void => {
    const cache = left ? leftCache : rightCache;
    const outer = left ? leftOuter : rightOuter;
    const pending: SqlRow[] = [];
    let earliest = -1;
    for (const [t, rows] of [...cache.entries()]) {
      const time = t as number;
      if (time <= expirationTime) {
        if (outer) for (const cached of rows) if (!cached[1]) pending.push(cached[0]);
        cache.delete(time);
      } else if (time < earliest || earliest < 0) earliest = time;
    }
    if (earliest > 0) registerCleanup(key, earliest, left);
    else {
      (left ? leftCleanup : rightCleanup).clear();
      cache.clear();
    }
    for (const p of pending) (left ? padLeft : padRight)(p);
    state.setCurrentKey(key);
  };

  return {
    delay,
    advanceWatermark(w) {
      watermark = w;
    },
    process(row, timestamp, side) {
      const left = side === 0;
      let values: SqlValue[];
      try {
        values = (left ? leftKeys : rightKeys).map((k) => k(row));
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        fate.fail(e, row, left ? node.left.fields : node.right.fields, timestamp);
        return;
      }
      const key = keyOf(values, left ? leftKeyTypes : rightKeyTypes);
      state.setCurrentKey(key);
      processRow(row, key, hasNull(values), left);
    },
    onTimer(ts, key) {
      state.setCurrentKey(key);
      if (rightCleanup.get() === ts) {
        rightExpirationTime = expiration(operatorTime(), rightRelativeSize);
        removeExpired(key, rightExpirationTime, false);
      }
      if (leftCleanup.get() === ts) {
        leftExpirationTime = expiration(operatorTime(), leftRelativeSize);
        removeExpired(key, leftExpirationTime, true);
      }
    },
    snapshot: () => ({ leftExpirationTime, rightExpirationTime }),
    restore(s) {
      ({ leftExpirationTime, rightExpirationTime } = s as { leftExpirationTime: number; rightExpirationTime: number });
    },
  };
}
