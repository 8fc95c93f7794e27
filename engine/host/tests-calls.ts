/**
 * The host's pipeline-test calls (the studio's Tests panel): `runTests` runs the tests of the
 * file beside the open document's file against the open document (unsaved edits included),
 * `acceptGolden` records a run of the open document as a test in that file, and
 * `compareWithSaved` runs the saved file (or another pipeline file) and the open document on the same inputs and compares
 * what they write (`engine/launch/testing/behaviour-diff.ts`). All three run the document's code:
 * the engine host checks trust before calling them. Rows shown per diff kind are capped at
 * {@link SHOWN}, as `tributary test` caps its text.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { testFileNameFor } from '../pipeline/pipeline-test.ts';
import { parseJson } from '../pipeline/json-text.ts';
import { behaviourDiff } from '../launch/testing/behaviour-diff.ts';
import { runTestFile } from '../launch/testing/run-tests.ts';
import { goldenTestCase, withTestCase } from '../launch/testing/snapshot.ts';
import { loadTestFile } from '../launch/testing/test-files.ts';
import { jobRuntime } from '../launch/runtime-bundle.ts';
import { compileUserCode } from '../udf/compile.ts';
import type { CallArgsParsed, CallResult } from './protocol.ts';

/** Rows of each kind (missing, unexpected, changed) a diff carries to the studio. */
export const SHOWN = 20;

/** What the calls need from the host: paths resolved inside the workspace, and shown as the editor shows them. */
export interface TestsCallContext {
  /** Absolute path of the open document's file. */
  pipelineFile(documentPath: string): string;
  /** Absolute folder of a workspace-relative `baseDir`; refuses one outside the workspace. */
  inside(path: string): string;
  /** A path as the editor shows it (workspace-relative when inside). */
  shown(path: string): string;
}

function testFileOf(ctx: TestsCallContext, documentPath: string): string {
  const file = ctx.pipelineFile(documentPath);
  return join(dirname(file), testFileNameFor(file));
}

/** `runTests`. A missing test file is `exists: false` with no tests, not an error. */
export async function runTestsCall(args: CallArgsParsed<'runTests'>, ctx: TestsCallContext): Promise<CallResult<'runTests'>> {
  const path = testFileOf(ctx, args.documentPath);
  const testFile = ctx.shown(path);
  if (!existsSync(path)) return { testFile, exists: false, problems: [], tests: [] };
  const loaded = await loadTestFile(path);
  if (!loaded.ok) return { testFile, exists: true, problems: loaded.problems, tests: [] };
  // The open document, relative paths resolving where the editor says (its file's folder).
  const results = await runTestFile(
    { ...loaded.loaded, pipelinePath: join(ctx.inside(args.baseDir), 'open.pipeline.json') },
    { document: args.document, compileCode: compileUserCode, runtime: jobRuntime(), shown: SHOWN },
  );
  return { testFile, exists: true, problems: [], tests: results.map(({ actual: _actual, ...r }) => r) };
}

/** `acceptGolden`. @throws Error when the run fails or the existing test file is not valid JSON. */
export async function acceptGoldenCall(args: CallArgsParsed<'acceptGolden'>, ctx: TestsCallContext): Promise<CallResult<'acceptGolden'>> {
  const path = testFileOf(ctx, args.documentPath);
  let raw: Record<string, unknown> | undefined;
  if (existsSync(path)) {
    const parsed = parseJson(await readFile(path, 'utf8'));
    if (!parsed.ok) throw new Error(`${ctx.shown(path)}${parsed.problem.line !== undefined ? ` line ${parsed.problem.line}` : ''}: not valid JSON (${parsed.problem.message}); fix it before accepting a run`);
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) throw new Error(`${ctx.shown(path)}: not a test file (its top level is not an object)`);
    raw = parsed.value as Record<string, unknown>;
  }
  const golden = await goldenTestCase({ document: args.document, baseDir: ctx.inside(args.baseDir), testDir: dirname(path), name: args.name, sample: args.sample, compileCode: compileUserCode, runtime: jobRuntime() });
  if (!golden.ok) throw new Error(`Not accepted: ${golden.message}${golden.problems ? `\n${golden.problems.map((p) => `${p.code} ${p.nodeId ? `node ${p.nodeId}: ` : ''}${p.message}`).join('\n')}` : ''}`);
  await writeFile(path, JSON.stringify(withTestCase(raw, golden.testCase), null, 2) + '\n');
  const inputs = (golden.testCase.inputs ?? {}) as Record<string, { records?: unknown[] }>;
  const sampled = golden.sampled.map((nodeId) => ({ nodeId, records: inputs[nodeId]?.records?.length ?? 0 }));
  return { testFile: ctx.shown(path), created: raw === undefined, name: args.name, outputs: golden.outputs, rows: golden.rows, sampled };
}

/**
 * `compareWithSaved`: A is the saved file (or the file at `againstPath`), relative paths resolving
 * beside it; B the open document. @throws Error when A's file cannot be read or is not JSON.
 */
export async function compareWithSavedCall(args: CallArgsParsed<'compareWithSaved'>, ctx: TestsCallContext): Promise<CallResult<'compareWithSaved'>> {
  const against = args.againstPath ?? args.documentPath;
  const file = ctx.pipelineFile(against);
  const parsed = parseJson(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${against}: ${args.againstPath === undefined ? 'the saved version' : 'the pipeline to compare with'} is not valid JSON (${parsed.problem.message})`);
  const baseDir = ctx.inside(args.baseDir);
  const result = await behaviourDiff({
    a: { document: parsed.value, baseDir: dirname(file) },
    b: { document: args.document, baseDir },
    inputsDir: baseDir,
    nodes: true,
    shown: SHOWN,
    compileCode: compileUserCode,
    runtime: jobRuntime(),
  });
  if (result.status === 'failed') return result;
  return { status: 'compared', equal: result.equal, outputs: result.outputs };
}
