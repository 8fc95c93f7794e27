/**
 * New, open and save. In Electron they go through the preload's native dialogs; in the browser
 * a save downloads the file and an open reads an uploaded one (or an example from the host).
 */
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';
import { emptyDocument, serializeDocument, toEditorDocument } from '../model/editor-document.ts';
import { clearRecovery } from './autosave.ts';
import { leaveDocument } from '../run/run-actions.ts';
import '../shell/shell-api.ts';

const dirnameOf = (path: string): string => {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
};

/** Asks before unsaved changes are dropped; dropping them also drops their recovery copy. */
export function confirmDiscard(): boolean {
  if (!useEditor.getState().dirty) return true;
  if (!window.confirm('Discard unsaved changes?')) return false;
  clearRecovery();
  return true;
}

export function newDocument(): void {
  if (!confirmDiscard()) return;
  leaveDocument();
  useEditor.getState().openDocument(emptyDocument(), { baseDir: '.' }, { state: 'trusted' });
}

/**
 * Opens a document from its text; `path` is where it came from (for relative paths and saving).
 * Its code does not run until its folder is trusted: the host says whether it is; an uploaded
 * file (no path) starts untrusted.
 */
export function openText(text: string, path: string | undefined, baseDir: string): void {
  const doc = toEditorDocument(JSON.parse(text));
  leaveDocument();
  useEditor.getState().openDocument(doc, { path, baseDir }, path === undefined ? { state: 'untrusted' } : { state: 'checking' });
  if (path === undefined) return;
  void host()
    .trustStatus({ path })
    .then(
      (r) => r.trusted ? { state: 'trusted' as const } : { state: 'untrusted' as const, folder: r.folder },
      () => ({ state: 'untrusted' as const }),
    )
    .then((trust) => {
      if (useEditor.getState().location.path === path) useEditor.getState().setTrust(trust);
    });
}

/** The user trusts the open document: its folder from now on, or (uploaded) this document. */
export async function trustDocument(): Promise<void> {
  const { location, setTrust } = useEditor.getState();
  if (location.path !== undefined) await host().trust({ path: location.path });
  setTrust({ state: 'trusted' });
}

export async function openExample(path: string): Promise<void> {
  if (!confirmDiscard()) return;
  const { text } = await host().readFile({ path });
  openText(text, path, dirnameOf(path));
}

/** Electron: the native dialog. Web: the caller shows a file input and passes the file. */
export async function openWithDialog(): Promise<boolean> {
  const shell = window.tributaryShell;
  if (!shell) return false;
  if (!confirmDiscard()) return true;
  const file = await shell.openFile();
  if (file) openText(file.text, file.path, dirnameOf(file.path));
  return true;
}

export async function openUploaded(file: File): Promise<void> {
  if (!confirmDiscard()) return;
  openText(await file.text(), undefined, useEditor.getState().location.baseDir);
}

function fileNameOf(name: string): string {
  return `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'pipeline'}.pipeline.json`;
}

export async function saveDocument(saveAs = false): Promise<void> {
  const { doc, location, markSaved } = useEditor.getState();
  const text = serializeDocument(doc);
  const shell = window.tributaryShell;
  if (shell) {
    const absolute = location.path !== undefined && (location.path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(location.path));
    const saved = absolute && !saveAs ? await shell.saveFile(location.path as string, text) : await shell.saveFileAs(fileNameOf(doc.name), text);
    if (!saved) return;
    markSaved({ path: saved.path, baseDir: dirnameOf(saved.path) });
  } else {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = location.path?.split('/').pop() ?? fileNameOf(doc.name);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    markSaved();
  }
  clearRecovery();
}
