/**
 * The `leveldb` backend's event-time timers (`LevelDbTimerService`,
 * `engine/runtime/state/leveldb-timer-service.ts`) behave exactly like the in-memory reference
 * (`HeapTimerService`) and travel through checkpoints in both directions:
 *
 * - Driven with the same seeded random workload (registrations with duplicates, deletions of
 *   existing and absent timers, both number and string namespaces — `1` and `'1'` are different
 *   timers — and advances of a rising watermark whose fire callback registers more timers, some
 *   already due), over a keyed-state backend whose cache is far smaller than the timer index, the
 *   two services fire the same `[timestamp, key, namespace]` sequence and report the same `size`
 *   after every advance, and end empty. The workload puts more than one 4,096-timer segment at
 *   one timestamp and more than 65,536 timers in memory at once (so every open segment is
 *   spilled to LevelDB); the test checks on disk that both really happened.
 * - Fired from within a timer callback, deleting a due timer of the same timestamp that has not
 *   fired yet, or registering it again, gives the same result on both services (Flink's: the
 *   deleted timer does not fire, the duplicate fires once).
 * - A LevelDB keyed snapshot (where the timers are `TIMER_STATE` keyed state) restores into a
 *   fresh heap `HeapTimerService` and into a fresh LevelDB backend + timer service, and both fire in
 *   the original order (equal timestamps in registration order, which differs from key order);
 *   the LevelDB service's registration sequence continues after the restored one.
 * - A heap `HeapTimerService` snapshot restores into a LevelDB timer service that fires in the
 *   original order, whose index was written (re-registering restored timers adds none, and the
 *   backend's next snapshot holds them as `TIMER_STATE`).
 * - `HeapKeyedStateBackend.restoreChunks` does not take `TIMER_STATE` entries as keyed state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chunkEntries, decodeChunk, type StateChunk } from '../../engine/runtime/state/chunk-codec.ts';
import { TIMER_STATE, timerId, type InternalTimerService } from '../../engine/runtime/state/event-timers.ts';
import { HeapKeyedStateBackend } from '../../engine/runtime/state/heap-backend.ts';
import { LevelDbKeyedStateBackend } from '../../engine/runtime/state/leveldb-backend.ts';
import { closeScratchDbs, openScratchDb, type ScratchDb } from './level-db-fixture.ts';
import { seeded } from './spawn-run.ts';
import { LevelDbTimerService } from '../../engine/runtime/state/leveldb-timer-service.ts';
import { HeapTimerService } from '../../engine/runtime/state/heap-timer-service.ts';

/** Timers per segment and the in-memory limit of `LevelDbTimerService`. */
const SEGMENT_TIMERS = 4096;
const OPEN_TIMERS_LIMIT = 65_536;

type Ns = string | number;
type Fired = [ts: number, key: string, ns: Ns];

afterEach(async () => {
  await closeScratchDbs();
});

const openDb = (): Promise<ScratchDb> => openScratchDb('leveldb-timers-');

/** A node's keyed-state backend and timer service, wired as `StateBackend` does, restored from `chunks`. */
async function levelNode(
  db: ScratchDb,
  nodeId: string,
  cacheEntries: number,
  chunks?: readonly StateChunk[],
): Promise<{ backend: LevelDbKeyedStateBackend; timers: LevelDbTimerService }> {
  const backend = new LevelDbKeyedStateBackend(db, `${nodeId}/`, cacheEntries);
  db.backends.push(backend);
  const timers = new LevelDbTimerService(backend, nodeId);
  if (chunks) backend.restoreChunks(chunks);
  await backend.restoreEntries();
  if (chunks) timers.restoreChunks(chunks);
  await timers.open();
  return { backend, timers };
}


/** A deterministic hash (FNV-1a), so both services' callbacks make the same choices for the same timer. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const show = (f: readonly unknown[] | undefined): string => JSON.stringify(f?.map((x) => (typeof x === 'string' ? `'${x}'` : x)));

/** The first position where two fired sequences differ (namespace types count), or `null`. */
function firstDifference(a: readonly Fired[], b: readonly Fired[]): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || x[0] !== y[0] || x[1] !== y[1] || x[2] !== y[2]) return `#${i} of ${a.length}/${b.length}: ${show(x)} vs ${show(y)}`;
  }
  return null;
}

/** The keys of the timer segments a LevelDB timer service wrote for `nodeId`, grouped by timestamp key. */
async function segmentsOnDisk(db: ScratchDb['db'], nodeId: string): Promise<Map<string, number>> {
  const prefix = `${nodeId}\u0001B`;
  const out = new Map<string, number>();
  for await (const k of db.keys({ gte: prefix, lt: `${prefix}\uffff` })) {
    const ts = k.slice(prefix.length, prefix.length + 14);
    out.set(ts, (out.get(ts) ?? 0) + 1);
  }
  return out;
}

describe('LevelDbTimerService matches the heap HeapTimerService', () => {
  it('fires the same sequence under a random workload with a 500-entry cache (segments, spills, callbacks)', async () => {
    const KEYS = 3000;
    const TS = Array.from({ length: 40 }, (_, i) => (i + 1) * 1000);
    const NAMESPACES: Ns[] = [0, 1, '1', 'w', 60_000];
    const OPS = 30_000;
    const ADVANCE_EVERY = 300;
    const FLUSH_EVERY = 100;
    const BURST_AT = 12_000;
    const BIG_TS = 30_000;
    const NODE = 'timers';

    const db = await openDb();
    const { backend, timers: level } = await levelNode(db, NODE, 500);
    const heap = new HeapTimerService();
    const counts = backend.value<number>('count');
    const rand = seeded(20240611);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    const key = (i: number): string => `k${i}`;

    const services: [InternalTimerService, Fired[]][] = [
      [heap, []],
      [level, []],
    ];
    const both = (f: (s: InternalTimerService) => void): void => {
      for (const [s] of services) f(s);
    };

    /** Registrations made by callbacks at a timestamp already due: they must fire in the same advance. */
    let dueFromCallbacks = 0;
    let watermark = 0;
    const callback =
      (s: InternalTimerService, out: Fired[], counted: boolean) =>
      (ts: number, k: string, ns: Ns): void => {
        out.push([ts, k, ns]);
        const h = hash(`${ts}|${k}|${typeof ns}|${ns}`);
        if (typeof ns === 'string' && ns.startsWith('now:')) {
          // A timer registered by a callback registers one more at its own (due) timestamp.
          if (h % 4 === 0) {
            s.register(ts, k, `again:${ns}`);
            if (counted) dueFromCallbacks++;
          }
          return;
        }
        if (typeof ns === 'string' && (ns.startsWith('again:') || ns.startsWith('later:'))) return;
        switch (h % 8) {
          case 0: {
            // Due already (<= this timestamp <= the watermark): fires within this advance.
            const at = Math.max(1000, ts - 1000 * (h % 3));
            s.register(at, k, `now:${ts}:${typeof ns}${ns}`);
            if (counted) dueFromCallbacks++;
            break;
          }
          case 1:
            s.register(ts + 1000 * (1 + (h % 5)), k, `later:${ts}:${typeof ns}${ns}`);
            break;
          case 2:
            // Deletes a timer of a later timestamp (often absent).
            s.delete(ts + 1000 * (1 + (h % 4)), k, NAMESPACES[h % NAMESPACES.length] as Ns);
            break;
          default:
        }
      };
    const fire = services.map(([s, out], i) => callback(s, out, i === 0));

    let advances = 0;
    let maxSize = 0;
    const advance = (wm: number): void => {
      const from = services.map(([, out]) => out.length);
      heap.advance(wm, fire[0] as (ts: number, k: string, ns: Ns) => void);
      level.advance(wm, fire[1] as (ts: number, k: string, ns: Ns) => void);
      advances++;
      const heapFired = (services[0] as [InternalTimerService, Fired[]])[1].slice(from[0]);
      const levelFired = (services[1] as [InternalTimerService, Fired[]])[1].slice(from[1]);
      expect(firstDifference(heapFired, levelFired), `advance #${advances} to ${wm}`).toBeNull();
      expect(level.size, `size after advance #${advances} to ${wm}`).toBe(heap.size);
      // Everything due fired, including what callbacks registered at due timestamps.
      expect(heap.entries().filter(([t]) => t <= wm)).toEqual([]);
      expect(heapFired.filter(([t]) => t > wm)).toEqual([]);
    };

    /** Recently registered timers, for duplicates and deletions of existing timers. */
    const recent: [number, string, Ns][] = [];
    const remember = (t: [number, string, Ns]): void => {
      if (recent.length < 2000) recent.push(t);
      else recent[Math.floor(rand() * recent.length)] = t;
    };

    let duplicates = 0;
    for (let op = 1; op <= OPS; op++) {
      const r = rand();
      const k = key(Math.floor(rand() * KEYS));
      // Like an operator: the record's key is usually the current key (and has some other state).
      const operatorKey = rand() < 0.5 ? k : 'other';
      backend.setCurrentKey(operatorKey);
      if (operatorKey === k) counts.set((counts.get() ?? 0) + 1);
      if (r < 0.5) {
        const t: [number, string, Ns] = [pick(TS), k, pick(NAMESPACES)];
        both((s) => s.register(...t));
        remember(t);
      } else if (r < 0.7 && recent.length > 0) {
        const before = heap.size;
        const t = pick(recent);
        both((s) => s.register(...t));
        if (heap.size === before) duplicates++;
      } else if (r < 0.85 && recent.length > 0) {
        const t = pick(recent);
        both((s) => s.delete(...t));
      } else {
        // Absent: a namespace never registered, or a number namespace whose string twin may exist.
        const t: [number, string, Ns] = [pick(TS), k, rand() < 0.5 ? 'absent' : 7];
        both((s) => s.delete(...t));
      }
      expect(backend.getCurrentKey()).toBe(operatorKey);
      maxSize = Math.max(maxSize, heap.size);

      if (op === BURST_AT) {
        // One timestamp gets more than a segment; all together more than OPEN_TIMERS_LIMIT are pending.
        const order = Array.from({ length: KEYS }, (_, i) => i).sort((a, b) => hash(`o${a}`) - hash(`o${b}`));
        let n = 0;
        for (const ns of [0, 'w', '1'] as Ns[]) {
          for (const i of order) {
            both((s) => s.register(BIG_TS, key(i), ns));
            if (++n % 2000 === 0) await backend.flush();
          }
        }
        for (let ts = 20_000; ts < 40_000; ts += 1000) {
          for (const i of order) {
            both((s) => s.register(ts, key(i), 'burst'));
            if (++n % 2000 === 0) await backend.flush();
          }
        }
        maxSize = Math.max(maxSize, heap.size);
        expect(level.size).toBe(heap.size);
        expect(heap.size).toBeGreaterThan(OPEN_TIMERS_LIMIT);
        expect(heap.entries().filter(([t]) => t === BIG_TS).length).toBeGreaterThan(2 * SEGMENT_TIMERS);
        // Check on disk that segments were written: several for BIG_TS, and for many timestamps (the spill).
        await backend.drain();
        const segments = await segmentsOnDisk(db.db, NODE);
        expect(segments.size).toBeGreaterThan(10);
        expect(Math.max(...segments.values())).toBeGreaterThanOrEqual(2);
      }
      if (op % FLUSH_EVERY === 0) await backend.flush();
      if (op % ADVANCE_EVERY === 0) {
        // A rising watermark that reaches the last timestamps only at the end; sometimes it stays put.
        if (rand() < 0.85) watermark += Math.floor(rand() * 800);
        advance(watermark);
      }
    }
    expect(watermark).toBeLessThan(TS[TS.length - 1] as number);
    expect(duplicates).toBeGreaterThan(100);
    expect(dueFromCallbacks).toBeGreaterThan(50);
    expect(maxSize).toBeGreaterThan(OPEN_TIMERS_LIMIT);

    advance(Number.POSITIVE_INFINITY);
    expect(heap.size).toBe(0);
    expect(level.size).toBe(0);
    const [heapAll, levelAll] = services.map(([, out]) => out) as [Fired[], Fired[]];
    expect(firstDifference(heapAll, levelAll)).toBeNull();
    expect(heapAll.length).toBeGreaterThan(OPEN_TIMERS_LIMIT);
    // Nothing is left to fire, and the segments are gone from disk.
    level.advance(Number.POSITIVE_INFINITY, () => expect.unreachable('a timer fired twice'));
    await backend.drain();
    expect((await segmentsOnDisk(db.db, NODE)).size).toBe(0);
  }, 120_000);

  it('agrees with Flink on deleting or re-registering a due, unfired timer of the firing timestamp from a callback', async () => {
    const db = await openDb();
    const { timers: level } = await levelNode(db, 'n', 16);
    const run = (s: InternalTimerService): Fired[] => {
      const fired: Fired[] = [];
      for (const k of ['a', 'b', 'c', 'd']) s.register(1000, k, 'w');
      s.advance(1000, (ts, k, ns) => {
        fired.push([ts, k, ns]);
        if (k === 'a') {
          s.delete(1000, 'c', 'w'); // due, not fired yet: must not fire
          s.register(1000, 'b', 'w'); // due, not fired yet: still one timer
        }
      });
      expect(s.size).toBe(0);
      return fired;
    };
    const expected: Fired[] = [
      [1000, 'a', 'w'],
      [1000, 'b', 'w'],
      [1000, 'd', 'w'],
    ];
    expect(run(level)).toEqual(expected);
    expect(run(new HeapTimerService())).toEqual(expected);
  });
});

/** Timers whose registration order differs from key order at equal timestamps, with re-registrations. */
function registerScenario(s: InternalTimerService): Fired[] {
  const rand = seeded(7);
  const log: { t: Fired; seq: number; live: boolean }[] = [];
  let seq = 0;
  const reg = (t: Fired): void => {
    const existing = log.find((e) => e.live && e.t[0] === t[0] && e.t[1] === t[1] && e.t[2] === t[2]);
    s.register(...t);
    if (!existing) log.push({ t, seq: seq++, live: true });
  };
  const del = (t: Fired): void => {
    s.delete(...t);
    for (const e of log) if (e.live && e.t[0] === t[0] && e.t[1] === t[1] && e.t[2] === t[2]) e.live = false;
  };
  const all: Fired[] = [];
  for (const ts of [3000, 1000, 2000]) for (let i = 0; i < 400; i++) all.push([ts, `k${String(i).padStart(3, '0')}`, i % 3 === 0 ? 'w' : i % 3 === 1 ? 7 : '7']);
  // Descending key order within each timestamp, shuffled across timestamps.
  all.sort((a, b) => b[1].localeCompare(a[1]) || rand() - 0.5);
  for (const t of all) reg(t);
  // Re-register some (kept once), delete some, and delete then re-register others (they move to the end).
  for (let i = 0; i < all.length; i += 7) reg(all[i] as Fired);
  for (let i = 3; i < all.length; i += 11) del(all[i] as Fired);
  for (let i = 5; i < all.length; i += 13) {
    del(all[i] as Fired);
    reg(all[i] as Fired);
  }
  return log
    .filter((e) => e.live)
    .sort((a, b) => a.t[0] - b.t[0] || a.seq - b.seq)
    .map((e) => e.t);
}

function fireAll(s: InternalTimerService): Fired[] {
  const fired: Fired[] = [];
  s.advance(Number.POSITIVE_INFINITY, (ts, k, ns) => fired.push([ts, k, ns]));
  return fired;
}

describe('timer checkpoints across backends', () => {
  it('a LevelDB keyed snapshot restores into a heap HeapTimerService and a fresh LevelDB service, in order', async () => {
    const db = await openDb();
    const { backend, timers } = await levelNode(db, 'orig', 64);
    const expected = registerScenario(timers);
    await backend.flush();
    // The order of equal timestamps is not the key order.
    const at1000 = expected.filter(([ts]) => ts === 1000).map(([, k]) => k);
    expect(at1000).not.toEqual([...at1000].sort());
    expect(timers.size).toBe(expected.length);

    expect(await timers.snapshotAsync()).toEqual({ chunks: [], entries: 0 });
    const { chunks, entries } = await backend.snapshotAsync();
    const decoded = chunks.map((c) => decodeChunk(c));
    // The index is partly cached, partly on disk: both chunk kinds carry it.
    expect(new Set(decoded.map((c) => c.t))).toEqual(new Set(['keyed', 'raw']));
    const stateEntries = decoded.flatMap((c) => chunkEntries(c));
    expect(stateEntries.length).toBeGreaterThan(0);
    expect(stateEntries.every(([name]) => name === TIMER_STATE)).toBe(true);
    expect(entries).toBe(0); // the timer index is not counted as state entries

    const heap = new HeapTimerService();
    heap.restoreChunks(decoded);
    expect(heap.size).toBe(expected.length);

    const restored = await levelNode(db, 'copy', 32, decoded);
    expect(restored.timers.size).toBe(expected.length);
    // The sequence continues after the restored one: a new timer at 1000 fires after the restored ones,
    // and registering a restored timer again adds nothing.
    restored.backend.setCurrentKey('operator');
    restored.timers.register(1000, 'late', 'w');
    restored.timers.register(...(expected[0] as Fired));
    expect(restored.timers.size).toBe(expected.length + 1);
    expect(restored.backend.getCurrentKey()).toBe('operator');
    await restored.backend.flush();

    expect(fireAll(timers)).toEqual(expected);
    expect(fireAll(heap)).toEqual(expected);
    const last1000 = expected.findLastIndex(([ts]) => ts === 1000);
    expect(fireAll(restored.timers)).toEqual([...expected.slice(0, last1000 + 1), [1000, 'late', 'w'], ...expected.slice(last1000 + 1)]);
    expect(restored.timers.size).toBe(0);
  });

  it('a heap HeapTimerService snapshot restores into a LevelDB service that fires in order and indexed its timers', async () => {
    const heap = new HeapTimerService();
    const expected = registerScenario(heap);
    const { chunks } = await heap.snapshotAsync();
    const decoded = chunks.map((c) => decodeChunk(c));
    expect(decoded.every((c) => c.t === 'timers')).toBe(true);

    const db = await openDb();
    const { backend, timers } = await levelNode(db, 'from-heap', 32, decoded);
    expect(timers.size).toBe(expected.length);
    await backend.drain();

    // With the index evicted to disk, registering every restored timer again adds none.
    for (const t of [...expected].reverse()) timers.register(...t);
    expect(timers.size).toBe(expected.length);
    await backend.flush();

    // The index is keyed state now: the backend's snapshot holds every timer under its key.
    const snap = await backend.snapshotAsync();
    const indexed: string[] = [];
    for (const [name, , key, value] of snap.chunks.flatMap((c) => chunkEntries(decodeChunk(c)))) {
      expect(name).toBe(TIMER_STATE);
      for (const id of (value as Map<string, number>).keys()) indexed.push(`${key}|${id}`);
    }
    expect(indexed.sort()).toEqual(expected.map(([ts, k, ns]) => `${k}|${timerId(ts, ns)}`).sort());

    expect(fireAll(timers)).toEqual(expected);
    expect(fireAll(heap)).toEqual(expected);
    expect(timers.size).toBe(0);
  });

  it('the heap keyed backend does not take TIMER_STATE entries as keyed state', async () => {
    const db = await openDb();
    const { backend, timers } = await levelNode(db, 'op', 40);
    const counter = backend.value<number>('count');
    // Keys k0..k99 have timers; only k0..k59 have a value (and keys v0..v19 only a value).
    for (let i = 0; i < 100; i++) timers.register(5000 + (i % 3), `k${i}`, i % 2 === 0 ? 'w' : 2);
    for (let i = 0; i < 60; i++) {
      backend.setCurrentKey(`k${i}`);
      counter.set(i);
    }
    for (let i = 0; i < 20; i++) {
      backend.setCurrentKey(`v${i}`);
      counter.set(1000 + i);
    }
    await backend.flush();
    const { chunks } = await backend.snapshotAsync();
    const decoded = chunks.map((c) => decodeChunk(c));
    expect(decoded.flatMap((c) => chunkEntries(c)).filter(([name]) => name === TIMER_STATE)).toHaveLength(100);

    const keyed = new HeapKeyedStateBackend();
    keyed.restoreChunks(decoded);
    expect(keyed.numKeys()).toBe(80);
    const { states } = keyed.snapshot();
    expect(Object.keys(states)).toEqual(['count']);
    const values = new Map(states.count?.entries as [string, number][]);
    expect(values.size).toBe(80);
    for (let i = 0; i < 60; i++) expect(values.get(`k${i}`)).toBe(i);
    for (let i = 0; i < 20; i++) expect(values.get(`v${i}`)).toBe(1000 + i);

    // The same chunks still give the timer service all 100 timers.
    const heapTimers = new HeapTimerService();
    heapTimers.restoreChunks(decoded);
    expect(heapTimers.size).toBe(100);
  });
});
