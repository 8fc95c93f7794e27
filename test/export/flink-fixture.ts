/**
 * Small pipelines for the Flink export tests: a document builder (nodes in a chain unless edges
 * are given), a scratch folder with data files, and `exportTo`, which runs the real exporter.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFlink, type FlinkExportResult } from '../../engine/export/flink/export-flink.ts';

export interface TestNode {
  id: string;
  type: string;
  config?: Record<string, unknown>;
  code?: string;
}

export interface TestEdge {
  source: string;
  target: string;
  sourcePort?: string;
  targetPort?: string;
}

/** A pipeline document; without `edges`, the nodes form a chain from `out` to `in`. */
export function pipeline(name: string, nodes: readonly TestNode[], edges?: readonly TestEdge[]): Record<string, unknown> {
  const chain: TestEdge[] = nodes.slice(1).map((n, i) => ({ source: (nodes[i] as TestNode).id, target: n.id }));
  return {
    version: 1,
    name,
    nodes: nodes.map((n) => ({ id: n.id, type: n.type, position: { x: 0, y: 0 }, config: n.config ?? {}, ...(n.code !== undefined ? { code: n.code } : {}) })),
    edges: (edges ?? chain).map((e, i) => ({ id: `e${i}`, source: e.source, sourcePort: e.sourcePort ?? 'out', target: e.target, targetPort: e.targetPort ?? 'in' })),
  };
}

/** A fresh scratch folder. */
export function scratch(prefix = 'tributary-flink-export-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes records as JSON lines into `dir/name`. @returns the absolute path. */
export function writeJsonl(dir: string, name: string, rows: readonly Record<string, unknown>[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path;
}

/** A JSON-lines file source over `path` with event time from `field` (epoch ms) and a bound. */
export function jsonlSource(id: string, path: string, field = 'ts', bound = 0, extra: Record<string, unknown> = {}): TestNode {
  return { id, type: 'fileSource', config: { path, time: { mode: 'event', field }, watermarks: { maxOutOfOrderness: bound }, ...extra } };
}

/** Exports `doc` (relative paths against `dir`) into `dir/export`. */
export function exportTo(dir: string, doc: unknown, options: { strict?: boolean; params?: string[]; samples?: Record<string, string> } = {}): Promise<FlinkExportResult> {
  return exportFlink({ document: doc, sourceFile: 'test.pipeline.json', baseDir: dir, outDir: join(dir, 'export'), ...options });
}

/** The refusal messages of a refused export as `nodeId: message` lines (asserts it was refused). */
export function refusals(result: FlinkExportResult): string[] {
  if (result.ok || result.kind !== 'refused') throw new Error(`expected a refusal, got ${JSON.stringify(result).slice(0, 400)}`);
  return result.problems.map((p) => `${p.nodeId ?? '-'}${p.field ? ` [${p.field}]` : ''}: ${p.message}`);
}
