/**
 * Files that tie a checkpoint folder to a process. `tributary.pid` locks a checkpoint
 * directory to one run. Savepoints and the store marker are written to `<name>.tmp-<pid>` and
 * renamed into place; a process killed before the rename leaves the temporary behind, and
 * whoever opens the folder next removes the temporaries whose process is gone (a live pid may
 * be a writer at work and is left alone).
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a process with this pid exists (EPERM: it exists but is someone else's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class CheckpointDirectoryInUseError extends Error {}

/** Takes `<dir>/tributary.pid`. @throws CheckpointDirectoryInUseError if a live process holds it. */
export function lockDirectory(dir: string): string {
  const lock = join(dir, 'tributary.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid))
        throw new CheckpointDirectoryInUseError(`checkpoint directory ${dir} is in use by pid ${pid}`);
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
