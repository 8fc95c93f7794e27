/**
 * End-to-end: the CLI runs each example over the real flights data, and its sink output is
 * compared with an independent computation written here with plain loops.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { airports, canonical, flightTime, flights, HOUR, readJsonLines } from './flights-data.ts';

interface Summary {
  status: string;
  recordsRead: number;
  nodes: { nodeId: string; in: number; accepted: number; filtered: number; late: number; errors: number; out: number; balanced: boolean }[];
}

function runExample(name: string): { out: string; summary: Summary } {
  const out = tempDir();
  const r = tributary(['run', `examples/flights/${name}.pipeline.json`, '--out', out, '--json']);
  expect(r.stderr).not.toContain('failed');
  expect(r.status).toBe(0);
  return { out, summary: JSON.parse(r.stdout) as Summary };
}

const iso = (ms: number): string => new Date(ms).toISOString();

describe('delays-by-origin', () => {
  it('writes hourly delayed-flight counts and average delay per origin', () => {
    const { out, summary } = runExample('delays-by-origin');
    const groups = new Map<string, { origin: string; start: number; n: number; sum: number }>();
    for (const f of flights()) {
      if (!(f.delay > 0)) continue;
      const start = Math.floor(flightTime(f.date) / HOUR) * HOUR;
      const k = `${f.origin}|${start}`;
      const g = groups.get(k) ?? { origin: f.origin, start, n: 0, sum: 0 };
      g.n++;
      g.sum += f.delay;
      groups.set(k, g);
    }
    const expected = [...groups.values()].map((g) => ({
      origin: g.origin,
      window_start: iso(g.start),
      window_end: iso(g.start + HOUR),
      flights: g.n,
      avg_delay: g.sum / g.n,
    }));
    const actual = readJsonLines(join(out, 'hourly.jsonl'));
    expect(actual).toHaveLength(expected.length);
    expect(canonical(actual)).toEqual(canonical(expected));
    expect(Object.keys(actual[0] ?? {})).toEqual(['origin', 'window_start', 'window_end', 'flights', 'avg_delay']);
    expect(summary.recordsRead).toBe(20_000);
    expect(summary.nodes.every((n) => n.balanced)).toBe(true);
  });
});

describe('sql-delays', () => {
  it('gives the delays-by-origin result from one Flink SQL query', () => {
    const sql = runExample('sql-delays');
    const nodes = runExample('delays-by-origin');
    const actual = readJsonLines(join(sql.out, 'hourly.jsonl'));
    const expected = readJsonLines(join(nodes.out, 'hourly.jsonl'));
    expect(actual.length).toBeGreaterThan(1000);
    expect(canonical(actual)).toEqual(canonical(expected));
    expect(Object.keys(actual[0] ?? {})).toEqual(['origin', 'window_start', 'window_end', 'flights', 'avg_delay']);
    expect(sql.summary.nodes.find((n) => n.nodeId === 'per_hour')).toMatchObject({ late: 0, errors: 0, balanced: true });
  }, 240_000); // two CLI runs
});

describe('route-enrichment', () => {
  it('joins flights with their origin airport and counts departures per state in 3 h windows sliding by 1 h', () => {
    const { out, summary } = runExample('route-enrichment');
    const table = airports();
    const groups = new Map<string, { state: string; start: number; n: number; sum: number; origins: Set<string> }>();
    let unmatched = 0;
    for (const f of flights()) {
      const airport = table.get(f.origin);
      if (!airport) {
        unmatched++;
        continue;
      }
      const ts = flightTime(f.date);
      const last = Math.floor(ts / HOUR) * HOUR;
      for (let start = last; start > ts - 3 * HOUR; start -= HOUR) {
        const k = `${airport.state}|${start}`;
        const g = groups.get(k) ?? { state: airport.state, start, n: 0, sum: 0, origins: new Set<string>() };
        g.n++;
        g.sum += f.delay;
        g.origins.add(f.origin);
        groups.set(k, g);
      }
    }
    const expected = [...groups.values()].map((g) => ({
      origin_state: g.state,
      window_start: iso(g.start),
      window_end: iso(g.start + 3 * HOUR),
      departures: g.n,
      avg_delay: g.sum / g.n,
      airports: g.origins.size,
    }));
    const actual = readJsonLines(join(out, 'by_state.jsonl'));
    expect(canonical(actual)).toEqual(canonical(expected));
    const join_ = summary.nodes.find((n) => n.nodeId === 'airports');
    expect(join_?.filtered).toBe(unmatched);
    expect(summary.nodes.every((n) => n.balanced)).toBe(true);
  });
});

describe('late-arrivals', () => {
  it('splits out-of-order flights into window results and late records that add up to the input', () => {
    const { out, summary } = runExample('late-arrivals');
    const hourly = readJsonLines(join(out, 'hourly.jsonl'));
    const late = readJsonLines(join(out, 'late.jsonl'));
    expect(late.length).toBeGreaterThan(0);
    // A window may fire more than once (allowed lateness): its last result is the final count.
    const final = new Map<string, number>();
    for (const r of hourly) final.set(`${String(r.origin)}|${String(r.window_start)}`, r.flights as number);
    const counted = [...final.values()].reduce((a, b) => a + b, 0);
    expect(counted + late.length).toBe(20_000);
    const window = summary.nodes.find((n) => n.nodeId === 'per_hour');
    expect(window?.late).toBe(late.length);
    expect(window?.accepted).toBe(counted);
    // Every late record was really beyond the allowed lateness when it arrived.
    for (const l of late) {
      const ts = Date.parse(l.event_time as string);
      const wm = Date.parse(l.watermark as string);
      const windowEnd = Math.floor(ts / HOUR) * HOUR + HOUR;
      expect(windowEnd - 1 + 10 * 60_000).toBeLessThanOrEqual(wm);
      expect(l.late_by_ms).toBe(wm - ts);
    }
    // Re-fired windows exist: some window was emitted more than once with a growing count.
    expect(hourly.length).toBeGreaterThan(final.size);
    // Compared with the in-order run, the late records are exactly the missing flights per origin.
    const inOrder = new Map<string, number>();
    for (const f of flights()) inOrder.set(f.origin, (inOrder.get(f.origin) ?? 0) + 1);
    const lateByOrigin = new Map<string, number>();
    for (const l of late) {
      const o = (l.record as { origin: string }).origin;
      lateByOrigin.set(o, (lateByOrigin.get(o) ?? 0) + 1);
    }
    const countedByOrigin = new Map<string, number>();
    for (const [k, n] of final) {
      const o = k.split('|')[0] as string;
      countedByOrigin.set(o, (countedByOrigin.get(o) ?? 0) + n);
    }
    for (const [origin, n] of inOrder) expect((countedByOrigin.get(origin) ?? 0) + (lateByOrigin.get(origin) ?? 0)).toBe(n);
  });
});

describe('delays-by-origin over Parquet', () => {
  it('writes exactly what the JSON Lines example writes (examples/formats, flights-20k.parquet from make-flights-parquet.py)', () => {
    const jsonl = runExample('delays-by-origin');
    const out = tempDir();
    const r = tributary(['run', 'examples/formats/delays-by-origin-parquet.pipeline.json', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Summary;
    expect(summary.recordsRead).toBe(20_000);
    expect(readJsonLines(join(out, 'hourly.jsonl'))).toEqual(readJsonLines(join(jsonl.out, 'hourly.jsonl')));
  });
});
