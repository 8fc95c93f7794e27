/**
 * The physical operators a sql node's plan runs on: one per plan node that does something
 * (Calc, window table function, window aggregate, window Top-N, interval join, window join,
 * union), wired as in the Flink job the plan describes. Rows are SQL value arrays with a
 * timestamp (epoch ms) beside them, pushed synchronously downstream (record-at-a-time, no
 * queues). State goes to the node's keyed state backend under names prefixed by the plan node
 * id, timers to its timer service through `SqlTimers`.
 */
import type { KeyedStateBackend } from '../../../runtime/state/keyed-state.ts';
import { SqlRuntimeError, type SqlColumn, type SqlRow } from '../../../sql/index.ts';
import type { InputFate } from './fate.ts';
import type { OpTimerService } from './timers.ts';

/** Where an operator sends its rows: the next operator's input (or the node's output). */
export type Emit = (row: SqlRow, timestamp: number) => void;

/** A running physical operator. */
export interface PhysicalOp {
  /** A row on input `side`: 0, or 1 for a join's right input. */
  process(row: SqlRow, timestamp: number, side: number): void;
}

/** A physical operator with timers and a watermark of its own (see `timers.ts`). */
export interface TimedPhysicalOp extends PhysicalOp {
  readonly delay: number;
  advanceWatermark(watermark: number): void;
  onTimer(timestamp: number, key: string, namespace: string | number): void;
  /** Operator state that is not keyed (checkpointed beside keyed state). */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

/** What every operator is built with. */
export interface OpEnv {
  readonly state: KeyedStateBackend;
  readonly fate: InputFate;
  /** The timer service of this operator (timed operators only). */
  timers(): OpTimerService;
}

/**
 * Runs `f`, sending a `SqlRuntimeError` (an expression failing where Flink fails the job) to the
 * fate of the row being processed; anything else is a bug and propagates.
 * @returns `f`'s result, or `undefined` after a failure
 */
export function guarded<T>(fate: InputFate, row: SqlRow, fields: readonly SqlColumn[], timestamp: number, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof SqlRuntimeError)) throw e;
    fate.fail(e, row, fields, timestamp);
    return undefined;
  }
}
