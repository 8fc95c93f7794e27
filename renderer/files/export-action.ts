/**
 * File → Export (toolbar button and the Electron menu's Export item): asks the engine host to
 * write the current document's job bundle (`exportBundle`, default folder
 * `exports/<pipeline name slug>` in the workspace, with the tests beside the document's file) and keeps the outcome for `ExportButton`:
 * the folder and size, or the problems that made the host refuse.
 */
import { create } from 'zustand';
import { host } from '../host/get-host.ts';
import { serializeDocument } from '../model/editor-document.ts';
import { useEditor } from '../store/editor-store.ts';

export interface ExportStatus {
  state: 'idle' | 'exporting' | 'done' | 'failed';
  /** What to show: the folder and size, or the refusal with its problems. */
  message?: string;
  /** The bundle folder after a successful export. */
  dir?: string;
}

export const useExportStatus = create<ExportStatus>()(() => ({ state: 'idle' }));

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Exports the open document; never rejects (failures end up in `useExportStatus`). */
export async function exportPipeline(): Promise<void> {
  if (useExportStatus.getState().state === 'exporting') return;
  const { doc, location } = useEditor.getState();
  useExportStatus.setState({ state: 'exporting', message: 'Exporting…', dir: undefined }, true);
  try {
    const document = JSON.parse(serializeDocument(doc)) as unknown;
    const r = await host().exportBundle({ document, baseDir: location.baseDir, documentPath: location.path });
    useExportStatus.setState({ state: 'done', dir: r.dir, message: `Exported to ${r.dir} (${kib(r.bytes)}, ${r.files.length} files)` }, true);
  } catch (error) {
    useExportStatus.setState({ state: 'failed', message: (error as Error).message }, true);
  }
}

/** Hides the last outcome. */
export function dismissExportStatus(): void {
  useExportStatus.setState({ state: 'idle' }, true);
}
