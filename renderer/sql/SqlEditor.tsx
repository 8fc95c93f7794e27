/**
 * The inspector's part for a node whose config holds a Flink SQL query (`capabilities.sqlQuery`,
 * the sql node): the query in Monaco with FlinkSQL highlighting and completion of the node's
 * input tables, their columns and types (validation's schemas); the query's problems (TRB020:
 * syntax, names, types, refused constructs) underlined at their line:column; then the schemas
 * validation resolved: each input table and the query's output, columns with their SQL types,
 * "inferred" where a type was guessed from sample records.
 */
import { useEffect, useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { monaco } from '../inspector/monaco-setup.ts';
import { FLINK_SQL, setQueryTables } from './flink-sql-language.ts';
import { useEditor } from '../store/editor-store.ts';
import { updateNode } from '../model/graph-edits.ts';
import type { EditorNode } from '../model/editor-document.ts';
import type { ProtocolNodeSchemas } from '../../engine/host/protocol.ts';
import { ROWTIME } from './sql-completion.ts';
import { useMonacoTheme } from '../theme/theme.ts';

type Model = ReturnType<typeof monaco.editor.createModel>;
type Columns = ProtocolNodeSchemas['inputs'][string];

/** Columns with their types, "inferred" marked. */
function SchemaTable({ columns, testId }: { columns: Columns; testId: string }) {
  return (
    <table className="schema-table" data-testid={testId}>
      <tbody>
        {columns.map((c) => (
          <tr key={c.name}>
            <td>{c.name}</td>
            <td className="dim">
              {c.type}
              {c.inferred ? ' (inferred)' : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SqlEditor({ node, field }: { node: EditorNode; field: string }) {
  const monacoTheme = useMonacoTheme();
  const problems = useEditor((s) => s.problems);
  const schemas = useEditor((s) => s.schemas[node.id]);
  const [model, setModel] = useState<Model | null>(null);
  const nodeId = useRef(node.id);
  nodeId.current = node.id;
  const query = typeof node.config[field] === 'string' ? (node.config[field] as string) : '';

  useEffect(() => {
    if (!model) return;
    const uri = model.uri.toString();
    setQueryTables(uri, Object.entries(schemas?.inputs ?? {}).map(([name, columns]) => ({ name, columns })));
    return () => setQueryTables(uri, undefined);
  }, [model, schemas]);

  useEffect(() => {
    if (!model) return;
    const markers = problems
      .filter((p) => p.nodeId === node.id && p.field === field)
      .map((p) => {
        const line = Math.min(Math.max(p.line ?? 1, 1), model.getLineCount());
        const column = p.column ?? 1;
        // Underline the word the problem points at (at least one character).
        const word = model.getWordAtPosition({ lineNumber: line, column });
        return {
          severity: monaco.MarkerSeverity.Error,
          message: `${p.code} ${p.message}`,
          startLineNumber: line,
          startColumn: column,
          endLineNumber: line,
          endColumn: Math.max(word && word.startColumn <= column ? word.endColumn : column + 1, column + 1),
        };
      });
    monaco.editor.setModelMarkers(model, 'tributary', markers);
  }, [model, problems, node.id, field]);

  const onMount: OnMount = (editor) => {
    setModel(editor.getModel());
    editor.onDidChangeModel(() => setModel(editor.getModel()));
  };
  const onChange = (value: string | undefined): void =>
    useEditor.getState().edit(
      (doc) => {
        const current = doc.nodes.find((n) => n.id === nodeId.current);
        return current ? updateNode(doc, current.id, { config: { ...current.config, [field]: value ?? '' } }) : doc;
      },
      { coalesce: `sql:${nodeId.current}` },
    );

  const inputs = Object.entries(schemas?.inputs ?? {});
  return (
    <div className="code-editor" data-testid="sql-editor">
      <div className="dim">Flink SQL: each input is a table named by its edge, with a `rowtime` column (the event time).</div>
      <Editor
        theme={monacoTheme}
        height="220px"
        language={FLINK_SQL}
        path={`file:///nodes/${node.id}.sql`}
        value={query}
        onChange={onChange}
        onMount={onMount}
        options={{ minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, automaticLayout: true, quickSuggestions: true, wordBasedSuggestions: 'off' }}
      />
      {inputs.map(([name, columns]) => (
        <div key={name}>
          <div className="field-label">table {name}</div>
          <SchemaTable columns={columns.some((c) => c.name === ROWTIME.name) ? columns : [...columns, ROWTIME]} testId={`sql-input-${name}`} />
        </div>
      ))}
      <div className="field-label">output</div>
      {schemas?.output ? <SchemaTable columns={schemas.output} testId="sql-output-schema" /> : <div className="dim">unknown until the query compiles</div>}
    </div>
  );
}
