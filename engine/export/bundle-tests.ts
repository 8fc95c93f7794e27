/**
 * A pipeline's tests in its job bundle: the test file beside the pipeline
 * (`NAME.pipeline.test.json`) is copied to `tests/` with `"pipeline": "../pipeline.json"`, and
 * every input file it names is copied to `tests/data/` (its path rewritten), so
 * `node job.mjs --test` runs the tests from the bundle alone, before deploying it. Each test's
 * run document is validated at export with the recording compiler, so the bundle holds the
 * compiled code of every node a test runs.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { CodeCompiler } from '../pipeline/validate.ts';
import { formatProblem } from '../pipeline/problems.ts';
import { parseOutputRef, TEST_FILE_SUFFIX } from '../pipeline/pipeline-test.ts';
import { validatePipeline } from '../nodes/load.ts';
import { testRunDocument, type ResolvedInput } from '../launch/testing/test-document.ts';
import { loadTestFile } from '../launch/testing/test-files.ts';
import { BUNDLE_TESTS_DIR } from './job-tests.ts';

export type BundledTests = { ok: true; files: [string, string | Uint8Array][]; tests: number } | { ok: false; message: string };

type RawInput = Record<string, unknown> & { path?: string };
type RawCase = Record<string, unknown> & { inputs?: Record<string, RawInput> };

/**
 * The bundle files for the tests in `testFile`, checked against `document` (the exported pipeline).
 * @param compile the export's recording compiler
 */
export async function bundleTests(testFile: string, document: unknown, compile: CodeCompiler): Promise<BundledTests> {
  const loaded = await loadTestFile(testFile);
  if (!loaded.ok) return { ok: false, message: `tests ${testFile}:\n  ${loaded.problems.join('\n  ')}` };
  const { file, raw } = loaded.loaded;
  const testDir = dirname(loaded.loaded.path);
  const files: [string, string | Uint8Array][] = [];
  const copied = new Map<string, string>();
  const copy = (path: string): string => {
    const abs = resolve(testDir, path);
    let name = copied.get(abs);
    if (name === undefined) {
      name = `data/${copied.size + 1}-${basename(abs)}`;
      copied.set(abs, name);
      files.push([`${BUNDLE_TESTS_DIR}/${name}`, readFileSync(abs)]);
    }
    return name;
  };
  const rawTests = (Array.isArray(raw.tests) ? raw.tests : []) as RawCase[];
  const tests: RawCase[] = [];
  for (const [i, test] of file.tests.entries()) {
    const inputs: Record<string, ResolvedInput> = {};
    const rawInputs: Record<string, RawInput> = { ...(rawTests[i]?.inputs ?? {}) };
    for (const [id, input] of Object.entries(test.inputs)) {
      let path = `/inline/${id}.jsonl`;
      if (input.path !== undefined) {
        try {
          path = copy(input.path);
        } catch (error) {
          return { ok: false, message: `tests ${testFile}: test "${test.name}", input ${id}: ${(error as Error).message}` };
        }
        rawInputs[id] = { ...rawInputs[id], path };
      }
      inputs[id] = { path, format: input.format, time: input.time, disorder: input.disorder };
    }
    const capture = Object.keys(test.expect).map(parseOutputRef).filter((r) => r.port !== undefined);
    const rewritten = testRunDocument(document, { inputs, capture, watermarks: test.watermarks });
    if (!rewritten.ok) return { ok: false, message: `tests ${testFile}: test "${test.name}": ${rewritten.message}` };
    const valid = validatePipeline(rewritten.document, compile);
    if (!valid.ok) return { ok: false, message: `tests ${testFile}: test "${test.name}" runs an invalid pipeline:\n  ${valid.problems.map(formatProblem).join('\n  ')}` };
    tests.push({ ...rawTests[i], inputs: rawInputs });
  }
  const bundled: Record<string, unknown> = { ...raw, pipeline: '../pipeline.json', tests };
  delete bundled.$schema;
  const name = basename(testFile).endsWith(TEST_FILE_SUFFIX) ? basename(testFile) : `pipeline${TEST_FILE_SUFFIX}`;
  files.unshift([`${BUNDLE_TESTS_DIR}/${name}`, JSON.stringify(bundled, null, 2) + '\n']);
  return { ok: true, files, tests: tests.length };
}
