/**
 * Monaco's FlinkSQL language from monaco-sql-languages: highlighting (its Monarch tokens) and
 * completion from dt-sql-parser's FlinkSQL grammar in the library's worker, given our items
 * (`sql-completion.ts`) for the tables of the model's node. Its own syntax diagnostics are off:
 * the host's validation marks the query's problems (syntax errors included) at line:column, so
 * an error is underlined once, with the engine's message.
 */
import 'monaco-sql-languages/esm/languages/flink/flink.contribution';
import { LanguageIdEnum, setupLanguageFeatures, type CompletionService, type ICompletionItem } from 'monaco-sql-languages';
import { monaco } from '../inspector/monaco-setup.ts';
import { sqlCompletions, type SqlCompletion, type SqlTable } from './sql-completion.ts';

export const FLINK_SQL = LanguageIdEnum.FLINK;

/** By model URI: the tables its query reads. */
const tablesByModel = new Map<string, readonly SqlTable[]>();

/** Sets the tables a model's query can name (the node's inputs); `undefined` forgets them. */
export function setQueryTables(uri: string, tables: readonly SqlTable[] | undefined): void {
  if (tables) tablesByModel.set(uri, tables);
  else tablesByModel.delete(uri);
}

const KINDS: Record<SqlCompletion['kind'], monaco.languages.CompletionItemKind> = {
  keyword: monaco.languages.CompletionItemKind.Keyword,
  table: monaco.languages.CompletionItemKind.Class,
  column: monaco.languages.CompletionItemKind.Field,
};

const completionService: CompletionService = async (model, position, _context, suggestions, entities) =>
  sqlCompletions(
    tablesByModel.get(model.uri.toString()) ?? [],
    suggestions,
    entities,
    model.getValue(),
    model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column }),
  ).map(
    (c): ICompletionItem => ({ label: c.label, kind: KINDS[c.kind], sortText: c.sortText, ...(c.detail ? { detail: c.detail } : {}) }),
  );

setupLanguageFeatures(FLINK_SQL, {
  completionItems: { enable: true, completionService },
  diagnostics: false,
  definitions: false,
  references: false,
  hover: false,
});
