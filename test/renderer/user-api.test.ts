/**
 * The code editor's types are the engine's own (`engine/udf/user-api.ts`, given to Monaco by
 * `user-api-lib.ts`): every node type's template and the code of every example pipeline
 * type-check against them with the editor's settings, and wrong use of the API does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES } from '../../engine/nodes/catalog.ts';
import type { CodeSpec, NodeTypeSpec } from '../../engine/pipeline/node-spec.ts';
import { inputDeclarations } from '../../renderer/inspector/input-types.ts';
import { REPO } from '../cli/run-cli.ts';

/** Diagnostics the editor ignores too (renderer/inspector/monaco-setup.ts): top-level `return`, duplicate functions. */
const IGNORED = new Set([1108, 2393, 2451, 2300, 1375, 1378]);

/** A flights sample, as the editor derives `Input` from the records that reached a node. */
const FLIGHTS = { in: [{ delay: 1, origin: 'DTW', date: '2001/01/01 00:00' }] };

/**
 * Type errors of `code` for a node with `spec`, as the editor would show them with `sample` as
 * the records seen at its input (none: `Input` is `Record<string, any>`, as before a run).
 */
function typeErrors(code: string, spec: CodeSpec, sample: Record<string, Record<string, unknown>[]> = FLIGHTS): string[] {
  const declarations = inputDeclarations(spec, sample);
  const files: Record<string, string> = { 'decl.d.ts': declarations, 'user.ts': code };
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2020, lib: ['lib.es2020.d.ts'], strict: false, noImplicitAny: false, noEmit: true, isolatedModules: false, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => (files[f] ?? read(f));
  host.fileExists = (f) => f in files || ts.sys.fileExists(f);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (f, v) => (f in files ? ts.createSourceFile(f, files[f] as string, v) : getSource(f, v));
  const program = ts.createProgram(['decl.d.ts', 'user.ts'], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !IGNORED.has(d.code))
    .map((d) => `${d.file?.fileName ?? ''} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('the code editor’s user-code types', () => {
  it('accept every node type’s template', () => {
    for (const spec of Object.values(NODE_TYPES) as NodeTypeSpec[]) {
      if (!spec.code) continue;
      // Templates are written for different data (flights, logins), so they are checked as the
      // editor first shows them: before a run, with no sample.
      expect(typeErrors(spec.code.template, spec.code, {}), spec.type).toEqual([]);
    }
  });

  it('accept the code of every example pipeline', () => {
    const dir = join(REPO, 'examples');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pipeline.json'));
    let checked = 0;
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { nodes: { id: string; type: string; code?: string }[] };
      for (const n of doc.nodes) {
        const spec = (NODE_TYPES as Record<string, NodeTypeSpec>)[n.type]?.code;
        if (!spec || !n.code) continue;
        expect(typeErrors(n.code, spec, {}), `${f} ${n.id}`).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('refuse wrong use of the API: state of the wrong type, a timer without a time, a missing method', () => {
    const spec = NODE_TYPES.process.code as CodeSpec;
    const wrong = [
      "function onEvent(event: Input, ctx: ProcessContext) { ctx.state.value<number>('n').set('one'); }",
      'function onEvent(event: Input, ctx: ProcessContext) { ctx.timers.registerEventTime(); }',
      'function onEvent(event: Input, ctx: ProcessContext) { ctx.emitt(event); }',
    ];
    for (const code of wrong) expect(typeErrors(code, spec).length, code).toBeGreaterThan(0);
  });
});
