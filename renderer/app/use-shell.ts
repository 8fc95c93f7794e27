/** Electron only: the window title (file name + unsaved marker) and native menu actions. */
import { useEffect } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { newDocument, openText, openWithDialog, saveDocument } from '../files/file-actions.ts';
import '../shell/shell-api.ts';

export function useShell(): void {
  const path = useEditor((s) => s.location.path);
  const name = useEditor((s) => s.doc.name);
  const dirty = useEditor((s) => s.dirty);
  useEffect(() => {
    const title = `${path?.split(/[\\/]/).pop() ?? name}`;
    document.title = `${title}${dirty ? ' •' : ''} — Tributary`;
    void window.tributaryShell?.setTitle(title, dirty);
  }, [path, name, dirty]);
  useEffect(() => {
    const shell = window.tributaryShell;
    if (!shell) return;
    return shell.onMenu((action, arg) => {
      if (action === 'new') newDocument();
      else if (action === 'open') void openWithDialog();
      else if (action === 'save') void saveDocument();
      else if (action === 'saveAs' || action === 'export') void saveDocument(true);
      else if (action === 'openRecent' && arg) void shell.openRecent(arg).then((f) => f && openText(f.text, f.path, f.path.replace(/[\\/][^\\/]*$/, '')));
    });
  }, []);
}
