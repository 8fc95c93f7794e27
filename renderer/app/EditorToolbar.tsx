/** The top bar: file actions (New, Open, Save, Export…, Export to Flink…, Check against Flink), layout, peek, help, and the run controls. */
import { useEditor } from '../store/editor-store.ts';
import { newDocument, saveDocument } from '../files/file-actions.ts';
import { OpenButton } from '../files/OpenButton.tsx';
import { ExportButton } from '../files/ExportButton.tsx';
import { FlinkButtons } from '../flink/FlinkButtons.tsx';
import { RunToolbar } from '../run/RunToolbar.tsx';

export function EditorToolbar({ layout, fit, toggleHelp }: { layout(): void; fit(): void; toggleHelp(): void }) {
  const name = useEditor((s) => s.doc.name);
  const dirty = useEditor((s) => s.dirty);
  const peekAll = useEditor((s) => s.peekAll);
  const togglePeek = useEditor((s) => s.togglePeek);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);
  return (
    <header className="toolbar">
      <strong className="doc-title" data-testid="doc-title">
        {name}
        {dirty ? ' •' : ''}
      </strong>
      <button type="button" onClick={newDocument} data-testid="new-button">New</button>
      <OpenButton />
      <button type="button" onClick={() => void saveDocument()} data-testid="save-button">Save</button>
      <ExportButton />
      <FlinkButtons />
      <span className="sep" />
      <button type="button" onClick={undo} data-testid="undo-button" title="Ctrl+Z">↶</button>
      <button type="button" onClick={redo} data-testid="redo-button" title="Ctrl+Shift+Z">↷</button>
      <button type="button" onClick={layout} data-testid="layout-button" title="Shift+L">Auto-layout</button>
      <button type="button" onClick={fit} data-testid="fit-button" title="Shift+F">Fit</button>
      <label className="peek-all">
        <input type="checkbox" checked={peekAll} onChange={() => togglePeek()} data-testid="peek-all" /> peek all
      </label>
      <button type="button" onClick={toggleHelp} data-testid="help-button" title="?">?</button>
      <span className="sep" />
      <RunToolbar />
    </header>
  );
}
