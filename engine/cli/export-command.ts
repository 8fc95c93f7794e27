/**
 * `tributary export FILE --out DIR [--tgz]`: validates the pipeline (same problem lines as
 * `tributary validate`), then writes a runnable job bundle (see `engine/export/bundle.ts`) and
 * prints its files and sizes. `--target flink` writes a Flink SQL job instead
 * (`engine/export/flink/`): refusals are listed like problems (exit 1), warnings printed.
 */
import { basename, dirname, resolve } from 'node:path';
import { exportBundle } from '../export/bundle.ts';
import { exportFlink } from '../export/flink/export-flink.ts';
import { readPipelineFile } from '../nodes/load.ts';
import { formatProblem } from '../pipeline/problems.ts';
import { testFileNameFor } from '../pipeline/pipeline-test.ts';
import { reportReadFailure, type Io } from './io.ts';

export interface ExportCommandOptions {
  out: string;
  tgz?: boolean;
  /** `node` (default): a job bundle; `flink`: a Flink SQL job. */
  target?: string;
  /** Flink: warnings refuse the export. */
  strict?: boolean;
  /** Flink: `name=value` parameters written into job.sql. */
  param?: string[];
  /** Flink: `node=FILE` samples (JSON lines) typing Kafka sources. */
  sample?: string[];
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** `tributary export FILE --out DIR [--tgz]`. @returns the exit code (0, 1 invalid or failed, 2 unreadable). */
export async function exportCommand(io: Io, file: string, options: ExportCommandOptions): Promise<number> {
  const target = options.target ?? 'node';
  if (target === 'flink') return exportFlinkCommand(io, file, options);
  if (target !== 'node') {
    io.err(`--target takes node or flink, not "${target}"`);
    return 2;
  }
  if (options.strict || (options.param?.length ?? 0) > 0 || (options.sample?.length ?? 0) > 0) {
    io.err('--strict, --param and --sample are for --target flink (a job bundle takes parameters when it runs)');
    return 2;
  }
  let result;
  try {
    result = await exportBundle({ file, outDir: options.out, tgz: options.tgz });
  } catch (error) {
    io.err(`export failed: ${(error as Error).message}`);
    return 1;
  }
  if (!result.ok) {
    if (result.kind === 'unreadable') {
      io.err(result.message);
      return 2;
    }
    if (result.kind === 'tests') {
      io.err(`export refused: ${result.message}`);
      return 1;
    }
    io.err(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
    for (const p of result.problems) io.err(`  ${formatProblem(p)}`);
    return 1;
  }
  const total = result.files.reduce((n, f) => n + f.bytes, 0);
  io.out(`exported ${file} to ${result.dir}`);
  for (const f of result.files) io.out(`  ${f.name.padEnd(20)} ${kib(f.bytes).padStart(10)}`);
  io.out(`bundle size: ${kib(total)} (job.mjs ${kib(result.jobBytes)})`);
  if (result.tgz) io.out(`archive: ${result.tgz.path} (${kib(result.tgz.bytes)})`);
  if (result.tests > 0) io.out(`tests: ${result.tests} (from ${testFileNameFor(file)}); run them with node job.mjs --test`);
  io.out(`run it: cd ${result.dir} && npm ci --omit=dev && node job.mjs --help`);
  return 0;
}

/** `node=FILE` pairs into a record. @returns `undefined` after printing a usage error. */
export function pairs(io: Io, flag: string, values: readonly string[] = []): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) {
      io.err(`${flag} ${v}: expected node=FILE`);
      return undefined;
    }
    out[v.slice(0, eq)] = resolve(v.slice(eq + 1));
  }
  return out;
}

/** `tributary export FILE --target flink --out DIR [--strict] [--param n=v] [--sample node=FILE]`. */
async function exportFlinkCommand(io: Io, file: string, options: ExportCommandOptions): Promise<number> {
  if (options.tgz) {
    io.err('--tgz is for --target node');
    return 2;
  }
  const samples = pairs(io, '--sample', options.sample);
  if (!samples) return 2;
  const read = await readPipelineFile(resolve(file));
  if (!read.ok) return reportReadFailure(io, file, read);
  let result;
  try {
    result = await exportFlink({ document: read.raw, sourceFile: basename(file), baseDir: dirname(resolve(file)), outDir: options.out, strict: options.strict, params: options.param, samples });
  } catch (error) {
    io.err(`export failed: ${(error as Error).message}`);
    return 1;
  }
  if (!result.ok) {
    const what = result.kind === 'invalid' ? 'problem' : 'refusal';
    io.err(`${file}: ${result.problems.length} ${what}${result.problems.length === 1 ? '' : 's'}${result.kind === 'refused' ? ' (nothing written)' : ''}`);
    for (const p of result.problems) io.err(`  ${formatProblem(p)}`);
    for (const w of result.kind === 'refused' ? result.warnings : []) io.err(`  warning: ${formatProblem(w)}`);
    return 1;
  }
  for (const w of result.warnings) io.err(`warning: ${formatProblem(w)}`);
  io.out(`exported ${file} as a Flink SQL job to ${result.dir}`);
  for (const f of result.files) io.out(`  ${f.name.padEnd(20)} ${kib(f.bytes).padStart(10)}`);
  io.out(`run it: sql-client.sh -f ${resolve(result.dir, 'job.sql')}   (or: tributary flink-check ${file})`);
  return 0;
}
