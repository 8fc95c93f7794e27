/**
 * Asynchronous timer snapshots (`HeapTimerService.snapshotAsync`, `engine/runtime/state/heap-timer-service.ts`):
 * a snapshot holds exactly the timers registered when it was started — timers deleted or fired
 * while it is still being serialized are in it, timers registered meanwhile are not, none twice;
 * a restore from its chunks, whatever their order, fires timers of equal timestamp in their
 * original registration order; and only one snapshot can run at a time.
 *
 * Serialization runs in slices that yield (`setImmediate`) once a slice has used its time
 * (`Slicer`, checked after every 8,192-timer chunk). Some tests make `performance.now()` advance
 * 100 ms per call so that every chunk ends a slice: the first slice, which runs synchronously
 * inside `snapshotAsync()`, then serializes exactly one chunk, and the changes made right after
 * the call really happen in the middle of the snapshot.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunkTimers, decodeChunk, type TimerEntry } from '../../engine/runtime/state/chunk-codec.ts';
import { HeapTimerService } from '../../engine/runtime/state/heap-timer-service.ts';

const CHUNK_TIMERS = 8192;

/** Makes every `performance.now()` call 100 ms later than the previous one. */
function slowClock(): void {
  let t = performance.now();
  vi.spyOn(performance, 'now').mockImplementation(() => (t += 100));
}

afterEach(() => {
  vi.restoreAllMocks();
});

function decodeAll(chunks: readonly Buffer[]): TimerEntry[] {
  return chunks.flatMap((c) => chunkTimers(decodeChunk(c)));
}

const id = (t: readonly unknown[]): string => JSON.stringify([t[0], t[1], t[2], typeof t[2]]);
const full = (t: TimerEntry): string => JSON.stringify([...t, typeof t[2]]);

/** A seeded Fisher–Yates shuffle (mulberry32). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const TIMESTAMPS = [1000, 2000, 3000, 4000, 5000];
const KEYS_PER_TS = 10_000;
const ns = (i: number): string | number => (i % 2 === 0 ? 'w' : 60_000);

/** 50,000 timers, timestamp by timestamp (so the walk visits ts 1000 first and ts 5000 last). */
function fiftyThousand(): HeapTimerService {
  const timers = new HeapTimerService();
  for (const ts of TIMESTAMPS) for (let i = 0; i < KEYS_PER_TS; i++) timers.register(ts, `k${i}`, ns(i));
  expect(timers.size).toBe(50_000);
  return timers;
}

describe('HeapTimerService.snapshotAsync', () => {
  it.each([
    ['every chunk ends a slice', true],
    ['the real clock', false],
  ])('holds exactly the timers registered when it started, despite changes during it (%s)', async (_label, slow) => {
    const timers = fiftyThousand();
    const before = timers.entries();
    expect(before).toHaveLength(50_000);
    if (slow) slowClock();

    const snapshot = timers.snapshotAsync();

    // Changes right after the call, i.e. while the snapshot is still being serialized.
    const deleted: [number, string, string | number][] = [];
    const del = (ts: number, from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        timers.delete(ts, `k${i}`, ns(i));
        deleted.push([ts, `k${i}`, ns(i)]);
      }
    };
    del(1000, 0, 100); // already serialized by the first slice
    del(1000, 9000, 9100); // not yet serialized, in the timestamp about to fire
    del(3000, 5000, 5050); // in the middle
    del(5000, 9900, 10_000); // last in iteration order
    timers.register(5000, 'k9900', ns(9900)); // deleted, then registered again
    timers.register(5000, 'k9999', ns(9999));
    for (let i = 0; i < 100; i++) {
      timers.register(3000, `new${i}`, 'w');
      timers.register(6000, `new${i}`, i);
      timers.register(5000, `late${i}`, 60_000);
    }
    timers.register(500, 'early', 'w');
    const fired: string[] = [];
    timers.advance(1000, (ts, key, namespace) => {
      fired.push(id([ts, key, namespace]));
      if (key === 'k5000') timers.register(7000, 'from-fire', 1); // registered while firing
    });
    expect(fired).toHaveLength(1 + KEYS_PER_TS - 200);
    expect(fired[0]).toBe(id([500, 'early', 'w']));
    expect(timers.size).toBe(50_000 - KEYS_PER_TS - 150 + 2 + 300 + 1);

    const { chunks, entries } = await snapshot;
    const saved = decodeAll(chunks);

    expect(entries).toBe(50_000);
    expect(saved).toHaveLength(50_000);
    expect(new Set(saved.map(full)).size).toBe(50_000); // none twice
    // Exactly the timers of the moment it started, with their registration seq.
    expect(saved.map(full).sort()).toEqual(before.map(full).sort());
    const savedIds = new Set(saved.map(id));
    for (const d of deleted) expect(savedIds.has(id(d))).toBe(true);
    for (const f of fired.slice(1)) expect(savedIds.has(f)).toBe(true);
    for (const absent of [[500, 'early', 'w'], [3000, 'new0', 'w'], [6000, 'new99', 99], [5000, 'late5', 60_000], [7000, 'from-fire', 1]])
      expect(savedIds.has(id(absent)), `${id(absent)} was registered after the snapshot started`).toBe(false);
    // The re-registered timer is saved once, as the original.
    const k9900 = saved.filter((t) => t[0] === 5000 && t[1] === 'k9900');
    expect(k9900).toEqual(before.filter((t) => t[0] === 5000 && t[1] === 'k9900'));

    if (slow) {
      // The first slice walked one chunk; what was changed after it went into the last chunk
      // (timers saved before a change): the unwalked rest of ts 1000 (fired or deleted) and
      // the deletions at ts 3000 and 5000.
      const last = chunkTimers(decodeChunk(chunks[chunks.length - 1] as Buffer));
      const expectedSaved = [
        ...before.filter((t) => t[0] === 1000 && Number(t[1].slice(1)) >= CHUNK_TIMERS),
        ...before.filter((t) => t[0] === 3000 && Number(t[1].slice(1)) >= 5000 && Number(t[1].slice(1)) < 5050),
        ...before.filter((t) => t[0] === 5000 && Number(t[1].slice(1)) >= 9900),
      ];
      expect(last.map(full).sort()).toEqual(expectedSaved.map(full).sort());
    }

    // The live timers are unaffected by the snapshot: a second one sees the current set.
    const live = timers.entries();
    const next = await timers.snapshotAsync();
    expect(next.entries).toBe(live.length);
    expect(decodeAll(next.chunks).map(full).sort()).toEqual(live.map(full).sort());
  });

  it('yields in the middle of a large snapshot (the premise of the test above)', async () => {
    const timers = fiftyThousand();
    slowClock();
    const emitted: Buffer[] = [];
    const snapshot = timers.snapshotAsync((chunk) => emitted.push(chunk));
    expect(emitted).toHaveLength(1);
    expect(chunkTimers(decodeChunk(emitted[0] as Buffer))).toHaveLength(CHUNK_TIMERS);
    const result = await snapshot;
    expect(result.chunks).toEqual([]); // went to the sink
    expect(result.entries).toBe(50_000);
    expect(decodeAll(emitted)).toHaveLength(50_000);
  });

  it('restores timers so that equal timestamps fire in the original registration order', async () => {
    const original = new HeapTimerService();
    const registrations: [number, string, string | number][] = [
      [100, 'c', 'w'],
      [100, 'a', 'w'],
      [100, 'b', 'w'],
      [100, 'a', 2],
      [50, 'z', 'w'],
      [100, 'aa', '2'],
      [50, 'y', 7],
      [100, 'c', 1],
    ];
    for (const [ts, key, namespace] of registrations) original.register(ts, key, namespace);
    // Plus many timers at one timestamp in a scrambled key order, over several chunks.
    const bulkKeys = shuffled(
      Array.from({ length: 20_000 }, (_, i) => `bulk${String(i).padStart(5, '0')}`),
      7,
    );
    for (const key of bulkKeys) original.register(200, key, 'w');
    const expectedOrder = [
      ...registrations.filter((r) => r[0] === 50),
      ...registrations.filter((r) => r[0] === 100),
      ...bulkKeys.map((k): [number, string, string] => [200, k, 'w']),
    ].map(id);

    const { chunks, entries } = await original.snapshotAsync();
    expect(entries).toBe(registrations.length + bulkKeys.length);
    expect(chunks.length).toBeGreaterThan(1);

    const decoded = chunks.flatMap((c) => chunkTimers(decodeChunk(c)));
    const scrambled = shuffled(decoded, 42);
    expect(scrambled.map(id)).not.toEqual(decoded.map(id));
    expect(scrambled.slice(0, 50).map(id)).not.toEqual(expectedOrder.slice(0, 50));

    const restored = new HeapTimerService();
    restored.restore(scrambled);
    expect(restored.size).toBe(entries);
    const fired: string[] = [];
    const namespaceTypes: string[] = [];
    restored.advance(Number.MAX_SAFE_INTEGER, (ts, key, namespace) => {
      fired.push(id([ts, key, namespace]));
      namespaceTypes.push(typeof namespace);
    });
    expect(fired.slice(0, registrations.length)).toEqual(expectedOrder.slice(0, registrations.length));
    expect(fired).toEqual(expectedOrder);
    expect(namespaceTypes.slice(0, registrations.length)).toEqual(['string', 'number', 'string', 'string', 'string', 'number', 'string', 'number']);
    expect(restored.size).toBe(0);

    // The original fires in the same order.
    const firedOriginal: string[] = [];
    original.advance(Number.MAX_SAFE_INTEGER, (ts, key, namespace) => firedOriginal.push(id([ts, key, namespace])));
    expect(firedOriginal).toEqual(expectedOrder);
  });

  it('refuses a second snapshot while one is running, and allows one after it', async () => {
    const timers = new HeapTimerService();
    for (let i = 0; i < 20_000; i++) timers.register(1000 + (i % 3), `k${i}`, 'w');
    slowClock();
    const first = timers.snapshotAsync();
    expect(() => timers.snapshotAsync()).toThrow(/already in progress/);
    expect(() => timers.snapshotAsync(() => {})).toThrow(Error);
    const result = await first;
    expect(result.entries).toBe(20_000);
    expect(decodeAll(result.chunks)).toHaveLength(20_000);

    const second = await timers.snapshotAsync();
    expect(second.entries).toBe(20_000);
    expect(decodeAll(second.chunks).map(full).sort()).toEqual(timers.entries().map(full).sort());
  });
});

describe('timer identity', () => {
  it('keeps namespace 2 and namespace "2" of one key and time apart', () => {
    const timers = new HeapTimerService();
    timers.register(10, 'k', 2);
    timers.register(10, 'k', '2');
    timers.register(10, 'k', 2);
    expect(timers.size).toBe(2);
    const fired: (string | number)[] = [];
    timers.advance(10, (_ts, _key, ns) => fired.push(ns));
    expect(fired).toEqual([2, '2']);
  });
});
