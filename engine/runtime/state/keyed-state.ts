/**
 * Keyed state as Flink scopes it: every state handle reads and writes the entry of the
 * backend's current key, which the operator sets before processing a record or firing a timer.
 * Keys are strings (see `key-selector.ts`). Implementations: `HeapKeyedStateBackend` now; a
 * LevelDB-backed one (state larger than memory) comes with checkpoints.
 */

/** One value per key (Flink's `ValueState`). */
export interface ValueState<T> {
  get(): T | undefined;
  set(value: T): void;
  clear(): void;
}

/** A map per key (Flink's `MapState`); map keys are strings or numbers (window starts). */
export interface MapState<V> {
  get(key: string | number): V | undefined;
  set(key: string | number, value: V): void;
  delete(key: string | number): void;
  has(key: string | number): boolean;
  entries(): IterableIterator<[string | number, V]>;
  size(): number;
  clear(): void;
}

/** A list per key (Flink's `ListState`). */
export interface ListState<T> {
  get(): readonly T[];
  add(value: T): void;
  update(values: T[]): void;
  clear(): void;
}

/**
 * A snapshot of all keyed state of one operator: per state name, its kind and its entries as
 * `[key, value]` pairs (map state: `[key, [mapKey, value][]]`). Values must be
 * JSON-serializable; checkpoints write it to LevelDB.
 */
export interface KeyedStateSnapshot {
  states: Record<string, { kind: 'value' | 'map' | 'list'; entries: [string, unknown][] }>;
}

export interface KeyedStateBackend {
  setCurrentKey(key: string): void;
  getCurrentKey(): string;
  value<T>(name: string): ValueState<T>;
  map<V>(name: string): MapState<V>;
  list<T>(name: string): ListState<T>;
  /** Distinct keys with any state. */
  numKeys(): number;
  snapshot(): KeyedStateSnapshot;
  restore(snapshot: KeyedStateSnapshot): void;
}
