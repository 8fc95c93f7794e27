/**
 * Streams one checkpoint's parts into the checkpoint store while its snapshots are still being
 * taken: parts are digested as they arrive and written in synced LevelDB batches of about
 * `BATCH_BYTES`, so writing overlaps serializing and little is left to write when the last
 * node reports. The checkpoint becomes complete only with the store's commit after `finish()`.
 */
import type { CheckpointStore } from './checkpoint-store.ts';
import { digest } from './snapshot.ts';

/** Bytes per synced batch. */
const BATCH_BYTES = 8 * 1024 * 1024;

export class PartWriter {
  /** SHA-256 (hex) of every part added, by part id. */
  readonly digests: Record<string, string> = {};
  /** Bytes added. */
  bytes = 0;
  /** Bytes added per node (a chunk `<nodeId>#<n>` counts for its node). */
  readonly nodeBytes: Record<string, number> = {};
  /** The parts, kept when a savepoint needs them. */
  readonly kept: { nodeId: string; bytes: Buffer }[] = [];
  private batch: { partId: string; bytes: Buffer }[] = [];
  private batchBytes = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: CheckpointStore,
    private readonly checkpointId: number,
    private readonly keep: boolean,
  ) {}

  /** Adds a part (`<nodeId>` or a chunk `<nodeId>#<n>`); written in the background. */
  add(partId: string, bytes: Buffer): void {
    this.digests[partId] = digest(bytes);
    this.bytes += bytes.length;
    const hash = partId.indexOf('#');
    const nodeId = hash < 0 ? partId : partId.slice(0, hash);
    this.nodeBytes[nodeId] = (this.nodeBytes[nodeId] ?? 0) + bytes.length;
    this.batch.push({ partId, bytes });
    this.batchBytes += bytes.length;
    if (this.keep) this.kept.push({ nodeId: partId, bytes });
    if (this.batchBytes >= BATCH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    this.writing = this.writing.then(() => this.store.writeParts(this.checkpointId, batch));
    // Reported by `finish()`; this keeps a failure from counting as unhandled meanwhile.
    this.writing.catch(() => undefined);
  }

  /** Writes what is left and waits for every batch. @throws the first write error. */
  async finish(): Promise<void> {
    this.flush();
    await this.writing;
  }
}
