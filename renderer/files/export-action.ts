/**
 * File → Export (toolbar button, command palette and the Electron menu's Export item): asks
 * the engine host to write the current document's job bundle (`exportBundle`, default folder
 * `exports/<pipeline name slug>` in the workspace, with the tests beside the document's file).
 * The outcome is a toast (test id `export-status`): the folder, workspace-relative, and size
 * with a "Copy path" action, or the problems that made the host refuse (kept until dismissed).
 * `useExportStatus` keeps the state, so a second export waits for the first.
 */
import { create } from 'zustand';
import { host } from '../host/get-host.ts';
import { serializeDocument } from '../model/editor-document.ts';
import { useEditor } from '../store/editor-store.ts';
import { dismissToastByKey, showToast } from '../ui/toasts.ts';

export interface ExportStatus {
  state: 'idle' | 'exporting' | 'done' | 'failed';
  /** The bundle folder after a successful export (absolute). */
  dir?: string;
}

export const useExportStatus = create<ExportStatus>()(() => ({ state: 'idle' }));

const KEY = 'export';

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Marks an export as begun (a progress toast); false when one is already going on. */
export function beginExport(text: string): boolean {
  if (useExportStatus.getState().state === 'exporting') return false;
  useExportStatus.setState({ state: 'exporting', dir: undefined }, true);
  showToast({ key: KEY, kind: 'progress', text, testId: 'export-status' });
  return true;
}

/** Ends an export with its folder: a success toast offering to copy the absolute path. */
export function exportDone(dir: string, text: string, detail?: string): void {
  useExportStatus.setState({ state: 'done', dir }, true);
  showToast({
    key: KEY,
    kind: 'success',
    text,
    detail,
    testId: 'export-status',
    action: { label: 'Copy path', run: () => void navigator.clipboard?.writeText(dir).then(() => showToast({ kind: 'info', text: `Copied ${dir}` })) },
  });
}

/** Ends an export with the host's refusal: an error toast (first line, then the problems). */
export function exportFailed(error: unknown): void {
  const [first = 'Export failed', ...rest] = (error as Error).message.split('\n');
  useExportStatus.setState({ state: 'failed' }, true);
  showToast({ key: KEY, kind: 'error', text: first, detail: rest.length > 0 ? rest.join('\n') : undefined, testId: 'export-status' });
}

/** Exports the open document; never rejects (the outcome is a toast). */
export async function exportPipeline(): Promise<void> {
  if (!beginExport('Exporting…')) return;
  const { doc, location } = useEditor.getState();
  try {
    const document = JSON.parse(serializeDocument(doc)) as unknown;
    const r = await host().exportBundle({ document, baseDir: location.baseDir, documentPath: location.path });
    exportDone(r.dir, `Exported to ${r.shown} (${kib(r.bytes)}, ${r.files.length} files)`);
  } catch (error) {
    exportFailed(error);
  }
}

/** Hides the last outcome (a new or opened document: the message belonged to the old one). */
export function dismissExportStatus(): void {
  useExportStatus.setState({ state: 'idle' }, true);
  dismissToastByKey(KEY);
}
