/**
 * The supervisor of one job, in the job process: runs the job worker (`job-worker.ts`) under
 * the user-code watchdog and a heap limit, and turns however the worker ends into one outcome.
 * A user-code call that does not return within `udfTimeoutMs` terminates the worker: the run
 * fails with TRB102 naming the node. A worker that exceeds its heap limit fails with TRB103,
 * naming the node whose user code was running, if any.
 */
import { Worker } from 'node:worker_threads';
import { TributaryError } from '../pipeline/errors.ts';
import type { RunRequest, WorkerCommand, WorkerEvent } from './messages.ts';
import { nodeInUserCode, watchUserCode } from './watchdog.ts';

/** Receives every event of the run, in order; the last one is `finished`, `failed` or `invalid`. */
export type EventSink = (event: WorkerEvent) => void;

export interface Supervised {
  /** Settles when the run has ended (after its last event). */
  readonly done: Promise<void>;
  /** Forwards a command to the job worker (ignored once the run is over). */
  command(c: WorkerCommand): void;
}

/** Default heap limit of a job worker, MiB. */
export const DEFAULT_MAX_HEAP_MB = 4096;

/** Starts the job worker from `entry` (`job-worker.mjs`, which runs `runJobWorker`). */
export function superviseJob(entry: URL, request: RunRequest, emit: EventSink): Supervised {
  const guard = new SharedArrayBuffer(8);
  const cells = new Int32Array(guard);
  const heapMb = request.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
  const worker = new Worker(entry, { workerData: { request, guard }, resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: false, stderr: false });
  let nodeIds: string[] = [];
  let lastNodes: Extract<WorkerEvent, { type: 'metrics' }>['nodes'] | undefined;
  let settled = false;
  let stopWatchdog = (): void => {};
  let resolveDone = (): void => {};
  const done = new Promise<void>((r) => (resolveDone = r));
  const nodeName = (index: number | undefined): string | undefined => (index === undefined ? undefined : (nodeIds[index] ?? `#${index}`));

  const finish = (event: WorkerEvent): void => {
    if (settled) return;
    settled = true;
    stopWatchdog();
    emit(event);
    resolveDone();
  };
  const fail = (error: TributaryError): void => finish({ type: 'failed', error: error.toInfo(), nodes: lastNodes });

  worker.on('message', (event: WorkerEvent) => {
    if (settled) return;
    if (event.type === 'started') {
      nodeIds = event.nodeIds;
      stopWatchdog = watchUserCode(cells, event.udfTimeoutMs, (index) => {
        void worker.terminate();
        fail(new TributaryError('TRB102', `user code did not return within ${event.udfTimeoutMs} ms; the run was stopped`, nodeName(index)));
      });
    } else if (event.type === 'metrics') lastNodes = event.nodes;
    if (event.type === 'finished' || event.type === 'failed' || event.type === 'invalid') finish(event);
    else emit(event);
  });
  worker.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      const node = nodeName(nodeInUserCode(cells));
      const where = node === undefined ? '' : ` while node ${node}'s user code was running`;
      fail(new TributaryError('TRB103', `the job ran out of memory (heap limit ${heapMb} MiB)${where}; raise settings.maxHeapMb or reduce state`, node));
    } else fail(new TributaryError('TRB107', `engine error: ${error.message}`));
  });
  worker.on('exit', (code) => fail(new TributaryError('TRB107', `the job stopped unexpectedly (exit code ${code})`)));
  return {
    done,
    command(c) {
      if (!settled) worker.postMessage(c);
    },
  };
}
