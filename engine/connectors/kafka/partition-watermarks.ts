/**
 * Per-partition watermarks for the Kafka source, as Flink's `KafkaSource` does with
 * `WatermarkStrategy.forBoundedOutOfOrderness(bound).withIdleness(timeout)`: each partition has
 * its own generator (`W_p = maxTimestamp_p - bound - 1`); the source emits the minimum over the
 * partitions that are neither idle (no record for `idleTimeout`) nor finished (bounded mode,
 * end offset reached), never going back. When every partition is idle the source is idle
 * downstream. Emission is periodic (every `interval` of processing time) or punctuated; at the
 * end of a bounded input the final watermark (+∞) is emitted.
 */
import type { WatermarkSpec } from '../../pipeline/config-schemas.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { Output } from '../../runtime/output.ts';
import { MAX_WATERMARK, MIN_WATERMARK, type DataRecord } from '../../runtime/record.ts';

interface PartitionClock {
  maxTimestamp: number;
  lastRecordAt: number;
  idle: boolean;
  finished: boolean;
}

export interface PartitionWatermarksSnapshot {
  emitted: number;
  /** Max timestamp per `topic/partition`. */
  maxTimestamps: Record<string, number>;
}

export class PartitionWatermarks {
  private readonly partitions = new Map<string, PartitionClock>();
  private readonly out: Output;
  private readonly outputs: Output[];
  private emitted = MIN_WATERMARK;
  private lastPeriodic: number;
  private sourceIdle = false;
  private restored: Record<string, number> = {};

  constructor(
    private readonly ctx: OperatorContext,
    private readonly spec: WatermarkSpec,
  ) {
    this.out = ctx.output('out');
    this.outputs = [this.out, ctx.output('errors')];
    this.lastPeriodic = ctx.clock.now();
  }

  /** Registers a partition (before its first record), so it holds the watermark back until it has data or is idle. */
  add(partition: string): void {
    if (this.partitions.has(partition)) return;
    const ts = this.restored[partition];
    this.partitions.set(partition, { maxTimestamp: ts ?? MIN_WATERMARK, lastRecordAt: this.ctx.clock.now(), idle: false, finished: false });
  }

  /** The partition reached its end offset (bounded mode): it no longer holds the watermark back. */
  finish(partition: string): void {
    const p = this.partitions.get(partition);
    if (p) p.finished = true;
  }

  /** Emits one record of `partition` with timestamp `ts`. */
  emit(partition: string, row: DataRecord, ts: number, now: number): void {
    let p = this.partitions.get(partition);
    if (!p) {
      this.add(partition);
      p = this.partitions.get(partition) as PartitionClock;
    }
    p.lastRecordAt = now;
    p.idle = false;
    if (ts > p.maxTimestamp) p.maxTimestamp = ts;
    if (ts > this.ctx.metrics.maxEventTime) this.ctx.metrics.maxEventTime = ts;
    if (this.sourceIdle) this.setIdle(false);
    this.out.emit(row, ts);
    if (this.spec.emit === 'punctuated') this.advance();
  }

  /** Between fetches: idleness per partition, periodic emission. */
  tick(): void {
    const now = this.ctx.clock.now();
    const timeout = this.spec.idleTimeout;
    if (timeout !== undefined) for (const p of this.partitions.values()) if (!p.idle && now - p.lastRecordAt >= timeout) p.idle = true;
    if (this.spec.emit === 'punctuated' || now - this.lastPeriodic >= this.spec.interval) {
      this.lastPeriodic = now;
      this.advance();
    }
    const active = [...this.partitions.values()].filter((p) => !p.finished);
    const allIdle = timeout !== undefined && active.length > 0 && active.every((p) => p.idle);
    if (allIdle !== this.sourceIdle) this.setIdle(allIdle);
  }

  /** The combined watermark: min over active partitions; `undefined` when none is active. */
  private combined(): number | undefined {
    let min: number | undefined;
    for (const p of this.partitions.values()) {
      if (p.idle || p.finished) continue;
      const w = p.maxTimestamp === MIN_WATERMARK ? MIN_WATERMARK : p.maxTimestamp - this.spec.maxOutOfOrderness - 1;
      if (min === undefined || w < min) min = w;
    }
    return min;
  }

  private advance(): void {
    const w = this.combined();
    if (w !== undefined) this.emitWatermark(w);
  }

  /** End of a bounded input: the final watermark, then end of stream. */
  end(): void {
    if (this.sourceIdle) this.setIdle(false);
    this.emitWatermark(MAX_WATERMARK);
    for (const o of this.outputs) o.end();
  }

  snapshot(): PartitionWatermarksSnapshot {
    const maxTimestamps: Record<string, number> = {};
    for (const [k, p] of this.partitions) if (p.maxTimestamp !== MIN_WATERMARK) maxTimestamps[k] = p.maxTimestamp;
    return { emitted: this.emitted, maxTimestamps };
  }

  restore(s: PartitionWatermarksSnapshot): void {
    this.emitted = s.emitted;
    this.restored = { ...s.maxTimestamps };
    const max = Math.max(MIN_WATERMARK, ...Object.values(s.maxTimestamps));
    if (Number.isFinite(max)) this.ctx.metrics.maxEventTime = max;
  }

  private emitWatermark(watermark: number): void {
    if (watermark <= this.emitted) return;
    this.emitted = watermark;
    this.ctx.metrics.inputWatermark = watermark;
    this.ctx.metrics.outputWatermark = watermark;
    for (const o of this.outputs) o.emitWatermark(watermark);
  }

  private setIdle(idle: boolean): void {
    this.sourceIdle = idle;
    this.ctx.metrics.idle = idle;
    for (const o of this.outputs) o.emitIdle(idle);
  }
}
