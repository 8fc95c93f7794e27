/**
 * How a join builds its result: the node's code `(left, right) => row` when it has one, else
 * `{ ...left, ...right }` (right's fields win on a clash).
 */
import type { OperatorContext } from '../operator-context.ts';
import type { DataRecord } from '../record.ts';
import { describeUserError } from '../../udf/user-error.ts';

export type JoinFunction = (left: DataRecord, right: DataRecord) => unknown;

export function joinFunction(ctx: OperatorContext): JoinFunction {
  return ctx.hasUserCode() ? ctx.userCode<JoinFunction>() : (left, right) => ({ ...left, ...right });
}

/**
 * Applies the join function under the watchdog; a throw or a non-object result goes to
 * `errors` with both records. @returns the row, or `undefined` after reporting the error.
 */
export function joinRows(ctx: OperatorContext, fn: JoinFunction, left: DataRecord, right: DataRecord, timestamp: number): DataRecord | undefined {
  let result: unknown;
  ctx.guard.enter();
  try {
    result = fn(left, right);
  } catch (error) {
    ctx.guard.exit();
    ctx.error(`join code threw ${describeUserError(error)}`, { record: { left, right } }, timestamp, false);
    return undefined;
  }
  ctx.guard.exit();
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    ctx.error('join code must return a record (an object)', { record: { left, right } }, timestamp, false);
    return undefined;
  }
  return result as DataRecord;
}
