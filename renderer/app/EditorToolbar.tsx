/**
 * The top bar: file actions (New, Open, Save, Export…, Export to Flink…, Check against Flink,
 * Run tests, Accept as golden, Compare with saved), undo/redo, layout, peek, the command
 * palette, the theme and help, and the run controls. Icon-only buttons carry an aria-label
 * and a tooltip with their shortcut; every action is also in the command palette (Ctrl/Cmd+K).
 */
import { Command, FilePlus, Keyboard, LayoutGrid, Maximize, Redo2, Save, Undo2, Waypoints } from 'lucide-react';
import { useEditor } from '../store/editor-store.ts';
import { newDocument, saveDocument } from '../files/file-actions.ts';
import { OpenButton } from '../files/OpenButton.tsx';
import { ExportButton } from '../files/ExportButton.tsx';
import { FlinkButtons } from '../flink/FlinkButtons.tsx';
import { TestsButtons } from '../tests/TestsButtons.tsx';
import { RunToolbar } from '../run/RunToolbar.tsx';
import { ThemeToggle } from '../theme/ThemeToggle.tsx';

const ICON = 15;

/** `togglePalette` opens the command palette. */
export function EditorToolbar({ layout, fit, toggleHelp, togglePalette }: { layout(): void; fit(): void; toggleHelp(): void; togglePalette(): void }) {
  const name = useEditor((s) => s.doc.name);
  const dirty = useEditor((s) => s.dirty);
  const peekAll = useEditor((s) => s.peekAll);
  const togglePeek = useEditor((s) => s.togglePeek);
  const undo = useEditor((s) => s.undo);
  const redo = useEditor((s) => s.redo);
  return (
    <header className="toolbar">
      <strong className="doc-title" data-testid="doc-title">
        <Waypoints size={18} className="brand-mark" aria-hidden="true" />
        {name}
        {dirty ? ' •' : ''}
      </strong>
      <button type="button" onClick={newDocument} data-testid="new-button" title="New pipeline">
        <FilePlus size={ICON} aria-hidden="true" /> New
      </button>
      <OpenButton />
      <button type="button" onClick={() => void saveDocument()} data-testid="save-button" title="Save (Ctrl+S)">
        <Save size={ICON} aria-hidden="true" /> Save
      </button>
      <ExportButton />
      <span className="sep" />
      <FlinkButtons />
      <TestsButtons />
      <span className="sep" />
      <button type="button" className="icon-button" onClick={undo} data-testid="undo-button" title="Undo (Ctrl+Z)" aria-label="Undo">
        <Undo2 size={ICON} aria-hidden="true" />
      </button>
      <button type="button" className="icon-button" onClick={redo} data-testid="redo-button" title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
        <Redo2 size={ICON} aria-hidden="true" />
      </button>
      <button type="button" className="icon-button" onClick={layout} data-testid="layout-button" title="Auto-layout (Shift+L)" aria-label="Auto-layout">
        <LayoutGrid size={ICON} aria-hidden="true" />
      </button>
      <button type="button" className="icon-button" onClick={fit} data-testid="fit-button" title="Zoom to fit (Shift+F)" aria-label="Zoom to fit">
        <Maximize size={ICON} aria-hidden="true" />
      </button>
      <label className="peek-all" title="Show each node's latest records on the node">
        <input type="checkbox" checked={peekAll} onChange={() => togglePeek()} data-testid="peek-all" /> peek all
      </label>
      <span className="sep" />
      <RunToolbar />
      <span className="spacer" />
      <button type="button" className="command-button" onClick={togglePalette} data-testid="command-palette-button" title="Command palette (Ctrl+K)" aria-label="Command palette, Ctrl K">
        <Command size={ICON} aria-hidden="true" /> <kbd>Ctrl K</kbd>
      </button>
      <ThemeToggle />
      <button type="button" className="icon-button" onClick={toggleHelp} data-testid="help-button" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
        <Keyboard size={ICON} aria-hidden="true" />
      </button>
    </header>
  );
}
