/**
 * Whether an edge may be drawn, checked while the user drags: the ports exist, the target
 * accepts the source port's kind, a single-edge input is still free, and no cycle appears.
 * The same rules as the engine's validator (TRB007–TRB010), reusing its cycle search.
 */
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { findCycle } from '../../engine/pipeline/validate.ts';
import { freshInputName } from '../../engine/pipeline/named-inputs.ts';
import type { EditorDocument } from '../model/editor-document.ts';

/** The handle a node with named inputs (sql) offers for one more input; the edge gets a fresh name. */
export const NEW_INPUT_HANDLE = '+';

/**
 * The candidate as it will be stored: an edge dropped on a named-input node's `+` handle gets
 * a free input name (the source's id, else `<id>_2`, …), as the validator names it by default.
 */
export function resolveCandidate(doc: EditorDocument, c: Candidate): Candidate {
  if (c.targetPort !== NEW_INPUT_HANDLE) return c;
  const taken = new Set(doc.edges.filter((e) => e.target === c.target).map((e) => e.targetPort));
  return { ...c, targetPort: freshInputName(c.source, taken) };
}

export interface Candidate {
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** `undefined` when the edge is allowed, else why not. */
export function connectionProblem(doc: EditorDocument, c: Candidate): string | undefined {
  if (c.source === c.target) return 'a node cannot feed itself';
  const source = doc.nodes.find((n) => n.id === c.source);
  const target = doc.nodes.find((n) => n.id === c.target);
  const out = source && nodeTypeSpec(source.type)?.outputs.find((p) => p.id === c.sourcePort);
  const targetSpec = target && nodeTypeSpec(target.type);
  const named = targetSpec?.capabilities.namedInputs;
  const inp = named ? { id: c.targetPort, accepts: named.accepts, multiple: false } : targetSpec?.inputs.find((p) => p.id === c.targetPort);
  if (!out || !inp) return 'no such port';
  if (!inp.accepts.includes(out.kind)) return `${c.target}.${inp.id} takes ${inp.accepts.join('/')} records, not ${out.kind}`;
  if (doc.edges.some((e) => e.source === c.source && e.sourcePort === c.sourcePort && e.target === c.target && e.targetPort === c.targetPort)) return 'already connected';
  if (!inp.multiple && doc.edges.some((e) => e.target === c.target && e.targetPort === c.targetPort)) return `input ${inp.id} takes one edge (use a union)`;
  if (findCycle(doc.nodes.map((n) => n.id), [...doc.edges, c])) return 'this edge would make a cycle';
  return undefined;
}
