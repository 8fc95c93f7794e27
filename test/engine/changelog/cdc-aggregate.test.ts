/**
 * cdcSource → aggregate → changelog and upsert file sinks, in-process: a hand-written Debezium
 * file with hand-computed changes (min/max retraction when the current extreme is deleted, an
 * update moving a row to another group, tombstones, the schema wrapper, bad lines to `errors`
 * with file and line), and a seeded workload whose final table is checked against totals
 * computed directly from the generator's final orders table.
 */
import { describe, expect, it } from 'vitest';
import { doc, edge, node, runPipeline } from '../harness.ts';
import { debeziumOrders, totalsByCustomer } from '../../harness/debezium-workload.ts';

const env = (op: string, before: object | null, after: object | null, ts: number): string => JSON.stringify({ before, after, op, source: { ts_ms: ts } });
const o = (id: number, customer_id: number, amount: number): object => ({ id, customer_id, amount });

const HAND = [
  env('r', null, o(1, 7, 50), 1000),
  env('c', null, o(2, 7, 30), 2000),
  '{"schema":{"type":"struct"},"payload":' + env('c', null, o(3, 8, 10), 3000) + '}',
  env('u', o(1, 7, 50), o(1, 7, 60), 4000), // max 50 → 60
  env('d', o(2, 7, 30), null, 5000), // the current min (30) goes: min becomes 60
  '', // a tombstone after the delete
  '{"schema":null,"payload":null}', // a tombstone in the schema wrapper
  '{not json',
  env('x', null, o(9, 9, 9), 6000),
  env('u', null, o(1, 7, 61), 7000), // an update without its before image
  env('u', o(3, 8, 10), o(3, 7, 10), 8000), // moves order 3 from customer 8 to 7
  env('d', o(3, 7, 10), null, 9000),
  env('d', o(1, 7, 60), null, 10000), // customer 7's last order: -D
];

const aggregates = [
  { name: 'orders', fn: 'count' },
  { name: 'revenue', fn: 'sum', field: 'amount' },
  { name: 'low', fn: 'min', field: 'amount' },
  { name: 'high', fn: 'max', field: 'amount' },
];

function pipeline(path: string): ReturnType<typeof doc> {
  return doc(
    [
      node('orders', 'cdcSource', { path, primaryKey: ['id'] }),
      node('totals', 'aggregate', { groupBy: ['customer_id'], aggregates }),
      node('log', 'fileSink', { mode: 'changelog' }),
      node('table', 'fileSink', { mode: 'upsert', key: ['customer_id'] }),
      node('errs', 'fileSink'),
    ],
    [edge('orders', 'totals'), edge('totals', 'log'), edge('totals', 'table'), edge('orders', 'errs', 'errors')],
  );
}

const t = (customer_id: number, orders: number, revenue: number, low: number, high: number): object => ({ customer_id, orders, revenue, low, high });

describe('cdcSource → aggregate → file sinks', () => {
  it('emits the hand-computed changelog, retracting min/max when the extreme is deleted', async () => {
    const run = await runPipeline(pipeline('orders.jsonl'), { files: { 'orders.jsonl': HAND.join('\n') + '\n' } });
    expect(run.fileRows('log')).toEqual([
      { op: '+I', row: t(7, 1, 50, 50, 50) },
      { op: '-U', row: t(7, 1, 50, 50, 50) },
      { op: '+U', row: t(7, 2, 80, 30, 50) },
      { op: '+I', row: t(8, 1, 10, 10, 10) },
      // u 1: 50 → 60: retract 50, then add 60 — two changes of customer 7.
      { op: '-U', row: t(7, 2, 80, 30, 50) },
      { op: '+U', row: t(7, 1, 30, 30, 30) },
      { op: '-U', row: t(7, 1, 30, 30, 30) },
      { op: '+U', row: t(7, 2, 90, 30, 60) },
      // d 2 (amount 30, the minimum): the next minimum is 60.
      { op: '-U', row: t(7, 2, 90, 30, 60) },
      { op: '+U', row: t(7, 1, 60, 60, 60) },
      // u 3 moves from customer 8 (its last row: -D) to 7.
      { op: '-D', row: t(8, 1, 10, 10, 10) },
      { op: '-U', row: t(7, 1, 60, 60, 60) },
      { op: '+U', row: t(7, 2, 70, 10, 60) },
      { op: '-U', row: t(7, 2, 70, 10, 60) },
      { op: '+U', row: t(7, 1, 60, 60, 60) },
      { op: '-D', row: t(7, 1, 60, 60, 60) },
    ]);
    expect(run.fileRows('table')).toEqual([]);
    const errors = run.fileRows('errs');
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['orders.jsonl', 8],
      ['orders.jsonl', 9],
      ['orders.jsonl', 10],
    ]);
    expect(errors[1]?.reason).toBe('unknown Debezium "op" "x" (expected c, r, u or d)');
    expect(errors[2]?.reason).toContain('the "before" field of a Debezium "u" event is null');
    // 13 lines: 1 empty (skipped as a tombstone by the reader), 1 wrapped tombstone (filtered), 3 errors.
    expect(run.metrics('orders')).toMatchObject({ in: 12, accepted: 8, filtered: 1, errors: 3 });
    // Change times are source.ts_ms.
    expect(run.times('totals').slice(0, 2)).toEqual([1000, 2000]);
  });

  it('a seeded workload (updates across groups, deletes, key changes) ends in the table computed from the final orders', async () => {
    const w = debeziumOrders({ seed: 42, events: 3000, snapshotRows: 50, customers: 25, tombstones: true });
    const run = await runPipeline(pipeline('orders.jsonl'), { files: { 'orders.jsonl': w.lines.join('\n') + '\n' } });
    const expected = [...totalsByCustomer(w.finalTable).values()]
      .sort((a, b) => String(a.customer_id).localeCompare(String(b.customer_id)))
      .map((x) => t(x.customer_id, x.orders, x.revenue, x.min_amount, x.max_amount));
    expect(run.fileRows('table')).toEqual(expected);
    // The changelog replayed per key: every -U/-D retracts exactly the row last added for its key.
    const current = new Map<unknown, unknown>();
    for (const { op, row } of run.fileRows('log') as { op: string; row: { customer_id: number } }[]) {
      const before = current.get(row.customer_id);
      if (op === '+I') expect(before).toBeUndefined();
      if (op === '-U' || op === '-D') expect(row).toEqual(before);
      if (op === '+I' || op === '+U') current.set(row.customer_id, row);
      else current.delete(row.customer_id);
    }
    expect([...current.values()].sort((a, b) => String((a as { customer_id: number }).customer_id).localeCompare(String((b as { customer_id: number }).customer_id)))).toEqual(expected);
    expect(run.metrics('orders').errors).toBe(0);
    expect(run.metrics('orders').accepted).toBe(w.events);
  });
});
