/**
 * The run slice: validation problems of the current document, and the state of the run (not
 * its live metrics: those live in `live-store.ts` so they re-render only the nodes they touch).
 */
import type { StateCreator } from 'zustand';
import type { ProtocolProblem, RunSpeed, RunSummary } from '../../engine/host/protocol.ts';
import type { EditorState } from './editor-store.ts';

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

export interface RunSlice {
  problems: ProtocolProblem[];
  /** True while the current document's problems are not known yet. */
  validating: boolean;
  runId: string | undefined;
  runStatus: RunStatus;
  /** The toolbar's replay speed for the next run (`sources`: each source's own `speed` field). */
  speed: RunSpeed;
  summary: RunSummary | undefined;
  failure: { message: string; nodeId?: string } | undefined;
  /** Why the last run was refused (names the nodes). */
  refusal: string | undefined;
  /** Peek of latest records shown on every node, or on these nodes. */
  peekAll: boolean;
  peekNodes: string[];
  setProblems(problems: ProtocolProblem[]): void;
  setValidating(validating: boolean): void;
  setSpeed(speed: RunSpeed): void;
  setRun(patch: Partial<Pick<RunSlice, 'runId' | 'runStatus' | 'summary' | 'failure' | 'refusal'>>): void;
  togglePeek(nodeId?: string): void;
}

export const createRunSlice: StateCreator<EditorState, [], [], RunSlice> = (set) => ({
  problems: [],
  validating: false,
  runId: undefined,
  runStatus: 'idle',
  speed: 'max',
  summary: undefined,
  failure: undefined,
  refusal: undefined,
  peekAll: false,
  peekNodes: [],
  setProblems: (problems) => set({ problems, validating: false }),
  setValidating: (validating) => set({ validating }),
  setSpeed: (speed) => set({ speed }),
  setRun: (patch) => set(patch),
  togglePeek: (nodeId) =>
    set((s) =>
      nodeId === undefined
        ? { peekAll: !s.peekAll }
        : { peekNodes: s.peekNodes.includes(nodeId) ? s.peekNodes.filter((n) => n !== nodeId) : [...s.peekNodes, nodeId] },
    ),
});
