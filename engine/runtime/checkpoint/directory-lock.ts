/**
 * Files that tie a checkpoint folder to a process. `tributary.pid` locks a checkpoint directory
 * to one run (beside LevelDB's own lock): a launcher takes it with its own pid before it forks
 * the job, so the lock names a process that its parent reaps at once when it dies, and the job
 * process opens the store under its launcher's lock. Savepoints and the store marker are
 * written to `<name>.tmp-<pid>` and renamed into place; a process killed before the rename
 * leaves the temporary behind, and whoever opens the folder next removes the temporaries whose
 * process is gone (a live pid may be a writer at work and is left alone).
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
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

/** `<name>.tmp-<pid>`, the temporary name for `name` written by process `pid`. */
export function temporaryName(name: string, pid = process.pid): string {
  return `${name}.tmp-${pid}`;
}

/**
 * Removes the entries of `folder` named `<something>.tmp-<pid>` whose pid is not a live process.
 * @returns the removed names. A missing folder has none. Never throws for a single entry.
 */
export function removeStaleTemporaries(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(folder)) {
    const match = /\.tmp-(\d+)$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    try {
      rmSync(join(folder, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to insist on: the next open tries again.
    }
  }
  return removed;
}
