/**
 * The entry of an exported job bundle (`node job.mjs`): parses the arguments, applies the
 * parameters to the bundled `pipeline.json`, validates it with the code compiled at export
 * (no esbuild at run time), opens the checkpoint store and plans the restore, then runs the
 * job in this process. Logs go to stderr as with `tributary run`; SIGTERM/SIGINT stop the job
 * gracefully (a savepoint into `<checkpoint-dir>/savepoints/` first when checkpointing) with
 * exit code 0; `--metrics-port` serves Prometheus metrics.
 *
 * Must never import esbuild (directly or through `nodes/load.ts` or `udf/compile.ts`):
 * the exporter checks the bundle's imports.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyOverrides } from '../pipeline/overrides.ts';
import { formatProblem } from '../pipeline/problems.ts';
import { validateDocument, type ValidPipeline } from '../pipeline/validate.ts';
import { CATALOG } from '../nodes/catalog.ts';
import { CheckpointStore } from '../runtime/checkpoint/checkpoint-store.ts';
import { planRestore } from '../runtime/checkpoint/restore-planner.ts';
import { createJob } from '../nodes/create-job.ts';
import { type Job, type JobOptions } from '../runtime/job.ts';
import { lookupCompiler, type CompiledCode } from './compiled-code.ts';
import { parseJobArgs, USAGE, UsageError, type JobArgs } from './job-args.ts';
import { runJob } from './job-run.ts';
import { collectParams, ParamError, resolveParams, type JobParam } from './params.ts';

/** What the generated entry of `job.mjs` passes in. */
export interface BundleEmbed {
  /** The folder holding `job.mjs` and `pipeline.json`. */
  bundleDir: string;
  /** User code compiled at export (see `compiled-code.ts`). */
  compiled: CompiledCode;
}

/** Where the job writes its messages (stderr) and listings (stdout). */
export interface JobIo {
  err(text: string): void;
  out(text: string): void;
  isTty: boolean;
}

const processIo: JobIo = {
  err: (text) => process.stderr.write(text + '\n'),
  out: (text) => process.stdout.write(text + '\n'),
  isTty: process.stderr.isTTY === true,
};

class ExitError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ExitError(2, `cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ExitError(2, `${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function listParams(io: JobIo, params: readonly JobParam[]): void {
  if (params.length === 0) io.out('this pipeline has no parameters');
  for (const p of params) io.out(`${p.name}  (${p.kind}; env ${p.env})  current: ${p.value === undefined ? '-' : JSON.stringify(p.value)}`);
}

/** Applies parameters and validates. @throws ExitError 1 with the problems, 2 for bad params. */
function loadPipeline(io: JobIo, embed: BundleEmbed, args: JobArgs, env: Readonly<Record<string, string | undefined>>): ValidPipeline {
  const file = join(embed.bundleDir, 'pipeline.json');
  const raw = readJson(file, 'pipeline');
  const params = collectParams(raw);
  if (args.listParams) {
    listParams(io, params);
    throw new ExitError(0, '');
  }
  const fileParams = args.paramsFile === undefined ? undefined : readJson(resolve(args.paramsFile), 'params file');
  if (fileParams !== undefined && (typeof fileParams !== 'object' || fileParams === null || Array.isArray(fileParams)))
    throw new ExitError(2, `params file ${args.paramsFile}: expected a JSON object { "name": "value" }`);
  let overrides: string[];
  try {
    ({ overrides } = resolveParams(params, { assignments: args.params, env, file: fileParams as Record<string, unknown> | undefined, cwd: process.cwd() }));
  } catch (error) {
    if (error instanceof ParamError) throw new ExitError(2, error.message);
    throw error;
  }
  const result = validateDocument(applyOverrides(raw, overrides), { catalog: CATALOG, compileCode: lookupCompiler(embed.compiled) });
  if (!result.ok) {
    io.err(`pipeline.json: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
    for (const p of result.problems) io.err(`  ${formatProblem(p)}`);
    throw new ExitError(1, '');
  }
  return result.pipeline;
}

/** Opens the store and plans the restore. @throws Error (exit 1) when nothing usable can be restored. */
async function checkpointing(io: JobIo, pipeline: ValidPipeline, args: JobArgs): Promise<{ store?: CheckpointStore; options: Partial<JobOptions> }> {
  if (args.checkpointDir === undefined) return { options: {} };
  const settings = pipeline.document.checkpoint;
  const store = await CheckpointStore.open(resolve(args.checkpointDir), settings?.retain ?? 3);
  try {
    const planned = await planRestore(store, { restore: args.restore, fresh: args.fresh, allowNonRestoredState: args.allowNonRestoredState }, (m) => io.err(m));
    const intervalMs = args.checkpointIntervalMs ?? settings?.intervalMs ?? 1000;
    return { store, options: { checkpoint: { store, intervalMs }, restore: planned.plan } };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * Runs the bundled job.
 * @returns the exit code: 0 finished (or stopped by a signal), 1 invalid pipeline or failed
 *   run, 2 bad usage or unreadable files.
 */
export async function runBundle(embed: BundleEmbed, argv: readonly string[] = process.argv.slice(2), env: Readonly<Record<string, string | undefined>> = process.env, io: JobIo = processIo): Promise<number> {
  let store: CheckpointStore | undefined;
  try {
    const args = parseJobArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const pipeline = loadPipeline(io, embed, args, env);
    const cp = await checkpointing(io, pipeline, args);
    store = cp.store;
    const guard = new SharedArrayBuffer(8);
    const build = (onCheckpoint: JobOptions['onCheckpoint']): Job =>
      createJob(pipeline, { baseDir: embed.bundleDir, speed: args.speed, guardCells: new Int32Array(guard), log: (m) => io.err(m), onCheckpoint, ...cp.options });
    return await runJob(io, build, { pipeline, args, guard });
  } catch (error) {
    if (error instanceof ExitError) {
      if (error.message) io.err(error.message);
      return error.code;
    }
    if (error instanceof UsageError) {
      io.err(`${error.message}\nrun with --help for the options`);
      return 2;
    }
    io.err(`job failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await store?.close().catch(() => {});
  }
}
