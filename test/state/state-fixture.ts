/**
 * Checkpoints of known keyed state, written by the real backends into a real checkpoint store:
 * a node `agg` whose key `k<i>` holds value state `count` = i, map state `windows` (window start
 * → `{ key, accs: [i, 2i] }`, one or two windows) and, for every window, a timer at its end - 1.
 * The state goes through the backend's own asynchronous snapshot (`heap`: keyed MessagePack
 * chunks; `leveldb`: the working LevelDB's raw entries, its timers as keyed state) and the
 * checkpoint's part writer, exactly as a run writes it; the test knows every value independently.
 */
import { join } from 'node:path';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import { PartWriter } from '../../engine/runtime/checkpoint/part-writer.ts';
import { chunkPartId, encodePart } from '../../engine/runtime/checkpoint/snapshot.ts';
import { StateBackend } from '../../engine/runtime/state/state-backend.ts';

export const HOUR = 3_600_000;
export const BASE = Date.UTC(2024, 0, 1);

/** What key `k<i>` holds, as `tributary state --json` prints it. */
export function expectedKey(i: number, delta = 0): { key: string; state: Record<string, unknown>; timers: { timestamp: number; namespace: number }[] } {
  const starts = windowStarts(i);
  return {
    key: `k${i}`,
    state: {
      count: { kind: 'value', value: i + delta },
      windows: { kind: 'map', value: { $map: starts.map((s) => [s, { key: [`k${i}`], accs: [i, 2 * i] }]) } },
    },
    timers: starts.map((s) => ({ timestamp: s + HOUR - 1, namespace: s })),
  };
}

/** Window starts of key i: one, or two for every third key. */
export function windowStarts(i: number): number[] {
  const first = BASE + (i % 24) * HOUR;
  return i % 3 === 0 ? [first, first + 24 * HOUR] : [first];
}

/**
 * Writes checkpoint 1 of a store in `dir` holding keys `k0…k<keys-1>` of node `agg`, taken by
 * `backend`; or, with `checkpoints`, one checkpoint per round, each after setting its keys'
 * state (count = i + delta) on top of the previous rounds'.
 */
export async function writeState(
  dir: string,
  backend: 'heap' | 'leveldb',
  keys: number,
  options: { checkpoints?: { id: number; keys: readonly number[]; delta: number }[] } = {},
): Promise<void> {
  const store = await CheckpointStore.open(dir, 10);
  const state = new StateBackend(backend, 50_000, join(dir, 'fixture-working'));
  const keyed = state.backendFor('agg');
  const timers = state.timersFor('agg', keyed);
  await state.open();
  const count = keyed.value<number>('count');
  const windows = keyed.map<{ key: string[]; accs: number[] }>('windows');
  const put = (i: number, delta: number): void => {
    keyed.setCurrentKey(`k${i}`);
    count.set(i + delta);
    for (const s of windowStarts(i)) {
      windows.set(s, { key: [`k${i}`], accs: [i, 2 * i] });
      timers.register(s + HOUR - 1, `k${i}`, s);
    }
  };
  try {
    const rounds = options.checkpoints ?? [{ id: 1, keys: Array.from({ length: keys }, (_, i) => i), delta: 0 }];
    for (const round of rounds) {
      for (let n = 0; n < round.keys.length; n++) {
        put(round.keys[n] as number, round.delta);
        if (n % 10_000 === 9_999) await state.flushAll();
      }
      await state.flushAll();
      const writer = new PartWriter(store, round.id, false);
      let chunk = 0;
      const sink = (bytes: Buffer): void => writer.add(chunkPartId('agg', chunk++), bytes);
      const [{ entries }] = await Promise.all([keyed.snapshotAsync(sink), timers.snapshotAsync(sink)]);
      writer.add('agg', encodePart({ nodeId: 'agg', type: 'process', shape: 'process', counters: { in: keys }, outputCounts: {}, watermarks: { channels: [BASE], combined: BASE } }));
      await writer.finish();
      await store.commit(
        { id: round.id, time: Date.now(), pipeline: 'state fixture', sources: {}, finished: false, metrics: { id: round.id, durationMs: 0, alignmentMs: 0, bytes: writer.bytes, keys: entries } },
        writer.digests,
        writer.bytes,
      );
    }
  } finally {
    await state.close();
    await store.close();
  }
}
