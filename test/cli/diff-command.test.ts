/**
 * `tributary diff`: the delays-by-origin example with `delay > 0` (A) against `delay > 15` (B)
 * over the 20,000 flights. The rows only in A, the changed rows and the equal ones are computed
 * here independently, with plain loops over the data file; `--against HEAD` reads A from git.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from './run-cli.ts';
import { flightTime, flights, HOUR } from '../examples/flights-data.ts';

const EXAMPLE = join(REPO, 'examples/flights/delays-by-origin.pipeline.json');
const DATA = join(REPO, 'examples/data/flights-20k.jsonl');

type Row = Record<string, unknown>;

function variant(dir: string, name: string, filter: string): string {
  const doc = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { nodes: { id: string; code?: string; config: Record<string, unknown> }[] };
  for (const n of doc.nodes) {
    if (n.id === 'delayed') n.code = filter;
    if (n.id === 'flights') n.config.path = DATA;
  }
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

/** Hourly rows per origin of flights whose delay passes `keep`, by `origin|start`. */
function hourly(keep: (delay: number) => boolean): Map<string, Row> {
  const groups = new Map<string, { origin: string; start: number; n: number; sum: number }>();
  for (const f of flights()) {
    if (!keep(f.delay)) continue;
    const start = Math.floor(flightTime(f.date) / HOUR) * HOUR;
    const k = `${f.origin}|${start}`;
    const g = groups.get(k) ?? { origin: f.origin, start, n: 0, sum: 0 };
    g.n++;
    g.sum += f.delay;
    groups.set(k, g);
  }
  const iso = (ms: number): string => new Date(ms).toISOString();
  return new Map([...groups].map(([k, g]) => [k, { origin: g.origin, window_start: iso(g.start), window_end: iso(g.start + HOUR), flights: g.n, avg_delay: g.sum / g.n }]));
}

const sorted = (rows: readonly Row[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

interface DiffJson {
  status: string;
  equal: boolean;
  outputs: {
    ref: string;
    diff: {
      equal: boolean;
      matched: number;
      key?: string[];
      onlyA: { count: number; first: Row[] };
      onlyB: { count: number; first: Row[] };
      changed: { count: number; first: { key: Row; a: Row; b: Row; fields: string[] }[] };
    };
  }[];
}

describe('tributary diff', () => {
  it('delay > 0 against delay > 15: rows only in A, changed and equal are exactly those computed from the data', () => {
    const dir = tempDir();
    const a = variant(dir, 'a.pipeline.json', 'event.delay > 0');
    const b = variant(dir, 'b.pipeline.json', 'event.delay > 15');
    const r = tributary(['diff', a, b, '--json', '--rows', 'all']);
    expect(r.status, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout) as DiffJson;
    expect(result.status).toBe('compared');
    expect(result.equal).toBe(false);
    expect(result.outputs.map((o) => o.ref)).toEqual(['hourly']);
    const d = (result.outputs[0] as DiffJson['outputs'][number]).diff;
    expect(d.key).toEqual(['origin', 'window_start', 'window_end']);

    const inA = hourly((delay) => delay > 0);
    const inB = hourly((delay) => delay > 15);
    const onlyA = [...inA].filter(([k]) => !inB.has(k)).map(([, row]) => row);
    const both = [...inA].filter(([k]) => inB.has(k));
    const changed = both.filter(([k, row]) => JSON.stringify(row) !== JSON.stringify(inB.get(k)));
    expect(onlyA.length).toBeGreaterThan(1000);
    expect(changed.length).toBeGreaterThan(100);
    expect([...inB.keys()].every((k) => inA.has(k))).toBe(true);

    expect(d.onlyA.count).toBe(onlyA.length);
    expect(sorted(d.onlyA.first)).toEqual(sorted(onlyA));
    expect(d.onlyB.count).toBe(0);
    expect(d.changed.count).toBe(changed.length);
    expect(sorted(d.changed.first.map((c) => c.a))).toEqual(sorted(changed.map(([, row]) => row)));
    expect(sorted(d.changed.first.map((c) => c.b))).toEqual(sorted(changed.map(([k]) => inB.get(k) as Row)));
    for (const c of d.changed.first) expect(c.fields).toContain('flights');
    expect(d.matched).toBe(both.length - changed.length);
  });

  it('--against HEAD compares the file with its committed version; the same pipeline twice is equal', () => {
    const dir = tempDir();
    variant(dir, 'p.pipeline.json', 'event.delay > 0');
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('add', 'p.pipeline.json');
    git('commit', '-qm', 'delay > 0');
    variant(dir, 'p.pipeline.json', 'event.delay > 60');

    const r = tributary(['diff', 'p.pipeline.json', '--against', 'HEAD'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    const inA = hourly((delay) => delay > 0);
    const inB = hourly((delay) => delay > 60);
    const onlyA = [...inA.keys()].filter((k) => !inB.has(k)).length;
    const changed = [...inA].filter(([k, row]) => inB.has(k) && JSON.stringify(row) !== JSON.stringify(inB.get(k))).length;
    const equal = [...inA].filter(([k, row]) => JSON.stringify(row) === JSON.stringify(inB.get(k))).length;
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('A: p.pipeline.json at HEAD');
    expect(lines[1]).toBe('B: p.pipeline.json');
    expect(lines[2]).toBe(`hourly: DIFFERENT — ${equal} equal, ${onlyA} only in A, 0 only in B, ${changed} changed (A ${inA.size} rows, B ${inB.size}; key origin, window_start, window_end)`);
    expect(lines[3]).toBe(`  only in A (first 5 of ${onlyA}):`);
    expect(r.stdout).toContain(`  changed (first 5 of ${changed}):`);
    expect(r.stdout).toContain('DIFFERENT: 1 of 1 output differ (hourly)');

    git('checkout', '-q', 'p.pipeline.json');
    const same = tributary(['diff', 'p.pipeline.json', '--against', 'HEAD'], { cwd: dir });
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toContain('same: every output is equal');
    const missing = tributary(['diff', 'p.pipeline.json', '--against', 'no-such-rev'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('git show no-such-rev:p.pipeline.json failed');
  });

  it('--input runs both versions on the same file; --nodes compares every node on the way', () => {
    const dir = tempDir();
    const a = variant(dir, 'a.pipeline.json', 'event.delay > 0');
    const b = variant(dir, 'b.pipeline.json', 'event.delay >= 0');
    const sample = join(dir, 'sample.jsonl');
    const rows = [
      { date: '2001/01/01 00:10', delay: 0, distance: 1, origin: 'DTW', destination: 'LAS' },
      { date: '2001/01/01 00:20', delay: 12, distance: 1, origin: 'DTW', destination: 'LAS' },
      { date: '2001/01/01 00:30', delay: -4, distance: 1, origin: 'LAS', destination: 'DTW' },
    ];
    writeFileSync(sample, rows.map((x) => JSON.stringify(x)).join('\n') + '\n');
    const r = tributary(['diff', a, b, '--input', `flights=${sample}`, '--nodes']);
    expect(r.status, r.stderr).toBe(1);
    // B also keeps the flight with no delay: DTW's window has 2 flights, average 6 instead of 1 and 12.
    expect(r.stdout).toContain('origin=DTW, window_start=2001-01-01T00:00:00.000Z, window_end=2001-01-01T01:00:00.000Z: flights 1 → 2, avg_delay 12 → 6');
    expect(r.stdout).toContain('flights.out: equal — 3 equal, 0 only in A, 0 only in B, 0 changed (A 3 rows, B 3)');
    expect(r.stdout).toContain('delayed.out: DIFFERENT — 1 equal, 0 only in A, 1 only in B, 0 changed (A 1 rows, B 2)');
    expect(r.stdout).toContain('DIFFERENT: 4 of 8 outputs differ (hourly, delayed.out, by_origin.out, per_hour.out)');
  });

  it('refuses bad usage with exit code 2', () => {
    expect(tributary(['diff', EXAMPLE]).status).toBe(2);
    expect(tributary(['diff', EXAMPLE, EXAMPLE, '--against', 'HEAD']).status).toBe(2);
    expect(tributary(['diff', EXAMPLE, EXAMPLE, '--watermarks', 'sometimes']).status).toBe(2);
    expect(tributary(['diff', EXAMPLE, 'nope.pipeline.json']).status).toBe(2);
  });
});
