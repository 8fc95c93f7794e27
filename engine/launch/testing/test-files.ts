/**
 * Finding and reading pipeline test files: `tributary test [FILES or folders]` takes test files,
 * pipelines (their `NAME.pipeline.test.json` beside) and folders (searched recursively, without
 * `node_modules` and dot folders). A test file is read as JSON (syntax errors with line:column),
 * checked against its schema (every problem with its place), and its pipeline file read beside.
 * No code compiler here: exported bundles use it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseJson } from '../../pipeline/json-text.ts';
import { defaultPipelineName, parseTestFile, TEST_FILE_SUFFIX, testFileNameFor, type PipelineTestFile } from '../../pipeline/pipeline-test.ts';

/** A test file, checked, with its pipeline read (not yet validated: the launcher does that). */
export interface LoadedTestFile {
  path: string;
  /** The file as written (for `--update`, which keeps everything it does not rewrite). */
  raw: Record<string, unknown>;
  file: PipelineTestFile;
  pipelinePath: string;
  /** The pipeline document as parsed from its file. */
  pipeline: unknown;
}

export type LoadTestFileResult = { ok: true; loaded: LoadedTestFile } | { ok: false; path: string; problems: string[] };

async function readJson(path: string, what: string): Promise<{ ok: true; value: unknown } | { ok: false; problem: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}` };
  }
  const parsed = parseJson(text);
  if (parsed.ok) return parsed;
  const p = parsed.problem;
  return { ok: false, problem: `${what} ${path}${p.line !== undefined ? ` line ${p.line}:${p.column ?? 1}` : ''}: not valid JSON: ${p.message}` };
}

/** Reads and checks a test file and reads its pipeline. */
export async function loadTestFile(path: string): Promise<LoadTestFileResult> {
  const abs = resolve(path);
  const json = await readJson(abs, 'test file');
  if (!json.ok) return { ok: false, path: abs, problems: [json.problem] };
  const checked = parseTestFile(json.value);
  if (!checked.ok) return { ok: false, path: abs, problems: checked.problems.map((p) => `${p.path}: ${p.message}`) };
  const name = checked.file.pipeline ?? defaultPipelineName(abs);
  if (name === undefined) return { ok: false, path: abs, problems: [`pipeline: the file is not named NAME${TEST_FILE_SUFFIX}, so it must say which pipeline it tests ("pipeline": "NAME.pipeline.json")`] };
  const pipelinePath = resolve(dirname(abs), name);
  const pipeline = await readJson(pipelinePath, 'pipeline');
  if (!pipeline.ok) return { ok: false, path: abs, problems: [pipeline.problem] };
  return { ok: true, loaded: { path: abs, raw: json.value as Record<string, unknown>, file: checked.file, pipelinePath, pipeline: pipeline.value } };
}

/**
 * The test files named by `paths`: test files as given, a pipeline's test file beside it, and
 * every test file below a folder (sorted). @throws Error for a path that does not exist, or a
 * pipeline without a test file.
 */
export function findTestFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 12) return;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, depth + 1);
      else if (entry.name.endsWith(TEST_FILE_SUFFIX)) found.push(path);
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) throw new Error(`${p}: no such file or folder`);
    if (statSync(abs).isDirectory()) walk(abs, 0);
    else if (abs.endsWith(TEST_FILE_SUFFIX)) found.push(abs);
    else if (abs.endsWith('.pipeline.json')) {
      const sibling = join(dirname(abs), testFileNameFor(abs));
      if (!existsSync(sibling)) throw new Error(`${p}: no test file beside it (${testFileNameFor(abs)})`);
      found.push(sibling);
    } else throw new Error(`${p}: not a test file (*${TEST_FILE_SUFFIX}), a pipeline or a folder`);
  }
  return [...new Set(found)];
}
