/**
 * Checkpoint recovery paths on real disk: a crash between writing state and committing, damaged
 * checkpoint data detected by digest, savepoints into an edited pipeline, and a directory held
 * by another process.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import { writeCrashFixture } from './fixture.ts';
import { startRun } from './spawn-run.ts';

let pipeline: string;
let reference: string;

function sameOutput(out: string): void {
  for (const sink of ['hourly', 'by_state']) {
    const expected = readFileSync(join(reference, `${sink}.jsonl`));
    const actual = readFileSync(join(out, `${sink}.jsonl`));
    expect(actual.equals(expected), `${sink}.jsonl differs from the failure-free run`).toBe(true);
  }
}

async function ids(dir: string): Promise<number[]> {
  const store = await CheckpointStore.open(dir);
  try {
    return await store.completeIds();
  } finally {
    await store.close();
  }
}

async function damage(dir: string, id: number, nodeId: string, how: 'flip' | 'truncate'): Promise<void> {
  const store = await CheckpointStore.open(dir);
  try {
    const key = CheckpointStore.partKey(id, nodeId);
    const bytes = (await store.level.get(key)) as Buffer;
    const altered = Buffer.from(bytes);
    if (how === 'flip') altered[Math.floor(altered.length / 2)] = (altered[Math.floor(altered.length / 2)] as number) ^ 0xff;
    await store.level.put(key, how === 'flip' ? altered : altered.subarray(0, Math.floor(altered.length / 3)));
  } finally {
    await store.close();
  }
}

beforeAll(() => {
  ({ pipeline } = writeCrashFixture(3));
  reference = tempDir();
  const clean = tributary(['run', pipeline, '--out', reference, '--no-progress']);
  expect(clean.status, clean.stderr).toBe(0);
});

describe('crash during a checkpoint write', () => {
  it('restores from the previous checkpoint when killed between the state writes and the commit', () => {
    const out = tempDir();
    const dir = tempDir();
    const crashed = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--checkpoint-interval', '10', '--no-progress'], {
      env: { TRIBUTARY_TEST_CRASH_BEFORE_COMMIT: '3' },
    });
    expect(crashed.status).toBeNull(); // killed by SIGKILL
    expect(crashed.stderr).toContain('checkpoint 2 complete');
    expect(crashed.stderr).not.toContain('checkpoint 3 complete');
    const resumed = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--no-progress']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('restoring checkpoint 2');
    sameOutput(out);
  });
});

describe('damaged checkpoints', () => {
  it('skips a checkpoint whose data fails its digest, and refuses when none is usable', async () => {
    const out = tempDir();
    const dir = tempDir();
    const first = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--checkpoint-interval', '10', '--no-progress']);
    expect(first.status, first.stderr).toBe(0);
    const [newest, previous, oldest] = await ids(dir);
    expect(oldest).toBeDefined();
    await damage(dir, newest as number, 'per_hour', 'flip');
    const resumed = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--no-progress']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`skipping checkpoint ${newest}: the state of node per_hour does not match its digest`);
    expect(resumed.stderr).toContain(`using checkpoint ${previous}, the newest usable one`);
    sameOutput(out);

    // The resumed run committed new checkpoints; damage all retained ones.
    for (const id of await ids(dir)) await damage(dir, id, 'flights', 'truncate');
    const refused = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--no-progress']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/no usable checkpoint in .*Refusing to start fresh; run with --fresh/);
    sameOutput(out); // nothing was touched
    const fresh = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--fresh', '--no-progress']);
    expect(fresh.status, fresh.stderr).toBe(0);
    sameOutput(out);
  });
});

describe('savepoints', () => {
  it('restore into edited code, and refuse a changed window unless state may be dropped', async () => {
    const out = tempDir();
    const dir = tempDir();
    const first = tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--checkpoint-interval', '10', '--no-progress']);
    expect(first.status, first.stderr).toBe(0);
    const [, middle] = await ids(dir);
    const savepoint = join(tempDir(), 'before-edit');
    const sp = tributary(['savepoint', '--checkpoint-dir', dir, '--id', String(middle), '--out', savepoint, '--name', 'before-edit']);
    expect(sp.status, sp.stderr).toBe(0);
    expect(existsSync(join(savepoint, 'savepoint.json'))).toBe(true);

    const doc = JSON.parse(readFileSync(pipeline, 'utf8')) as { nodes: { id: string; code?: string; config?: Record<string, unknown> }[] };
    const edited = structuredClone(doc);
    const filter = edited.nodes.find((n) => n.id === 'delayed');
    if (filter) filter.code = 'event.delay >= 1 // same rows, new code';
    const editedFile = pipeline.replace('.pipeline.json', '.edited.pipeline.json');
    writeFileSync(editedFile, JSON.stringify(edited));
    const restored = tributary(['run', editedFile, '--out', out, '--checkpoint-dir', tempDir(), '--restore', savepoint, '--no-progress']);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stderr).toContain('restoring savepoint "before-edit"');
    sameOutput(out);

    const resized = structuredClone(doc);
    const window = resized.nodes.find((n) => n.id === 'per_hour');
    if (window?.config) window.config.size = '2h';
    const resizedFile = pipeline.replace('.pipeline.json', '.resized.pipeline.json');
    writeFileSync(resizedFile, JSON.stringify(resized));
    const refused = tributary(['run', resizedFile, '--out', tempDir(), '--checkpoint-dir', tempDir(), '--restore', savepoint, '--no-progress']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/node per_hour: its state in savepoint "before-edit" has shape tumblingWindow tumbling\(size=3600000.*now has tumblingWindow tumbling\(size=7200000/);
    expect(refused.stderr).toContain('--allow-non-restored-state');
    const allowed = tributary(['run', resizedFile, '--out', tempDir(), '--checkpoint-dir', tempDir(), '--restore', savepoint, '--allow-non-restored-state', '--no-progress']);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('not restored: node per_hour');
  });

  it('are written on SIGUSR2 while a run goes on', async () => {
    const dir = tempDir();
    // Paced at 2,000,000×: the input (2001-01-01 to 2001-09-28, 2.3·10¹⁰ ms) lasts ~12 s, so the
    // run is still going when the savepoint is asked for (it is killed below).
    const run = startRun([pipeline, '--out', tempDir(), '--checkpoint-dir', dir, '--speed', '2000000']);
    // Once records have flowed (five checkpoints, ≥ 750 ms ≈ 25 min of flights), so windows hold keyed state.
    const started = Date.now() + 30_000;
    while (!/checkpoint 5 complete/.test(run.stderr()) && Date.now() < started) await new Promise((r) => setTimeout(r, 20));
    run.child.kill('SIGUSR2');
    const deadline = Date.now() + 20_000;
    while (!/savepoint written: /.test(run.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    run.child.kill('SIGKILL');
    await run.done;
    const path = /savepoint written: (\S+)/.exec(run.stderr())?.[1];
    expect(path, run.stderr()).toBeDefined();
    expect(existsSync(join(path as string, 'savepoint.json'))).toBe(true);
    const meta = JSON.parse(readFileSync(join(path as string, 'savepoint.json'), 'utf8')) as { digests: Record<string, string> };
    // Keyed state lives in chunk parts `<node>#<n>` beside each node's part.
    expect(Object.keys(meta.digests).filter((k) => k.includes("#")).length, run.stderr()).toBeGreaterThan(0);
    expect(Object.keys(meta.digests).filter((k) => !k.includes('#')).sort()).toEqual(['airports', 'by_origin', 'by_state', 'delayed', 'departures', 'flights', 'hourly', 'key_state', 'per_hour'].sort());
  });
});

describe('one directory, one run', () => {
  it('refuses a second process with "in use by pid N"', async () => {
    const dir = tempDir();
    // Paced at 100,000×: the input (2.3·10¹⁰ ms of event time) lasts ~230 s, so it still holds
    // the folder however long the second process takes to start (it is killed below).
    const run = startRun([pipeline, '--out', tempDir(), '--checkpoint-dir', dir, '--speed', '100000']);
    const deadline = Date.now() + 20_000;
    while (!existsSync(join(dir, 'tributary.pid')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const holder = readFileSync(join(dir, 'tributary.pid'), 'utf8').trim();
    const second = tributary(['run', pipeline, '--out', tempDir(), '--checkpoint-dir', dir, '--no-progress']);
    run.child.kill('SIGKILL');
    await run.done;
    expect(second.status).toBe(1);
    // The lock names the job process of the first run (a child of its `tributary run`).
    expect(second.stderr).toContain(`is in use by pid ${holder}`);
  });
});
