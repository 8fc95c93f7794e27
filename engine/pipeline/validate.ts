/**
 * Validates a pipeline document and lists every problem at once (never stops at the first):
 * envelope, node types and versions, each node's config, the graph (ids, edges, ports, cycles,
 * port kinds, input counts, keys) and, given a code compiler, each node's user code.
 *
 * Pure: no Node modules, so the editor can run it in the browser for instant feedback. The
 * node types come from a catalog the caller passes (`engine/nodes/catalog.ts`); the engine
 * also passes `compileUserCode` (esbuild, never running the code) to check code, and the config
 * checks of node types with typed inputs (`schemas.ts`: a sql node's query is compiled against
 * its inputs' schemas). Every check is iterative and linear in the graph's size, so a
 * 10,000-node pipeline validates quickly.
 */
import type { z } from 'zod';
import { PipelineDocumentSchema, type DocumentNode, type Edge, type PipelineDocument } from './document.ts';
import type { CodeSpec, NodeTypeSpec, PortKind, SchemaColumn } from './node-spec.ts';
import { codeFieldSpec, codeFieldValues } from './code-fields.ts';
import type { Problem } from './problems.ts';
import { duplicateInputNames, namedInputProblem, resolvedTargetPort } from './named-inputs.ts';
import { propagateSchemas, type ConfigCheck, type NodeSchemas } from './schemas.ts';
import { checkChangelogs } from './changelog.ts';

/** Result of compiling one node's code: JavaScript, or errors with 1-based line:column. */
export type CodeCompileResult =
  | { ok: true; js: string }
  | { ok: false; errors: { line: number; column: number; message: string }[] };

/** Compiles user TypeScript for a node type's code contract. */
export type CodeCompiler = (code: string, spec: CodeSpec) => CodeCompileResult;

/** Looks up a node type's spec by type id; `undefined` for an unknown type. */
export type NodeCatalog = (type: string) => NodeTypeSpec | undefined;

/** A node whose config passed its type's schema (defaults applied, durations in ms). */
export interface ValidNode {
  id: string;
  type: string;
  spec: NodeTypeSpec;
  config: unknown;
  code?: string;
  /** Compiled JavaScript of `code`, when a compiler was given. */
  js?: string;
  /**
   * Compiled code inside the config, by field path: the spec's `capabilities.expressionFields`
   * (`key`) and `capabilities.codeFields` (`stages[0].condition`).
   */
  expressions: Record<string, string>;
  label?: string;
  /** For nodes with typed inputs: the columns of each input port, as its config check resolved them. */
  inputSchemas?: Readonly<Record<string, readonly SchemaColumn[]>>;
}

export interface ValidPipeline {
  document: PipelineDocument;
  nodes: ValidNode[];
  edges: Edge[];
}

/**
 * The outcome of validation. `schemas` (both ways) holds the known schemas of the nodes' inputs
 * and outputs by node id, for the editor (a sql node's completion and output columns).
 */
export type ValidationResult =
  | { ok: true; pipeline: ValidPipeline; schemas: Record<string, NodeSchemas> }
  | { ok: false; problems: Problem[]; schemas: Record<string, NodeSchemas> };

/** What validation is given besides the document. */
export interface ValidateOptions {
  catalog: NodeCatalog;
  /** Checks and compiles user code (omit in the browser). */
  compileCode?: CodeCompiler;
  /** The config check of a node type with typed inputs (the engine's operator factories). */
  checkConfig?: (type: string) => ConfigCheck | undefined;
}

/**
 * Validates `raw` (already JSON-parsed) against the node types of `options.catalog`.
 * @returns the valid pipeline, or every problem found, each naming its node/edge and field.
 */
export function validateDocument(raw: unknown, options: ValidateOptions): ValidationResult {
  const parsed = PipelineDocumentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: envelopeProblems(parsed.error, raw), schemas: {} };
  const types = new Map(parsed.data.nodes.map((n) => [n.id, n.type]));
  const document: PipelineDocument = {
    ...parsed.data,
    edges: parsed.data.edges.map((e) => ({ ...e, targetPort: resolvedTargetPort(e, (id) => types.get(id), options.catalog) })),
  };
  const problems: Problem[] = [];
  const nodes = validateNodes(document.nodes, problems, options.catalog, options.compileCode);
  const goodEdges = checkGraph(document, nodes, problems);
  const typed = propagateSchemas(nodes, goodEdges, options.checkConfig);
  problems.push(...typed.problems);
  problems.push(...checkChangelogs(nodes, goodEdges).problems);
  return problems.length > 0
    ? { ok: false, problems, schemas: typed.schemas }
    : { ok: true, pipeline: { document, nodes, edges: document.edges }, schemas: typed.schemas };
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function envelopeProblems(error: z.ZodError, raw: unknown): Problem[] {
  const rawNodes = isRecord(raw) && Array.isArray(raw.nodes) ? raw.nodes : [];
  return error.issues.map((issue) => {
    const [head, index, ...rest] = issue.path;
    if (head === 'nodes' && typeof index === 'number') {
      const node: unknown = rawNodes[index];
      const id = isRecord(node) && typeof node.id === 'string' ? node.id : `#${index}`;
      return { code: 'TRB002', nodeId: id, field: issuePath(rest) || undefined, message: issue.message };
    }
    return { code: 'TRB002', field: issuePath(issue.path) || undefined, message: issue.message };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validateNodes(docNodes: DocumentNode[], problems: Problem[], catalog: NodeCatalog, compileCode?: CodeCompiler): ValidNode[] {
  const valid: ValidNode[] = [];
  const seen = new Set<string>();
  for (const node of docNodes) {
    if (seen.has(node.id)) problems.push({ code: 'TRB006', nodeId: node.id, message: `duplicate node id "${node.id}"` });
    seen.add(node.id);
    const spec = catalog(node.type);
    if (!spec) {
      problems.push({ code: 'TRB003', nodeId: node.id, field: 'type', message: `unknown node type "${node.type}"` });
      continue;
    }
    if (node.version > spec.version) {
      problems.push({
        code: 'TRB004',
        nodeId: node.id,
        field: 'version',
        message: `${node.type} version ${node.version} is newer than this build's version ${spec.version}; update Tributary`,
      });
      continue;
    }
    const rawConfig = node.version < spec.version && spec.migrate ? spec.migrate(node.config, node.version) : node.config;
    const config = spec.config.safeParse(rawConfig);
    if (!config.success) {
      for (const issue of config.error.issues)
        problems.push({ code: 'TRB005', nodeId: node.id, field: issuePath(issue.path) || undefined, message: issue.message });
      continue;
    }
    const js = checkCode(node, spec, config.data, problems, compileCode);
    const expressions = compileExpressions(node.id, spec, config.data, problems, compileCode);
    valid.push({ id: node.id, type: spec.type, spec, config: config.data, code: node.code, js, expressions, label: node.label });
  }
  return valid;
}

function usesCustomAggregate(config: unknown): boolean {
  return isRecord(config) && Array.isArray(config.aggregates) && config.aggregates.some((a) => isRecord(a) && a.fn === 'custom');
}

function checkCode(
  node: DocumentNode,
  spec: NodeTypeSpec,
  config: unknown,
  problems: Problem[],
  compileCode?: CodeCompiler,
): string | undefined {
  const code = node.code?.trim() ? node.code : undefined;
  if (!spec.code) return undefined;
  if (code === undefined) {
    if (spec.code.required) problems.push({ code: 'TRB012', nodeId: node.id, field: 'code', message: `${spec.label} needs code: ${spec.code.contract}` });
    else if (usesCustomAggregate(config))
      problems.push({ code: 'TRB014', nodeId: node.id, field: 'code', message: 'a "custom" aggregate needs code: ' + spec.code.contract });
    return undefined;
  }
  if (!compileCode) return undefined;
  const result = compileCode(code, spec.code);
  if (result.ok) return result.js;
  for (const e of result.errors)
    problems.push({ code: 'TRB011', nodeId: node.id, field: 'code', line: e.line, column: e.column, message: e.message });
  return undefined;
}

const EVENT_EXPRESSION: CodeSpec = { kind: 'expression', params: ['event'], required: true, template: '', contract: '(event) => value' };

/** Compiles the `{ expression }` values of the spec's expression fields and its code fields. */
function compileExpressions(nodeId: string, spec: NodeTypeSpec, config: unknown, problems: Problem[], compileCode?: CodeCompiler): Record<string, string> {
  const compiled: Record<string, string> = {};
  if (!compileCode || !isRecord(config)) return compiled;
  const compile = (path: string, problemField: string, code: string, contract: CodeSpec): void => {
    const result = compileCode(code, contract);
    if (result.ok) compiled[path] = result.js;
    else
      for (const e of result.errors) problems.push({ code: 'TRB011', nodeId, field: problemField, line: e.line, column: e.column, message: e.message });
  };
  for (const field of spec.capabilities.expressionFields ?? []) {
    const value = config[field];
    if (isRecord(value) && typeof value.expression === 'string') compile(field, `${field}.expression`, value.expression, EVENT_EXPRESSION);
  }
  for (const field of spec.capabilities.codeFields ?? []) {
    for (const { path, value } of codeFieldValues(config, field.path))
      if (typeof value === 'string' && value.trim() !== '') compile(path, path, value, codeFieldSpec(field));
  }
  return compiled;
}

/** @returns the edges whose nodes, ports and kinds are fine. */
function checkGraph(document: PipelineDocument, nodes: ValidNode[], problems: Problem[]): Edge[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const known = new Set(document.nodes.map((n) => n.id));
  const edgeIds = new Set<string>();
  const incoming = new Map<string, Edge[]>();
  const goodEdges: Edge[] = [];
  for (const edge of document.edges) {
    if (edgeIds.has(edge.id)) problems.push({ code: 'TRB006', edgeId: edge.id, message: `duplicate edge id "${edge.id}"` });
    edgeIds.add(edge.id);
    if (!known.has(edge.source) || !known.has(edge.target)) {
      const missing = known.has(edge.source) ? edge.target : edge.source;
      problems.push({ code: 'TRB007', edgeId: edge.id, message: `no node "${missing}"` });
      continue;
    }
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue; // the node's own problem is already listed
    const out = source.spec.outputs.find((p) => p.id === edge.sourcePort);
    const inp = target.spec.inputs.find((p) => p.id === edge.targetPort);
    const named = target.spec.capabilities.namedInputs;
    if (!out) {
      problems.push({ code: 'TRB007', edgeId: edge.id, nodeId: source.id, message: `${source.spec.label} has no output "${edge.sourcePort}"` });
      continue;
    }
    if (named) {
      const problem = namedInputProblem(edge, { id: target.id, accepts: named.accepts }, { id: source.id, port: out.id, kind: out.kind });
      if (problem) {
        problems.push(problem);
        continue;
      }
    } else if (!inp) {
      problems.push({ code: 'TRB007', edgeId: edge.id, nodeId: target.id, message: `${target.spec.label} has no input "${edge.targetPort}"` });
      continue;
    } else if (!inp.accepts.includes(out.kind)) {
      problems.push({
        code: 'TRB010',
        edgeId: edge.id,
        nodeId: target.id,
        message: `input "${inp.id}" of ${target.id} takes ${inp.accepts.join('/')} records, but ${source.id}.${out.id} carries ${out.kind} records`,
      });
      continue;
    }
    goodEdges.push(edge);
    const at = `${edge.target}:${edge.targetPort}`;
    const list = incoming.get(at);
    if (list) list.push(edge);
    else incoming.set(at, [edge]);
  }
  for (const node of nodes) {
    if (node.spec.capabilities.namedInputs) {
      const names = [...incoming.keys()].filter((k) => k.startsWith(`${node.id}:`)).map((k) => ({ port: k.slice(node.id.length + 1), count: incoming.get(k)?.length ?? 0 }));
      problems.push(...duplicateInputNames(node.id, names));
    }
    for (const port of node.spec.inputs) {
      const count = incoming.get(`${node.id}:${port.id}`)?.length ?? 0;
      if (count === 0) problems.push({ code: 'TRB009', nodeId: node.id, field: `input ${port.id}`, message: `input "${port.id}" is not connected` });
      else if (count > 1 && !port.multiple)
        problems.push({ code: 'TRB009', nodeId: node.id, field: `input ${port.id}`, message: `input "${port.id}" takes one edge, has ${count} (use a union)` });
    }
  }
  const cycle = findCycle(nodes.map((n) => n.id), goodEdges);
  if (cycle) problems.push({ code: 'TRB008', nodeId: cycle[0], message: `cycle: ${cycle.join(' → ')}` });
  checkKeys(nodes, incoming, byId, problems);
  return goodEdges;
}

/**
 * Depth-first search with an explicit stack (a 10,000-node chain must not overflow the call
 * stack). @returns the node ids of one cycle, first id repeated at the end, or `undefined`.
 */
export function findCycle(ids: readonly string[], edges: readonly Pick<Edge, 'source' | 'target'>[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const state = new Map<string, 'active' | 'done'>();
  for (const root of ids) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const cursor: number[] = [0];
    state.set(root, 'active');
    while (path.length > 0) {
      const id = path[path.length - 1] as string;
      const targets = next.get(id) ?? [];
      const i = cursor[cursor.length - 1] as number;
      if (i >= targets.length) {
        state.set(id, 'done');
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[cursor.length - 1] = i + 1;
      const n = targets[i] as string;
      const seen = state.get(n);
      if (seen === 'active') return [...path.slice(path.indexOf(n)), n];
      if (seen === undefined) {
        state.set(n, 'active');
        path.push(n);
        cursor.push(0);
      }
    }
  }
  return undefined;
}

/** TRB013: a keyed input that needs a key has neither its own key field nor a keyBy upstream. */
function checkKeys(nodes: ValidNode[], incoming: ReadonlyMap<string, Edge[]>, byId: Map<string, ValidNode>, problems: Problem[]): void {
  for (const node of nodes) {
    for (const k of node.spec.capabilities.keys ?? []) {
      if (!k.required || (node.config as Record<string, unknown>)[k.field] !== undefined) continue;
      const upstream = incoming.get(`${node.id}:${k.port}`)?.[0];
      const source = upstream ? byId.get(upstream.source) : undefined;
      if (!source || upstreamKind(source, upstream?.sourcePort) !== 'keyed')
        problems.push({
          code: 'TRB013',
          nodeId: node.id,
          field: k.field,
          message: `${node.spec.label} runs on a keyed stream: set "${k.field}" or connect input "${k.port}" to a keyBy`,
        });
    }
  }
}
function upstreamKind(node: ValidNode, port: string | undefined): PortKind | undefined {
  return node.spec.outputs.find((p) => p.id === port)?.kind;
}
