/**
 * The schemas of a pipeline's streams, for nodes whose config is checked against typed inputs
 * (`capabilities.typedInputs`, the sql node), walked once in topological order:
 * - a node whose config declares what it emits (`capabilities.declaredSchema`: a source's
 *   `schema`, CSV `columns`) has that schema on its record outputs;
 * - a node that emits its input unchanged (`capabilities.preservesSchema`: filter, keyBy,
 *   union, …) passes its input's schema on (several inputs: only when they all agree);
 * - a node with typed inputs gets the schemas of its inputs by name (its input ports) and is
 *   checked by the caller's `ConfigCheck`, which reports problems and may give its output schema
 *   (so a sql node can read another's output);
 * - anything else (map, windows, …) has no known schema.
 * Only `records` and `keyed` outputs carry a schema; `late` and `errors` rows wrap records.
 *
 * Pure: schema types stay strings here; the check (engine/sql) parses them.
 */
import type { Edge } from './document.ts';
import type { SchemaColumn } from './node-spec.ts';
import type { Problem } from './problems.ts';
import type { ValidNode } from './validate.ts';

/** What a checked node knows about one of its inputs. */
export interface InputSchema {
  /** The upstream node and its output port. */
  source: string;
  sourcePort: string;
  /** Its columns, when known. */
  columns?: readonly SchemaColumn[];
  /** The node and config field that declared them (problems about a bad type go there). */
  declaredBy?: { nodeId: string; field: string };
  /** The upstream is a typed node whose own check failed: its schema is unknown, already reported. */
  failed?: true;
}

/** A problem a config check found: on the checked node unless it names another one. */
export type CheckProblem = Omit<Problem, 'nodeId'> & { nodeId?: string };

/** What a config check gives back. */
export interface ConfigCheckResult {
  problems: CheckProblem[];
  /** The schema of the node's record output, when the config is valid. */
  output?: readonly SchemaColumn[];
  /** The schemas the node resolved for its inputs (declared, or from its own config). */
  inputs?: Readonly<Record<string, readonly SchemaColumn[]>>;
}

/**
 * Checks a node's validated config against its inputs (by input port), for node types with
 * typed inputs. Must not throw for bad configs: every problem goes into the result.
 */
export type ConfigCheck = (config: unknown, inputs: ReadonlyMap<string, InputSchema>) => ConfigCheckResult;

/** The known schemas of one node, as the editor shows them. */
export interface NodeSchemas {
  /** Per input port: its columns (the node's own resolution for typed inputs). */
  inputs: Record<string, readonly SchemaColumn[]>;
  /** The columns of its record output, when known. */
  output?: readonly SchemaColumn[];
}

interface Known {
  columns: readonly SchemaColumn[];
  declaredBy?: { nodeId: string; field: string };
}

/** Nodes in topological order (Kahn); nodes on a cycle are left out. */
export function topological(nodes: readonly ValidNode[], edges: readonly Edge[]): ValidNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const indegree = new Map(nodes.map((n) => [n.id, 0]));
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const ready = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: ValidNode[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i] as string;
    order.push(byId.get(id) as ValidNode);
    for (const t of next.get(id) ?? []) {
      const d = (indegree.get(t) ?? 0) - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  return order;
}

const sameColumns = (a: readonly SchemaColumn[], b: readonly SchemaColumn[]): boolean =>
  a.length === b.length && a.every((c, i) => c.name === b[i]?.name && c.type === b[i]?.type);

/**
 * Propagates schemas through the graph and runs the config checks of nodes with typed inputs.
 * Sets `inputSchemas` on each checked node (what its operator compiles against).
 * @param edges edges that passed the graph checks (ports exist, kinds match)
 * @param checkOf the config check of a node type, if it has one
 * @returns every node's known schemas, and the checks' problems (placed on their nodes)
 */
export function propagateSchemas(
  nodes: readonly ValidNode[],
  edges: readonly Edge[],
  checkOf: ((type: string) => ConfigCheck | undefined) | undefined,
): { schemas: Record<string, NodeSchemas>; problems: Problem[] } {
  const outputs = new Map<string, Known>();
  const failed = new Set<string>();
  const schemas: Record<string, NodeSchemas> = {};
  const problems: Problem[] = [];
  const incoming = new Map<string, Edge[]>();
  for (const e of edges) {
    const list = incoming.get(e.target);
    if (list) list.push(e);
    else incoming.set(e.target, [e]);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const carries = (nodeId: string, port: string): boolean => {
    const kind = byId.get(nodeId)?.spec.outputs.find((p) => p.id === port)?.kind;
    return kind === 'records' || kind === 'keyed';
  };
  const upstream = (e: Edge): Known | undefined => (carries(e.source, e.sourcePort) ? outputs.get(e.source) : undefined);

  for (const node of topological(nodes, edges)) {
    const caps = node.spec.capabilities;
    const into = incoming.get(node.id) ?? [];
    let own: Known | undefined;
    if (caps.declaredSchema) {
      const declared = caps.declaredSchema(node.config as Record<string, unknown>);
      if (declared) own = { columns: declared.columns, declaredBy: { nodeId: node.id, field: declared.field } };
    } else if (caps.preservesSchema && into.length > 0) {
      const ins = into.map(upstream);
      const first = ins[0];
      if (first && ins.every((k) => k !== undefined && sameColumns(k.columns, first.columns))) own = first;
    } else if (caps.typedInputs) {
      const inputs = new Map<string, InputSchema>();
      for (const e of into) {
        const k = upstream(e);
        inputs.set(e.targetPort, {
          source: e.source,
          sourcePort: e.sourcePort,
          ...(k ? { columns: k.columns } : {}),
          ...(k?.declaredBy ? { declaredBy: k.declaredBy } : {}),
          ...(failed.has(e.source) ? { failed: true as const } : {}),
        });
      }
      const check = checkOf?.(node.type);
      if (check) {
        const result = check(node.config, inputs);
        if (!result.output) failed.add(node.id);
        for (const p of result.problems) problems.push({ ...p, nodeId: p.nodeId ?? node.id });
        if (result.inputs) node.inputSchemas = result.inputs;
        schemas[node.id] = { inputs: { ...(result.inputs ?? {}) }, ...(result.output ? { output: result.output } : {}) };
        if (result.output) own = { columns: result.output };
        if (own) outputs.set(node.id, own);
        continue;
      }
    }
    if (own) outputs.set(node.id, own);
    const inputs: Record<string, readonly SchemaColumn[]> = {};
    for (const e of into) {
      const k = upstream(e);
      if (k) inputs[e.targetPort] = k.columns;
    }
    if (own || Object.keys(inputs).length > 0) schemas[node.id] = { inputs, ...(own ? { output: own.columns } : {}) };
  }
  return { schemas, problems };
}
