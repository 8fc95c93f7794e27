/**
 * `tributary run FILE`: reads the pipeline, refuses it unless its folder is trusted (or
 * `--trust`), then launches it (`launchJob`: validated here, run in a sandboxed job process)
 * with a progress bar on a terminal, checkpoint lines otherwise, and the end-of-run table.
 * Exit codes: 0 success, 1 an invalid, untrusted or failed run (one-line reason), 2 an
 * unreadable file or bad usage. SIGINT stops; SIGUSR2 takes a savepoint and goes on.
 */
import { dirname, join, resolve } from 'node:path';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';
import { readPipelineFile } from '../nodes/load.ts';
import { compileUserCode } from '../udf/compile.ts';
import { launchJob } from '../launch/launch-job.ts';
import { jobRuntime } from '../launch/runtime-bundle.ts';
import { RunProgress } from '../launch/progress.ts';
import { parseSpeed } from '../launch/speed.ts';
import { checkpointLine, resultLines } from '../launch/summary.ts';
import { isPipelineTrusted, untrustedMessage } from '../launch/trust.ts';
import { parseReplayOption, withReplaySettings, type ReplaySettings } from '../pipeline/replay.ts';
import { printProblems, reportReadFailure, type Io } from './io.ts';

export interface RunCommandOptions {
  out?: string;
  speed?: string;
  /** `aligned`, `chunked` or `drift:<duration>`: overrides the pipeline's `settings.replay`. */
  replay?: string;
  set?: string[];
  json?: boolean;
  progress?: boolean;
  checkpointDir?: string;
  checkpointInterval?: string;
  restore?: string;
  fresh?: boolean;
  allowNonRestoredState?: boolean;
  /** Run the pipeline's code although its folder is not trusted (this once). */
  trust?: boolean;
}

/** `tributary run FILE`. @returns the exit code. */
export async function runCommand(io: Io, file: string, options: RunCommandOptions): Promise<number> {
  let speed: ReplaySpeed | undefined;
  let replay: ReplaySettings | undefined;
  try {
    speed = options.speed === undefined ? undefined : parseSpeed(options.speed);
    replay = options.replay === undefined ? undefined : parseReplayOption(options.replay);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  const interval = options.checkpointInterval === undefined ? undefined : Number(options.checkpointInterval);
  if (interval !== undefined && !(Number.isInteger(interval) && interval > 0)) {
    io.err(`--checkpoint-interval takes a positive number of milliseconds, not "${options.checkpointInterval}"`);
    return 2;
  }
  if (options.checkpointDir === undefined && (options.restore !== undefined || options.fresh)) {
    io.err('--restore and --fresh need --checkpoint-dir');
    return 2;
  }
  const read = await readPipelineFile(resolve(file), options.set ?? []);
  if (!read.ok) return reportReadFailure(io, file, read);
  if (!options.trust && !isPipelineTrusted(file)) {
    io.err(untrustedMessage(file));
    return 1;
  }
  let progress: RunProgress | undefined;
  const showProgress = options.progress !== false && io.isTty && !options.json;
  const run = launchJob(
    {
      document: replay ? withReplaySettings(read.raw, replay) : read.raw,
      compileCode: compileUserCode,
      runtime: jobRuntime(),
      baseDir: dirname(resolve(file)),
      outDir: options.out === undefined ? undefined : resolve(options.out),
      speed,
      checkpointDir: options.checkpointDir === undefined ? undefined : resolve(options.checkpointDir),
      checkpointIntervalMs: interval,
      restore: options.restore,
      fresh: options.fresh,
      allowNonRestoredState: options.allowNonRestoredState,
      crashBeforeCommitOf: process.env.TRIBUTARY_TEST_CRASH_BEFORE_COMMIT === undefined ? undefined : Number(process.env.TRIBUTARY_TEST_CRASH_BEFORE_COMMIT),
    },
    {
      onCheckpoint: (m) => {
        if (!showProgress && !options.json) io.err(checkpointLine(m));
      },
      onStarted: ({ sinks }) => {
        if (showProgress) progress = new RunProgress(sinks.map((s) => s.nodeId));
      },
      onMetrics: (elapsed, nodes) => progress?.update(elapsed, nodes),
      onLog: (message) => {
        if (!options.json) io.err(message);
      },
    },
  );
  const stopOnSignal = (): void => run.stop();
  // SIGUSR2 takes a savepoint into <checkpoint-dir>/savepoints/ and the run goes on.
  const savepointOnSignal = (): void => {
    if (options.checkpointDir === undefined) {
      io.err('savepoint: the run has no --checkpoint-dir');
      return;
    }
    const name = `savepoint-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    run.savepoint(join(resolve(options.checkpointDir), 'savepoints', name), name).then(
      (path) => io.err(`savepoint written: ${path}`),
      (error: unknown) => io.err(`savepoint failed: ${(error as Error).message}`),
    );
  };
  process.once('SIGINT', stopOnSignal);
  process.on('SIGUSR2', savepointOnSignal);
  const outcome = await run.outcome;
  process.off('SIGINT', stopOnSignal);
  process.off('SIGUSR2', savepointOnSignal);
  progress?.stop();
  switch (outcome.kind) {
    case 'invalid':
      printProblems(io, file, outcome.problems);
      return 1;
    case 'failed':
      if (options.json) io.out(JSON.stringify({ status: 'failed', error: outcome.error.message, code: outcome.error.code, nodeId: outcome.error.nodeId, nodes: outcome.nodes ?? [] }, null, 2));
      io.err(`run failed: ${outcome.error.code} ${outcome.error.message}`);
      return 1;
    case 'finished': {
      const r = outcome.result;
      if (options.json) io.out(JSON.stringify(r, null, 2));
      else for (const line of resultLines(r)) io.err(line);
      return r.nodes.every((n) => n.balanced) ? 0 : 1;
    }
  }
}
