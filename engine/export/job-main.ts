/**
 * The launcher of an exported job bundle (`node job.mjs`): parses the arguments, applies the
 * parameters to the bundled `pipeline.json`, validates it with the code compiled at export
 * (no esbuild at run time), then launches it exactly as `tributary run` does (`launchJob`):
 * the job runs in a child process inside Node's permission model, forked from this same
 * `job.mjs`. Logs go to stderr as with `tributary run`; SIGTERM/SIGINT stop the job gracefully
 * (a savepoint into `<checkpoint-dir>/savepoints/` first when checkpointing) with exit code 0;
 * `--metrics-port` serves Prometheus metrics. `--test` runs the bundled tests instead
 * (`job-tests.ts`).
 *
 * Must never import esbuild (directly or through `nodes/load.ts` or `udf/compile.ts`):
 * the exporter checks the bundle's imports.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyOverrides } from '../pipeline/overrides.ts';
import { formatProblem } from '../pipeline/problems.ts';
import { validateDocument } from '../pipeline/validate.ts';
import { CATALOG } from '../nodes/catalog.ts';
import { checkConfigOf } from '../nodes/registry.ts';
import { lookupCompiler, type CompiledCode } from '../launch/compiled-code.ts';
import { parseJobArgs, USAGE, UsageError, type JobArgs } from './job-args.ts';
import { runJob } from './job-run.ts';
import { runBundleTests } from './job-tests.ts';
import { collectParams, ParamError, resolveParams, shownValue, type JobParam } from './params.ts';

/** What the generated entry of `job.mjs` passes in. */
export interface BundleEmbed {
  /** The folder holding `job.mjs` and `pipeline.json`. */
  bundleDir: string;
  /** User code compiled at export (see `compiled-code.ts`). */
  compiled: CompiledCode;
  /** `job.mjs` itself: the launcher forks it as the job process (its worker is `job-worker.mjs`). */
  runtime: URL;
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
  for (const p of params) io.out(`${p.name}  (${p.kind}; env ${p.env})  current: ${shownValue(p) ?? '-'}`);
}

/**
 * Applies parameters and validates. @returns the document with the parameters applied.
 * @throws ExitError 1 with the problems, 2 for bad params.
 */
function loadPipeline(io: JobIo, embed: BundleEmbed, args: JobArgs, env: Readonly<Record<string, string | undefined>>): unknown {
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
  const document = applyOverrides(raw, overrides);
  const result = validateDocument(document, { catalog: CATALOG, compileCode: lookupCompiler(embed.compiled) , checkConfig: checkConfigOf });
  if (!result.ok) {
    io.err(`pipeline.json: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
    for (const p of result.problems) io.err(`  ${formatProblem(p)}`);
    throw new ExitError(1, '');
  }
  return document;
}

/**
 * Runs the bundled job.
 * @returns the exit code: 0 finished (or stopped by a signal), 1 invalid pipeline or failed
 *   run, 2 bad usage or unreadable files.
 */
export async function runBundle(embed: BundleEmbed, argv: readonly string[] = process.argv.slice(2), env: Readonly<Record<string, string | undefined>> = process.env, io: JobIo = processIo): Promise<number> {
  try {
    const args = parseJobArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const document = loadPipeline(io, embed, args, env);
    const runtime = fileURLToPath(embed.runtime);
    const jobRuntime = { file: runtime, dirs: [embed.bundleDir, join(embed.bundleDir, 'node_modules')] };
    if (args.test) return await runBundleTests(io, { bundleDir: embed.bundleDir, document, compileCode: lookupCompiler(embed.compiled), runtime: jobRuntime, junit: args.junit });
    return await runJob(io, args, {
      document,
      compileCode: lookupCompiler(embed.compiled),
      baseDir: embed.bundleDir,
      runtime: jobRuntime,
      speed: args.speed,
      checkpointDir: args.checkpointDir === undefined ? undefined : resolve(args.checkpointDir),
      checkpointIntervalMs: args.checkpointIntervalMs,
      restore: args.restore,
      fresh: args.fresh,
      allowNonRestoredState: args.allowNonRestoredState,
    });
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
  }
}
