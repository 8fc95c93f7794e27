/**
 * What a single-split source (a file, a generator, inline values) does with a record it has
 * read: assign its timestamp, optionally hold it back to simulate disorder, emit it, and have
 * the source's watermarks generated (`source-watermarks.ts`: `BoundedOutOfOrdernessWatermarks`
 * with idleness, periodic or punctuated, and the final watermark at the end of input). It also
 * paces replay at a multiple of event time.
 *
 * Pulled by the merge of an aligned replay (`PullSource`), a source `take`s records instead of
 * `offer`ing them: they wait, stamped and past any disorder, in a ready queue whose first record
 * is the source's head; `emitHead` sends it on. The ready queue is part of the snapshot.
 *
 * A changelog source (`cdcSource`) gives a `decode` that turns each read record (a Debezium
 * envelope) into its changes: zero rows (a tombstone: counted as filtered), one, or an
 * update's `-U`/`+U` pair, all at one timestamp, counted as one accepted input.
 */
import type { TimeSpec, WatermarkSpec } from '../pipeline/config-schemas.ts';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';
import { expressionTimestampAssigner, fieldTimestampAssigner, type TimestampAssigner } from '../runtime/event-time.ts';
import type { OperatorContext } from '../runtime/operator-context.ts';
import type { Output } from '../runtime/output.ts';
import { MIN_WATERMARK, type DataRecord } from '../runtime/record.ts';
import { rowKind, withKind, type RowKind } from '../runtime/changelog/row-kind.ts';
import { DisorderBuffer, type DisorderSnapshot } from './disorder-buffer.ts';
import { SourceWatermarks, type SourceWatermarksSnapshot } from './source-watermarks.ts';

/** The watermark generator's state, kept in checkpoints with the source's position. */
export interface EmitterSnapshot {
  watermarks: SourceWatermarksSnapshot;
  disorder?: DisorderSnapshot;
  /** Pulled replay: records read and stamped but not yet emitted, in order (the head first). */
  ready?: { row: DataRecord; ts: number; kind?: RowKind }[];
}

/**
 * What a changelog source's `decode` makes of one read record: its changes (rows with their
 * `RowKind` set) and their event time (`undefined`: from the source's `time`, read on the last
 * row); `null` to skip it (a tombstone); a string to send it to `errors` with that reason.
 */
export type DecodedChange = { rows: DataRecord[]; timestamp: number | undefined } | null | string;

/** Decodes one read record into changes (see `DecodedChange`). Must not throw. */
export type ChangeDecoder = (row: DataRecord) => DecodedChange;

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
  /** A changelog source's decoder; `disorder` must be unset with one (held rows would lose their kind in checkpoints). */
  decode?: ChangeDecoder;
}

export class SourceEmitter {
  private readonly out: Output;
  private readonly watermarks: SourceWatermarks;
  private readonly assign: TimestampAssigner | undefined;
  /** The newest timestamp emitted (error rows carry it). */
  private maxTimestamp = MIN_WATERMARK;
  private readonly disorder: DisorderBuffer | undefined;
  private paceStart: { wall: number; event: number } | undefined;
  /** Pulled replay: stamped records waiting for the merge, from index `readyHead` (parallel arrays: no object per record). */
  private readyRows: (DataRecord | undefined)[] = [];
  private readyTimes: number[] = [];
  private readyHead = 0;
  private readonly toReady = (row: DataRecord, ts: number): void => {
    this.readyRows.push(row);
    this.readyTimes.push(ts);
  };

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
    if (this.options.decode) return this.offerChanges(row, line, (r, t) => this.emit(r, t));
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
    if (this.options.decode) {
      const changes = this.decodeChanges(row, line);
      if (changes === undefined) return undefined;
      await this.pace(changes.ts);
      return this.acceptChanges(changes, (r, t) => this.emit(r, t));
    }
    const ts = this.stamp(row, line, timestamp);
    if (ts === undefined) return undefined;
    await this.pace(ts);
    this.accept(row, ts);
    return ts;
  }

  /**
   * `offer` for a pulled source: the record joins the ready queue (through the disorder buffer,
   * if any) instead of being emitted. @returns its timestamp, or `undefined` when it went to `errors`.
   */
  take(row: DataRecord, line: number, timestamp?: number): number | undefined {
    if (this.options.decode) return this.offerChanges(row, line, this.toReady);
    const ts = this.stamp(row, line, timestamp);
    if (ts === undefined) return undefined;
    this.ctx.metrics.accepted++;
    if (this.disorder) this.disorder.push(row, ts, this.toReady);
    else this.toReady(row, ts);
    return ts;
  }

  /** The timestamp of the head (the first ready record), or `undefined` when none is ready. */
  headTime(): number | undefined {
    return this.readyHead < this.readyTimes.length ? this.readyTimes[this.readyHead] : undefined;
  }

  /** Emits the head. Call only when `headTime()` gave a timestamp. */
  emitHead(): void {
    const i = this.readyHead;
    const row = this.readyRows[i] as DataRecord;
    const ts = this.readyTimes[i] as number;
    if (i + 1 === this.readyTimes.length) {
      this.readyRows.length = 0;
      this.readyTimes.length = 0;
      this.readyHead = 0;
    } else {
      this.readyRows[i] = undefined;
      this.readyHead = i + 1;
    }
    this.emit(row, ts);
  }

  /** End of a pulled input: records the disorder buffer still holds become ready, in release order. */
  drain(): void {
    this.disorder?.flush(this.toReady);
  }

  /** Emits what a restored pulled snapshot left ready (a `run()` after a pulled checkpoint). */
  emitReady(): void {
    while (this.headTime() !== undefined) this.emitHead();
  }

  /** A changelog source's record: decoded, then each change goes to `to` (emit, or the ready queue). */
  private offerChanges(row: DataRecord, line: number, to: (row: DataRecord, ts: number) => void): number | undefined {
    const changes = this.decodeChanges(row, line);
    return changes === undefined ? undefined : this.acceptChanges(changes, to);
  }

  /** Counts the record in and decodes it; a tombstone is filtered, a bad envelope goes to `errors`. */
  private decodeChanges(row: DataRecord, line: number): { rows: DataRecord[]; ts: number } | undefined {
    const decoded = (this.options.decode as ChangeDecoder)(row);
    if (decoded === null) {
      this.ctx.metrics.in++;
      this.ctx.metrics.filtered++;
      return undefined;
    }
    if (typeof decoded === 'string') {
      this.bad(line, decoded, JSON.stringify(row));
      return undefined;
    }
    const last = decoded.rows[decoded.rows.length - 1] as DataRecord;
    const ts = this.stamp(last, line, decoded.timestamp);
    return ts === undefined ? undefined : { rows: decoded.rows, ts };
  }

  private acceptChanges(changes: { rows: DataRecord[]; ts: number }, to: (row: DataRecord, ts: number) => void): number {
    this.ctx.metrics.accepted++;
    for (const r of changes.rows) to(r, changes.ts);
    return changes.ts;
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
    const s: EmitterSnapshot = { watermarks: this.watermarks.snapshot(), disorder: this.disorder?.snapshot() };
    if (this.readyHead < this.readyTimes.length) {
      s.ready = [];
      for (let i = this.readyHead; i < this.readyTimes.length; i++) {
        const row = this.readyRows[i] as DataRecord;
        const kind = rowKind(row);
        s.ready.push(kind === '+I' ? { row, ts: this.readyTimes[i] as number } : { row, ts: this.readyTimes[i] as number, kind });
      }
    }
    return s;
  }

  restore(s: EmitterSnapshot | LegacyEmitterSnapshot): void {
    const watermarks = 'watermarks' in s ? s.watermarks : { emitted: s.emittedWatermark, maxTimestamps: s.maxTimestamp === MIN_WATERMARK ? {} : { [SPLIT]: s.maxTimestamp }, idle: s.idle };
    this.watermarks.restore(watermarks);
    this.maxTimestamp = watermarks.maxTimestamps[SPLIT] ?? MIN_WATERMARK;
    if (s.disorder) this.disorder?.restore(s.disorder);
    if ('ready' in s && s.ready) for (const r of s.ready) this.toReady(r.kind ? withKind(r.row, r.kind) : r.row, r.ts);
  }

  /**
   * Call between chunks: periodic watermark emission and idleness detection. `holding`: a pulled
   * source's head waits for its turn in the merge, which counts as activity, not idleness.
   */
  tick(holding = false): void {
    this.watermarks.tick(this.ctx.clock.now(), holding);
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
    this.emitReady();
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
