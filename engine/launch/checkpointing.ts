/**
 * Checkpointing options of a launched job, shared by every launcher: opens the checkpoint store
 * (LevelDB), plans the restore (`--restore latest|<id>|<savepoint dir>`, `--fresh`) and gives the
 * `JobOptions` that take checkpoints at the interval (the run's, else the pipeline's, else 1 s).
 */
import { resolve } from 'node:path';
import type { ValidPipeline } from '../pipeline/validate.ts';
import { CheckpointStore } from '../runtime/checkpoint/checkpoint-store.ts';
import { planRestore, type RestoreRequest } from '../runtime/checkpoint/restore-planner.ts';
import type { JobOptions } from '../runtime/job.ts';
import { TributaryError } from '../pipeline/errors.ts';
import { DEFAULT_CHECKPOINT_INTERVAL_MS } from './defaults.ts';

export interface CheckpointingRequest extends RestoreRequest {
  /** No checkpoints without a directory. */
  checkpointDir?: string;
  /** Overrides the pipeline's `checkpoint.intervalMs`. */
  checkpointIntervalMs?: number;
  /** The process holding the directory's lock for this job (its launcher); else it is taken here. */
  checkpointLockedBy?: number;
}

/** The store to close after the run (when checkpointing) and the options for the job. */
export interface Checkpointing {
  store?: CheckpointStore;
  options: Pick<JobOptions, 'checkpoint' | 'restore'>;
}

/**
 * @param beforeCommit test hook, called before each checkpoint's commit.
 * @throws TributaryError TRB106 when the store cannot be opened or nothing usable can be restored.
 */
export async function openCheckpointing(
  pipeline: ValidPipeline,
  request: CheckpointingRequest,
  log: (message: string) => void,
  beforeCommit?: (id: number) => Promise<void>,
): Promise<Checkpointing> {
  if (request.checkpointDir === undefined) return { options: {} };
  const settings = pipeline.document.checkpoint;
  let store: CheckpointStore;
  try {
    store = await CheckpointStore.open(resolve(request.checkpointDir), settings?.retain ?? 3, request.checkpointLockedBy);
  } catch (error) {
    throw new TributaryError('TRB106', (error as Error).message);
  }
  try {
    const planned = await planRestore(store, request, log);
    const intervalMs = request.checkpointIntervalMs ?? settings?.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    return { store, options: { checkpoint: { store, intervalMs, beforeCommit }, restore: planned.plan } };
  } catch (error) {
    await store.close();
    throw error instanceof TributaryError ? error : new TributaryError('TRB106', (error as Error).message);
  }
}
