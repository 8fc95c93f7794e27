/**
 * Event-time timers as operators see them (Flink's `InternalTimerService`), with two
 * implementations: `HeapTimerService` (in memory, the `heap` backend) and `LevelDbTimerService`
 * (in the working LevelDB, the `leveldb` backend). Both fire timers in timestamp order and
 * equal timestamps in registration order, so a pipeline gives the same output on either.
 *
 * In checkpoints, the heap service writes `timers` chunks; the LevelDB service keeps its timers
 * as keyed state named `TIMER_STATE` (per key, a map from `timerId(ts, namespace)` to the
 * registration sequence number), which travels in the keyed-state chunks. `timerEntriesOf`
 * reads both forms, so a pipeline can switch backends across a restore.
 */
import { chunkTimers, decodeStoredEntry, rawValues, type StateChunk, type TimerEntry } from './chunk-codec.ts';

export type TimerCallback = (timestamp: number, key: string, namespace: string | number) => void;

export interface InternalTimerService {
  /** Registers a timer; registering the same (timestamp, key, namespace) again keeps one. */
  register(timestamp: number, key: string, namespace: string | number): void;
  delete(timestamp: number, key: string, namespace: string | number): void;
  /** Fires every timer with `timestamp <= watermark` in order, including ones registered while firing. */
  advance(watermark: number, fire: TimerCallback): void;
  /** Timers registered. */
  readonly size: number;
  /**
   * Starts an asynchronous snapshot of the timers as they are now (`timers` chunks to `sink`,
   * or returned). The LevelDB service's timers are keyed state: it returns no chunks.
   */
  snapshotAsync(sink?: (chunk: Buffer) => void): Promise<{ chunks: Buffer[]; entries: number }>;
  /** Restores the timers held in a checkpoint's chunks (both forms, see the file's header). */
  restoreChunks(chunks: readonly StateChunk[]): void;
  /**
   * The timers registered now as `timers` chunks, for the state browser (like
   * `KeyedStateBackend.inspectChunks`: only while nothing processes records). The LevelDB
   * service's timers are keyed state, which its backend's `inspectChunks` sends: none here.
   */
  inspectChunks(sink: (chunk: Buffer) => Promise<void>): Promise<number>;
}

/** Name of the keyed state in which the LevelDB service keeps its timers. */
export const TIMER_STATE = '\u0001timers';

/** The map key of a timer in `TIMER_STATE`: `<timestamp>\0<n|s><namespace>`. */
export function timerId(timestamp: number, namespace: string | number): string {
  return `${timestamp}\u0000${typeof namespace === 'number' ? 'n' : 's'}${namespace}`;
}

/** Reads a `timerId`. */
export function parseTimerId(id: string): { timestamp: number; namespace: string | number } {
  const sep = id.indexOf('\u0000');
  const ns = id.slice(sep + 2);
  return { timestamp: Number(id.slice(0, sep)), namespace: id[sep + 1] === 'n' ? Number(ns) : ns };
}

/** Timers of one key's `TIMER_STATE` map. */
function fromIndex(key: string, index: Map<string | number, unknown>, out: TimerEntry[]): void {
  for (const [id, seq] of index) {
    const { timestamp, namespace } = parseTimerId(String(id));
    out.push([timestamp, key, namespace, seq as number]);
  }
}

const RAW_TIMER_PREFIX = `${TIMER_STATE}\u0000`;

/**
 * The timers in checkpoint chunks: `timers` chunks (heap service) and `TIMER_STATE` entries
 * (LevelDB service), the latter marked so the LevelDB service knows its index is restored.
 */
export function timerEntriesOf(chunks: readonly StateChunk[]): { fromTimerChunks: TimerEntry[]; fromState: TimerEntry[] } {
  const fromTimerChunks: TimerEntry[] = [];
  const fromState: TimerEntry[] = [];
  for (const chunk of chunks) {
    if (chunk.t === 'timers') fromTimerChunks.push(...chunkTimers(chunk));
    else if (chunk.t === 'keyed' && chunk.name === TIMER_STATE) {
      for (let i = 0; i < chunk.flat.length; i += 2) fromIndex(chunk.flat[i] as string, chunk.flat[i + 1] as Map<string | number, unknown>, fromState);
    } else if (chunk.t === 'raw') {
      const values = rawValues(chunk);
      chunk.keys.forEach((k, i) => {
        if (!k.startsWith(RAW_TIMER_PREFIX)) return;
        const [, , key, value] = decodeStoredEntry(k, values[i] as Uint8Array);
        fromIndex(key, value as Map<string | number, unknown>, fromState);
      });
    }
  }
  return { fromTimerChunks, fromState };
}
