/**
 * Reading a checkpoint store that no run is using (the CLI's `tributary state`, the studio's
 * earlier runs): its LevelDB opened for reading under the folder's lock (`tributary.pid`), so a
 * run started meanwhile is told the folder is in use instead of meeting a locked LevelDB. Unlike
 * `CheckpointStore.open`, nothing is created or written: a folder without a store is refused.
 * Also a streaming copy of one checkpoint into a savepoint directory (the savepoint format of
 * `savepoint.ts`), part by part, for restarting from a checkpoint without touching its store.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ClassicLevel } from 'classic-level';
import { classicLevel } from '../level.ts';
import { CheckpointDirectoryInUseError, lockDirectory, removeStaleTemporaries, temporaryName } from '../checkpoint/directory-lock.ts';
import type { SavepointMeta } from '../checkpoint/savepoint.ts';
import { digest } from '../checkpoint/snapshot.ts';
import { checkpointSource } from './point-source.ts';

/** A checkpoint store opened for reading; `close` releases the LevelDB and the folder's lock. */
export interface CheckpointFolder {
  readonly dir: string;
  readonly db: ClassicLevel<string, Buffer>;
  close(): Promise<void>;
}

/** Whether `dir` holds a checkpoint store (its LevelDB). */
export function isCheckpointFolder(dir: string): boolean {
  return existsSync(join(dir, 'db', 'CURRENT'));
}

/**
 * Opens the checkpoint store in `dir` for reading.
 * @throws CheckpointDirectoryInUseError when a run uses it; Error when it holds no store or its
 *   LevelDB cannot be opened.
 */
export async function openCheckpointFolder(dir: string): Promise<CheckpointFolder> {
  if (!isCheckpointFolder(dir)) throw new Error(`${dir} holds no checkpoint store (no ${join(dir, 'db', 'CURRENT')})`);
  const unlock = lockDirectory(dir);
  const ClassicLevelClass = await classicLevel();
  const db = new ClassicLevelClass<string, Buffer>(join(dir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'buffer', createIfMissing: false, maxOpenFiles: 74 });
  try {
    await db.open();
  } catch (error) {
    unlock();
    const cause = (error as { cause?: Error & { code?: string } }).cause;
    if (cause?.code === 'LEVEL_LOCKED') throw new CheckpointDirectoryInUseError(`checkpoint directory ${dir} is in use (${cause.message})`);
    throw new Error(`LevelDB cannot open ${join(dir, 'db')}: ${cause?.message ?? (error as Error).message}`);
  }
  return {
    dir,
    db,
    async close() {
      await db.close().catch(() => undefined);
      unlock();
    },
  };
}

/**
 * Copies checkpoint `id` of an open store into a new savepoint directory `out` (written to a
 * temporary and renamed into place, like `writeSavepoint`), one part at a time, verifying each
 * part's digest. @returns the savepoint's metadata.
 * @throws Error when `out` exists or a part is missing or damaged (nothing is left behind).
 */
export async function copyCheckpointToSavepoint(db: ClassicLevel<string, Buffer>, id: number, where: string, out: string, name: string): Promise<SavepointMeta> {
  if (existsSync(out)) throw new Error(`savepoint ${out} already exists`);
  removeStaleTemporaries(dirname(out));
  const source = checkpointSource(db, id, where);
  // Reads and verifies every node part (small) and the metadata.
  const info = await source.info();
  const tmp = temporaryName(out);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'state'), { recursive: true });
  try {
    const digests = (JSON.parse(String(await db.get(`meta/${String(id).padStart(12, '0')}`))) as { digests: Record<string, string> }).digests;
    for (const node of info.nodes) {
      const bytes = await db.get(`part/${String(id).padStart(12, '0')}/${node.nodeId}`);
      if (bytes === undefined || digest(bytes) !== digests[node.nodeId]) throw new Error(`${source.label}: part ${node.nodeId} changed while it was copied`);
      await writeFile(join(tmp, 'state', `${node.nodeId}.v8`), bytes);
      for await (const chunk of source.chunks(node.nodeId)) await writeFile(join(tmp, 'state', `${chunk.partId}.v8`), chunk.bytes);
    }
    const meta: SavepointMeta = { format: 'tributary-savepoint-1', name, checkpointId: id, pipeline: info.pipeline, time: Date.now(), digests };
    await writeFile(join(tmp, 'savepoint.json'), JSON.stringify(meta, null, 2) + '\n');
    await rename(tmp, out);
    return meta;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
