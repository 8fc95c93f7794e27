/**
 * Main-process handlers of the shell calls (file dialogs, title). Each one first checks that
 * the message comes from the app's own page; anything else is refused.
 */
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CHANNELS } from './channels.ts';
import { isTrustedSender } from './security.ts';

export interface ShellContext {
  ipcMain: Pick<IpcMain, 'handle'>;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  window(): BrowserWindow | undefined;
  appUrl(): string;
  addRecent(path: string): void;
  recent(): readonly string[];
  /** Records the renderer's unsaved state (the close prompt reads it). */
  setDirty(dirty: boolean): void;
}

const FILTERS = [{ name: 'Tributary pipeline', extensions: ['pipeline.json', 'json'] }];

export function registerShellHandlers(ctx: ShellContext): void {
  const handle = (channel: string, fn: (...args: unknown[]) => Promise<unknown>): void =>
    ctx.ipcMain.handle(channel, (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event, ctx.appUrl())) throw new Error(`refused ${channel}: unknown sender`);
      return fn(...args);
    });
  const open = async (path: string): Promise<{ path: string; text: string }> => {
    const text = await readFile(path, 'utf8');
    ctx.addRecent(path);
    return { path, text };
  };

  handle(CHANNELS.openFile, async () => {
    const win = ctx.window();
    const result = win
      ? await ctx.dialog.showOpenDialog(win, { properties: ['openFile'], filters: FILTERS })
      : await ctx.dialog.showOpenDialog({ properties: ['openFile'], filters: FILTERS });
    const path = result.filePaths[0];
    return result.canceled || !path ? undefined : open(path);
  });
  handle(CHANNELS.openRecent, async (path) => {
    if (typeof path !== 'string' || !ctx.recent().includes(path)) throw new Error('not a recent file');
    return open(path);
  });
  handle(CHANNELS.saveFile, async (path, text) => {
    // Only a file the user opened or chose in a dialog may be overwritten without asking.
    if (typeof path !== 'string' || typeof text !== 'string' || !ctx.recent().includes(path)) throw new Error('save: choose the file with Save As');
    await writeFile(path, text, 'utf8');
    return { path };
  });
  handle(CHANNELS.saveFileAs, async (suggestedName, text) => {
    if (typeof text !== 'string') throw new Error('save: no text');
    const win = ctx.window();
    const options = { defaultPath: typeof suggestedName === 'string' ? basename(suggestedName) : 'pipeline.pipeline.json', filters: FILTERS };
    const result = win ? await ctx.dialog.showSaveDialog(win, options) : await ctx.dialog.showSaveDialog(options);
    if (result.canceled || !result.filePath) return undefined;
    await writeFile(result.filePath, text, 'utf8');
    ctx.addRecent(result.filePath);
    return { path: result.filePath };
  });
  handle(CHANNELS.setTitle, async (fileName, dirty) => {
    const win = ctx.window();
    ctx.setDirty(dirty === true);
    win?.setTitle(`${String(fileName)}${dirty === true ? ' •' : ''} — Tributary`);
    win?.setDocumentEdited(dirty === true);
  });
}
