/**
 * Inputs named by their edges (`capabilities.namedInputs`, the tables of a sql node): an edge
 * into such a node names its own input port — its `targetPort`, by default the source node's id
 * — instead of choosing one of the spec's fixed ports. Every other node's omitted `targetPort`
 * is `in`. Names must be node-id-like identifiers (a SQL query refers to them as tables, with
 * backquotes when they hold a `-`) and unique among the node's inputs, each taking one edge.
 *
 * Pure: the editor uses the same rules when it draws an edge.
 */
import type { PortKind } from './node-spec.ts';
import type { Problem } from './problems.ts';
import type { NodeCatalog } from './validate.ts';

/** What an input name must look like: the node-id pattern (`NodeIdSchema`). */
export const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** The raw edge fields this module reads. */
interface RawEdge {
  source: string;
  target: string;
  targetPort?: string | undefined;
}

/**
 * The target port of an edge whose `targetPort` may be omitted: the source node's id for a
 * target with named inputs, else `in`.
 * @param typeOf the type id of a node id (`undefined` for an unknown node)
 */
export function resolvedTargetPort(edge: RawEdge, typeOf: (nodeId: string) => string | undefined, catalog: NodeCatalog): string {
  if (edge.targetPort !== undefined) return edge.targetPort;
  const type = typeOf(edge.target);
  const spec = type === undefined ? undefined : catalog(type);
  return spec?.capabilities.namedInputs ? edge.source : 'in';
}

/**
 * A free input name for a new edge from `source` into a node with named inputs: the source's
 * id, or `<id>_2`, `<id>_3`, … when an input already has that name.
 */
export function freshInputName(source: string, taken: ReadonlySet<string>): string {
  const base = INPUT_NAME.test(source) ? source : 'input';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/**
 * Problems of one edge into a node with named inputs (TRB019 for a bad name, TRB010 for a port
 * kind it does not take); `undefined` when the edge is fine. Duplicate names are checked per
 * node by `duplicateInputNames`.
 */
export function namedInputProblem(
  edge: { id: string; targetPort: string },
  target: { id: string; accepts: readonly PortKind[] },
  source: { id: string; port: string; kind: PortKind },
): Problem | undefined {
  if (!INPUT_NAME.test(edge.targetPort)) {
    return {
      code: 'TRB019',
      edgeId: edge.id,
      nodeId: target.id,
      field: `input ${edge.targetPort}`,
      message: `input name "${edge.targetPort}" is not an identifier: a letter or _, then letters, digits, _ or - (set the edge's targetPort)`,
    };
  }
  if (!target.accepts.includes(source.kind)) {
    return {
      code: 'TRB010',
      edgeId: edge.id,
      nodeId: target.id,
      message: `input "${edge.targetPort}" of ${target.id} takes ${target.accepts.join('/')} records, but ${source.id}.${source.port} carries ${source.kind} records`,
    };
  }
  return undefined;
}

/** TRB019 for every input name that two or more edges into `nodeId` share. */
export function duplicateInputNames(nodeId: string, names: readonly { port: string; count: number }[]): Problem[] {
  return names
    .filter((n) => n.count > 1)
    .map((n) => ({
      code: 'TRB019' as const,
      nodeId,
      field: `input ${n.port}`,
      message: `${n.count} edges name the input "${n.port}": give each edge into ${nodeId} its own targetPort (the table name)`,
    }));
}
