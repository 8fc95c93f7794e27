/**
 * A real Apache Flink to run jobs on: one long-lived JVM (engine/flink/runner, Java) holding ONE
 * local Flink cluster (a MiniCluster: JobManager + one TaskManager, REST on 127.0.0.1), which
 * runs SQL scripts through Flink's own SQL client code, as `sql-client.sh -f job.sql` does.
 *
 * Jobs go over the JVM's stdin/stdout as JSON lines, one at a time, in the order asked; every
 * job a script submits has ended (finished, failed or cancelled) before its answer arrives, so
 * sinks are final and the next script starts on an idle cluster with a fresh SQL session.
 * See engine/flink/README.md for the protocol and figures.
 *
 *   const flink = await startFlinkRunner();
 *   const result = await flink.runSql(script, { timeoutMs: 60_000 });
 *   if (!result.ok) console.error(result.error);
 *   await flink.stop();
 */
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ensureFlinkRunner, type EnsureOptions } from './flink-jars.ts';
import { LineTail, makeWorkDir, spawnRunner, spawnWatchdog, type FlinkLogLevel, type JvmSettings, type RunnerChild } from './runner-process.ts';
import { parseAnswer, type FlinkSqlResult } from './protocol.ts';

export type { FlinkJobStatus, FlinkSqlJob, FlinkSqlResult } from './protocol.ts';
export { FLINK_VERSION, flinkAvailability, ensureFlinkRunner, flinkCacheRoot, type FlinkAvailability } from './flink-jars.ts';

/** Options for {@link startFlinkRunner} and {@link runFlinkSqlFile}. */
export interface FlinkRunnerOptions extends EnsureOptions {
  /** Task slots of the one TaskManager and Flink's `parallelism.default` (default 1). */
  parallelism?: number;
  /** JVM heap limit in MiB (default 1024). */
  heapMb?: number;
  /**
   * Flink configuration for the cluster and every SQL session, e.g.
   * `{ 'restart-strategy.type': 'fixed-delay' }`; a script's `SET` still wins for its session.
   * Defaults: loopback addresses, 64 MiB managed and 32 MiB network memory, no restarts.
   */
  config?: Readonly<Record<string, string>>;
  /** Root log level of the JVM's stderr log (default `WARN`). */
  logLevel?: FlinkLogLevel;
  /** How many of the JVM's last stderr lines to keep for error messages (default 200). */
  stderrLines?: number;
  /** How long the JVM may take to start the cluster, in ms (default 120 000; fetching jars not included). */
  startTimeoutMs?: number;
}

/** Options for one job. */
export interface RunSqlOptions {
  /**
   * Milliseconds the whole script (statements and the jobs they submit) may take; then its
   * running jobs are cancelled and the result has `ok: false, timedOut: true` (default 600 000).
   */
  timeoutMs?: number;
}

/** A running Flink runner from {@link startFlinkRunner}. */
export interface FlinkRunner {
  /** The Flink version of the cluster, as Flink reports it (e.g. `1.20.3`). */
  readonly flinkVersion: string;
  /** The cluster's REST API, `http://127.0.0.1:<port>` (e.g. `GET /jobs/overview`). */
  readonly restUrl: string;
  /** Milliseconds from JVM launch to a started cluster, as the JVM measured it. */
  readonly startupMs: number;
  /** The JVM's process id. */
  readonly pid: number;
  /**
   * Runs a Flink SQL script (what `sql-client.sh -f` accepts: `SET 'k' = 'v';`, `CREATE
   * TABLE/VIEW`, `INSERT INTO`, `EXECUTE STATEMENT SET BEGIN … END;`, comments) in a fresh
   * session and waits until every job it submitted has ended. Calls queue: one job at a time.
   *
   * @returns the outcome; a statement error, a failed job or a timeout is `ok: false` with
   *   Flink's message in `error`, not an exception.
   * @throws Error if the runner was stopped or its JVM died (with the JVM's last stderr lines),
   *   or if it did not answer within `timeoutMs` + 90 s (the JVM is then killed).
   */
  runSql(script: string, options?: RunSqlOptions): Promise<FlinkSqlResult>;
  /** The JVM's last stderr lines (Flink's WARN/ERROR log). */
  stderrTail(): string;
  /** Stops the cluster and the JVM and deletes the work directory. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 600_000;
/** Beyond a job's own timeout: the JVM's cancel grace (30 s) and client grace (30 s), plus slack. */
const ANSWER_GRACE_MS = 90_000;
const STOP_GRACE_MS = 15_000;

function settingsOf(options: FlinkRunnerOptions): JvmSettings {
  const parallelism = options.parallelism ?? 1;
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new Error(`parallelism must be a positive integer, got ${parallelism}`);
  return {
    parallelism,
    heapMb: options.heapMb ?? 1024,
    config: options.config ?? {},
    logLevel: options.logLevel ?? 'WARN',
    stderrLines: options.stderrLines ?? 200,
  };
}

/**
 * Fetches and compiles the runner if needed (see {@link ensureFlinkRunner}), starts its JVM and
 * waits until the local Flink cluster is up.
 *
 * @returns a {@link FlinkRunner}; call `stop()` when done. If this process dies first, a
 *   watchdog kills the JVM and deletes its work directory.
 * @throws Error if Java/Maven are missing, the jars cannot be fetched, or the cluster does not
 *   start within `startTimeoutMs` (with the JVM's last stderr lines).
 */
export async function startFlinkRunner(options: FlinkRunnerOptions = {}): Promise<FlinkRunner> {
  const settings = settingsOf(options);
  const install = await ensureFlinkRunner(options);
  const workDir = await makeWorkDir(settings.logLevel);
  const child = spawnRunner(install, workDir, settings, []);
  const session = new RunnerSession(child, workDir, settings.stderrLines);
  try {
    const ready = await session.ready(options.startTimeoutMs ?? 120_000);
    return {
      flinkVersion: ready.flinkVersion,
      restUrl: ready.restUrl,
      startupMs: ready.startupMs,
      pid: child.pid ?? -1,
      runSql: (script, runOptions) => session.request({ kind: 'sql', script }, runOptions?.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      stderrTail: () => session.stderr.text(),
      stop: () => session.stop(),
    };
  } catch (error) {
    await session.stop();
    throw error;
  }
}

/**
 * One-shot: starts a cluster, runs the SQL file once (the JVM's `--file` mode), stops. For a CLI
 * that checks one exported `job.sql`.
 *
 * @param file path of the script (read by the JVM).
 * @returns the outcome, as {@link FlinkRunner.runSql}.
 * @throws Error if the runner cannot be installed or started, or its JVM dies without answering.
 */
export async function runFlinkSqlFile(file: string, options: FlinkRunnerOptions & RunSqlOptions = {}): Promise<FlinkSqlResult> {
  const settings = settingsOf(options);
  const install = await ensureFlinkRunner(options);
  const workDir = await makeWorkDir(settings.logLevel);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const child = spawnRunner(install, workDir, settings, ['--file', file, '--timeout-ms', String(timeoutMs)]);
  const session = new RunnerSession(child, workDir, settings.stderrLines);
  try {
    return await session.oneShot((options.startTimeoutMs ?? 120_000) + timeoutMs + ANSWER_GRACE_MS);
  } finally {
    await session.stop();
  }
}

interface ReadyEvent {
  flinkVersion: string;
  restUrl: string;
  startupMs: number;
}

interface Pending {
  id: number;
  resolve: (result: FlinkSqlResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** The JVM end of the protocol: ready event, queued requests, answers by id, exit and stop. */
class RunnerSession {
  readonly stderr: LineTail;
  private readonly lines: AsyncIterator<string>;
  private readonly exited: Promise<void>;
  private readonly disarmWatchdog: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: Pending | undefined;
  private nextId = 1;
  private dead: string | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly child: RunnerChild,
    private readonly workDir: string,
    stderrLines: number,
  ) {
    this.stderr = new LineTail(stderrLines);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    child.stdin.on('error', () => undefined); // EPIPE after the JVM died: reported by 'exit'
    this.lines = createInterface({ input: child.stdout, crlfDelay: Infinity })[Symbol.asyncIterator]();
    this.disarmWatchdog = child.pid === undefined ? () => undefined : spawnWatchdog(child.pid, workDir).disarm;
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => this.die(`could not be started: ${error.message}`, resolve));
      child.once('exit', (code, signal) => this.die(`exited (code ${code}, signal ${signal})`, resolve));
    });
  }

  private die(why: string, resolve: () => void): void {
    this.dead ??= why;
    if (this.pending) {
      clearTimeout(this.pending.timer);
      const what = this.stopping ? 'The Flink runner was stopped' : `The Flink runner JVM ${why}`;
      this.pending.reject(this.failure(`${what} while running job ${this.pending.id}`));
      this.pending = undefined;
    }
    resolve();
  }

  private failure(message: string): Error {
    return new Error(`${message}. Last lines of its stderr:\n${this.stderr.text() || '(none)'}`);
  }

  /** The next JSON line on stdout; non-JSON lines (none are expected) go to the stderr tail. */
  private async nextMessage(): Promise<Record<string, unknown> | undefined> {
    for (;;) {
      const next = await this.lines.next();
      if (next.done) return undefined;
      try {
        const value: unknown = JSON.parse(next.value);
        if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // fall through
      }
      this.stderr.add(`[stdout] ${next.value}`);
    }
  }

  async ready(timeoutMs: number): Promise<ReadyEvent> {
    const first = await this.withTimeout(this.nextMessage(), timeoutMs, `did not start within ${timeoutMs} ms`);
    if (first?.event === 'ready') {
      return { flinkVersion: String(first.flinkVersion), restUrl: String(first.restUrl), startupMs: Number(first.startupMs) };
    }
    await this.exited.catch(() => undefined);
    const said = typeof first?.error === 'string' ? `: ${first.error}` : ` (${this.dead ?? 'no ready line'})`;
    throw this.failure(`The Flink runner could not start${said}`);
  }

  async oneShot(timeoutMs: number): Promise<FlinkSqlResult> {
    const first = await this.withTimeout(this.nextMessage(), timeoutMs, `did not answer within ${timeoutMs} ms`);
    if (first && first.event === undefined) return parseAnswer(first);
    await this.exited;
    const said = typeof first?.error === 'string' ? `: ${first.error}` : ` (${this.dead ?? 'no answer'})`;
    throw this.failure(`The Flink runner failed${said}`);
  }

  private async withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(this.failure(`The Flink runner ${what}`));
      }, ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Queues one request; answers are read in order, so each waits for the previous one. */
  request(body: Record<string, unknown>, timeoutMs: number): Promise<FlinkSqlResult> {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return Promise.reject(new Error(`timeoutMs must be > 0, got ${timeoutMs}`));
    const run = this.queue.then(() => this.send(body, timeoutMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private send(body: Record<string, unknown>, timeoutMs: number): Promise<FlinkSqlResult> {
    if (this.stopping) return Promise.reject(new Error('The Flink runner was stopped'));
    if (this.dead) return Promise.reject(this.failure(`The Flink runner JVM ${this.dead}`));
    const id = this.nextId++;
    return new Promise<FlinkSqlResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(this.failure(`The Flink runner did not answer job ${id} within ${timeoutMs + ANSWER_GRACE_MS} ms; killed it`));
        this.child.kill('SIGKILL');
      }, timeoutMs + ANSWER_GRACE_MS);
      this.pending = { id, resolve, reject, timer };
      this.child.stdin.write(JSON.stringify({ id, ...body, timeoutMs }) + '\n');
      void this.readAnswer(id);
    });
  }

  private async readAnswer(id: number): Promise<void> {
    const message = await this.nextMessage().catch(() => undefined);
    const pending = this.pending;
    if (!pending || pending.id !== id || message === undefined) return; // timed out, or died: handled there
    clearTimeout(pending.timer);
    this.pending = undefined;
    if (message.id !== id) {
      pending.reject(this.failure(`The Flink runner answered job ${String(message.id)} while job ${id} was expected`));
      return;
    }
    try {
      pending.resolve(parseAnswer(message));
    } catch (error) {
      pending.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.disarmWatchdog();
    if (!this.dead) {
      // Idle: end of stdin makes the JVM close the cluster and exit. Busy: do not wait for the job.
      if (this.pending) this.child.kill('SIGTERM');
      else this.child.stdin.end();
      const killer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(killer);
    }
    await rm(this.workDir, { recursive: true, force: true, maxRetries: 5 });
  }
}
