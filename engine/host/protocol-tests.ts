/**
 * Protocol schemas of the studio's pipeline tests and behaviour diff (`protocol.ts` lists the
 * calls): a row diff as the shared comparer makes it (`engine/pipeline/row-diff.ts`), one
 * output's diff, a test's outcome, and the outcome of "Compare with saved version". Pure zod,
 * no Node modules: the renderer imports the types through `protocol.ts`.
 */
import { z } from 'zod';

const Row = z.record(z.string(), z.unknown());
const Side = z.object({ count: z.number().int().nonnegative(), first: z.array(Row) });

/** `RowDiff`: A (expected, or the saved version) against B (what the run wrote, or the edited version). */
export const RowDiffSchema = z.object({
  equal: z.boolean(),
  aRows: z.number().int().nonnegative(),
  bRows: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  key: z.array(z.string()).optional(),
  onlyA: Side,
  onlyB: Side,
  changed: z.object({ count: z.number().int().nonnegative(), first: z.array(z.object({ key: Row, a: Row, b: Row, fields: z.array(z.string()) })) }),
  order: z.object({ position: z.number().int().nonnegative(), a: Row, b: Row }).optional(),
});

/** One output compared: a sink by its id (`hourly`) or a node's port (`per_hour.late`). */
export const OutputDiffSchema = z.object({
  ref: z.string(),
  nodeId: z.string(),
  port: z.string().optional(),
  /** Only one version has this output (behaviour diff). */
  onlyIn: z.enum(['a', 'b']).optional(),
  diff: RowDiffSchema,
});

const Problem = z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional(), field: z.string().optional(), line: z.number().optional(), column: z.number().optional() });

/** One test's outcome (`engine/launch/testing/run-tests.ts`). */
export const TestOutcomeSchema = z.object({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'error']),
  durationMs: z.number(),
  outputs: z.array(OutputDiffSchema),
  message: z.string().optional(),
  nodeId: z.string().optional(),
  problems: z.array(Problem).optional(),
});

/** `runTests`: the test file beside the document's file, and each test's outcome. */
export const RunTestsResultSchema = z.object({
  /** Workspace path of the test file. */
  testFile: z.string(),
  exists: z.boolean(),
  /** Why the test file cannot be used (schema problems with their places). */
  problems: z.array(z.string()),
  tests: z.array(TestOutcomeSchema),
});

/** `acceptGolden`: where the test was written and what it expects. */
export const AcceptGoldenResultSchema = z.object({
  testFile: z.string(),
  created: z.boolean(),
  name: z.string(),
  outputs: z.number().int(),
  rows: z.number().int(),
  /** Sources given their first records instead of their whole file, with how many. */
  sampled: z.array(z.object({ nodeId: z.string(), records: z.number().int() })),
});

/** `compareWithSaved`: A is the saved file, B the open document. */
export const CompareResultSchema = z.union([
  z.object({ status: z.literal('compared'), equal: z.boolean(), outputs: z.array(OutputDiffSchema) }),
  z.object({ status: z.literal('failed'), side: z.enum(['a', 'b']), message: z.string(), nodeId: z.string().optional(), problems: z.array(Problem).optional() }),
]);
