/**
 * The native menu: File (New, Open, Open Recent, Save, Save As, Export → Job Bundle (as the
 * toolbar's Export… button) or Apache Flink (SQL), Check against Flink; see
 * `renderer/app/menu-actions.ts`), Edit, View. Toggle Developer
 * Tools is there only in development: a packaged app has no DevTools (its windows are created
 * with `devTools: false` too, `security.ts`).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../renderer/shell/shell-api.ts';

export type Dispatch = (action: MenuAction, arg?: string) => void;

export interface MenuOptions {
  /** Show Toggle Developer Tools (development only; default false). */
  devTools?: boolean;
}

export function menuTemplate(dispatch: Dispatch, recent: readonly string[], isMac: boolean, options: MenuOptions = {}): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New', accelerator: 'CmdOrCtrl+N', click: () => dispatch('new') },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => dispatch('open') },
      {
        label: 'Open Recent',
        submenu: recent.length > 0 ? recent.map((path) => ({ label: path, click: () => dispatch('openRecent', path) })) : [{ label: 'No recent files', enabled: false }],
      },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => dispatch('save') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => dispatch('saveAs') },
      {
        label: 'Export',
        submenu: [
          { label: 'Job Bundle (Node)…', accelerator: 'CmdOrCtrl+E', click: () => dispatch('export') },
          { label: 'Apache Flink (SQL)…', click: () => dispatch('exportFlink') },
        ],
      },
      { label: 'Check against Flink', click: () => dispatch('flinkCheck') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  return [
    ...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    ...(isMac ? [{ role: 'editMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'View',
      submenu: [{ role: 'reload' }, ...(options.devTools === true ? [{ role: 'toggleDevTools' } as const] : []), { type: 'separator' }, { role: 'togglefullscreen' }],
    },
  ];
}
