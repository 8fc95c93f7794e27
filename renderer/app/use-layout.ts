/** Auto-layout and zoom-to-fit for the toolbar and shortcuts. */
import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useEditor } from '../store/editor-store.ts';
import { layoutPositions } from '../canvas/auto-layout.ts';
import { moveNodes } from '../model/graph-edits.ts';

export function useLayoutActions(): { layout(): void; fit(): void } {
  const flow = useReactFlow();
  const fit = useCallback(() => void flow.fitView({ padding: 0.15, duration: 200 }), [flow]);
  const layout = useCallback(() => {
    const { doc } = useEditor.getState();
    const sizes = new Map(flow.getNodes().map((n) => [n.id, { width: n.measured?.width ?? 220, height: n.measured?.height ?? 100 }]));
    void layoutPositions(doc, sizes).then((positions) => {
      useEditor.getState().edit((d) => moveNodes(d, positions));
      setTimeout(fit, 50);
    });
  }, [flow, fit]);
  return { layout, fit };
}
