/**
 * An edge labelled with the records per second on its source port while a run is live, and with
 * the total records it carried once the source node has finished (rounded; exact on hover).
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useLive } from '../store/live-store.ts';
import { formatCount, formatRate } from '../nodes/format.ts';
import type { FlowEdge } from '../nodes/flow-types.ts';

export const ThroughputEdge = memo(function ThroughputEdge(props: EdgeProps<FlowEdge>) {
  const { id, source, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, selected, data } = props;
  const port = data?.sourcePort ?? 'out';
  const rate = useLive((s) => s.nodes[source]?.portRates[port]);
  const total = useLive((s) => s.nodes[source]?.emitted[port]);
  const finished = useLive((s) => s.nodes[source]?.finished === true);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const count = total ?? 0;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'edge-selected' : undefined} />
      {rate !== undefined && (
        <EdgeLabelRenderer>
          <div
            className="edge-rate"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-rate-${id}`}
            data-total={count}
            data-finished={finished ? 'true' : 'false'}
            title={`${count.toLocaleString('en-US')} records on ${port}${finished ? '' : ` (${Math.round(rate).toLocaleString('en-US')}/s now)`}`}
          >
            {finished ? formatCount(count) : formatRate(rate)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
