/**
 * The canvas node, a card of fixed width whose height does not change when a run starts: a
 * header (category-coloured icon, label, type, a state badge: problems, failed or the run's
 * state), the config summary, then the metrics strip (`NodeLive`, its space reserved before any
 * run). Ports come from the node type, labelled outside the card.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { sourceReplayLabel } from '../model/replay-view.ts';
import { useEditor } from '../store/editor-store.ts';
import { useTests } from '../tests/tests-actions.ts';
import { CATEGORY_COLORS } from './node-looks.ts';
import { nodeIcon } from './node-icons.ts';
import { NodeStateBadge } from './NodeStateBadge.tsx';
import { NodeLive } from './NodeLive.tsx';
import { NodePeek } from './NodePeek.tsx';
import { DebugMark } from '../debug/DebugMark.tsx';
import type { FlowNode } from './flow-types.ts';
import { NEW_INPUT_HANDLE } from '../canvas/connection-rules.ts';
import type { NodeTypeSpec } from '../../engine/pipeline/node-spec.ts';

/** The input handles: the spec's ports, or for named inputs (sql) one per connected table and a `+`. */
function inputHandles(spec: NodeTypeSpec | undefined, named: string): { id: string; label: string }[] {
  if (!spec) return [];
  if (!spec.capabilities.namedInputs) return spec.inputs.map((p) => ({ id: p.id, label: p.label }));
  const names = named === '' ? [] : named.split('\n');
  return [...names.map((n) => ({ id: n, label: n })), { id: NEW_INPUT_HANDLE, label: `+ ${spec.capabilities.namedInputs.label}` }];
}

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
  const named = useEditor((s) => (spec?.capabilities.namedInputs ? s.doc.edges.filter((e) => e.target === node.id).map((e) => e.targetPort).join('\n') : ''));
  const output = useEditor((s) => (spec?.capabilities.sqlQuery ? s.schemas[node.id]?.output : undefined));
  const inputs = inputHandles(spec, named);
  const Icon = nodeIcon(look?.icon);
  const color = spec ? CATEGORY_COLORS[spec.category] : 'var(--text-faint)';
  return (
    <div
      className={`pnode${selected ? ' selected' : ''}${problemCount > 0 || failed ? ' invalid' : ''}${mark ? ` test-${mark}` : ''}`}
      style={{ ['--node-color' as string]: color }}
      data-testid={`node-${node.id}`}
      data-test-mark={mark}
    >
      {inputs.map((p, i) => (
        <Handle key={p.id} id={p.id} type="target" position={Position.Left} style={{ top: spread(i, inputs.length) }} data-testid={`handle-${node.id}-in-${p.id}`}>
          {(inputs.length > 1 || spec?.capabilities.namedInputs) && <span className="port-label in">{p.label}</span>}
        </Handle>
      ))}
      <div className="pnode-title">
        <span className="pnode-icon" aria-hidden="true">
          <Icon size={15} strokeWidth={2} />
        </span>
        <span className="pnode-names">
          <span className="pnode-id">{node.label ?? node.id}</span>
          <span className="pnode-type">{spec?.label ?? `unknown type ${node.type}`}</span>
        </span>
        {problemCount > 0 ? (
          <span className="badge bad" data-testid={`badge-${node.id}`} title={`${problemCount} problem(s)`}>
            {problemCount}
          </span>
        ) : (
          <NodeStateBadge nodeId={node.id} failed={failed} />
        )}
      </div>
      <div className="pnode-summary">{look?.summary(node.config, node.code)}</div>
      {replay && (
        <div className="pnode-replay dim" data-testid={`replay-${node.id}`} title="how this run interleaves its sources (pipeline settings, replay)">
          replay: {replay}
        </div>
      )}
      {output && (
        <div className="pnode-schema" data-testid={`node-schema-${node.id}`} title={output.map((c) => `${c.name} ${c.type}`).join('\n')}>
          {output.map((c) => (
            <div key={c.name}>
              {c.name} <span className="dim">{c.type}</span>
            </div>
          ))}
        </div>
      )}
      <NodeLive nodeId={node.id} />
      <DebugMark nodeId={node.id} />
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
