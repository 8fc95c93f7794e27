/**
 * The pipeline test file: `NAME.pipeline.test.json` beside `NAME.pipeline.json`. Each test
 * replaces some of the pipeline's sources with its own inputs (a file, or records written in
 * the test), replays them deterministically (punctuated watermarks, `speed: max`, an optional
 * seeded disorder), and states what outputs it expects: a sink's records, or a node's side
 * output (`per_hour.late`, `parse.errors`), as a multiset or in order.
 *
 * Shape:
 * `{ version: 1, pipeline?, tests: [{ name, watermarks?, inputs: { <sourceId>: input },
 *    expect: { <sinkId> | <nodeId>.<port>: { records, order?, key?, ignore? } } }] }`.
 *
 * Pure zod, no Node modules: the CLI, the host, exported bundles and the editor share it, and
 * `npm run schema` writes `pipeline-test.schema.json` from it.
 */
import { z } from 'zod';
import { Duration, TimeSpec } from './config-schemas.ts';
import { NodeIdSchema } from './document.ts';

/** The only test-file format version this build reads and writes. */
export const PIPELINE_TEST_FORMAT_VERSION = 1;

/** The file name suffix of test files. */
export const TEST_FILE_SUFFIX = '.pipeline.test.json';

const Row = z.record(z.string(), z.unknown());

/**
 * One source's input in a test: a file (relative to the test file's folder), or records written
 * in the test, in arrival order (or in the order `arrival` gives).
 */
export const TestInputSchema = z
  .object({
    path: z.string().min(1).optional().describe('a file to replay (JSON Lines, CSV or a JSON array), relative to the test file'),
    format: z.enum(['auto', 'jsonl', 'csv', 'json']).default('auto').describe('the file format (auto: by extension)'),
    records: z.array(Row).optional().describe('the records, in arrival order (unless `arrival` gives another)'),
    arrival: z
      .array(z.number().int().nonnegative())
      .optional()
      .describe('the order records arrive in: indices into `records`, each once (default: as listed)'),
    time: TimeSpec.optional().describe("where each record's event time comes from (default: the source's own `time`)"),
    disorder: z
      .object({
        maxDelay: Duration.describe('each record is delayed by up to this much event time'),
        seed: z.number().int().default(1),
      })
      .optional()
      .describe("a seeded, bounded shuffle of the arrival order (as a file source's `disorder`); replaces the source's own"),
  })
  .superRefine((input, ctx) => {
    if ((input.path === undefined) === (input.records === undefined))
      ctx.addIssue({ code: 'custom', message: 'an input has either "path" (a file) or "records" (written here), not both', path: [] });
    if (input.arrival !== undefined) {
      if (input.records === undefined) {
        ctx.addIssue({ code: 'custom', message: '"arrival" orders "records": it needs them', path: ['arrival'] });
        return;
      }
      const n = input.records.length;
      const seen = new Set(input.arrival);
      if (input.arrival.length !== n || seen.size !== n || input.arrival.some((i) => i >= n))
        ctx.addIssue({ code: 'custom', message: `"arrival" must list each index 0..${n - 1} of "records" exactly once`, path: ['arrival'] });
    }
  });
export type TestInput = z.output<typeof TestInputSchema>;

/** What one output must hold. */
export const ExpectationSchema = z.object({
  records: z.array(Row).describe('the records the output must hold'),
  order: z
    .enum(['any', 'exact'])
    .default('any')
    .describe('any: compare as multisets (row order ignored); exact: the records must also come in this order'),
  key: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('fields identifying a row, to report rows as changed rather than missing and unexpected (default: the upstream key and window bounds, when they identify every row)'),
  ignore: z.array(z.string().min(1)).optional().describe('top-level fields left out of the comparison on both sides'),
});
export type Expectation = z.output<typeof ExpectationSchema>;

/** `hourly` (a sink) or `per_hour.late` (a node's output port). */
export const OutputRefSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}(\.[A-Za-z_][A-Za-z0-9_]*)?$/, 'a sink id (hourly), or a node id and output port (per_hour.late)');

export const TestCaseSchema = z.object({
  name: z.string().min(1).describe('what the test checks; shown in results and JUnit reports'),
  watermarks: z
    .enum(['punctuated', 'pipeline'])
    .default('punctuated')
    .describe(
      'punctuated (default): every source emits a watermark after each record and has no idleness timeout, so the run is reproducible; pipeline: as the pipeline says (periodic watermarks depend on processing time, so lateness may vary between runs)',
    ),
  inputs: z.record(NodeIdSchema, TestInputSchema).default({}).describe("inputs by source node id; a source not listed reads what the pipeline says"),
  expect: z.record(OutputRefSchema, ExpectationSchema).describe('expected outputs by sink id, or node id and port ("per_hour.late")'),
});
export type TestCase = z.output<typeof TestCaseSchema>;
export type TestCaseInput = z.input<typeof TestCaseSchema>;

export const PipelineTestFileSchema = z.object({
  $schema: z.string().optional(),
  version: z.literal(PIPELINE_TEST_FORMAT_VERSION, {
    error: (issue) =>
      issue.input === undefined
        ? 'missing "version" (this build reads version 1)'
        : `unsupported test file version ${JSON.stringify(issue.input)}: this build reads version ${PIPELINE_TEST_FORMAT_VERSION}`,
  }),
  pipeline: z.string().min(1).optional().describe('the pipeline file, relative to this file (default: NAME.pipeline.json for NAME.pipeline.test.json)'),
  tests: z.array(TestCaseSchema).min(1).describe('the tests, run in order'),
});
export type PipelineTestFile = z.output<typeof PipelineTestFileSchema>;
export type PipelineTestFileInput = z.input<typeof PipelineTestFileSchema>;

/** An output named in a test: a node and, for a side output, its port. */
export interface OutputRef {
  nodeId: string;
  /** Undefined for a sink (what reaches it). */
  port?: string;
}

/** `per_hour.late` → `{ nodeId: 'per_hour', port: 'late' }`; `hourly` → `{ nodeId: 'hourly' }`. */
export function parseOutputRef(ref: string): OutputRef {
  const dot = ref.indexOf('.');
  return dot < 0 ? { nodeId: ref } : { nodeId: ref.slice(0, dot), port: ref.slice(dot + 1) };
}

/** The inverse of `parseOutputRef`. */
export function formatOutputRef(ref: OutputRef): string {
  return ref.port === undefined ? ref.nodeId : `${ref.nodeId}.${ref.port}`;
}

/** `a/b/x.pipeline.test.json` → `x.pipeline.json` (the default `pipeline`), relative to its folder. */
export function defaultPipelineName(testFileName: string): string | undefined {
  const base = testFileName.split(/[\\/]/).pop() ?? testFileName;
  return base.endsWith(TEST_FILE_SUFFIX) ? `${base.slice(0, -TEST_FILE_SUFFIX.length)}.pipeline.json` : undefined;
}

/** `x.pipeline.json` → `x.pipeline.test.json` (the test file beside a pipeline). */
export function testFileNameFor(pipelineFileName: string): string {
  const base = pipelineFileName.split(/[\\/]/).pop() ?? pipelineFileName;
  const stem = base.endsWith('.pipeline.json') ? base.slice(0, -'.pipeline.json'.length) : base.replace(/\.json$/, '');
  return `${stem}${TEST_FILE_SUFFIX}`;
}

/** One problem of a test file, with its place (`tests[0].inputs.flights.arrival`). */
export interface TestFileProblem {
  path: string;
  message: string;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * Checks a parsed test file.
 * @returns the file with defaults applied, or every problem with its place.
 */
export function parseTestFile(raw: unknown): { ok: true; file: PipelineTestFile } | { ok: false; problems: TestFileProblem[] } {
  const parsed = PipelineTestFileSchema.safeParse(raw);
  if (parsed.success) {
    const problems: TestFileProblem[] = [];
    const names = new Set<string>();
    parsed.data.tests.forEach((t, i) => {
      if (names.has(t.name)) problems.push({ path: `tests[${i}].name`, message: `two tests are named "${t.name}"` });
      names.add(t.name);
    });
    return problems.length > 0 ? { ok: false, problems } : { ok: true, file: parsed.data };
  }
  return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: issuePath(issue.path) || '(file)', message: issue.message })) };
}
