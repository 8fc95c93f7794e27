/**
 * `tributary diff A.pipeline.json B.pipeline.json [--input node=FILE ...]`, or
 * `tributary diff FILE --against REV` (A is FILE as git has it at REV, B the file as it is):
 * runs both versions on the same inputs, deterministically (punctuated watermarks unless
 * `--watermarks pipeline`), and prints per sink the rows only in A, only in B, and changed (by
 * key), with `--nodes` also every node's outputs. Both versions' code runs: their folders must be
 * trusted (or `--trust`). Exit codes: 0 the same output everywhere; 1 a difference, an invalid,
 * untrusted or failed pipeline; 2 bad usage or an unreadable file.
 */
import { execFileSync } from 'node:child_process';
import { basename, dirname, relative, resolve } from 'node:path';
import { jobRuntime } from '../launch/runtime-bundle.ts';
import { behaviourDiff, type OutputDiff } from '../launch/testing/behaviour-diff.ts';
import { isPipelineTrusted, untrustedMessage } from '../launch/trust.ts';
import { readPipelineFile } from '../nodes/load.ts';
import { parseJson } from '../pipeline/json-text.ts';
import type { TestInput } from '../pipeline/pipeline-test.ts';
import { formatProblem } from '../pipeline/problems.ts';
import { AB_LABELS, rowDiffLines } from '../pipeline/row-diff-text.ts';
import { compileUserCode } from '../udf/compile.ts';
import { pairs } from './export-command.ts';
import { printProblems, reportReadFailure, type Io } from './io.ts';

export interface DiffCommandOptions {
  input?: string[];
  against?: string;
  watermarks?: string;
  nodes?: boolean;
  rows?: string;
  json?: boolean;
  trust?: boolean;
}

/** The file as git has it at `rev`. @throws Error with git's message. */
function gitVersion(file: string, rev: string): string {
  try {
    return execFileSync('git', ['show', `${rev}:./${basename(file)}`], { cwd: dirname(file), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`git show ${rev}:${basename(file)} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

/** `tributary diff`. @returns the exit code. */
export async function diffCommand(io: Io, files: readonly string[], options: DiffCommandOptions): Promise<number> {
  const watermarks = options.watermarks ?? 'punctuated';
  if (watermarks !== 'punctuated' && watermarks !== 'pipeline') {
    io.err(`--watermarks takes punctuated or pipeline, not "${watermarks}"`);
    return 2;
  }
  const shown = options.rows === undefined ? 5 : options.rows === 'all' ? Infinity : Number(options.rows);
  if (!(shown === Infinity || (Number.isInteger(shown) && shown >= 0))) {
    io.err(`--rows takes a number or "all", not "${options.rows}"`);
    return 2;
  }
  if (options.against !== undefined ? files.length !== 1 : files.length !== 2) {
    io.err(options.against !== undefined ? 'diff --against REV takes one pipeline file' : 'diff takes two pipeline files (A and B), or one with --against REV');
    return 2;
  }
  const inputPaths = pairs(io, '--input', options.input);
  if (!inputPaths) return 2;
  const inputs: Record<string, TestInput> = Object.fromEntries(Object.entries(inputPaths).map(([id, path]) => [id, { path, format: 'auto' as const }]));

  const fileB = resolve(files[files.length - 1] as string);
  const fileA = resolve(files[0] as string);
  const docs: unknown[] = [];
  for (const [label, file] of [['A', fileA], ['B', fileB]] as const) {
    if (label === 'A' && options.against !== undefined) {
      let text: string;
      try {
        text = gitVersion(fileA, options.against);
      } catch (error) {
        io.err((error as Error).message);
        return 2;
      }
      const json = parseJson(text);
      if (!json.ok) {
        printProblems(io, `${files[0]} at ${options.against}`, [json.problem]);
        return 1;
      }
      docs.push(json.value);
      continue;
    }
    const read = await readPipelineFile(file);
    if (!read.ok) return reportReadFailure(io, file, read);
    docs.push(read.raw);
  }
  for (const file of new Set([fileA, fileB])) {
    if (!options.trust && !isPipelineTrusted(file)) {
      io.err(untrustedMessage(relative(process.cwd(), file) || file));
      return 1;
    }
  }
  const shownA = `${relative(process.cwd(), fileA) || fileA}${options.against !== undefined ? ` at ${options.against}` : ''}`;
  const shownB = relative(process.cwd(), fileB) || fileB;
  const result = await behaviourDiff({
    a: { document: docs[0], baseDir: dirname(fileA) },
    b: { document: docs[1], baseDir: dirname(fileB) },
    inputs,
    inputsDir: process.cwd(),
    watermarks,
    nodes: options.nodes,
    shown,
    compileCode: compileUserCode,
    runtime: jobRuntime(),
  });
  if (options.json) io.out(JSON.stringify({ a: shownA, b: shownB, ...result }, null, 2));
  if (result.status === 'failed') {
    if (!options.json) {
      io.err(`diff: ${result.message}`);
      for (const p of result.problems ?? []) io.err(`  ${formatProblem(p)}`);
    }
    return 1;
  }
  if (!options.json) {
    io.out(`A: ${shownA}`);
    io.out(`B: ${shownB}`);
    const label = (o: OutputDiff): string => (o.onlyIn ? `${o.ref} (only in ${o.onlyIn.toUpperCase()})` : o.ref);
    for (const o of result.outputs) for (const line of rowDiffLines(label(o), o.diff, AB_LABELS)) io.out(line);
    const differing = result.outputs.filter((o) => !o.diff.equal || o.onlyIn);
    io.out(result.equal ? `same: every output is equal` : `DIFFERENT: ${differing.length} of ${result.outputs.length} output${result.outputs.length === 1 ? '' : 's'} differ (${differing.map((o) => o.ref).join(', ')})`);
  }
  return result.equal ? 0 : 1;
}
