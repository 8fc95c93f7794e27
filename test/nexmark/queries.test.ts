/**
 * The Nexmark examples (examples/nexmark/q*.pipeline.json) on a small seeded run: each runs
 * in-process with its source shortened to {@link EVENTS} events at {@link RATE} events/s (so
 * 10 s windows have a few dozen windows to fire), and its sink's rows are compared with the
 * reference query's result computed here with plain loops over the same generated events.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NexmarkEvent, Person, Auction, Bid } from '../../engine/nodes/nexmark/model.ts';
import { nexmarkRecords } from '../../engine/nodes/nexmark/flink.ts';
import { NexmarkConfig } from '../../engine/nodes/nexmark/spec.ts';
import type { DataRecord } from '../../engine/runtime/record.ts';
import { runPipeline, type DocInput } from '../engine/harness.ts';

const EVENTS = 30_000;
const RATE = 1_000;
const SEED = 7;

const events = nexmarkRecords(NexmarkConfig.parse({ events: EVENTS, firstEventRate: RATE, seed: SEED }), 'test') as unknown as NexmarkEvent[];
const people: Person[] = events.flatMap((e) => (e.person ? [e.person] : []));
const auctions: Auction[] = events.flatMap((e) => (e.auction ? [e.auction] : []));
const bids: Bid[] = events.flatMap((e) => (e.bid ? [e.bid] : []));

/** Runs `examples/nexmark/<q>.pipeline.json` with the small source; the file sink's rows. */
async function runQuery(q: string): Promise<DataRecord[]> {
  const doc = JSON.parse(readFileSync(`examples/nexmark/${q}.pipeline.json`, 'utf8')) as DocInput;
  for (const n of doc.nodes) if (n.type === 'nexmark') n.config = { ...n.config, events: EVENTS, firstEventRate: RATE, seed: SEED };
  const run = await runPipeline(doc);
  return run.fileRows('sink');
}

const sorted = (rows: readonly unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();
const iso = (ms: number): string => new Date(ms).toISOString();
const S10 = 10_000;

describe('nexmark queries on a seeded run', () => {
  it('has people, auctions and bids to query', () => {
    expect([people.length, auctions.length, bids.length]).toEqual([EVENTS / 50, (EVENTS / 50) * 3, (EVENTS / 50) * 46]);
  });

  it('q0 passes every bid through', async () => {
    const expected = bids.map((b) => ({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra }));
    expect(await runQuery('q0')).toEqual(expected);
  });

  it('q1 converts prices to euros (DECIMAL(23, 3))', async () => {
    const expected = bids.map((b) => ({ auction: b.auction, bidder: b.bidder, price: Number((b.price * 0.908).toFixed(3)), dateTime: b.dateTime, extra: b.extra }));
    expect(await runQuery('q1')).toEqual(expected);
  });

  it('q2 selects bids on every 123rd auction', async () => {
    const expected = bids.filter((b) => b.auction % 123 === 0).map((b) => ({ auction: b.auction, price: b.price }));
    expect(expected.length).toBeGreaterThan(0);
    expect(await runQuery('q2')).toEqual(expected);
  });

  it('q3 joins category-10 auctions with their OR/ID/CA sellers', async () => {
    const expected: unknown[] = [];
    for (const a of auctions)
      for (const p of people)
        if (a.seller === p.id && a.category === 10 && (p.state === 'OR' || p.state === 'ID' || p.state === 'CA')) expected.push({ name: p.name, city: p.city, state: p.state, id: a.id });
    expect(expected.length).toBeGreaterThan(0);
    expect(sorted(await runQuery('q3'))).toEqual(sorted(expected));
  });

  it('q4 ends with the average winning bid per category', async () => {
    const finals = new Map<number, number[]>();
    let closed = 0;
    for (const a of auctions) {
      let max: number | undefined;
      for (const b of bids) if (b.auction === a.id && b.dateTime >= a.dateTime && b.dateTime <= a.expires && (max === undefined || b.price > max)) max = b.price;
      if (max === undefined) continue;
      closed++;
      finals.set(a.category, [...(finals.get(a.category) ?? []), max]);
    }
    const expected = [...finals].map(([category, xs]) => ({ id: category, final: Math.trunc(xs.reduce((s, x) => s + x, 0) / xs.length) }));
    const rows = await runQuery('q4');
    expect(rows).toHaveLength(closed);
    const last = new Map<unknown, DataRecord>();
    for (const r of rows) last.set(r.id, r);
    expect(sorted([...last.values()])).toEqual(sorted(expected));
  });

  it('q5 finds the auctions with the most bids per sliding window', async () => {
    const counts = new Map<number, Map<number, number>>();
    for (const b of bids)
      for (let start = b.dateTime - (b.dateTime % 2000); start > b.dateTime - S10; start -= 2000) {
        const w = counts.get(start) ?? new Map<number, number>();
        w.set(b.auction, (w.get(b.auction) ?? 0) + 1);
        counts.set(start, w);
      }
    const expected: unknown[] = [];
    for (const w of counts.values()) {
      const max = Math.max(...w.values());
      for (const [auction, num] of w) if (num >= max) expected.push({ auction, num });
    }
    expect(sorted(await runQuery('q5'))).toEqual(sorted(expected));
  });

  it('q7 finds the highest bids of each 10 s window, bounds inclusive', async () => {
    const max = new Map<number, number>();
    for (const b of bids) {
      const start = Math.floor(b.dateTime / S10) * S10;
      max.set(start, Math.max(max.get(start) ?? -1, b.price));
    }
    const expected: unknown[] = [];
    for (const [start, price] of max)
      for (const b of bids) if (b.dateTime >= start && b.dateTime <= start + S10 && b.price === price) expected.push({ auction: b.auction, bidder: b.bidder, price: b.price, dateTime: b.dateTime, extra: b.extra });
    expect(sorted(await runQuery('q7'))).toEqual(sorted(expected));
  });

  it('q8 finds people who opened an auction in the window they registered in', async () => {
    const expected = new Set<string>();
    for (const p of people) {
      const start = Math.floor(p.dateTime / S10) * S10;
      if (auctions.some((a) => a.seller === p.id && Math.floor(a.dateTime / S10) * S10 === start)) expected.add(JSON.stringify({ id: p.id, name: p.name, stime: iso(start) }));
    }
    expect(expected.size).toBeGreaterThan(0);
    expect(sorted(await runQuery('q8'))).toEqual([...expected].sort());
  });

  it('q11 counts bids per bidder session (gap 10 s, as Flink merges sessions that touch)', async () => {
    const times = new Map<number, number[]>();
    for (const b of bids) times.set(b.bidder, [...(times.get(b.bidder) ?? []), b.dateTime]);
    const expected: unknown[] = [];
    for (const [bidder, ts] of times) {
      ts.sort((x, y) => x - y);
      let start = ts[0] as number;
      let last = start;
      let n = 0;
      for (const t of ts) {
        if (t > last + S10) {
          expected.push({ bidder, bid_count: n, starttime: iso(start), endtime: iso(last + S10) });
          start = t;
          n = 0;
        }
        last = t;
        n++;
      }
      expected.push({ bidder, bid_count: n, starttime: iso(start), endtime: iso(last + S10) });
    }
    expect(sorted(await runQuery('q11'))).toEqual(sorted(expected));
  });

  it('q12 counts bids per bidder in 10 s windows (event time)', async () => {
    const counts = new Map<string, { bidder: number; start: number; n: number }>();
    for (const b of bids) {
      const start = Math.floor(b.dateTime / S10) * S10;
      const k = `${b.bidder}|${start}`;
      const c = counts.get(k) ?? { bidder: b.bidder, start, n: 0 };
      c.n++;
      counts.set(k, c);
    }
    const expected = [...counts.values()].map((c) => ({ bidder: c.bidder, bid_count: c.n, starttime: iso(c.start), endtime: iso(c.start + S10) }));
    expect(sorted(await runQuery('q12'))).toEqual(sorted(expected));
  });
});
