/**
 * Exactly-once through a crash: `tributary run` of cdcSource → aggregate → changelog and upsert
 * file sinks, checkpointed every 10 ms and killed (SIGKILL) between a checkpoint's state writes
 * and its commit, then resumed: the source's byte offset, the aggregate's keyed state and the
 * upsert table come back from the checkpoint, so both files equal those of a run without the
 * crash, and the table equals the totals computed from the generator's final orders.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../../cli/run-cli.ts';
import { debeziumOrders, totalsByCustomer } from '../../harness/debezium-workload.ts';

describe('cdcSource → aggregate → upsert sink through a crash', () => {
  it('resumes from the last checkpoint with the same changelog and final table', { timeout: 240_000 }, () => {
    const dir = tempDir('tributary-cdc-');
    const w = debeziumOrders({ seed: 5, events: 60_000, snapshotRows: 500, customers: 300 });
    writeFileSync(join(dir, 'orders.jsonl'), w.lines.join('\n') + '\n');
    const document = {
      version: 1,
      name: 'cdc restore',
      nodes: [
        { id: 'orders', type: 'cdcSource', config: { path: 'orders.jsonl', primaryKey: ['id'], speed: 15_000 } },
        {
          id: 'totals',
          type: 'aggregate',
          config: { groupBy: ['customer_id'], aggregates: [{ name: 'orders', fn: 'count' }, { name: 'revenue', fn: 'sum', field: 'amount' }, { name: 'high', fn: 'max', field: 'amount' }] },
        },
        { id: 'log', type: 'fileSink', config: { mode: 'changelog' } },
        { id: 'table', type: 'fileSink', config: { mode: 'upsert', key: ['customer_id'] } },
      ],
      edges: [
        { id: 'e1', source: 'orders', target: 'totals' },
        { id: 'e2', source: 'totals', target: 'log' },
        { id: 'e3', source: 'totals', target: 'table' },
      ],
    };
    const pipeline = join(dir, 'cdc.pipeline.json');
    writeFileSync(pipeline, JSON.stringify(document));

    const reference = tempDir();
    const clean = tributary(['run', pipeline, '--out', reference, '--no-progress']);
    expect(clean.status, clean.stderr).toBe(0);

    const out = tempDir();
    const checkpoints = tempDir();
    const args = ['run', pipeline, '--out', out, '--checkpoint-dir', checkpoints, '--checkpoint-interval', '10', '--no-progress'];
    const crashed = tributary(args, { env: { TRIBUTARY_TEST_CRASH_BEFORE_COMMIT: '3' } });
    expect(crashed.status).toBeNull(); // killed by SIGKILL
    expect(crashed.stderr).toContain('checkpoint 2 complete');
    expect(crashed.stderr).not.toContain('checkpoint 3 complete');
    const resumed = tributary(args);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('restoring checkpoint 2');

    for (const sink of ['log', 'table']) expect(readFileSync(join(out, `${sink}.jsonl`), 'utf8'), sink).toBe(readFileSync(join(reference, `${sink}.jsonl`), 'utf8'));
    const table = readFileSync(join(out, 'table.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { customer_id: number; orders: number; revenue: number; high: number });
    const expected = totalsByCustomer(w.finalTable);
    expect(table).toHaveLength(expected.size);
    for (const row of table) {
      const e = expected.get(row.customer_id);
      expect(row).toEqual({ customer_id: row.customer_id, orders: e?.orders, revenue: e?.revenue, high: e?.max_amount });
    }
  });
});
