/**
 * Running a bundled job through `launchJob`: progress on stderr (a bar on a terminal, a line
 * every 10 s otherwise), checkpoint lines, the Prometheus endpoint (from the job's latest
 * metrics), graceful stop on SIGTERM/SIGINT (savepoint, then stop), and the end-of-run summary.
 */
import { join, resolve } from 'node:path';
import { formatProblem } from '../pipeline/problems.ts';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import { launchJob, type LaunchedJob, type LaunchOptions } from '../launch/launch-job.ts';
import { progressLine, RunProgress } from '../launch/progress.ts';
import { checkpointLine, resultLines } from '../launch/summary.ts';
import type { JobArgs } from './job-args.ts';
import type { JobIo } from './job-main.ts';
import { startMetricsServer, type MetricsServer } from './prometheus.ts';

const PROGRESS_LINE_MS = 10_000;

/** SIGTERM/SIGINT: a savepoint (when checkpointing), then stop; a second signal stops at once. */
function handleSignals(io: JobIo, job: LaunchedJob, args: JobArgs): () => void {
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

/**
 * Launches the job, runs it to its end or to a signal, and prints the summary.
 * @returns the exit code: 0 finished or stopped, 1 failed or unbalanced.
 */
export async function runJob(io: JobIo, args: JobArgs, options: LaunchOptions): Promise<number> {
  const checkpoints: CheckpointMetrics[] = [];
  const started = performance.now();
  const bar = args.progress && io.isTty;
  let latest: { elapsedMs: number; nodes: NodeMetricsSnapshot[] } = { elapsedMs: 0, nodes: [] };
  let sinkIds: string[] = [];
  let progress: RunProgress | undefined;
  const job = launchJob(options, {
    onStarted: ({ sinks }) => {
      sinkIds = sinks.map((s) => s.nodeId);
      if (bar) progress = new RunProgress(sinkIds);
    },
    onMetrics: (elapsedMs, nodes) => {
      latest = { elapsedMs, nodes };
      progress?.update(elapsedMs, nodes);
    },
    onLog: (m) => io.err(m),
    onCheckpoint: (m) => {
      checkpoints.push(m);
      if (!bar) io.err(checkpointLine(m));
    },
  });
  let metrics: MetricsServer | undefined;
  const lines = args.progress && !bar ? setInterval(() => io.err(progressLine(latest.elapsedMs, latest.nodes, sinkIds)), PROGRESS_LINE_MS) : undefined;
  lines?.unref();
  const stopSignals = handleSignals(io, job, args);
  try {
    if (args.metricsPort !== undefined) {
      metrics = await startMetricsServer(args.metricsPort, () => ({ nodes: latest.nodes, checkpoints, uptimeMs: performance.now() - started }));
      io.err(`metrics: http://127.0.0.1:${metrics.port}/metrics`);
    }
    const outcome = await job.outcome;
    progress?.stop();
    if (outcome.kind === 'invalid') {
      io.err(`pipeline.json: ${outcome.problems.length} problem${outcome.problems.length === 1 ? '' : 's'}`);
      for (const p of outcome.problems) io.err(`  ${formatProblem(p)}`);
      return 1;
    }
    if (outcome.kind === 'failed') {
      io.err(`job failed: ${outcome.error.code} ${outcome.error.message}`);
      return 1;
    }
    for (const line of resultLines(outcome.result)) io.err(line);
    if (outcome.result.status === 'stopped') return 0;
    return outcome.result.nodes.every((n) => n.balanced) ? 0 : 1;
  } finally {
    if (lines) clearInterval(lines);
    progress?.stop();
    stopSignals();
    await metrics?.close();
  }
}
