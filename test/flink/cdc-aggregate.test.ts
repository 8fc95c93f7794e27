// cdcSource → aggregate → upsert/changelog file sinks against real Apache Flink 1.20: the same
// seeded Debezium JSON file (snapshot reads, inserts, updates that move orders between customers,
// deletes with tombstone lines, primary-key changes as Debezium writes them, some envelopes in the
// schema wrapper) read by Flink's filesystem connector with 'format' = 'debezium-json', totalled
// by a non-windowed GROUP BY into a filesystem sink with 'debezium-json' (parallelism 1, so Flink's
// changelog order is deterministic). Flink writes +I/+U as op "c" and -U/-D as op "d"; the final
// tables (Flink's changelog replayed by key against our upsert file) and the changelogs as
// sequences per key must be equal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearSinkFolder, readSinkRows } from '../../engine/flink/sink-files.ts';
import { availability, FLINK_TEST_TIMEOUT_MS, sqlString, useFlinkRunner, useScratchDir } from './flink-helpers.ts';
import { debeziumOrders } from '../harness/debezium-workload.ts';
import { doc, edge, node, runPipeline } from '../engine/harness.ts';

type Row = Record<string, unknown>;
const AGGREGATES = [
  { name: 'orders', fn: 'count', sql: 'COUNT(*)', type: 'BIGINT' },
  { name: 'revenue', fn: 'sum', field: 'amount', sql: 'SUM(amount)', type: 'BIGINT' },
  { name: 'low', fn: 'min', field: 'amount', sql: 'MIN(amount)', type: 'BIGINT' },
  { name: 'high', fn: 'max', field: 'amount', sql: 'MAX(amount)', type: 'BIGINT' },
  { name: 'mean', fn: 'avg', field: 'amount', sql: 'AVG(CAST(amount AS DOUBLE))', type: 'DOUBLE' },
  { name: 'statuses', fn: 'countDistinct', field: 'status', sql: 'COUNT(DISTINCT status)', type: 'BIGINT' },
] as const;

/** Changes by key, in order, as `c`/`d` with the row (Flink's debezium-json sink). */
function byKey(changes: readonly { op: string; row: Row }[]): Map<unknown, string[]> {
  const out = new Map<unknown, string[]>();
  for (const { op, row } of changes) {
    const list = out.get(row.customer_id) ?? [];
    list.push(`${op} ${JSON.stringify(row)}`);
    out.set(row.customer_id, list);
  }
  return out;
}

/** The table a changelog leaves, sorted by key. */
function replay(changes: readonly { op: string; row: Row }[]): Row[] {
  const table = new Map<unknown, Row>();
  for (const { op, row } of changes) {
    if (op === 'c') table.set(row.customer_id, row);
    else table.delete(row.customer_id);
  }
  return [...table.values()].sort((a, b) => (a.customer_id as number) - (b.customer_id as number));
}

describe.skipIf(!availability.ok)('CDC aggregate against real Apache Flink (debezium-json)', { timeout: FLINK_TEST_TIMEOUT_MS }, () => {
  const flink = useFlinkRunner();
  const scratch = useScratchDir();

  it.each([
    { seed: 11, events: 2000, customers: 12, withSchema: false },
    { seed: 12, events: 1500, customers: 3, withSchema: true },
  ])('seed $seed: $events events over $customers customers: same final table and per-key changelogs', async ({ seed, events, customers, withSchema }) => {
    const w = debeziumOrders({ seed, events, customers, snapshotRows: 30, tombstones: true, withSchema });
    const input = join(scratch(), `orders-${seed}.json`);
    writeFileSync(input, w.lines.join('\n') + '\n');
    const out = join(scratch(), `totals-${seed}`);
    await clearSinkFolder(out);
    const columns = AGGREGATES.map((a) => `${a.name} ${a.type}`).join(', ');
    const schemaOption = withSchema ? ", 'debezium-json.schema-include' = 'true'" : '';
    const result = await flink().runSql(
      `
      SET 'execution.runtime-mode' = 'streaming';
      CREATE TABLE orders (id BIGINT, customer_id BIGINT, amount BIGINT, status STRING)
        WITH ('connector' = 'filesystem', 'path' = ${sqlString(input)}, 'format' = 'debezium-json'${schemaOption});
      CREATE TABLE totals (customer_id BIGINT, ${columns}, PRIMARY KEY (customer_id) NOT ENFORCED)
        WITH ('connector' = 'filesystem', 'path' = ${sqlString(out)}, 'format' = 'debezium-json');
      INSERT INTO totals SELECT customer_id, ${AGGREGATES.map((a) => `${a.sql} AS ${a.name}`).join(', ')} FROM orders GROUP BY customer_id;
      `,
      { timeoutMs: 180_000 },
    );
    expect(result.error).toBeUndefined();
    const flinkChanges = (await readSinkRows(out)).map((r) => ({ op: r.op as string, row: (r.op === 'c' ? r.after : r.before) as Row }));
    expect(flinkChanges.length).toBeGreaterThan(events);

    const run = await runPipeline(
      doc(
        [
          node('orders', 'cdcSource', { path: 'orders.jsonl', primaryKey: ['id'] }),
          node('totals', 'aggregate', { groupBy: ['customer_id'], aggregates: AGGREGATES.map(({ name, fn, ...rest }) => ({ name, fn, ...('field' in rest ? { field: rest.field } : {}) })) }),
          node('log', 'fileSink', { mode: 'changelog' }),
          node('table', 'fileSink', { mode: 'upsert', key: ['customer_id'] }),
        ],
        [edge('orders', 'totals'), edge('totals', 'log'), edge('totals', 'table')],
      ),
      { files: { 'orders.jsonl': w.lines.join('\n') + '\n' } },
    );
    const ours = run.fileRows('log').map((l) => ({ op: l.op === '+I' || l.op === '+U' ? 'c' : 'd', row: l.row as Row }));
    const ourTable = run.fileRows('table').sort((a, b) => (a.customer_id as number) - (b.customer_id as number));
    expect(ourTable).toEqual(replay(flinkChanges));
    expect(ourTable.length).toBeGreaterThan(0);
    const flinkByKey = byKey(flinkChanges);
    const oursByKey = byKey(ours);
    expect([...oursByKey.keys()].sort()).toEqual([...flinkByKey.keys()].sort());
    for (const [key, list] of flinkByKey) expect(oursByKey.get(key), `changes of customer ${String(key)}`).toEqual(list);
  });
});
