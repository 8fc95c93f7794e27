/**
 * Calling a node's per-record user function under the watchdog: a throw sends the record to the
 * node's `errors` output as `<what> threw <error>` and the stream goes on (Tributary's rule for
 * malformed data: count it, keep it, never stop the run).
 */
import type { OperatorContext } from './operator-context.ts';
import type { DataRecord } from './record.ts';
import { describeUserError } from '../udf/user-error.ts';

/** A user function over one record (map, filter, flatMap). */
export type RecordFunction = (event: DataRecord) => unknown;

/** Marks a user-code call that threw (the error row is already out). */
export const FAILED: unique symbol = Symbol('failed');

/**
 * Calls `fn(row)` between `ctx.guard.enter()` and `exit()`.
 * @returns its result, or `FAILED` after emitting the error row (counted as the record's error).
 */
export function callUser(ctx: OperatorContext, what: string, fn: RecordFunction, row: DataRecord, ts: number): unknown {
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

/** Whether a user function returned a record (a plain object, not an array or null). */
export function isRecord(value: unknown): value is DataRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
