/**
 * What a checkpoint holds. Every node contributes one part: its combined input watermark,
 * counters and operator-specific state (source positions, sink commit info), serialized with
 * `v8.serialize` (Maps, Sets and Dates survive); a keyed node's state and timers follow as
 * separate chunk parts `<nodeId>#<n>` (`chunk-codec.ts`), taken asynchronously. Every part is
 * guarded by a SHA-256 digest recorded in the checkpoint's metadata.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { decodeChunk, type StateChunk } from '../state/chunk-codec.ts';
import type { SourceReplayState } from '../replay/watermark-leads.ts';

/** One node's state at a checkpoint barrier. */
export interface NodeSnapshot {
  nodeId: string;
  type: string;
  /** State layout; a savepoint restore refuses a node whose shape changed. */
  shape: string;
  /** Keyed state and timers, filled in on load from the chunk parts `<nodeId>#<n>`. */
  chunks?: StateChunk[];
  /** Watermark state of the node's inputs (per channel, combined). */
  watermarks?: { channels: number[]; idle?: boolean[]; combined: number };
  counters: Record<string, number>;
  outputCounts: Record<string, number>;
  /** Operator-specific: source position, sink commit info, sequence counters. */
  operator?: unknown;
  /** Sources: their part in the replay's merge (which one was running, the largest watermark lead). */
  replay?: SourceReplayState;
}

/** Metadata of a complete checkpoint: the commit record. */
export interface CheckpointMeta {
  id: number;
  /** Wall-clock time of completion, epoch ms. */
  time: number;
  /** Pipeline name, for messages. */
  pipeline: string;
  /** SHA-256 (hex) of each node's serialized part. */
  digests: Record<string, string>;
  /** Source positions, for people reading `tributary checkpoints` output. */
  sources: Record<string, unknown>;
  /** The final checkpoint of a run that reached the end of its input. */
  finished: boolean;
  /** As stored: `durationMs` runs until every part was durable (the commit itself follows). */
  metrics: CheckpointMetrics;
}

/** Per-checkpoint figures for the live view and the CLI. Times in ms. */
export interface CheckpointMetrics {
  id: number;
  durationMs: number;
  alignmentMs: number;
  bytes: number;
  keys: number;
  /** Wall-clock time the checkpoint was triggered, epoch ms (Flink's trigger timestamp). */
  triggeredAt?: number;
  /** Per node: bytes of its parts and keyed-state entries (Flink's per-subtask state size). */
  nodes?: Record<string, NodeCheckpointFigures>;
}

/** One node's share of a checkpoint. */
export interface NodeCheckpointFigures {
  /** Bytes of its node part and its state chunks. */
  bytes: number;
  /** Keyed-state entries (timers not counted). */
  keys: number;
}

export function encodePart(part: NodeSnapshot): Buffer {
  return serialize(part);
}

export function decodePart(bytes: Buffer): NodeSnapshot {
  return deserialize(bytes) as NodeSnapshot;
}

/** Chunk parts are stored under `<nodeId>#<n>`. */
export function chunkPartId(nodeId: string, n: number): string {
  return `${nodeId}#${n}`;
}


/**
 * Decoded parts by part id → node snapshots with their state chunks (`<nodeId>#<n>`, in order)
 * attached. The parts are those the checkpoint's metadata lists, already verified.
 * @throws Error naming the node when a part cannot be read.
 */
export function assembleParts(label: string, raw: ReadonlyMap<string, Buffer>): Map<string, NodeSnapshot> {
  const nodes = new Map<string, NodeSnapshot>();
  const chunkIds = new Map<string, [number, Buffer][]>();
  for (const [id, bytes] of raw) {
    const hash = id.indexOf('#');
    if (hash >= 0) {
      const nodeId = id.slice(0, hash);
      let list = chunkIds.get(nodeId);
      if (!list) chunkIds.set(nodeId, (list = []));
      list.push([Number(id.slice(hash + 1)), bytes]);
      continue;
    }
    try {
      nodes.set(id, decodePart(bytes));
    } catch (error) {
      throw new Error(`${label}: the state of node ${id} cannot be read (${(error as Error).message})`);
    }
  }
  for (const [nodeId, list] of chunkIds) {
    const snapshot = nodes.get(nodeId);
    if (!snapshot) throw new Error(`${label}: state chunks of node ${nodeId} without its node part`);
    snapshot.chunks = list
      .sort((a, b) => a[0] - b[0])
      .map(([n, bytes]) => {
        try {
          return decodeChunk(bytes);
        } catch (error) {
          throw new Error(`${label}: state chunk ${n} of node ${nodeId} cannot be read (${(error as Error).message})`);
        }
      });
  }
  return nodes;
}

export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
