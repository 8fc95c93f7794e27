/**
 * `tributary flink-check FILE [--input node=FILE ...]`: exports the pipeline as a Flink SQL job,
 * runs it on a local Apache Flink and the same pipeline on the embedded engine over the same
 * sample, and prints a per-sink diff (rows equal / only in Flink / only in Tributary, the first
 * 5 of each). It runs the pipeline's code, so the pipeline's folder must be trusted (or
 * `--trust`). Exit codes: 0 every sink equal; 1 a difference, a refused or invalid pipeline, a
 * failed run, or no Java for Flink (the message says what to install); 2 bad usage.
 */
import { basename, dirname, resolve } from 'node:path';
import { runFlinkCheck } from '../export/flink/check/flink-check.ts';
import { diffLines } from '../export/flink/check/sink-diff.ts';
import { isPipelineTrusted, untrustedMessage } from '../launch/trust.ts';
import { readPipelineFile } from '../nodes/load.ts';
import { formatProblem } from '../pipeline/problems.ts';
import { pairs } from './export-command.ts';
import { printProblems, reportReadFailure, type Io } from './io.ts';

export interface FlinkCheckCommandOptions {
  input?: string[];
  trust?: boolean;
  json?: boolean;
  /** Keep the work folder (job.sql, both engines' output) and print its path. */
  keep?: boolean;
}

/** `tributary flink-check FILE`. @returns the exit code. */
export async function flinkCheckCommand(io: Io, file: string, options: FlinkCheckCommandOptions): Promise<number> {
  const inputs = pairs(io, '--input', options.input);
  if (!inputs) return 2;
  const read = await readPipelineFile(resolve(file));
  if (!read.ok) return reportReadFailure(io, file, read);
  if (!options.trust && !isPipelineTrusted(file)) {
    io.err(untrustedMessage(file));
    return 1;
  }
  const result = await runFlinkCheck(
    { document: read.raw, baseDir: dirname(resolve(file)), sourceFile: basename(file), inputs, keep: options.keep },
    (_phase, message) => {
      if (!options.json) io.err(`… ${message}`);
    },
  );
  if (options.json) io.out(JSON.stringify(result, (k, v: unknown) => (k === 'script' ? undefined : v), 2));
  switch (result.status) {
    case 'invalid':
      if (!options.json) printProblems(io, file, result.problems);
      return 1;
    case 'refused':
      if (!options.json) {
        io.err(`${file}: the Flink export is refused (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`);
        for (const p of result.problems) io.err(`  ${formatProblem(p)}`);
      }
      return 1;
    case 'unavailable':
      io.err(`flink-check: ${result.message}`);
      return 1;
    case 'failed':
      io.err(`flink-check: the ${result.engine === 'check' ? 'check' : result.engine === 'flink' ? 'Flink job' : 'Tributary run'} failed: ${result.message}`);
      if (result.workDir) io.err(`work folder kept: ${result.workDir}`);
      return 1;
    case 'compared':
      if (!options.json) {
        for (const w of result.warnings) io.err(`warning: ${formatProblem(w)}`);
        for (const line of diffLines(result.sinks)) io.out(line);
        io.out(result.equal ? `equal: every sink wrote the same rows on Flink and Tributary` : 'DIFFERENT: see above');
        if (result.workDir) io.out(`work folder kept: ${result.workDir}`);
      }
      return result.equal ? 0 : 1;
  }
}
