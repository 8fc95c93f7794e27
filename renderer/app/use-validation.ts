/** Validates the document with the host (code compile included) 300 ms after each change. */
import { useEffect } from 'react';
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';

export function useValidation(): void {
  const doc = useEditor((s) => s.doc);
  const opened = useEditor((s) => s.opened);
  useEffect(() => {
    if (!opened) return;
    let cancelled = false;
    useEditor.getState().setValidating(true);
    const timer = setTimeout(() => {
      void host()
        .validate({ document: doc })
        .then((r) => !cancelled && useEditor.getState().setProblems(r.problems, r.schemas))
        .catch(() => undefined);
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [doc, opened]);
}
