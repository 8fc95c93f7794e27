/**
 * Event-time timers per key and namespace (Flink's `InternalTimerService`): registering the
 * same (timestamp, key, namespace) twice keeps one timer; `advance(watermark)` fires every
 * timer with `timestamp <= watermark` in timestamp order (equal timestamps in registration
 * order), including timers registered while firing.
 *
 * Snapshots are asynchronous like the heap backend's (see `heap-backend.ts`): each timer
 * carries the version of the last snapshot that saw it; a snapshot walks the live timers
 * between records, and a timer deleted or fired before the walk reaches it is saved first.
 */
import { encodeTimerChunk, type StateChunk, type TimerEntry } from './chunk-codec.ts';
import { Slicer } from './cooperative.ts';
import type { KeyedChunks } from './heap-backend.ts';
import { timerEntriesOf, type InternalTimerService, type TimerCallback } from './event-timers.ts';
import { TimestampHeap } from './timestamp-heap.ts';

export type { TimerCallback } from './event-timers.ts';

interface Timer {
  /** `timerKey(key, namespace)`. */
  id: string;
  key: string;
  namespace: string | number;
  /** Registration order. */
  seq: number;
  /** Version of the last snapshot that saved it. */
  ver: number;
}

/** Identity of a timer within its timestamp (namespace types kept apart: 2 is not '2'). */
const timerKey = (key: string, namespace: string | number): string => `${key}\u0000${typeof namespace === 'number' ? 'n' : 's'}${namespace}`;

/** Timers per chunk. */
const CHUNK_TIMERS = 8192;

/**
 * The timers of one timestamp: the timer itself while it is the only one (most timestamps of
 * per-record timers), else a map by `timerKey` in registration order.
 */
type Bucket = Timer | Map<string, Timer>;

/** Timers in memory (the `heap` backend's; see `event-timers.ts`). */
export class HeapTimerService implements InternalTimerService {
  /** Distinct timestamps. */
  private readonly heap = new TimestampHeap();
  private readonly byTime = new Map<number, Bucket>();
  private count = 0;
  private nextSeq = 0;
  private version = 0;
  private snapshotting = false;
  /** `[timestamp, key, namespace, seq, …]` saved before a change during a snapshot. */
  private saved: (number | string)[] = [];
  private encoded: Buffer[] = [];
  /** Where the running snapshot's chunks go (`encoded` unless a sink was given). */
  private emit: (chunk: Buffer) => void = (chunk) => this.encoded.push(chunk);
  private encodedCount = 0;

  get size(): number {
    return this.count;
  }

  register(timestamp: number, key: string, namespace: string | number): void {
    const id = timerKey(key, namespace);
    const bucket = this.byTime.get(timestamp);
    if (bucket === undefined) {
      this.byTime.set(timestamp, this.timer(id, key, namespace));
      this.heap.push(timestamp);
    } else if (bucket instanceof Map) {
      if (bucket.has(id)) return;
      bucket.set(id, this.timer(id, key, namespace));
    } else {
      if (bucket.id === id) return;
      this.byTime.set(
        timestamp,
        new Map([
          [bucket.id, bucket],
          [id, this.timer(id, key, namespace)],
        ]),
      );
    }
    this.count++;
  }

  private timer(id: string, key: string, namespace: string | number): Timer {
    return { id, key, namespace, seq: this.nextSeq++, ver: this.version };
  }

  delete(timestamp: number, key: string, namespace: string | number): void {
    const bucket = this.byTime.get(timestamp);
    if (bucket === undefined) return;
    const id = timerKey(key, namespace);
    const timer = bucket instanceof Map ? bucket.get(id) : bucket.id === id ? bucket : undefined;
    if (!timer) return;
    if (timer.ver !== this.version) this.preserve(timestamp, timer);
    // A lone timer's bucket goes; its timestamp stays in the heap and is skipped when reached.
    if (bucket instanceof Map) bucket.delete(id);
    else this.byTime.delete(timestamp);
    this.count--;
  }

  private preserve(timestamp: number, t: Timer): void {
    t.ver = this.version;
    if (!this.snapshotting) return;
    this.saved.push(timestamp, t.key, t.namespace, t.seq);
    if (this.saved.length >= CHUNK_TIMERS * 4) this.encodeSaved();
  }

  private encodeSaved(): void {
    if (this.saved.length === 0) return;
    this.emit(encodeTimerChunk(this.saved));
    this.encodedCount += this.saved.length / 4;
    this.saved = [];
  }

  /** Fires due timers in timestamp order. */
  /**
   * Fires due timers one at a time, like Flink's `advanceWatermark` polling its queue: a timer
   * deleted by an earlier callback does not fire, registering a timer still waiting keeps one,
   * and a due timer registered meanwhile fires in this call.
   */
  advance(watermark: number, fire: TimerCallback): void {
    while (this.heap.size > 0 && (this.heap.peek() as number) <= watermark) {
      const ts = this.heap.peek() as number;
      const timers = this.byTime.get(ts);
      if (!timers) {
        this.heap.pop();
        continue;
      }
      if (!(timers instanceof Map)) {
        // A lone timer: gone before its callback runs, so one registered there for this
        // timestamp makes a new bucket (and heap entry) and fires in this call too.
        this.heap.pop();
        this.byTime.delete(ts);
        if (timers.ver !== this.version) this.preserve(ts, timers);
        this.count--;
        fire(ts, timers.key, timers.namespace);
        continue;
      }
      // One live iterator per timestamp being fired: it skips timers deleted meanwhile and
      // reaches ones appended meanwhile (a fresh iterator per timer would rescan the holes
      // that deletions leave at the front of the map).
      if (this.firing?.ts !== ts || this.firing.timers !== timers) this.firing = { ts, timers, iterator: timers.entries() };
      const next = this.firing.iterator.next();
      if (next.done === true) {
        this.heap.pop();
        this.byTime.delete(ts);
        this.firing = undefined;
        continue;
      }
      const [id, t] = next.value;
      if (t.ver !== this.version) this.preserve(ts, t);
      timers.delete(id);
      this.count--;
      fire(ts, t.key, t.namespace);
    }
  }

  /** The timestamp being fired and where firing is in its timers. */
  private firing: { ts: number; timers: Map<string, Timer>; iterator: MapIterator<[string, Timer]> } | undefined;

  /** All timers as `[timestamp, key, namespace, seq]`, synchronously (tests). */
  entries(): TimerEntry[] {
    const out: TimerEntry[] = [];
    for (const [ts, timers] of this.byTime) for (const t of timers instanceof Map ? timers.values() : [timers]) out.push([ts, t.key, t.namespace, t.seq]);
    return out;
  }

  /**
   * Starts an asynchronous snapshot of the timers registered now (see the file's header).
   * @returns timer chunks (`encodeTimerChunk`). @throws Error when one is already running.
   */
  snapshotAsync(sink?: (chunk: Buffer) => void): Promise<KeyedChunks> {
    if (this.snapshotting) throw new Error('a timer snapshot is already in progress');
    this.version++;
    this.snapshotting = true;
    this.saved = [];
    this.encoded = [];
    this.emit = sink ?? ((chunk) => this.encoded.push(chunk));
    this.encodedCount = 0;
    return this.serialize();
  }

  private async serialize(): Promise<KeyedChunks> {
    const slicer = new Slicer();
    const version = this.version;
    try {
      let flat: (number | string)[] = [];
      for (const [ts, timers] of this.byTime) {
        for (const t of timers instanceof Map ? timers.values() : [timers]) {
          if (t.ver === version) continue;
          t.ver = version;
          flat.push(ts, t.key, t.namespace, t.seq);
          if (flat.length >= CHUNK_TIMERS * 4) {
            this.emit(encodeTimerChunk(flat));
            this.encodedCount += CHUNK_TIMERS;
            flat = [];
            await slicer.pause();
          }
        }
      }
      if (flat.length > 0) {
        this.emit(encodeTimerChunk(flat));
        this.encodedCount += flat.length / 4;
      }
      this.encodeSaved();
      return { chunks: this.encoded, entries: this.encodedCount };
    } finally {
      this.snapshotting = false;
    }
  }

  /**
   * Registers restored timers in their original registration order (so equal timestamps fire
   * in the same order as in the run that took the checkpoint).
   */
  restore(entries: readonly TimerEntry[]): void {
    const sorted = [...entries].sort((a, b) => a[3] - b[3]);
    for (const [ts, key, ns] of sorted) this.register(ts, key, ns);
  }

  /** Restores the timers of checkpoint chunks (either backend's form). */
  restoreChunks(chunks: readonly StateChunk[]): void {
    const { fromTimerChunks, fromState } = timerEntriesOf(chunks);
    this.restore([...fromTimerChunks, ...fromState]);
  }
}
