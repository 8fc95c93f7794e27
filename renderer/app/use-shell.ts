/** Electron only: the window title (file name + unsaved marker) and native menu actions. */
import { useEffect } from 'react';
import { useEditor } from '../store/editor-store.ts';
import { handleMenuAction } from './menu-actions.ts';
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
    return shell.onMenu((action, arg) => handleMenuAction(action, arg, shell));
  }, []);
}
