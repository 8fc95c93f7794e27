/**
 * Seeded Debezium JSON workloads for the CDC tests, example and benchmark: an `orders` table
 * (`id` primary key, `customer_id`, `amount` in cents, `status`) changed by a snapshot (`op`
 * `r`), inserts (`c`), updates (`u`, some moving an order to another customer), deletes (`d`,
 * each followed by a tombstone line when asked) and primary-key changes written as Debezium
 * writes them (a `d` of the old key then a `c` of the new one). `source.ts_ms` rises by 1–1000
 * ms per event. The final table is computed beside the events, independently of the engine.
 */
import { seededRandom } from './seeded-random.ts';

/** One row of the `orders` table. */
export interface OrderRow {
  id: number;
  customer_id: number;
  amount: number;
  status: string;
}

export interface DebeziumWorkload {
  /** The file's lines: Debezium envelopes as JSON, and empty lines for tombstones. */
  lines: string[];
  /** The table after every event, by primary key. */
  finalTable: Map<number, OrderRow>;
  /** Change events written (tombstones not counted). */
  events: number;
}

export interface WorkloadOptions {
  seed: number;
  /** Events after the snapshot. */
  events: number;
  /** Rows in the initial snapshot. */
  snapshotRows?: number;
  customers?: number;
  /** Write an empty line (Debezium's tombstone as kcat prints a null value) after each delete. */
  tombstones?: boolean;
  /** Wrap every envelope in `{ "schema": null, "payload": … }` (Debezium's schemas.enable). */
  withSchema?: boolean;
  /** First `source.ts_ms` (default 2001-01-01T00:00:00Z). */
  startMs?: number;
}

/** mulberry32, re-exported for the workload's users. */
export { seededRandom };

const STATUSES = ['new', 'paid', 'shipped', 'returned'];

/** Generates the workload for `options` (the same seed gives the same lines). */
export function debeziumOrders(options: WorkloadOptions): DebeziumWorkload {
  const rand = seededRandom(options.seed);
  const int = (n: number): number => Math.floor(rand() * n);
  const customers = options.customers ?? 20;
  const table = new Map<number, OrderRow>();
  const lines: string[] = [];
  let ts = options.startMs ?? Date.UTC(2001, 0, 1);
  let nextId = 1;
  let events = 0;
  // The live ids, for picking one at random in O(1) (removal swaps the last one in).
  const ids: number[] = [];
  const slot = new Map<number, number>();
  const put = (row: OrderRow): void => {
    if (!slot.has(row.id)) {
      slot.set(row.id, ids.length);
      ids.push(row.id);
    }
    table.set(row.id, row);
  };
  const remove = (id: number): void => {
    const i = slot.get(id) as number;
    const last = ids.pop() as number;
    if (last !== id) {
      ids[i] = last;
      slot.set(last, i);
    }
    slot.delete(id);
    table.delete(id);
  };
  const write = (op: 'r' | 'c' | 'u' | 'd', before: OrderRow | null, after: OrderRow | null): void => {
    ts += 1 + int(1000);
    events++;
    const payload = { before, after, op, ts_ms: ts + 5, source: { connector: 'postgresql', db: 'shop', table: 'orders', ts_ms: ts } };
    lines.push(JSON.stringify(options.withSchema ? { schema: null, payload } : payload));
    if (op === 'd' && options.tombstones) lines.push('');
  };
  const newRow = (): OrderRow => ({ id: nextId++, customer_id: 1 + int(customers), amount: 100 + int(99_900), status: STATUSES[int(2)] as string });
  for (let i = 0; i < (options.snapshotRows ?? 10); i++) {
    const row = newRow();
    put(row);
    write('r', null, row);
  }
  for (let i = 0; i < options.events; i++) {
    const roll = rand();
    if (ids.length === 0 || roll < 0.35) {
      const row = newRow();
      put(row);
      write('c', null, row);
      continue;
    }
    const id = ids[int(ids.length)] as number;
    const before = table.get(id) as OrderRow;
    if (roll < 0.75) {
      // An update: the amount and status; one in four moves the order to another customer.
      const after: OrderRow = { ...before, amount: rand() < 0.8 ? 100 + int(99_900) : before.amount, status: STATUSES[int(STATUSES.length)] as string };
      if (rand() < 0.25) after.customer_id = 1 + int(customers);
      put(after);
      write('u', before, after);
    } else if (roll < 0.92) {
      remove(id);
      write('d', before, null);
    } else {
      // A primary-key change, as Debezium writes it: a delete of the old key, a create of the new.
      const after: OrderRow = { ...before, id: nextId++ };
      remove(id);
      write('d', before, null);
      put(after);
      write('c', null, after);
    }
  }
  return { lines, finalTable: table, events };
}

/** Per-customer totals of a table, computed directly from its rows (the independent check). */
export function totalsByCustomer(table: ReadonlyMap<number, OrderRow>): Map<number, { customer_id: number; orders: number; revenue: number; min_amount: number; max_amount: number }> {
  const out = new Map<number, { customer_id: number; orders: number; revenue: number; min_amount: number; max_amount: number }>();
  for (const r of table.values()) {
    const t = out.get(r.customer_id);
    if (!t) out.set(r.customer_id, { customer_id: r.customer_id, orders: 1, revenue: r.amount, min_amount: r.amount, max_amount: r.amount });
    else {
      t.orders++;
      t.revenue += r.amount;
      t.min_amount = Math.min(t.min_amount, r.amount);
      t.max_amount = Math.max(t.max_amount, r.amount);
    }
  }
  return out;
}
