/**
 * What a single-split source (a file, a generator, inline values) does with a record it has
 * read: assign its timestamp, optionally hold it back to simulate disorder, emit it, and have
 * the source's watermarks generated (`source-watermarks.ts`: `BoundedOutOfOrdernessWatermarks`
 * with idleness, periodic or punctuated, and the final watermark at the end of input). It also
 * paces replay at a multiple of event time.
 */
import type { TimeSpec, WatermarkSpec } from '../pipeline/config-schemas.ts';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';
import { expressionTimestampAssigner, fieldTimestampAssigner, type TimestampAssigner } from '../runtime/event-time.ts';
import type { OperatorContext } from '../runtime/operator-context.ts';
import type { Output } from '../runtime/output.ts';
import { MIN_WATERMARK, type DataRecord } from '../runtime/record.ts';
import { DisorderBuffer, type DisorderSnapshot } from './disorder-buffer.ts';
import { SourceWatermarks, type SourceWatermarksSnapshot } from './source-watermarks.ts';

/** The watermark generator's state, kept in checkpoints with the source's position. */
export interface EmitterSnapshot {
  watermarks: SourceWatermarksSnapshot;
  disorder?: DisorderSnapshot;
}

/** The one split of a single-split source. */
const SPLIT = 'input';

export interface SourceEmitterOptions {
  time?: TimeSpec;
  /** Used instead of `time` when the source knows each record's timestamp itself. */
  watermarks: WatermarkSpec;
  speed: ReplaySpeed;
  disorder?: { maxDelay: number; seed: number };
  /** File name for error rows. */
  file?: string;
}

export class SourceEmitter {
  private readonly out: Output;
  private readonly watermarks: SourceWatermarks;
  private readonly assign: TimestampAssigner | undefined;
  /** The newest timestamp emitted (error rows carry it). */
  private maxTimestamp = MIN_WATERMARK;
  private readonly disorder: DisorderBuffer | undefined;
  private paceStart: { wall: number; event: number } | undefined;

  constructor(
    private readonly ctx: OperatorContext,
    private readonly options: SourceEmitterOptions,
  ) {
    this.out = ctx.output('out');
    this.watermarks = new SourceWatermarks(options.watermarks, [this.out, ctx.output('errors')], ctx.metrics, ctx.clock.now());
    this.watermarks.split(SPLIT, ctx.clock.now());
    const time = options.time;
    this.assign =
      time === undefined || time.mode === 'processing'
        ? undefined
        : time.mode === 'event'
          ? fieldTimestampAssigner(time.field, time.format)
          : expressionTimestampAssigner(ctx.userCode<(e: DataRecord) => unknown>('time'));
    this.disorder = options.disorder ? new DisorderBuffer(options.disorder.maxDelay, options.disorder.seed) : undefined;
  }

  /**
   * Takes one record read at `line`. Its timestamp comes from `time` (or `timestamp` when the
   * source has its own). @returns the timestamp, or `undefined` when the record went to `errors`.
   */
  offer(row: DataRecord, line: number, timestamp?: number): number | undefined {
    const ts = this.stamp(row, line, timestamp);
    if (ts !== undefined) this.accept(row, ts);
    return ts;
  }

  /**
   * `offer` for paced replay: waits until replay at `speed` × event time reaches the record's
   * timestamp, then emits it, so a gap in event time is a gap in arrival before the record
   * (and idleness is detected during it, as Flink's `withIdleness`).
   */
  async offerPaced(row: DataRecord, line: number, timestamp?: number): Promise<number | undefined> {
    const ts = this.stamp(row, line, timestamp);
    if (ts === undefined) return undefined;
    await this.pace(ts);
    this.accept(row, ts);
    return ts;
  }

  /** Counts the record in and assigns its timestamp; a failure goes to `errors` (counted once). */
  private stamp(row: DataRecord, line: number, timestamp?: number): number | undefined {
    const ctx = this.ctx;
    ctx.metrics.in++;
    if (timestamp !== undefined) return timestamp;
    if (this.assign === undefined) return ctx.clock.epochMillis();
    try {
      ctx.guard.enter();
      const ts = this.assign(row);
      ctx.guard.exit();
      return ts;
    } catch (error) {
      ctx.guard.exit();
      this.reject(line, (error as Error).message, JSON.stringify(row));
      return undefined;
    }
  }

  private accept(row: DataRecord, ts: number): void {
    this.ctx.metrics.accepted++;
    if (this.disorder) this.disorder.push(row, ts, (r, t) => this.emit(r, t));
    else this.emit(row, ts);
  }

  /** A record that could not be read: to `errors` with file, line and reason. */
  bad(line: number, reason: string, raw: string): void {
    this.ctx.metrics.in++;
    this.reject(line, reason, raw);
  }

  /** Sends an already counted record to `errors`. */
  private reject(line: number, reason: string, raw: string): void {
    this.ctx.error(reason, { file: this.options.file, line, raw }, this.maxTimestamp === MIN_WATERMARK ? 0 : this.maxTimestamp);
  }

  private emit(row: DataRecord, ts: number): void {
    if (ts > this.maxTimestamp) this.maxTimestamp = ts;
    this.out.emit(row, ts);
    this.watermarks.onRecord(0, ts);
  }

  snapshot(): EmitterSnapshot {
    return { watermarks: this.watermarks.snapshot(), disorder: this.disorder?.snapshot() };
  }

  restore(s: EmitterSnapshot | LegacyEmitterSnapshot): void {
    const watermarks = 'watermarks' in s ? s.watermarks : { emitted: s.emittedWatermark, maxTimestamps: s.maxTimestamp === MIN_WATERMARK ? {} : { [SPLIT]: s.maxTimestamp }, idle: s.idle };
    this.watermarks.restore(watermarks);
    this.maxTimestamp = watermarks.maxTimestamps[SPLIT] ?? MIN_WATERMARK;
    if (s.disorder) this.disorder?.restore(s.disorder);
  }

  /** Call between chunks: periodic watermark emission and idleness detection. */
  tick(): void {
    this.watermarks.tick(this.ctx.clock.now());
  }

  /** Waits until replay at `speed` × event time reaches `timestamp` (no-op at `max`). */
  async pace(timestamp: number | undefined): Promise<void> {
    const speed = this.options.speed;
    if (speed === 'max' || timestamp === undefined) return;
    const clock = this.ctx.clock;
    if (!this.paceStart) {
      this.paceStart = { wall: clock.now(), event: timestamp };
      return;
    }
    const start = this.paceStart;
    const due = (): number => start.wall + (timestamp - start.event) / speed;
    // Sleep in short steps so that stop and pause are noticed during long gaps in event time;
    // time spent paused does not count as replay time.
    for (let wait = due() - clock.now(); wait > 0 && !this.ctx.stopped(); wait = due() - clock.now()) {
      await clock.sleep(Math.min(wait, this.options.watermarks.interval, 100));
      const before = clock.now();
      await this.ctx.whenRunning();
      start.wall += clock.now() - before;
      this.tick();
    }
  }

  /** End of input: releases held-back records, then the final watermark and end-of-stream. */
  finish(): void {
    this.disorder?.flush((r, t) => this.emit(r, t));
    this.watermarks.end();
  }
}

/** The emitter snapshot checkpoints held before `SourceWatermarks` (still restorable). */
interface LegacyEmitterSnapshot {
  maxTimestamp: number;
  emittedWatermark: number;
  idle: boolean;
  disorder?: DisorderSnapshot;
}
