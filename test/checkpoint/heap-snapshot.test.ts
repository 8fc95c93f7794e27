/**
 * The heap backend's asynchronous snapshot captures the state as it was at the barrier, even
 * when the pipeline changes entries while the snapshot is being serialized.
 */
import { chunkEntries, decodeChunk } from '../../engine/runtime/state/chunk-codec.ts';
import { describe, expect, it } from 'vitest';
import { HeapKeyedStateBackend } from '../../engine/runtime/state/heap-backend.ts';

describe('heap backend asynchronous snapshot', () => {
  it('serializes the barrier-time value of entries changed, deleted or added afterwards', async () => {
    const backend = new HeapKeyedStateBackend();
    const counts = backend.value<{ n: number }>('counts');
    const windows = backend.map<number[]>('windows');
    const keys = 20_000;
    for (let i = 0; i < keys; i++) {
      backend.setCurrentKey(`k${i}`);
      counts.set({ n: i });
      windows.set(0, [i]);
    }
    const pending = backend.snapshotAsync();
    // After the barrier: mutate in place, delete, and add — across slices not yet serialized.
    for (let i = keys - 1; i >= 0; i -= 7) {
      backend.setCurrentKey(`k${i}`);
      const c = counts.get() as { n: number };
      c.n = -1; // in place, like window accumulators
      windows.delete(0);
    }
    backend.setCurrentKey('new');
    counts.set({ n: 999 });
    const { chunks, entries } = await pending;
    const all = chunks.flatMap((c) => chunkEntries(decodeChunk(c)));
    expect(entries).toBe(keys * 2);
    expect(all).toHaveLength(keys * 2);
    const byKey = new Map(all.filter((e) => e[0] === 'counts').map((e) => [e[2], e[3] as { n: number }]));
    for (let i = 0; i < keys; i++) expect(byKey.get(`k${i}`)?.n).toBe(i);
    expect(byKey.has('new')).toBe(false);
    const windowEntries = all.filter((e) => e[0] === 'windows');
    expect(windowEntries).toHaveLength(keys);
    expect([...(windowEntries[5]?.[3] as Map<number, number[]>)]).toEqual([[0, [Number(windowEntries[5]?.[2].slice(1))]]]);
    // The live state did change.
    backend.setCurrentKey('k0');
    expect(counts.get()?.n).toBe(i0());
  });
});

/** k0 is changed only if (keys - 1 - 0) % 7 === 0: 19999 % 7 = 0? 19999 = 7 * 2857, so yes. */
function i0(): number {
  return -1;
}
