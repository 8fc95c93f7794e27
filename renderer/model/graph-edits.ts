/** Pure edits of the editor document; the store applies them with history. */
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { freshEdgeId, freshNodeId, type EditorDocument, type EditorEdge, type EditorNode } from './editor-document.ts';

export function addNode(doc: EditorDocument, type: string, position: { x: number; y: number }): { doc: EditorDocument; id: string } {
  const spec = nodeTypeSpec(type);
  if (!spec) return { doc, id: '' };
  const id = freshNodeId(doc, type);
  const node: EditorNode = {
    id,
    type,
    position,
    config: structuredClone(spec.defaults ?? {}) as Record<string, unknown>,
    ...(spec.code?.required ? { code: spec.code.template } : {}),
  };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, id };
}

export function removeItems(doc: EditorDocument, nodeIds: readonly string[], edgeIds: readonly string[]): EditorDocument {
  if (nodeIds.length === 0 && edgeIds.length === 0) return doc;
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
    edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

export function connect(doc: EditorDocument, edge: Omit<EditorEdge, 'id'>): EditorDocument {
  return { ...doc, edges: [...doc.edges, { id: freshEdgeId(doc), ...edge }] };
}

export function updateNode(doc: EditorDocument, id: string, patch: Partial<EditorNode>): EditorDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, ...patch } : n)) };
}

export function moveNodes(doc: EditorDocument, moves: ReadonlyMap<string, { x: number; y: number }>): EditorDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (moves.has(n.id) ? { ...n, position: moves.get(n.id) as { x: number; y: number } } : n)) };
}

/** What copy puts on the clipboard: the nodes and the edges among them. */
export interface Fragment {
  tributaryFragment: 1;
  nodes: EditorNode[];
  edges: EditorEdge[];
}

export function copyFragment(doc: EditorDocument, nodeIds: readonly string[]): Fragment {
  const ids = new Set(nodeIds);
  return {
    tributaryFragment: 1,
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/** Pastes a fragment with fresh ids, shifted by `offset`; returns the new node ids. */
export function pasteFragment(doc: EditorDocument, fragment: Fragment, offset = { x: 40, y: 40 }): { doc: EditorDocument; ids: string[] } {
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of fragment.nodes) {
    const id = freshNodeId(doc, n.type, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const nodes = fragment.nodes.map((n) => ({ ...structuredClone(n), id: rename.get(n.id) as string, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } }));
  let next: EditorDocument = { ...doc, nodes: [...doc.nodes, ...nodes] };
  for (const e of fragment.edges)
    next = connect(next, { source: rename.get(e.source) as string, sourcePort: e.sourcePort, target: rename.get(e.target) as string, targetPort: e.targetPort });
  return { doc: next, ids: nodes.map((n) => n.id) };
}

export function isFragment(value: unknown): value is Fragment {
  return typeof value === 'object' && value !== null && (value as { tributaryFragment?: unknown }).tributaryFragment === 1;
}
