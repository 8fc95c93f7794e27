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
    // Problems set after this change (a run's validation and refusal, which can land before this
    // debounced validation answers) are newer than this answer: keep them, take only the schemas.
    const seq = useEditor.getState().problemsSeq;
    const timer = setTimeout(() => {
      void host()
        .validate({ document: doc })
        .then((r) => {
          if (cancelled) return;
          const state = useEditor.getState();
          if (state.problemsSeq === seq) state.setProblems(r.problems, r.schemas);
          else useEditor.setState({ schemas: r.schemas, validating: false });
        })
        .catch(() => undefined);
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [doc, opened]);
}
