/**
 * Taking and restoring one node's snapshot: keyed state, timers, input watermarks, counters,
 * output counts and operator state. A restore checks the node's state shape first (Flink's
 * state compatibility check): a window whose size, kind, key or aggregates changed cannot take
 * the old state.
 */
import type { NodeMetrics } from '../metrics.ts';
import type { Operator, SourceOperator } from '../operator.ts';
import type { Output } from '../output.ts';
import type { KeyedStateBackend } from '../state/keyed-state.ts';
import type { InternalTimerService } from '../state/event-timers.ts';
import type { StreamTask } from '../stream-task.ts';
import type { NodeSnapshot } from './snapshot.ts';
import type { KeyedChunks } from '../state/heap-backend.ts';

/** The parts of a running node that checkpoints read and restore. */
export interface SnapshotTarget {
  nodeId: string;
  type: string;
  metrics: NodeMetrics;
  outputs: Map<string, Output>;
  task?: StreamTask;
  state: KeyedStateBackend;
  timers: InternalTimerService;
  operator?: Operator;
  source?: SourceOperator;
}

const COUNTERS = ['in', 'accepted', 'filtered', 'late', 'errors', 'maxEventTime', 'inputWatermark', 'outputWatermark'] as const;

export function stateShape(t: SnapshotTarget): string {
  return t.operator?.stateShape?.() ?? t.type;
}

/** Keyed state and timers of a node, snapshotted asynchronously side by side into `sink`. */
async function keyedChunks(t: SnapshotTarget, sink: (chunk: Buffer) => void): Promise<KeyedChunks> {
  try {
    const [state] = await Promise.all([t.state.snapshotAsync(sink), t.timers.snapshotAsync(sink)]);
    return { chunks: [], entries: state.entries };
  } catch (error) {
    throw new Error(`node ${t.nodeId}: its state cannot be snapshotted (${(error as Error).message})`);
  }
}

/**
 * The node's snapshot at barrier `checkpointId` (sinks pre-commit here). Keyed state and
 * timers follow asynchronously: their chunks go to `sink`, and `chunks` settles when the last
 * one was sent.
 */
export function snapshotNode(t: SnapshotTarget, checkpointId: number, sink: (chunk: Buffer) => void): { snapshot: NodeSnapshot; chunks?: Promise<KeyedChunks> } {
  const counters: Record<string, number> = {};
  for (const c of COUNTERS) counters[c] = t.metrics[c];
  const outputCounts: Record<string, number> = {};
  for (const [port, o] of t.outputs) outputCounts[port] = o.count;
  const snapshot: NodeSnapshot = {
    nodeId: t.nodeId,
    type: t.type,
    shape: stateShape(t),
    watermarks: t.task?.combiner.snapshot(),
    counters,
    outputCounts,
    operator: t.source ? t.source.snapshotState?.(checkpointId) : t.operator?.snapshotState?.(checkpointId),
  };
  const keyed = t.task ? keyedChunks(t, sink) : undefined;
  const durable = t.operator?.snapshotDurable?.(checkpointId);
  if (!durable) return { snapshot, chunks: keyed };
  const persisted = durable.catch((error: unknown) => {
    throw new Error(`node ${t.nodeId}: its output cannot be made durable (${(error as Error).message})`);
  });
  return { snapshot, chunks: Promise.all([keyed, persisted]).then(([k]) => k ?? { chunks: [], entries: 0 }) };
}

/**
 * Restores a node from its snapshot. Call after building the operator, before `open`; a LevelDB
 * backend writes its state into the working database in `restoreEntries` (async) before the
 * operators open.
 */
export function restoreNode(t: SnapshotTarget, s: NodeSnapshot): void {
  if (s.chunks) {
    t.state.restoreChunks(s.chunks);
    t.timers.restoreChunks(s.chunks);
  }
  if (s.watermarks) t.task?.combiner.restore(s.watermarks);
  for (const c of COUNTERS) if (typeof s.counters[c] === 'number') t.metrics[c] = s.counters[c] as number;
  for (const [port, count] of Object.entries(s.outputCounts)) {
    const o = t.outputs.get(port);
    if (o) o.count = count;
  }
  if (s.operator !== undefined) {
    if (t.source) t.source.restoreState?.(s.operator);
    else t.operator?.restoreState?.(s.operator);
  }
}
