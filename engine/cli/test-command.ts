/**
 * `tributary test [FILES or folders] [--junit FILE] [--update] [--trust] [--json] [--rows N]`:
 * runs pipeline test files (`NAME.pipeline.test.json`), each test one deterministic run, and
 * prints a line per test and, for a failure, the diff of each differing output (missing,
 * unexpected and changed rows). `--update` rewrites the expected records with what the runs
 * wrote (snapshot tests). The tests run the pipelines' code: each pipeline's folder must be
 * trusted (or `--trust`). Exit codes: 0 every test passed (or was updated); 1 a test failed or
 * could not run, an untrusted or unreadable test file, or no test file found; 2 bad usage.
 */
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { jobRuntime } from '../launch/runtime-bundle.ts';
import { failureLines, junitSuite, testLine } from '../launch/testing/report.ts';
import { runTestFile, type TestCaseResult } from '../launch/testing/run-tests.ts';
import { updatedTestFile } from '../launch/testing/snapshot.ts';
import { findTestFiles, loadTestFile } from '../launch/testing/test-files.ts';
import { isPipelineTrusted, untrustedMessage } from '../launch/trust.ts';
import { compileUserCode } from '../udf/compile.ts';
import type { Io } from './io.ts';
import { junitXml } from '../launch/testing/junit.ts';

export interface TestCommandOptions {
  junit?: string;
  update?: boolean;
  trust?: boolean;
  json?: boolean;
  /** Rows of each kind shown per differing output (default 5), or `all`. */
  rows?: string;
}

interface FileReport {
  path: string;
  pipeline?: string;
  /** Why the file's tests did not run. */
  problems?: string[];
  tests: TestCaseResult[];
}

function shownRows(text: string | undefined): number | undefined {
  if (text === undefined) return 5;
  if (text === 'all') return Infinity;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** `tributary test`. @returns the exit code. */
export async function testCommand(io: Io, paths: readonly string[], options: TestCommandOptions): Promise<number> {
  const shown = shownRows(options.rows);
  if (shown === undefined) {
    io.err(`--rows takes a number or "all", not "${options.rows}"`);
    return 2;
  }
  let files: string[];
  try {
    files = findTestFiles(paths.length > 0 ? paths : ['.']);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }
  if (files.length === 0) {
    io.err(`no test files (*.pipeline.test.json) in ${paths.length > 0 ? paths.join(', ') : 'this folder'}`);
    return 1;
  }
  const started = performance.now();
  const shownPath = (p: string): string => relative(process.cwd(), p) || p;
  const reports: FileReport[] = [];
  for (const file of files) {
    const loaded = await loadTestFile(file);
    if (!loaded.ok) {
      reports.push({ path: file, problems: loaded.problems, tests: [] });
      if (!options.json) {
        io.out(`${shownPath(file)}: ERROR the test file cannot be used`);
        for (const p of loaded.problems) io.out(`    ${p}`);
      }
      continue;
    }
    const { loaded: test } = loaded;
    const name = (test.pipeline as { name?: unknown } | null)?.name;
    if (!options.json) io.out(`${shownPath(file)}${typeof name === 'string' ? ` (${name})` : ''}`);
    if (!options.trust && !isPipelineTrusted(test.pipelinePath)) {
      const message = untrustedMessage(shownPath(test.pipelinePath));
      reports.push({ path: file, pipeline: test.pipelinePath, problems: [message], tests: [] });
      if (!options.json) io.out(`  ERROR ${message}`);
      continue;
    }
    const results = await runTestFile(test, {
      compileCode: compileUserCode,
      runtime: jobRuntime(),
      shown,
      keepActual: options.update,
      onResult: (r) => {
        if (options.json) return;
        io.out(`  ${testLine(r)}`);
        if (r.status !== 'passed' && !(options.update && r.status === 'failed')) for (const line of failureLines(r)) io.out(line);
      },
    });
    reports.push({ path: file, pipeline: test.pipelinePath, tests: results });
    if (options.update) {
      const actual = results.map((r) => (r.status === 'error' ? undefined : r.actual));
      const changed = results.filter((r) => r.status === 'failed').length;
      if (changed > 0) {
        writeFileSync(file, JSON.stringify(updatedTestFile(test.raw, actual), null, 2) + '\n');
        if (!options.json) io.out(`  updated ${changed} test${changed === 1 ? '' : 's'} in ${shownPath(file)}`);
      }
    }
  }
  const all = reports.flatMap((r) => r.tests);
  const count = (s: TestCaseResult['status']): number => all.filter((t) => t.status === s).length;
  const unusable = reports.filter((r) => r.problems).length;
  if (options.junit) {
    writeFileSync(options.junit, junitXml(reports.map((r) => junitSuite(shownPath(r.path), r.tests, r.problems))));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const failed = count('failed');
  const errors = count('error') + unusable;
  if (options.json) {
    const strip = (t: TestCaseResult): Omit<TestCaseResult, 'actual'> => {
      const { actual: _actual, ...rest } = t;
      return rest;
    };
    io.out(JSON.stringify({ passed: count('passed'), failed, errors, updated: options.update === true, files: reports.map((r) => ({ ...r, tests: r.tests.map(strip) })) }, null, 2));
  } else io.out(`tests: ${count('passed')} passed, ${failed} ${options.update ? 'updated' : 'failed'}, ${errors} error${errors === 1 ? '' : 's'} (${files.length} file${files.length === 1 ? '' : 's'}, ${seconds} s)`);
  if (errors > 0) return 1;
  return failed > 0 && !options.update ? 1 : 0;
}
