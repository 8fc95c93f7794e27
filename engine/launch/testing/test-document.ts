/**
 * The document a test (or a behaviour diff) runs: the user's pipeline with
 * - each source the test gives an input for replaced by a file source over that input (same id,
 *   same event time unless the input says otherwise, same watermark bound; arrival order is the
 *   input's — its own `disorder`, never the source's);
 * - every sink replaced by a file sink with the same id (the launcher's `outDir` decides where
 *   it writes), so console, preview and Kafka sinks are captured and nothing reaches production
 *   systems; a sink's code (the Kafka sink's value) becomes a `map` just before it;
 * - a capturing file sink added for each other output a test names (`per_hour.late`);
 * - with `watermarks: 'punctuated'`, every source emitting a watermark after each record and
 *   without an idleness timeout, so nothing depends on processing time; no checkpoints.
 * A source that reaches an external system (Kafka) without an input is refused: a test must
 * not depend on what a broker holds today. Code outside a node's folder asks its capabilities,
 * never its type; the replacement nodes are the `fileSource` and `fileSink` types.
 */
import { nodeTypeSpec } from '../../nodes/catalog.ts';
import { FileSourceConfig } from '../../nodes/fileSource/spec.ts';
import { TimeSpec } from '../../pipeline/config-schemas.ts';
import { formatOutputRef, type OutputRef, type TestInput } from '../../pipeline/pipeline-test.ts';
import type { RawDocument, RawEdge, RawNode } from '../../pipeline/raw-document.ts';
export type { RawDocument } from '../../pipeline/raw-document.ts';


/** A source's input, resolved: an absolute file to read. */
export interface ResolvedInput {
  path: string;
  format: TestInput['format'];
  time?: TestInput['time'];
  disorder?: TestInput['disorder'];
}

export interface TestRunPlan {
  /** Inputs by source node id. */
  inputs: Readonly<Record<string, ResolvedInput>>;
  /** Outputs to capture besides every sink: side outputs and other nodes' ports. */
  capture?: readonly OutputRef[];
  watermarks: 'punctuated' | 'pipeline';
}

/** An output the run captures, and the file sink (in the run's `outDir`) that writes it. */
export interface Capture {
  /** `hourly`, `per_hour.late` */
  ref: string;
  nodeId: string;
  port?: string;
  /** The capturing sink's id: `<outDir>/<sinkId>.jsonl`. */
  sinkId: string;
}

export type TestDocument = { ok: true; document: RawDocument; captures: Capture[] } | { ok: false; message: string };

function deterministicWatermarks(watermarks: unknown): Record<string, unknown> {
  const wm = { ...(typeof watermarks === 'object' && watermarks !== null ? (watermarks as Record<string, unknown>) : {}) };
  wm.emit = 'punctuated';
  delete wm.idleTimeout;
  return wm;
}

function asFileSource(node: RawNode, input: ResolvedInput, plan: TestRunPlan): RawNode | string {
  const config = node.config ?? {};
  // The source's event time as it runs: its config with its type's defaults (a Kafka source
  // without `time` reads the Kafka timestamp).
  const parsed = nodeTypeSpec(node.type)?.config.safeParse(config);
  const own = config.time ?? (parsed?.success ? (parsed.data as { time?: unknown }).time : undefined);
  const time = input.time ?? own;
  if (!TimeSpec.safeParse(time).success)
    return `input ${node.id}: the source's event time ${time === undefined ? '(none)' : JSON.stringify(time)} cannot come from a file; give the input a "time" (e.g. { "mode": "event", "field": "ts" })`;
  const csv = FileSourceConfig.shape.csv.safeParse(config.csv);
  const replaced: Record<string, unknown> = {
    path: input.path,
    format: input.format,
    time,
    watermarks: plan.watermarks === 'punctuated' ? deterministicWatermarks(config.watermarks) : (config.watermarks ?? {}),
  };
  if (csv.success && config.csv !== undefined) replaced.csv = config.csv;
  if (input.disorder) replaced.disorder = input.disorder;
  return { id: node.id, type: 'fileSource', position: node.position, config: replaced };
}

/**
 * Rewrites a raw document for a test run.
 * @returns the document and what it captures, or a sentence saying why the test cannot run.
 */
export function testRunDocument(raw: unknown, plan: TestRunPlan): TestDocument {
  const doc = structuredClone(raw) as RawDocument;
  const nodes = Array.isArray(doc.nodes) ? doc.nodes : [];
  const edges = Array.isArray(doc.edges) ? doc.edges : [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const id of Object.keys(plan.inputs)) {
    const node = byId.get(id);
    if (!node) return { ok: false, message: `input ${id}: the pipeline has no node "${id}"` };
    if (nodeTypeSpec(node.type)?.category !== 'source') return { ok: false, message: `input ${id}: "${id}" is a ${node.type}, not a source` };
  }
  const out: RawNode[] = [];
  const extraEdges: RawEdge[] = [];
  const captures: Capture[] = [];
  const taken = new Set(nodes.map((n) => n.id));
  for (const node of nodes) {
    const spec = nodeTypeSpec(node.type);
    const input = plan.inputs[node.id];
    if (input !== undefined) {
      const replaced = asFileSource(node, input, plan);
      if (typeof replaced === 'string') return { ok: false, message: replaced };
      out.push(replaced);
      continue;
    }
    if (spec?.category === 'source') {
      if (spec.capabilities.connectionTest)
        return { ok: false, message: `source ${node.id} reads ${spec.capabilities.connectionTest.system}, an external system: give it an input in the test (a file or records)` };
      if (plan.watermarks === 'punctuated') out.push({ ...node, config: { ...(node.config ?? {}), watermarks: deterministicWatermarks(node.config?.watermarks) } });
      else out.push(node);
      continue;
    }
    if (spec?.category !== 'sink') {
      out.push(node);
      continue;
    }
    captures.push({ ref: node.id, nodeId: node.id, sinkId: node.id });
    if (spec.code && node.code?.trim()) {
      let mapId = `${node.id}__value`;
      for (let i = 2; taken.has(mapId); i++) mapId = `${node.id}__value${i}`;
      taken.add(mapId);
      out.push({ id: mapId, type: 'map', position: node.position, config: {}, code: node.code });
      for (const e of edges) if (e.target === node.id) e.target = mapId;
      extraEdges.push({ id: `${mapId}__edge`, source: mapId, sourcePort: 'out', target: node.id, targetPort: 'in' });
    }
    out.push({ id: node.id, type: 'fileSink', position: node.position, config: {} });
  }
  let n = 0;
  for (const ref of plan.capture ?? []) {
    const name = formatOutputRef(ref);
    if (captures.some((c) => c.ref === name)) continue;
    const node = byId.get(ref.nodeId);
    const spec = node ? nodeTypeSpec(node.type) : undefined;
    if (!node || !spec) return { ok: false, message: `output ${name}: the pipeline has no node "${ref.nodeId}"` };
    if (ref.port === undefined) return { ok: false, message: `output ${name}: "${ref.nodeId}" is a ${node.type}, not a sink; name one of its outputs (${spec.outputs.map((p) => `${ref.nodeId}.${p.id}`).join(', ') || 'it has none'})` };
    if (!spec.outputs.some((p) => p.id === ref.port))
      return { ok: false, message: `output ${name}: ${node.type} "${ref.nodeId}" has no output "${ref.port}" (its outputs: ${spec.outputs.map((p) => p.id).join(', ') || 'none'})` };
    let sinkId = `__out_${++n}`;
    while (taken.has(sinkId)) sinkId = `__out_${++n}`;
    taken.add(sinkId);
    out.push({ id: sinkId, type: 'fileSink', position: node.position, config: {} });
    extraEdges.push({ id: `${sinkId}__edge`, source: ref.nodeId, sourcePort: ref.port, target: sinkId, targetPort: 'in' });
    captures.push({ ref: name, nodeId: ref.nodeId, port: ref.port, sinkId });
  }
  return { ok: true, document: { ...doc, nodes: out, edges: [...edges, ...extraEdges], checkpoint: undefined }, captures };
}
