/** The node card's debugger mark: the node the paused run's breakpoint hit, and which kind (below the card, which keeps its footprint). */
import { memo } from 'react';
import { useCurrentView } from './debug-store.ts';

export const DebugMark = memo(function DebugMark({ nodeId }: { nodeId: string }) {
  const view = useCurrentView();
  const hit = view?.status === 'paused' && view.hit?.nodeId === nodeId ? view.hit : undefined;
  if (!hit) return null;
  return (
    <div className="debug-mark" data-testid={`debug-hit-${nodeId}`} title="the run paused here: see the Debugger panel">
      ● paused: {hit.on === 'late' ? 'late record' : hit.on === 'error' ? 'error' : 'window fired'}
    </div>
  );
});
