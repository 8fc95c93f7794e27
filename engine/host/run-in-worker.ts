/**
 * Runs a pipeline in a worker thread under a watchdog, for the CLI and the editor's host.
 * The watchdog samples the worker's `UdfGuard` cells every quarter of the budget; when one
 * user-code call has not returned within `udfTimeoutMs`, it terminates the worker and the run
 * fails with `node <id>: user code did not return within N ms`.
 */
import { Worker } from 'node:worker_threads';
import type { JobResult } from '../runtime/job.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { Problem } from '../pipeline/problems.ts';
import type { SampledRecord } from '../runtime/sample-ring.ts';
import type { RunRequest, WorkerCommand, WorkerEvent } from './worker-messages.ts';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';

export type RunOutcome =
  | { kind: 'finished'; result: JobResult }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'unreadable'; message: string }
  | { kind: 'failed'; message: string; nodes?: NodeMetricsSnapshot[] };

export interface RunHandlers {
  onStarted?(info: { nodeIds: string[]; sinks: { nodeId: string; path?: string }[] }): void;
  onMetrics?(elapsedMs: number, nodes: NodeMetricsSnapshot[]): void;
  onLog?(message: string): void;
  onCheckpoint?(metrics: CheckpointMetrics): void;
}

export interface WorkerRun {
  /** Settles when the run ends, however it ends; never rejects. */
  readonly outcome: Promise<RunOutcome>;
  stop(): void;
  pause(): void;
  resume(): void;
  /** Latest records of a node's port (after the run: the last ones it emitted). */
  samples(nodeId: string, port?: string): Promise<SampledRecord[]>;
  /** Takes a savepoint into `dir` at the next barrier. @returns its path. @throws Error. */
  savepoint(dir: string, name: string): Promise<string>;
}

/** Under tsx (development, tests, the CLI) the worker starts through a bootstrap; a bundle ships .mjs. */
function workerEntry(): { url: URL; entry?: string } {
  if (import.meta.url.endsWith('.ts'))
    return { url: new URL('./ts-worker-bootstrap.mjs', import.meta.url), entry: new URL('./job-worker.ts', import.meta.url).href };
  return { url: new URL('./job-worker.mjs', import.meta.url) };
}

export function runInWorker(request: RunRequest, handlers: RunHandlers = {}): WorkerRun {
  const guard = new SharedArrayBuffer(8);
  const cells = new Int32Array(guard);
  const { url, entry } = workerEntry();
  const worker = new Worker(url, { workerData: { request, guard, entry }, stdout: false, stderr: false });
  const pending = new Map<number, (records: SampledRecord[]) => void>();
  const savepoints = new Map<number, { resolve: (path: string) => void; reject: (error: Error) => void }>();
  let nextRequest = 1;
  let nodeIds: string[] = [];
  let lastNodes: NodeMetricsSnapshot[] | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let settled = false;
  let finalSamples: Record<string, Record<string, SampledRecord[]>> = {};

  const outcome = new Promise<RunOutcome>((resolve) => {
    const finish = (o: RunOutcome): void => {
      if (settled) return;
      settled = true;
      if (watchdog) clearInterval(watchdog);
      for (const r of pending.values()) r([]);
      pending.clear();
      for (const s of savepoints.values()) s.reject(new Error('the run ended before the savepoint was written'));
      savepoints.clear();
      resolve(o);
    };
    const startWatchdog = (budgetMs: number): void => {
      let stuck: { node: number; calls: number; since: number } | undefined;
      watchdog = setInterval(() => {
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
          const id = nodeIds[node - 1] ?? `#${node - 1}`;
          void worker.terminate();
          finish({ kind: 'failed', message: `node ${id}: user code did not return within ${budgetMs} ms; the run was stopped`, nodes: lastNodes });
        }
      }, Math.max(10, budgetMs / 4));
      watchdog.unref();
    };
    worker.on('message', (event: WorkerEvent) => {
      switch (event.type) {
        case 'started':
          nodeIds = event.nodeIds;
          startWatchdog(event.udfTimeoutMs);
          handlers.onStarted?.({ nodeIds: event.nodeIds, sinks: event.sinks });
          break;
        case 'metrics':
          lastNodes = event.nodes;
          handlers.onMetrics?.(event.elapsedMs, event.nodes);
          break;
        case 'log':
          handlers.onLog?.(event.message);
          break;
        case 'samples':
          pending.get(event.requestId)?.(event.records);
          pending.delete(event.requestId);
          break;
        case 'checkpoint':
          handlers.onCheckpoint?.(event.metrics);
          break;
        case 'savepoint': {
          const s = savepoints.get(event.requestId);
          savepoints.delete(event.requestId);
          if (event.error !== undefined) s?.reject(new Error(event.error));
          else s?.resolve(event.path ?? '');
          break;
        }
        case 'finished':
          finalSamples = event.samples;
          finish({ kind: 'finished', result: event.result });
          break;
        case 'failed':
          finish({ kind: 'failed', message: event.message, nodes: event.nodes ?? lastNodes });
          break;
        case 'invalid':
          finish({ kind: 'invalid', problems: event.problems });
          break;
        case 'unreadable':
          finish({ kind: 'unreadable', message: event.message });
          break;
      }
    });
    worker.on('error', (error) => finish({ kind: 'failed', message: `engine error: ${error.message}`, nodes: lastNodes }));
    worker.on('exit', (code) => finish({ kind: 'failed', message: `engine stopped unexpectedly (exit code ${code})`, nodes: lastNodes }));
  });

  const command = (c: WorkerCommand): void => {
    if (!settled) worker.postMessage(c);
  };
  return {
    outcome,
    stop: () => command({ type: 'stop' }),
    pause: () => command({ type: 'pause' }),
    resume: () => command({ type: 'resume' }),
    savepoint: (dir, name) =>
      settled
        ? Promise.reject(new Error('the run is over'))
        : new Promise((resolve, reject) => {
            const requestId = nextRequest++;
            savepoints.set(requestId, { resolve, reject });
            command({ type: 'savepoint', requestId, dir, name });
          }),
    samples: (nodeId, port = 'out') =>
      settled
        ? Promise.resolve(finalSamples[nodeId]?.[port] ?? [])
        : new Promise((resolve) => {
            const requestId = nextRequest++;
            pending.set(requestId, resolve);
            command({ type: 'samples', requestId, nodeId, port });
          }),
  };
}
