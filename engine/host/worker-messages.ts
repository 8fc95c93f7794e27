/**
 * Messages between a run's supervising thread and the worker thread that runs the job
 * (`job-worker.ts`). Internal to the host; the editor's protocol is `protocol.ts`.
 */
import type { JobResult } from '../runtime/job.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { Problem } from '../pipeline/problems.ts';
import type { SampledRecord } from '../runtime/sample-ring.ts';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';

/** What to run: a file (with `--set` overrides) or a document given inline. */
export interface RunRequest {
  /** Pipeline file; relative paths in it resolve against its folder. */
  path?: string;
  /** Inline document (the editor's); `baseDir` then resolves its relative paths. */
  document?: unknown;
  baseDir?: string;
  overrides?: string[];
  outDir?: string;
  speed?: ReplaySpeed;
  /** Metrics cadence in ms (default 100: ten times a second). */
  metricsIntervalMs?: number;
  /** Checkpoint into this directory (LevelDB) and resume from it; see `RestoreRequest`. */
  checkpointDir?: string;
  /** Overrides the document's `checkpoint.intervalMs` (default 1000 when it has none). */
  checkpointIntervalMs?: number;
  restore?: string;
  fresh?: boolean;
  allowNonRestoredState?: boolean;
  /** Test hook: the worker exits abruptly after writing checkpoint parts, before the commit. */
  crashBeforeCommitOf?: number;
}

export type WorkerCommand =
  | { type: 'stop' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'samples'; requestId: number; nodeId: string; port: string }
  | { type: 'savepoint'; requestId: number; dir: string; name: string };

export type WorkerEvent =
  | { type: 'invalid'; problems: Problem[] }
  | { type: 'unreadable'; message: string }
  | { type: 'started'; nodeIds: string[]; udfTimeoutMs: number; sinks: { nodeId: string; path?: string }[] }
  | { type: 'metrics'; elapsedMs: number; nodes: NodeMetricsSnapshot[] }
  | { type: 'log'; message: string }
  | { type: 'samples'; requestId: number; records: SampledRecord[] }
  | { type: 'checkpoint'; metrics: CheckpointMetrics }
  | { type: 'savepoint'; requestId: number; path?: string; error?: string }
  | { type: 'finished'; result: JobResult; samples: Record<string, Record<string, SampledRecord[]>> }
  | { type: 'failed'; message: string; nodes?: NodeMetricsSnapshot[] };
