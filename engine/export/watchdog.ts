/**
 * The user-code watchdog of an exported job. The job runs in the main thread (no worker), so a
 * runaway user function cannot be interrupted; a small watchdog thread reads the job's
 * `UdfGuard` cells and, when one call has not returned within the budget, writes the reason to
 * stderr and kills the process (exit by SIGKILL). A restart resumes from the last checkpoint.
 */
import { Worker } from 'node:worker_threads';

// CommonJS, evaluated in the worker: it must not rely on the main thread, which is stuck.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const cells = new Int32Array(workerData.buffer);
const { budgetMs, nodeIds } = workerData;
let stuck;
setInterval(() => {
  const node = Atomics.load(cells, 0);
  const calls = Atomics.load(cells, 1);
  if (node === 0) { stuck = undefined; return; }
  if (!stuck || stuck.node !== node || stuck.calls !== calls) { stuck = { node, calls, since: performance.now() }; return; }
  if (performance.now() - stuck.since >= budgetMs) {
    const id = nodeIds[node - 1] ?? '#' + (node - 1);
    writeSync(2, 'job failed: node ' + id + ': user code did not return within ' + budgetMs + ' ms; the job was killed\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, Math.max(10, budgetMs / 4));
`;

/**
 * Starts the watchdog over `buffer` (the cells passed to the job as `guardCells`).
 * @returns a function that stops it. The thread never keeps the process alive.
 */
export function startWatchdog(buffer: SharedArrayBuffer, nodeIds: readonly string[], budgetMs: number): () => Promise<void> {
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { buffer, nodeIds: [...nodeIds], budgetMs } });
  worker.unref();
  return async () => {
    await worker.terminate();
  };
}
