/**
 * Starts the engine host in a utilityProcess (outside the renderer and the main process) and
 * gives the window one end of a MessagePort to it.
 */
import { MessageChannelMain, utilityProcess, type BrowserWindow, type UtilityProcess } from 'electron';
import { join } from 'node:path';
import { CHANNELS } from './channels.ts';

export function startHostProcess(mainDir: string, root: string): UtilityProcess {
  return utilityProcess.fork(join(mainDir, 'engine-process.js'), [], {
    serviceName: 'Tributary engine',
    env: { ...process.env, TRIBUTARY_ROOT: root },
  });
}

/** Connects a window to the host: one port to each side (on every page load). */
export function connectWindow(child: UtilityProcess, win: BrowserWindow): void {
  const { port1, port2 } = new MessageChannelMain();
  child.postMessage({ type: 'port' }, [port1]);
  win.webContents.postMessage(CHANNELS.hostPort, null, [port2]);
}
