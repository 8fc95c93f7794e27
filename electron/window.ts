/**
 * Creates the main window with the secure settings (DevTools only when `devTools`, i.e. in
 * development) and asks before closing unsaved work.
 */
import { BrowserWindow, dialog } from 'electron';
import { lockDownContents, secureWebPreferences } from './security.ts';

export function createMainWindow(preload: string, isDirty: () => boolean, options: { devTools?: boolean } = {}): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Tributary',
    show: false,
    webPreferences: secureWebPreferences(preload, options),
  });
  lockDownContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    if (!isDirty()) return;
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Discard changes', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'The pipeline has unsaved changes.',
    });
    if (choice === 1) event.preventDefault();
  });
  return win;
}
