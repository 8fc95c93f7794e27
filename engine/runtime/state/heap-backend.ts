/**
 * Keyed state in memory (Flink's `HashMapStateBackend`): per state name, a `Map` from key to
 * value. Handles are created once and resolve the current key on every call.
 */
import type { KeyedStateBackend, KeyedStateSnapshot, ListState, MapState, ValueState } from './keyed-state.ts';

type Kind = 'value' | 'map' | 'list';

export class HeapKeyedStateBackend implements KeyedStateBackend {
  private currentKey = '';
  private readonly stores = new Map<string, { kind: Kind; data: Map<string, unknown> }>();

  setCurrentKey(key: string): void {
    this.currentKey = key;
  }

  getCurrentKey(): string {
    return this.currentKey;
  }

  private store(name: string, kind: Kind): Map<string, unknown> {
    let entry = this.stores.get(name);
    if (!entry) {
      entry = { kind, data: new Map() };
      this.stores.set(name, entry);
    } else if (entry.kind !== kind) {
      throw new Error(`state "${name}" is ${entry.kind} state, not ${kind} state`);
    }
    return entry.data;
  }

  value<T>(name: string): ValueState<T> {
    const data = this.store(name, 'value');
    return {
      get: () => data.get(this.currentKey) as T | undefined,
      set: (value) => void data.set(this.currentKey, value),
      clear: () => void data.delete(this.currentKey),
    };
  }

  map<V>(name: string): MapState<V> {
    const data = this.store(name, 'map') as Map<string, Map<string | number, V>>;
    const current = (): Map<string | number, V> | undefined => data.get(this.currentKey);
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
      clear: () => void data.delete(this.currentKey),
    };
  }

  list<T>(name: string): ListState<T> {
    const data = this.store(name, 'list') as Map<string, T[]>;
    return {
      get: () => data.get(this.currentKey) ?? [],
      add: (v) => {
        const l = data.get(this.currentKey);
        if (l) l.push(v);
        else data.set(this.currentKey, [v]);
      },
      update: (values) => void (values.length > 0 ? data.set(this.currentKey, [...values]) : data.delete(this.currentKey)),
      clear: () => void data.delete(this.currentKey),
    };
  }

  numKeys(): number {
    const keys = new Set<string>();
    for (const { data } of this.stores.values()) for (const k of data.keys()) keys.add(k);
    return keys.size;
  }

  snapshot(): KeyedStateSnapshot {
    const states: KeyedStateSnapshot['states'] = {};
    for (const [name, { kind, data }] of this.stores) {
      const entries: [string, unknown][] = [];
      for (const [k, v] of data) entries.push([k, kind === 'map' ? [...(v as Map<string | number, unknown>)] : v]);
      states[name] = { kind, entries };
    }
    return { states };
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
