/**
 * Keyed state as Flink scopes it: every state handle reads and writes the entry of the
 * backend's current key, which the operator sets before processing a record or firing a timer.
 * Keys are strings (see `key-selector.ts`). Implementations: `HeapKeyedStateBackend` (state in
 * memory) and `LevelDbKeyedStateBackend` (state in a working LevelDB, larger than memory).
 */
import type { StateChunk } from './chunk-codec.ts';

import type { ListState, MapState, ValueState } from '../../udf/user-api.ts';

/** Value, map and list state: the very types user code sees (`engine/udf/user-api.ts`). */
export type { ListState, MapState, ValueState };

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
  /**
   * The live state as checkpoint chunks, for the state browser: current values, not a snapshot,
   * so call it only while nothing processes records (a paused job). Each chunk is handed to
   * `sink`, which may wait (flow control) before the next one is encoded.
   * @returns the entries sent.
   */
  inspectChunks(sink: (chunk: Buffer) => Promise<void>): Promise<number>;
}
