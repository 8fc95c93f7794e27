/**
 * Writes this example's Debezium JSON files, reproducibly from a seed (`npx tsx
 * examples/cdc/generate.mts [--seed N]`): `orders.debezium.jsonl` — a shop's orders table
 * (snapshot, inserts, updates that change amounts and statuses or move an order to another
 * customer, deletes followed by tombstone lines, primary-key changes as Debezium writes them) —
 * and `customers.debezium.jsonl` — its customers (snapshot, address changes, one deletion).
 * Both are what Debezium's Postgres connector writes with `value.converter.schemas.enable=false`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { debeziumOrders, seededRandom } from '../../test/harness/debezium-workload.ts';

const arg = process.argv.indexOf('--seed');
const seed = arg >= 0 ? Number(process.argv[arg + 1]) : 2001;
const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

const orders = debeziumOrders({ seed, events: 4000, snapshotRows: 200, customers: 40, tombstones: true });
writeFileSync(here('orders.debezium.jsonl'), orders.lines.join('\n') + '\n');

const random = seededRandom(seed + 1);
const cities = ['Lisbon', 'Porto', 'Braga', 'Coimbra', 'Faro'];
const names = ['Ana', 'Bruno', 'Carla', 'Diogo', 'Eva', 'Filipe', 'Gil', 'Helena'];
const lines: string[] = [];
let ts = Date.UTC(2001, 0, 1) - 60_000;
const customers = new Map<number, { id: number; name: string; city: string }>();
const write = (op: string, before: object | null, after: object | null): void => {
  ts += 1 + Math.floor(random() * 2000);
  lines.push(JSON.stringify({ before, after, op, ts_ms: ts + 3, source: { connector: 'postgresql', db: 'shop', table: 'customers', ts_ms: ts } }));
};
for (let id = 1; id <= 40; id++) {
  const row = { id, name: `${names[id % names.length] as string} ${id}`, city: cities[Math.floor(random() * cities.length)] as string };
  customers.set(id, row);
  write('r', null, row);
}
for (let i = 0; i < 30; i++) {
  const id = 1 + Math.floor(random() * 40);
  const before = customers.get(id);
  if (!before) continue;
  const after = { ...before, city: cities[Math.floor(random() * cities.length)] as string };
  customers.set(id, after);
  write('u', before, after);
}
write('d', customers.get(40) ?? null, null);
lines.push('');
writeFileSync(here('customers.debezium.jsonl'), lines.join('\n') + '\n');
console.log(`wrote ${orders.lines.length} order lines (${orders.events} changes) and ${lines.length} customer lines, seed ${seed}`);
