/** A recovery copy of the open document in localStorage, written a second after each change. */
import { useEditor } from '../store/editor-store.ts';
import type { EditorDocument } from '../model/editor-document.ts';
import type { DocumentLocation } from '../store/document-slice.ts';

const KEY = 'tributary:recovery';

export interface Recovery {
  doc: EditorDocument;
  location: DocumentLocation;
  savedAt: number;
}

export function readRecovery(): Recovery | undefined {
  try {
    const text = localStorage.getItem(KEY);
    return text ? (JSON.parse(text) as Recovery) : undefined;
  } catch {
    return undefined;
  }
}

export function clearRecovery(): void {
  localStorage.removeItem(KEY);
}

/** Starts autosaving; returns the stop function. */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = useEditor.subscribe((s, prev) => {
    if (s.doc === prev.doc || !s.dirty) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const { doc, location } = useEditor.getState();
      localStorage.setItem(KEY, JSON.stringify({ doc, location, savedAt: Date.now() } satisfies Recovery));
    }, 1000);
  });
  const beforeUnload = (e: BeforeUnloadEvent): void => {
    if (useEditor.getState().dirty) e.preventDefault();
  };
  window.addEventListener('beforeunload', beforeUnload);
  return () => {
    unsubscribe();
    window.removeEventListener('beforeunload', beforeUnload);
  };
}
