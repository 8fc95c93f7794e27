// Every window is created with the secure webPreferences, locked against navigation and popups.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const created: { options: { webPreferences?: Record<string, unknown> }; contents: FakeContents }[] = [];

class FakeContents {
  handlers = new Map<string, (...args: unknown[]) => void>();
  windowOpenHandler: (() => { action: string }) | undefined;
  on(event: string, fn: (...args: unknown[]) => void): this {
    this.handlers.set(event, fn);
    return this;
  }
  setWindowOpenHandler(fn: () => { action: string }): void {
    this.windowOpenHandler = fn;
  }
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = new FakeContents();
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      created.push({ options, contents: this.webContents });
    }
    once(): void {}
    on(): void {}
    show(): void {}
  },
  dialog: { showMessageBoxSync: vi.fn(() => 1) },
}));

const { createMainWindow } = await import('../../electron/window.ts');
const { CONTENT_SECURITY_POLICY, applyContentSecurityPolicy } = await import('../../electron/security.ts');

describe('main window', () => {
  beforeEach(() => (created.length = 0));

  it('isolates and sandboxes the renderer without Node', () => {
    createMainWindow('/app/out/preload/preload.cjs', () => false);
    expect(created).toHaveLength(1);
    for (const { options } of created) {
      expect(options.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        preload: '/app/out/preload/preload.cjs',
        devTools: false,
      });
    }
  });

  it('allows DevTools only when asked (development)', () => {
    createMainWindow('/p.cjs', () => false, { devTools: true });
    createMainWindow('/p.cjs', () => false, { devTools: false });
    expect(created.map((c) => c.options.webPreferences?.devTools)).toEqual([true, false]);
  });

  it('blocks navigation and window.open', () => {
    createMainWindow('/p.cjs', () => false);
    const contents = created[0]?.contents as FakeContents;
    const event = { preventDefault: vi.fn() };
    contents.handlers.get('will-navigate')?.(event, 'https://example.com');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
  });

  it('sends a strict CSP header on every response', () => {
    let listener: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void) | undefined;
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof listener) => (listener = fn) },
      setPermissionRequestHandler: vi.fn(),
    };
    applyContentSecurityPolicy(session as never);
    const callback = vi.fn();
    listener?.({ responseHeaders: { a: ['b'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { a: ['b'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:/);
  });
});
