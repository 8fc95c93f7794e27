/**
 * The run slice: validation problems of the current document, and the state of the run (not
 * its live metrics: those live in `live-store.ts` so they re-render only the nodes they touch).
 */
import type { StateCreator } from 'zustand';
import type { ProtocolNodeSchemas, ProtocolProblem, RunSpeed, RunSummary } from '../../engine/host/protocol.ts';
import type { EditorState } from './editor-store.ts';

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

export interface RunSlice {
  problems: ProtocolProblem[];
  /** Counts `setProblems` calls: a validation answered after a newer list (a run's refusal) is dropped. */
  problemsSeq: number;
  /** By node id: the columns validation knows for its inputs and output (sql nodes, typed sources). */
  schemas: Record<string, ProtocolNodeSchemas>;
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
  /** Problems of the latest validation; `schemas` when it was a validation (a run's refusal has none). */
  setProblems(problems: ProtocolProblem[], schemas?: Record<string, ProtocolNodeSchemas>): void;
  setValidating(validating: boolean): void;
  setSpeed(speed: RunSpeed): void;
  setRun(patch: Partial<Pick<RunSlice, 'runId' | 'runStatus' | 'summary' | 'failure' | 'refusal'>>): void;
  togglePeek(nodeId?: string): void;
}

export const createRunSlice: StateCreator<EditorState, [], [], RunSlice> = (set) => ({
  problems: [],
  problemsSeq: 0,
  schemas: {},
  validating: false,
  runId: undefined,
  runStatus: 'idle',
  speed: 'max',
  summary: undefined,
  failure: undefined,
  refusal: undefined,
  peekAll: false,
  peekNodes: [],
  setProblems: (problems, schemas) => set((s) => (schemas ? { problems, schemas, validating: false, problemsSeq: s.problemsSeq + 1 } : { problems, validating: false, problemsSeq: s.problemsSeq + 1 })),
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
