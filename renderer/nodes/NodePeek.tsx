/** Latest records of a node, on the node itself, refreshed once a second while a run is live. */
import { memo, useEffect, useState } from 'react';
import { host } from '../host/get-host.ts';
import { useEditor } from '../store/editor-store.ts';

export const NodePeek = memo(function NodePeek({ nodeId }: { nodeId: string }) {
  const runId = useEditor((s) => s.runId);
  const live = useEditor((s) => s.runStatus === 'running' || s.runStatus === 'paused');
  const [rows, setRows] = useState<Record<string, unknown>[]>([]);
  useEffect(() => {
    if (!runId || !live) return;
    let cancelled = false;
    const poll = (): void =>
      void host()
        .samples({ runId, nodeId, port: 'out' })
        .then((r) => !cancelled && r.records.length > 0 && setRows(r.records.slice(-3).map((s) => s.row)))
        .catch(() => undefined);
    poll();
    const timer = setInterval(poll, 1000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [runId, live, nodeId]);
  return (
    <div className="node-peek nodrag" data-testid={`peek-${nodeId}`}>
      {rows.length === 0 ? <div className="dim">no records yet</div> : rows.map((r, i) => <div key={i}>{JSON.stringify(r)}</div>)}
    </div>
  );
});
