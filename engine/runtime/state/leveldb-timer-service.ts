/**
 * Event-time timers for the `leveldb` backend, kept in the working LevelDB (as Flink's RocksDB
 * backend keeps its timers in RocksDB by default), so state with timers can exceed memory.
 *
 * - The index — which timers exist, and their registration order — is keyed state: for each
 *   key, a map `TIMER_STATE` from `timerId(timestamp, namespace)` to the registration sequence
 *   number, cached and written back with the rest of the key's state, and part of the keyed
 *   state's checkpoints. Registering the same timer twice finds it there and keeps one.
 * - For firing in order, timers are appended to per-timestamp segments of up to
 *   `SEGMENT_TIMERS` entries written beside keyed state (`<nodeId>\u0001B<timestamp><segment>`);
 *   only the segment being filled stays in memory, and all of them are written out when more
 *   than `OPEN_TIMERS_LIMIT` timers are pending in memory. Memory holds one small record per
 *   distinct timestamp (windows share them: every key's window ends at the same time).
 * - `advance` reads the due segments in order and fires each timer the index still holds
 *   with the same sequence number (a deleted or re-registered timer's old segment entry is
 *   skipped), so equal timestamps fire in registration order, as with the heap service.
 *
 * Restore rebuilds the segments from the restored timers (sorted by sequence number).
 */
import { deserialize, serialize } from 'node:v8';
import type { StateChunk } from './chunk-codec.ts';
import { timerEntriesOf, timerId, TIMER_STATE, type InternalTimerService, type TimerCallback } from './event-timers.ts';
import type { KeyedChunks } from './heap-backend.ts';
import type { MapState } from './keyed-state.ts';
import type { LevelDbKeyedStateBackend } from './leveldb-backend.ts';
import { TimestampHeap } from './timestamp-heap.ts';

/** Timers per segment. */
const SEGMENT_TIMERS = 4096;
/** Timers kept in memory in unwritten segments before all of them are written out. */
const OPEN_TIMERS_LIMIT = 65_536;

interface Bucket {
  /** Ids of the segments written for this timestamp, in order. */
  segments: number[];
  /** The segment being filled: `[key, namespace, seq, …]`. */
  open: (string | number)[];
  /** While firing: the segment being fired and the position of its next timer. */
  firing?: { items: (string | number)[]; at: number };
}

/** Orders timestamps in keys: `ts + 2^53` as 14 hex digits (integers in ±2^53 keep their order). */
const tsKey = (ts: number): string => (ts + 2 ** 53).toString(16).padStart(14, '0');

export class LevelDbTimerService implements InternalTimerService {
  private readonly heap = new TimestampHeap();
  private readonly buckets = new Map<number, Bucket>();
  private readonly index: MapState<number>;
  private readonly segmentPrefix: string;
  private nextSeq = 0;
  private nextSegment = 0;
  private count = 0;
  private openTimers = 0;
  private queued: StateChunk[] | undefined;

  /**
   * @param backend the same node's keyed state (the index lives there)
   * @param nodeId names the segments' key range
   */
  constructor(
    private readonly backend: LevelDbKeyedStateBackend,
    nodeId: string,
  ) {
    this.index = backend.map<number>(TIMER_STATE);
    this.segmentPrefix = `${nodeId}\u0001B`;
  }

  get size(): number {
    return this.count;
  }

  /** Runs `f` with `key` as the backend's current key, then puts the operator's key back. */
  private withKey<T>(key: string, f: () => T): T {
    const previous = this.backend.getCurrentKey();
    if (previous === key) return f();
    this.backend.setCurrentKey(key);
    try {
      return f();
    } finally {
      this.backend.setCurrentKey(previous);
    }
  }

  register(timestamp: number, key: string, namespace: string | number): void {
    const id = timerId(timestamp, namespace);
    this.withKey(key, () => {
      if (this.index.has(id)) return;
      const seq = this.nextSeq++;
      this.index.set(id, seq);
      this.append(timestamp, key, namespace, seq);
      this.count++;
    });
  }

  delete(timestamp: number, key: string, namespace: string | number): void {
    const id = timerId(timestamp, namespace);
    this.withKey(key, () => {
      if (!this.index.has(id)) return;
      this.index.delete(id);
      this.count--;
    });
  }

  private append(timestamp: number, key: string, namespace: string | number, seq: number): void {
    let bucket = this.buckets.get(timestamp);
    if (!bucket) {
      bucket = { segments: [], open: [] };
      this.buckets.set(timestamp, bucket);
      this.heap.push(timestamp);
    }
    bucket.open.push(key, namespace, seq);
    this.openTimers++;
    if (bucket.open.length >= SEGMENT_TIMERS * 3) this.spill(timestamp, bucket);
    if (this.openTimers > OPEN_TIMERS_LIMIT) for (const [ts, b] of this.buckets) this.spill(ts, b);
  }

  private segmentKey(timestamp: number, segment: number): string {
    return `${this.segmentPrefix}${tsKey(timestamp)}${segment.toString(16).padStart(12, '0')}`;
  }

  /** Writes a bucket's open segment out. */
  private spill(timestamp: number, bucket: Bucket): void {
    if (bucket.open.length === 0) return;
    const segment = this.nextSegment++;
    this.backend.writeRaw(this.segmentKey(timestamp, segment), serialize(bucket.open));
    bucket.segments.push(segment);
    this.openTimers -= bucket.open.length / 3;
    bucket.open = [];
  }

  /**
   * Fires due timers one at a time in (timestamp, registration) order, like Flink's
   * `advanceWatermark` polling its queue: a timer deleted by an earlier callback does not fire,
   * and a due timer registered meanwhile — even an earlier one — fires in this call, in order.
   */
  advance(watermark: number, fire: TimerCallback): void {
    while (this.heap.size > 0 && (this.heap.peek() as number) <= watermark) {
      const ts = this.heap.peek() as number;
      const bucket = this.buckets.get(ts);
      const firing = bucket && this.nextToFire(ts, bucket);
      if (!firing) {
        this.heap.pop();
        this.buckets.delete(ts);
        continue;
      }
      const { items, at } = firing;
      firing.at += 3;
      const key = items[at] as string;
      const namespace = items[at + 1] as string | number;
      const seq = items[at + 2] as number;
      const id = timerId(ts, namespace);
      const live = this.withKey(key, () => {
        if (this.index.get(id) !== seq) return false; // deleted, or registered again later
        this.index.delete(id);
        return true;
      });
      if (!live) continue;
      this.count--;
      fire(ts, key, namespace);
    }
  }

  /** The bucket's segment holding its next timer (written segments first, then the open one). */
  private nextToFire(ts: number, bucket: Bucket): { items: (string | number)[]; at: number } | undefined {
    for (;;) {
      const f = bucket.firing;
      if (f && f.at < f.items.length) return f;
      const segment = bucket.segments.shift();
      if (segment !== undefined) {
        const key = this.segmentKey(ts, segment);
        const bytes = this.backend.readRaw(key);
        this.backend.writeRaw(key, null);
        bucket.firing = { items: bytes ? (deserialize(bytes) as (string | number)[]) : [], at: 0 };
        continue;
      }
      if (bucket.open.length === 0) return undefined;
      this.openTimers -= bucket.open.length / 3;
      bucket.firing = { items: bucket.open, at: 0 };
      bucket.open = [];
    }
  }

  /** The timers are keyed state (`TIMER_STATE`), snapshotted with it: nothing to add. */
  snapshotAsync(): Promise<KeyedChunks> {
    return Promise.resolve({ chunks: [], entries: 0 });
  }

  /** None: the timer index is keyed state, which the backend's `inspectChunks` sends. */
  async inspectChunks(): Promise<number> {
    return 0;
  }

  /** Queues checkpoint chunks; `open()` restores their timers once keyed state is loaded. */
  restoreChunks(chunks: readonly StateChunk[]): void {
    this.queued = [...(this.queued ?? []), ...chunks];
  }

  /**
   * Clears old segments and restores queued timers: their segments (in registration order)
   * and, for timers from a heap checkpoint, their index entries. Call after the keyed state
   * backend's `restoreEntries`.
   */
  async open(): Promise<void> {
    const db = this.backend.database;
    await db.clear({ gte: this.segmentPrefix, lt: `${this.segmentPrefix}\uffff` });
    const chunks = this.queued ?? [];
    this.queued = undefined;
    const { fromTimerChunks, fromState } = timerEntriesOf(chunks);
    const all = [...fromTimerChunks.map((e) => [...e, 1] as const), ...fromState.map((e) => [...e, 0] as const)];
    all.sort((a, b) => a[3] - b[3]);
    for (const [ts, key, ns, seq, needsIndex] of all) {
      if (needsIndex) this.withKey(key, () => this.index.set(timerId(ts, ns), seq));
      this.append(ts, key, ns, seq);
      this.count++;
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
    }
    await this.backend.flush();
  }
}
