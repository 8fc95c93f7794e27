/**
 * Durable checkpoints in an embedded LevelDB (classic-level) under `<dir>/db`.
 *
 * Keys: `part/<id>/<partId>` → a serialized node part (`<nodeId>`) or state chunk
 * (`<nodeId>#<n>`); `meta/<id>` → JSON metadata with every part's digest; `latest` → id of
 * the newest complete checkpoint. A checkpoint is complete only when its commit — one atomic,
 * synced batch writing `meta/<id>` and `latest` — has happened, after all its parts were
 * written (in synced batches, while the snapshots were still being taken). The last `retain` complete checkpoints are kept;
 * older ones are deleted after a newer one commits. A second process opening the same
 * directory gets "in use by pid N" (a pid lock file, plus LevelDB's own lock).
 */
import { mkdirSync } from 'node:fs';
import { CheckpointDirectoryInUseError, lockDirectory, lockHolder } from './directory-lock.ts';
import { join } from 'node:path';
import type { ClassicLevel } from 'classic-level';
import { classicLevel } from '../level.ts';
import { assembleParts, digest, type CheckpointMeta, type NodeSnapshot } from './snapshot.ts';

const ID_WIDTH = 12;
const idKey = (id: number): string => String(id).padStart(ID_WIDTH, '0');

/** A checkpoint read back and verified. */
export interface LoadedCheckpoint {
  meta: CheckpointMeta;
  parts: Map<string, NodeSnapshot>;
  /** The verified serialized parts by part id (for copying into a savepoint). */
  raw: Map<string, Buffer>;
}

export { CheckpointDirectoryInUseError };

export class CheckpointStore {
  private constructor(
    readonly dir: string,
    private readonly db: ClassicLevel<string, Buffer>,
    private readonly unlock: () => void,
    private readonly retain: number,
  ) {}

  /**
   * Opens (creating) the store in `dir`, taking its lock, or — with `lockedBy` — under the lock
   * that process (the job's launcher) holds.
   * @throws CheckpointDirectoryInUseError when another live process uses it.
   */
  static async open(dir: string, retain = 3, lockedBy?: number): Promise<CheckpointStore> {
    mkdirSync(dir, { recursive: true });
    let unlock: () => void;
    if (lockedBy === undefined) unlock = lockDirectory(dir);
    else {
      const holder = lockHolder(dir);
      if (holder !== lockedBy) throw new CheckpointDirectoryInUseError(`checkpoint directory ${dir} is in use by pid ${holder ?? '?'}`);
      unlock = () => {};
    }
    const ClassicLevelClass = await classicLevel();
    const db = new ClassicLevelClass<string, Buffer>(join(dir, 'db'), { keyEncoding: 'utf8', valueEncoding: 'buffer' });
    try {
      await db.open();
    } catch (error) {
      unlock();
      const cause = (error as { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new CheckpointDirectoryInUseError(`cannot open checkpoint store in ${dir}: ${cause}`);
    }
    return new CheckpointStore(dir, db, unlock, retain);
  }

  async close(): Promise<void> {
    await this.db.close();
    this.unlock();
  }

  /** Writes parts of checkpoint `id` in one synced batch (not yet part of any complete checkpoint). */
  async writeParts(id: number, parts: readonly { partId: string; bytes: Buffer }[]): Promise<void> {
    const batch = this.db.batch();
    for (const part of parts) batch.put(`part/${idKey(id)}/${part.partId}`, part.bytes);
    await batch.write({ sync: true });
  }

  /**
   * Commits checkpoint `meta.id` whose parts were written (`writeParts`) with these digests:
   * one atomic, synced batch writing its metadata and `latest`; then prunes old checkpoints.
   * `beforeCommit` runs first (tests kill the process there).
   */
  async commit(meta: Omit<CheckpointMeta, 'digests'>, digests: Record<string, string>, bytes: number, beforeCommit?: () => Promise<void>): Promise<CheckpointMeta> {
    await beforeCommit?.();
    const full: CheckpointMeta = { ...meta, digests, metrics: { ...meta.metrics, bytes } };
    await this.db.batch(
      [
        { type: 'put', key: `meta/${idKey(meta.id)}`, value: Buffer.from(JSON.stringify(full)) },
        { type: 'put', key: 'latest', value: Buffer.from(String(meta.id)) },
      ],
      { sync: true },
    );
    await this.prune();
    return full;
  }

  /**
   * Writes every part of checkpoint `meta.id` and commits it (`writeParts` + `commit`).
   * @returns bytes written and the committed metadata.
   */
  async write(
    meta: Omit<CheckpointMeta, 'digests'>,
    parts: readonly { nodeId: string; bytes: Buffer }[],
    beforeCommit?: () => Promise<void>,
  ): Promise<{ bytes: number; meta: CheckpointMeta }> {
    const digests: Record<string, string> = {};
    let bytes = 0;
    for (const part of parts) {
      digests[part.nodeId] = digest(part.bytes);
      bytes += part.bytes.length;
    }
    await this.writeParts(meta.id, parts.map((p) => ({ partId: p.nodeId, bytes: p.bytes })));
    return { bytes, meta: await this.commit(meta, digests, bytes, beforeCommit) };
  }

  /** Ids of complete checkpoints, newest first. */
  async completeIds(): Promise<number[]> {
    const ids: number[] = [];
    for await (const key of this.db.keys({ gte: 'meta/', lt: 'meta0' })) ids.push(Number(key.slice(5)));
    return ids.sort((a, b) => b - a);
  }

  async latestId(): Promise<number | undefined> {
    const value = await this.db.get('latest');
    return value === undefined ? undefined : Number(value.toString());
  }

  /**
   * Reads checkpoint `id` and verifies every part against its digest.
   * @throws Error naming the checkpoint and node when a part is missing, truncated or altered.
   */
  async load(id: number): Promise<LoadedCheckpoint> {
    const metaBytes = await this.db.get(`meta/${idKey(id)}`);
    if (metaBytes === undefined) throw new Error(`checkpoint ${id} does not exist`);
    let meta: CheckpointMeta;
    try {
      meta = JSON.parse(metaBytes.toString()) as CheckpointMeta;
    } catch {
      throw new Error(`checkpoint ${id}: its metadata is damaged`);
    }
    const raw = new Map<string, Buffer>();
    for (const [partId, expected] of Object.entries(meta.digests)) {
      const nodeId = partId.split('#')[0] as string;
      const bytes = await this.db.get(`part/${idKey(id)}/${partId}`);
      if (bytes === undefined) throw new Error(`checkpoint ${id}: the state of node ${nodeId} is missing`);
      if (digest(bytes) !== expected) throw new Error(`checkpoint ${id}: the state of node ${nodeId} does not match its digest (truncated or altered)`);
      raw.set(partId, bytes);
    }
    return { meta, parts: assembleParts(`checkpoint ${id}`, raw), raw };
  }

  /** Low-level access for tests that corrupt data on purpose. */
  get level(): ClassicLevel<string, Buffer> {
    return this.db;
  }

  static partKey(id: number, nodeId: string): string {
    return `part/${idKey(id)}/${nodeId}`;
  }

  /** Deletes all but the newest `retain` complete checkpoints, and parts of incomplete ones. */
  private async prune(): Promise<void> {
    const ids = await this.completeIds();
    const keep = new Set(ids.slice(0, this.retain).map(idKey));
    const doomed: string[] = [];
    for await (const key of this.db.keys({ gte: 'meta/', lt: 'meta0' })) if (!keep.has(key.slice(5))) doomed.push(key);
    for await (const key of this.db.keys({ gte: 'part/', lt: 'part0' })) if (!keep.has(key.slice(5, 5 + ID_WIDTH))) doomed.push(key);
    if (doomed.length > 0) await this.db.batch(doomed.map((key) => ({ type: 'del' as const, key })));
  }
}
