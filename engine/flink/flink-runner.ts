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
import { ensureFlinkRunner, type EnsureOptions } from './flink-jars.ts';
import { makeWorkDir, spawnRunner, type FlinkLogLevel, type JvmSettings } from './runner-process.ts';
import type { FlinkSqlResult } from './protocol.ts';
import { ANSWER_GRACE_MS, RunnerSession } from './runner-session.ts';

export type { FlinkJobStatus, FlinkSqlJob, FlinkSqlResult } from './protocol.ts';
export { FLINK_VERSION, flinkAvailability, ensureFlinkRunner, flinkCacheRoot, type FlinkAvailability } from './flink-jars.ts';

/** Options for {@link startFlinkRunner} and {@link runFlinkSqlFile}. */
export interface FlinkRunnerOptions extends EnsureOptions {
  /** StreamTask slots of the one TaskManager and Flink's `parallelism.default` (default 1). */
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

/**
 * A Flink CEP job (engine/flink/runner/…/CepJob.java): reads `input` (JSON lines, in file order),
 * takes event time from `timeField` (epoch ms) with a bounded-out-of-orderness watermark emitted
 * after every event (`max - maxOutOfOrderness - 1`), keys by `keyField`, applies `pattern` in
 * event time, and writes JSON lines: `matches` (`{"<stage>": [ids]}` per match), `timeouts`
 * (`{"match": {…}, "at": epochMs}`) and `late` (the id of each late event), ids from `idField`.
 * `pattern` is `{ stages, within?, skip? }` in the pattern node's shape with conditions in the
 * runner's JSON condition language (see CepPatterns.java). Paths are absolute.
 */
export interface FlinkCepJob {
  name?: string;
  input: string;
  timeField: string;
  keyField: string;
  idField: string;
  maxOutOfOrderness: number;
  pattern: Record<string, unknown>;
  matches: string;
  timeouts: string;
  late: string;
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
  /**
   * Runs a Flink CEP DataStream job (`CEP.pattern` on a keyed JSON-lines file, see
   * {@link FlinkCepJob}) and waits until it has ended; its matches, timed-out partial matches
   * and late events are in the files the job names.
   *
   * @returns the outcome (`output` is empty); a failed job or a timeout is `ok: false` with
   *   Flink's message in `error` (e.g. a MalformedPatternException).
   * @throws Error as `runSql` does.
   */
  runCep(job: FlinkCepJob, options?: RunSqlOptions): Promise<FlinkSqlResult>;
  /** The JVM's last stderr lines (Flink's WARN/ERROR log). */
  stderrTail(): string;
  /** Stops the cluster and the JVM and deletes the work directory. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 600_000;

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
      runCep: (job, runOptions) => session.request({ ...job, kind: 'cep' }, runOptions?.timeoutMs ?? DEFAULT_TIMEOUT_MS),
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
