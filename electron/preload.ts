/**
 * The preload: exposes exactly the protocol's calls (`tributaryHost`, one function per call,
 * plus `onEvent`) over the MessagePort to the engine host, and the shell calls
 * (`tributaryShell`). It listens and sends only on `tributary:` channels.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CALL_NAMES, dispatchHostMessage, type CallName, type HostEvent, type HostMessage, type PendingCalls } from '../engine/host/protocol.ts';
import { CHANNEL_PREFIX, CHANNELS } from './channels.ts';
import type { MenuAction, PreloadShellApi } from '../renderer/shell/shell-api.ts';

type Port = { postMessage(message: unknown): void; onmessage: ((e: { data: unknown }) => void) | null; start?: () => void };

const pending: PendingCalls = new Map();
const listeners = new Set<(event: HostEvent) => void>();
const queue: unknown[] = [];
let port: Port | undefined;
let nextId = 1;

function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  if (!channel.startsWith(CHANNEL_PREFIX)) return Promise.reject(new Error(`channel ${channel} refused`));
  return ipcRenderer.invoke(channel, ...args);
}

ipcRenderer.on(CHANNELS.hostPort, (event) => {
  port = (event as unknown as { ports: Port[] }).ports[0];
  if (!port) return;
  port.onmessage = ({ data }) => dispatchHostMessage(data as HostMessage, listeners, pending);
  port.start?.();
  for (const m of queue.splice(0)) port.postMessage(m);
});

function call(name: CallName, args: unknown): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const message = { kind: 'request', id, call: name, args };
    if (port) port.postMessage(message);
    else queue.push(message);
  });
}

const hostApi: Record<string, unknown> = Object.fromEntries(CALL_NAMES.map((name) => [name, (args: unknown) => call(name, args)]));
hostApi.onEvent = (listener: (event: HostEvent) => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

const shellApi: PreloadShellApi = {
  openFile: () => invoke(CHANNELS.openFile) as ReturnType<PreloadShellApi['openFile']>,
  openRecent: (path) => invoke(CHANNELS.openRecent, path) as ReturnType<PreloadShellApi['openRecent']>,
  saveFile: (path, text) => invoke(CHANNELS.saveFile, path, text) as ReturnType<PreloadShellApi['saveFile']>,
  saveFileAs: (name, text) => invoke(CHANNELS.saveFileAs, name, text) as ReturnType<PreloadShellApi['saveFileAs']>,
  setTitle: (fileName, dirty) => invoke(CHANNELS.setTitle, fileName, dirty) as Promise<void>,
  onMenu: (listener) => {
    const handler = (_e: unknown, action: MenuAction, arg?: string): void => listener(action, arg);
    ipcRenderer.on(CHANNELS.menu, handler);
    return () => {
      ipcRenderer.removeListener(CHANNELS.menu, handler);
    };
  },
};

contextBridge.exposeInMainWorld('tributaryHost', hostApi);
contextBridge.exposeInMainWorld('tributaryShell', shellApi);
