/**
 * Committing a Kafka source's offsets to its consumer group, for monitoring only, as Flink's
 * `KafkaSourceReader` does: the offsets a checkpoint holds are committed once that checkpoint
 * completes (`commit.offsets.on.checkpoint`), so `kafka-consumer-groups --describe` shows how far
 * the pipeline has durably read and the lag behind the log end. Restores never read them (the
 * checkpoint is the truth), and a failed commit only logs: the next checkpoint commits newer
 * offsets. Without checkpoints the source commits its position every 5 s and at the end, like
 * the Java consumer's `enable.auto.commit`.
 */
import type { KafkaReader, TopicPartitionOffset } from './client.ts';
import { splitPartitionKey } from './connection.ts';

/** Kafka's `auto.commit.interval.ms` default, used when the run takes no checkpoints. */
export const AUTO_COMMIT_INTERVAL_MS = 5000;

export class OffsetCommitter {
  /** Offsets held by checkpoints taken but not yet complete, by checkpoint id. */
  private readonly byCheckpoint = new Map<number, Record<string, number>>();
  private chain: Promise<void> = Promise.resolve();
  private failures = 0;

  constructor(
    private readonly reader: () => KafkaReader | undefined,
    private readonly groupId: string,
    private readonly log: (message: string) => void,
    /** Called with each partition's committed offset (by `topic/partition`) after a commit. */
    private readonly onCommitted: (positions: Record<string, number>) => void,
  ) {}

  /** The positions checkpoint `checkpointId` holds (taken at its barrier). */
  checkpointTaken(checkpointId: number, positions: Record<string, number>): void {
    this.byCheckpoint.set(checkpointId, positions);
  }

  /** Checkpoint `checkpointId` is durable: commit its offsets; older pending ones are superseded. */
  checkpointComplete(checkpointId: number): void {
    const positions = this.byCheckpoint.get(checkpointId);
    for (const id of [...this.byCheckpoint.keys()]) if (id <= checkpointId) this.byCheckpoint.delete(id);
    if (positions) this.commit(positions, `checkpoint ${checkpointId}`);
  }

  /** Commits `positions` now (after earlier commits), e.g. periodically without checkpoints. */
  commit(positions: Record<string, number>, what = 'the current position'): void {
    const reader = this.reader();
    if (!reader) return;
    const offsets: TopicPartitionOffset[] = Object.entries(positions).map(([k, offset]) => ({ ...splitPartitionKey(k), offset }));
    this.chain = this.chain.then(async () => {
      try {
        await reader.commitOffsets(this.groupId, offsets);
        if (this.failures > 0) this.log(`offsets committed to group ${this.groupId} again (after ${this.failures} failed commits)`);
        this.failures = 0;
        this.onCommitted(positions);
      } catch (error) {
        // As in Flink: a failed commit costs only monitoring accuracy; say so once per streak.
        if (this.failures++ === 0) this.log(`committing the offsets of ${what} to group ${this.groupId} failed (monitoring only; the checkpoint keeps them): ${(error as Error).message}`);
      }
    });
  }

  /** Resolves when every commit started so far has finished (or failed). */
  settled(): Promise<void> {
    return this.chain;
  }
}
