/**
 * Cooperative slicing for asynchronous snapshots: serializing work runs between records and
 * hands the thread back to the pipeline regularly, so a large snapshot never stalls processing
 * for long — the role Flink's asynchronous snapshot threads play, on one thread. A slice lasts
 * at least `SLICE_WORK_MS` and otherwise `SNAPSHOT_SHARE` times as long as the pipeline ran
 * since the previous slice (capped at `SLICE_MAX_MS`): while a snapshot is being serialized it
 * gets about two thirds of the thread and the pipeline the rest, however long the sources'
 * chunks are. The total work is the same either way; the share decides how soon a checkpoint
 * is durable.
 */

/** Shortest serializing slice, ms. */
export const SLICE_WORK_MS = 6;
/** Longest serializing slice, ms (the longest pause a snapshot adds between records). */
export const SLICE_MAX_MS = 40;
/** Serializing time per unit of pipeline time while a snapshot runs. */
export const SNAPSHOT_SHARE = 2;

export class Slicer {
  private since = performance.now();
  private budget = SLICE_WORK_MS;

  /** Yields to the event loop (`setImmediate`) when this slice has used its time. */
  async pause(): Promise<void> {
    const now = performance.now();
    if (now - this.since < this.budget) return;
    await new Promise((resolve) => setImmediate(resolve));
    const resumed = performance.now();
    this.budget = Math.min(SLICE_MAX_MS, Math.max(SLICE_WORK_MS, SNAPSHOT_SHARE * (resumed - now)));
    this.since = resumed;
  }
}
