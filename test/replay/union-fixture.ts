/**
 * The union of two file sources from issue 25: the sample flights split (seeded) into an in-order
 * file and a shuffled file, unioned into a 1 h tumbling count per origin with the late side output,
 * watermarks punctuated with a 5 min bound. Beside the pipeline, an independent model of what a
 * merge by event time must give, written from the rules (README, Semantics), not from the engine:
 * the merged order, each source's watermark after each record, the union's minimum, which records
 * come too late for their window, the counts of the others, and how far each source's watermark
 * led the other.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flights, flightTime, type Flight } from '../examples/flights-data.ts';
import { seededRandom } from '../harness/seeded-random.ts';

export const BOUND_MS = 5 * 60_000;
const HOUR = 3_600_000;

/** One flight as a source emits it. */
export interface Arrival {
  source: 0 | 1;
  ts: number;
  flight: Flight;
}

/** mulberry32 (test/harness/seeded-random.ts). */
export const seeded = seededRandom;

/**
 * Splits the flights: each goes to the in-order file or (with probability one half) to the
 * shuffled one, whose records are ordered by `time + U[0, maxShuffle)` — out of order by up to
 * `maxShuffle`, much more than the 5 min bound, so some arrive after their window fired.
 */
export function splitFlights(seed: number, maxShuffleMs: number): [Arrival[], Arrival[]] {
  const random = seeded(seed);
  const inOrder: Arrival[] = [];
  const shuffled: { a: Arrival; key: number; n: number }[] = [];
  for (const flight of flights()) {
    const ts = flightTime(flight.date);
    if (random() < 0.5) inOrder.push({ source: 0, ts, flight });
    else shuffled.push({ a: { source: 1, ts, flight }, key: ts + Math.floor(random() * maxShuffleMs), n: shuffled.length });
  }
  shuffled.sort((x, y) => x.key - y.key || x.n - y.n);
  return [inOrder, shuffled.map((s) => s.a)];
}

export function writeSplit(dir: string, [a, b]: [Arrival[], Arrival[]]): void {
  writeFileSync(join(dir, 'in-order.jsonl'), a.map((r) => JSON.stringify(r.flight)).join('\n') + '\n');
  writeFileSync(join(dir, 'shuffled.jsonl'), b.map((r) => JSON.stringify(r.flight)).join('\n') + '\n');
}

/** The pipeline: two file sources → union → 1 h tumbling count per origin → `hourly`, late → `late`. */
export function unionPipeline(replay?: Record<string, unknown>): Record<string, unknown> {
  const source = (id: string, path: string): Record<string, unknown> => ({
    id,
    type: 'fileSource',
    config: { path, time: { mode: 'event', field: 'date', format: 'yyyy/MM/dd HH:mm' }, watermarks: { maxOutOfOrderness: '5m', emit: 'punctuated' } },
  });
  return {
    version: 1,
    name: 'union of an in-order and a shuffled file',
    ...(replay ? { settings: { replay } } : {}),
    nodes: [
      source('in_order', 'in-order.jsonl'),
      source('shuffled', 'shuffled.jsonl'),
      { id: 'u', type: 'union' },
      { id: 'per_hour', type: 'tumblingWindow', config: { key: { fields: ['origin'] }, size: '1h', aggregates: [{ name: 'flights', fn: 'count' }] } },
      { id: 'hourly', type: 'fileSink' },
      { id: 'late', type: 'fileSink' },
    ],
    edges: [
      { id: 'e1', source: 'in_order', target: 'u' },
      { id: 'e2', source: 'shuffled', target: 'u' },
      { id: 'e3', source: 'u', target: 'per_hour' },
      { id: 'e4', source: 'per_hour', target: 'hourly' },
      { id: 'e5', source: 'per_hour', sourcePort: 'late', target: 'late' },
    ],
  };
}

/**
 * The order a merge by event time gives: the next record is the smallest head (timestamp, then
 * the source listed first); with a drift `d`, the running source goes on while its head is at
 * most `d` ahead of the other's (strictly, when the other is listed first), else the other runs.
 * Written as a plain scan over two lists, without the engine's heap.
 */
export function mergeOrder([a, b]: [Arrival[], Arrival[]], driftMs = 0): Arrival[] {
  const lists = [a, b];
  const at = [0, 0];
  const head = (s: number): number | undefined => lists[s]?.[at[s] as number]?.ts;
  const ahead = (s: number, o: number): boolean => {
    const hs = head(s) as number;
    const ho = head(o);
    if (ho === undefined) return false;
    return !(hs - driftMs < ho || (hs - driftMs === ho && s < o));
  };
  const out: Arrival[] = [];
  // The first to run: the smallest head (ties: the source listed first), whatever the drift.
  let current = head(0) === undefined ? 1 : head(1) === undefined ? 0 : (head(1) as number) < (head(0) as number) ? 1 : 0;
  while (head(current) !== undefined) {
    const other = 1 - current;
    if (ahead(current, other)) current = other;
    out.push(lists[current]?.[at[current] as number] as Arrival);
    at[current] = (at[current] as number) + 1;
    // The source that just ran may be either one (it may have switched above).
    if (head(current) === undefined) current = 1 - current;
  }
  return out;
}

export interface Predicted {
  /** Late records in order, with the union's watermark when each arrived. */
  late: { flight: Flight; ts: number; watermark: number }[];
  /** `origin|window_start` → count of the records in time for their window. */
  counts: Map<string, number>;
  /** Largest lead of each source's watermark over the other's, ms (null: never both had one). */
  maxLead: [number | null, number | null];
}

/**
 * Replays `order` through the rules: a source's watermark after each of its records is
 * `max - bound - 1` (punctuated), +∞ after its last; the union's is the minimum; a record is late
 * when its window's `end - 1 <= watermark` at its arrival (allowed lateness 0).
 */
export function predict(order: readonly Arrival[]): Predicted {
  const remaining = [order.filter((r) => r.source === 0).length, order.filter((r) => r.source === 1).length];
  const watermark = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const late: Predicted['late'] = [];
  const counts = new Map<string, number>();
  const maxLead: [number | null, number | null] = [null, null];
  const lead = (): void => {
    const [w0, w1] = watermark as [number, number];
    if (!Number.isFinite(w0) || !Number.isFinite(w1)) return;
    maxLead[0] = Math.max(maxLead[0] ?? 0, w0 - w1, 0);
    maxLead[1] = Math.max(maxLead[1] ?? 0, w1 - w0, 0);
  };
  for (const r of order) {
    const union = Math.min(...watermark);
    const end = Math.floor(r.ts / HOUR) * HOUR + HOUR;
    if (end - 1 <= union) late.push({ flight: r.flight, ts: r.ts, watermark: union });
    else {
      const key = `${r.flight.origin}|${new Date(end - HOUR).toISOString()}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    remaining[r.source] = (remaining[r.source] as number) - 1;
    watermark[r.source] = remaining[r.source] === 0 ? Number.POSITIVE_INFINITY : Math.max(watermark[r.source] as number, r.ts - BOUND_MS - 1);
    lead();
  }
  return { late, counts, maxLead };
}
