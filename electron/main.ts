/**
 * Electron main process: one secure window, the engine host in a utilityProcess reached by a
 * MessagePort, the native menu, and the shell handlers (dialogs, title) behind sender checks.
 */
import { app, dialog, ipcMain, Menu, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { CHANNELS } from './channels.ts';
import { applyContentSecurityPolicy, lockDownContents } from './security.ts';
import { menuTemplate } from './menu.ts';
import { registerShellHandlers } from './shell-handlers.ts';
import { RecentFiles } from './recent-files.ts';
import { connectWindow, startHostProcess } from './host-process.ts';
import { createMainWindow } from './window.ts';

const mainDir = fileURLToPath(new URL('.', import.meta.url));
const devUrl = process.env.ELECTRON_RENDERER_URL;
const appUrl = devUrl ?? pathToFileURL(join(mainDir, '../renderer/index.html')).href;

let win: BrowserWindow | undefined;
let dirty = false;

async function start(): Promise<void> {
  await app.whenReady();
  applyContentSecurityPolicy(session.defaultSession);
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents));
  const recent = new RecentFiles(app.getPath('userData'));
  const host = startHostProcess(mainDir, process.env.TRIBUTARY_ROOT ?? app.getAppPath());
  const dispatch = (action: Parameters<Parameters<typeof menuTemplate>[0]>[0], arg?: string): void => win?.webContents.send(CHANNELS.menu, action, arg);
  const rebuildMenu = (): void => Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(dispatch, recent.all(), process.platform === 'darwin')));
  registerShellHandlers({
    ipcMain,
    dialog,
    window: () => win,
    appUrl: () => appUrl,
    addRecent: (path) => {
      recent.add(path);
      rebuildMenu();
    },
    recent: () => recent.all(),
    setDirty: (d) => (dirty = d),
  });
  rebuildMenu();
  win = createMainWindow(join(mainDir, '../preload/preload.cjs'), () => dirty);
  win.webContents.on('did-finish-load', () => win && connectWindow(host, win));
  await win.loadURL(appUrl);
  app.on('window-all-closed', () => {
    host.kill();
    app.quit();
  });
}

void start();
