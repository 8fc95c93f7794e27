/**
 * Keyed state in memory (Flink's `HashMapStateBackend`): per state name, a `Map` from key to
 * value. Handles are created once and resolve the current key on every call.
 *
 * Checkpoints are asynchronous, in the spirit of Flink's copy-on-write heap snapshots: at the
 * barrier only the key sets are captured (`snapshotAsync`); entries are then serialized in
 * slices between records, and an entry the pipeline touches before its slice is serialized is
 * serialized first, as it was at the barrier. The synchronous pause is thus proportional to the
 * number of keys, not to the state's size in bytes.
 */
import { encodeChunk } from './chunk-codec.ts';
import type { KeyedStateBackend, KeyedStateSnapshot, ListState, MapState, ValueState } from './keyed-state.ts';
import type { StateEntry, StateKind } from './state-entries.ts';

/** Serialized keyed-state chunks (`StateEntry[]` each) and how many entries they hold. */
export interface KeyedChunks {
  chunks: Buffer[];
  entries: number;
}

interface Store {
  kind: StateKind;
  data: Map<string, unknown>;
}

const SLICE = 4096;
/** Serializing time between yields to the pipeline, ms. */
const WORK_MS = 8;

export class HeapKeyedStateBackend implements KeyedStateBackend {
  private currentKey = '';
  private readonly stores = new Map<string, Store>();
  /** Keys (per state name) captured at a barrier and not serialized yet. */
  private pending: Map<string, Set<string>> | undefined;
  private pendingEncoded: Buffer[] = [];
  private pendingCount = 0;

  setCurrentKey(key: string): void {
    this.currentKey = key;
  }

  getCurrentKey(): string {
    return this.currentKey;
  }

  private store(name: string, kind: StateKind): Map<string, unknown> {
    let entry = this.stores.get(name);
    if (!entry) {
      entry = { kind, data: new Map() };
      this.stores.set(name, entry);
    } else if (entry.kind !== kind) {
      throw new Error(`state "${name}" is ${entry.kind} state, not ${kind} state`);
    }
    return entry.data;
  }

  /** Before the current key's entry changes: serialize it if a snapshot still needs it. */
  private touch(name: string, kind: StateKind, data: Map<string, unknown>): void {
    const keys = this.pending?.get(name);
    if (keys === undefined || !keys.delete(this.currentKey)) return;
    // A deep copy now (the pipeline is about to change it); serialized with others later.
    this.touched.push([name, kind, this.currentKey, structuredClone(data.get(this.currentKey))]);
    this.pendingCount++;
    if (this.touched.length >= SLICE) this.pendingEncoded.push(encodeChunk(this.touched.splice(0)));
  }

  /** Entries copied on access during a snapshot, not yet serialized. */
  private touched: StateEntry[] = [];

  value<T>(name: string): ValueState<T> {
    const data = this.store(name, 'value');
    return {
      get: () => {
        if (this.pending) this.touch(name, 'value', data);
        return data.get(this.currentKey) as T | undefined;
      },
      set: (value) => {
        if (this.pending) this.touch(name, 'value', data);
        data.set(this.currentKey, value);
      },
      clear: () => {
        if (this.pending) this.touch(name, 'value', data);
        data.delete(this.currentKey);
      },
    };
  }

  map<V>(name: string): MapState<V> {
    const data = this.store(name, 'map') as Map<string, Map<string | number, V>>;
    const raw = data as Map<string, unknown>;
    const current = (): Map<string | number, V> | undefined => {
      if (this.pending) this.touch(name, 'map', raw);
      return data.get(this.currentKey);
    };
    const empty = new Map<string | number, V>();
    return {
      get: (k) => current()?.get(k),
      set: (k, v) => {
        let m = current();
        if (!m) data.set(this.currentKey, (m = new Map()));
        m.set(k, v);
      },
      delete: (k) => {
        const m = current();
        if (m && m.delete(k) && m.size === 0) data.delete(this.currentKey);
      },
      has: (k) => current()?.has(k) ?? false,
      entries: () => (current() ?? empty).entries(),
      size: () => current()?.size ?? 0,
      clear: () => {
        current();
        data.delete(this.currentKey);
      },
    };
  }

  list<T>(name: string): ListState<T> {
    const data = this.store(name, 'list') as Map<string, T[]>;
    const raw = data as Map<string, unknown>;
    const touch = (): void => {
      if (this.pending) this.touch(name, 'list', raw);
    };
    return {
      get: () => {
        touch();
        return data.get(this.currentKey) ?? [];
      },
      add: (v) => {
        touch();
        const l = data.get(this.currentKey);
        if (l) l.push(v);
        else data.set(this.currentKey, [v]);
      },
      update: (values) => {
        touch();
        if (values.length > 0) data.set(this.currentKey, [...values]);
        else data.delete(this.currentKey);
      },
      clear: () => {
        touch();
        data.delete(this.currentKey);
      },
    };
  }

  numKeys(): number {
    if (this.stores.size === 1) return (this.stores.values().next().value as Store).data.size;
    const keys = new Set<string>();
    for (const { data } of this.stores.values()) for (const k of data.keys()) keys.add(k);
    return keys.size;
  }

  /** A full copy, synchronously (tests, and the state of nodes with little state). */
  snapshot(): KeyedStateSnapshot {
    const states: KeyedStateSnapshot['states'] = {};
    for (const [name, { kind, data }] of this.stores) {
      const entries: [string, unknown][] = [];
      for (const [k, v] of data) entries.push([k, kind === 'map' ? [...(v as Map<string | number, unknown>)] : v]);
      states[name] = { kind, entries };
    }
    return { states };
  }

  /**
   * Starts an asynchronous snapshot of the state as it is now (see the file's header).
   * @throws Error when the previous snapshot has not finished.
   */
  snapshotAsync(): Promise<KeyedChunks> {
    if (this.pending) throw new Error('a keyed-state snapshot is already in progress');
    const pending = new Map<string, Set<string>>();
    const captured: { name: string; kind: StateKind; keys: string[]; data: Map<string, unknown> }[] = [];
    for (const [name, { kind, data }] of this.stores) {
      const keys = [...data.keys()];
      pending.set(name, new Set(keys));
      captured.push({ name, kind, keys, data });
    }
    this.pending = pending;
    this.pendingEncoded = [];
    this.touched = [];
    this.pendingCount = 0;
    return this.serializeSlices(captured);
  }

  private async serializeSlices(captured: { name: string; kind: StateKind; keys: string[]; data: Map<string, unknown> }[]): Promise<KeyedChunks> {
    try {
      let since = performance.now();
      for (const { name, kind, keys, data } of captured) {
        const left = this.pending?.get(name) as Set<string>;
        for (let i = 0; i < keys.length; i += SLICE) {
          const slice: StateEntry[] = [];
          for (let j = i; j < Math.min(keys.length, i + SLICE); j++) {
            const key = keys[j] as string;
            if (left.delete(key)) slice.push([name, kind, key, data.get(key)]);
          }
          if (slice.length > 0) {
            this.pendingEncoded.push(encodeChunk(slice));
            this.pendingCount += slice.length;
          }
          // Let records through every few milliseconds of serializing.
          if (performance.now() - since > WORK_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            since = performance.now();
          }
        }
      }
      if (this.touched.length > 0) this.pendingEncoded.push(encodeChunk(this.touched.splice(0)));
      return { chunks: this.pendingEncoded, entries: this.pendingCount };
    } finally {
      this.pending = undefined;
    }
  }

  /** Replaces all state; refills existing maps in place, because handles hold them. */
  restore(snapshot: KeyedStateSnapshot): void {
    for (const { data } of this.stores.values()) data.clear();
    for (const [name, { kind, entries }] of Object.entries(snapshot.states)) {
      const data = this.store(name, kind);
      for (const [k, v] of entries) data.set(k, kind === 'map' ? new Map(v as [string | number, unknown][]) : v);
    }
  }
}
