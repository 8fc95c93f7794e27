/**
 * Scratch LevelDB databases for backend tests: `openScratchDb` opens one in a temp dir;
 * `closeScratchDbs` (call it in `afterEach`) drains the backends made over each, closes it and
 * removes its folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { LevelDbKeyedStateBackend } from '../../engine/runtime/state/leveldb-backend.ts';

export interface ScratchDb {
  db: ClassicLevel<string, Buffer>;
  /** Backends made over `db`: push them here so they are drained before it closes. */
  backends: LevelDbKeyedStateBackend[];
}

const opened: (ScratchDb & { dir: string })[] = [];

export async function openScratchDb(prefix: string): Promise<ScratchDb> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = new ClassicLevel<string, Buffer>(dir, { keyEncoding: 'utf8', valueEncoding: 'buffer' });
  await db.open();
  const entry = { db, dir, backends: [] as LevelDbKeyedStateBackend[] };
  opened.push(entry);
  return entry;
}

export async function closeScratchDbs(): Promise<void> {
  for (const { db, dir, backends } of opened.splice(0)) {
    for (const b of backends) await b.drain().catch(() => undefined);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
