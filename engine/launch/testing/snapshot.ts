/**
 * Expectations written from a run, as snapshot tests do: `tributary test --update` rewrites each
 * test's expected records with what its run wrote (and adds sinks it did not list); the studio's
 * "Accept as golden" records a test from the pipeline's own inputs (its files — the first 200
 * records of a large JSON Lines file, written into the test — inline rows and generators,
 * replayed with punctuated watermarks) with every sink's rows and every side output
 * (`late`, `errors`) that is connected to nothing and had rows. Everything else in the file is
 * kept as written.
 */
import { nodeTypeSpec } from '../../nodes/catalog.ts';
import { PIPELINE_TEST_FORMAT_VERSION, type OutputRef } from '../../pipeline/pipeline-test.ts';
import type { Row } from '../../pipeline/row-diff.ts';
import type { CodeCompiler } from '../../pipeline/validate.ts';
import type { JobRuntime } from '../runtime-bundle.ts';
import { captureRun } from './capture-run.ts';
import { goldenSampleInputs } from './golden-sample.ts';
import type { RawDocument } from './test-document.ts';

type RawFile = Record<string, unknown>;
type RawCase = Record<string, unknown> & { expect?: Record<string, Record<string, unknown>>; inputs?: Record<string, Record<string, unknown>> };

/** Side outputs (`late`, `errors`) of the document's nodes that no edge leaves: otherwise unseen. */
export function unconnectedSideOutputs(document: RawDocument): OutputRef[] {
  const edges = document.edges ?? [];
  const refs: OutputRef[] = [];
  for (const node of document.nodes ?? []) {
    const spec = nodeTypeSpec(node.type);
    if (!spec || spec.category === 'sink') continue;
    for (const port of spec.outputs)
      if ((port.kind === 'late' || port.kind === 'errors') && !edges.some((e) => e.source === node.id && (e.sourcePort ?? 'out') === port.id)) refs.push({ nodeId: node.id, port: port.id });
  }
  return refs;
}

/**
 * `raw` with each test's expected records replaced by what its run wrote, and sinks it did not
 * list added. `actual`: by test index, the run's rows by output — sinks by their id, other outputs
 * as `node.port` (`undefined`: leave that test as it is).
 */
export function updatedTestFile(raw: RawFile, actual: readonly (Record<string, Row[]> | undefined)[]): RawFile {
  const tests = Array.isArray(raw.tests) ? (raw.tests as RawCase[]) : [];
  return {
    ...raw,
    tests: tests.map((t, i) => {
      const rows = actual[i];
      if (!rows) return t;
      const expect: Record<string, Record<string, unknown>> = {};
      for (const [ref, exp] of Object.entries(t.expect ?? {})) expect[ref] = { ...exp, records: rows[ref] ?? [] };
      for (const [ref, records] of Object.entries(rows)) if (!ref.includes('.') && !(ref in expect)) expect[ref] = { records };
      return { ...t, expect };
    }),
  };
}

/** `raw` (or a new file) with test `testCase` replacing the one of the same name, or added. */
export function withTestCase(raw: RawFile | undefined, testCase: RawCase): RawFile {
  const file: RawFile = raw ?? { version: PIPELINE_TEST_FORMAT_VERSION, tests: [] };
  const tests = Array.isArray(file.tests) ? [...(file.tests as RawCase[])] : [];
  const at = tests.findIndex((t) => t.name === testCase.name);
  if (at >= 0) tests[at] = testCase;
  else tests.push(testCase);
  return { ...file, tests };
}

export interface GoldenOptions {
  document: unknown;
  baseDir: string;
  /** The test file's folder (where its input paths would resolve). */
  testDir: string;
  /** The test's name (replaces a test of that name). */
  name: string;
  /** Records kept per large JSON Lines source (`golden-sample.ts`; default 200). */
  sample?: number;
  compileCode: CodeCompiler;
  runtime: JobRuntime | Promise<JobRuntime>;
}

export type GoldenResult = { ok: true; testCase: RawCase; outputs: number; rows: number; /** Sources given their first records (`golden-sample.ts`). */ sampled: string[] } | { ok: false; message: string; problems?: { code: string; message: string; nodeId?: string }[] };

/**
 * Runs the pipeline on its own inputs, deterministically, and makes a test of what it wrote;
 * large JSON Lines sources are cut to their first records, written into the test.
 */
export async function goldenTestCase(options: GoldenOptions): Promise<GoldenResult> {
  const side = unconnectedSideOutputs(options.document as RawDocument);
  const sampled = await goldenSampleInputs(options.document as RawDocument, options.baseDir, options.sample);
  const inputs = Object.fromEntries(Object.entries(sampled).map(([id, s]) => [id, s.input]));
  const ran = await captureRun({ document: options.document, baseDir: options.baseDir, inputs, inputsDir: options.testDir, capture: side, watermarks: 'punctuated', compileCode: options.compileCode, runtime: options.runtime });
  if (ran.status === 'invalid') return { ok: false, message: `the pipeline is invalid (${ran.problems.length} problem${ran.problems.length === 1 ? '' : 's'})`, problems: ran.problems };
  if (ran.status === 'failed') return { ok: false, message: ran.message };
  const expect: Record<string, { records: Row[] }> = {};
  let rows = 0;
  for (const c of ran.captures) {
    const records = ran.outputs.get(c.ref) ?? [];
    if (c.port !== undefined && records.length === 0) continue;
    expect[c.ref] = { records };
    rows += records.length;
  }
  const rawInputs = Object.fromEntries(Object.entries(sampled).map(([id, s]) => [id, s.raw]));
  return { ok: true, testCase: { name: options.name, watermarks: 'punctuated', inputs: rawInputs, expect }, outputs: Object.keys(expect).length, rows, sampled: Object.keys(sampled) };
}
