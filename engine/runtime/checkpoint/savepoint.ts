/**
 * Savepoints: named, self-contained copies of a checkpoint (Flink's savepoints), as a plain
 * directory that can be moved and kept: `savepoint.json` (name, source checkpoint, digests)
 * and `state/<nodeId>.v8` per node. Restoring maps state by node id, so a savepoint survives
 * pipeline edits that keep node ids and state shapes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { removeStaleTemporaries, temporaryName } from './directory-lock.ts';
import { assembleParts, digest, type NodeSnapshot } from './snapshot.ts';

export interface SavepointMeta {
  format: 'tributary-savepoint-1';
  name: string;
  checkpointId: number;
  pipeline: string;
  /** Epoch ms. */
  time: number;
  digests: Record<string, string>;
}

export function isSavepointDir(path: string): boolean {
  return existsSync(join(path, 'savepoint.json'));
}

/**
 * Writes a savepoint directory atomically (a temp dir renamed into place), without blocking
 * the pipeline; first removes the temp dirs that dead processes left beside it.
 * @throws Error when `dir` already exists.
 */
export async function writeSavepoint(dir: string, meta: Omit<SavepointMeta, 'format' | 'digests'>, parts: readonly { nodeId: string; bytes: Buffer }[]): Promise<SavepointMeta> {
  if (existsSync(dir)) throw new Error(`savepoint ${dir} already exists`);
  removeStaleTemporaries(dirname(dir));
  const tmp = temporaryName(dir);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(join(tmp, 'state'), { recursive: true });
  const digests: Record<string, string> = {};
  for (const { nodeId, bytes } of parts) {
    await writeFile(join(tmp, 'state', `${nodeId}.v8`), bytes);
    digests[nodeId] = digest(bytes);
  }
  const full: SavepointMeta = { format: 'tributary-savepoint-1', ...meta, digests };
  await writeFile(join(tmp, 'savepoint.json'), JSON.stringify(full, null, 2) + '\n');
  await rename(tmp, dir);
  return full;
}

/**
 * Reads and verifies a savepoint.
 * @throws Error naming the savepoint and node when a file is missing or does not match its digest.
 */
export function readSavepoint(dir: string): { meta: SavepointMeta; parts: Map<string, NodeSnapshot> } {
  let meta: SavepointMeta;
  try {
    meta = JSON.parse(readFileSync(join(dir, 'savepoint.json'), 'utf8')) as SavepointMeta;
  } catch (error) {
    throw new Error(`savepoint ${dir}: cannot read savepoint.json (${(error as Error).message})`);
  }
  if (meta.format !== 'tributary-savepoint-1') throw new Error(`savepoint ${dir}: unknown format ${String(meta.format)}`);
  const raw = new Map<string, Buffer>();
  for (const [partId, expected] of Object.entries(meta.digests)) {
    const nodeId = partId.split('#')[0] as string;
    const file = join(dir, 'state', `${partId}.v8`);
    if (!existsSync(file)) throw new Error(`savepoint ${basename(dir)}: the state of node ${nodeId} is missing`);
    const bytes = readFileSync(file);
    if (digest(bytes) !== expected) throw new Error(`savepoint ${basename(dir)}: the state of node ${nodeId} does not match its digest`);
    raw.set(partId, bytes);
  }
  return { meta, parts: assembleParts(`savepoint ${basename(dir)}`, raw) };
}
