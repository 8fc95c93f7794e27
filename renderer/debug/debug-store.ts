/**
 * The studio's event-time debugger (issue 17): which run is being debugged, its last paused view
 * (every node's watermarks, counts, open windows; the breakpoint that hit), the breakpoints set,
 * and the "why hasn't this fired?" panel's node, windows and explanation. Kept apart from the
 * editor store so a step re-renders only the debugger's parts.
 */
import { create } from 'zustand';
import { useEditor } from '../store/editor-store.ts';
import type { ProtocolBreakpoint, ProtocolDebugView, ProtocolOpenWindows, ProtocolWhy } from '../../engine/host/protocol-debug.ts';

export interface DebugState {
  /** The run started for debugging (undefined: none). */
  runId: string | undefined;
  view: ProtocolDebugView | undefined;
  breakpoints: ProtocolBreakpoint[];
  /** A step or call in flight. */
  busy: boolean;
  error: string | undefined;
  /** The why panel: the node whose windows are listed, its windows, the explanation shown. */
  whyNode: string | undefined;
  windows: ProtocolOpenWindows | undefined;
  why: ProtocolWhy | undefined;
  set(patch: Partial<Omit<DebugState, 'set' | 'reset'>>): void;
  reset(): void;
}

const EMPTY = { runId: undefined, view: undefined, busy: false, error: undefined, whyNode: undefined, windows: undefined, why: undefined };

export const useDebug = create<DebugState>()((set) => ({
  ...EMPTY,
  breakpoints: [],
  set: (patch) => set(patch),
  reset: () => set(EMPTY),
}));

/** The paused view of the editor's current run, if that run is the one being debugged. */
export function useCurrentView(): ProtocolDebugView | undefined {
  const runId = useEditor((s) => s.runId);
  return useDebug((s) => (s.runId !== undefined && s.runId === runId ? s.view : undefined));
}
