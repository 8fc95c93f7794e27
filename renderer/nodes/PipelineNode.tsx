/** The canvas node: title, config summary, ports from the node type, problems badge, live overlay. */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { sourceReplayLabel } from '../model/replay-view.ts';
import { useEditor } from '../store/editor-store.ts';
import { useTests } from '../tests/tests-actions.ts';
import { CATEGORY_COLORS } from './node-looks.ts';
import { NodeLive } from './NodeLive.tsx';
import { NodePeek } from './NodePeek.tsx';
import type { FlowNode } from './flow-types.ts';

const spread = (i: number, n: number): string => `${((i + 1) / (n + 1)) * 100}%`;

export const PipelineNode = memo(function PipelineNode({ data, selected }: NodeProps<FlowNode>) {
  const { node } = data;
  const spec = nodeTypeSpec(node.type);
  const look = spec?.look;
  const problemCount = useEditor((s) => s.problems.filter((p) => p.nodeId === node.id).length);
  const peek = useEditor((s) => s.peekAll || s.peekNodes.includes(node.id));
  const failed = useEditor((s) => s.failure?.nodeId === node.id);
  const mark = useTests((s) => s.marks[node.id]);
  const isSource = spec?.inputs.length === 0;
  const replay = useEditor((s) => (isSource ? sourceReplayLabel(s.doc) : undefined));
  return (
    <div
      className={`pnode${selected ? ' selected' : ''}${problemCount > 0 || failed ? ' invalid' : ''}${mark ? ` test-${mark}` : ''}`}
      style={{ borderTopColor: spec ? CATEGORY_COLORS[spec.category] : '#999' }}
      data-testid={`node-${node.id}`}
      data-test-mark={mark}
    >
      {spec?.inputs.map((p, i) => (
        <Handle key={p.id} id={p.id} type="target" position={Position.Left} style={{ top: spread(i, spec.inputs.length) }} data-testid={`handle-${node.id}-in-${p.id}`}>
          {spec.inputs.length > 1 && <span className="port-label in">{p.label}</span>}
        </Handle>
      ))}
      <div className="pnode-title">
        <span className="pnode-icon">{look?.icon ?? '?'}</span>
        <span className="pnode-id">{node.label ?? node.id}</span>
        {problemCount > 0 && (
          <span className="badge bad" data-testid={`badge-${node.id}`} title={`${problemCount} problem(s)`}>
            {problemCount}
          </span>
        )}
      </div>
      <div className="pnode-type">{spec?.label ?? `unknown type ${node.type}`}</div>
      <div className="pnode-summary">{look?.summary(node.config, node.code)}</div>
      {replay && (
        <div className="pnode-replay dim" data-testid={`replay-${node.id}`} title="how this run interleaves its sources (pipeline settings, replay)">
          replay: {replay}
        </div>
      )}
      <NodeLive nodeId={node.id} />
      {peek && <NodePeek nodeId={node.id} />}
      {spec?.outputs.map((p, i) => (
        <Handle
          key={p.id}
          id={p.id}
          type="source"
          position={Position.Right}
          className={`port-${p.kind}`}
          style={{ top: spread(i, spec.outputs.length) }}
          data-testid={`handle-${node.id}-out-${p.id}`}
        >
          {spec.outputs.length > 1 && <span className="port-label out">{p.label}</span>}
        </Handle>
      ))}
    </div>
  );
});
