// Shell IPC is answered only for the app's own top frame.
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.mock('electron', () => ({}));

const { registerShellHandlers } = await import('../../electron/shell-handlers.ts');
const { CHANNELS } = await import('../../electron/channels.ts');

const { APP_URL } = await import('../../electron/app-protocol.ts');

function setup() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  const dir = mkdtempSync(join(tmpdir(), 'trb-ipc-'));
  const file = join(dir, 'a.pipeline.json');
  writeFileSync(file, '{"version":1}');
  const recent = [file];
  registerShellHandlers({
    ipcMain: { handle: (channel: string, fn: never) => handlers.set(channel, fn) } as never,
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [file] })), showSaveDialog: vi.fn() } as never,
    window: () => undefined,
    appUrl: () => APP_URL,
    addRecent: vi.fn(),
    recent: () => recent,
    setDirty: vi.fn(),
  });
  return { handlers, file };
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

describe('shell IPC sender validation', () => {
  it('answers the app page', async () => {
    const { handlers, file } = setup();
    await expect(handlers.get(CHANNELS.openFile)?.(frame(APP_URL + '#x'))).resolves.toEqual({ path: file, text: '{"version":1}' });
  });

  it('refuses other pages, subframes and missing frames', async () => {
    const { handlers, file } = setup();
    for (const channel of Object.values(CHANNELS).filter((c) => handlers.has(c))) {
      await expect(Promise.resolve().then(() => handlers.get(channel)?.(frame('https://evil.example/index.html'), file, '{}'))).rejects.toThrow(/unknown sender/);
      await expect(Promise.resolve().then(() => handlers.get(channel)?.(frame('file:///tmp/other.html'), file, '{}'))).rejects.toThrow(/unknown sender/);
      await expect(Promise.resolve().then(() => handlers.get(channel)?.(frame('file:///index.html'), file, '{}'))).rejects.toThrow(/unknown sender/);
      await expect(Promise.resolve().then(() => handlers.get(channel)?.(frame('app://other/index.html'), file, '{}'))).rejects.toThrow(/unknown sender/);
      await expect(Promise.resolve().then(() => handlers.get(channel)?.(frame(APP_URL, {}), file, '{}'))).rejects.toThrow(/unknown sender/);
      await expect(Promise.resolve().then(() => handlers.get(channel)?.({ senderFrame: null }, file, '{}'))).rejects.toThrow(/unknown sender/);
    }
  });

  it('does not overwrite a file the user never chose', async () => {
    const { handlers } = setup();
    await expect(handlers.get(CHANNELS.saveFile)?.(frame(APP_URL), '/etc/passwd', 'x')).rejects.toThrow(/Save As/);
  });
});
