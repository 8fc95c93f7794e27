/**
 * Electron main process: one secure window, the engine host in a utilityProcess reached by a
 * MessagePort, the native menu, and the shell handlers (dialogs, title) behind sender checks.
 * The packaged app loads its page from `app://tributary/` (`app-protocol.ts`), never `file://`,
 * and has no DevTools; in development (`!app.isPackaged`) the page may come from electron-vite's
 * dev server (`ELECTRON_RENDERER_URL`) and DevTools are available.
 */
import { app, dialog, ipcMain, Menu, protocol, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, APP_URL, appProtocolHandler } from './app-protocol.ts';
import { CHANNELS } from './channels.ts';
import { applyContentSecurityPolicy, lockDownContents } from './security.ts';
import { menuTemplate } from './menu.ts';
import { registerShellHandlers } from './shell-handlers.ts';
import { RecentFiles } from './recent-files.ts';
import { connectWindow, startHostProcess } from './host-process.ts';
import { createMainWindow } from './window.ts';

const mainDir = fileURLToPath(new URL('.', import.meta.url));
const development = !app.isPackaged;
// A packaged app ignores ELECTRON_RENDERER_URL: its preload must never be given to another page.
const devUrl = development ? process.env.ELECTRON_RENDERER_URL : undefined;
const appUrl = devUrl ?? APP_URL;

// Before `ready`, as Electron requires: app:// gets a standard, secure origin of its own.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let win: BrowserWindow | undefined;
let dirty = false;

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, appProtocolHandler(join(mainDir, '../renderer')));
  applyContentSecurityPolicy(session.defaultSession);
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents));
  const recent = new RecentFiles(app.getPath('userData'));
  const host = startHostProcess(mainDir, process.env.TRIBUTARY_ROOT ?? app.getAppPath());
  const dispatch = (action: Parameters<Parameters<typeof menuTemplate>[0]>[0], arg?: string): void => win?.webContents.send(CHANNELS.menu, action, arg);
  const rebuildMenu = (): void => Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(dispatch, recent.all(), process.platform === 'darwin', { devTools: development })));
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
  win = createMainWindow(join(mainDir, '../preload/preload.cjs'), () => dirty, { devTools: development });
  win.webContents.on('did-finish-load', () => win && connectWindow(host, win));
  await win.loadURL(appUrl);
  app.on('window-all-closed', () => {
    host.kill();
    app.quit();
  });
}

void start();
