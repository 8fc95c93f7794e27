/**
 * The checkpoint coordinator (Flink's `CheckpointCoordinator`, at most one checkpoint in
 * flight): every `intervalMs` of processing time it starts checkpoint n; each source injects
 * barrier n at its next chunk boundary, with its position; each node reports its snapshot when
 * barrier n has aligned at its inputs, and its keyed state and timers follow asynchronously as
 * chunks. Parts are streamed into the store as they come (`PartWriter`); when every node's
 * snapshot is complete and written, the checkpoint is committed (see `CheckpointStore`) and
 * sinks are told to commit epoch n. Node parts are serialized the moment they are reported, so
 * later changes to live state cannot leak in.
 *
 * Checkpoints go on after some sources have ended, as in Flink since 1.15 (FLIP-147): only the
 * sources still running inject barriers; when a checkpoint starts, `onStart` reports the nodes
 * no barrier can reach any more — ended sources, and nodes all of whose inputs have ended —
 * with their final state, and tasks align only on their open inputs. When every source has
 * ended, the run's final checkpoint covers the end.
 */
import type { Clock } from '../clock.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { chunkPartId, encodePart, type CheckpointMetrics, type NodeSnapshot } from './snapshot.ts';
import type { KeyedChunks } from '../state/heap-backend.ts';
import { writeSavepoint, type SavepointMeta } from './savepoint.ts';
import { PartWriter } from './part-writer.ts';

/** Receives a node's state chunks as they are encoded. */
export type ChunkSink = (chunk: Buffer) => void;

interface SavepointRequest {
  dir: string;
  name: string;
  resolve: (meta: SavepointMeta) => void;
  reject: (error: Error) => void;
}

interface InFlight {
  id: number;
  startedAt: number;
  /** Wall-clock trigger time, epoch ms. */
  triggeredAt: number;
  /** Nodes that reported. */
  reported: Set<string>;
  /** Asynchronous keyed state and timers, by node id. */
  chunks: Map<string, Promise<KeyedChunks>>;
  writer: PartWriter;
  /** Savepoints this checkpoint is also written as. */
  savepoints: SavepointRequest[];
  /** `triggerCheckpoint` callers it answers. */
  triggered: { resolve: (m: CheckpointMetrics) => void; reject: (e: Error) => void }[];
  /** Source positions, for the metadata. */
  sources: Record<string, unknown>;
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
  /** Checkpoint `id` failed (it is not committed); the run stops. */
  onFailure: (error: Error, id: number) => void;
  /**
   * Checkpoint `id` started: report the snapshots of nodes no barrier will reach (ended
   * sources, nodes whose inputs have all ended) now.
   */
  onStart?: (id: number, ended: ReadonlySet<string>) => void;
  /** Test hook: runs between writing the parts and committing. */
  beforeCommit?: (id: number) => Promise<void>;
}

export class CheckpointCoordinator {
  private nextId: number;
  private inFlight: InFlight | undefined;
  private lastDone: number;
  /** Sources that passed their last boundary. */
  private readonly ended = new Set<string>();
  private writing: Promise<void> = Promise.resolve();
  private savepoints: SavepointRequest[] = [];
  /** `triggerCheckpoint` callers waiting for the next checkpoint to start. */
  private triggered: { resolve: (m: CheckpointMetrics) => void; reject: (e: Error) => void }[] = [];
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
    const due = this.savepoints.length > 0 || this.triggered.length > 0 || this.options.clock.now() - this.lastDone >= this.options.intervalMs;
    if (!this.inFlight && !ending && due) {
      const f = this.start(false);
      this.options.onStart?.(f.id, this.ended);
    }
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
    if (this.closed) return Promise.reject(new Error(this.closed));
    return new Promise((resolve, reject) => this.savepoints.push({ dir, name, resolve, reject }));
  }

  /**
   * A checkpoint now: the next one starts at the next source boundary, whatever the interval
   * (or the final checkpoint answers, when the input ends first).
   * @returns its metrics once complete. @throws Error when the run stops without one.
   */
  requestCheckpoint(): Promise<CheckpointMetrics> {
    if (this.closed) return Promise.reject(new Error(this.closed));
    return new Promise((resolve, reject) => this.triggered.push({ resolve, reject }));
  }

  /** Source `sourceId` passed its last boundary: later checkpoints take its final state at their start. */
  sourceEnded(sourceId: string): void {
    this.ended.add(sourceId);
  }

  private start(finished: boolean): InFlight {
    const id = this.nextId++;
    const savepoints = this.savepoints.splice(0);
    const f: InFlight = {
      id,
      startedAt: this.options.clock.now(),
      triggeredAt: Date.now(),
      reported: new Set(),
      chunks: new Map(),
      writer: new PartWriter(this.options.store, id, savepoints.length > 0),
      savepoints,
      triggered: this.triggered.splice(0),
      sources: {},
      barrierEmitted: new Set(),
      alignmentMs: 0,
      keys: 0,
      finished,
    };
    this.inFlight = f;
    return f;
  }

  /**
   * Where node `nodeId` sends the state chunks of checkpoint `id` (numbered `<nodeId>#<n>`).
   * @throws Error when checkpoint `id` is not in flight.
   */
  chunkSink(id: number, nodeId: string): ChunkSink {
    const f = this.inFlight;
    if (!f || f.id !== id) throw new Error(`node ${nodeId} snapshots checkpoint ${id}, but ${f ? f.id : 'none'} is in flight`);
    let n = 0;
    return (chunk) => f.writer.add(chunkPartId(nodeId, n++), chunk);
  }

  /**
   * A node's snapshot for checkpoint `id`; the checkpoint completes with the last one.
   * `chunks`: its keyed state and timers, still being taken (sent to `chunkSink`), awaited
   * before the commit.
   */
  report(id: number, snapshot: NodeSnapshot, alignmentMs: number, keys: number, chunks?: Promise<KeyedChunks>): void {
    const f = this.inFlight;
    if (!f || f.id !== id) throw new Error(`node ${snapshot.nodeId} reported checkpoint ${id}, but ${f ? f.id : 'none'} is in flight`);
    if (chunks) f.chunks.set(snapshot.nodeId, chunks);
    f.writer.add(snapshot.nodeId, encodePart(snapshot));
    if (this.options.sourceIds.includes(snapshot.nodeId)) f.sources[snapshot.nodeId] = snapshot.operator;
    f.reported.add(snapshot.nodeId);
    f.alignmentMs = Math.max(f.alignmentMs, alignmentMs);
    f.keys += keys;
    if (f.reported.size === this.options.nodeIds.length) this.complete(f);
  }

  /** The run is over: savepoint and checkpoint requests no checkpoint will answer fail, now and later. */
  abandon(reason: string): void {
    this.closed = reason;
    for (const r of [...this.savepoints.splice(0), ...this.triggered.splice(0)]) r.reject(new Error(reason));
  }

  /** Why requests are refused (the run is over), if they are. */
  private closed: string | undefined;

  /** Waits for the checkpoint being written, if any. */
  async idle(): Promise<void> {
    await this.writing;
  }

  /** Whether a checkpoint is collecting snapshots (its barriers are in the graph). */
  get collecting(): boolean {
    return this.inFlight !== undefined && this.inFlight.reported.size < this.options.nodeIds.length;
  }

  /**
   * The final checkpoint at the end of the input: every node reports its final state through
   * `snapshotAll`, then it is written and committed like any other.
   */
  async finish(snapshotAll: (id: number, sinkFor: (nodeId: string) => ChunkSink) => { snapshot: NodeSnapshot; chunks?: Promise<KeyedChunks> }[]): Promise<void> {
    await this.writing;
    if (this.inFlight) throw new Error(`checkpoint ${this.inFlight.id} did not complete before the end of input`);
    const f = this.start(true);
    for (const s of snapshotAll(f.id, (nodeId) => this.chunkSink(f.id, nodeId))) this.report(f.id, s.snapshot, 0, 0, s.chunks);
    await this.writing;
  }

  private complete(f: InFlight): void {
    this.writing = (async () => {
      const nodeKeys = new Map<string, number>();
      for (const [nodeId, pending] of f.chunks) {
        const entries = (await pending).entries;
        nodeKeys.set(nodeId, entries);
        f.keys += entries;
      }
      await f.writer.finish();
      const now = this.options.clock.now();
      const nodes: Record<string, { bytes: number; keys: number }> = {};
      for (const nodeId of this.options.nodeIds) nodes[nodeId] = { bytes: f.writer.nodeBytes[nodeId] ?? 0, keys: nodeKeys.get(nodeId) ?? 0 };
      const metrics: CheckpointMetrics = { id: f.id, durationMs: now - f.startedAt, alignmentMs: f.alignmentMs, bytes: f.writer.bytes, keys: f.keys, triggeredAt: f.triggeredAt, nodes };
      await this.options.store.commit(
        { id: f.id, time: Date.now(), pipeline: this.options.pipelineName, sources: f.sources, finished: f.finished, metrics },
        f.writer.digests,
        f.writer.bytes,
        this.options.beforeCommit ? () => (this.options.beforeCommit as (id: number) => Promise<void>)(f.id) : undefined,
      );
      metrics.durationMs = this.options.clock.now() - f.startedAt;
      this.completed.push(metrics);
      this.inFlight = undefined;
      this.lastDone = this.options.clock.now();
      this.options.onComplete(f.id, metrics);
      for (const t of f.triggered) t.resolve(metrics);
      for (const r of f.savepoints) {
        try {
          r.resolve(await writeSavepoint(r.dir, { name: r.name, checkpointId: f.id, pipeline: this.options.pipelineName, time: Date.now() }, f.writer.kept));
        } catch (error) {
          r.reject(error as Error);
        }
      }
    })().catch((error: unknown) => {
      this.inFlight = undefined;
      for (const r of [...f.savepoints, ...f.triggered]) r.reject(new Error(`checkpoint ${f.id} failed`));
      this.options.onFailure(error instanceof Error ? error : new Error(String(error)), f.id);
    });
  }
}
