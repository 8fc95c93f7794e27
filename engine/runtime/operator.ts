/**
 * The lifecycle every operator implements, with no-op defaults (as Arroyo's operator trait):
 * open, processElement per record, processWatermark when the combined input watermark
 * advances (timers fire here, before the watermark is forwarded), endInput when every input
 * has ended, close. All per-record calls are synchronous.
 */
import type { Row } from './row.ts';

export interface Operator {
  /** Called once before the first record; may load files. */
  open?(): Promise<void> | void;
  /**
   * One record on input `port` (`in`, or `left`/`right` for joins); `timestamp` is epoch ms.
   * Must count the record once as accepted, filtered, late or errors in the node's metrics.
   */
  processElement(row: Row, timestamp: number, port: string): void;
  /** The combined input watermark advanced to `watermark` (epoch ms or +∞). */
  processWatermark?(watermark: number): void;
  /** Every input has ended (after the final watermark). */
  endInput?(): void;
  /** Flushes and releases resources; called once, also after failures. */
  close?(): Promise<void> | void;
}

/** A source: reads until its input ends or the run stops; emits through its context. */
export interface SourceOperator {
  open?(): Promise<void> | void;
  run(): Promise<void>;
  close?(): Promise<void> | void;
}
