/**
 * Worker-thread entry that runs one job: loads and validates the pipeline, runs it, and
 * reports metrics about ten times a second. Running in a worker lets the supervising thread
 * stop runaway user code (`Worker#terminate` interrupts even an endless loop).
 */
import { dirname, resolve } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadPipelineFile, validatePipeline, applyOverrides } from '../pipeline/load.ts';
import { Job } from '../runtime/job.ts';
import type { RunRequest, WorkerCommand, WorkerEvent } from './worker-messages.ts';
import type { ValidPipeline } from '../pipeline/validate.ts';
import { join } from 'node:path';

const port = parentPort;
if (!port) throw new Error('job-worker must run in a worker thread');
const { request, guard } = workerData as { request: RunRequest; guard: SharedArrayBuffer };
const send = (event: WorkerEvent): void => port.postMessage(event);

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

async function main(): Promise<void> {
  const loaded = await load();
  if (!loaded) return;
  const { pipeline, baseDir } = loaded;
  let job: Job;
  try {
    job = new Job(pipeline, {
      baseDir,
      outDir: request.outDir,
      speed: request.speed,
      guardCells: new Int32Array(guard),
      log: (message) => send({ type: 'log', message }),
    });
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message });
    return;
  }
  port?.on('message', (command: WorkerCommand) => {
    if (command.type === 'stop') job.stop();
    else if (command.type === 'pause') job.pause();
    else if (command.type === 'resume') job.resume();
    else if (command.type === 'samples') send({ type: 'samples', requestId: command.requestId, records: job.samples(command.nodeId, command.port) });
  });
  const sinks = pipeline.nodes
    .filter((n) => n.type === 'fileSink')
    .map((n) => ({
      nodeId: n.id,
      path: request.outDir !== undefined ? join(request.outDir, `${n.id}.jsonl`) : (n.config as { path?: string }).path,
    }));
  send({ type: 'started', nodeIds: job.nodeIds, udfTimeoutMs: pipeline.document.settings.udfTimeoutMs, sinks });
  const timer = setInterval(() => send({ type: 'metrics', elapsedMs: job.elapsedMs(), nodes: job.metrics() }), request.metricsIntervalMs ?? 100);
  try {
    const result = await job.run();
    send({ type: 'finished', result });
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message, nodes: job.metrics() });
  } finally {
    clearInterval(timer);
    port?.close();
  }
}

main().catch((error: unknown) => send({ type: 'failed', message: (error as Error).message }));
