/**
 * Where the state browser reads a checkpoint, a savepoint or a paused run's live state: a
 * `PointSource` gives the point's description (its metadata and every node's small part:
 * type, state shape, watermark, counters, a source's position) and then, node by node, its
 * keyed-state and timer chunks one at a time, each verified against its digest. Nothing reads a
 * whole checkpoint into memory: chunk parts stream from LevelDB with an iterator
 * (`part/<id>/<nodeId>#…`) or from a savepoint's files (`state/<nodeId>#<n>.v8`), so a state of
 * a million keys costs a few chunks of memory (4,096 entries each).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ClassicLevel } from 'classic-level';
import { decodePart, digest, type CheckpointMeta, type CheckpointMetrics, type NodeSnapshot } from '../checkpoint/snapshot.ts';
import type { SavepointMeta } from '../checkpoint/savepoint.ts';
import { toJsonTree, type JsonTree } from './json-tree.ts';

/** One node at a point: its small part, described. */
export interface PointNode {
  nodeId: string;
  /** Node type and state shape (`Operator.stateShape`), as the savepoint rules compare them. */
  type: string;
  shape: string;
  /** Chunk parts of its keyed state and timers. */
  chunks: number;
  /** Bytes of its parts and keyed-state entries, when the checkpoint recorded them. */
  bytes?: number;
  keys?: number;
  /** Combined input watermark (epoch ms; -Infinity before the first one), when it has inputs. */
  watermark?: number;
  counters: Record<string, number>;
  /** Operator state (a source's position: byte offset and line; a sink's commit), as a JSON tree. */
  operator?: JsonTree;
}

/** A checkpoint, savepoint or live state, described. */
export interface PointInfo {
  kind: 'checkpoint' | 'savepoint' | 'live';
  /** The checkpoint's id; a savepoint's: the checkpoint it copies. */
  checkpointId?: number;
  /** A savepoint's name. */
  name?: string;
  /** Epoch ms: when the checkpoint completed, the savepoint was written, the live state read. */
  time: number;
  pipeline: string;
  /** The final checkpoint of a run that reached the end of its input. */
  finished?: boolean;
  metrics?: CheckpointMetrics;
  nodes: PointNode[];
}

export interface PointSource {
  /** For messages: `checkpoint 7 in cp/run-1`, `savepoint before-edit`. */
  readonly label: string;
  /** @throws Error naming the point when its metadata or a node part cannot be read. */
  info(): Promise<PointInfo>;
  /**
   * The node's keyed-state and timer chunks, in order, each verified against its digest.
   * @throws Error naming the point and the part when one is missing, damaged or unreadable.
   */
  chunks(nodeId: string): AsyncIterable<PointChunk>;
}

/** A chunk part: its id (`<nodeId>#<n>`) and its bytes (`chunk-codec.ts`). */
export interface PointChunk {
  partId: string;
  bytes: Uint8Array;
}

const ID_WIDTH = 12;
const idKey = (id: number): string => String(id).padStart(ID_WIDTH, '0');

/** Describes a node from its decoded part; `chunks` etc. from the point's digests and figures. */
export function describeNode(part: NodeSnapshot, chunks: number, figures?: { bytes: number; keys: number }): PointNode {
  return {
    nodeId: part.nodeId,
    type: part.type,
    shape: part.shape,
    chunks,
    bytes: figures?.bytes,
    keys: figures?.keys,
    watermark: part.watermarks?.combined,
    counters: part.counters,
    operator: part.operator === undefined ? undefined : toJsonTree(part.operator),
  };
}

/** Chunk parts per node id, from a point's digests (`<nodeId>#<n>`). */
function chunkCounts(digests: Record<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const partId of Object.keys(digests)) {
    const hash = partId.indexOf('#');
    if (hash >= 0) counts.set(partId.slice(0, hash), (counts.get(partId.slice(0, hash)) ?? 0) + 1);
  }
  return counts;
}

/**
 * The complete checkpoints in a checkpoint store's LevelDB, newest first, by their metadata
 * (small; no part is read). A damaged metadata entry is left out.
 */
export async function listCheckpoints(db: ClassicLevel<string, Buffer>): Promise<CheckpointMeta[]> {
  const metas: CheckpointMeta[] = [];
  for await (const [, value] of db.iterator({ gte: 'meta/', lt: 'meta0' })) {
    try {
      metas.push(JSON.parse(value.toString()) as CheckpointMeta);
    } catch {
      // Damaged: `tributary checkpoints` reports it; the browser lists what reads back.
    }
  }
  return metas.sort((a, b) => b.id - a.id);
}

/**
 * Checkpoint `id` in a checkpoint store's LevelDB (`db`, open; see `checkpoint-store.ts` for
 * the keys). `where` names the store in messages.
 */
export function checkpointSource(db: ClassicLevel<string, Buffer>, id: number, where: string): PointSource {
  const label = `checkpoint ${id} in ${where}`;
  let meta: Promise<CheckpointMeta> | undefined;
  const readMeta = (): Promise<CheckpointMeta> =>
    (meta ??= (async () => {
      const bytes = await db.get(`meta/${idKey(id)}`).catch((error: unknown) => {
        throw new Error(`${label}: its metadata cannot be read (${(error as Error).message})`);
      });
      if (bytes === undefined) throw new Error(`${label} does not exist (not complete, or no longer retained)`);
      try {
        return JSON.parse(bytes.toString()) as CheckpointMeta;
      } catch {
        throw new Error(`${label}: its metadata is damaged`);
      }
    })());
  const part = async (partId: string, expected: string): Promise<Buffer> => {
    const bytes = await db.get(`part/${idKey(id)}/${partId}`).catch((error: unknown) => {
      throw new Error(`${label}: part ${partId} cannot be read (${(error as Error).message})`);
    });
    if (bytes === undefined) throw new Error(`${label}: part ${partId} is missing`);
    if (digest(bytes) !== expected) throw new Error(`${label}: part ${partId} does not match its digest (truncated or altered)`);
    return bytes;
  };
  return {
    label,
    async info() {
      const m = await readMeta();
      const counts = chunkCounts(m.digests);
      const nodes: PointNode[] = [];
      for (const [partId, expected] of Object.entries(m.digests)) {
        if (partId.includes('#')) continue;
        const decoded = decodeSafely(label, partId, await part(partId, expected));
        nodes.push(describeNode(decoded, counts.get(partId) ?? 0, m.metrics.nodes?.[partId]));
      }
      return { kind: 'checkpoint', checkpointId: m.id, time: m.time, pipeline: m.pipeline, finished: m.finished, metrics: m.metrics, nodes };
    },
    async *chunks(nodeId) {
      const m = await readMeta();
      const prefix = `part/${idKey(id)}/${nodeId}#`;
      const expected = new Set(Object.keys(m.digests).filter((p) => p.startsWith(`${nodeId}#`)));
      // Chunks are a few hundred KiB each: read them a couple at a time.
      const iterator = db.iterator({ gte: prefix, lt: `part/${idKey(id)}/${nodeId}$`, highWaterMarkBytes: 1 << 20 });
      try {
        for (let batch = await iterator.nextv(2); batch.length > 0; batch = await iterator.nextv(2)) {
          for (const [key, bytes] of batch) {
            const partId = key.slice(key.lastIndexOf('/') + 1);
            const want = m.digests[partId];
            if (want === undefined) continue;
            if (digest(bytes) !== want) throw new Error(`${label}: part ${partId} does not match its digest (truncated or altered)`);
            expected.delete(partId);
            yield { partId, bytes };
          }
        }
      } catch (error) {
        if ((error as Error).message.startsWith(label)) throw error;
        throw new Error(`${label}: the state of node ${nodeId} cannot be read (${(error as Error).message})`);
      } finally {
        await iterator.close();
      }
      if (expected.size > 0) throw new Error(`${label}: part ${[...expected][0] as string} is missing`);
    },
  };
}

function decodeSafely(label: string, partId: string, bytes: Buffer): NodeSnapshot {
  try {
    return decodePart(bytes);
  } catch (error) {
    throw new Error(`${label}: the state of node ${partId} cannot be read (${(error as Error).message})`);
  }
}

/** Reads `<dir>/savepoint.json`. @throws Error naming the savepoint when it is not one. */
export async function readSavepointMeta(dir: string): Promise<SavepointMeta> {
  let meta: SavepointMeta;
  try {
    meta = JSON.parse(await readFile(join(dir, 'savepoint.json'), 'utf8')) as SavepointMeta;
  } catch (error) {
    throw new Error(`savepoint ${dir}: cannot read savepoint.json (${(error as Error).message})`);
  }
  if (meta.format !== 'tributary-savepoint-1') throw new Error(`savepoint ${dir}: unknown format ${String(meta.format)}`);
  return meta;
}

/** A savepoint directory (`savepoint.ts`): its node parts and chunk files, read one at a time. */
export function savepointSource(dir: string): PointSource {
  const label = `savepoint ${basename(dir)}`;
  let meta: Promise<SavepointMeta> | undefined;
  const readMeta = (): Promise<SavepointMeta> => (meta ??= readSavepointMeta(dir));
  const part = async (partId: string, expected: string): Promise<Buffer> => {
    const file = join(dir, 'state', `${partId}.v8`);
    if (!existsSync(file)) throw new Error(`${label}: part ${partId} is missing`);
    const bytes = await readFile(file);
    if (digest(bytes) !== expected) throw new Error(`${label}: part ${partId} does not match its digest`);
    return bytes;
  };
  return {
    label,
    async info() {
      const m = await readMeta();
      const counts = chunkCounts(m.digests);
      const nodes: PointNode[] = [];
      for (const [partId, expected] of Object.entries(m.digests)) {
        if (partId.includes('#')) continue;
        nodes.push(describeNode(decodeSafely(label, partId, await part(partId, expected)), counts.get(partId) ?? 0));
      }
      return { kind: 'savepoint', checkpointId: m.checkpointId, name: m.name, time: m.time, pipeline: m.pipeline, nodes };
    },
    async *chunks(nodeId) {
      const m = await readMeta();
      const ids = Object.keys(m.digests)
        .filter((p) => p.startsWith(`${nodeId}#`))
        .sort((a, b) => Number(a.slice(a.indexOf('#') + 1)) - Number(b.slice(b.indexOf('#') + 1)));
      for (const partId of ids) yield { partId, bytes: await part(partId, m.digests[partId] as string) };
    },
  };
}
