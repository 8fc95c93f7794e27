/**
 * `tributary state` over checkpoints the real backends wrote (`state-fixture.ts`: heap chunks in
 * MessagePack; the LevelDB backend's raw entries with its timers as keyed state): every key's
 * values and timers as the fixture set them, in key order, the same whichever backend wrote
 * them; one key; a prefix; a savepoint copied from the checkpoint; the point's description with
 * the node type's declared state; and the errors (no such key, a folder in use, not a store).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import { expectedKey, writeState } from './state-fixture.ts';

const KEYS = 2000;
const dirs: string[] = [];
const stores: Record<'heap' | 'leveldb', string> = { heap: '', leveldb: '' };

/** UTF-8 byte order, as LevelDB sorts (and `tributary state` lists). */
const bytewise = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

function lines(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** What the CLI prints for key i: the fixture's state, with each entry's and the key's JSON size. */
function printed(i: number): Record<string, unknown> {
  const e = expectedKey(i);
  const bytes = Object.values(e.state).reduce<number>((n, s) => n + Buffer.byteLength(JSON.stringify((s as { value: unknown }).value)), 0);
  return { key: e.key, bytes, state: e.state, timers: e.timers };
}

beforeAll(async () => {
  for (const backend of ['heap', 'leveldb'] as const) {
    const dir = tempDir(`tributary-state-${backend}-`);
    dirs.push(dir);
    stores[backend] = join(dir, 'cp');
    await writeState(stores[backend], backend, KEYS);
  }
}, 120_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('tributary state', () => {
  for (const backend of ['heap', 'leveldb'] as const) {
    it(`lists every key of a ${backend} checkpoint in key order, with its values and timers`, () => {
      const r = tributary(['state', stores[backend], '--node', 'agg', '--json']);
      expect(r.status, r.stderr).toBe(0);
      const got = lines(r.stdout);
      const order = Array.from({ length: KEYS }, (_, i) => i).sort((a, b) => bytewise(`k${a}`, `k${b}`));
      expect(got).toEqual(order.map(printed));
    });
  }

  it('prints the same whichever backend wrote the checkpoint', () => {
    const heap = tributary(['state', stores.heap, '--node', 'agg', '--json']);
    const leveldb = tributary(['state', stores.leveldb, '--node', 'agg', '--json']);
    expect(heap.status).toBe(0);
    expect(leveldb.stdout).toBe(heap.stdout);
  });

  it('finds one key in a streaming pass, and keys by prefix', () => {
    for (const backend of ['heap', 'leveldb'] as const) {
      const one = tributary(['state', stores[backend], '--node', 'agg', '--key', 'k1233', '--json']);
      expect(one.status, one.stderr).toBe(0);
      expect(JSON.parse(one.stdout)).toEqual(printed(1233));
      const some = tributary(['state', stores[backend], '--node', 'agg', '--prefix', 'k19', '--limit', '3', '--json']);
      expect(lines(some.stdout).map((l) => l.key)).toEqual(['k19', 'k190', 'k1900']);
    }
  });

  it('shows windows and timers as times for a person', () => {
    const r = tributary(['state', stores.heap, '--node', 'agg', '--key', 'k3']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('count (value): 3');
    expect(r.stdout).toContain('timer 2024-01-01T03:59:59.999Z  namespace 1704078000000');
    expect(r.stdout).toContain('timer 2024-01-02T03:59:59.999Z  namespace 1704164400000');
  });

  it('reads a savepoint copied from the checkpoint alike', () => {
    const sp = join(dirs[0] as string, 'sp');
    const made = tributary(['savepoint', '--checkpoint-dir', stores.heap, '--out', sp, '--name', 'copy']);
    expect(made.status, made.stderr).toBe(0);
    const fromCheckpoint = tributary(['state', stores.heap, '--node', 'agg', '--json']);
    const fromSavepoint = tributary(['state', sp, '--node', 'agg', '--json']);
    expect(fromSavepoint.status, fromSavepoint.stderr).toBe(0);
    expect(fromSavepoint.stdout).toBe(fromCheckpoint.stdout);
    const described = JSON.parse(tributary(['state', sp, '--json']).stdout) as { kind: string; name: string; checkpointId: number };
    expect(described).toMatchObject({ kind: 'savepoint', name: 'copy', checkpointId: 1 });
  });

  it('describes the point: nodes, shapes, watermarks and the declared state of their types', () => {
    const r = tributary(['state', stores.leveldb, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { kind: string; checkpointId: number; nodes: { nodeId: string; chunks: number; watermark: number; declared: { name: string }[] }[] };
    expect(info).toMatchObject({ kind: 'checkpoint', checkpointId: 1 });
    const agg = info.nodes.find((n) => n.nodeId === 'agg');
    expect(agg?.chunks).toBeGreaterThan(0);
    expect(agg?.watermark).toBe(Date.UTC(2024, 0, 1));
    expect(agg?.declared.map((d) => d.name)).toEqual(['(user-named)', 'timers']);
  });

  it('says what is missing, and refuses a folder in use', async () => {
    const none = tributary(['state', stores.heap, '--node', 'agg', '--key', 'nope']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('node agg holds no state for key "nope" in checkpoint 1');
    const noNode = tributary(['state', stores.heap, '--node', 'ghost']);
    expect(noNode.status).toBe(1);
    expect(noNode.stderr).toContain('has no node ghost (nodes: agg)');
    const notStore = tributary(['state', dirs[0] as string]);
    expect(notStore.status).toBe(2);
    expect(notStore.stderr).toContain('is neither a savepoint directory');
    const store = await CheckpointStore.open(stores.leveldb);
    try {
      const busy = tributary(['state', stores.leveldb]);
      expect(busy.status).toBe(2);
      expect(busy.stderr).toContain(`is in use by pid ${process.pid}`);
    } finally {
      await store.close();
    }
  });
});
