/**
 * Dropping a new node onto an edge: the edge is replaced by source → node → target, through
 * the node's first input that takes the edge's records and its first output the old target
 * accepts. When the node cannot sit there (a source, a sink, incompatible ports, a cycle), it
 * is only added, and the edge stays.
 */
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { connectionProblem, type Candidate } from '../canvas/connection-rules.ts';
import type { EditorDocument } from './editor-document.ts';
import { addNode, connect, removeItems } from './graph-edits.ts';

export interface Inserted {
  doc: EditorDocument;
  id: string;
  /** Whether the node went into the edge (else it was only added). */
  inserted: boolean;
}

const firstAllowed = (doc: EditorDocument, candidates: Candidate[]): Candidate | undefined => candidates.find((c) => connectionProblem(doc, c) === undefined);

export function insertOnEdge(doc: EditorDocument, edgeId: string, type: string, position: { x: number; y: number }): Inserted {
  const added = addNode(doc, type, position);
  const edge = doc.edges.find((e) => e.id === edgeId);
  const spec = nodeTypeSpec(type);
  if (!added.id || !edge || !spec) return { ...added, inserted: false };
  const id = added.id;
  const cut = removeItems(added.doc, [], [edge.id]);
  const into = firstAllowed(
    cut,
    spec.inputs.map((p) => ({ source: edge.source, sourcePort: edge.sourcePort, target: id, targetPort: p.id })),
  );
  if (!into) return { ...added, inserted: false };
  const half = connect(cut, into);
  const out = firstAllowed(
    half,
    spec.outputs.map((p) => ({ source: id, sourcePort: p.id, target: edge.target, targetPort: edge.targetPort })),
  );
  if (!out) return { ...added, inserted: false };
  return { doc: connect(half, out), id, inserted: true };
}
