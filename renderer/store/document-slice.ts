/**
 * The document slice: the pipeline being edited, where it lives, and whether it has unsaved
 * changes. Every edit goes through `edit`, which records the previous document for undo
 * (consecutive edits with the same `coalesce` key, e.g. typing in one field, make one step).
 * Opening a document also forgets the previous one's run (`leaveDocument` in run-actions.ts
 * clears the live counters, stops a run still going and drops the export message).
 */
import type { StateCreator } from 'zustand';
import { emptyDocument, type EditorDocument } from '../model/editor-document.ts';
import type { EditorState } from './editor-store.ts';

export interface DocumentLocation {
  /** Workspace path (web) or absolute path (Electron); undefined for a new document. */
  path?: string;
  /** Folder relative paths in the document resolve against (workspace-relative on the web). */
  baseDir: string;
}

/**
 * Whether the document's code may run (workspace trust, `engine/launch/trust.ts`): documents
 * made in the studio are trusted; one opened from a file is trusted when its folder is; one
 * uploaded (no folder) is trusted for this session only once the user says so.
 */
export type DocumentTrust = { state: 'trusted' } | { state: 'checking' } | { state: 'untrusted'; folder?: string };

export interface DocumentSlice {
  doc: EditorDocument;
  location: DocumentLocation;
  trust: DocumentTrust;
  setTrust(trust: DocumentTrust): void;
  dirty: boolean;
  /** Whether a document is open (false: the start screen). */
  opened: boolean;
  /** Counts documents opened this session: the canvas fits each opened graph to view. */
  openSerial: number;
  /** Opens a document; `trust` defaults to trusted (made in the studio). */
  openDocument(doc: EditorDocument, location: DocumentLocation, trust?: DocumentTrust): void;
  edit(change: (doc: EditorDocument) => EditorDocument, options?: { coalesce?: string; history?: boolean }): void;
  markSaved(location?: DocumentLocation): void;
  closeDocument(): void;
}

export const createDocumentSlice: StateCreator<EditorState, [], [], DocumentSlice> = (set, get) => ({
  doc: emptyDocument(),
  location: { baseDir: '.' },
  trust: { state: 'trusted' },
  setTrust: (trust) => set({ trust }),
  dirty: false,
  opened: false,
  openSerial: 0,
  // The previous document's run (its summary, failure, peeks) does not belong to the new one.
  openDocument: (doc, location, trust: DocumentTrust = { state: 'trusted' }) =>
    set({
      doc, location, trust, dirty: false, opened: true, past: [], future: [], lastCoalesce: undefined, selectedNodeIds: [], selectedEdgeIds: [],
      runId: undefined, runStatus: 'idle', summary: undefined, failure: undefined, refusal: undefined, peekNodes: [],
      openSerial: get().openSerial + 1,
    }),
  edit: (change, options = {}) => {
    const before = get().doc;
    const after = change(before);
    if (after === before) return;
    if (options.history !== false) get().record(before, options.coalesce);
    set({ doc: after, dirty: true });
  },
  markSaved: (location) => set((s) => ({ dirty: false, location: location ?? s.location })),
  closeDocument: () => set({ opened: false, doc: emptyDocument(), dirty: false, past: [], future: [] }),
});
