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
import type { TimerService } from '../state/timer-service.ts';
import type { Task } from '../task.ts';
import type { NodeSnapshot } from './snapshot.ts';
import { LevelDbKeyedStateBackend } from '../state/leveldb-backend.ts';
import { snapshotFromEntries } from '../state/state-entries.ts';
import { HeapKeyedStateBackend, type KeyedChunks } from '../state/heap-backend.ts';

/** The parts of a running node that checkpoints read and restore. */
export interface SnapshotTarget {
  nodeId: string;
  type: string;
  metrics: NodeMetrics;
  outputs: Map<string, Output>;
  task?: Task;
  state: KeyedStateBackend;
  timers: TimerService;
  operator?: Operator;
  source?: SourceOperator;
}

const COUNTERS = ['in', 'accepted', 'filtered', 'late', 'errors', 'maxEventTime', 'inputWatermark', 'outputWatermark'] as const;

export function stateShape(t: SnapshotTarget): string {
  return t.operator?.stateShape?.() ?? t.type;
}

/**
 * The node's snapshot at barrier `checkpointId` (sinks pre-commit here). Keyed state follows
 * asynchronously in `chunks` (both backends snapshot asynchronously).
 */
export function snapshotNode(t: SnapshotTarget, checkpointId: number): { snapshot: NodeSnapshot; chunks?: Promise<KeyedChunks> } {
  const asyncState = t.task && (t.state instanceof LevelDbKeyedStateBackend || t.state instanceof HeapKeyedStateBackend) ? t.state : undefined;
  const counters: Record<string, number> = {};
  for (const c of COUNTERS) counters[c] = t.metrics[c];
  const outputCounts: Record<string, number> = {};
  for (const [port, o] of t.outputs) outputCounts[port] = o.count;
  const snapshot: NodeSnapshot = {
    nodeId: t.nodeId,
    type: t.type,
    shape: stateShape(t),
    keyed: t.task && !asyncState ? t.state.snapshot() : undefined,
    timers: t.task ? t.timers.entries() : undefined,
    watermarks: t.task?.combiner.snapshot(),
    counters,
    outputCounts,
    operator: t.source ? t.source.snapshotState?.() : t.operator?.snapshotState?.(checkpointId),
  };
  return { snapshot, chunks: asyncState?.snapshotAsync() };
}

/**
 * Restores a node from its snapshot. Call after building the operator, before `open`; a LevelDB
 * backend loads its state in `restoreEntries` (async) before the operators open.
 */
export function restoreNode(t: SnapshotTarget, s: NodeSnapshot): void {
  if (s.keyed) t.state.restore(s.keyed);
  if (s.keyedEntries) {
    if (t.state instanceof LevelDbKeyedStateBackend) t.state.restoreLater(s.keyedEntries);
    else t.state.restore(snapshotFromEntries(s.keyedEntries.flat()));
  }
  if (s.timers) t.timers.restore(s.timers);
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
