/**
 * Stateless operators: `map`, `filter`, `flatMap` run user code per record (an exception sends
 * the record to `errors` with the message, and the stream goes on); `keyBy` and `union` pass
 * records through (the key is read by the keyed operator downstream, like Flink's
 * KeyedStream). Timestamps are kept.
 */
import type { Operator } from '../operator.ts';
import type { OperatorContext } from '../operator-context.ts';
import type { Row } from '../row.ts';
import { describeUserError } from '../../udf/user-error.ts';

type UserFn = (event: Row) => unknown;

/** Marks a user-code call that threw (the error row is already out). */
const FAILED: unique symbol = Symbol('failed');

/** Calls user code under the watchdog; a throw goes to `errors` as `<what> threw <error>`. */
function callUser(ctx: OperatorContext, what: string, fn: UserFn, row: Row, ts: number): unknown {
  ctx.guard.enter();
  try {
    return fn(row);
  } catch (error) {
    ctx.error(`${what} threw ${describeUserError(error)}`, { record: row }, ts);
    return FAILED;
  } finally {
    ctx.guard.exit();
  }
}

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mapOperator(ctx: OperatorContext): Operator {
  const fn = ctx.userCode<UserFn>();
  const out = ctx.output('out');
  const m = ctx.metrics;
  return {
    processElement(row, ts) {
      const result = callUser(ctx, 'map', fn, row, ts);
      if (result === FAILED) return;
      if (!isRow(result)) {
        ctx.error(`map must return a record (an object), returned ${JSON.stringify(result) ?? 'undefined'}`, { record: row }, ts);
        return;
      }
      m.accepted++;
      out.emit(result, ts);
    },
  };
}

export function filterOperator(ctx: OperatorContext): Operator {
  const fn = ctx.userCode<UserFn>();
  const out = ctx.output('out');
  const m = ctx.metrics;
  return {
    processElement(row, ts) {
      const keep = callUser(ctx, 'filter', fn, row, ts);
      if (keep === FAILED) return;
      if (keep) {
        m.accepted++;
        out.emit(row, ts);
      } else {
        m.filtered++;
      }
    },
  };
}

export function flatMapOperator(ctx: OperatorContext): Operator {
  const fn = ctx.userCode<UserFn>();
  const out = ctx.output('out');
  const m = ctx.metrics;
  return {
    processElement(row, ts) {
      const result = callUser(ctx, 'flatMap', fn, row, ts);
      if (result === FAILED) return;
      if (!Array.isArray(result) || !result.every(isRow)) {
        ctx.error('flatMap must return an array of records', { record: row }, ts);
        return;
      }
      if (result.length === 0) {
        m.filtered++;
        return;
      }
      m.accepted++;
      for (const r of result) out.emit(r, ts);
    },
  };
}

/** keyBy and union: records pass through unchanged. */
export function passThroughOperator(ctx: OperatorContext): Operator {
  const out = ctx.output('out');
  const m = ctx.metrics;
  return {
    processElement(row, ts) {
      m.accepted++;
      out.emit(row, ts);
    },
  };
}
