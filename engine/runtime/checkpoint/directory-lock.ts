/**
 * One run per checkpoint directory: a pid lock file `<dir>/tributary.pid` (beside LevelDB's own
 * lock). A launcher takes it with its own pid before it forks the job, so the lock names a
 * process that its parent reaps at once when it dies; the job process then opens the store
 * under its launcher's lock.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class CheckpointDirectoryInUseError extends Error {}

/** The lock file of a checkpoint directory. */
export function lockFileOf(dir: string): string {
  return join(dir, 'tributary.pid');
}

/**
 * Whether `pid` is a live process. A zombie (dead, not yet reaped) counts as dead where
 * `/proc` says so (Linux; read outside a job's sandbox).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** The pid in the lock file, if there is one. */
export function lockHolder(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFileOf(dir), 'utf8').trim());
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock for `holder` (default this process). @returns a function that releases it.
 * @throws CheckpointDirectoryInUseError when another live process holds it.
 */
export function lockDirectory(dir: string, holder = process.pid): () => void {
  mkdirSync(dir, { recursive: true });
  const lock = lockFileOf(dir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(holder));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = lockHolder(dir);
      if (pid !== undefined && pid !== holder && processAlive(pid)) throw new CheckpointDirectoryInUseError(`checkpoint directory ${dir} is in use by pid ${pid}`);
      rmSync(lock, { force: true }); // left by a process that died: take it over
    }
  }
  throw new CheckpointDirectoryInUseError(`checkpoint directory ${dir} is locked`);
}
