/**
 * Monaco editor for a node's code: `event` typed from the upstream sample or the declared
 * schema of a Parquet/Avro source (see `input-types.ts`), compile problems from the host shown as markers.
 */
import { useEffect, useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { monaco, setInputDeclarations } from './monaco-setup.ts';
import { inputDeclarations } from './input-types.ts';
import { declaredInput, type InputSample } from './declared-input.ts';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';
import { updateNode } from '../model/graph-edits.ts';
import type { EditorNode } from '../model/editor-document.ts';
import { useMonacoTheme } from '../theme/theme.ts';

type Model = ReturnType<typeof monaco.editor.createModel>;

function useInputRecords(node: EditorNode): Record<string, InputSample> | undefined {
  const spec = nodeTypeSpec(node.type);
  const upstream = useEditor((s) => JSON.stringify([s.doc.edges.filter((e) => e.target === node.id), s.doc.nodes.filter((n) => n.id !== node.id).map((n) => [n.id, n.config, n.code])]));
  const [records, setRecords] = useState<Record<string, InputSample>>();
  const trusted = useEditor((s) => s.trust.state === 'trusted');
  useEffect(() => {
    // Input inference runs the upstream part of the pipeline: not before it is trusted.
    if (!trusted) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      const { doc, location } = useEditor.getState();
      const ports = spec?.inputs.map((p) => p.id) ?? [];
      void Promise.all(
        ports.map((port) =>
          host()
            .inferSchema({ document: doc, baseDir: location.baseDir, nodeId: node.id, port, documentPath: location.path })
            // A Parquet or Avro source declares its schema: it types the port instead of the samples.
            .then((r) => [port, r.columns ? declaredInput(r.columns) : r.records] as const),
        ),
      )
        .then((entries) => !cancelled && setRecords(Object.fromEntries(entries)))
        .catch(() => undefined);
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [node.id, upstream, spec, trusted]);
  return records;
}

export function CodeEditor({ node }: { node: EditorNode }) {
  const monacoTheme = useMonacoTheme();
  const spec = nodeTypeSpec(node.type);
  const records = useInputRecords(node);
  const problems = useEditor((s) => s.problems);
  const [model, setModel] = useState<Model | null>(null);
  const nodeId = useRef(node.id);
  nodeId.current = node.id;

  useEffect(() => setInputDeclarations(inputDeclarations(spec?.code, records ?? {})), [records, spec]);

  useEffect(() => {
    if (!model) return;
    const markers = problems
      .filter((p) => p.nodeId === node.id && p.field === 'code')
      .map((p) => ({
        severity: monaco.MarkerSeverity.Error,
        message: `${p.code} ${p.message}`,
        startLineNumber: p.line ?? 1,
        startColumn: p.column ?? 1,
        endLineNumber: p.line ?? 1,
        endColumn: (p.column ?? 1) + 1,
      }));
    monaco.editor.setModelMarkers(model, 'tributary', markers);
  }, [model, problems, node.id]);

  const onMount: OnMount = (editor) => {
    setModel(editor.getModel());
    editor.onDidChangeModel(() => setModel(editor.getModel()));
  };
  const onChange = (value: string | undefined): void =>
    useEditor.getState().edit((doc) => updateNode(doc, nodeId.current, { code: value ?? '' }), { coalesce: `code:${nodeId.current}` });

  return (
    <div className="code-editor" data-testid="code-editor" data-input-ready={records ? 'true' : 'false'}>
      <div className="dim">{spec?.code?.contract}</div>
      <Editor
        theme={monacoTheme}
        height="220px"
        language="typescript"
        path={`file:///nodes/${node.id}.ts`}
        value={node.code ?? ''}
        onChange={onChange}
        onMount={onMount}
        options={{ minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, automaticLayout: true, quickSuggestions: true }}
      />
    </div>
  );
}
