/**
 * The document as the editor holds it: the pipeline file's shape with every node's position and
 * config filled in, so edits never have to check for absent fields. Other top-level fields
 * (settings, checkpoint, ...) are kept as read.
 */
import { PipelineDocumentSchema, type PipelineDocumentInput } from '../../engine/pipeline/document.ts';
import { resolvedTargetPort } from '../../engine/pipeline/named-inputs.ts';
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';

export interface EditorNode {
  id: string;
  type: string;
  version?: number;
  label?: string;
  position: { x: number; y: number };
  config: Record<string, unknown>;
  code?: string;
}

export interface EditorEdge {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export type EditorDocument = Omit<PipelineDocumentInput, 'nodes' | 'edges'> & { nodes: EditorNode[]; edges: EditorEdge[] };

export function emptyDocument(name = 'Untitled pipeline'): EditorDocument {
  return { version: 1, name, nodes: [], edges: [] };
}

/** Reads a parsed file into the editor's shape; throws with zod's message when the envelope is wrong. */
export function toEditorDocument(raw: unknown): EditorDocument {
  const envelope = PipelineDocumentSchema.safeParse(raw);
  if (!envelope.success) throw new Error(`not a pipeline document: ${envelope.error.issues[0]?.message ?? 'invalid'}`);
  const input = raw as PipelineDocumentInput;
  return {
    ...input,
    nodes: input.nodes.map((n) => ({
      ...n,
      position: n.position ?? { x: 0, y: 0 },
      config: (n.config ?? {}) as Record<string, unknown>,
    })),
    // An omitted targetPort is `in`, or for a node with named inputs (sql) the source's id.
    edges: (input.edges ?? []).map((e) => ({ ...e, sourcePort: e.sourcePort ?? 'out', targetPort: resolvedTargetPort(e, (id) => input.nodes.find((n) => n.id === id)?.type, nodeTypeSpec) })),
  };
}

/** The file text: two-space JSON with a final newline, positions rounded. */
export function serializeDocument(doc: EditorDocument): string {
  const rounded = { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } })) };
  return JSON.stringify(rounded, null, 2) + '\n';
}

/** A node id not used yet: `filter_1`, `filter_2`, ... */
export function freshNodeId(doc: EditorDocument, type: string, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set([...doc.nodes.map((n) => n.id), ...taken]);
  for (let i = 1; ; i++) if (!used.has(`${type}_${i}`)) return `${type}_${i}`;
}

export function freshEdgeId(doc: EditorDocument): string {
  const used = new Set(doc.edges.map((e) => e.id));
  for (let i = 1; ; i++) if (!used.has(`e${i}`)) return `e${i}`;
}
