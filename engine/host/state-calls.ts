/**
 * The studio's state calls (`statePoints`, `stateInfo`, `stateKeys`, `stateDiff`): what a
 * checkpoint store and its savepoints folder hold, a point's nodes, a node's keys page by page,
 * and what changed between two points. A node's keys
 * are read once into an on-disk `StateIndex` (bounded memory whatever the number of keys) and the
 * index is kept for the next pages; the point itself is closed at once, so the checkpoint
 * store's lock is never held between calls (a run may take it again). A store a run is using
 * is reported `busy`: its checkpoints come as the run's `checkpoint` events meanwhile.
 */
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallArgsParsed, CallResult } from './protocol.ts';
import { declaredState, keyJson, openPoint } from './state-points.ts';
import { isCheckpointFolder, openCheckpointFolder } from '../runtime/inspect/checkpoint-folder.ts';
import { listCheckpoints, readSavepointMeta } from '../runtime/inspect/point-source.ts';
import { isSavepointDir } from '../runtime/checkpoint/savepoint.ts';
import { keyView, StateIndex } from '../runtime/inspect/state-index.ts';
import { diffIndexes } from '../runtime/inspect/state-diff.ts';

/** Indexes kept for paging (each is a scratch LevelDB in the temp folder). */
const KEEP_INDEXES = 4;

type Resolve = (workspacePath: string) => string;

export class StateService {
  private readonly indexes = new Map<string, Promise<StateIndex>>();

  /**
   * @param inside resolves a workspace path (refusing one outside the workspace).
   * @param inUse whether one of this host's runs holds the store at an absolute folder: its lock
   *   names this very process, which the folder lock would let in (and release on close).
   */
  constructor(
    private readonly inside: Resolve,
    private readonly inUse: (dir: string) => boolean,
  ) {}

  /** The checkpoints of the store at `checkpointDir` and the savepoints in its `savepoints` folder. */
  async points({ checkpointDir }: CallArgsParsed<'statePoints'>): Promise<CallResult<'statePoints'>> {
    const result: CallResult<'statePoints'> = { checkpoints: [], savepoints: [], busy: false };
    const store = this.inside(checkpointDir);
    if (this.inUse(store)) result.busy = true;
    else if (isCheckpointFolder(store)) {
      try {
        const folder = await openCheckpointFolder(store);
        try {
          result.checkpoints = (await listCheckpoints(folder.db)).map((m) => ({ id: m.id, time: m.time, finished: m.finished, metrics: m.metrics }));
        } finally {
          await folder.close();
        }
      } catch (error) {
        if (!/in use by pid/.test((error as Error).message)) throw error;
        result.busy = true;
      }
    }
    const savepointsDir = `${checkpointDir.replace(/\/+$/, '')}/savepoints`;
    const parent = this.inside(savepointsDir);
    for (const e of await readdir(parent, { withFileTypes: true }).catch(() => [])) {
      const dir = join(parent, e.name);
      if (!e.isDirectory() || !isSavepointDir(dir)) continue;
      const meta = await readSavepointMeta(dir).catch(() => undefined);
      if (meta) result.savepoints.push({ dir: `${savepointsDir}/${e.name}`, name: meta.name, checkpointId: meta.checkpointId, time: meta.time });
    }
    result.savepoints.sort((a, b) => b.time - a.time);
    return result;
  }

  /** A point's description: nodes with type, shape, figures and declared state. */
  async info({ dir, checkpoint }: CallArgsParsed<'stateInfo'>): Promise<CallResult<'stateInfo'>> {
    const opened = await this.open(dir, checkpoint);
    try {
      const info = await opened.source.info();
      return {
        kind: info.kind,
        checkpointId: info.checkpointId,
        name: info.name,
        time: info.time,
        pipeline: info.pipeline,
        finished: info.finished,
        nodes: info.nodes.map((n) => ({
          nodeId: n.nodeId,
          type: n.type,
          shape: n.shape,
          chunks: n.chunks,
          bytes: n.bytes,
          keys: n.keys,
          watermark: n.watermark !== undefined && Number.isFinite(n.watermark) ? n.watermark : undefined,
          operator: n.operator,
          declared: declaredState(n.type),
        })),
      };
    } finally {
      await opened.close();
    }
  }

  /** A page of a node's keys (key order from `after`, those starting with `prefix`), with their values. */
  async keys({ dir, checkpoint, nodeId, prefix, after, limit }: CallArgsParsed<'stateKeys'>): Promise<CallResult<'stateKeys'>> {
    const index = await this.index(dir, checkpoint, nodeId);
    const keys: CallResult<'stateKeys'>['keys'] = [];
    let next: string | undefined;
    for await (const group of index.groups({ prefix: prefix || undefined, after })) {
      if (keys.length === limit) {
        next = keys[keys.length - 1]?.key;
        break;
      }
      keys.push(keyJson(keyView(group)));
    }
    const s = index.summary;
    return { summary: { keys: s.keys, entries: s.entries, timers: s.timers, bytes: s.bytes }, keys, next };
  }

  /** What changed in one node's keyed state from one point to another (`state-diff.ts`). */
  async diff({ from, to, nodeId, limit }: CallArgsParsed<'stateDiff'>): Promise<CallResult<'stateDiff'>> {
    const a = await this.index(from.dir, from.checkpoint, nodeId);
    const b = await this.index(to.dir, to.checkpoint, nodeId);
    return diffIndexes(a, b, limit);
  }

  private open(dir: string, checkpoint: number | undefined): ReturnType<typeof openPoint> {
    const abs = this.inside(dir);
    if (this.inUse(abs)) throw new Error(`${dir} is in use by a run: its checkpoints can be read once it ends (a savepoint at any time)`);
    return openPoint(abs, checkpoint);
  }

  /** Removes every kept index. */
  async dispose(): Promise<void> {
    const all = [...this.indexes.values()];
    this.indexes.clear();
    await Promise.all(all.map((p) => p.then((i) => i.close()).catch(() => undefined)));
  }

  private index(dir: string, checkpoint: number | undefined, nodeId: string): Promise<StateIndex> {
    const id = JSON.stringify([dir, checkpoint ?? null, nodeId]);
    let index = this.indexes.get(id);
    if (index) {
      this.indexes.delete(id); // most recently used last
      this.indexes.set(id, index);
      return index;
    }
    index = (async () => {
      const opened = await this.open(dir, checkpoint);
      try {
        const info = await opened.source.info();
        if (!info.nodes.some((n) => n.nodeId === nodeId)) throw new Error(`${opened.source.label} has no node ${nodeId} (nodes: ${info.nodes.map((n) => n.nodeId).join(', ')})`);
        return await StateIndex.build(tmpdir(), opened.source.chunks(nodeId));
      } finally {
        await opened.close();
      }
    })();
    index.catch(() => this.indexes.delete(id));
    this.indexes.set(id, index);
    while (this.indexes.size > KEEP_INDEXES) {
      const [oldest, kept] = this.indexes.entries().next().value as [string, Promise<StateIndex>];
      this.indexes.delete(oldest);
      void kept.then((i) => i.close()).catch(() => undefined);
    }
    return index;
  }
}
