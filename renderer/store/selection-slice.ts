/** Which nodes and edges are selected (React Flow reports changes; the store is the truth). */
import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.ts';

export interface SelectionSlice {
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  select(nodeIds: string[], edgeIds?: string[]): void;
}

export const createSelectionSlice: StateCreator<EditorState, [], [], SelectionSlice> = (set) => ({
  selectedNodeIds: [],
  selectedEdgeIds: [],
  select: (nodeIds, edgeIds = []) => set({ selectedNodeIds: nodeIds, selectedEdgeIds: edgeIds }),
});
