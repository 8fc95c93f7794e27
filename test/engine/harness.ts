/**
 * Engine conformance harness: builds a pipeline from an inline document, validates it with the
 * engine's full check (`validatePipeline`, code compiled by esbuild), runs a `Job` in-process
 * with a temp folder as `baseDir` (data files written there first) and `outDir`, and asserts
 * the balance rule `in = accepted + filtered + late + errors` for every node of every run.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { validatePipeline } from '../../engine/nodes/load.ts';
import type { Problem } from '../../engine/pipeline/problems.ts';
import type { Clock } from '../../engine/runtime/clock.ts';
import { createJob } from '../../engine/nodes/create-job.ts';
import { type Job, type JobResult } from '../../engine/runtime/job.ts';
import type { NodeMetricsSnapshot } from '../../engine/runtime/metrics.ts';
import type { DataRecord } from '../../engine/runtime/record.ts';

export interface NodeInput {
  id: string;
  type: string;
  version?: number;
  config?: Record<string, unknown>;
  code?: string;
}

export interface EdgeInput {
  id: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

export interface DocInput {
  version?: unknown;
  name?: string;
  settings?: { udfTimeoutMs?: number; replay?: Record<string, unknown> };
  nodes: NodeInput[];
  edges: EdgeInput[];
}

let edgeCount = 0;

/** A node of `type` with `config` (and `code`). */
export function node(id: string, type: string, config: Record<string, unknown> = {}, code?: string): NodeInput {
  return code === undefined ? { id, type, config } : { id, type, config, code };
}

/** An edge `source.sourcePort → target.targetPort` (ports default to `out` and `in`). */
export function edge(source: string, target: string, sourcePort = 'out', targetPort = 'in'): EdgeInput {
  edgeCount++;
  return { id: `e${edgeCount}_${source}_${sourcePort}_${target}_${targetPort}`, source, sourcePort, target, targetPort };
}

/** The version-1 document envelope around `nodes` and `edges`. */
export function doc(nodes: NodeInput[], edges: EdgeInput[], extra: Partial<DocInput> = {}): DocInput {
  return { version: 1, name: 'conformance', nodes, edges, ...extra };
}

/** A fresh temp folder holding `files` (path relative to the folder → contents). */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-conf-'));
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}

/** JSON Lines text of `rows`. */
export function jsonl(rows: readonly unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** Validation problems of a document (empty when it is valid). */
export function problemsOf(raw: unknown): Problem[] {
  const result = validatePipeline(raw);
  return result.ok ? [] : result.problems;
}

export interface RunOptions {
  files?: Record<string, string>;
  clock?: Clock;
}

export interface Run {
  job: Job;
  result: JobResult;
  dir: string;
  outDir: string;
  /** Final counters of a node. */
  metrics(nodeId: string): NodeMetricsSnapshot;
  /** Rows a preview sink received (JSON round-tripped: plain data, +∞ becomes null). */
  rows(nodeId: string): DataRecord[];
  /** Event timestamps of the rows a preview sink received. */
  times(nodeId: string): number[];
  /** Rows a file sink wrote to `<outDir>/<nodeId>.jsonl`. */
  fileRows(nodeId: string): DataRecord[];
}

/**
 * Validates `raw` (throwing with the problems when invalid), runs it to its end and checks the
 * balance rule for every node.
 */
export async function runPipeline(raw: DocInput, options: RunOptions = {}): Promise<Run> {
  const dir = tempDir(options.files);
  const outDir = join(dir, 'out');
  const validated = validatePipeline(raw);
  if (!validated.ok) throw new Error(`invalid pipeline:\n${validated.problems.map((p) => JSON.stringify(p)).join('\n')}`);
  const job = createJob(validated.pipeline, { baseDir: dir, outDir, clock: options.clock });
  const result = await job.run();
  expect(result.status).toBe('finished');
  const byId = new Map(result.nodes.map((n) => [n.nodeId, n]));
  expectBalanced(result.nodes);
  const metrics = (id: string): NodeMetricsSnapshot => {
    const m = byId.get(id);
    if (!m) throw new Error(`no node ${id}`);
    return m;
  };
  return {
    job,
    result,
    dir,
    outDir,
    metrics,
    rows: (id) => JSON.parse(JSON.stringify(job.samples(id).map((s) => s.row))) as DataRecord[],
    times: (id) => job.samples(id).map((s) => s.timestamp),
    fileRows: (id) => {
      const path = join(outDir, `${id}.jsonl`);
      if (!existsSync(path)) return [];
      return readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as DataRecord);
    },
  };
}

/** The balance rule: every record that entered a node is accepted, filtered, late or an error. */
export function expectBalanced(nodes: readonly NodeMetricsSnapshot[]): void {
  for (const n of nodes) {
    expect(
      { node: n.nodeId, in: n.in, sum: n.accepted + n.filtered + n.late + n.errors },
      `balance of ${n.nodeId}: in=${n.in} accepted=${n.accepted} filtered=${n.filtered} late=${n.late} errors=${n.errors}`,
    ).toEqual({ node: n.nodeId, in: n.in, sum: n.in });
    expect(n.balanced).toBe(true);
  }
}

/** `{ in, accepted, filtered, late, errors, out }` of a node, for one-line assertions. */
export function counts(m: NodeMetricsSnapshot): { in: number; accepted: number; filtered: number; late: number; errors: number; out: number } {
  return { in: m.in, accepted: m.accepted, filtered: m.filtered, late: m.late, errors: m.errors, out: m.out };
}
