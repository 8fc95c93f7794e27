/**
 * The job's worker thread (inside the job process): validates the document with the code the
 * launcher compiled, opens checkpointing, builds and runs the job, and reports metrics about ten
 * times a second. Running in a worker lets the supervisor stop runaway user code
 * (`Worker#terminate` interrupts even an endless loop) and bound the job's heap.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { lookupCompiler } from './compiled-code.ts';
import { validateDocument } from '../pipeline/validate.ts';
import { describeUserError } from '../udf/user-error.ts';
import { errorInfo, TributaryError } from '../pipeline/errors.ts';
import { CATALOG } from '../nodes/catalog.ts';
import { checkConfigOf } from '../nodes/registry.ts';
import { createJob } from '../nodes/create-job.ts';
import type { Job } from '../runtime/job.ts';
import { openCheckpointing, type Checkpointing } from './checkpointing.ts';
import { DEFAULT_METRICS_INTERVAL_MS } from './defaults.ts';
import type { DebugCall, RunRequest, WorkerCommand, WorkerEvent } from './messages.ts';

/** Runs one debugger call. @throws Error when the run does not debug, or the call fails. */
async function debugCall(job: Job, call: DebugCall): Promise<unknown> {
  const debug = job.debug;
  if (!debug) throw new Error('the run was not started for debugging');
  switch (call.kind) {
    case 'step':
      return debug.step(call.request);
    case 'breakpoints':
      debug.setBreakpoints(call.breakpoints);
      return {};
    case 'view':
      return debug.view();
    case 'windows':
      return debug.openWindows(call.nodeId, call.limit);
  }
}

/** Runs the job of `workerData.request`; the worker's whole life. */
export async function runJobWorker(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('the job worker must run in a worker thread');
  const { request, guard } = workerData as { request: RunRequest; guard: SharedArrayBuffer };
  const send = (event: WorkerEvent): void => port.postMessage(event);
  const log = (message: string): void => send({ type: 'log', message });
  // A promise user code rejected and dropped (`Promise.reject()`) changes nothing the engine
  // does (it awaits all its own work): say so, instead of letting it end the job.
  process.on('unhandledRejection', (reason) => log(`a promise was rejected and nobody waited for it (user code?): ${describeUserError(reason)}`));

  const validated = validateDocument(request.document, { catalog: CATALOG, compileCode: lookupCompiler(request.compiled) , checkConfig: checkConfigOf });
  if (!validated.ok) {
    send({ type: 'invalid', problems: validated.problems });
    port.close();
    return;
  }
  const pipeline = validated.pipeline;
  const persists = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let nextPersist = 1;
  const persist = (path: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const requestId = nextPersist++;
      persists.set(requestId, { resolve, reject });
      send({ type: 'persist', requestId, path });
    });
  let checkpointing: Checkpointing = { options: {} };
  let job: Job;
  try {
    const crashAt = request.crashBeforeCommitOf;
    checkpointing = await openCheckpointing(pipeline, request, log, crashAt === undefined ? undefined : async (id) => {
      // The whole run dies, launcher included, as when a machine goes down mid-checkpoint.
      if (id === crashAt) {
        process.kill(process.ppid, 'SIGKILL');
        process.kill(process.pid, 'SIGKILL');
      }
    });
    job = createJob(pipeline, {
      baseDir: request.baseDir,
      outDir: request.outDir,
      speed: request.speed,
      guardCells: new Int32Array(guard),
      log,
      persist,
      onCheckpoint: (metrics) => send({ type: 'checkpoint', metrics }),
      ...(request.debug ? { debug: request.debug } : {}),
      ...checkpointing.options,
    });
  } catch (error) {
    await checkpointing.store?.close();
    send({ type: 'failed', error: errorInfo(error, 'TRB101') });
    port.close();
    return;
  }
  port.on('message', (command: WorkerCommand) => {
    if (command.type === 'stop') job.stop();
    else if (command.type === 'pause') job.pause();
    else if (command.type === 'resume') job.resume();
    else if (command.type === 'debug') {
      const answer = (result: unknown): void => send({ type: 'debug', requestId: command.requestId, result });
      const refuse = (error: unknown): void => send({ type: 'debug', requestId: command.requestId, error: (error as Error).message });
      debugCall(job, command.call).then(answer, refuse);
    } else if (command.type === 'samples') send({ type: 'samples', requestId: command.requestId, records: job.samples(command.nodeId, command.port) });
    else if (command.type === 'persisted') {
      const p = persists.get(command.requestId);
      persists.delete(command.requestId);
      if (command.error === undefined) p?.resolve();
      else p?.reject(new TributaryError('TRB105', command.error));
    } else if (command.type === 'savepoint')
      job.savepoint(command.dir, command.name).then(
        () => send({ type: 'savepoint', requestId: command.requestId, path: command.dir }),
        (error: unknown) => send({ type: 'savepoint', requestId: command.requestId, error: (error as Error).message }),
      );
  });
  const sinks = pipeline.nodes
    .filter((n) => n.spec.capabilities.writesFile)
    .map((n) => ({
      nodeId: n.id,
      path: request.outDir !== undefined ? join(request.outDir, `${n.id}.jsonl`) : ((n.config as Record<string, unknown>)[n.spec.capabilities.writesFile?.field ?? 'path'] as string | undefined),
    }));
  send({ type: 'started', nodeIds: job.nodeIds, udfTimeoutMs: pipeline.document.settings.udfTimeoutMs, sinks });
  const timer = setInterval(() => send({ type: 'metrics', elapsedMs: job.elapsedMs(), nodes: job.metrics() }), request.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS);
  // The store closes (its lock released) before the last event: the launcher ends the job
  // process as soon as it has that event.
  let last: WorkerEvent;
  try {
    const result = await job.run();
    last = { type: 'finished', result, samples: job.allSamples() };
  } catch (error) {
    last = { type: 'failed', error: errorInfo(error), nodes: job.metrics() };
  }
  clearInterval(timer);
  await checkpointing.store?.close().catch((error: unknown) => log(`closing the checkpoint store failed: ${(error as Error).message}`));
  send(last);
  port.close();
}
