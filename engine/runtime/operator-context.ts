/**
 * What an operator factory receives: the node's validated config and compiled code, its
 * outputs, metrics, keyed state, timers, the key of an upstream keyBy, and the run's clock
 * and paths. One context per node.
 */
import type { Clock } from './clock.ts';
import type { KeySelector } from './key-selector.ts';
import type { NodeMetrics } from './metrics.ts';
import type { Output } from './output.ts';
import type { KeyedStateBackend } from './state/keyed-state.ts';
import type { InternalTimerService } from './state/event-timers.ts';
import type { UdfGuard } from './udf-guard.ts';
import type { DataRecord } from './record.ts';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';
import type { ResolvedReplay } from '../pipeline/replay.ts';
import type { SchemaColumn } from '../pipeline/node-spec.ts';

/** DataRecord on a node's `errors` output: what failed, where, and the input that failed. */
export interface ErrorRecord extends DataRecord {
  node: string;
  reason: string;
  file?: string;
  line?: number;
  raw?: string;
  record?: DataRecord;
}

/** DataRecord on a node's `late` output: the record and how far behind the watermark it was. */
export interface LateRecord extends DataRecord {
  node: string;
  /** `watermark - event time`, in ms. */
  late_by_ms: number;
  event_time: string;
  watermark: string;
  record: DataRecord;
}

export interface OperatorContext<Config = unknown> {
  readonly nodeId: string;
  readonly type: string;
  readonly config: Config;
  readonly metrics: NodeMetrics;
  /** The output on `port`; records on an unconnected port are still counted and sampled. */
  output(port: string): Output;
  /** The node's combined input watermark (epoch ms; -∞ before the first). */
  currentWatermark(): number;
  readonly state: KeyedStateBackend;
  readonly timers: InternalTimerService;
  /**
   * The key of input `port` (Flink's KeyedStream): the node's own key field for that port
   * (its spec's `capabilities.keys`), else the key of a keyBy directly upstream; `undefined`
   * when there is neither.
   */
  keyOf(port: string): KeySelector | undefined;
  /**
   * For a node with typed inputs (`capabilities.typedInputs`): the columns of each input port
   * as validation resolved them (declared upstream or inferred in the node's config); empty
   * for other nodes.
   */
  readonly inputSchemas: Readonly<Record<string, readonly SchemaColumn[]>>;
  /**
   * Instantiates the node's compiled code, or a config expression by its field path
   * (`key`, `time`, `leftKey`, ...). @throws Error when there is none.
   */
  userCode<T>(field?: string): T;
  /** Whether the node has code (or a compiled config expression at `field`). */
  hasUserCode(field?: string): boolean;
  readonly guard: UdfGuard;
  readonly clock: Clock;
  /** Resolves a path from the config against the pipeline file's folder. */
  resolvePath(path: string): string;
  /** `--out DIR` of the run, where file sinks write `<nodeId>.jsonl`. */
  readonly outDir: string | undefined;
  /** Replay speed override of the run (`--speed`). */
  readonly speed: ReplaySpeed | undefined;
  /**
   * How the run interleaves sources (`settings.replay`, defaults applied). The job merges sources
   * that offer `SourceOperator#pull`; a source with splits of its own (Kafka partitions) should
   * merge them by event time too unless the mode is `chunked`, and offer the merged order.
   */
  readonly replay: ResolvedReplay;
  /** Whether the run was asked to stop (sources check it between chunks). */
  stopped(): boolean;
  /** Resolves while the run is paused (sources await it between chunks). */
  whenRunning(): Promise<void>;
  /**
   * Sources call this between chunks, at a position `snapshotState()` can report: the job
   * injects a due checkpoint barrier here, honours pause, and yields to the event loop.
   * `ending`: the input is exhausted (a pending barrier is still emitted; no new checkpoints
   * start after a source ended). @returns `false` when the run was asked to stop.
   */
  boundary(options?: { ending?: boolean }): Promise<boolean>;
  /** Whether this run takes checkpoints (file sinks then commit per epoch). */
  readonly checkpointing: boolean;
  log(message: string): void;
  /**
   * Makes the file at `path` durable (fsync; for a folder, its entries). Resolves once it is;
   * sinks await it before a checkpoint counts their output as committed.
   * @throws Error when the file cannot be synced.
   */
  persist(path: string): Promise<void>;
  /**
   * Emits an error row on `errors`. Counts an input record as `errors` unless `countsInput`
   * is false (a failure on something that is not an input record, e.g. a joined pair).
   */
  error(reason: string, detail: Omit<ErrorRecord, 'node' | 'reason'>, timestamp: number, countsInput?: boolean): void;
  /** Emits a late row on `late` and counts it. */
  late(row: DataRecord, timestamp: number): void;
}
