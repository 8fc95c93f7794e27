/**
 * Durable checkpoints in an embedded LevelDB (classic-level) under `<dir>/db`.
 *
 * Keys: `part/<id>/<partId>` → a serialized node part (`<nodeId>`) or state chunk
 * (`<nodeId>#<n>`); `meta/<id>` → JSON metadata with every part's digest; `latest` → id of
 * the newest complete checkpoint; `store-id` → the store's identity. A checkpoint is complete
 * only when its commit — one atomic, synced batch writing `meta/<id>` and `latest` — has
 * happened, after all its parts were written (in synced batches, while the snapshots were still
 * being taken). The last `retain` complete checkpoints are kept; older ones are deleted after a
 * newer one commits. A second process opening the same directory gets "in use by pid N" (a pid
 * lock file, plus LevelDB's own lock).
 *
 * The store does not take the LevelDB's word for what it holds: `<dir>/store.json`
 * (`store-marker.ts`) names the store and its newest commit. A LevelDB that is missing its
 * `CURRENT` file, was recreated or emptied, belongs to another store, lost commits, or cannot
 * be opened at all leaves the store *unusable* (`problem`): `planRestore` refuses it, naming the
 * path and what failed, unless the run was started with `--fresh` (then `reset` discards it).
 * A LevelDB that opens but has damaged tables is used for what still reads cleanly.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassicLevel } from 'classic-level';
import { classicLevel } from '../level.ts';
import { assembleParts, digest, type CheckpointMeta, type NodeSnapshot } from './snapshot.ts';
import { CheckpointDirectoryInUseError, lockDirectory, lockHolder, removeStaleTemporaries } from './directory-lock.ts';
export { CheckpointDirectoryInUseError } from './directory-lock.ts';
import { markerPath, readMarker, writeMarker, type StoreMarker } from './store-marker.ts';

const ID_WIDTH = 12;
const idKey = (id: number): string => String(id).padStart(ID_WIDTH, '0');

/** A checkpoint read back and verified. */
export interface LoadedCheckpoint {
  meta: CheckpointMeta;
  parts: Map<string, NodeSnapshot>;
  /** The verified serialized parts by part id (for copying into a savepoint). */
  raw: Map<string, Buffer>;
}

const STORE_ID = 'store-id';

function causeOf(error: unknown): { message: string; code?: string } {
  const cause = (error as { cause?: Error & { code?: string } }).cause;
  return cause ? { message: cause.message, code: cause.code } : { message: (error as Error).message, code: (error as { code?: string }).code };
}

export class CheckpointStore {
  private db: ClassicLevel<string, Buffer> | undefined;
  private storeId = '';
  /** Newest commit known from the marker (the LevelDB may be one ahead after a crash). */
  private marker: StoreMarker | undefined;
  /**
   * Why the store cannot be used (its LevelDB is missing, recreated, another store's, behind
   * its marker, or will not open); `undefined` when it can. `planRestore` refuses such a store.
   */
  problem: string | undefined;
  /** Set when the LevelDB opened but some of it does not read back (damaged tables). */
  unreadable: string | undefined;

  private constructor(
    readonly dir: string,
    private readonly unlock: () => void,
    private readonly retain: number,
  ) {}

  /**
   * Opens (creating) the store in `dir`, and removes temporaries that dead processes left in
   * it and in its `savepoints` folder. A store that cannot be used is returned with `problem`
   * set rather than thrown, so that `--fresh` can still discard it. It takes the directory's
   * lock, or — with `lockedBy` — opens under the lock that process (the job's launcher) holds.
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
    const store = new CheckpointStore(dir, unlock, retain);
    try {
      removeStaleTemporaries(dir);
      removeStaleTemporaries(join(dir, 'savepoints'));
      await store.attach();
    } catch (error) {
      await store.db?.close().catch(() => undefined);
      unlock();
      throw error;
    }
    return store;
  }

  private get location(): string {
    return join(this.dir, 'db');
  }

  /** Opens the LevelDB and checks it against the marker (see the file header). */
  private async attach(): Promise<void> {
    let marker: StoreMarker | undefined;
    try {
      marker = readMarker(this.dir);
    } catch (error) {
      this.problem = `its marker ${markerPath(this.dir)} cannot be read (${(error as Error).message})`;
      return;
    }
    this.marker = marker;
    const committed = marker ? `${markerPath(this.dir)} says checkpoint ${marker.latest} of store ${marker.storeId} was committed` : '';
    if (!existsSync(join(this.location, 'CURRENT'))) {
      // Never let LevelDB create a database over the remains of this one.
      const remains = existsSync(this.location) && readdirSync(this.location).some((f) => /\.(ldb|sst|log)$|^MANIFEST-/.test(f));
      if (marker) this.problem = `${this.location} has no LevelDB CURRENT file (deleted or never copied), but ${committed}`;
      else if (remains) this.problem = `${this.location} holds LevelDB files but no CURRENT file (deleted?)`;
      if (this.problem) return;
    }
    const ClassicLevelClass = await classicLevel();
    const db = new ClassicLevelClass<string, Buffer>(this.location, { keyEncoding: 'utf8', valueEncoding: 'buffer', createIfMissing: marker === undefined });
    try {
      await db.open();
    } catch (error) {
      const cause = causeOf(error);
      if (cause.code === 'LEVEL_LOCKED') throw new CheckpointDirectoryInUseError(`cannot open checkpoint store in ${this.dir}: ${cause.message}`);
      this.problem = `LevelDB cannot open ${this.location}: ${cause.message}`;
      return;
    }
    this.db = db;
    let storeId: string | undefined;
    let latest: number | undefined;
    try {
      storeId = (await db.get(STORE_ID))?.toString();
      latest = await this.latestId();
    } catch (error) {
      // Damaged tables: identity unverifiable, but checkpoints that read cleanly are still used.
      this.unreadable = `reading ${this.location} failed (${causeOf(error).message})`;
      this.storeId = marker?.storeId ?? randomUUID();
      if (!marker) await db.put(STORE_ID, Buffer.from(this.storeId), { sync: true }).catch(() => undefined);
      return;
    }
    if (marker) {
      if (storeId === undefined) this.problem = `${this.location} holds no checkpoint store (recreated or emptied), but ${committed}`;
      else if (storeId !== marker.storeId) this.problem = `${this.location} belongs to checkpoint store ${storeId}, but ${committed}`;
      else if ((latest ?? 0) < marker.latest) this.problem = `the newest checkpoint in ${this.location} is ${latest ?? 'none'}, but ${committed} (the LevelDB lost commits)`;
      if (this.problem) return;
      this.storeId = marker.storeId;
      if ((latest ?? 0) > marker.latest) await this.saveMarker(latest ?? 0, await this.completeIds());
      return;
    }
    // No marker: a new store, or one made before markers: give it an identity.
    this.storeId = storeId ?? randomUUID();
    if (storeId === undefined) await db.put(STORE_ID, Buffer.from(this.storeId), { sync: true });
    await this.saveMarker(latest ?? 0, await this.completeIds());
  }

  private async saveMarker(latest: number, retained: number[]): Promise<void> {
    this.marker = { format: 'tributary-checkpoint-store-1', storeId: this.storeId, latest, retained };
    await writeMarker(this.dir, this.marker);
  }

  /**
   * Discards an unusable store (`--fresh`): deletes its LevelDB and starts a new, empty store
   * with a new identity. @returns what was discarded, for the log.
   */
  async reset(): Promise<string> {
    const why = this.problem ?? this.unreadable ?? 'asked to';
    await this.db?.close().catch(() => undefined);
    this.db = undefined;
    rmSync(this.location, { recursive: true, force: true });
    const ClassicLevelClass = await classicLevel();
    const db = new ClassicLevelClass<string, Buffer>(this.location, { keyEncoding: 'utf8', valueEncoding: 'buffer' });
    await db.open();
    this.db = db;
    this.storeId = randomUUID();
    await db.put(STORE_ID, Buffer.from(this.storeId), { sync: true });
    await this.saveMarker(0, []);
    this.problem = undefined;
    this.unreadable = undefined;
    return `discarded the checkpoint store in ${this.location} (--fresh): ${why}`;
  }

  /** The open LevelDB. @throws Error with the problem when the store is unusable. */
  private get ready(): ClassicLevel<string, Buffer> {
    if (this.problem !== undefined || this.db === undefined) throw new Error(`checkpoint store ${this.dir} cannot be used: ${this.problem ?? 'it is closed'}`);
    return this.db;
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.unlock();
  }

  /** Writes parts of checkpoint `id` in one synced batch (not yet part of any complete checkpoint). */
  async writeParts(id: number, parts: readonly { partId: string; bytes: Buffer }[]): Promise<void> {
    const batch = this.ready.batch();
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
    await this.ready.batch(
      [
        { type: 'put', key: `meta/${idKey(meta.id)}`, value: Buffer.from(JSON.stringify(full)) },
        { type: 'put', key: 'latest', value: Buffer.from(String(meta.id)) },
      ],
      { sync: true },
    );
    let retained: number[];
    try {
      retained = await this.prune();
    } catch {
      // Damaged tables that cannot be listed: old checkpoints stay until a clean prune.
      retained = [meta.id, ...(this.marker?.retained ?? [])].slice(0, this.retain);
    }
    await this.saveMarker(meta.id, retained);
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

  /**
   * Ids of complete checkpoints, newest first. When the LevelDB cannot list them all (damaged
   * tables), those it can plus those the marker names (`unreadable` says why).
   */
  async completeIds(): Promise<number[]> {
    const ids = new Set<number>();
    try {
      for await (const key of this.ready.keys({ gte: 'meta/', lt: 'meta0' })) ids.add(Number(key.slice(5)));
    } catch (error) {
      if (this.problem !== undefined || this.db === undefined) throw error;
      this.unreadable ??= `listing the checkpoints in ${this.location} failed (${causeOf(error).message})`;
      for (const id of this.marker?.retained ?? []) ids.add(id);
    }
    return [...ids].sort((a, b) => b - a);
  }

  /** The `latest` entry. @throws Error when it cannot be read (damaged tables) or the store is unusable. */
  async latestId(): Promise<number | undefined> {
    const value = await this.ready.get('latest');
    return value === undefined ? undefined : Number(value.toString());
  }

  /**
   * Reads checkpoint `id` and verifies every part against its digest.
   * @throws Error naming the checkpoint and node when a part is missing, truncated or altered.
   */
  async load(id: number): Promise<LoadedCheckpoint> {
    const metaBytes = await this.ready.get(`meta/${idKey(id)}`).catch((error: unknown) => {
      throw new Error(`checkpoint ${id}: its metadata cannot be read from ${this.location} (${causeOf(error).message})`);
    });
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
      const bytes = await this.ready.get(`part/${idKey(id)}/${partId}`).catch((error: unknown) => {
        throw new Error(`checkpoint ${id}: the state of node ${nodeId} cannot be read from ${this.location} (${causeOf(error).message})`);
      });
      if (bytes === undefined) throw new Error(`checkpoint ${id}: the state of node ${nodeId} is missing`);
      if (digest(bytes) !== expected) throw new Error(`checkpoint ${id}: the state of node ${nodeId} does not match its digest (truncated or altered)`);
      raw.set(partId, bytes);
    }
    return { meta, parts: assembleParts(`checkpoint ${id}`, raw), raw };
  }

  /** Low-level access for tests that corrupt data on purpose. */
  get level(): ClassicLevel<string, Buffer> {
    return this.ready;
  }

  static partKey(id: number, nodeId: string): string {
    return `part/${idKey(id)}/${nodeId}`;
  }

  /**
   * Deletes all but the newest `retain` complete checkpoints, and parts of incomplete ones.
   * @returns the ids kept, newest first.
   */
  private async prune(): Promise<number[]> {
    const ids: number[] = [];
    for await (const key of this.ready.keys({ gte: 'meta/', lt: 'meta0' })) ids.push(Number(key.slice(5)));
    const kept = ids.sort((a, b) => b - a).slice(0, this.retain);
    const keep = new Set(kept.map(idKey));
    const doomed: string[] = [];
    for await (const key of this.ready.keys({ gte: 'meta/', lt: 'meta0' })) if (!keep.has(key.slice(5))) doomed.push(key);
    for await (const key of this.ready.keys({ gte: 'part/', lt: 'part0' })) if (!keep.has(key.slice(5, 5 + ID_WIDTH))) doomed.push(key);
    if (doomed.length > 0) await this.ready.batch(doomed.map((key) => ({ type: 'del' as const, key })));
    return kept;
  }
}
