/**
 * Keyed state that lives in an embedded LevelDB (Flink's RocksDB state backend, in spirit):
 * the working state of every keyed operator is in `<dir>` and only a bounded number of entries
 * is kept in memory, so state can be larger than memory.
 *
 * Operators call state synchronously, so reads go cache → pending writes → `getSync`; writes go
 * to the cache, and entries evicted from it (least recently used first, approximately) are
 * written back in batches at the sources' chunk boundaries (`flush`). Stored values are
 * MessagePack (v8 where it would not give a value back exactly; `encodeStoredValue`). Every entry read is treated as modified,
 * because operators update accumulators in place (heap semantics).
 *
 * Checkpoints are asynchronous, like RocksDB's, and never decode what is on disk: at the barrier
 * only the backend's version is bumped and the evicted-but-unwritten entries are queued for
 * writing; once they are written, a LevelDB iterator — an implicit snapshot of that moment —
 * streams the stored entries into `raw` chunks as bytes, while the cache is walked between
 * records like the heap backend's maps (entries the pipeline reaches first are copied as they
 * were at the barrier). Stored entries that the cache held at the barrier are left out of the
 * stream: the cache's value is the newer one. Write-backs wait until that iterator exists.
 */
import type { ClassicLevel, Iterator as LevelIterator } from 'classic-level';
import type { KeyedStateBackend, KeyedStateSnapshot, ListState, MapState, ValueState } from './keyed-state.ts';
import { entriesFromSnapshot, type StateKind } from './state-entries.ts';
import type { KeyedChunks } from './heap-backend.ts';
import { decodeStoredValue, encodeKeyedChunk, encodeRawChunk, encodeStoredValue, rawValues, type StateChunk } from './chunk-codec.ts';
import { copyValue } from './copy-value.ts';
import { Slicer } from './cooperative.ts';
import { TIMER_STATE } from './event-timers.ts';

interface CacheEntry {
  name: string;
  kind: StateKind;
  key: string;
  value: unknown;
  /** Version of the last snapshot that saved it (see the file's header). */
  ver: number;
  /** Version current when it entered the cache. */
  born: number;
  /** Access count when it last moved to the cache's end. */
  tick: number;
}

/** Entries per chunk. */
const CHUNK_ENTRIES = 4096;
/** Stored entries read per LevelDB iterator call during a snapshot. */
const READ_ENTRIES = 16_384;
/** Bytes read per LevelDB iterator call during a snapshot (classic-level stops a `nextv` there). */
const READ_BYTES = 4 * 1024 * 1024;

/** Cache entries saved for the running snapshot, per state name: `[key, value, …]`. */
type Saved = Map<string, { kind: StateKind; flat: unknown[] }>;

const SEP = '\u0000';
/** Serialized entry, or `null` for a deletion. */
type Pending = Map<string, Buffer | null>;

/** Where the working database is: opened before any state is read or written. */
export interface LevelDbHandle {
  readonly db: ClassicLevel<string, Buffer>;
}

export class LevelDbKeyedStateBackend implements KeyedStateBackend {
  private currentKey = '';
  private readonly cache = new Map<string, CacheEntry>();
  /** Evicted, not yet written. */
  private pending: Pending = new Map();
  /** Being written (by a flush or a snapshot). */
  private readonly inFlight: Pending[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private holdWrites = 0;
  /** Cache accesses so far (for the approximate LRU). */
  private ticks = 0;
  private entryCount = 0;
  private version = 0;
  private snapshotting = false;
  private saved: Saved = new Map();
  private encoded: Buffer[] = [];
  /** Where the running snapshot's chunks go (`encoded` unless a sink was given). */
  private emit: (chunk: Buffer) => void = (chunk) => this.encoded.push(chunk);
  private encodedCount = 0;
  /** Cache keys of the barrier evicted during the snapshot: their stored value is older. */
  private readonly shadowed = new Set<string>();

  /**
   * @param working the working database (shared by all operators; keys are prefixed), open
   *   before any state is read or written
   * @param prefix this operator's key prefix, e.g. `per_hour/`
   * @param cacheEntries entries kept in memory
   */
  constructor(
    private readonly working: LevelDbHandle,
    private readonly prefix: string,
    private readonly cacheEntries: number,
  ) {}

  setCurrentKey(key: string): void {
    this.currentKey = key;
  }

  getCurrentKey(): string {
    return this.currentKey;
  }

  private dbKey(name: string, key: string): string {
    return `${this.prefix}${name}${SEP}${key}`;
  }

  /** The entry for (name, current key), loading it; `undefined` value when absent. */
  private entry(name: string, kind: StateKind): CacheEntry {
    const k = this.dbKey(name, this.currentKey);
    let e = this.cache.get(k);
    const tick = ++this.ticks;
    if (e !== undefined) {
      if (e.ver !== this.version) this.preserve(e, true);
      // Approximate LRU: an entry moves to the end only when it has not moved for a quarter of
      // the cache's accesses, so hot keys do not churn the map on every record.
      if (tick - e.tick > this.cacheEntries >> 2) {
        e.tick = tick;
        this.cache.delete(k);
        this.cache.set(k, e);
      }
      return e;
    }
    e = { name, kind, key: this.currentKey, value: this.load(k), ver: this.version, born: this.version, tick };
    this.cache.set(k, e);
    if (this.cache.size > this.cacheEntries) this.evict();
    return e;
  }

  private load(k: string): unknown {
    const bytes = this.readRaw(k);
    return bytes === undefined ? undefined : decodeStoredValue(bytes).value;
  }

  /**
   * A stored value by its full database key, newest first: not yet written, being written, on
   * disk. Also used for data kept beside keyed state (the LevelDB timer service's segments).
   */
  readRaw(k: string): Buffer | undefined {
    let bytes: Buffer | null | undefined = this.pending.get(k);
    for (let i = this.inFlight.length - 1; bytes === undefined && i >= 0; i--) bytes = (this.inFlight[i] as Pending).get(k);
    if (bytes === undefined) bytes = this.working.db.getSync(k) ?? null;
    return bytes ?? undefined;
  }

  /** Queues a write (`null` deletes) by full database key; written with the next flush. */
  writeRaw(k: string, bytes: Buffer | null): void {
    this.pending.set(k, bytes);
  }

  private get timerIndexPrefix(): string {
    return `${this.prefix}${TIMER_STATE}${SEP}`;
  }

  /** The working database (shared by all operators). */
  get database(): ClassicLevel<string, Buffer> {
    return this.working.db;
  }

  private evict(): void {
    const target = Math.floor(this.cacheEntries * 0.9);
    for (const [k, e] of this.cache) {
      if (this.cache.size <= target) break;
      if (this.snapshotting && e.born < this.version) {
        if (e.ver !== this.version) this.preserve(e, false);
        this.shadowed.add(k);
      }
      this.cache.delete(k);
      this.pending.set(k, this.encode(e));
    }
  }

  /** Saves a cache entry as it was at the running snapshot's barrier (a copy if it may change in place). */
  private preserve(e: CacheEntry, copy: boolean): void {
    e.ver = this.version;
    if (!this.snapshotting || e.value === undefined) return;
    let saved = this.saved.get(e.name);
    if (!saved) this.saved.set(e.name, (saved = { kind: e.kind, flat: [] }));
    saved.flat.push(e.key, copy ? copyValue(e.value) : e.value);
    if (saved.flat.length >= CHUNK_ENTRIES * 2) this.encodeSaved(e.name);
  }

  private encodeSaved(name: string): void {
    const saved = this.saved.get(name);
    if (!saved || saved.flat.length === 0) return;
    this.emit(encodeKeyedChunk(name, saved.kind, saved.flat));
    if (name !== TIMER_STATE) this.encodedCount += saved.flat.length / 2;
    saved.flat = [];
  }

  private encode(e: CacheEntry | undefined): Buffer | null {
    if (!e || e.value === undefined) return null;
    return encodeStoredValue(e.kind, e.value);
  }

  private put(name: string, kind: StateKind, value: unknown): void {
    const e = this.entry(name, kind);
    if (name !== TIMER_STATE) {
      if (e.value === undefined && value !== undefined) this.entryCount++;
      else if (e.value !== undefined && value === undefined) this.entryCount--;
    }
    e.value = value;
  }

  value<T>(name: string): ValueState<T> {
    return {
      get: () => this.entry(name, 'value').value as T | undefined,
      set: (v) => this.put(name, 'value', v),
      clear: () => this.put(name, 'value', undefined),
    };
  }

  map<V>(name: string): MapState<V> {
    const current = (): Map<string | number, V> | undefined => this.entry(name, 'map').value as Map<string | number, V> | undefined;
    return {
      get: (k) => current()?.get(k),
      set: (k, v) => {
        const m = current();
        if (m) m.set(k, v);
        else this.put(name, 'map', new Map([[k, v]]));
      },
      delete: (k) => {
        const m = current();
        if (m && m.delete(k) && m.size === 0) this.put(name, 'map', undefined);
      },
      has: (k) => current()?.has(k) ?? false,
      entries: () => (current() ?? new Map<string | number, V>()).entries(),
      size: () => current()?.size ?? 0,
      clear: () => this.put(name, 'map', undefined),
    };
  }

  list<T>(name: string): ListState<T> {
    return {
      get: () => (this.entry(name, 'list').value as T[] | undefined) ?? [],
      add: (v) => {
        const l = this.entry(name, 'list').value as T[] | undefined;
        if (l) l.push(v);
        else this.put(name, 'list', [v]);
      },
      update: (values) => this.put(name, 'list', values.length > 0 ? [...values] : undefined),
      clear: () => this.put(name, 'list', undefined),
    };
  }

  /** State entries (counts creations and deletions; the timer index is not counted). */
  numKeys(): number {
    return this.entryCount;
  }

  /**
   * Writes evicted entries back; sources call it at chunk boundaries. Returns at once unless
   * more than a cache's worth of entries is still being written (back-pressure).
   */
  async flush(): Promise<void> {
    if (this.holdWrites === 0 && this.pending.size > 0) {
      const batch = this.pending;
      this.pending = new Map();
      this.inFlight.push(batch);
      this.flushing = this.flushing.then(() => this.write(batch));
    }
    const writing = this.inFlight.reduce((n, b) => n + b.size, 0) + this.pending.size;
    if (writing > this.cacheEntries) await this.flushing;
  }

  /** Waits for every write started so far. */
  async drain(): Promise<void> {
    await this.flush();
    await this.flushing;
  }

  private async write(batch: Pending): Promise<void> {
    await this.working.db.batch([...batch].map(([key, value]) => (value === null ? { type: 'del' as const, key } : { type: 'put' as const, key, value })));
    this.inFlight.splice(this.inFlight.indexOf(batch), 1);
  }

  /** Synchronous snapshots are not possible here; checkpoints use `snapshotAsync`. */
  snapshot(): KeyedStateSnapshot {
    throw new Error('the leveldb state backend snapshots asynchronously (snapshotAsync)');
  }

  /**
   * Starts an asynchronous snapshot of all state as it is now (see the file's header).
   * @returns `keyed` chunks of the cache's entries and `raw` chunks of the stored ones.
   * @throws Error when one is already running.
   */
  snapshotAsync(sink?: (chunk: Buffer) => void): Promise<KeyedChunks> {
    if (this.snapshotting) throw new Error('a keyed-state snapshot is already in progress');
    this.version++;
    this.snapshotting = true;
    this.saved = new Map();
    this.encoded = [];
    this.emit = sink ?? ((chunk) => this.encoded.push(chunk));
    this.encodedCount = 0;
    this.shadowed.clear();
    const barrierWrites = this.pending;
    this.pending = new Map();
    this.inFlight.push(barrierWrites);
    this.holdWrites++;
    const iterator = this.flushing.then(async () => {
      try {
        await this.write(barrierWrites);
        return this.working.db.iterator({ gte: this.prefix, lt: `${this.prefix}\uffff`, highWaterMarkBytes: READ_BYTES });
      } finally {
        this.holdWrites--;
      }
    });
    const done = this.serialize(iterator);
    this.flushing = iterator.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async serialize(opening: Promise<LevelIterator<ClassicLevel<string, Buffer>, string, Buffer>>): Promise<KeyedChunks> {
    const version = this.version;
    const slicer = new Slicer();
    try {
      // The cache as it was at the barrier.
      let walked = 0;
      for (const e of this.cache.values()) {
        if (e.ver === version) continue;
        this.preserve(e, false);
        if (++walked % CHUNK_ENTRIES === 0) {
          // Encoded before yielding: the pipeline may change these values next.
          for (const name of this.saved.keys()) this.encodeSaved(name);
          await slicer.pause();
        }
      }
      for (const name of this.saved.keys()) this.encodeSaved(name);
      // The stored entries the cache did not hold, as bytes.
      const iterator = await opening;
      let stored = 0;
      try {
        const skip = this.prefix.length;
        const timerIndex = this.timerIndexPrefix;
        for (let batch = await iterator.nextv(READ_ENTRIES); batch.length > 0; batch = await iterator.nextv(READ_ENTRIES)) {
          const keys: string[] = [];
          const values: Buffer[] = [];
          for (const [k, v] of batch) {
            if (this.shadowed.has(k)) continue;
            const cached = this.cache.get(k);
            if (cached !== undefined && cached.born < version) continue;
            keys.push(k.slice(skip));
            values.push(v);
            if (!k.startsWith(timerIndex)) stored++;
          }
          if (keys.length > 0) this.emit(encodeRawChunk(keys, values));
        }
      } finally {
        await iterator.close();
      }
      return { chunks: this.encoded, entries: this.encodedCount + stored };
    } finally {
      this.snapshotting = false;
      this.shadowed.clear();
    }
  }

  /**
   * The current state (see `KeyedStateBackend.inspectChunks`): the cache's values, then the
   * written-back entries not yet on disk, then the stored entries neither of them shadows, as
   * bytes from a LevelDB iterator. Memory holds the cache's and the pending writes' keys only.
   */
  async inspectChunks(sink: (chunk: Buffer) => Promise<void>): Promise<number> {
    const seen = new Set<string>();
    let sent = 0;
    const byName = new Map<string, { kind: StateKind; flat: unknown[] }>();
    const send = async (name: string, force: boolean): Promise<void> => {
      const group = byName.get(name);
      if (!group || group.flat.length === 0 || (!force && group.flat.length < CHUNK_ENTRIES * 2)) return;
      await sink(encodeKeyedChunk(name, group.kind, group.flat));
      if (name !== TIMER_STATE) sent += group.flat.length / 2;
      group.flat = [];
    };
    for (const [k, e] of [...this.cache]) {
      seen.add(k);
      if (e.value === undefined) continue;
      let group = byName.get(e.name);
      if (!group) byName.set(e.name, (group = { kind: e.kind, flat: [] }));
      group.flat.push(e.key, e.value);
      await send(e.name, false);
    }
    for (const name of byName.keys()) await send(name, true);
    const skip = this.prefix.length;
    const timerIndex = this.timerIndexPrefix;
    let keys: string[] = [];
    let values: Buffer[] = [];
    const sendRaw = async (force: boolean): Promise<void> => {
      if (keys.length === 0 || (!force && keys.length < CHUNK_ENTRIES)) return;
      await sink(encodeRawChunk(keys, values));
      keys = [];
      values = [];
    };
    const take = async (k: string, v: Buffer): Promise<void> => {
      keys.push(k.slice(skip));
      values.push(v);
      if (!k.startsWith(timerIndex)) sent++;
      await sendRaw(false);
    };
    // Written back but maybe not on disk yet: the newest of pending and in-flight writes.
    for (const batch of [this.pending, ...[...this.inFlight].reverse()]) {
      for (const [k, v] of [...batch]) {
        if (seen.has(k) || !k.startsWith(this.prefix)) continue;
        seen.add(k);
        if (v !== null) await take(k, v);
      }
    }
    const iterator = this.working.db.iterator({ gte: this.prefix, lt: `${this.prefix}\uffff`, highWaterMarkBytes: READ_BYTES });
    try {
      for (let batch = await iterator.nextv(READ_ENTRIES); batch.length > 0; batch = await iterator.nextv(READ_ENTRIES)) {
        for (const [k, v] of batch) if (!seen.has(k)) await take(k, v);
      }
    } finally {
      await iterator.close();
    }
    await sendRaw(true);
    return sent;
  }

  /** Queues a heap-format snapshot; `restoreEntries` loads it (async). */
  restore(snapshot: KeyedStateSnapshot): void {
    const entries = entriesFromSnapshot(snapshot);
    const flat = new Map<string, { kind: StateKind; flat: unknown[] }>();
    for (const [name, kind, key, value] of entries) {
      let f = flat.get(name);
      if (!f) flat.set(name, (f = { kind, flat: [] }));
      f.flat.push(key, value);
    }
    for (const [name, { kind, flat: f }] of flat) this.restoreQueue.push({ t: 'keyed', name, kind, flat: f });
  }

  /** Queues checkpoint chunks (any kind; timer chunks are ignored); `restoreEntries` loads them. */
  restoreChunks(chunks: readonly StateChunk[]): void {
    this.restoreQueue.push(...chunks);
  }

  private readonly restoreQueue: StateChunk[] = [];

  /** Replaces the working state with what was queued (empty when nothing was). */
  async restoreEntries(): Promise<void> {
    this.cache.clear();
    this.pending.clear();
    await this.working.db.clear({ gte: this.prefix, lt: `${this.prefix}\uffff` });
    let count = 0;
    for (const chunk of this.restoreQueue.splice(0)) {
      const ops: { type: 'put'; key: string; value: Buffer }[] = [];
      if (chunk.t === 'raw') {
        const values = rawValues(chunk);
        chunk.keys.forEach((k, i) => {
          const v = values[i] as Uint8Array;
          ops.push({ type: 'put', key: this.prefix + k, value: Buffer.from(v.buffer, v.byteOffset, v.byteLength) });
        });
      } else if (chunk.t === 'keyed') {
        const f = chunk.flat;
        for (let i = 0; i < f.length; i += 2) {
          ops.push({ type: 'put', key: this.dbKey(chunk.name, f[i] as string), value: encodeStoredValue(chunk.kind, f[i + 1]) });
        }
      }
      if (ops.length === 0) continue;
      await this.working.db.batch(ops);
      for (const op of ops) if (!op.key.startsWith(this.timerIndexPrefix)) count++;
    }
    this.entryCount = count;
  }
}
