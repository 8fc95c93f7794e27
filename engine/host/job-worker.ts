/**
 * Worker-thread entry that runs one job: loads and validates the pipeline, opens the checkpoint
 * store and plans the restore when asked, runs the job, and reports metrics about ten times a
 * second. Running in a worker lets the supervising thread stop runaway user code
 * (`Worker#terminate` interrupts even an endless loop).
 */
import { dirname, join, resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { applyOverrides, loadPipelineFile, validatePipeline } from '../nodes/load.ts';
import type { ValidPipeline } from '../pipeline/validate.ts';
import { CheckpointStore } from '../runtime/checkpoint/checkpoint-store.ts';
import { planRestore } from '../runtime/checkpoint/restore-planner.ts';
import { createJob } from '../nodes/create-job.ts';
import { type Job, type JobOptions } from '../runtime/job.ts';
import type { RunRequest, WorkerCommand, WorkerEvent } from './worker-messages.ts';

const port = parentPort;
if (!port) throw new Error('job-worker must run in a worker thread');
const { request, guard } = workerData as { request: RunRequest; guard: SharedArrayBuffer };
const send = (event: WorkerEvent): void => port.postMessage(event);
const log = (message: string): void => send({ type: 'log', message });

async function load(): Promise<{ pipeline: ValidPipeline; baseDir: string } | undefined> {
  if (request.path !== undefined) {
    const loaded = await loadPipelineFile(request.path, request.overrides ?? []);
    if (!loaded.ok) {
      send(loaded.kind === 'unreadable' ? { type: 'unreadable', message: loaded.message } : { type: 'invalid', problems: loaded.problems });
      return undefined;
    }
    return { pipeline: loaded.pipeline, baseDir: dirname(resolve(request.path)) };
  }
  const raw = request.overrides?.length ? applyOverrides(request.document, request.overrides) : request.document;
  const result = validatePipeline(raw);
  if (!result.ok) {
    send({ type: 'invalid', problems: result.problems });
    return undefined;
  }
  return { pipeline: result.pipeline, baseDir: request.baseDir ?? process.cwd() };
}

/** Opens the store and works out what to restore; `undefined` options when not checkpointing. */
async function checkpointOptions(pipeline: ValidPipeline): Promise<{ store?: CheckpointStore; options: Partial<JobOptions> }> {
  if (request.checkpointDir === undefined) return { options: {} };
  const settings = pipeline.document.checkpoint;
  const store = await CheckpointStore.open(resolve(request.checkpointDir), settings?.retain ?? 3);
  try {
    const planned = await planRestore(store, request, log);
    const intervalMs = request.checkpointIntervalMs ?? settings?.intervalMs ?? 1000;
    const crashAt = request.crashBeforeCommitOf;
    return {
      store,
      options: {
        checkpoint: {
          store,
          intervalMs,
          beforeCommit: crashAt === undefined ? undefined : async (id) => {
            if (id === crashAt) process.kill(process.pid, 'SIGKILL');
          },
        },
        restore: planned.plan,
        onCheckpoint: (metrics) => send({ type: 'checkpoint', metrics }),
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const loaded = await load();
  if (!loaded) return;
  const { pipeline, baseDir } = loaded;
  let store: CheckpointStore | undefined;
  let job: Job;
  try {
    const cp = await checkpointOptions(pipeline);
    store = cp.store;
    job = createJob(pipeline, { baseDir, outDir: request.outDir, speed: request.speed, guardCells: new Int32Array(guard), log, ...cp.options });
  } catch (error) {
    await store?.close();
    send({ type: 'failed', message: (error as Error).message });
    return;
  }
  port?.on('message', (command: WorkerCommand) => {
    if (command.type === 'stop') job.stop();
    else if (command.type === 'pause') job.pause();
    else if (command.type === 'resume') job.resume();
    else if (command.type === 'samples') send({ type: 'samples', requestId: command.requestId, records: job.samples(command.nodeId, command.port) });
    else if (command.type === 'savepoint')
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
  const timer = setInterval(() => send({ type: 'metrics', elapsedMs: job.elapsedMs(), nodes: job.metrics() }), request.metricsIntervalMs ?? 100);
  try {
    const result = await job.run();
    send({ type: 'finished', result, samples: job.allSamples() });
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message, nodes: job.metrics() });
  } finally {
    clearInterval(timer);
    await store?.close();
    port?.close();
  }
}

main().catch((error: unknown) => send({ type: 'failed', message: (error as Error).message }));
