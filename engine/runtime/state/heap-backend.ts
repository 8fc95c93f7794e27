/**
 * Keyed state in memory (Flink's `HashMapStateBackend`): per state name, a `Map` from key to a
 * cell holding the value. Handles are created once and resolve the current key on every call.
 *
 * Checkpoints are asynchronous, in the manner of Flink's `CopyOnWriteStateMap`: every cell
 * carries the version of the last snapshot that saw it. Starting a snapshot only bumps the
 * backend's version (no copy, no pause proportional to the state); the snapshot then walks the
 * live maps between records and serializes every cell still carrying an older version. A
 * cell the pipeline reaches first — read (operators change values in place), replaced or
 * deleted — is copied at that moment, as it was at the barrier (`preserve`). Cells created
 * after the barrier carry the new version and are skipped. Outside a snapshot the only cost
 * is one integer comparison per access.
 */
import { encodeKeyedChunk, chunkEntries, type StateChunk } from './chunk-codec.ts';
import { copyValue } from './copy-value.ts';
import { Slicer } from './cooperative.ts';
import { TIMER_STATE } from './event-timers.ts';
import type { KeyedStateBackend, KeyedStateSnapshot, ListState, MapState, ValueState } from './keyed-state.ts';
import type { StateKind } from './state-entries.ts';

/** Serialized keyed-state chunks (see `chunk-codec.ts`) and how many entries they hold. */
export interface KeyedChunks {
  chunks: Buffer[];
  entries: number;
}

interface Cell {
  v: unknown;
  /** Version of the last snapshot that saved (or saw the creation of) this cell. */
  ver: number;
}

interface Store {
  name: string;
  kind: StateKind;
  data: Map<string, Cell>;
  /** `[key, value, …]` preserved on access during a snapshot, not yet encoded. */
  saved: unknown[];
}

/** Entries per chunk. */
const CHUNK_ENTRIES = 4096;

export class HeapKeyedStateBackend implements KeyedStateBackend {
  private currentKey = '';
  private readonly stores = new Map<string, Store>();
  private version = 0;
  private snapshotting = false;
  private encoded: Buffer[] = [];
  /** Where the running snapshot's chunks go (`encoded` unless a sink was given). */
  private emit: (chunk: Buffer) => void = (chunk) => this.encoded.push(chunk);
  private encodedCount = 0;

  setCurrentKey(key: string): void {
    this.currentKey = key;
  }

  getCurrentKey(): string {
    return this.currentKey;
  }

  private store(name: string, kind: StateKind): Store {
    let entry = this.stores.get(name);
    if (!entry) {
      entry = { name, kind, data: new Map(), saved: [] };
      this.stores.set(name, entry);
    } else if (entry.kind !== kind) {
      throw new Error(`state "${name}" is ${entry.kind} state, not ${kind} state`);
    }
    return entry;
  }

  /**
   * A cell from before the running snapshot's barrier is about to be exposed or replaced:
   * save its value for the snapshot (a deep copy when the pipeline may change it in place).
   */
  private preserve(store: Store, key: string, cell: Cell, copy: boolean): void {
    cell.ver = this.version;
    if (!this.snapshotting) return;
    store.saved.push(key, copy ? copyValue(cell.v) : cell.v);
    if (store.saved.length >= CHUNK_ENTRIES * 2) this.encodeSaved(store);
  }

  private encodeSaved(store: Store): void {
    if (store.saved.length === 0) return;
    this.emit(encodeKeyedChunk(store.name, store.kind, store.saved));
    this.encodedCount += store.saved.length / 2;
    store.saved = [];
  }

  /** The current key's cell, preserved first if a snapshot still needs it. */
  private cell(store: Store, copy: boolean): Cell | undefined {
    const c = store.data.get(this.currentKey);
    if (c !== undefined && c.ver !== this.version) this.preserve(store, this.currentKey, c, copy);
    return c;
  }

  private put(store: Store, value: unknown): void {
    const c = this.cell(store, false);
    if (c) c.v = value;
    else store.data.set(this.currentKey, { v: value, ver: this.version });
  }

  private remove(store: Store): void {
    if (this.cell(store, false)) store.data.delete(this.currentKey);
  }

  value<T>(name: string): ValueState<T> {
    const store = this.store(name, 'value');
    return {
      get: () => this.cell(store, true)?.v as T | undefined,
      set: (value) => this.put(store, value),
      clear: () => this.remove(store),
    };
  }

  map<V>(name: string): MapState<V> {
    const store = this.store(name, 'map');
    const current = (): Map<string | number, V> | undefined => this.cell(store, true)?.v as Map<string | number, V> | undefined;
    const empty = new Map<string | number, V>();
    return {
      get: (k) => current()?.get(k),
      set: (k, v) => {
        const m = current();
        if (m) m.set(k, v);
        else store.data.set(this.currentKey, { v: new Map([[k, v]]), ver: this.version });
      },
      delete: (k) => {
        const m = current();
        if (m && m.delete(k) && m.size === 0) store.data.delete(this.currentKey);
      },
      has: (k) => current()?.has(k) ?? false,
      entries: () => (current() ?? empty).entries(),
      size: () => current()?.size ?? 0,
      clear: () => this.remove(store),
    };
  }

  list<T>(name: string): ListState<T> {
    const store = this.store(name, 'list');
    const current = (): T[] | undefined => this.cell(store, true)?.v as T[] | undefined;
    return {
      get: () => current() ?? [],
      add: (v) => {
        const l = current();
        if (l) l.push(v);
        else store.data.set(this.currentKey, { v: [v], ver: this.version });
      },
      update: (values) => {
        if (values.length > 0) this.put(store, [...values]);
        else this.remove(store);
      },
      clear: () => this.remove(store),
    };
  }

  numKeys(): number {
    let n = 0;
    for (const { data } of this.stores.values()) n += data.size;
    return n;
  }

  /** A full copy, synchronously (tests). */
  snapshot(): KeyedStateSnapshot {
    const states: KeyedStateSnapshot['states'] = {};
    for (const { name, kind, data } of this.stores.values()) {
      const entries: [string, unknown][] = [];
      for (const [k, c] of data) entries.push([k, kind === 'map' ? [...(c.v as Map<string | number, unknown>)] : copyValue(c.v)]);
      states[name] = { kind, entries };
    }
    return { states };
  }

  /**
   * Starts an asynchronous snapshot of the state as it is now (see the file's header); the
   * returned chunks hold exactly the entries that existed at this call.
   * @throws Error when the previous snapshot has not finished.
   */
  snapshotAsync(sink?: (chunk: Buffer) => void): Promise<KeyedChunks> {
    if (this.snapshotting) throw new Error('a keyed-state snapshot is already in progress');
    this.version++;
    this.snapshotting = true;
    this.encoded = [];
    this.emit = sink ?? ((chunk) => this.encoded.push(chunk));
    this.encodedCount = 0;
    for (const store of this.stores.values()) store.saved = [];
    return this.serialize();
  }

  private async serialize(): Promise<KeyedChunks> {
    const slicer = new Slicer();
    const version = this.version;
    try {
      for (const store of this.stores.values()) {
        let flat: unknown[] = [];
        for (const [key, cell] of store.data) {
          if (cell.ver === version) continue;
          cell.ver = version;
          flat.push(key, cell.v);
          if (flat.length >= CHUNK_ENTRIES * 2) {
            // Encoded before yielding: the pipeline may change these values next.
            this.emit(encodeKeyedChunk(store.name, store.kind, flat));
            this.encodedCount += CHUNK_ENTRIES;
            flat = [];
            await slicer.pause();
          }
        }
        if (flat.length > 0) {
          this.emit(encodeKeyedChunk(store.name, store.kind, flat));
          this.encodedCount += flat.length / 2;
        }
      }
      for (const store of this.stores.values()) this.encodeSaved(store);
      return { chunks: this.encoded, entries: this.encodedCount };
    } finally {
      this.snapshotting = false;
    }
  }

  /** The current values (see `KeyedStateBackend.inspectChunks`); versions are left alone. */
  async inspectChunks(sink: (chunk: Buffer) => Promise<void>): Promise<number> {
    let sent = 0;
    for (const store of this.stores.values()) {
      let flat: unknown[] = [];
      for (const [key, cell] of store.data) {
        flat.push(key, cell.v);
        if (flat.length >= CHUNK_ENTRIES * 2) {
          await sink(encodeKeyedChunk(store.name, store.kind, flat));
          sent += CHUNK_ENTRIES;
          flat = [];
        }
      }
      if (flat.length > 0) {
        await sink(encodeKeyedChunk(store.name, store.kind, flat));
        sent += flat.length / 2;
      }
    }
    return sent;
  }

  /** Replaces all state; refills existing maps in place, because handles hold them. */
  restore(snapshot: KeyedStateSnapshot): void {
    for (const { data } of this.stores.values()) data.clear();
    for (const [name, { kind, entries }] of Object.entries(snapshot.states)) {
      const { data } = this.store(name, kind);
      for (const [k, v] of entries) data.set(k, { v: kind === 'map' ? new Map(v as [string | number, unknown][]) : v, ver: this.version });
    }
  }

  /**
   * Replaces all state with the entries of checkpoint chunks (any kind). Timers — `timers`
   * chunks, and the LevelDB timer service's `TIMER_STATE` — are the timer service's to restore.
   */
  restoreChunks(chunks: readonly StateChunk[]): void {
    for (const { data } of this.stores.values()) data.clear();
    for (const chunk of chunks) {
      if (chunk.t === 'keyed' && chunk.name !== TIMER_STATE) {
        const { data } = this.store(chunk.name, chunk.kind);
        const f = chunk.flat;
        for (let i = 0; i < f.length; i += 2) data.set(f[i] as string, { v: f[i + 1], ver: this.version });
      } else if (chunk.t === 'raw') {
        for (const [name, kind, key, value] of chunkEntries(chunk)) if (name !== TIMER_STATE) this.store(name, kind).data.set(key, { v: value, ver: this.version });
      }
    }
  }
}
