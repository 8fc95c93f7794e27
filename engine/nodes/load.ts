/**
 * Reading a `*.pipeline.json` file: JSON syntax errors with line:column, then
 * `validateDocument` with the node catalog and the engine's code compiler (esbuild and acorn:
 * code is compiled and inspected, never run). Node-only (reads files).
 */
import { readFile } from 'node:fs/promises';
import { compileUserCode } from '../udf/compile.ts';
import type { Problem } from '../pipeline/problems.ts';
import { validateDocument, type CodeCompiler, type ValidPipeline } from '../pipeline/validate.ts';
import { applyOverrides } from '../pipeline/overrides.ts';
import { parseJson } from '../pipeline/json-text.ts';
import { CATALOG } from './catalog.ts';
import { checkConfigOf } from './registry.ts';

export { applyOverrides, parseJson };

export type LoadResult =
  | { ok: true; pipeline: ValidPipeline }
  | { ok: false; kind: 'unreadable'; message: string }
  | { ok: false; kind: 'invalid'; problems: Problem[] };

/**
 * Validates a parsed document with the catalog, code compilation and the node types' config
 * checks (a sql node's query against its inputs' schemas): the engine's full check. `compileCode` replaces the compiler (exported bundles look up code compiled at export).
 */
export function validatePipeline(raw: unknown, compileCode: CodeCompiler = compileUserCode): ReturnType<typeof validateDocument> {
  return validateDocument(raw, { catalog: CATALOG, compileCode, checkConfig: checkConfigOf });
}

/** A pipeline file read and parsed, not yet validated. */
export type ReadResult =
  | { ok: true; raw: unknown }
  | { ok: false; kind: 'unreadable'; message: string }
  | { ok: false; kind: 'invalid'; problems: Problem[] };

/**
 * Reads a pipeline file and parses its JSON, then applies `--set` overrides (see
 * `applyOverrides`). @returns `unreadable` when the file cannot be read, `invalid` with a TRB001
 * (JSON syntax, with line:column) or a TRB005 (bad override), or the raw document.
 */
export async function readPipelineFile(path: string, overrides: readonly string[] = []): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.message;
    return { ok: false, kind: 'unreadable', message: `cannot read ${path}: ${why}` };
  }
  const json = parseJson(text);
  if (!json.ok) return { ok: false, kind: 'invalid', problems: [json.problem] };
  try {
    return { ok: true, raw: overrides.length > 0 ? applyOverrides(json.value, overrides) : json.value };
  } catch (error) {
    return { ok: false, kind: 'invalid', problems: [{ code: 'TRB005', message: (error as Error).message }] };
  }
}

/**
 * Reads and validates a pipeline file, after applying `--set` overrides (see `applyOverrides`).
 * @returns `unreadable` when the file cannot be read, `invalid` with every problem, or the
 *   valid pipeline.
 */
export async function loadPipelineFile(path: string, overrides: readonly string[] = []): Promise<LoadResult> {
  const read = await readPipelineFile(path, overrides);
  if (!read.ok) return read;
  const result = validatePipeline(read.raw);
  return result.ok ? result : { ok: false, kind: 'invalid', problems: result.problems };
}
