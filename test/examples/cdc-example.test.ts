/**
 * End-to-end: `tributary run examples/cdc/revenue-per-customer.pipeline.json` over its seeded
 * Debezium files (examples/cdc/generate.mts). The upsert files are checked against tables
 * computed here from the files with plain loops — each envelope applied to a table by primary
 * key, then the orders not returned totalled per customer — and the changelog file must replay
 * (per key) to the same revenue table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir, tributary } from '../cli/run-cli.ts';

type Row = Record<string, unknown> & { id: number };

/** The table a Debezium JSON file leaves, by primary key `id`. */
function finalTable(file: string): Map<number, Row> {
  const table = new Map<number, Row>();
  for (const line of readFileSync(join(REPO, 'examples/cdc', file), 'utf8').split('\n')) {
    if (line === '') continue;
    const e = JSON.parse(line) as { op: string; before: Row | null; after: Row | null };
    if (e.before) table.delete(e.before.id);
    if (e.after && e.op !== 'd') table.set(e.after.id, e.after);
  }
  return table;
}

const lines = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const byKey = (field: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => (a[field] as number) - (b[field] as number);

describe('examples/cdc: revenue per customer', () => {
  it('writes the final revenue and customer tables, and a changelog that replays to them', () => {
    const out = tempDir();
    const r = tributary(['run', 'examples/cdc/revenue-per-customer.pipeline.json', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);

    const totals = new Map<number, { customer_id: number; orders: number; revenue_cents: number; largest_cents: number }>();
    for (const o of finalTable('orders.debezium.jsonl').values()) {
      if (o.status === 'returned') continue;
      const c = o.customer_id as number;
      const amount = o.amount as number;
      const t = totals.get(c) ?? { customer_id: c, orders: 0, revenue_cents: 0, largest_cents: amount };
      t.orders++;
      t.revenue_cents += amount;
      t.largest_cents = Math.max(t.largest_cents, amount);
      totals.set(c, t);
    }
    const expected = [...totals.values()].sort(byKey('customer_id'));
    expect(lines(join(out, 'revenue_table.jsonl')).sort(byKey('customer_id'))).toEqual(expected);
    expect(lines(join(out, 'customer_table.jsonl')).sort(byKey('id'))).toEqual([...finalTable('customers.debezium.jsonl').values()].sort(byKey('id')));

    const replayed = new Map<unknown, Record<string, unknown>>();
    for (const { op, row } of lines(join(out, 'revenue_changes.jsonl')) as { op: string; row: Record<string, unknown> }[]) {
      if (op === '+I' || op === '+U') replayed.set(row.customer_id, row);
      else {
        expect(replayed.get(row.customer_id)).toEqual(row);
        replayed.delete(row.customer_id);
      }
    }
    expect([...replayed.values()].sort(byKey('customer_id'))).toEqual(expected);
  });
});
