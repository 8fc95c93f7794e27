/**
 * Per-node counters the live view and the run summary read. Every record that enters a node
 * is counted once as `accepted`, `filtered`, `late` or `errors`, so at the end of a run
 * `in = accepted + filtered + late + errors` holds for every node (sources count what they
 * read as `in`). `out` (in snapshots) counts records emitted on the main output: equal to `accepted` for
 * one-to-one nodes, different where records are aggregated (windows) or multiplied (flatMap,
 * joins).
 */
import { MIN_WATERMARK } from './record.ts';

/** One Kafka partition's progress, for the live view and Kafka tooling alike. */
export interface PartitionProgress {
  topic: string;
  partition: number;
  /** Next offset to read (everything before it has been emitted). */
  offset: number;
  /** The partition's end (last stable offset for read_committed) as of the latest fetch; null before one. */
  end: number | null;
  /** Last offset committed to the consumer group (`groupId`), null when none. */
  committed: number | null;
}

/** What the metrics read from a node's output ports (see `Output`). */
export interface CountedPort {
  readonly port: string;
  readonly count: number;
}

export class NodeMetrics {
  in = 0;
  accepted = 0;
  filtered = 0;
  late = 0;
  errors = 0;
  /** The node's output ports; each counts what it emits. */
  readonly outputs: CountedPort[] = [];
  inputWatermark = MIN_WATERMARK;
  outputWatermark = MIN_WATERMARK;
  /** Largest event timestamp seen on input (or, for sources, read). */
  maxEventTime = MIN_WATERMARK;
  idle = false;
  /** Keys in keyed state (windows, joins, process functions). */
  stateKeys = 0;
  /** Sources: fraction of a bounded input read so far (0..1), when known. */
  progress: number | undefined;
  /**
   * Extra figures a node type reports by name (`capabilities.gauges`), e.g. the partial matches
   * waiting at each stage of a pattern; set by the operator, copied into every snapshot.
   */
  gauges: Record<string, number> | undefined;
  /**
   * Sources: ms spent waiting for backpressured operators downstream (Flink's
   * `backPressuredTimeMsPerSecond`, as a running total).
   */
  backpressuredMs = 0;
  /** Kafka sources: per-partition position and end (lag = end - offset), by `topic/partition`. */
  partitions: Map<string, PartitionProgress> | undefined;

  constructor(
    readonly nodeId: string,
    readonly type: string,
  ) {}

  /** Whether every record that came in is accounted for. */
  balanced(): boolean {
    return this.in === this.accepted + this.filtered + this.late + this.errors;
  }
}

/** A copy of the counters, safe to send to the editor. Watermarks: epoch ms, `null` = none yet. */
export interface NodeMetricsSnapshot {
  nodeId: string;
  type: string;
  in: number;
  accepted: number;
  filtered: number;
  late: number;
  errors: number;
  out: number;
  emitted: Record<string, number>;
  inputWatermark: number | null;
  outputWatermark: number | null;
  /** `true` when the output watermark is the final one (+∞). */
  finished: boolean;
  maxEventTime: number | null;
  idle: boolean;
  stateKeys: number;
  progress: number | null;
  /** Sources: total ms waiting for backpressured operators downstream. */
  backpressuredMs: number;
  /** Kafka sources: per partition, with `lag = end - offset` (null before the first fetch). */
  partitions: (PartitionProgress & { lag: number | null })[] | null;
  balanced: boolean;
  /** The node's gauges (see `NodeMetrics.gauges`); absent for nodes without any. */
  gauges?: Record<string, number>;
}

function finiteOrNull(ms: number): number | null {
  return Number.isFinite(ms) ? ms : null;
}

export function snapshotMetrics(m: NodeMetrics): NodeMetricsSnapshot {
  const emitted: Record<string, number> = {};
  for (const o of m.outputs) emitted[o.port] = o.count;
  return {
    nodeId: m.nodeId,
    type: m.type,
    in: m.in,
    accepted: m.accepted,
    filtered: m.filtered,
    late: m.late,
    errors: m.errors,
    out: emitted.out ?? 0,
    emitted,
    inputWatermark: finiteOrNull(m.inputWatermark),
    outputWatermark: finiteOrNull(m.outputWatermark),
    finished: m.outputWatermark === Number.POSITIVE_INFINITY,
    maxEventTime: finiteOrNull(m.maxEventTime),
    idle: m.idle,
    stateKeys: m.stateKeys,
    progress: m.progress ?? null,
    backpressuredMs: Math.round(m.backpressuredMs),
    partitions: m.partitions ? [...m.partitions.values()].map((p) => ({ ...p, lag: p.end === null ? null : Math.max(0, p.end - p.offset) })) : null,
    balanced: m.balanced(),
    ...(m.gauges ? { gauges: { ...m.gauges } } : {}),
  };
}
