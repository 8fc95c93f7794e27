/**
 * Keyed state that lives in an embedded LevelDB (Flink's RocksDB state backend, in spirit):
 * the working state of every keyed operator is in `<dir>` and only a bounded number of entries
 * is kept in memory, so state can be larger than memory.
 *
 * Operators call state synchronously, so reads go cache → pending writes → `getSync`; writes go
 * to the cache, and entries evicted from it (least recently used first) are written back in
 * batches at the sources' chunk boundaries (`flush`). Every entry read is treated as modified,
 * because operators update accumulators in place (heap semantics).
 *
 * Checkpoints are asynchronous, like RocksDB's: at the barrier the modified entries are
 * serialized at once (synchronously); then, while the pipeline goes on, they are written and a
 * LevelDB iterator — an implicit snapshot of that moment — streams the whole state into
 * checkpoint chunks. Write-backs wait until that iterator exists.
 */
import { deserialize, serialize } from 'node:v8';
import type { ClassicLevel } from 'classic-level';
import type { KeyedStateBackend, KeyedStateSnapshot, ListState, MapState, ValueState } from './keyed-state.ts';
import { entriesFromSnapshot, snapshotFromEntries, type StateEntry, type StateKind } from './state-entries.ts';
import type { KeyedChunks } from './heap-backend.ts';
import { encodeChunk } from './chunk-codec.ts';

interface CacheEntry {
  name: string;
  kind: StateKind;
  key: string;
  value: unknown;
}

const SEP = '\u0000';
/** Serialized entry, or `null` for a deletion. */
type Pending = Map<string, Buffer | null>;

export class LevelDbKeyedStateBackend implements KeyedStateBackend {
  private currentKey = '';
  private readonly cache = new Map<string, CacheEntry | undefined>();
  /** Evicted, not yet written. */
  private pending: Pending = new Map();
  /** Being written (by a flush or a snapshot). */
  private readonly inFlight: Pending[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private holdWrites = 0;
  private entryCount = 0;

  /**
   * @param db the working database (shared by all operators; keys are prefixed)
   * @param prefix this operator's key prefix, e.g. `per_hour/`
   * @param cacheEntries entries kept in memory
   */
  constructor(
    private readonly db: ClassicLevel<string, Buffer>,
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
    if (e !== undefined) {
      this.cache.delete(k); // LRU: move to the end
      this.cache.set(k, e);
      return e;
    }
    e = { name, kind, key: this.currentKey, value: this.load(k) };
    this.cache.set(k, e);
    if (this.cache.size > this.cacheEntries) this.evict();
    return e;
  }

  private load(k: string): unknown {
    let bytes: Buffer | null | undefined = this.pending.get(k);
    for (let i = this.inFlight.length - 1; bytes === undefined && i >= 0; i--) bytes = (this.inFlight[i] as Pending).get(k);
    if (bytes === undefined) bytes = this.db.getSync(k) ?? null;
    return bytes === null ? undefined : (deserialize(bytes) as StateEntry)[3];
  }

  private evict(): void {
    const target = Math.floor(this.cacheEntries * 0.9);
    for (const [k, e] of this.cache) {
      if (this.cache.size <= target) break;
      this.cache.delete(k);
      this.pending.set(k, this.encode(e));
    }
  }

  private encode(e: CacheEntry | undefined): Buffer | null {
    if (!e || e.value === undefined) return null;
    const entry: StateEntry = [e.name, e.kind, e.key, e.value];
    return serialize(entry);
  }

  private put(name: string, kind: StateKind, value: unknown): void {
    const e = this.entry(name, kind);
    if (e.value === undefined && value !== undefined) this.entryCount++;
    else if (e.value !== undefined && value === undefined) this.entryCount--;
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

  /** Entries with state (approximate between checkpoints: counts creations and deletions). */
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
    await this.db.batch([...batch].map(([key, value]) => (value === null ? { type: 'del' as const, key } : { type: 'put' as const, key, value })));
    this.inFlight.splice(this.inFlight.indexOf(batch), 1);
  }

  /** Synchronous snapshots are not possible here; checkpoints use `snapshotAsync`. */
  snapshot(): KeyedStateSnapshot {
    throw new Error('the leveldb state backend snapshots asynchronously (snapshotAsync)');
  }

  /**
   * Starts an asynchronous snapshot of all state as it is now. Synchronous part: serializes
   * every cached entry. @returns the state's entries, serialized in chunks of at most
   * `chunkSize` entries.
   */
  snapshotAsync(chunkSize = 10_000): Promise<KeyedChunks> {
    const dirty: Pending = new Map(this.pending);
    for (const [k, e] of this.cache) dirty.set(k, this.encode(e));
    this.pending = new Map();
    this.inFlight.push(dirty);
    this.holdWrites++;
    const done = this.flushing.then(async () => {
      await this.write(dirty);
      const iterator = this.db.iterator({ gte: this.prefix, lt: `${this.prefix}\uffff` });
      this.holdWrites--;
      const chunks: Buffer[] = [];
      let count = 0;
      try {
        for (let batch = await iterator.nextv(chunkSize); batch.length > 0; batch = await iterator.nextv(chunkSize)) {
          chunks.push(encodeChunk(batch.map(([, value]) => deserialize(value) as StateEntry)));
          count += batch.length;
        }
      } finally {
        await iterator.close();
      }
      this.entryCount = count;
      return { chunks, entries: count };
    });
    this.flushing = done.then(() => undefined);
    return done;
  }

  /** Queues a heap-format snapshot; `restoreEntries` loads it (async). */
  restore(snapshot: KeyedStateSnapshot): void {
    this.restoreQueue.push(entriesFromSnapshot(snapshot));
  }

  /** Queues chunks from a LevelDB-backend checkpoint; `restoreEntries` loads them. */
  restoreLater(chunks: StateEntry[][]): void {
    this.restoreQueue.push(...chunks);
  }

  private readonly restoreQueue: StateEntry[][] = [];

  /** Replaces the working state with what was queued (empty when nothing was). */
  async restoreEntries(chunks: StateEntry[][] = []): Promise<void> {
    this.cache.clear();
    this.pending.clear();
    await this.db.clear({ gte: this.prefix, lt: `${this.prefix}\uffff` });
    let count = 0;
    for (const chunk of [...this.restoreQueue.splice(0), ...chunks]) {
      await this.db.batch(chunk.map((entry) => ({ type: 'put' as const, key: this.dbKey(entry[0], entry[2]), value: serialize(entry) })));
      count += chunk.length;
    }
    this.entryCount = count;
  }

  /** For the heap backend's side of a backend switch. */
  static toSnapshot(chunks: StateEntry[][]): KeyedStateSnapshot {
    return snapshotFromEntries(chunks.flat());
  }
}
