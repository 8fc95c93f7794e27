/**
 * Opening a state point from the disk, shared by the studio's host and `tributary state`: a
 * savepoint directory (`savepoint.json`), or a checkpoint of a checkpoint store that no run is
 * using (`<dir>/db`; the latest complete checkpoint unless one is named). The store's LevelDB
 * stays open (and its folder locked) until `close`. Also each node type's declared state
 * (`capabilities.state`), for the browser's "declared names".
 */
import { join } from 'node:path';
import { nodeTypeSpec } from '../nodes/catalog.ts';
import { openCheckpointFolder, isCheckpointFolder } from '../runtime/inspect/checkpoint-folder.ts';
import { checkpointSource, listCheckpoints, savepointSource, type PointSource } from '../runtime/inspect/point-source.ts';
import { isSavepointDir } from '../runtime/checkpoint/savepoint.ts';
import type { JsonTree } from '../runtime/inspect/json-tree.ts';
import type { KeyView } from '../runtime/inspect/state-index.ts';

/** A node type's declared keyed state and timers (names, kinds, what they hold). */
export type DeclaredState = { name: string; kind: 'value' | 'map' | 'list' | 'timers'; description: string }[];

export function declaredState(type: string): DeclaredState {
  return [...(nodeTypeSpec(type)?.capabilities.state ?? [])];
}

/** An opened point: read it, then `close` (releases a checkpoint store's LevelDB and lock). */
export interface OpenedPoint {
  source: PointSource;
  close(): Promise<void>;
}

/**
 * Opens `dir` — a savepoint directory, or a checkpoint store at `checkpoint` (default: its
 * latest complete checkpoint).
 * @throws Error when `dir` is neither, the store is in use or has no complete checkpoint.
 */
export async function openPoint(dir: string, checkpoint?: number): Promise<OpenedPoint> {
  if (isSavepointDir(dir)) {
    if (checkpoint !== undefined) throw new Error(`${dir} is a savepoint: it holds one checkpoint, do not name one`);
    return { source: savepointSource(dir), close: async () => undefined };
  }
  if (!isCheckpointFolder(dir)) throw new Error(`${dir} is neither a savepoint directory (no savepoint.json) nor a checkpoint directory (no ${join('db', 'CURRENT')})`);
  const folder = await openCheckpointFolder(dir);
  try {
    let id = checkpoint;
    if (id === undefined) {
      id = (await listCheckpoints(folder.db))[0]?.id;
      if (id === undefined) throw new Error(`no complete checkpoint in ${dir}`);
    }
    return { source: checkpointSource(folder.db, id, dir), close: () => folder.close() };
  } catch (error) {
    await folder.close();
    throw error;
  }
}

/** A key as `tributary state --json` prints it and the studio shows it: entries by state name (JSON trees), timers (epoch ms, namespace). */
export function keyJson(view: KeyView): { key: string; bytes: number; state: Record<string, { kind: string; value: JsonTree }>; timers: { timestamp: number; namespace: string | number }[] } {
  const state: Record<string, { kind: string; value: JsonTree }> = {};
  for (const e of view.entries) state[e.name] = { kind: e.kind, value: e.value };
  return { key: view.key, bytes: view.bytes, state, timers: view.timers.map((t) => ({ timestamp: t.timestamp, namespace: t.namespace })) };
}
