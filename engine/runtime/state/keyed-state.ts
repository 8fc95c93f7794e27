/**
 * Keyed state as Flink scopes it: every state handle reads and writes the entry of the
 * backend's current key, which the operator sets before processing a record or firing a timer.
 * Keys are strings (see `key-selector.ts`). Implementations: `HeapKeyedStateBackend` (state in
 * memory) and `LevelDbKeyedStateBackend` (state in a working LevelDB, larger than memory).
 */
import type { StateChunk } from './chunk-codec.ts';

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
  /** State entries: one per key and state name (timers not counted). */
  numKeys(): number;
  /** A full copy, synchronously (tests; the LevelDB backend cannot and throws). */
  snapshot(): KeyedStateSnapshot;
  restore(snapshot: KeyedStateSnapshot): void;
  /**
   * Starts an asynchronous snapshot of the state as it is at this call, for a checkpoint.
   * Chunks (`chunk-codec.ts`) go to `sink` as they are encoded, or, without one, are returned.
   * @returns the chunks not sent to a sink (none when there is one) and the number of entries
   *   in all of them.
   */
  snapshotAsync(sink?: (chunk: Buffer) => void): Promise<{ chunks: Buffer[]; entries: number }>;
  /** Replaces all state with the entries of checkpoint chunks (any kind; timer chunks are ignored). */
  restoreChunks(chunks: readonly StateChunk[]): void;
}
