/** The editor's store: one zustand store made of separate slices (document, history, selection, run). */
import { create } from 'zustand';
import { createDocumentSlice, type DocumentSlice } from './document-slice.ts';
import { createHistorySlice, type HistorySlice } from './history-slice.ts';
import { createRunSlice, type RunSlice } from './run-slice.ts';
import { createSelectionSlice, type SelectionSlice } from './selection-slice.ts';

export type EditorState = DocumentSlice & HistorySlice & SelectionSlice & RunSlice;

export const useEditor = create<EditorState>()((...a) => ({
  ...createDocumentSlice(...a),
  ...createHistorySlice(...a),
  ...createSelectionSlice(...a),
  ...createRunSlice(...a),
}));
