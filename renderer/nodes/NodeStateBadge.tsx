/** The run state of one node in its card's header: running (a pulse), done, or failed. */
import { memo } from 'react';
import { useLive } from '../store/live-store.ts';
import { useEditor } from '../store/editor-store.ts';

/** Nothing before a run; `failed` wins over the node's metrics. */
export const NodeStateBadge = memo(function NodeStateBadge({ nodeId, failed }: { nodeId: string; failed: boolean }) {
  const finished = useLive((s) => s.nodes[nodeId]?.finished);
  const live = useEditor((s) => s.runStatus === 'running' || s.runStatus === 'starting');
  const state = failed ? 'failed' : finished === undefined ? undefined : finished ? 'done' : live ? 'running' : 'paused';
  if (!state) return null;
  return (
    <span className={`state-badge state-${state}`} data-state={state} title={`this node: ${state}`}>
      {state}
    </span>
  );
});
