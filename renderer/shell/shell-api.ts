/**
 * What the Electron preload exposes (types only; `electron/preload.ts` implements them).
 * `tributaryHost` carries exactly the protocol's calls; `tributaryShell` the native file
 * dialogs, the window title and the native menu.
 */
import type { HostApi, HostEvent } from '../../engine/host/protocol.ts';

export type PreloadHostApi = HostApi & { onEvent(listener: (event: HostEvent) => void): () => void };

export type MenuAction = 'new' | 'open' | 'save' | 'saveAs' | 'export' | 'exportFlink' | 'flinkCheck' | 'openRecent';

export interface OpenedFile {
  path: string;
  text: string;
}

export interface PreloadShellApi {
  openFile(): Promise<OpenedFile | undefined>;
  openRecent(path: string): Promise<OpenedFile | undefined>;
  saveFile(path: string, text: string): Promise<{ path: string }>;
  saveFileAs(suggestedName: string, text: string): Promise<{ path: string } | undefined>;
  setTitle(fileName: string, dirty: boolean): Promise<void>;
  onMenu(listener: (action: MenuAction, arg?: string) => void): () => void;
}

declare global {
  interface Window {
    tributaryHost?: PreloadHostApi;
    tributaryShell?: PreloadShellApi;
  }
}
