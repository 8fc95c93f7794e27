/**
 * User code compiled at export time, so an exported bundle validates and runs its pipeline
 * without esbuild. The exporter validates with a recording compiler (`recordingCompiler`); the
 * bundle validates with `lookupCompiler`, which returns the recorded JavaScript for the same
 * code and contract, and reports code that was edited after export as a TRB011 problem.
 * Nothing here imports the compiler: it is passed in.
 */
import type { CodeCompiler } from '../pipeline/validate.ts';
import type { CodeSpec } from '../pipeline/node-spec.ts';

/** Compiled JavaScript by `compiledKey`. */
export type CompiledCode = Record<string, string>;

/** The key of one compilation: the contract (kind, parameters, exports) and the code. */
export function compiledKey(code: string, spec: CodeSpec): string {
  return JSON.stringify([spec.kind, spec.params, (spec.exports ?? []).map((e) => e.name), code]);
}

/** Wraps `compile` so every successful compilation is kept in `table`. */
export function recordingCompiler(compile: CodeCompiler): { compile: CodeCompiler; table: CompiledCode } {
  const table: CompiledCode = {};
  return {
    table,
    compile(code, spec) {
      const result = compile(code, spec);
      if (result.ok) table[compiledKey(code, spec)] = result.js;
      return result;
    },
  };
}

/** A compiler that only knows the code compiled at export. */
export function lookupCompiler(table: Readonly<CompiledCode>): CodeCompiler {
  return (code, spec) => {
    const js = table[compiledKey(code, spec)];
    if (js !== undefined) return { ok: true, js };
    return { ok: false, errors: [{ line: 1, column: 1, message: 'this code was changed after the bundle was exported; export the pipeline again' }] };
  };
}
