/**
 * Choosing what a run resumes from (`--restore latest|<id>|<savepoint dir>`, `--fresh`):
 * the latest complete checkpoint by default; a damaged one (digest mismatch, truncated, missing
 * part, unreadable LevelDB data) is reported and skipped for the previous complete one; when
 * checkpoints exist but none is usable, or the store itself cannot be trusted (its LevelDB
 * recreated, emptied or unopenable), the run refuses to start rather than silently starting
 * fresh.
 */
import type { RestorePlan } from '../job.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { isSavepointDir, readSavepoint } from './savepoint.ts';

export interface RestoreRequest {
  /** `latest` (default), a checkpoint id, or a savepoint directory. */
  restore?: string;
  fresh?: boolean;
  allowNonRestoredState?: boolean;
}

/** The plan, or `undefined` to start fresh; `lastId` continues checkpoint numbering. */
export interface PlannedRestore {
  plan: RestorePlan | undefined;
  lastId: number;
  finished: boolean;
}

/**
 * @throws Error with every reason when nothing usable can be restored, and when the store
 *   itself cannot be used (see `CheckpointStore.problem`) unless `fresh`, which discards it.
 */
export async function planRestore(store: CheckpointStore, request: RestoreRequest, log: (message: string) => void): Promise<PlannedRestore> {
  if (store.problem !== undefined && !request.fresh)
    throw new Error(
      `checkpoint store ${store.dir} cannot be used: ${store.problem}. Refusing to start over from checkpoint 1; run with --fresh to discard its checkpoints, or use another --checkpoint-dir`,
    );
  // A damaged store is not written to again: --fresh replaces it.
  if (request.fresh && (store.problem !== undefined || store.unreadable !== undefined)) log(await store.reset());
  const ids = await store.completeIds();
  if (store.unreadable !== undefined) log(`checkpoint store damaged: ${store.unreadable}; using what reads back cleanly`);
  const lastId = ids[0] ?? 0;
  if (request.fresh) return { plan: undefined, lastId, finished: false };
  const allow = request.allowNonRestoredState === true;
  const target = request.restore ?? 'latest';
  if (target !== 'latest' && !/^\d+$/.test(target)) {
    if (!isSavepointDir(target)) throw new Error(`--restore ${target}: not a checkpoint id and not a savepoint directory (no savepoint.json)`);
    const { meta, parts } = readSavepoint(target);
    log(`restoring savepoint "${meta.name}" (checkpoint ${meta.checkpointId} of "${meta.pipeline}")`);
    return { plan: { checkpointId: lastId, label: `savepoint "${meta.name}"`, parts, allowNonRestoredState: allow }, lastId, finished: false };
  }
  if (target !== 'latest') {
    const id = Number(target);
    const { meta, parts } = await store.load(id);
    log(`restoring checkpoint ${id}`);
    return { plan: { checkpointId: lastId, label: `checkpoint ${id}`, parts, allowNonRestoredState: allow }, lastId, finished: meta.finished };
  }
  if (ids.length === 0) return { plan: undefined, lastId: 0, finished: false };
  const reasons: string[] = [];
  for (const id of ids) {
    try {
      const { meta, parts } = await store.load(id);
      if (reasons.length > 0) log(`using checkpoint ${id}, the newest usable one`);
      else log(`restoring checkpoint ${id}${meta.finished ? ' (the end of a finished run)' : ''}`);
      return { plan: { checkpointId: lastId, label: `checkpoint ${id}`, parts, allowNonRestoredState: allow }, lastId, finished: meta.finished };
    } catch (error) {
      const reason = (error as Error).message;
      reasons.push(reason);
      log(`skipping ${reason}`);
    }
  }
  throw new Error(`no usable checkpoint in ${store.dir}: ${reasons.join('; ')}. Refusing to start fresh; run with --fresh to discard them`);
}
