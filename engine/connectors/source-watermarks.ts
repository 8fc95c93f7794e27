/**
 * The one watermark generator of every source: Flink's
 * `WatermarkStrategy.forBoundedOutOfOrderness(bound).withIdleness(timeout)`, per split — a file is
 * one split, a Kafka partition is one — combined as Flink's sources combine split watermarks.
 *
 * - Each split's watermark is `maxTimestamp - bound - 1` (`BoundedOutOfOrdernessWatermarks`),
 *   -∞ before its first record.
 * - The source's watermark is the minimum over the splits that are neither idle (no record for
 *   `idleTimeout` of processing time) nor finished (a bounded split at its end), never going
 *   back; when every open split is idle, the source is idle downstream (`WatermarksWithIdleness`).
 * - Emission is periodic (every `interval` of processing time, Flink's auto-watermark interval) or
 *   punctuated (after every record); the end of input emits the final watermark (+∞).
 *
 * Per record it only raises a split's maximum and counts it; the clock is read between chunks
 * (`tick`), never per record.
 */
import type { WatermarkSpec } from '../pipeline/config-schemas.ts';
import type { NodeMetrics } from '../runtime/metrics.ts';
import type { Output } from '../runtime/output.ts';
import { MAX_WATERMARK, MIN_WATERMARK } from '../runtime/record.ts';

/** What a checkpoint keeps: each split's maximum timestamp, the emitted watermark, idleness. */
export interface SourceWatermarksSnapshot {
  emitted: number;
  /** Max timestamp by split id (splits without records are left out). */
  maxTimestamps: Record<string, number>;
  idle: boolean;
}

interface Split {
  id: string;
  maxTimestamp: number;
  /** Records since the last tick (activity, for idleness). */
  recent: number;
  lastActive: number;
  idle: boolean;
  finished: boolean;
}

export class SourceWatermarks {
  private readonly splits: Split[] = [];
  private readonly byId = new Map<string, number>();
  private readonly bound: number;
  private readonly punctuated: boolean;
  private emitted = MIN_WATERMARK;
  private sourceIdle = false;
  private lastPeriodic: number;
  private restored: Record<string, number> = {};

  /**
   * @param outputs where watermarks, idleness and the end go (the source's `out` and `errors`)
   * @param now processing time (ms) at the start
   */
  constructor(
    private readonly spec: WatermarkSpec,
    private readonly outputs: readonly Output[],
    private readonly metrics: NodeMetrics,
    now: number,
  ) {
    this.bound = spec.maxOutOfOrderness;
    this.punctuated = spec.emit === 'punctuated';
    this.lastPeriodic = now;
    metrics.watermarks = { emit: spec.emit, intervalMs: spec.interval, emitted: 0, beyondBound: 0 };
  }

  /**
   * The index of split `id`, registered on first use (before its first record, so it holds the
   * watermark back until it has data or is idle). A restored split gets its checkpointed maximum.
   */
  split(id: string, now: number): number {
    const known = this.byId.get(id);
    if (known !== undefined) return known;
    const index = this.splits.length;
    this.splits.push({ id, maxTimestamp: this.restored[id] ?? MIN_WATERMARK, recent: 0, lastActive: now, idle: false, finished: false });
    this.byId.set(id, index);
    return index;
  }

  /** A record with timestamp `ts` (epoch ms) left split `index`. The per-record path. */
  onRecord(index: number, ts: number): void {
    const s = this.splits[index] as Split;
    s.recent++;
    if (ts > s.maxTimestamp) {
      s.maxTimestamp = ts;
      if (ts > this.metrics.maxEventTime) this.metrics.maxEventTime = ts;
    } else if (ts <= s.maxTimestamp - this.bound - 1 && this.metrics.watermarks) {
      // At or below what a punctuated watermark would be: late wherever its window has fired.
      this.metrics.watermarks.beyondBound++;
    }
    if (s.idle) {
      s.idle = false;
      if (this.sourceIdle) this.setIdle(false);
    }
    if (this.punctuated) this.advance();
  }

  /** Split `index` reached its end (a bounded split): it no longer holds the watermark back. */
  finishSplit(index: number): void {
    const s = this.splits[index];
    if (s) s.finished = true;
  }

  /**
   * Between chunks: idleness per split and periodic emission, at processing time `now`.
   * `holding`: the source holds a record the merge of an aligned replay has not taken yet; its
   * splits count as active (waiting for a turn is not idleness).
   */
  tick(now: number, holding = false): void {
    const timeout = this.spec.idleTimeout;
    for (const s of this.splits) {
      if (s.recent > 0 || holding) {
        s.recent = 0;
        s.lastActive = now;
      } else if (timeout !== undefined && !s.idle && !s.finished && now - s.lastActive >= timeout) s.idle = true;
    }
    if (!this.punctuated && now - this.lastPeriodic >= this.spec.interval) {
      this.lastPeriodic = now;
      this.advance();
    }
    if (timeout === undefined) return;
    let open = 0;
    let idle = 0;
    for (const s of this.splits) {
      if (s.finished) continue;
      open++;
      if (s.idle) idle++;
    }
    const allIdle = open > 0 && idle === open;
    if (allIdle !== this.sourceIdle) this.setIdle(allIdle);
  }

  /** The combined watermark: min over active splits; `undefined` when none is active. */
  private combined(): number | undefined {
    let min: number | undefined;
    for (const s of this.splits) {
      if (s.idle || s.finished) continue;
      const w = s.maxTimestamp === MIN_WATERMARK ? MIN_WATERMARK : s.maxTimestamp - this.bound - 1;
      if (min === undefined || w < min) min = w;
    }
    return min;
  }

  private advance(): void {
    const w = this.combined();
    if (w !== undefined) this.emitWatermark(w);
  }

  /** End of a bounded input: the final watermark (+∞), then end of stream on every output. */
  end(): void {
    if (this.sourceIdle) this.setIdle(false);
    this.emitWatermark(MAX_WATERMARK);
    for (const o of this.outputs) o.end();
  }

  snapshot(): SourceWatermarksSnapshot {
    const maxTimestamps: Record<string, number> = {};
    for (const s of this.splits) if (s.maxTimestamp !== MIN_WATERMARK) maxTimestamps[s.id] = s.maxTimestamp;
    return { emitted: this.emitted, maxTimestamps, idle: this.sourceIdle };
  }

  /** Restores a snapshot; call before the splits are registered. */
  restore(s: SourceWatermarksSnapshot): void {
    this.emitted = s.emitted;
    this.restored = { ...s.maxTimestamps };
    for (const split of this.splits) split.maxTimestamp = this.restored[split.id] ?? split.maxTimestamp;
    this.sourceIdle = s.idle;
    this.metrics.idle = s.idle;
    const max = Math.max(MIN_WATERMARK, ...Object.values(s.maxTimestamps));
    if (Number.isFinite(max)) this.metrics.maxEventTime = max;
  }

  private emitWatermark(watermark: number): void {
    if (watermark <= this.emitted) return;
    this.emitted = watermark;
    if (watermark !== MAX_WATERMARK && this.metrics.watermarks) this.metrics.watermarks.emitted++;
    this.metrics.inputWatermark = watermark;
    this.metrics.outputWatermark = watermark;
    for (const o of this.outputs) o.emitWatermark(watermark);
  }

  private setIdle(idle: boolean): void {
    this.sourceIdle = idle;
    this.metrics.idle = idle;
    for (const o of this.outputs) o.emitIdle(idle);
  }
}
