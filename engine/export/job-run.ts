/**
 * Running a built job inside an exported bundle: progress on stderr (a bar on a terminal, a
 * line every 10 s otherwise), checkpoint lines, the Prometheus endpoint, the user-code
 * watchdog, graceful stop on SIGTERM/SIGINT (savepoint, then stop), and the end-of-run summary.
 */
import { join, resolve } from 'node:path';
import { RunProgress } from '../cli/progress.ts';
import { summaryTable } from '../cli/summary.ts';
import type { ValidPipeline } from '../pipeline/validate.ts';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';
import type { Job, JobOptions, JobResult } from '../runtime/job.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { JobArgs } from './job-args.ts';
import type { JobIo } from './job-main.ts';
import { startMetricsServer, type MetricsServer } from './prometheus.ts';
import { startWatchdog } from './watchdog.ts';

export interface RunContext {
  pipeline: ValidPipeline;
  args: JobArgs;
  /** The cells given to the job as `guardCells`, read by the watchdog. */
  guard: SharedArrayBuffer;
}

const PROGRESS_LINE_MS = 10_000;

/** `checkpoint 3 complete: 12 ms (alignment 0.4 ms), 10.2 KiB, 1,234 keys` — as `tributary run` prints it. */
export function checkpointLine(m: CheckpointMetrics): string {
  return `checkpoint ${m.id} complete: ${m.durationMs.toFixed(0)} ms (alignment ${m.alignmentMs.toFixed(1)} ms), ${(m.bytes / 1024).toFixed(1)} KiB, ${m.keys.toLocaleString('en-US')} keys`;
}

function progressLine(elapsedMs: number, nodes: readonly NodeMetricsSnapshot[], sinkIds: readonly string[]): string {
  const sources = nodes.filter((n) => n.progress !== null);
  const read = sources.reduce((s, n) => s + n.in, 0);
  const fraction = sources.length === 0 ? undefined : Math.min(...sources.map((n) => n.progress ?? 0));
  const sinks = nodes.filter((n) => sinkIds.includes(n.nodeId));
  const rate = elapsedMs > 0 ? Math.round((read / elapsedMs) * 1000) : 0;
  return `progress: ${read.toLocaleString('en-US')} records read${fraction === undefined ? '' : ` (${Math.round(fraction * 100)}%)`}, ${rate.toLocaleString('en-US')} ev/s; ${sinks.map((n) => `${n.nodeId}=${n.in}`).join(' ')}`;
}

/** Shows progress while the job runs. @returns a function that stops it. */
function showProgress(io: JobIo, job: Job, ctx: RunContext): () => void {
  if (!ctx.args.progress) return () => {};
  const sinkIds = ctx.pipeline.nodes.filter((n) => n.spec.category === 'sink').map((n) => n.id);
  if (io.isTty) {
    const bar = new RunProgress(sinkIds);
    const timer = setInterval(() => bar.update(job.elapsedMs(), job.metrics()), 100);
    return () => {
      clearInterval(timer);
      bar.stop();
    };
  }
  const timer = setInterval(() => io.err(progressLine(job.elapsedMs(), job.metrics(), sinkIds)), PROGRESS_LINE_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** SIGTERM/SIGINT: a savepoint (when checkpointing), then stop; a second signal stops at once. */
function handleSignals(io: JobIo, job: Job, args: JobArgs): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      io.err(`${signal} again: stopping without waiting for the savepoint`);
      job.stop();
      return;
    }
    stopping = true;
    if (args.checkpointDir === undefined) {
      io.err(`${signal}: stopping (no --checkpoint-dir, so no savepoint)`);
      job.stop();
      return;
    }
    const name = `savepoint-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    const dir = join(resolve(args.checkpointDir), 'savepoints', name);
    io.err(`${signal}: taking a savepoint, then stopping`);
    job
      .savepoint(dir, name)
      .then(
        () => io.err(`savepoint written: ${dir}`),
        (error: unknown) => io.err(`savepoint failed: ${(error as Error).message}`),
      )
      .finally(() => job.stop());
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}

function printSummary(io: JobIo, r: JobResult): void {
  io.err(summaryTable(r.nodes));
  const last = r.checkpoints[r.checkpoints.length - 1];
  if (last) io.err(`${r.checkpoints.length} checkpoints; last: ${checkpointLine(last)}`);
  const seconds = r.durationMs / 1000;
  io.err(`${r.status}: ${r.recordsRead.toLocaleString('en-US')} records read in ${seconds.toFixed(2)} s (${Math.round(r.recordsRead / Math.max(seconds, 1e-9)).toLocaleString('en-US')} ev/s)`);
}

/**
 * Builds the job with a checkpoint hook, runs it to its end or to a signal, and prints the summary.
 * @returns the exit code: 0 finished or stopped, 1 failed or unbalanced.
 */
export async function runJob(io: JobIo, build: (onCheckpoint: JobOptions['onCheckpoint']) => Job, ctx: RunContext): Promise<number> {
  const checkpoints: CheckpointMetrics[] = [];
  const bar = ctx.args.progress && io.isTty;
  const job = build((m) => {
    checkpoints.push(m);
    if (!bar) io.err(checkpointLine(m));
  });
  const stopWatchdog = startWatchdog(ctx.guard, job.nodeIds, ctx.pipeline.document.settings.udfTimeoutMs);
  let metrics: MetricsServer | undefined;
  let stopProgress = (): void => {};
  let stopSignals = (): void => {};
  try {
    if (ctx.args.metricsPort !== undefined) {
      metrics = await startMetricsServer(ctx.args.metricsPort, () => ({ nodes: job.metrics(), checkpoints, uptimeMs: job.elapsedMs() }));
      io.err(`metrics: http://127.0.0.1:${metrics.port}/metrics`);
    }
    stopSignals = handleSignals(io, job, ctx.args);
    stopProgress = showProgress(io, job, ctx);
    const result = await job.run();
    stopProgress();
    printSummary(io, result);
    if (result.status === 'stopped') return 0;
    return result.nodes.every((n) => n.balanced) ? 0 : 1;
  } catch (error) {
    stopProgress();
    io.err(`job failed: ${(error as Error).message}`);
    return 1;
  } finally {
    stopSignals();
    await stopWatchdog();
    await metrics?.close();
  }
}
