/**
 * The CDC benchmark case (issue 20): a seeded Debezium JSON file of orders (snapshot, inserts,
 * updates moving orders between customers, deletes, key changes; `test/harness/debezium-workload.ts`)
 * → cdcSource → aggregate (count, sum, min, max per customer) → upsert file sink. Changes/s are
 * the change events the source reads per second of the whole run (parsing, decoding, keyed
 * state, the -U/+U pairs and the sink's table included).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debeziumOrders } from '../harness/debezium-workload.ts';
import { measure, type CaseResult } from './cases.ts';

/** Writes the workload's file; nothing of it stays reachable (the measured run's heap is its own). */
function writeWorkload(path: string, events: number): void {
  writeFileSync(path, debeziumOrders({ seed: 1, events, snapshotRows: 10_000, customers: 10_000 }).lines.join('\n') + '\n');
}

/** cdcSource → aggregate → upsert sink over `events` seeded changes and 10 k customers. */
export async function cdcAggregate(events = 1_000_000): Promise<CaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-bench-cdc-'));
  try {
    writeWorkload(join(dir, 'orders.jsonl'), events);
    const document = {
      version: 1,
      name: 'bench-cdc',
      nodes: [
        { id: 'orders', type: 'cdcSource', config: { path: 'orders.jsonl', primaryKey: ['id'] } },
        {
          id: 'totals',
          type: 'aggregate',
          config: {
            groupBy: ['customer_id'],
            aggregates: [
              { name: 'orders', fn: 'count' },
              { name: 'revenue', fn: 'sum', field: 'amount' },
              { name: 'low', fn: 'min', field: 'amount' },
              { name: 'high', fn: 'max', field: 'amount' },
            ],
          },
        },
        { id: 'table', type: 'fileSink', config: { mode: 'upsert', key: ['customer_id'], path: 'out/totals.jsonl' } },
      ],
      edges: [
        { id: 'a', source: 'orders', target: 'totals' },
        { id: 'b', source: 'totals', target: 'table' },
      ],
    };
    const r = await measure('CDC: debezium-json file → aggregate per customer (count, sum, min, max) → upsert file sink', document, dir, 'orders');
    return { ...r, note: 'changes/s = Debezium events read per second' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
