/**
 * The one way to launch a job (the CLI's `run`, the engine host's runs and samples, an exported
 * bundle): validate the document here, with its code compiled and never run; then fork the job
 * runtime as a separate process inside Node's permission model (`permissions.ts`) with an empty
 * environment, hand it the document and the compiled code, and relay what it reports. Only
 * what the launcher checked runs, and it runs with no more than the pipeline needs.
 *
 * The launcher also serves the job's `persist` requests (fsync, which Node 20's permission model
 * disables inside the job), for paths the job may write only.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { validateDocument, type CodeCompiler } from '../pipeline/validate.ts';
import type { Problem } from '../pipeline/problems.ts';
import { TributaryError, type ErrorInfo } from '../pipeline/errors.ts';
import { CATALOG } from '../nodes/catalog.ts';
import { checkConfigOf } from '../nodes/registry.ts';
import { fsyncPath } from '../runtime/fsync.ts';
import { lockDirectory } from '../runtime/checkpoint/directory-lock.ts';
import type { JobResult } from '../runtime/job.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { SampledRecord } from '../runtime/sample-ring.ts';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';
import { recordingCompiler } from './compiled-code.ts';
import { resolveCredentials, type Environment } from './credentials.ts';
import type { DebugCall, RunRequest, StartMessage, WorkerCommand, WorkerEvent } from './messages.ts';
import { jobEnvironment, jobPermissions, permissionFlags, type JobPermissions } from './permissions.ts';
import type { JobRuntime } from './runtime-bundle.ts';

export type RunOutcome =
  | { kind: 'finished'; result: JobResult }
  | { kind: 'invalid'; problems: Problem[] }
  | { kind: 'failed'; error: ErrorInfo; nodes?: NodeMetricsSnapshot[] };

export interface RunHandlers {
  onStarted?(info: { nodeIds: string[]; sinks: { nodeId: string; path?: string }[] }): void;
  onMetrics?(elapsedMs: number, nodes: NodeMetricsSnapshot[]): void;
  onLog?(message: string): void;
  onCheckpoint?(metrics: CheckpointMetrics): void;
}

/** A launched job. */
export interface LaunchedJob {
  /** Settles when the run ends, however it ends; never rejects. */
  readonly outcome: Promise<RunOutcome>;
  stop(): void;
  pause(): void;
  resume(): void;
  /** Latest records of a node's port (after the run: the last ones it emitted). */
  samples(nodeId: string, port?: string): Promise<SampledRecord[]>;
  /** Takes a savepoint into `dir` at the next barrier. @returns its path. @throws Error. */
  savepoint(dir: string, name: string): Promise<string>;
  /**
   * A debugger call (runs launched with `debug`): its result as the job answered it.
   * @throws Error when the job refused it or the run is over.
   */
  debug(call: DebugCall): Promise<unknown>;
}

export interface LaunchOptions extends Omit<RunRequest, 'compiled' | 'baseDir'> {
  /** Folder relative paths in the document resolve against. */
  baseDir: string;
  /**
   * The job runtime to fork: the engine's (`jobRuntime()`, built on demand), or an exported
   * bundle's own `job.mjs`.
   */
  runtime: JobRuntime | Promise<JobRuntime>;
  /**
   * Compiles the document's code: the engine's `compileUserCode` (esbuild), or an exported
   * bundle's table of code compiled at export.
   */
  compileCode: CodeCompiler;
  /**
   * Whether the job process runs inside the permission model (default true). Only the
   * benchmark turns it off, to print what the boundary costs; no command offers it.
   */
  sandbox?: boolean;
  /**
   * Where credentials given as `{ "env": NAME }` are read (default: this process's environment);
   * the job itself gets an empty environment. See `credentials.ts`.
   */
  env?: Environment;
}

/** Validates `options.document` and, when it is valid, runs it in a sandboxed job process. */
export function launchJob(options: LaunchOptions, handlers: RunHandlers = {}): LaunchedJob {
  let settled = false;
  let child: ReturnType<typeof fork> | undefined;
  let finalSamples: Record<string, Record<string, SampledRecord[]>> = {};
  let nextRequest = 1;
  const pending = new Map<number, (records: SampledRecord[]) => void>();
  const savepoints = new Map<number, { resolve: (path: string) => void; reject: (error: Error) => void }>();
  const debugCalls = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  const queued: WorkerCommand[] = [];
  const command = (c: WorkerCommand): void => {
    if (settled) return;
    if (child?.connected) child.send(c);
    else queued.push(c);
  };

  const outcome = new Promise<RunOutcome>((resolveOutcome) => {
    let tempDir: string | undefined;
    let unlock = (): void => {};
    let lastNodes: NodeMetricsSnapshot[] | undefined;
    const finish = (o: RunOutcome): void => {
      if (settled) return;
      settled = true;
      for (const r of pending.values()) r([]);
      pending.clear();
      for (const s of savepoints.values()) s.reject(new Error('the run ended before the savepoint was written'));
      savepoints.clear();
      for (const d of debugCalls.values()) d.reject(new Error('the run is over'));
      debugCalls.clear();
      // The job process exits by itself after its last event; one that does not is ended.
      const exiting = child;
      if (exiting && exiting.exitCode === null && exiting.signalCode === null) setTimeout(() => exiting.kill('SIGKILL'), 5000).unref();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      unlock();
      resolveOutcome(o);
    };
    const fail = (error: TributaryError): void => finish({ kind: 'failed', error: error.toInfo(), nodes: lastNodes });

    const recorder = recordingCompiler(options.compileCode);
    const { document, problems: unset } = resolveCredentials(options.document, options.env ?? process.env);
    const valid = validateDocument(document, { catalog: CATALOG, compileCode: recorder.compile, checkConfig: checkConfigOf });
    if (!valid.ok || unset.length > 0) {
      finish({ kind: 'invalid', problems: [...unset, ...(valid.ok ? [] : valid.problems)] });
      return;
    }
    const pipeline = valid.pipeline;
    const { runtime, document: _raw, compileCode: _unused, sandbox: _sandbox, env: _env, ...rest } = options;
    void Promise.resolve(runtime).then(
      (rt) => {
        if (settled) return;
        if (options.checkpointDir !== undefined) {
          try {
            unlock = lockDirectory(resolve(options.checkpointDir));
          } catch (error) {
            fail(new TributaryError('TRB106', (error as Error).message));
            return;
          }
        }
        tempDir = mkdtempSync(join(tmpdir(), 'tributary-job-'));
        const restoreDir = options.restore !== undefined && options.restore !== 'latest' && !/^\d+$/.test(options.restore) ? options.restore : undefined;
        const permissions = jobPermissions({ pipeline, baseDir: options.baseDir, runtimeDirs: rt.dirs, outDir: options.outDir, checkpointDir: options.checkpointDir, tempDir, restoreDir });
        const request: RunRequest = {
          ...rest,
          document,
          compiled: recorder.table,
          maxHeapMb: options.maxHeapMb ?? pipeline.document.settings.maxHeapMb,
          checkpointLockedBy: options.checkpointDir === undefined ? undefined : process.pid,
        };
        child = fork(rt.file, [], {
          execArgv: options.sandbox === false ? [] : permissionFlags(permissions),
          env: jobEnvironment(tempDir),
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
          serialization: 'advanced',
        });
        const start: StartMessage = { type: 'start', request };
        child.send(start);
        for (const c of queued.splice(0)) child.send(c);
        child.on('message', (event: WorkerEvent) => {
          switch (event.type) {
            case 'started':
              handlers.onStarted?.({ nodeIds: event.nodeIds, sinks: event.sinks });
              break;
            case 'metrics':
              lastNodes = event.nodes;
              handlers.onMetrics?.(event.elapsedMs, event.nodes);
              break;
            case 'log':
              handlers.onLog?.(event.message);
              break;
            case 'checkpoint':
              handlers.onCheckpoint?.(event.metrics);
              break;
            case 'samples':
              pending.get(event.requestId)?.(event.records);
              pending.delete(event.requestId);
              break;
            case 'savepoint': {
              const s = savepoints.get(event.requestId);
              savepoints.delete(event.requestId);
              if (event.error !== undefined) s?.reject(new Error(event.error));
              else s?.resolve(event.path ?? '');
              break;
            }
            case 'debug': {
              const d = debugCalls.get(event.requestId);
              debugCalls.delete(event.requestId);
              if (event.error !== undefined) d?.reject(new Error(event.error));
              else d?.resolve(event.result);
              break;
            }
            case 'persist':
              void persistFor(permissions, event.path).then(
                () => command({ type: 'persisted', requestId: event.requestId }),
                (error: unknown) => command({ type: 'persisted', requestId: event.requestId, error: (error as Error).message }),
              );
              break;
            case 'finished':
              finalSamples = event.samples;
              finish({ kind: 'finished', result: event.result });
              break;
            case 'failed':
              finish({ kind: 'failed', error: event.error, nodes: event.nodes ?? lastNodes });
              break;
            case 'invalid':
              finish({ kind: 'invalid', problems: event.problems });
              break;
          }
        });
        child.on('error', (error) => fail(new TributaryError('TRB107', `the job process could not start: ${error.message}`)));
        child.on('exit', (code, signal) => fail(new TributaryError('TRB107', `the job process stopped unexpectedly (${signal ?? `exit code ${code}`})`)));
      },
      (error: unknown) => fail(new TributaryError('TRB107', `the job runtime could not be built: ${(error as Error).message}`)),
    );
  });

  return {
    outcome,
    stop: () => command({ type: 'stop' }),
    pause: () => command({ type: 'pause' }),
    resume: () => command({ type: 'resume' }),
    savepoint: (dir, name) =>
      settled
        ? Promise.reject(new Error('the run is over'))
        : new Promise((resolveSavepoint, reject) => {
            const requestId = nextRequest++;
            savepoints.set(requestId, { resolve: resolveSavepoint, reject });
            command({ type: 'savepoint', requestId, dir, name });
          }),
    debug: (call) =>
      settled
        ? Promise.reject(new Error('the run is over'))
        : new Promise((resolveCall, reject) => {
            const requestId = nextRequest++;
            debugCalls.set(requestId, { resolve: resolveCall, reject });
            command({ type: 'debug', requestId, call });
          }),
    samples: (nodeId, port = 'out') =>
      settled
        ? Promise.resolve(finalSamples[nodeId]?.[port] ?? [])
        : new Promise((resolveSamples) => {
            const requestId = nextRequest++;
            pending.set(requestId, resolveSamples);
            command({ type: 'samples', requestId, nodeId, port });
          }),
  };
}

/** fsyncs `path` for the job, when the job may write it. @throws Error otherwise. */
async function persistFor(permissions: JobPermissions, path: string): Promise<void> {
  const abs = resolve(path);
  const allowed = permissions.write.some((w) => abs === w.replace(/\/$/, '') || abs.startsWith(w.endsWith(sep) ? w : w + sep));
  if (!allowed) throw new Error(`persist ${path}: outside what the job may write`);
  await fsyncPath(abs);
}
