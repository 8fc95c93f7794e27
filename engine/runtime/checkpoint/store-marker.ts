/**
 * The checkpoint store's identity marker, `<dir>/store.json`, kept outside the LevelDB so that
 * a LevelDB that was deleted, emptied, recreated or swapped cannot pass for the store: it
 * names the store (a random id, also stored in the LevelDB under `store-id`), the newest
 * committed checkpoint and the ones retained. It is replaced atomically (written to a
 * temporary, fsynced, renamed, the folder fsynced) after each commit, so it may lag one commit
 * behind the LevelDB after a crash but never runs ahead of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { temporaryName } from './directory-lock.ts';

export const MARKER_FILE = 'store.json';

export interface StoreMarker {
  format: 'tributary-checkpoint-store-1';
  /** Random id, equal to the LevelDB's `store-id` entry. */
  storeId: string;
  /** Newest committed checkpoint id; 0 before the first commit. */
  latest: number;
  /** Complete checkpoints retained, newest first. */
  retained: number[];
}

export function markerPath(dir: string): string {
  return join(dir, MARKER_FILE);
}

/**
 * Reads `<dir>/store.json`. @returns `undefined` when there is none (a new store, or one made
 * before markers existed).
 * @throws Error when it exists but is not a marker.
 */
export function readMarker(dir: string): StoreMarker | undefined {
  const path = markerPath(dir);
  if (!existsSync(path)) return undefined;
  const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoreMarker>;
  if (value.format !== 'tributary-checkpoint-store-1' || typeof value.storeId !== 'string' || typeof value.latest !== 'number' || !Array.isArray(value.retained))
    throw new Error(`${path} is not a checkpoint store marker`);
  return value as StoreMarker;
}

/** Replaces `<dir>/store.json` atomically and durably. */
export async function writeMarker(dir: string, marker: StoreMarker): Promise<void> {
  const path = markerPath(dir);
  const tmp = temporaryName(path);
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(JSON.stringify(marker, null, 2) + '\n');
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
  // The rename is durable once the folder is; not possible everywhere (Windows), hence best-effort.
  try {
    const folder = await open(dir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  } catch {
    // The file itself is synced; at worst the previous marker survives a power cut.
  }
}
