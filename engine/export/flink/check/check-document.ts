/**
 * The document `flink-check` runs on both engines: the user's pipeline with
 * - `--input node=FILE` applied: a file source reads FILE; any other source (Kafka, values,
 *   generator) becomes a file source over FILE (JSON lines of its records) with the same id,
 *   event time and watermarks — a Kafka timestamp cannot come from a file and is refused;
 * - every sink turned into a file sink with the same id (and no path: the check chooses the
 *   folders), so console, preview and Kafka sinks are compared too and nothing is written to
 *   production systems; a Kafka sink's value code becomes a `map` just before it.
 * A Kafka source without `--input` must be bounded (`stopAtEnd`): both engines read the topic.
 */
import { extname } from 'node:path';
import { nodeTypeSpec } from '../../../nodes/catalog.ts';
import type { RawDocument, RawEdge, RawNode } from '../../../pipeline/raw-document.ts';


/** The rewritten document, or why the check cannot run. */
export type CheckDocument = { ok: true; document: RawDocument; sinks: string[] } | { ok: false; message: string };

function asFileSource(node: RawNode, path: string): RawNode | string {
  const config = node.config ?? {};
  const format = extname(path).toLowerCase() === '.csv' ? 'csv' : 'jsonl';
  if (node.type === 'fileSource') return { ...node, config: { ...config, path } };
  let time: unknown = config.time;
  if (node.type === 'kafkaSource') {
    const t = config.time as { mode?: string } | undefined;
    if (t === undefined || t.mode === 'kafka')
      return `--input ${node.id}: the source's event time is the Kafka timestamp, which a sample file does not have; give the node an event-time field or expression`;
  }
  if (node.type === 'generator') time = { mode: 'event', field: 'ts', format: 'epochMillis' };
  if (time === undefined) return `--input ${node.id}: a ${node.type} node cannot read a sample file`;
  return { id: node.id, type: 'fileSource', position: node.position, config: { path, format, time, watermarks: config.watermarks ?? {} } };
}

/**
 * Rewrites a raw document for the check.
 * @param inputs sample files by source node id (absolute paths).
 */
export function checkDocument(raw: unknown, inputs: Readonly<Record<string, string>>): CheckDocument {
  const doc = structuredClone(raw) as RawDocument;
  const nodes = doc.nodes ?? [];
  const edges = doc.edges ?? [];
  for (const id of Object.keys(inputs)) {
    const node = nodes.find((n) => n.id === id);
    if (!node) return { ok: false, message: `--input ${id}: no node "${id}"` };
    if (nodeTypeSpec(node.type)?.category !== 'source') return { ok: false, message: `--input ${id}: "${id}" is a ${node.type}, not a source` };
  }
  const out: RawNode[] = [];
  const extraEdges: RawEdge[] = [];
  const sinks: string[] = [];
  for (const node of nodes) {
    const spec = nodeTypeSpec(node.type);
    const input = inputs[node.id];
    if (input !== undefined) {
      const replaced = asFileSource(node, input);
      if (typeof replaced === 'string') return { ok: false, message: replaced };
      out.push(replaced);
      continue;
    }
    if (node.type === 'kafkaSource' && node.config?.stopAtEnd !== true)
      return { ok: false, message: `Kafka source ${node.id} reads without end (stopAtEnd is off): give a sample with --input ${node.id}=FILE (JSON lines of its records)` };
    if (spec?.category !== 'sink') {
      out.push(node);
      continue;
    }
    sinks.push(node.id);
    if (node.type === 'kafkaSink' && node.code?.trim()) {
      const mapId = `${node.id}__value`;
      out.push({ id: mapId, type: 'map', position: node.position, config: {}, code: node.code });
      for (const e of edges) if (e.target === node.id) e.target = mapId;
      extraEdges.push({ id: `${mapId}__edge`, source: mapId, sourcePort: 'out', target: node.id, targetPort: 'in' });
    }
    out.push({ id: node.id, type: 'fileSink', position: node.position, config: {} });
  }
  return { ok: true, document: { ...doc, nodes: out, edges: [...edges, ...extraEdges], checkpoint: undefined }, sinks };
}
