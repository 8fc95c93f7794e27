/**
 * Monaco, bundled: the editor and its TypeScript and FlinkSQL workers come from local packages
 * (monaco-editor, monaco-sql-languages; never a CDN, the CSP would refuse one anyway).
 */
import * as monaco from 'monaco-editor';
import { loader } from '@monaco-editor/react';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
// FlinkSQL (monaco-sql-languages): dt-sql-parser's grammar runs in this worker, for completion.
import FlinkSqlWorker from 'monaco-sql-languages/esm/languages/flink/flink.worker?worker';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) =>
    label === 'typescript' || label === 'javascript' ? new TsWorker() : label === 'flinksql' ? new FlinkSqlWorker() : new EditorWorker(),
};

const ts = monaco.typescript;
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ES2020,
  allowNonTsExtensions: true,
  strict: false,
  noImplicitAny: false,
  lib: ["es2020"],
});
ts.typescriptDefaults.setDiagnosticsOptions({
  noSemanticValidation: false,
  noSyntaxValidation: false,
  // An expression body may `return` at top level; node models may declare the same functions.
  diagnosticCodesToIgnore: [1108, 2393, 2451, 2300, 1375, 1378],
});
ts.typescriptDefaults.setEagerModelSync(true);

loader.config({ monaco });

let inputLib: monaco.IDisposable | undefined;

/** Declares the current node's parameters (`event: Input`, ...) for IntelliSense. */
export function setInputDeclarations(source: string): void {
  inputLib?.dispose();
  inputLib = ts.typescriptDefaults.addExtraLib(source, 'file:///tributary/input.d.ts');
}

export { monaco };
