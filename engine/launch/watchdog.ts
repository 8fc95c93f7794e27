/**
 * The user-code watchdog: reads the job's `UdfGuard` cells (a `SharedArrayBuffer` the job
 * worker writes) every quarter of the budget and reports the node whose single user-code call
 * has not returned within `budgetMs`. It runs on the supervisor's thread, which is never inside
 * user code, so an endless loop in the job cannot stop it.
 */

/**
 * Starts watching. `onStuck(nodeIndex)` is called once, with the index of the node (in document
 * order) whose call exceeded the budget. @returns a function that stops watching.
 */
export function watchUserCode(cells: Int32Array, budgetMs: number, onStuck: (nodeIndex: number) => void): () => void {
  let stuck: { node: number; calls: number; since: number } | undefined;
  const timer = setInterval(() => {
    const node = Atomics.load(cells, 0);
    const calls = Atomics.load(cells, 1);
    if (node === 0) {
      stuck = undefined;
      return;
    }
    if (!stuck || stuck.node !== node || stuck.calls !== calls) {
      stuck = { node, calls, since: performance.now() };
      return;
    }
    if (performance.now() - stuck.since >= budgetMs) {
      clearInterval(timer);
      onStuck(node - 1);
    }
  }, Math.max(10, budgetMs / 4));
  timer.unref();
  return () => clearInterval(timer);
}

/** The node in user code right now (index in document order), if any: for out-of-memory reports. */
export function nodeInUserCode(cells: Int32Array): number | undefined {
  const node = Atomics.load(cells, 0);
  return node === 0 ? undefined : node - 1;
}
