/**
 * Checkpointing of the studio's runs and what the state views show: the run settings the
 * document does not hold (checkpointing on/off and the store's folder; interval, backend and
 * retain are document fields), the current run's checkpoints as their events arrive, and the
 * point the state browser has open. Kept apart from the editor store: checkpoint events then
 * re-render only the Checkpoints panel.
 */
import { create } from 'zustand';
import type { ProtocolCheckpointMetrics } from '../../engine/host/protocol.ts';
import { useEditor } from '../store/editor-store.ts';

/** A point the browser can open: a checkpoint of a store (`checkpoint`), or a savepoint directory. */
export interface StatePoint {
  /** Workspace path: the checkpoint store's folder, or the savepoint's. */
  dir: string;
  checkpoint?: number;
  label: string;
}

interface StateStore {
  checkpointing: boolean;
  /** The checkpoint store's folder (workspace path); empty: the default beside the pipeline file. */
  folder: string;
  /** Checkpoints of the current run, oldest first. */
  live: ProtocolCheckpointMetrics[];
  /** The store folder the current run checkpoints into. */
  liveFolder: string | undefined;
  /** The point open in the state browser. */
  browsing: StatePoint | undefined;
  /** The first point of a diff, chosen with "Diff from". */
  diffFrom: StatePoint | undefined;
  /** The diff shown (instead of the browser). */
  diff: { from: StatePoint; to: StatePoint } | undefined;
  /** Bumped when the points on disk may have changed (a savepoint, the end of a run). */
  pointsVersion: number;
  setCheckpointing(on: boolean): void;
  setFolder(folder: string): void;
  runStarted(folder: string | undefined): void;
  addCheckpoint(metrics: ProtocolCheckpointMetrics): void;
  browse(point: StatePoint | undefined): void;
  setDiffFrom(point: StatePoint | undefined): void;
  showDiff(diff: { from: StatePoint; to: StatePoint } | undefined): void;
  pointsChanged(): void;
}

export const useStateView = create<StateStore>()((set) => ({
  checkpointing: false,
  folder: '',
  live: [],
  liveFolder: undefined,
  browsing: undefined,
  diffFrom: undefined,
  diff: undefined,
  pointsVersion: 0,
  setCheckpointing: (checkpointing) => set({ checkpointing }),
  setFolder: (folder) => set({ folder }),
  runStarted: (liveFolder) => set({ live: [], liveFolder }),
  addCheckpoint: (metrics) => set((s) => ({ live: [...s.live.filter((m) => m.id !== metrics.id), metrics] })),
  browse: (browsing) => set({ browsing, diff: undefined }),
  setDiffFrom: (diffFrom) => set({ diffFrom }),
  showDiff: (diff) => set({ diff, browsing: undefined }),
  pointsChanged: () => set((s) => ({ pointsVersion: s.pointsVersion + 1 })),
}));

/**
 * The checkpoint folder used when none is set: beside the pipeline file,
 * `<folder>/<file stem>.checkpoints`; for a document without a file, `checkpoints/<name slug>`
 * in the workspace.
 */
export function defaultCheckpointFolder(path: string | undefined, name: string): string {
  if (path !== undefined) {
    const slash = path.lastIndexOf('/');
    const file = path.slice(slash + 1).replace(/\.pipeline\.json$|\.json$/, '');
    return `${slash >= 0 ? path.slice(0, slash + 1) : ''}${file}.checkpoints`;
  }
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'pipeline';
  return `checkpoints/${slug}`;
}

/** The checkpoint folder of the current document's runs (workspace path), kept up to date. */
export function useCheckpointFolder(): string {
  const folder = useStateView((s) => s.folder.trim());
  const fallback = useEditor((s) => defaultCheckpointFolder(s.location.path, s.doc.name));
  return folder || fallback;
}
