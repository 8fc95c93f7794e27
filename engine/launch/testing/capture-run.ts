/**
 * One deterministic run for a test or a diff: writes the test's inline records (in arrival
 * order) as JSON lines into a private temporary folder, rewrites the document
 * (`test-document.ts`), launches it like any run (`launchJob`: validated in the launcher, run in
 * the sandboxed job process, `speed: max`), and reads back every captured output. The temporary
 * folder is removed afterwards. The caller checks workspace trust first: the pipeline's code runs.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestInput, OutputRef } from '../../pipeline/pipeline-test.ts';
import type { Problem } from '../../pipeline/problems.ts';
import type { Row } from '../../pipeline/row-diff.ts';
import type { CodeCompiler } from '../../pipeline/validate.ts';
import { launchJob } from '../launch-job.ts';
import type { JobRuntime } from '../runtime-bundle.ts';
import { testRunDocument, type Capture, type RawDocument, type ResolvedInput } from './test-document.ts';

export interface CaptureRunOptions {
  /** The pipeline document as parsed from its file. */
  document: unknown;
  /** Folder the pipeline's relative paths resolve against. */
  baseDir: string;
  /** Inputs by source node id, as the test file gives them. */
  inputs?: Readonly<Record<string, TestInput>>;
  /** Folder the inputs' relative paths resolve against (the test file's). */
  inputsDir: string;
  /** Outputs to capture besides every sink. */
  capture?: readonly OutputRef[];
  watermarks: 'punctuated' | 'pipeline';
  compileCode: CodeCompiler;
  runtime: JobRuntime | Promise<JobRuntime>;
}

export type CaptureResult =
  | { status: 'ran'; outputs: Map<string, Row[]>; captures: Capture[]; durationMs: number }
  | { status: 'invalid'; problems: Problem[] }
  | { status: 'failed'; message: string; nodeId?: string };

/** JSON lines of a sink's file; a sink that got no row writes no file. */
export async function readJsonLines(path: string): Promise<Row[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as Row);
}

/** The records of an inline input in arrival order. */
function arrived(input: TestInput): Row[] {
  const records = input.records ?? [];
  return input.arrival ? input.arrival.map((i) => records[i] as Row) : records;
}

/** Runs the document with the test's inputs and captures. Never throws for the pipeline's problems. */
export async function captureRun(options: CaptureRunOptions): Promise<CaptureResult> {
  const work = await mkdtemp(join(tmpdir(), 'tributary-test-'));
  try {
    const resolved: Record<string, ResolvedInput> = {};
    const entries = Object.entries(options.inputs ?? {});
    if (entries.some(([, i]) => i.records !== undefined)) await mkdir(join(work, 'inputs'));
    for (const [id, input] of entries) {
      let path: string;
      let format = input.format;
      if (input.records !== undefined) {
        path = join(work, 'inputs', `${id}.jsonl`);
        format = 'jsonl';
        await writeFile(path, arrived(input).map((r) => JSON.stringify(r) + '\n').join(''));
      } else path = resolve(options.inputsDir, input.path as string);
      resolved[id] = { path, format, time: input.time, disorder: input.disorder };
    }
    const rewritten = testRunDocument(options.document, { inputs: resolved, capture: options.capture, watermarks: options.watermarks });
    if (!rewritten.ok) return { status: 'failed', message: rewritten.message };
    const outDir = join(work, 'out');
    const started = performance.now();
    const run = launchJob({ document: rewritten.document, compileCode: options.compileCode, runtime: options.runtime, baseDir: options.baseDir, outDir, speed: 'max' });
    const outcome = await run.outcome;
    const durationMs = performance.now() - started;
    if (outcome.kind === 'invalid') return { status: 'invalid', problems: outcome.problems };
    if (outcome.kind === 'failed') return { status: 'failed', message: `the run failed: ${outcome.error.code} ${outcome.error.message}`, nodeId: outcome.error.nodeId };
    const outputs = new Map<string, Row[]>();
    for (const c of rewritten.captures) outputs.set(c.ref, await readJsonLines(join(outDir, `${c.sinkId}.jsonl`)));
    return { status: 'ran', outputs, captures: rewritten.captures, durationMs };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export type { RawDocument };
