/** Undo/redo over whole documents (documents are immutable, so a step is one reference). */
import type { StateCreator } from 'zustand';
import type { EditorDocument } from '../model/editor-document.ts';
import type { EditorState } from './editor-store.ts';

const LIMIT = 200;

export interface HistorySlice {
  past: EditorDocument[];
  future: EditorDocument[];
  lastCoalesce: { key: string; at: number } | undefined;
  record(before: EditorDocument, coalesce?: string): void;
  undo(): void;
  redo(): void;
}

export const createHistorySlice: StateCreator<EditorState, [], [], HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  lastCoalesce: undefined,
  record: (before, coalesce) => {
    const now = Date.now();
    const last = get().lastCoalesce;
    const merge = coalesce !== undefined && last?.key === coalesce && now - last.at < 1500;
    set((s) => ({
      past: merge ? s.past : [...s.past, before].slice(-LIMIT),
      future: [],
      lastCoalesce: coalesce === undefined ? undefined : { key: coalesce, at: now },
    }));
  },
  undo: () => {
    const { past, future, doc } = get();
    const previous = past[past.length - 1];
    if (!previous) return;
    set({ doc: previous, past: past.slice(0, -1), future: [doc, ...future], dirty: true, lastCoalesce: undefined });
  },
  redo: () => {
    const { past, future, doc } = get();
    const next = future[0];
    if (!next) return;
    set({ doc: next, past: [...past, doc], future: future.slice(1), dirty: true, lastCoalesce: undefined });
  },
});
