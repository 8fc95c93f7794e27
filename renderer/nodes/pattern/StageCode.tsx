/**
 * A small Monaco editor for one stage's code field (`condition` or `until`): TypeScript over
 * `event` and `ctx`, with the validation problems of that field as markers.
 */
import { useEffect, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { monaco } from '../../inspector/monaco-setup.ts';
import type { ProtocolProblem as Problem } from '../../../engine/host/protocol.ts';
import { useMonacoTheme } from '../../theme/theme.ts';

type Model = ReturnType<typeof monaco.editor.createModel>;

let patternLib: monaco.IDisposable | undefined;

/** `event` and `ctx` as a pattern condition sees them (`Input` comes from the node's inputs). */
function declarePatternContext(): void {
  patternLib ??= monaco.typescript.typescriptDefaults.addExtraLib(
    [
      'interface PatternContext { matched(stage: string): Input[]; readonly timestamp: number; readonly key: string }',
      'declare const event: Input;',
      'declare const ctx: PatternContext;',
    ].join('\n'),
    'file:///tributary/pattern-condition.d.ts',
  );
}

export function StageCode(props: { nodeId: string; field: string; value: string; problems: readonly Problem[]; onChange(code: string): void; testId: string }) {
  const { nodeId, field, value, problems, onChange, testId } = props;
  const monacoTheme = useMonacoTheme();
  const [model, setModel] = useState<Model | null>(null);
  useEffect(declarePatternContext, []);
  useEffect(() => {
    if (!model) return;
    const markers = problems
      .filter((p) => p.field === field)
      .map((p) => ({
        severity: monaco.MarkerSeverity.Error,
        message: `${p.code} ${p.message}`,
        startLineNumber: p.line ?? 1,
        startColumn: p.column ?? 1,
        endLineNumber: p.line ?? 1,
        endColumn: (p.column ?? 1) + 1,
      }));
    monaco.editor.setModelMarkers(model, 'tributary', markers);
  }, [model, problems, field]);
  const onMount: OnMount = (editor) => setModel(editor.getModel());
  return (
    <div className="stage-code" data-testid={testId}>
      <Editor
        theme={monacoTheme}
        height="54px"
        language="typescript"
        path={`file:///nodes/${nodeId}/${field.replace(/[[\].]/g, '_')}.ts`}
        value={value}
        onChange={(v) => onChange(v ?? '')}
        onMount={onMount}
        options={{ minimap: { enabled: false }, fontSize: 12, lineNumbers: 'off', scrollBeyondLastLine: false, automaticLayout: true, folding: false, glyphMargin: false }}
      />
    </div>
  );
}
