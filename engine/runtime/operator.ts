/**
 * The lifecycle every operator implements, with no-op defaults (as Arroyo's operator trait):
 * open, processElement per record, processWatermark when the combined input watermark
 * advances (timers fire here, before the watermark is forwarded), endInput when every input
 * has ended, close. All per-record calls are synchronous.
 */
import type { OperatorContext } from './operator-context.ts';
import type { DataRecord } from './record.ts';
import type { ConfigCheck } from '../pipeline/schemas.ts';
import type { SampledRecord } from './sample-ring.ts';
import type { PullSource } from './replay/pull-source.ts';

export interface Operator {
  /** Called once before the first record; may load files. */
  open?(): Promise<void> | void;
  /**
   * One record on input `port` (`in`, or `left`/`right` for joins); `timestamp` is epoch ms.
   * Must count the record once as accepted, filtered, late or errors in the node's metrics.
   */
  processElement(row: DataRecord, timestamp: number, port: string): void;
  /**
   * The combined input watermark advanced to `watermark` (epoch ms or +∞). An operator whose
   * output may lag its input's event time returns the watermark to forward instead (Flink's
   * `KeyedCoProcessOperatorWithWatermarkDelay`); it must never go back. Nothing (or
   * `undefined`) forwards `watermark` itself.
   */
  processWatermark?(watermark: number): number | void;
  /** Every input has ended (after the final watermark). */
  endInput?(): void;
  /** Flushes and releases resources; called once, also after failures. */
  close?(): Promise<void> | void;
  /**
   * Operator state beyond keyed state and timers (which the runtime snapshots itself), taken
   * when checkpoint `checkpointId`'s barrier has aligned. Must be a copy or immutable: it is
   * serialized right away. Two-phase-commit sinks pre-commit the epoch's output here.
   */
  snapshotState?(checkpointId: number): unknown;
  /**
   * Resolves when what `snapshotState(checkpointId)` pre-committed is durable (a sink's pending
   * files fsynced); the checkpoint commits only after that. @throws Error to fail the checkpoint.
   */
  snapshotDurable?(checkpointId: number): Promise<void>;
  /** Restores what `snapshotState` returned; called before `open`. */
  restoreState?(state: unknown): void;
  /** Checkpoint `checkpointId` is durable: sinks make that epoch's output visible. */
  notifyCheckpointComplete?(checkpointId: number): void;
  /**
   * Backpressure (Flink's `AvailabilityProvider#getAvailableFuture`): `undefined` while the
   * operator can take more input; otherwise a promise that resolves when it can again (an
   * asynchronous sink with too much in flight). Sources upstream stop reading at their next
   * chunk boundary until it resolves, so nothing buffers without bound. Never rejects: a
   * failure shows at the operator's next call.
   */
  available?(): Promise<void> | undefined;
  /**
   * Describes the layout of the node's state (window kind and size, key fields). A restore
   * into an edited pipeline refuses a node whose shape changed (Flink's state compatibility).
   */
  stateShape?(): string;
  /**
   * The latest records the node received, each with its arrival `position` (nodes with
   * `capabilities.provenance`: the editor highlights the inputs a result was formed from).
   */
  inputSamples?(): SampledRecord[];
}

/**
 * A source: reads until its input ends or the run stops; emits through its context. Between
 * chunks it awaits `ctx.boundary()`, where checkpoint barriers are injected with the position
 * `snapshotState()` reports at that moment.
 */
export interface SourceOperator {
  open?(): Promise<void> | void;
  /** Reads and emits everything, interleaving with other sources at chunk boundaries (`chunked` replay). */
  run(): Promise<void>;
  /**
   * The same records offered one at a time, for a merge by event time across sources (`aligned`
   * and `drift` replay; see `replay/pull-source.ts`). The job calls either `run()` or this, once,
   * after `open`; a source without it runs chunked whatever the mode.
   */
  pull?(): PullSource;
  close?(): Promise<void> | void;
  /** Position in the input and watermark-generator state, at a chunk boundary (barrier `checkpointId`). */
  snapshotState?(checkpointId: number): unknown;
  /** Resumes from a position `snapshotState` returned; called before `open`. */
  restoreState?(state: unknown): void;
  /**
   * Checkpoint `checkpointId` is durable (Flink's `SourceReader#notifyCheckpointComplete`): a
   * Kafka source commits that checkpoint's offsets to its consumer group, for monitoring.
   */
  notifyCheckpointComplete?(checkpointId: number): void;
}

/**
 * How a node type's operator is built from its context: a source, or an operator with inputs.
 * Each node type's folder exports one (`engine/nodes/<type>/operator.ts`).
 * `create` may throw an Error (bad path, no key); the job names the node. A node type with
 * typed inputs (`capabilities.typedInputs`) also gives `checkConfig`, which validation runs
 * with its inputs' schemas (the sql node compiles its query there).
 */
export type OperatorFactory<Config = unknown> =
  | { kind: 'source'; create(ctx: OperatorContext<Config>): SourceOperator; checkConfig?: ConfigCheck }
  | { kind: 'operator'; create(ctx: OperatorContext<Config>): Operator; checkConfig?: ConfigCheck };

/** Operator factories by node type id: what the job builds nodes with (`engine/nodes/registry.ts`). */
export type OperatorRegistry = Readonly<Record<string, OperatorFactory<never>>>;
