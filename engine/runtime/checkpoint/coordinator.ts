/**
 * The checkpoint coordinator (Flink's `CheckpointCoordinator`, at most one checkpoint in
 * flight): every `intervalMs` of processing time it starts checkpoint n; each source injects
 * barrier n at its next chunk boundary, with its position; each node reports its snapshot when
 * barrier n has aligned at its inputs. When every node has reported, the parts are written and
 * the checkpoint committed (see `CheckpointStore`); then sinks are told to commit epoch n.
 * Snapshots are serialized the moment they are reported, so later changes to live state
 * cannot leak in. No checkpoint starts after a source has ended; the run's end takes a final
 * checkpoint instead.
 */
import type { Clock } from '../clock.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { chunkPartId, encodePart, type CheckpointMetrics, type NodeSnapshot } from './snapshot.ts';
import type { KeyedChunks } from '../state/heap-backend.ts';
import { writeSavepoint, type SavepointMeta } from './savepoint.ts';

interface SavepointRequest {
  dir: string;
  name: string;
  resolve: (meta: SavepointMeta) => void;
  reject: (error: Error) => void;
}

interface InFlight {
  id: number;
  startedAt: number;
  parts: Map<string, Buffer>;
  /** Asynchronous keyed state (LevelDB backend), by node id. */
  chunks: Map<string, Promise<KeyedChunks>>;
  snapshots: Map<string, NodeSnapshot>;
  barrierEmitted: Set<string>;
  alignmentMs: number;
  keys: number;
  finished: boolean;
}

export interface CoordinatorOptions {
  store: CheckpointStore;
  intervalMs: number;
  clock: Clock;
  pipelineName: string;
  nodeIds: readonly string[];
  sourceIds: readonly string[];
  /** Id of the checkpoint restored from (new ids continue after it). */
  lastId: number;
  /** Checkpoint `id` is durable: sinks commit. */
  onComplete: (id: number, metrics: CheckpointMetrics) => void;
  onFailure: (error: Error) => void;
  /** Test hook: runs between writing the parts and committing. */
  beforeCommit?: (id: number) => Promise<void>;
}

export class CheckpointCoordinator {
  private nextId: number;
  private inFlight: InFlight | undefined;
  private lastDone: number;
  private sourcesEnded = 0;
  private writing: Promise<void> = Promise.resolve();
  private savepoints: SavepointRequest[] = [];
  readonly completed: CheckpointMetrics[] = [];

  constructor(private readonly options: CoordinatorOptions) {
    this.nextId = options.lastId + 1;
    this.lastDone = options.clock.now();
  }

  /**
   * Called by a source at a chunk boundary.
   * @returns the id of a barrier this source must emit now, if any.
   */
  barrierFor(sourceId: string, ending: boolean): number | undefined {
    const due = this.savepoints.length > 0 || this.options.clock.now() - this.lastDone >= this.options.intervalMs;
    if (!this.inFlight && this.sourcesEnded === 0 && !ending && due) this.start(false);
    const f = this.inFlight;
    if (!f || f.finished || f.barrierEmitted.has(sourceId)) return undefined;
    f.barrierEmitted.add(sourceId);
    return f.id;
  }

  /**
   * A savepoint: the next checkpoint (started at the next source boundary, whatever the
   * interval) is also written as a self-contained directory `dir`.
   * @returns its metadata once written. @throws Error when the input ends first.
   */
  requestSavepoint(dir: string, name: string): Promise<SavepointMeta> {
    return new Promise((resolve, reject) => this.savepoints.push({ dir, name, resolve, reject }));
  }

  sourceEnded(): void {
    this.sourcesEnded++;
  }

  private start(finished: boolean): InFlight {
    const f: InFlight = {
      id: this.nextId++,
      startedAt: this.options.clock.now(),
      parts: new Map(),
      chunks: new Map(),
      snapshots: new Map(),
      barrierEmitted: new Set(),
      alignmentMs: 0,
      keys: 0,
      finished,
    };
    this.inFlight = f;
    return f;
  }

  /**
   * A node's snapshot for checkpoint `id`; the checkpoint completes with the last one.
   * `chunks`: keyed state taken asynchronously (LevelDB backend), awaited before the write.
   */
  report(id: number, snapshot: NodeSnapshot, alignmentMs: number, keys: number, chunks?: Promise<KeyedChunks>): void {
    const f = this.inFlight;
    if (!f || f.id !== id) throw new Error(`node ${snapshot.nodeId} reported checkpoint ${id}, but ${f ? f.id : 'none'} is in flight`);
    if (chunks) f.chunks.set(snapshot.nodeId, chunks);
    f.parts.set(snapshot.nodeId, encodePart(snapshot));
    f.snapshots.set(snapshot.nodeId, snapshot);
    f.alignmentMs = Math.max(f.alignmentMs, alignmentMs);
    f.keys += keys;
    if (f.parts.size === this.options.nodeIds.length) this.complete(f);
  }

  /** Waits for the checkpoint being written, if any. */
  async idle(): Promise<void> {
    await this.writing;
  }

  /** Whether a checkpoint is collecting snapshots (its barriers are in the graph). */
  get collecting(): boolean {
    return this.inFlight !== undefined && this.inFlight.parts.size < this.options.nodeIds.length;
  }

  /**
   * The final checkpoint at the end of the input: every node reports its final state through
   * `snapshotAll`, then it is written and committed like any other.
   */
  async finish(snapshotAll: (id: number) => { snapshot: NodeSnapshot; chunks?: Promise<KeyedChunks> }[]): Promise<void> {
    await this.writing;
    for (const r of this.savepoints.splice(0)) r.reject(new Error('the input ended before the savepoint could be taken'));
    if (this.inFlight) throw new Error(`checkpoint ${this.inFlight.id} did not complete before the end of input`);
    const f = this.start(true);
    for (const s of snapshotAll(f.id)) this.report(f.id, s.snapshot, 0, 0, s.chunks);
    await this.writing;
  }

  /** Node parts, with the chunk parts of asynchronous snapshots (their count in the node part). */
  private async collectParts(f: InFlight): Promise<{ nodeId: string; bytes: Buffer }[]> {
    const parts: { nodeId: string; bytes: Buffer }[] = [];
    for (const [nodeId, bytes] of f.parts) {
      const pending = f.chunks.get(nodeId);
      if (!pending) {
        parts.push({ nodeId, bytes });
        continue;
      }
      const { chunks, entries } = await pending;
      const snapshot = f.snapshots.get(nodeId) as NodeSnapshot;
      parts.push({ nodeId, bytes: encodePart({ ...snapshot, keyedChunks: chunks.length }) });
      chunks.forEach((bytes, n) => parts.push({ nodeId: chunkPartId(nodeId, n), bytes }));
      f.keys += entries;
    }
    return parts;
  }

  private complete(f: InFlight): void {
    const sources: Record<string, unknown> = {};
    for (const id of this.options.sourceIds) sources[id] = f.snapshots.get(id)?.operator;
    let parts: { nodeId: string; bytes: Buffer }[] = [];
    this.writing = this.collectParts(f)
      .then((collected) => {
        parts = collected;
        return this.options.store.write(
        { id: f.id, time: Date.now(), pipeline: this.options.pipelineName, sources, finished: f.finished, metrics: { id: f.id, durationMs: this.options.clock.now() - f.startedAt, alignmentMs: f.alignmentMs, bytes: 0, keys: f.keys } },
        parts,
        this.options.beforeCommit ? () => (this.options.beforeCommit as (id: number) => Promise<void>)(f.id) : undefined,
        );
      })
      .then(({ bytes }) => {
        const requests = f.finished ? [] : this.savepoints.splice(0);
        for (const r of requests) {
          try {
            r.resolve(writeSavepoint(r.dir, { name: r.name, checkpointId: f.id, pipeline: this.options.pipelineName, time: Date.now() }, parts));
          } catch (error) {
            r.reject(error as Error);
          }
        }
        const metrics: CheckpointMetrics = { id: f.id, durationMs: this.options.clock.now() - f.startedAt, alignmentMs: f.alignmentMs, bytes, keys: f.keys };
        this.completed.push(metrics);
        this.inFlight = undefined;
        this.lastDone = this.options.clock.now();
        this.options.onComplete(f.id, metrics);
      })
      .catch((error: unknown) => {
        this.inFlight = undefined;
        this.options.onFailure(error instanceof Error ? error : new Error(String(error)));
      });
  }
}
