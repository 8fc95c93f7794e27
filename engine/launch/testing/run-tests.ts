/**
 * Running the tests of a pipeline test file (`engine/pipeline/pipeline-test.ts`): each test is one
 * deterministic run (`capture-run.ts`) whose captured outputs are compared with the test's
 * expectations by the shared comparer (`engine/pipeline/row-diff.ts`), keyed when a key is
 * given or inferred (`output-keys.ts`). Used by `tributary test`, the studio's Tests panel and an
 * exported bundle's `node job.mjs --test`; the caller checks workspace trust first.
 */
import { dirname } from 'node:path';
import { parseOutputRef, type OutputRef, type TestCase } from '../../pipeline/pipeline-test.ts';
import type { Problem } from '../../pipeline/problems.ts';
import { diffRows, type Row, type RowDiff } from '../../pipeline/row-diff.ts';
import type { CodeCompiler } from '../../pipeline/validate.ts';
import type { JobRuntime } from '../runtime-bundle.ts';
import { captureRun } from './capture-run.ts';
import { chooseKey, upstreamKey } from './output-keys.ts';
import type { RawDocument } from './test-document.ts';
import type { LoadedTestFile } from './test-files.ts';

/** One expectation's outcome. */
export interface OutputResult {
  /** `hourly`, `per_hour.late` */
  ref: string;
  nodeId: string;
  port?: string;
  /** Expected (A) against what the run wrote (B). */
  diff: RowDiff;
}

export interface TestCaseResult {
  name: string;
  /** `error`: the test could not run or the run failed (see `message`, `problems`). */
  status: 'passed' | 'failed' | 'error';
  durationMs: number;
  outputs: OutputResult[];
  message?: string;
  /** Validation problems of the document the test ran (invalid pipeline). */
  problems?: Problem[];
  /** The node a failed run names. */
  nodeId?: string;
  /** Every captured output's rows, when asked for (`--update`, accept as golden). */
  actual?: Record<string, Row[]>;
}

export interface RunTestOptions {
  /** The pipeline document as parsed from its file. */
  document: unknown;
  /** Folder the pipeline's relative paths resolve against. */
  baseDir: string;
  /** Folder the test's input paths resolve against (the test file's). */
  testDir: string;
  test: TestCase;
  compileCode: CodeCompiler;
  runtime: JobRuntime | Promise<JobRuntime>;
  /** Rows of each kind kept in the diffs (default 5; `Infinity`: all). */
  shown?: number;
  /** Also capture these outputs (not compared) and keep every output's rows in `actual`. */
  keepActual?: boolean | { extra: readonly OutputRef[] };
}

/** Runs one test. Never throws for the pipeline's or the test's problems; they are the result. */
export async function runTestCase(options: RunTestOptions): Promise<TestCaseResult> {
  const started = performance.now();
  const { test } = options;
  const expected = Object.entries(test.expect).map(([ref, exp]) => ({ ref, at: parseOutputRef(ref), exp }));
  const extra = typeof options.keepActual === 'object' ? options.keepActual.extra : [];
  const capture = [...expected.map((e) => e.at).filter((r) => r.port !== undefined), ...extra];
  const ran = await captureRun({
    document: options.document,
    baseDir: options.baseDir,
    inputs: test.inputs,
    inputsDir: options.testDir,
    capture,
    watermarks: test.watermarks,
    compileCode: options.compileCode,
    runtime: options.runtime,
  });
  const durationMs = () => performance.now() - started;
  if (ran.status === 'invalid')
    return { name: test.name, status: 'error', durationMs: durationMs(), outputs: [], message: `the pipeline is invalid (${ran.problems.length} problem${ran.problems.length === 1 ? '' : 's'})`, problems: ran.problems };
  if (ran.status === 'failed') return { name: test.name, status: 'error', durationMs: durationMs(), outputs: [], message: ran.message, nodeId: ran.nodeId };
  const doc = options.document as RawDocument;
  const outputs: OutputResult[] = [];
  for (const { ref, at, exp } of expected) {
    const actual = ran.outputs.get(ref);
    if (actual === undefined)
      return { name: test.name, status: 'error', durationMs: durationMs(), outputs, message: `output ${ref}: "${at.nodeId}" is not a sink of the pipeline; name a node's output port (${at.nodeId}.out, ${at.nodeId}.late, …)` };
    const key = exp.key ?? chooseKey(upstreamKey(doc, at.nodeId, at.port), exp.records, actual);
    const diff = diffRows(exp.records, actual, { key, ordered: exp.order === 'exact', ignore: exp.ignore, shown: options.shown });
    outputs.push({ ref, nodeId: at.nodeId, ...(at.port === undefined ? {} : { port: at.port }), diff });
  }
  const result: TestCaseResult = { name: test.name, status: outputs.every((o) => o.diff.equal) ? 'passed' : 'failed', durationMs: durationMs(), outputs };
  if (options.keepActual) result.actual = Object.fromEntries(ran.outputs);
  return result;
}

export interface RunTestFileOptions {
  compileCode: CodeCompiler;
  runtime: JobRuntime | Promise<JobRuntime>;
  shown?: number;
  keepActual?: boolean;
  /** The pipeline document to test instead of the file's (a bundle's, with its parameters applied). */
  document?: unknown;
  /** Called after each test. */
  onResult?(result: TestCaseResult): void;
}

/** Runs a test file's tests in order, each in its own job. */
export async function runTestFile(loaded: LoadedTestFile, options: RunTestFileOptions): Promise<TestCaseResult[]> {
  const results: TestCaseResult[] = [];
  for (const test of loaded.file.tests) {
    const result = await runTestCase({
      document: options.document ?? loaded.pipeline,
      baseDir: dirname(loaded.pipelinePath),
      testDir: dirname(loaded.path),
      test,
      compileCode: options.compileCode,
      runtime: options.runtime,
      shown: options.shown,
      keepActual: options.keepActual,
    });
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}
