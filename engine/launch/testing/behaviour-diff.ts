/**
 * Behaviour diff: runs two versions of a pipeline (A and B) on the same inputs, each
 * deterministically (`capture-run.ts`: punctuated watermarks unless asked otherwise), and
 * compares what they wrote per sink — rows only in A, only in B, and changed (by key, given or
 * inferred by `output-keys.ts`) — with the shared comparer (`engine/pipeline/row-diff.ts`).
 * With `nodes`, every output port of every node both versions have (same id) is compared too, so
 * the studio can highlight where the behaviour starts to differ. A sink only one version has is
 * compared with nothing. Used by `tributary diff` and the studio's compare view; the caller
 * checks workspace trust for both documents first.
 */
import { nodeTypeSpec } from '../../nodes/catalog.ts';
import { formatOutputRef, type OutputRef, type TestInput } from '../../pipeline/pipeline-test.ts';
import type { Problem } from '../../pipeline/problems.ts';
import { diffRows, type Row, type RowDiff } from '../../pipeline/row-diff.ts';
import type { CodeCompiler } from '../../pipeline/validate.ts';
import type { JobRuntime } from '../runtime-bundle.ts';
import { captureRun, type CaptureResult } from './capture-run.ts';
import { chooseKey, upstreamKey } from './output-keys.ts';
import type { RawDocument } from './test-document.ts';

export interface DiffSideInput {
  /** The pipeline document as parsed. */
  document: unknown;
  /** Folder its relative paths resolve against. */
  baseDir: string;
}

export interface BehaviourDiffOptions {
  a: DiffSideInput;
  b: DiffSideInput;
  /** Inputs by source node id, for both versions (`--input node=FILE`). */
  inputs?: Readonly<Record<string, TestInput>>;
  /** Folder the inputs' relative paths resolve against. */
  inputsDir: string;
  watermarks?: 'punctuated' | 'pipeline';
  /** Also compare every node's outputs (not only sinks). */
  nodes?: boolean;
  /** Rows of each kind kept (default 5; `Infinity`: all). */
  shown?: number;
  compileCode: CodeCompiler;
  runtime: JobRuntime | Promise<JobRuntime>;
}

export interface OutputDiff {
  /** `hourly` (a sink), `per_hour.out` (a node's port). */
  ref: string;
  nodeId: string;
  port?: string;
  /** Set when only one version has this output. */
  onlyIn?: 'a' | 'b';
  diff: RowDiff;
}

export type BehaviourDiffResult =
  | { status: 'compared'; equal: boolean; outputs: OutputDiff[]; aMs: number; bMs: number }
  | { status: 'failed'; side: 'a' | 'b'; message: string; problems?: Problem[]; nodeId?: string };

function sinkIds(doc: RawDocument): string[] {
  return (doc.nodes ?? []).filter((n) => nodeTypeSpec(n.type)?.category === 'sink').map((n) => n.id);
}

/** Every output port of every non-sink node with the same id in both documents. */
function sharedPorts(a: RawDocument, b: RawDocument): OutputRef[] {
  const inB = new Map((b.nodes ?? []).map((n) => [n.id, n]));
  const refs: OutputRef[] = [];
  for (const node of a.nodes ?? []) {
    const other = inB.get(node.id);
    const spec = nodeTypeSpec(node.type);
    const otherSpec = other ? nodeTypeSpec(other.type) : undefined;
    if (!spec || !otherSpec || spec.category === 'sink' || otherSpec.category === 'sink') continue;
    for (const port of spec.outputs) if (otherSpec.outputs.some((p) => p.id === port.id)) refs.push({ nodeId: node.id, port: port.id });
  }
  return refs;
}

/** Runs both versions and compares their outputs. Never throws for the pipelines' problems. */
export async function behaviourDiff(options: BehaviourDiffOptions): Promise<BehaviourDiffResult> {
  const a = options.a.document as RawDocument;
  const b = options.b.document as RawDocument;
  const capture = options.nodes ? sharedPorts(a, b) : [];
  const run = (side: DiffSideInput): Promise<CaptureResult> =>
    captureRun({
      document: side.document,
      baseDir: side.baseDir,
      inputs: options.inputs,
      inputsDir: options.inputsDir,
      capture,
      watermarks: options.watermarks ?? 'punctuated',
      compileCode: options.compileCode,
      runtime: options.runtime,
    });
  const [ra, rb] = await Promise.all([run(options.a), run(options.b)]);
  for (const [side, r] of [['a', ra], ['b', rb]] as const) {
    if (r.status === 'invalid') return { status: 'failed', side, message: `pipeline ${side.toUpperCase()} is invalid (${r.problems.length} problem${r.problems.length === 1 ? '' : 's'})`, problems: r.problems };
    if (r.status === 'failed') return { status: 'failed', side, message: `pipeline ${side.toUpperCase()}: ${r.message}`, nodeId: r.nodeId };
  }
  if (ra.status !== 'ran' || rb.status !== 'ran') throw new Error('unreachable');
  const sinksA = sinkIds(a);
  const sinksB = sinkIds(b);
  const refs: { ref: string; at: OutputRef; onlyIn?: 'a' | 'b' }[] = [
    ...sinksA.map((id) => ({ ref: id, at: { nodeId: id }, ...(sinksB.includes(id) ? {} : { onlyIn: 'a' as const }) })),
    ...sinksB.filter((id) => !sinksA.includes(id)).map((id) => ({ ref: id, at: { nodeId: id }, onlyIn: 'b' as const })),
    ...capture.map((at) => ({ ref: formatOutputRef(at), at })),
  ];
  const outputs: OutputDiff[] = refs.map(({ ref, at, onlyIn }) => {
    const rowsA: Row[] = onlyIn === 'b' ? [] : (ra.outputs.get(ref) ?? []);
    const rowsB: Row[] = onlyIn === 'a' ? [] : (rb.outputs.get(ref) ?? []);
    const key = chooseKey(upstreamKey(onlyIn === 'b' ? b : a, at.nodeId, at.port) ?? upstreamKey(b, at.nodeId, at.port), rowsA, rowsB);
    return { ref, nodeId: at.nodeId, ...(at.port === undefined ? {} : { port: at.port }), ...(onlyIn ? { onlyIn } : {}), diff: diffRows(rowsA, rowsB, { key, shown: options.shown }) };
  });
  return { status: 'compared', equal: outputs.every((o) => o.diff.equal && o.onlyIn === undefined), outputs, aMs: ra.durationMs, bMs: rb.durationMs };
}
