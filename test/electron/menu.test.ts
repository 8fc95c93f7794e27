// Menu items dispatch their actions to the renderer, which runs them (Export → the export action).
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';

vi.mock('electron', () => ({}));
const fileActions = vi.hoisted(() => ({ newDocument: vi.fn(), openText: vi.fn(), openWithDialog: vi.fn(async () => true), saveDocument: vi.fn(async () => undefined) }));
const exportAction = vi.hoisted(() => ({ exportPipeline: vi.fn(async () => undefined) }));
const flinkActions = vi.hoisted(() => ({ exportFlinkJob: vi.fn(async () => undefined), checkAgainstFlink: vi.fn(async () => undefined) }));
vi.mock('../../renderer/files/file-actions.ts', () => fileActions);
vi.mock('../../renderer/files/export-action.ts', () => exportAction);
vi.mock('../../renderer/flink/flink-actions.ts', () => flinkActions);
const { menuTemplate } = await import('../../electron/menu.ts');
const { handleMenuAction } = await import('../../renderer/app/menu-actions.ts');

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      const found = find(item.submenu, label);
      if (found) return found;
    }
  }
  return undefined;
}

const click = (item: MenuItemConstructorOptions | undefined): void => (item?.click as (() => void) | undefined)?.();

describe('native menu', () => {
  it('dispatches New, Open, Save, Save As, Export and Recent', () => {
    const dispatch = vi.fn();
    const template = menuTemplate(dispatch, ['/home/u/a.pipeline.json'], false);
    click(find(template, 'New'));
    click(find(template, 'Open…'));
    click(find(template, 'Save'));
    click(find(template, 'Save As…'));
    click(find(template, 'Job Bundle (Node)…'));
    click(find(template, 'Apache Flink (SQL)…'));
    click(find(template, 'Check against Flink'));
    click(find(template, '/home/u/a.pipeline.json'));
    expect(dispatch.mock.calls).toEqual([['new'], ['open'], ['save'], ['saveAs'], ['export'], ['exportFlink'], ['flinkCheck'], ['openRecent', '/home/u/a.pipeline.json']]);
  });

  it('File → Export → Apache Flink and Check against Flink run the renderer Flink actions', () => {
    const shell = { openRecent: vi.fn(async () => undefined) };
    const template = menuTemplate((action, arg) => handleMenuAction(action, arg, shell), [], false);
    click(find(template, 'Apache Flink (SQL)…'));
    expect(flinkActions.exportFlinkJob).toHaveBeenCalledTimes(1);
    click(find(template, 'Check against Flink'));
    expect(flinkActions.checkAgainstFlink).toHaveBeenCalledTimes(1);
    expect(exportAction.exportPipeline).not.toHaveBeenCalled();
  });

  it('File → Export → Job Bundle runs the renderer export action (the toolbar Export… button), not Save As', () => {
    const shell = { openRecent: vi.fn(async () => undefined) };
    const template = menuTemplate((action, arg) => handleMenuAction(action, arg, shell), [], false);
    const item = find(template, 'Job Bundle (Node)…');
    expect(item?.accelerator).toBe('CmdOrCtrl+E');
    click(item);
    expect(exportAction.exportPipeline).toHaveBeenCalledTimes(1);
    expect(fileActions.saveDocument).not.toHaveBeenCalled();
    click(find(template, 'Save As…'));
    expect(fileActions.saveDocument).toHaveBeenCalledWith(true);
    expect(exportAction.exportPipeline).toHaveBeenCalledTimes(1);
  });

  it('has Toggle Developer Tools only in development', () => {
    const roles = (items: MenuItemConstructorOptions[]): unknown[] => items.flatMap((i) => [i.role, ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
    for (const isMac of [false, true]) {
      expect(roles(menuTemplate(vi.fn(), [], isMac))).not.toContain('toggleDevTools');
      expect(roles(menuTemplate(vi.fn(), [], isMac, { devTools: false }))).not.toContain('toggleDevTools');
      expect(roles(menuTemplate(vi.fn(), [], isMac, { devTools: true }))).toContain('toggleDevTools');
      expect(roles(menuTemplate(vi.fn(), [], isMac))).toEqual(expect.arrayContaining(['reload', 'togglefullscreen']));
    }
  });

  it('shows an empty recent list as disabled', () => {
    const recent = find(menuTemplate(vi.fn(), [], false), 'Open Recent');
    expect(recent?.submenu).toEqual([{ label: 'No recent files', enabled: false }]);
  });
});
