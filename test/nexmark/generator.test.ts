/**
 * The `nexmark` source against the reference generator's rules (github.com/nexmark/nexmark
 * `GeneratorConfig`, `NexmarkGenerator`, `model/*Generator`), restated here: the event kind
 * by id mod 50, sequential person and auction ids from 1000, event time from the rate, value
 * ranges, hot-item ratios and average sizes; plus determinism, resuming from a snapshot, the
 * `kind` filter through a real run, and the export's columns matching the rows.
 */
import { describe, expect, it } from 'vitest';
import { NexmarkModel, type NexmarkEvent } from '../../engine/nodes/nexmark/model.ts';
import { nexmarkColumns, nexmarkRecords } from '../../engine/nodes/nexmark/flink.ts';
import { nexmarkParams } from '../../engine/nodes/nexmark/operator.ts';
import { NexmarkConfig } from '../../engine/nodes/nexmark/spec.ts';
import { doc, edge, node, runPipeline } from '../engine/harness.ts';

const N = 50_000;
const config = NexmarkConfig.parse({ events: N, seed: 3 });
const events = nexmarkRecords(config, 't') as unknown as NexmarkEvent[];
const BASE = Date.parse(config.baseTime);
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('nexmark generator', () => {
  it('makes event i a person, auction or bid by i mod 50 (1 : 3 : 46), with sequential ids from 1000', () => {
    const bad = events.flatMap((e, i) => {
      const epoch = Math.floor(i / 50);
      const offset = i % 50;
      const ok =
        e.event_type === (offset === 0 ? 0 : offset <= 3 ? 1 : 2) &&
        (e.person === null || e.person.id === 1000 + epoch) &&
        (e.auction === null || e.auction.id === 1000 + epoch * 3 + offset - 1);
      return ok ? [] : [i];
    });
    expect(bad).toEqual([]);
  });

  it('advances event time at firstEventRate (10 000/s: 10 events per ms) from baseTime', () => {
    expect(events.flatMap((e, i) => (e.dateTime - BASE === Math.floor(i / 10) ? [] : [i]))).toEqual([]);
    const slow = nexmarkRecords(NexmarkConfig.parse({ events: 100, firstEventRate: 3 }), 't') as unknown as NexmarkEvent[];
    // The reference truncates i × (10^6 / rate) µs to a long first: event 99 at 3/s is at 32 999 ms.
    const delayUs = 1_000_000 / 3;
    slow.forEach((e, i) => expect(e.dateTime - BASE).toBe(Math.floor(Math.floor(i * delayUs) / 1000)));
    expect((slow[99] as NexmarkEvent).dateTime - BASE).toBe(32_999);
  });

  it('keeps values in the reference ranges', () => {
    const bad: string[] = [];
    const check = (ok: boolean, what: string, i: number): void => void (ok || bad.push(`event ${i}: ${what}`));
    events.forEach((e, i) => {
      if (e.auction) {
        const a = e.auction;
        check(a.category >= 10 && a.category <= 14, `category ${a.category}`, i);
        check(a.initialBid >= 100 && a.initialBid <= 100_000_000, `initialBid ${a.initialBid}`, i);
        check(a.reserve >= a.initialBid, `reserve ${a.reserve} < initialBid`, i);
        check(a.expires > a.dateTime, 'expires before dateTime', i);
        check(a.seller - 1000 < Math.floor(i / 50) + 1 + 10, `seller ${a.seller} beyond the person id lead`, i);
      }
      if (e.bid) {
        check(e.bid.price >= 100 && e.bid.price <= 100_000_000, `price ${e.bid.price}`, i);
        // The reference adds FIRST_PERSON_ID to a bidder twice.
        check(e.bid.bidder >= 2000, `bidder ${e.bid.bidder}`, i);
        check(e.bid.url.startsWith('https://www.nexmark.com/'), `url ${e.bid.url}`, i);
      }
      if (e.person) {
        check(['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'].includes(e.person.state), `state ${e.person.state}`, i);
        check(/^\d{4} \d{4} \d{4} \d{4}$/.test(e.person.creditCard), `creditCard ${e.person.creditCard}`, i);
        check(/^[a-z ]+@[a-z ]+\.com$/.test(e.person.emailAddress), `emailAddress ${e.person.emailAddress}`, i);
      }
    });
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('sends about half of the bids to the hot auction and half to hot channels (ratio 2)', () => {
    let hotAuction = 0;
    let hotChannel = 0;
    let n = 0;
    events.forEach((e, i) => {
      if (!e.bid) return;
      n++;
      const lastAuction = Math.floor(i / 50) * 3 + 2;
      if (e.bid.auction === 1000 + Math.floor(lastAuction / 100) * 100) hotAuction++;
      if (['Google', 'Facebook', 'Baidu', 'Apple'].includes(e.bid.channel)) hotChannel++;
    });
    // 1/2 by the ratio, plus the cold picks that land on the hot auction by chance.
    expect(hotAuction / n).toBeGreaterThan(0.48);
    expect(hotAuction / n).toBeLessThan(0.56);
    expect(hotChannel / n).toBeGreaterThan(0.48);
    expect(hotChannel / n).toBeLessThan(0.52);
  });

  it('pads events to the average byte sizes (person 200, auction 500, bid 100)', () => {
    const person = events.flatMap((e) => (e.person ? [8 + e.person.name.length + e.person.emailAddress.length + e.person.creditCard.length + e.person.city.length + e.person.state.length + e.person.extra.length] : []));
    const auction = events.flatMap((e) => (e.auction ? [40 + e.auction.itemName.length + e.auction.description.length + e.auction.extra.length] : []));
    const bid = events.flatMap((e) => (e.bid ? [32 + e.bid.extra.length] : []));
    expect(mean(person)).toBeGreaterThan(190);
    expect(mean(person)).toBeLessThan(210);
    expect(mean(auction)).toBeGreaterThan(475);
    expect(mean(auction)).toBeLessThan(525);
    expect(mean(bid)).toBeGreaterThan(95);
    expect(mean(bid)).toBeLessThan(105);
  });

  it('is deterministic for a seed, differs across seeds, and resumes from a snapshot', () => {
    const again = nexmarkRecords(config, 't');
    expect(again).toEqual(events);
    const other = nexmarkRecords({ ...config, seed: 4, events: 1000 }, 't');
    expect(other).not.toEqual(events.slice(0, 1000));
    const first = new NexmarkModel(nexmarkParams(config, 't'));
    for (let i = 0; i < 777; i++) first.next();
    const resumed = new NexmarkModel(nexmarkParams(config, 't'));
    resumed.eventsSoFar = first.eventsSoFar;
    resumed.randomState = first.randomState;
    const rest = Array.from({ length: 500 }, () => resumed.next());
    expect(rest).toEqual(events.slice(777, 1277));
  });

  it('emits the rows of one view for a kind, in a real run, with the columns the export declares', async () => {
    const run = await runPipeline(
      doc(
        [node('p', 'nexmark', { events: 5000, seed: 3, kind: 'person' }), node('a', 'nexmark', { events: 5000, seed: 3, kind: 'auction' }), node('ps', 'fileSink', { path: 'p.jsonl' }), node('as', 'fileSink', { path: 'a.jsonl' })],
        [edge('p', 'ps'), edge('a', 'as')],
      ),
    );
    const people = events.slice(0, 5000).flatMap((e) => (e.person ? [e.person] : []));
    const auctions = events.slice(0, 5000).flatMap((e) => (e.auction ? [e.auction] : []));
    expect(run.fileRows('ps')).toEqual(people);
    expect(run.fileRows('as')).toEqual(auctions);
    expect(run.times('ps')).toEqual([]); // file sinks keep no samples; the rows carry dateTime
    for (const kind of ['person', 'auction', 'bid', 'all'] as const) {
      const row = nexmarkRecords({ ...config, events: 50, kind }, 't')[0] ?? {};
      expect(nexmarkColumns(kind).map((c) => c.name)).toEqual(Object.keys(row));
    }
  });
});
