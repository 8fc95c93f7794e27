/**
 * What a source offers the merge of an aligned replay (`merged-replay.ts`): its next record
 * without pushing it. The merge looks at every source's next record (its *head*), lets the one
 * with the smallest event time emit, and asks it for its next — so records of several sources
 * reach the pipeline in event-time order, each source keeping its own arrival order.
 *
 * A source implements it beside `SourceOperator#run()` (`SourceOperator#pull`); the job uses one
 * or the other, never both. A source that has several splits of its own (Kafka partitions) merges
 * them inside `advance()` and offers the smallest of their heads: to the merge it is one input.
 *
 * Checkpoints: barriers are injected by the merge between records, when every source holds a
 * head it has read but not emitted. `snapshotState()` of a pulled source must therefore keep that
 * head (its position before it, or the record itself), so a restore offers it again.
 */

/** A source's records, one at a time, for the merge. Calls come from one loop, never overlapping. */
export interface PullSource {
  /**
   * The pace the source is configured with (`--speed` already applied): `max`, or a multiple of
   * event time. The merge paces all its inputs on one clock, at the slowest of their speeds.
   */
  readonly speed: 'max' | number;
  /**
   * Reads until the next record is ready to emit (the head). Records that cannot be read go to
   * the source's `errors` meanwhile. Returns the head's timestamp (epoch ms) synchronously when it
   * was already buffered — the common case, kept allocation-free — or a promise when reading has
   * to wait (file I/O, a fetch); `undefined` when the input is exhausted. Called once before the
   * first `emit()` and after every `emit()`.
   */
  advance(): number | undefined | Promise<number | undefined>;
  /** Emits the head downstream (and to the source's watermark generator). */
  emit(): void;
  /**
   * Between records, every chunk of the merge and while paced replay waits: periodic watermark
   * emission and idleness by processing time, progress. `holding`: the source has a head the
   * merge has not taken yet — at full speed it is waiting for its turn, which is not idleness
   * (Flink does not mark a split idle while watermark alignment pauses it).
   */
  tick(holding: boolean): void;
  /** The input ended (`advance()` gave `undefined`): the final watermark and end of stream. */
  finish(): void;
}
