/** Global keyboard shortcuts (ignored while typing in a field or the code editor). */
import { useEffect } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { copySelection, deleteSelection, duplicateSelection, pasteClipboard, selectAll } from '../actions/edit-actions.ts';
import { saveDocument } from '../files/file-actions.ts';
import { startRun } from '../run/run-actions.ts';

export interface ShortcutHandlers {
  toggleHelp(): void;
  layout(): void;
  fit(): void;
  /** Opens or closes the command palette (Ctrl/Cmd+K). */
  togglePalette(): void;
}

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.closest('input, textarea, select, .monaco-editor') !== null || target.isContentEditable);
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      // Ctrl/Cmd+K works from form fields too (not in Monaco, where it starts a chord).
      if (mod && k === 'k' && !(e.target instanceof HTMLElement && e.target.closest('.monaco-editor'))) {
        e.preventDefault();
        handlers.togglePalette();
        return;
      }
      if (typing(e.target)) return;
      const s = useEditor.getState();
      let handled = true;
      if (mod && k === 'z' && !e.shiftKey) s.undo();
      else if (mod && ((k === 'z' && e.shiftKey) || k === 'y')) s.redo();
      else if (mod && k === 'c') copySelection();
      else if (mod && k === 'v') pasteClipboard();
      else if (mod && k === 'd') duplicateSelection();
      else if (mod && k === 'a') selectAll();
      else if (mod && k === 's') void saveDocument(e.shiftKey);
      else if (mod && k === 'enter') void startRun();
      else if (!mod && e.key === '?') handlers.toggleHelp();
      else if (!mod && e.shiftKey && k === 'l') handlers.layout();
      else if (!mod && e.shiftKey && k === 'f') handlers.fit();
      else if (!mod && (e.key === 'Delete' || e.key === 'Backspace') && s.selectedNodeIds.length + s.selectedEdgeIds.length > 0 && !(e.target instanceof HTMLElement && e.target.closest('.react-flow'))) deleteSelection();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handlers]);
}
