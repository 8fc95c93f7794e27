/**
 * Messages of a launched job: between the launching process (CLI, engine host, an exported
 * bundle's outer process), the job process it forks (the supervisor, inside Node's permission
 * model) and the job's worker thread. The same events travel both hops unchanged; only `persist`
 * requests go up to the launcher, which alone may fsync (Node 20's permission model disables it).
 */
import type { JobResult } from '../runtime/job.ts';
import type { NodeMetricsSnapshot } from '../runtime/metrics.ts';
import type { Problem } from '../pipeline/problems.ts';
import type { SampledRecord } from '../runtime/sample-ring.ts';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';
import type { CheckpointMetrics } from '../runtime/checkpoint/snapshot.ts';
import type { ErrorInfo } from '../pipeline/errors.ts';
import type { Breakpoint, StepRequest } from '../runtime/debug/debug-types.ts';

/**
 * What to run. The launcher has validated the document and compiled its code; the job validates
 * again with exactly that code (`compiled`, see `engine/launch/compiled-code.ts`), never with a
 * compiler, so the job process needs no esbuild and runs no code the launcher did not check.
 */
export interface RunRequest {
  /** The document as JSON (after `--set` overrides and parameters). */
  document: unknown;
  /** User code compiled by the launcher, by `compiledKey`. */
  compiled: Record<string, string>;
  /** Folder that relative paths in the document resolve against (absolute). */
  baseDir: string;
  outDir?: string;
  speed?: ReplaySpeed;
  /** Metrics cadence in ms (default 100: ten times a second). */
  metricsIntervalMs?: number;
  /** Checkpoint into this directory (LevelDB) and resume from it; see `RestoreRequest`. */
  checkpointDir?: string;
  /** The launcher's pid: it holds the checkpoint directory's lock for the job. */
  checkpointLockedBy?: number;
  /** Overrides the document's `checkpoint.intervalMs` (default 1000 when it has none). */
  checkpointIntervalMs?: number;
  restore?: string;
  fresh?: boolean;
  allowNonRestoredState?: boolean;
  /** The job worker's heap limit in MiB (`resourceLimits.maxOldGenerationSizeMb`). */
  maxHeapMb?: number;
  /** Debug the run (`JobOptions.debug`): steps, breakpoints; `startPaused` waits for the first step. */
  debug?: { startPaused: boolean };
  /** Test hook: the job exits abruptly after writing checkpoint parts, before the commit. */
  crashBeforeCommitOf?: number;
}

export type WorkerCommand =
  | { type: 'stop' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'samples'; requestId: number; nodeId: string; port: string }
  | { type: 'savepoint'; requestId: number; dir: string; name: string }
  | { type: 'persisted'; requestId: number; error?: string }
  | { type: 'debug'; requestId: number; call: DebugCall };

/** A debugger call (`Job.debug`), answered by a `debug` event with the same `requestId`. */
export type DebugCall =
  | { kind: 'step'; request: StepRequest }
  | { kind: 'breakpoints'; breakpoints: Breakpoint[] }
  | { kind: 'view' }
  | { kind: 'windows'; nodeId: string; limit?: number };

export type WorkerEvent =
  | { type: 'invalid'; problems: Problem[] }
  | { type: 'started'; nodeIds: string[]; udfTimeoutMs: number; sinks: { nodeId: string; path?: string }[] }
  | { type: 'metrics'; elapsedMs: number; nodes: NodeMetricsSnapshot[] }
  | { type: 'log'; message: string }
  | { type: 'samples'; requestId: number; records: SampledRecord[] }
  | { type: 'checkpoint'; metrics: CheckpointMetrics }
  | { type: 'savepoint'; requestId: number; path?: string; error?: string }
  /** The answer to a `debug` command: its result (a `DebugView`, `OpenWindowsView` or `{}`), or why it failed. */
  | { type: 'debug'; requestId: number; result?: unknown; error?: string }
  /** Asks the launcher to fsync `path` (a file or folder the job may write); answered by `persisted`. */
  | { type: 'persist'; requestId: number; path: string }
  | { type: 'finished'; result: JobResult; samples: Record<string, Record<string, SampledRecord[]>> }
  | { type: 'failed'; error: ErrorInfo; nodes?: NodeMetricsSnapshot[] };

/** The launcher's first message to the job process. */
export interface StartMessage {
  type: 'start';
  request: RunRequest;
}
