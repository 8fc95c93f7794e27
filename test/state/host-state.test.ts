/**
 * The studio's state calls through the engine host's protocol, on a real paced run in a
 * sandboxed job: checkpoint events as they complete, "Savepoint now" on disk, the store busy while
 * the run holds it and listed after, a node's keys paged through exactly as `tributary state
 * --json` lists them, and a restart from the savepoint whose sink rows are those `tributary run
 * --restore` writes from the same savepoint.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineHost } from '../../engine/host/engine-host.ts';
import { CALLS, HostEventSchema, parseRequest, type CallName, type CallResult, type HostEvent } from '../../engine/host/protocol.ts';
import { tempDir, tributary } from '../cli/run-cli.ts';

const doc = {
  version: 1,
  name: 'Counts per key',
  nodes: [
    { id: 'gen', type: 'generator', position: { x: 0, y: 0 }, config: { count: 60_000, keys: 40, step: 100 } },
    { id: 'w', type: 'tumblingWindow', position: { x: 300, y: 0 }, config: { key: { fields: ['key'] }, size: '10m', aggregates: [{ name: 'n', fn: 'count' }] } },
    { id: 'sink', type: 'fileSink', position: { x: 600, y: 0 }, config: { path: 'counts.jsonl' } },
  ],
  edges: [
    { id: 'e1', source: 'gen', target: 'w' },
    { id: 'e2', source: 'w', target: 'sink' },
  ],
};

const root = tempDir('tributary-host-state-');
const host = new EngineHost({ root });
const events: HostEvent[] = [];
// Every event and result must pass the protocol's schemas, as a client validates them.
host.onEvent((e) => events.push(HostEventSchema.parse(e)));

afterAll(async () => {
  await host.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function call<C extends CallName>(name: C, args: Record<string, unknown>): Promise<CallResult<C>> {
  const parsed = parseRequest({ kind: 'request', id: 1, call: name, args });
  if (!parsed.ok) throw new Error(parsed.error);
  const response = await host.handle(parsed.request);
  if (!response.ok) throw new Error(response.error);
  return CALLS[name].result.parse(response.result) as CallResult<C>;
}

async function until<T>(what: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    const v = what();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

const ended = (runId: string): HostEvent | undefined => events.find((e) => (e.type === 'runFinished' || e.type === 'runFailed') && e.runId === runId);

describe('EngineHost state calls', () => {
  let runId = '';

  it('reports checkpoints as they complete and takes a savepoint on demand', async () => {
    const started = await call('run', { document: doc, speed: 1000, checkpointing: { dir: 'cp', intervalMs: 200 } });
    expect(started.started).toBe(true);
    runId = (started as { runId: string }).runId;
    await until(() => (events.filter((e) => e.type === 'checkpoint' && e.runId === runId).length >= 2 ? true : undefined));
    const busy = await call('statePoints', { checkpointDir: 'cp' });
    expect(busy.busy).toBe(true);
    const sp = await call('savepoint', { runId, name: 'mid-run' });
    expect(sp.dir).toBe('cp/savepoints/mid-run');
    expect(existsSync(join(root, 'cp', 'savepoints', 'mid-run', 'savepoint.json'))).toBe(true);
    await until(() => ended(runId));
    expect(ended(runId)?.type).toBe('runFinished');
    const checkpoints = events.flatMap((e) => (e.type === 'checkpoint' && e.runId === runId ? [e.metrics] : []));
    for (const m of checkpoints) {
      expect(m.bytes).toBeGreaterThan(0);
      expect(Object.keys(m.nodes ?? {})).toEqual(expect.arrayContaining(['gen', 'w']));
    }
    // Ids rise one by one from 1.
    expect(checkpoints.map((m) => m.id)).toEqual(checkpoints.map((_, i) => i + 1));
  }, 120_000);

  it('lists the retained checkpoints and the savepoint once the run is over', async () => {
    const points = await call('statePoints', { checkpointDir: 'cp' });
    expect(points.busy).toBe(false);
    const last = events.filter((e) => e.type === 'checkpoint' && e.runId === runId).length;
    // retain defaults to 3; the run's final checkpoint is the newest.
    expect(points.checkpoints.map((c) => c.id)).toEqual([last, last - 1, last - 2]);
    expect(points.checkpoints[0]?.finished).toBe(true);
    expect(points.savepoints).toEqual([expect.objectContaining({ dir: 'cp/savepoints/mid-run', name: 'mid-run' })]);
  });

  it('pages through a node’s keys as tributary state --json lists them', async () => {
    const info = await call('stateInfo', { dir: 'cp/savepoints/mid-run' });
    expect(info.kind).toBe('savepoint');
    expect(info.nodes.find((n) => n.nodeId === 'w')?.type).toBe('tumblingWindow');
    const cli = tributary(['state', join(root, 'cp', 'savepoints', 'mid-run'), '--node', 'w', '--json']);
    expect(cli.status, cli.stderr).toBe(0);
    const expected = cli.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(expected.length).toBe(40);
    const paged: unknown[] = [];
    let after: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await call('stateKeys', { dir: 'cp/savepoints/mid-run', nodeId: 'w', limit: 7, after });
      expect(r.summary.keys).toBe(40);
      paged.push(...r.keys);
      if (r.next === undefined) break;
      after = r.next;
    }
    expect(paged).toEqual(expected);
    const some = await call('stateKeys', { dir: 'cp/savepoints/mid-run', nodeId: 'w', prefix: 'k1', limit: 50 });
    expect(some.keys.map((k) => k.key)).toEqual((expected as { key: string }[]).map((k) => k.key).filter((k) => k.startsWith('k1')));
    expect(some.keys.length).toBe(11);
  }, 60_000);

  it('diffs two checkpoints: exactly the keys whose state differs between their tributary state --json listings', async () => {
    const points = await call('statePoints', { checkpointDir: 'cp' });
    const [to, from] = points.checkpoints.slice(1).map((c) => c.id) as [number, number];
    const listing = (id: number): Map<string, string> => {
      const r = tributary(['state', join(root, 'cp'), '--checkpoint', String(id), '--node', 'w', '--json']);
      expect(r.status, r.stderr).toBe(0);
      const keys = r.stdout.trim() === '' ? [] : r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { key: string; state: unknown; timers: unknown });
      return new Map(keys.map((k) => [k.key, JSON.stringify([k.state, k.timers])]));
    };
    const a = listing(from);
    const b = listing(to);
    const expected = {
      added: [...b.keys()].filter((k) => !a.has(k)),
      removed: [...a.keys()].filter((k) => !b.has(k)),
      changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)),
    };
    expect(expected.added.length + expected.removed.length + expected.changed.length).toBeGreaterThan(0);
    const diff = await call('stateDiff', { from: { dir: 'cp', checkpoint: from }, to: { dir: 'cp', checkpoint: to }, nodeId: 'w' });
    const keysOf = (change: string): string[] => diff.changes.filter((c) => c.change === change).map((c) => c.key).sort();
    expect(keysOf('added')).toEqual(expected.added.sort());
    expect(keysOf('removed')).toEqual(expected.removed.sort());
    expect(keysOf('changed')).toEqual(expected.changed.sort());
    expect(diff.unchanged).toBe([...b.keys()].filter((k) => a.get(k) === b.get(k)).length);
  }, 60_000);

  it('restarts from the savepoint with the rows tributary run --restore writes', async () => {
    const restarted = await call('run', { document: doc, restore: { savepoint: 'cp/savepoints/mid-run' } });
    const id = (restarted as { runId: string }).runId;
    await until(() => ended(id));
    expect(ended(id)?.type).toBe('runFinished');
    const rows = await call('sinkRows', { runId: id, nodeId: 'sink' });
    const dir = tempDir('tributary-host-state-cli-');
    try {
      const file = join(dir, 'p.pipeline.json');
      writeFileSync(file, JSON.stringify(doc));
      const r = tributary(['run', file, '--checkpoint-dir', join(dir, 'cp'), '--restore', join(root, 'cp', 'savepoints', 'mid-run'), '--out', join(dir, 'out')]);
      expect(r.status, r.stderr).toBe(0);
      const cliRows = readFileSync(join(dir, 'out', 'sink.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
      expect(rows.rows).toEqual(cliRows);
      // Restored mid-run: fewer rows than a run from the start writes.
      const fresh = tributary(['run', file, '--out', join(dir, 'fresh')]);
      expect(fresh.status, fresh.stderr).toBe(0);
      expect(rows.total).toBeLessThan(readFileSync(join(dir, 'fresh', 'sink.jsonl'), 'utf8').trim().split('\n').length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
