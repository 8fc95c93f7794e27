// The main process (electron/main.ts) against a stand-in `electron` module: the app:// scheme is
// registered before `ready` and handled after it, the window loads app://tributary/index.html
// (never file://), and a packaged app has no DevTools — neither in the menu nor in the window —
// and ignores ELECTRON_RENDERER_URL.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

interface Recorded {
  events: string[];
  privileged: unknown[];
  handlers: Map<string, (request: Request) => Promise<Response>>;
  menus: MenuItemConstructorOptions[][];
  windows: { webPreferences?: Record<string, unknown> }[];
  loaded: string[];
}

const dirs: string[] = [];

async function startMain(isPackaged: boolean): Promise<Recorded> {
  const r: Recorded = { events: [], privileged: [], handlers: new Map(), menus: [], windows: [], loaded: [] };
  const userData = mkdtempSync(join(tmpdir(), 'trb-main-'));
  dirs.push(userData);
  let ready: () => void = () => undefined;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  class FakeContents {
    on(): this {
      return this;
    }
    setWindowOpenHandler(): void {}
    postMessage(): void {}
    send(): void {}
  }
  vi.resetModules();
  vi.doMock('electron', () => ({
    app: {
      isPackaged,
      whenReady: () => {
        r.events.push('whenReady');
        return whenReady;
      },
      on: () => undefined,
      getPath: () => userData,
      getAppPath: () => userData,
      quit: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        r.events.push('registerSchemesAsPrivileged');
        r.privileged.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        r.events.push(`handle ${scheme}`);
        r.handlers.set(scheme, handler);
      },
    },
    session: { defaultSession: { webRequest: { onHeadersReceived: () => undefined }, setPermissionRequestHandler: () => undefined } },
    ipcMain: { handle: () => undefined },
    dialog: { showMessageBoxSync: () => 1 },
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => {
        r.menus.push(template);
        return template;
      },
      setApplicationMenu: () => undefined,
    },
    MessageChannelMain: class {
      port1 = {};
      port2 = {};
    },
    utilityProcess: { fork: () => ({ postMessage: () => undefined, kill: () => undefined }) },
    BrowserWindow: class {
      webContents = new FakeContents();
      constructor(options: { webPreferences?: Record<string, unknown> }) {
        r.windows.push(options);
      }
      once(): void {}
      on(): void {}
      show(): void {}
      loadURL(url: string): Promise<void> {
        r.loaded.push(url);
        return Promise.resolve();
      }
    },
  }));
  await import('../../electron/main.ts');
  r.events.push('imported');
  r.events.push('ready');
  ready();
  for (let i = 0; i < 100 && r.loaded.length === 0; i++) await new Promise((res) => setTimeout(res, 10));
  return r;
}

const roles = (template: MenuItemConstructorOptions[]): string[] =>
  template.flatMap((item) => [...(item.role ? [String(item.role)] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]);

afterEach(() => {
  vi.doUnmock('electron');
  delete process.env.ELECTRON_RENDERER_URL;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('main process', () => {
  it('registers app:// before ready, serves it after, and loads the window from it', async () => {
    const r = await startMain(true);
    expect(r.events.indexOf('registerSchemesAsPrivileged')).toBeLessThan(r.events.indexOf('imported'));
    expect(r.events.indexOf('handle app')).toBeGreaterThan(r.events.indexOf('ready'));
    expect(r.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(r.loaded).toEqual(['app://tributary/index.html']);
    const outside = await r.handlers.get('app')?.(new Request('app://tributary/..%2f..%2fpackage.json'));
    expect(outside?.status).toBe(403);
  });

  it('a packaged app has no DevTools and ignores ELECTRON_RENDERER_URL', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://evil.example/';
    const r = await startMain(true);
    expect(r.loaded).toEqual(['app://tributary/index.html']);
    expect(r.menus.length).toBeGreaterThan(0);
    for (const menu of r.menus) expect(roles(menu)).not.toContain('toggleDevTools');
    expect(roles(r.menus[0] ?? [])).toContain('reload');
    expect(r.windows[0]?.webPreferences).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  it('in development DevTools are available and the dev server may serve the page', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    const r = await startMain(false);
    expect(r.loaded).toEqual(['http://localhost:5173/']);
    expect(roles(r.menus[0] ?? [])).toContain('toggleDevTools');
    expect(r.windows[0]?.webPreferences).toMatchObject({ devTools: true, contextIsolation: true, sandbox: true });
  });
});
