/**
 * The React Flow canvas. The document in the store is the truth; React Flow's nodes are kept
 * in local state only for what it measures and for dragging (committed on drag stop).
 */
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { useEditor } from '../store/editor-store.ts';
import { addNode, connect, moveNodes, removeItems } from '../model/graph-edits.ts';
import { connectionProblem, resolveCandidate } from './connection-rules.ts';
import { PipelineNode } from '../nodes/PipelineNode.tsx';
import { ThroughputEdge } from './ThroughputEdge.tsx';
import type { FlowEdge, FlowNode } from '../nodes/flow-types.ts';
import { NODE_DRAG_TYPE } from '../palette/drag-type.ts';
import { insertOnEdge } from '../model/insert-on-edge.ts';
import { edgeAtPoint } from './edge-at-point.ts';
import { useTheme } from '../theme/theme.ts';

const nodeTypes = { pipeline: PipelineNode };
const edgeTypes = { throughput: ThroughputEdge };

export function Canvas() {
  const docNodes = useEditor((s) => s.doc.nodes);
  const docEdges = useEditor((s) => s.doc.edges);
  const selectedNodeIds = useEditor((s) => s.selectedNodeIds);
  const selectedEdgeIds = useEditor((s) => s.selectedEdgeIds);
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  // The edge a palette node is dragged over: dropping there inserts the node into it.
  const [dropEdge, setDropEdge] = useState<string>();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  // Fit an opened document once; an empty canvas keeps zoom 1 so dropped nodes land where dropped.
  const fitOnOpen = useRef(docNodes.length > 0).current;
  // A document opened later (Open…, New, an example) is fitted too, once its nodes are drawn.
  const openSerial = useEditor((s) => s.openSerial);
  const fittedSerial = useRef(openSerial);
  useEffect(() => {
    if (fittedSerial.current === openSerial) return;
    fittedSerial.current = openSerial;
    if (useEditor.getState().doc.nodes.length === 0) return;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => void flow.fitView({ maxZoom: 1.2 }));
    });
    return () => cancelAnimationFrame(frame);
  }, [openSerial, flow]);

  useEffect(() => {
    const selected = new Set(selectedNodeIds);
    setNodes((prev) => {
      const byId = new Map(prev.map((n) => [n.id, n]));
      return docNodes.map((n) => {
        const p = byId.get(n.id);
        if (p && p.data.node === n && !!p.selected === selected.has(n.id)) return p;
        return { id: n.id, type: 'pipeline', position: n.position, data: { node: n }, selected: selected.has(n.id), measured: p?.measured };
      });
    });
  }, [docNodes, selectedNodeIds]);

  const edges: FlowEdge[] = docEdges.map((e) => ({
    id: e.id,
    type: 'throughput',
    source: e.source,
    sourceHandle: e.sourcePort,
    target: e.target,
    targetHandle: e.targetPort,
    selected: selectedEdgeIds.includes(e.id),
    className: e.id === dropEdge ? 'drop-target' : undefined,
    data: { sourcePort: e.sourcePort },
  }));

  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== 'remove'), ns));
  }, []);

  const onNodeDragStop = useCallback((_: unknown, _node: FlowNode, dragged: FlowNode[]) => {
    useEditor.getState().edit((doc) => moveNodes(doc, new Map(dragged.map((n) => [n.id, n.position]))));
  }, []);

  const onSelectionChange = useCallback(({ nodes: ns, edges: es }: OnSelectionChangeParams<FlowNode, FlowEdge>) => {
    const s = useEditor.getState();
    const nodeIds = ns.map((n) => n.id);
    const edgeIds = es.map((e) => e.id);
    if (nodeIds.join() !== s.selectedNodeIds.join() || edgeIds.join() !== s.selectedEdgeIds.join()) s.select(nodeIds, edgeIds);
  }, []);

  const onDelete = useCallback(({ nodes: ns, edges: es }: { nodes: FlowNode[]; edges: FlowEdge[] }) => {
    useEditor.getState().edit((doc) => removeItems(doc, ns.map((n) => n.id), es.map((e) => e.id)));
  }, []);

  const isValidConnection = useCallback((c: Connection | FlowEdge) => {
    const doc = useEditor.getState().doc;
    return connectionProblem(doc, resolveCandidate(doc, { source: c.source, sourcePort: c.sourceHandle ?? 'out', target: c.target, targetPort: c.targetHandle ?? 'in' })) === undefined;
  }, []);

  const onConnect = useCallback((c: Connection) => {
    useEditor.getState().edit((doc) => connect(doc, resolveCandidate(doc, { source: c.source, sourcePort: c.sourceHandle ?? 'out', target: c.target, targetPort: c.targetHandle ?? 'in' })));
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(NODE_DRAG_TYPE)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setDropEdge(edgeAtPoint(e.clientX, e.clientY));
    }
  }, []);

  const onDragLeave = useCallback((e: DragEvent) => {
    if (!(e.relatedTarget instanceof Node) || !e.currentTarget.contains(e.relatedTarget)) setDropEdge(undefined);
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!type) return;
      e.preventDefault();
      setDropEdge(undefined);
      const position = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const edgeId = edgeAtPoint(e.clientX, e.clientY);
      let id = '';
      useEditor.getState().edit((doc) => {
        const added = edgeId ? insertOnEdge(doc, edgeId, type, position) : addNode(doc, type, position);
        id = added.id;
        return added.doc;
      });
      if (id) useEditor.getState().select([id]);
    },
    [flow],
  );

  const colorMode = useTheme((t) => t.resolved);
  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onSelectionChange={onSelectionChange}
        onDelete={onDelete}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        fitView={fitOnOpen}
        fitViewOptions={{ maxZoom: 1.2 }}
        minZoom={0.1}
        colorMode={colorMode}
      >
        <Background color="var(--canvas-dots)" gap={18} />
        <MiniMap pannable zoomable data-testid="minimap" />
        <Controls />
      </ReactFlow>
      {nodes.length === 0 && (
        <div className="canvas-empty empty-state" data-testid="canvas-empty">
          Drag a node type from the palette onto the canvas (or focus it and press Enter) to start a pipeline.
        </div>
      )}
    </div>
  );
}
