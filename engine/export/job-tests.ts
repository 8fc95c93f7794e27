/**
 * `node job.mjs --test`: runs the tests bundled in `tests/` (`bundle-tests.ts`) against the
 * bundle's own `pipeline.json` (with the parameters given, as a run would use them) on the
 * bundle's own engine and compiled code, each test one deterministic job through `launchJob`,
 * and prints the same lines as `tributary test`. Before deploying: exit 0 when every test
 * passes, 1 when one fails or cannot run (or the bundle has none).
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CodeCompiler } from '../pipeline/validate.ts';
import { TEST_FILE_SUFFIX } from '../pipeline/pipeline-test.ts';
import type { JobRuntime } from '../launch/runtime-bundle.ts';
import { junitXml, type JUnitSuite } from '../launch/testing/junit.ts';
import { failureLines, junitSuite, testLine } from '../launch/testing/report.ts';
import { runTestFile } from '../launch/testing/run-tests.ts';
import { loadTestFile } from '../launch/testing/test-files.ts';
import type { JobIo } from './job-main.ts';

/** Where a bundle keeps its tests (written by `bundle-tests.ts` at export, which may use esbuild; this file must not). */
export const BUNDLE_TESTS_DIR = 'tests';

export interface BundleTestOptions {
  bundleDir: string;
  /** `pipeline.json` with the parameters applied. */
  document: unknown;
  compileCode: CodeCompiler;
  runtime: JobRuntime;
  junit?: string;
}

/** Runs the bundled tests. @returns the exit code. */
export async function runBundleTests(io: JobIo, options: BundleTestOptions): Promise<number> {
  const dir = join(options.bundleDir, BUNDLE_TESTS_DIR);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(TEST_FILE_SUFFIX)).sort() : [];
  if (files.length === 0) {
    io.err(`this bundle has no tests (${BUNDLE_TESTS_DIR}/*${TEST_FILE_SUFFIX}): export the pipeline with its test file beside it`);
    return 1;
  }
  const started = performance.now();
  const suites: JUnitSuite[] = [];
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const name of files) {
    const shown = `${BUNDLE_TESTS_DIR}/${name}`;
    const loaded = await loadTestFile(join(dir, name));
    if (!loaded.ok) {
      io.out(`${shown}: ERROR the test file cannot be used`);
      for (const p of loaded.problems) io.out(`    ${p}`);
      suites.push(junitSuite(shown, [], loaded.problems));
      errors++;
      continue;
    }
    io.out(shown);
    const results = await runTestFile(loaded.loaded, {
      document: options.document,
      compileCode: options.compileCode,
      runtime: options.runtime,
      onResult: (r) => {
        io.out(`  ${testLine(r)}`);
        for (const line of failureLines(r)) io.out(line);
      },
    });
    for (const r of results) {
      if (r.status === 'passed') passed++;
      else if (r.status === 'failed') failed++;
      else errors++;
    }
    suites.push(junitSuite(shown, results));
  }
  if (options.junit !== undefined) writeFileSync(resolve(options.junit), junitXml(suites));
  io.out(`tests: ${passed} passed, ${failed} failed, ${errors} error${errors === 1 ? '' : 's'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return failed + errors > 0 ? 1 : 0;
}
