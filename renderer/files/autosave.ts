/** A recovery copy of the open document in localStorage, written a second after each change. */
import { useEditor } from '../store/editor-store.ts';
import type { EditorDocument } from '../model/editor-document.ts';
import type { DocumentLocation, DocumentTrust } from '../store/document-slice.ts';

const KEY = 'tributary:recovery';

export interface Recovery {
  doc: EditorDocument;
  location: DocumentLocation;
  /** Whether its code could run when it was saved (a copy of an untrusted file stays untrusted). */
  trusted?: boolean;
  savedAt: number;
}

/** The trust a recovered document gets back: only what it had (missing: untrusted). */
export function recoveredTrust(r: Recovery): DocumentTrust {
  return r.trusted === true ? { state: 'trusted' } : { state: 'untrusted' };
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

function writeRecovery(): void {
  const { doc, location, trust } = useEditor.getState();
  try {
    localStorage.setItem(KEY, JSON.stringify({ doc, location, trusted: trust.state === 'trusted', savedAt: Date.now() } satisfies Recovery));
  } catch {
    // storage full or unavailable: nothing to recover from, but editing goes on
  }
}

/**
 * Starts autosaving: a second after each change, and at once when the page goes away with
 * unsaved changes (the debounce would otherwise lose the last second). Returns the stop function.
 */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = useEditor.subscribe((s, prev) => {
    if (s.doc === prev.doc || !s.dirty) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (useEditor.getState().dirty) writeRecovery();
    }, 1000);
  });
  const beforeUnload = (e: BeforeUnloadEvent): void => {
    if (useEditor.getState().dirty) e.preventDefault();
  };
  const pageHide = (): void => {
    if (timer && useEditor.getState().dirty) writeRecovery();
  };
  window.addEventListener('beforeunload', beforeUnload);
  window.addEventListener('pagehide', pageHide);
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    window.removeEventListener('beforeunload', beforeUnload);
    window.removeEventListener('pagehide', pageHide);
  };
}
