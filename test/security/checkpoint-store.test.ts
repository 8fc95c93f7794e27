/**
 * Checkpoint stores that must not lie, on real disk: a LevelDB whose CURRENT file was deleted,
 * that was emptied or recreated, or that belongs to another store is refused (path, what
 * failed, `--fresh`) instead of silently starting over from checkpoint 1; a damaged table falls
 * back to the newest checkpoint that reads cleanly, and an unopenable LevelDB is refused with
 * the hint; a restore refuses a sink file that lost committed output; temporaries of dead
 * processes are removed.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../engine/runtime/checkpoint/checkpoint-store.ts';
import { planRestore } from '../../engine/runtime/checkpoint/restore-planner.ts';
import { writeSavepoint } from '../../engine/runtime/checkpoint/savepoint.ts';
import { encodePart } from '../../engine/runtime/checkpoint/snapshot.ts';
import { readMarker } from '../../engine/runtime/checkpoint/store-marker.ts';
import { tempDir, tributary } from '../cli/run-cli.ts';
import { writeCrashFixture } from '../checkpoint/fixture.ts';

let pipeline: string;
let reference: Buffer;

beforeAll(() => {
  ({ pipeline } = writeCrashFixture(1));
  const out = tempDir();
  const clean = tributary(['run', pipeline, '--out', out, '--no-progress']);
  expect(clean.status, clean.stderr).toBe(0);
  reference = readFileSync(join(out, 'hourly.jsonl'));
});

/** A run checkpointing every 10 ms into `dir`, killed before committing checkpoint `crashAt` (or to the end). */
function run(out: string, dir: string, extra: string[] = [], crashAt?: number): ReturnType<typeof tributary> {
  return tributary(['run', pipeline, '--out', out, '--checkpoint-dir', dir, '--checkpoint-interval', '10', '--no-progress', ...extra], {
    env: crashAt === undefined ? {} : { TRIBUTARY_TEST_CRASH_BEFORE_COMMIT: String(crashAt) },
  });
}

/** Flips bytes of `file` from `from` (a fraction of its length) every `step` bytes, `count` times. */
function flip(file: string, from: number, step: number, count: number): void {
  const bytes = readFileSync(file);
  for (let i = 0, at = Math.floor(bytes.length * from); i < count && at < bytes.length; i++, at += step) bytes[at] = (bytes[at] as number) ^ 0x5a;
  writeFileSync(file, bytes);
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid as number;
}

describe('a LevelDB that is not the store its marker names is refused', () => {
  it('deleted CURRENT file: refused with the path and --fresh; --fresh discards it and runs', () => {
    const out = tempDir();
    const dir = tempDir();
    expect(run(out, dir).status).toBe(0);
    rmSync(join(dir, 'db', 'CURRENT'));
    const refused = run(out, dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`checkpoint store ${dir} cannot be used: ${join(dir, 'db')} has no LevelDB CURRENT file`);
    expect(refused.stderr).toContain('run with --fresh');
    expect(readFileSync(join(out, 'hourly.jsonl')).equals(reference)).toBe(true); // untouched
    const fresh = run(out, dir, ['--fresh']);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stderr).toContain(`discarded the checkpoint store in ${join(dir, 'db')}`);
    expect(readFileSync(join(out, 'hourly.jsonl')).equals(reference)).toBe(true);
  });

  it('an emptied or recreated LevelDB, and one copied from another store', async () => {
    const dir = tempDir();
    expect(run(tempDir(), dir).status).toBe(0);
    const marker = readMarker(dir);
    expect(marker?.latest).toBeGreaterThan(0);
    rmSync(join(dir, 'db'), { recursive: true });
    const empty = new ClassicLevel(join(dir, 'db'));
    await empty.open();
    await empty.close();
    const recreated = run(tempDir(), dir);
    expect(recreated.status).toBe(1);
    expect(recreated.stderr).toContain(`${join(dir, 'db')} holds no checkpoint store (recreated or emptied), but ${join(dir, 'store.json')} says checkpoint ${marker?.latest} of store ${marker?.storeId} was committed`);

    const other = tempDir();
    expect(run(tempDir(), other).status).toBe(0);
    rmSync(join(dir, 'db'), { recursive: true });
    cpSync(join(other, 'db'), join(dir, 'db'), { recursive: true });
    const swapped = run(tempDir(), dir);
    expect(swapped.status).toBe(1);
    expect(swapped.stderr).toContain(`${join(dir, 'db')} belongs to checkpoint store ${readMarker(other)?.storeId}`);
  });

  it('the marker follows every commit', async () => {
    const dir = tempDir();
    expect(run(tempDir(), dir).status).toBe(0);
    const store = await CheckpointStore.open(dir);
    try {
      expect(readMarker(dir)).toMatchObject({ latest: await store.latestId(), retained: await store.completeIds() });
    } finally {
      await store.close();
    }
  });
});

describe('damaged LevelDB files', () => {
  /** A store with checkpoints 1..3, each flushed into its own table (reopened in between). */
  async function threeCheckpoints(dir: string, data: (id: number) => Buffer): Promise<void> {
    for (let id = 1; id <= 3; id++) {
      const store = await CheckpointStore.open(dir);
      const part = encodePart({ nodeId: 'n', type: 'test', shape: 's', counters: { id }, outputCounts: {}, operator: data(id) });
      await store.write({ id, time: id, pipeline: 'p', sources: {}, finished: false, metrics: { id, durationMs: 0, alignmentMs: 0, bytes: 0, keys: 0 } }, [{ nodeId: 'n', bytes: part }]);
      await store.close();
    }
    const store = await CheckpointStore.open(dir); // the last checkpoint goes from the log to a table
    await store.close();
  }

  // Incompressible parts are stored as they are (a flipped byte reads back altered: the digest
  // catches it); compressible ones are Snappy blocks (a flipped byte fails LevelDB's decoding).
  const kinds: [string, (id: number) => Buffer][] = [
    ['altered bytes', () => randomBytes(400_000)],
    ['a LevelDB read error', (id) => Buffer.alloc(400_000, `checkpoint ${id} `)],
  ];
  it.each(kinds)('a damaged table (%s): the newest checkpoint that reads cleanly is restored', async (_kind, data) => {
    const dir = tempDir();
    await threeCheckpoints(dir, data);
    const tables = readdirSync(join(dir, 'db')).filter((f) => f.endsWith('.ldb')).sort();
    flip(join(dir, 'db', tables[tables.length - 1] as string), 0.5, 1001, 20); // inside checkpoint 3's part
    const store = await CheckpointStore.open(dir);
    const log: string[] = [];
    try {
      const planned = await planRestore(store, {}, (m) => log.push(m));
      expect(planned.plan?.label).toBe('checkpoint 2');
      expect(log.join('\n')).toMatch(/skipping checkpoint 3: (the state of node n does not match its digest|.*cannot be read from)/);
    } finally {
      await store.close();
    }
  });

  it('damaged tables everywhere: refused with the path and --fresh, never a bare LevelDB error', async () => {
    const dir = tempDir();
    await threeCheckpoints(dir, (id) => Buffer.alloc(400_000, `checkpoint ${id} `));
    for (const table of readdirSync(join(dir, 'db')).filter((f) => f.endsWith('.ldb'))) flip(join(dir, 'db', table), 0.02, 997, 10_000);
    const store = await CheckpointStore.open(dir);
    try {
      const refusal = await planRestore(store, {}, () => undefined).then(
        (planned) => `restored ${planned.plan?.label ?? 'nothing'}`,
        (error: Error) => error.message,
      );
      expect(refusal).toMatch(new RegExp(`^no usable checkpoint in ${dir}: .*Refusing to start fresh; run with --fresh`));
    } finally {
      await store.close();
    }
  });

  it('a damaged MANIFEST: LevelDB will not open; refused with the path, the cause and --fresh', () => {
    const out = tempDir();
    const dir = tempDir();
    expect(run(out, dir).status).toBe(0);
    const manifest = readdirSync(join(dir, 'db')).find((f) => f.startsWith('MANIFEST-')) as string;
    flip(join(dir, 'db', manifest), 0.2, 7, 64);
    const refused = run(out, dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`checkpoint store ${dir} cannot be used: LevelDB cannot open ${join(dir, 'db')}: Corruption: .*run with --fresh`));
    const fresh = run(out, dir, ['--fresh']);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(readFileSync(join(out, 'hourly.jsonl')).equals(reference)).toBe(true);
  });
});

describe('sink files that lost committed output', () => {
  it('a restore refuses a deleted output file, naming it and the length it must have', () => {
    const out = tempDir();
    const dir = tempDir();
    expect(run(out, dir).status).toBe(0);
    const sink = join(out, 'hourly.jsonl');
    rmSync(sink);
    // Running again restores the final checkpoint, which committed the whole output.
    const refused = run(out, dir);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`${sink} is missing, but checkpoint \\d+ committed ${reference.length} bytes to it`));
    expect(existsSync(sink)).toBe(false);
  });
});

describe('temporaries of dead processes', () => {
  it('are removed when a store or a savepoint folder is opened; a live process keeps its own', async () => {
    const dir = tempDir();
    const dead = deadPid();
    const savepoints = join(dir, 'savepoints');
    for (const name of [`a.tmp-${dead}`, `b.tmp-${process.pid}`]) mkdirSync(join(savepoints, name, 'state'), { recursive: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `store.json.tmp-${dead}`), '{');
    const store = await CheckpointStore.open(dir);
    await store.close();
    expect(readdirSync(savepoints).sort()).toEqual([`b.tmp-${process.pid}`]);
    expect(existsSync(join(dir, `store.json.tmp-${dead}`))).toBe(false);

    const elsewhere = tempDir();
    mkdirSync(join(elsewhere, `old.tmp-${dead}`));
    await writeSavepoint(join(elsewhere, 'new'), { name: 'new', checkpointId: 1, pipeline: 'p', time: 0 }, []);
    expect(readdirSync(elsewhere)).toEqual(['new']);
  });
});
