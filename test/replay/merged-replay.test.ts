/**
 * The merge itself, with scripted sources: for random inputs (up to 9 sources, disordered heads,
 * empty sources, reads that wait on a promise at random) the order it emits must be the one a
 * plain scan over the heads gives with the same rule (smallest head, ties to the source listed
 * first; with a drift, the running source goes on while at most the drift ahead); every source
 * ends once, after its last record; and at each boundary every live source gets a barrier while
 * holding an unemitted head. Also the watermark-lead tracker against a brute-force minimum.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/runtime/clock.ts';
import { MERGE_CHUNK, MergedReplay } from '../../engine/runtime/replay/merged-replay.ts';
import type { PullSource } from '../../engine/runtime/replay/pull-source.ts';
import { WatermarkLeads, type SourceReplayState } from '../../engine/runtime/replay/watermark-leads.ts';
import { NodeMetrics } from '../../engine/runtime/metrics.ts';
import { seeded } from './union-fixture.ts';

interface Log {
  emitted: [number, number][];
  ended: number[];
  barriers: { input: number; ending: boolean; holding: boolean }[];
}

/** A source over `times`; `asyncEvery`: its advance waits on a promise every that many calls. */
function scripted(index: number, times: number[], log: Log, random: () => number): PullSource & { holding(): boolean } {
  let next = 0;
  let head: number | undefined;
  let loaded = false;
  const load = (): number | undefined => {
    head = next < times.length ? times[next++] : undefined;
    loaded = head !== undefined;
    return head;
  };
  return {
    speed: 'max',
    advance() {
      if (loaded) throw new Error(`source ${index}: advance while holding a head`);
      return random() < 0.2 ? Promise.resolve().then(load) : load();
    },
    emit() {
      if (!loaded) throw new Error(`source ${index}: emit without a head`);
      loaded = false;
      log.emitted.push([index, head as number]);
    },
    tick: () => undefined,
    finish: () => log.ended.push(index),
    holding: () => loaded,
  };
}

/** The rule, as a scan: the reference the heap-based merge must agree with. */
function expectedOrder(lists: number[][], drift: number): [number, number][] {
  const at = lists.map(() => 0);
  const head = (s: number): number | undefined => lists[s]?.[at[s] as number];
  const before = (a: number, b: number): boolean => (head(a) as number) < (head(b) as number) || (head(a) === head(b) && a < b);
  const smallest = (except: number): number => {
    let best = -1;
    for (let s = 0; s < lists.length; s++) if (s !== except && head(s) !== undefined && (best < 0 || before(s, best))) best = s;
    return best;
  };
  const out: [number, number][] = [];
  let current = smallest(-1);
  while (current >= 0) {
    const other = smallest(current);
    if (other >= 0) {
      const lead = (head(current) as number) - drift;
      const h = head(other) as number;
      if (!(lead < h || (lead === h && current < other))) current = other;
    }
    out.push([current, head(current) as number]);
    at[current] = (at[current] as number) + 1;
    if (head(current) === undefined) current = smallest(-1);
  }
  return out;
}

describe('MergedReplay', () => {
  for (const drift of [0, 7, 60]) {
    it(`emits what a scan over the heads gives, drift ${drift}: 200 random cases`, async () => {
      const random = seeded(4242 + drift);
      for (let c = 0; c < 200; c++) {
        const n = 1 + Math.floor(random() * 9);
        const lists = Array.from({ length: n }, () => {
          const len = random() < 0.1 ? 0 : Math.floor(random() * (c < 190 ? 40 : 3000));
          let t = Math.floor(random() * 100);
          return Array.from({ length: len }, () => (t += Math.floor(random() * 20) - (random() < 0.3 ? 25 : 0)));
        });
        const log: Log = { emitted: [], ended: [], barriers: [] };
        const sources = lists.map((times, i) => scripted(i, times, log, random));
        let yields = 0;
        const merge = new MergedReplay(
          sources,
          {
            barrier: (input, ending) => log.barriers.push({ input, ending, holding: (sources[input] as ReturnType<typeof scripted>).holding() }),
            yield: () => Promise.resolve(++yields > 0),
            whenRunning: () => Promise.resolve(),
            stopped: () => false,
          },
          { maxDriftMs: drift, speed: 'max', clock: new VirtualClock() },
        );
        expect(await merge.run()).toBe(true);
        expect(log.emitted).toEqual(expectedOrder(lists, drift));
        expect([...log.ended].sort((a, b) => a - b)).toEqual(lists.map((_, i) => i));
        for (const b of log.barriers) expect(b.holding, `barrier at input ${b.input}`).toBe(!b.ending);
        const total = lists.reduce((sum, l) => sum + l.length, 0);
        expect(yields).toBe(Math.floor(total / MERGE_CHUNK));
      }
    });
  }

  it('paced: waits until the smallest head is due on one clock for all sources', async () => {
    const clock = new VirtualClock();
    const log: Log = { emitted: [], ended: [], barriers: [] };
    const at: number[] = [];
    const random = seeded(1);
    const lists = [
      [1000, 3000, 3500],
      [0, 2000, 2500, 9000],
    ];
    const sources = lists.map((t, i) => {
      const s = scripted(i, t, log, random);
      return { ...s, speed: 2, emit: () => (s.emit(), at.push(clock.now())) };
    });
    const merge = new MergedReplay(
      sources,
      { barrier: () => undefined, yield: () => Promise.resolve(true), whenRunning: () => Promise.resolve(), stopped: () => false },
      { maxDriftMs: 0, speed: 2, clock },
    );
    await merge.run();
    expect(log.emitted.map(([, t]) => t)).toEqual([0, 1000, 2000, 2500, 3000, 3500, 9000]);
    // At speed 2 the record at event time t is due t / 2 ms after the first.
    expect(at).toEqual([0, 500, 1000, 1250, 1500, 1750, 4500]);
  });
});

describe('WatermarkLeads', () => {
  it('keeps, per source, the largest lead of its watermark over the others\' minimum, as a brute force does', () => {
    const random = seeded(99);
    for (let c = 0; c < 100; c++) {
      const n = 2 + Math.floor(random() * 6);
      const metrics = Array.from({ length: n }, (_, i) => new NodeMetrics(`s${i}`, 'generator'));
      const states: SourceReplayState[] = metrics.map(() => ({ running: false, maxLeadMs: null }));
      const leads = new WatermarkLeads(metrics, states);
      const expected: (number | null)[] = metrics.map(() => null);
      for (let step = 0; step < 200; step++) {
        const i = Math.floor(random() * n);
        const m = metrics[i] as NodeMetrics;
        const roll = random();
        if (roll < 0.1) m.idle = !m.idle;
        else if (roll < 0.13) m.outputWatermark = Number.POSITIVE_INFINITY;
        else if (m.outputWatermark !== Number.POSITIVE_INFINITY) m.outputWatermark = Math.max(m.outputWatermark, Math.floor(random() * 1000) + step * 10);
        leads.update(i);
        const counted = metrics.map((x) => (x.idle || !Number.isFinite(x.outputWatermark) ? undefined : x.outputWatermark));
        counted.forEach((w, s) => {
          if (w === undefined) return;
          const others = counted.filter((o, t) => t !== s && o !== undefined) as number[];
          if (others.length === 0) return;
          const lead = Math.max(0, w - Math.min(...others));
          expected[s] = Math.max(expected[s] ?? 0, lead);
        });
      }
      expect(states.map((s) => s.maxLeadMs)).toEqual(expected);
    }
  });
});
