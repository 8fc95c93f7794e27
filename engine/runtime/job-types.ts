/**
 * The types of a job (`job.ts`): its options, restore plan, status and result, the access an
 * operator test harness gets to one node, and what the job keeps per node while it runs.
 */
import type { ValidNode } from '../pipeline/validate.ts';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';
import type { UserLog } from '../udf/sandbox.ts';
import type { Clock } from './clock.ts';
import type { NodeMetrics, NodeMetricsSnapshot } from './metrics.ts';
import type { Operator, OperatorRegistry, SourceOperator } from './operator.ts';
import type { OperatorContext } from './operator-context.ts';
import type { Output } from './output.ts';
import type { KeyedStateBackend } from './state/keyed-state.ts';
import type { InternalTimerService } from './state/event-timers.ts';
import type { StreamTask } from './stream-task.ts';
import type { CheckpointStore } from './checkpoint/checkpoint-store.ts';
import type { CheckpointMetrics, NodeSnapshot } from './checkpoint/snapshot.ts';
import type { ReplaySummary } from './replay/replay-summary.ts';
import type { SourceReplayState } from './replay/watermark-leads.ts';

export interface JobOptions {
  /** Operator factories by node type (`engine/nodes/registry.ts`; tests may pass others). */
  operators: OperatorRegistry;
  /** Folder that relative paths in node configs are resolved against (the pipeline file's). */
  baseDir: string;
  /** File sinks write `<outDir>/<nodeId>.jsonl` when given. */
  outDir?: string;
  /** Overrides every source's replay speed. */
  speed?: ReplaySpeed;
  clock?: Clock;
  /** Shared cells the watchdog reads (see `UdfGuard`); a private buffer when omitted. */
  guardCells?: Int32Array;
  /** Engine messages (table loaded, ...). */
  log?: (message: string) => void;
  /**
   * Makes a file durable (fsync), Flink's `RecoverableWriter` persist step. Default: fsync
   * here; a sandboxed job asks its launcher (Node 20's permission model disables fsync).
   */
  persist?: (path: string) => Promise<void>;
  /** `console.*` output of user code. */
  userLog?: UserLog;
  /** Take checkpoints into `store` every `intervalMs` of processing time. */
  checkpoint?: { store: CheckpointStore; intervalMs: number; beforeCommit?: (id: number) => Promise<void> };
  /** Resume from a checkpoint or savepoint's node snapshots. */
  restore?: RestorePlan;
  /** Each completed checkpoint's figures. */
  onCheckpoint?: (metrics: CheckpointMetrics) => void;
  /** A checkpoint that failed (the run then stops with TRB105), with the reason. */
  onCheckpointFailure?: (id: number, message: string) => void;
  /**
   * Debug the run (issue 17; `Job.debug`): steps record by record, breakpoints, the paused view.
   * Sources are merged by event time even when the pipeline says `chunked`. `startPaused`: no
   * record moves until the first step or resume.
   */
  debug?: { startPaused?: boolean };
}

/** State to resume from, by node id. */
export interface RestorePlan {
  /** Checkpoint id (new checkpoints continue after it). */
  checkpointId: number;
  /** Where it came from, for messages (`checkpoint 12`, `savepoint before-edit`). */
  label: string;
  parts: ReadonlyMap<string, NodeSnapshot>;
  /** Drop state of removed nodes or nodes whose state shape changed, instead of refusing. */
  allowNonRestoredState?: boolean;
}

/** See `Job.testNode`. */
export interface TestNodeAccess {
  task: StreamTask;
  outputs: ReadonlyMap<string, Output>;
  metrics(): NodeMetricsSnapshot;
  /** Opens the state backend and the operator (restored state is loaded first). */
  open(): Promise<void>;
  /** The node's snapshot at barrier `checkpointId`, keyed state and timers included. */
  snapshot(checkpointId: number): Promise<NodeSnapshot>;
  close(): Promise<void>;
}

export type JobStatus = 'created' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

export interface JobResult {
  status: 'finished' | 'stopped';
  /** Completed checkpoints of this run (the final one included). */
  checkpoints: CheckpointMetrics[];
  /** Wall-clock duration in ms. */
  durationMs: number;
  /** Records read by all sources. */
  recordsRead: number;
  nodes: NodeMetricsSnapshot[];
  /** How the sources were interleaved, and how far each one's watermark led the others at most. */
  replay: ReplaySummary;
}

/** What the job keeps per node while it runs (internal to the job). */
export interface NodeRuntime {
  nodeId: string;
  type: string;
  node: ValidNode;
  index: number;
  metrics: NodeMetrics;
  outputs: Map<string, Output>;
  task?: StreamTask;
  state: KeyedStateBackend;
  timers: InternalTimerService;
  ctx?: OperatorContext;
  operator?: Operator;
  source?: SourceOperator;
  /** Sources: their part in the replay (checkpointed). */
  replay?: SourceReplayState;
  /** Sources: pulled by the merge of this run. */
  merged?: boolean;
  /** Sources: operators downstream that may apply backpressure. */
  downstream?: Operator[];
}
