/**
 * Asynchronous snapshots of the `leveldb` keyed-state backend (`LevelDbKeyedStateBackend.snapshotAsync`,
 * `engine/runtime/state/leveldb-backend.ts`) hold exactly the state at the barrier while the
 * pipeline goes on:
 *
 * 20,000 keys with a value state and a map state each, over a cache of a few percent (or half)
 * of them, mostly flushed to disk, plus a set of keys read just before the barrier so that they
 * are in the cache. While the snapshot runs — one batch of changes synchronously right after
 * `snapshotAsync()`, then a batch per turn of the event loop, each followed by `flush()` like a
 * source's chunk boundary — values are changed in place (through `get()`), replaced, cleared,
 * map entries added and removed, new keys created, and thousands of other keys read so that the
 * cache evicts entries, including the ones it held at the barrier. The decoded chunks must hold
 * every (state, key) of the barrier once, with its barrier value, and nothing created after it;
 * the reported entry count must match; the live state must have all the changes; and a restore
 * of the chunks into a fresh LevelDB backend and into a heap backend reads back the barrier values.
 *
 * One variant makes `performance.now()` advance 100 ms per call, so the snapshot's walk of the
 * cache yields after every 4,096 entries and the changes also land in the middle of that walk.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunkEntries, decodeChunk, type StateChunk } from '../../engine/runtime/state/chunk-codec.ts';
import { HeapKeyedStateBackend } from '../../engine/runtime/state/heap-backend.ts';
import type { KeyedStateBackend } from '../../engine/runtime/state/keyed-state.ts';
import { LevelDbKeyedStateBackend } from '../../engine/runtime/state/leveldb-backend.ts';
import { closeScratchDbs, openScratchDb, type ScratchDb } from './level-db-fixture.ts';
import { seeded } from './spawn-run.ts';

const KEYS = 20_000;
const VALUE = 'acc';
const MAP = 'seen';

interface Acc {
  n: number;
  tag?: string;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await closeScratchDbs();
});

const openDb = (): Promise<ScratchDb> => openScratchDb('leveldb-snapshot-');


/** Makes every `performance.now()` call 100 ms later than the previous one (every slicer check ends a slice). */
function slowClock(): void {
  let t = performance.now();
  vi.spyOn(performance, 'now').mockImplementation(() => (t += 100));
}

/** `${state}\0${key}` → value (a `Map` for map state): the expected state. */
type Model = Map<string, unknown>;
const id = (name: string, key: string): string => `${name}\u0000${key}`;

/** A comparable form of a state value (`Map`s as their entries; number and string map keys stay apart). */
const norm = (v: unknown): string => JSON.stringify(v instanceof Map ? { map: [...(v as Map<unknown, unknown>)] } : v);

function copyModel(m: Model): Model {
  return new Map([...m].map(([k, v]) => [k, structuredClone(v)]));
}

/** Reads (name, key) from a backend as the model holds it (`undefined` when absent). */
function read(backend: KeyedStateBackend, name: string, key: string): unknown {
  backend.setCurrentKey(key);
  if (name === VALUE) return backend.value<Acc>(VALUE).get();
  const m = backend.map<unknown>(MAP);
  return m.size() === 0 ? undefined : new Map(m.entries());
}

/** Differences between two models, at most a few of each kind. */
function differences(actual: Model, expected: Model): string[] {
  const out: string[] = [];
  for (const [k, v] of expected) {
    if (!actual.has(k)) out.push(`missing ${JSON.stringify(k)}`);
    else if (norm(actual.get(k)) !== norm(v)) out.push(`${JSON.stringify(k)}: ${norm(actual.get(k))} instead of ${norm(v)}`);
    if (out.length >= 10) return out;
  }
  for (const k of actual.keys()) {
    if (!expected.has(k)) out.push(`unexpected ${JSON.stringify(k)}`);
    if (out.length >= 10) return out;
  }
  return out;
}

describe('LevelDbKeyedStateBackend.snapshotAsync', () => {
  it.each([
    { label: '1,000-entry cache, returned chunks', cache: 1000, inCacheAtBarrier: 400, touch: 1500, slow: false, sink: false },
    { label: '10,000-entry cache, a sink, the walk yielding every 4,096 entries', cache: 10_000, inCacheAtBarrier: 4000, touch: 6000, slow: true, sink: true },
  ])('holds exactly the state at the barrier while the pipeline goes on ($label)', async ({ cache, inCacheAtBarrier, touch, slow, sink }) => {
    const db = await openDb();
    const backend = new LevelDbKeyedStateBackend(db, 'orig/', cache);
    db.backends.push(backend);
    await backend.restoreEntries();
    const acc = backend.value<Acc>(VALUE);
    const seen = backend.map<unknown>(MAP);
    const live: Model = new Map();

    for (let i = 0; i < KEYS; i++) {
      const key = `k${i}`;
      backend.setCurrentKey(key);
      acc.set({ n: i });
      live.set(id(VALUE, key), { n: i });
      seen.set('first', i);
      if (i % 5 === 0) seen.set(i % 7, `x${i}`);
      live.set(id(MAP, key), new Map<unknown, unknown>(i % 5 === 0 ? [['first', i], [i % 7, `x${i}`]] : [['first', i]]));
      if (i % 1000 === 999) await backend.flush();
    }
    await backend.flush();
    // These keys (both states) are in the cache at the barrier; everything else is on disk or being written.
    const barrierCached: string[] = [];
    for (let i = 5000; i < 5000 + inCacheAtBarrier; i++) {
      const key = `k${i}`;
      barrierCached.push(key);
      backend.setCurrentKey(key);
      acc.get();
      seen.get('first');
    }
    const barrier = copyModel(live);

    // The pipeline's changes, applied to the backend and to the model alike.
    const rand = seeded(99);
    const anyKey = (): string => (rand() < 0.5 ? (barrierCached[Math.floor(rand() * barrierCached.length)] as string) : `k${Math.floor(rand() * KEYS)}`);
    let batches = 0;
    const batch = (): void => {
      const b = batches++;
      for (let j = 0; j < 80; j++) {
        // In place, through get().
        const key = anyKey();
        backend.setCurrentKey(key);
        const v = acc.get();
        if (v) {
          v.n += 1_000_000;
          v.tag = `inplace${b}`;
          (live.get(id(VALUE, key)) as Acc).n += 1_000_000;
          (live.get(id(VALUE, key)) as Acc).tag = `inplace${b}`;
        }
        if (seen.size() > 0) {
          seen.set(`b${b}`, j);
          (live.get(id(MAP, key)) as Map<unknown, unknown>).set(`b${b}`, j);
        }
      }
      for (let j = 0; j < 40; j++) {
        const key = anyKey();
        backend.setCurrentKey(key);
        acc.set({ n: -j, tag: `set${b}` });
        live.set(id(VALUE, key), { n: -j, tag: `set${b}` });
      }
      for (let j = 0; j < 20; j++) {
        const key = anyKey();
        backend.setCurrentKey(key);
        if (j % 3 === 0) {
          acc.clear();
          live.delete(id(VALUE, key));
        } else if (j % 3 === 1) {
          seen.clear();
          live.delete(id(MAP, key));
        } else {
          // Removing 'first' empties the maps that held only it.
          seen.delete('first');
          const m = live.get(id(MAP, key)) as Map<unknown, unknown> | undefined;
          m?.delete('first');
          if (m?.size === 0) live.delete(id(MAP, key));
        }
      }
      for (let j = 0; j < 30; j++) {
        const key = `new${b}-${j}`;
        backend.setCurrentKey(key);
        acc.set({ n: j, tag: 'created' });
        seen.set(j, 'created');
        live.set(id(VALUE, key), { n: j, tag: 'created' });
        live.set(id(MAP, key), new Map([[j, 'created']]));
      }
      // Reads of keys that are mostly not cached: the cache evicts, barrier entries included.
      for (let j = 0; j < touch; j++) {
        backend.setCurrentKey(`k${Math.floor(rand() * KEYS)}`);
        acc.get();
      }
    };

    if (slow) slowClock();
    const sunk: Buffer[] = [];
    let settled = false;
    const pending = backend.snapshotAsync(sink ? (c) => sunk.push(c) : undefined);
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    batch();
    let asyncBatches = 0;
    while (!settled) {
      await backend.flush();
      await new Promise((r) => setImmediate(r));
      if (settled) break;
      batch();
      asyncBatches++;
    }
    const { chunks, entries } = await pending;
    vi.restoreAllMocks();
    // The snapshot really ran while the pipeline changed things.
    expect(asyncBatches).toBeGreaterThanOrEqual(1);
    // With a sink, the chunks went there and none are returned.
    if (sink) expect(chunks).toEqual([]);
    else expect(sunk).toEqual([]);

    const decoded: StateChunk[] = (sink ? sunk : chunks).map((c) => decodeChunk(c));
    const got: Model = new Map();
    let duplicates = 0;
    let count = 0;
    for (const [name, kind, key, value] of decoded.flatMap((c) => chunkEntries(c))) {
      count++;
      expect(kind).toBe(name === VALUE ? 'value' : 'map');
      if (got.has(id(name, key))) duplicates++;
      got.set(id(name, key), value);
    }
    expect(duplicates).toBe(0);
    expect(count).toBe(entries);
    expect(differences(got, barrier)).toEqual([]);
    expect(got.size).toBe(2 * KEYS);

    // The live state has every change (and the removed entries are gone).
    await backend.flush();
    const liveDiff: string[] = [];
    for (const k of new Set([...live.keys(), ...barrier.keys()])) {
      const [name, key] = k.split('\u0000') as [string, string];
      const actual = read(backend, name, key);
      if (norm(actual) !== norm(live.get(k))) liveDiff.push(`${k}: ${norm(actual)} instead of ${norm(live.get(k))}`);
      if (liveDiff.length >= 10) break;
      if (liveDiff.length === 0 && k.endsWith('9')) await backend.flush();
    }
    expect(liveDiff).toEqual([]);
    expect(differences(live, barrier).length).toBeGreaterThan(0);

    // A fresh LevelDB backend restored from the chunks reads back the barrier state.
    const copy = new LevelDbKeyedStateBackend(db, 'copy/', 1000);
    db.backends.push(copy);
    copy.restoreChunks(decoded);
    await copy.restoreEntries();
    expect(copy.numKeys()).toBe(barrier.size);
    const restored: Model = new Map();
    for (const k of new Set([...live.keys(), ...barrier.keys()])) {
      const [name, key] = k.split('\u0000') as [string, string];
      const v = read(copy, name, key);
      if (v !== undefined) restored.set(k, v);
      if (restored.size % 1000 === 0) await copy.flush();
    }
    expect(differences(restored, barrier)).toEqual([]);

    // And so does the heap backend.
    const heap = new HeapKeyedStateBackend();
    heap.restoreChunks(decoded);
    const fromHeap: Model = new Map();
    for (const [name, { entries: es }] of Object.entries(heap.snapshot().states)) {
      for (const [key, value] of es) fromHeap.set(id(name, key), name === MAP ? new Map(value as [unknown, unknown][]) : value);
    }
    expect(differences(fromHeap, barrier)).toEqual([]);
    expect(heap.numKeys()).toBe(barrier.size); // one entry per key and state name, as the LevelDB backend counts
  }, 120_000);
});
