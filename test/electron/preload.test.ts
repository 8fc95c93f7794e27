// The preload exposes exactly the protocol's calls (plus onEvent) and only `tributary:` channels.
import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES } from '../../engine/host/protocol.ts';

const exposed = new Map<string, Record<string, unknown>>();
const invoked: string[] = [];
const listened: string[] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
  ipcRenderer: {
    on: (channel: string) => listened.push(channel),
    removeListener: vi.fn(),
    invoke: (channel: string) => {
      invoked.push(channel);
      return Promise.resolve(undefined);
    },
  },
}));

await import('../../electron/preload.ts');

describe('preload', () => {
  it('exposes one function per protocol call and nothing else', () => {
    expect([...exposed.keys()].sort()).toEqual(['tributaryHost', 'tributaryShell']);
    const host = exposed.get('tributaryHost') as Record<string, unknown>;
    expect(Object.keys(host).sort()).toEqual([...CALL_NAMES, 'onEvent'].sort());
    for (const fn of Object.values(host)) expect(typeof fn).toBe('function');
  });

  it('uses only tributary: channels', async () => {
    const shell = exposed.get('tributaryShell') as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(shell).sort()).toEqual(['onMenu', 'openFile', 'openRecent', 'saveFile', 'saveFileAs', 'setTitle']);
    await shell.openFile?.();
    await shell.saveFileAs?.('x', '{}');
    shell.onMenu?.(() => undefined);
    expect(invoked.length).toBeGreaterThan(0);
    for (const c of [...invoked, ...listened]) expect(c.startsWith('tributary:')).toBe(true);
  });
});
