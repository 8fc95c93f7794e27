/**
 * The debugger's actions: start the current document paused for debugging, step it (one record,
 * N records, until a typed time, to the next breakpoint), toggle breakpoints, list a node's open
 * windows and ask why one has not fired. Typed times are read as UTC unless they carry a zone
 * (`2001-01-01T06:00` is 06:00 UTC), as event times are epoch ms shown in UTC everywhere.
 */
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';
import { startRun } from '../run/run-actions.ts';
import type { ProtocolBreakpoint, ProtocolStepRequest } from '../../engine/host/protocol-debug.ts';
import { useDebug } from './debug-store.ts';


/** Starts the current document paused, for debugging; the breakpoints already set go to the run. */
export async function startDebugging(): Promise<void> {
  const d = useDebug.getState();
  d.reset();
  await startRun({ debug: true });
  const runId = useEditor.getState().runId;
  if (!runId || useEditor.getState().runStatus !== 'paused') return;
  useDebug.getState().set({ runId });
  await call(async () => {
    if (d.breakpoints.length > 0) await host().debugBreakpoints({ runId, breakpoints: d.breakpoints });
    useDebug.getState().set({ view: await host().debugView({ runId }) });
  });
}

async function call(work: () => Promise<void>): Promise<void> {
  useDebug.getState().set({ busy: true, error: undefined });
  try {
    await work();
  } catch (error) {
    useDebug.getState().set({ error: (error as Error).message });
  } finally {
    useDebug.getState().set({ busy: false });
  }
}

/** One step; the view, the open windows shown and the run's status follow. */
export async function step(request: ProtocolStepRequest): Promise<void> {
  const runId = useDebug.getState().runId;
  if (!runId) return;
  await call(async () => {
    const view = await host().debugStep({ runId, step: request });
    useDebug.getState().set({ view, why: undefined });
    if (view.status === 'paused') useEditor.getState().setRun({ runStatus: 'paused' });
    const node = useDebug.getState().whyNode;
    if (node && view.status === 'paused') await showWindows(node);
  });
}

/** Sets or clears breakpoint `on` of `nodeId` (with `key` for a window firing). */
export async function toggleBreakpoint(nodeId: string, on: ProtocolBreakpoint['on'], key?: string): Promise<void> {
  const id = `${on}:${nodeId}`;
  const before = useDebug.getState().breakpoints;
  const breakpoints = before.some((b) => b.id === id) ? before.filter((b) => b.id !== id) : [...before, { id, nodeId, on, ...(key ? { key } : {}) }];
  useDebug.getState().set({ breakpoints });
  const runId = useDebug.getState().runId;
  if (runId) await call(() => host().debugBreakpoints({ runId, breakpoints }).then(() => undefined));
}

/** Lists node `nodeId`'s open windows (paused runs only). */
export async function showWindows(nodeId: string): Promise<void> {
  const runId = useDebug.getState().runId;
  useDebug.getState().set({ whyNode: nodeId, windows: undefined, why: undefined });
  if (!runId || useDebug.getState().view?.status !== 'paused') return;
  await call(async () => {
    useDebug.getState().set({ windows: await host().debugWindows({ runId, nodeId }) });
  });
}

/** Asks why `nodeId`'s window of `key` starting at `start` has not fired. */
export async function explain(nodeId: string, key: string, start: number | undefined): Promise<void> {
  const runId = useDebug.getState().runId;
  if (!runId) return;
  await call(async () => {
    useDebug.getState().set({ why: await host().debugWhy({ runId, nodeId, key, start }) });
  });
}
