/**
 * What a checkpoint holds. Every node contributes one part: its keyed state, timers, combined
 * input watermark, counters and operator-specific state (source positions, sink commit
 * info). Parts are serialized with `v8.serialize` (Maps, Sets and Dates survive) and guarded
 * by a SHA-256 digest recorded in the checkpoint's metadata.
 */
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import type { KeyedStateSnapshot } from '../state/keyed-state.ts';
import type { StateEntry } from '../state/state-entries.ts';
import { decodeChunk } from '../state/chunk-codec.ts';

/** One node's state at a checkpoint barrier. */
export interface NodeSnapshot {
  nodeId: string;
  type: string;
  /** State layout; a savepoint restore refuses a node whose shape changed. */
  shape: string;
  keyed?: KeyedStateSnapshot;
  /** LevelDB backend: keyed state stored as this many separate chunk parts (`<nodeId>#<n>`). */
  keyedChunks?: number;
  /** Filled in on load from the chunk parts. */
  keyedEntries?: StateEntry[][];
  timers?: [number, string, string | number][];
  /** Watermark state of the node's inputs (per channel, combined). */
  watermarks?: { channels: number[]; idle?: boolean[]; combined: number };
  counters: Record<string, number>;
  outputCounts: Record<string, number>;
  /** Operator-specific: source position, sink commit info, sequence counters. */
  operator?: unknown;
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
  metrics: CheckpointMetrics;
}

/** Per-checkpoint figures for the live view and the CLI. Times in ms. */
export interface CheckpointMetrics {
  id: number;
  durationMs: number;
  alignmentMs: number;
  bytes: number;
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
 * Decoded parts by part id → node snapshots with their chunks attached.
 * @throws Error when a chunk a node needs is missing.
 */
export function assembleParts(label: string, raw: ReadonlyMap<string, Buffer>): Map<string, NodeSnapshot> {
  const nodes = new Map<string, NodeSnapshot>();
  for (const [id, bytes] of raw) {
    if (id.includes('#')) continue;
    const snapshot = decodePart(bytes);
    if (snapshot.keyedChunks !== undefined) {
      snapshot.keyedEntries = [];
      for (let n = 0; n < snapshot.keyedChunks; n++) {
        const chunk = raw.get(chunkPartId(id, n));
        if (!chunk) throw new Error(`${label}: state chunk ${n} of node ${id} is missing`);
        snapshot.keyedEntries.push(decodeChunk(chunk));
      }
    }
    nodes.set(id, snapshot);
  }
  return nodes;
}

export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
