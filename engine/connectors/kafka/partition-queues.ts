/**
 * The Kafka source's read side: per-partition positions and queues of fetched records, merged by
 * event time (`TimestampMerge`), and the fetches that fill them. A partition's position is the
 * next offset to emit, so a checkpoint taken between records holds exactly what was emitted;
 * fetched records wait in the queues until the merge reaches them.
 *
 * Fetching: an empty queue is refilled before the merge moves past it, unless the partition is
 * caught up (at its end as of the last fetch). Like the Java consumer's fetcher, the next fetch
 * of a partition starts in the background once its queue is down to half of what its last fetch
 * brought, so the broker round trip overlaps processing. A record batch larger than the
 * per-partition limit comes whole only for the first partition of a fetch (Kafka's KIP-74); a
 * partition that comes back empty below its end is fetched again alone.
 */
import type { PartitionProgress } from '../../runtime/metrics.ts';
import { TimestampMerge } from '../../runtime/timestamp-merge.ts';
import type { KafkaReader, PartitionFetch, TopicPartitionOffset } from './client.ts';
import { partitionKey, splitPartitionKey } from './connection.ts';
import type { PendingRecord } from './kafka-records.ts';

/** At full speed: 8 MiB per fetch shared by the partitions fetched, 64 KiB to 1 MiB each. */
const FETCH_BYTES = 8 << 20;

export interface QueueOptions {
  /** Per-partition fetch size when paced (small, so partitions interleave finely), else none. */
  pacedFetchBytes: number | undefined;
  /** How long a fetch waits for records when nothing is queued, ms. */
  pollTimeout: number;
}

interface Prefetch {
  keys: Set<string>;
  from: Map<string, number>;
  done: Promise<PartitionFetch[] | Error>;
}

export class PartitionQueues {
  readonly merge: TimestampMerge<PendingRecord>;
  /** Next offset to emit, by `topic/partition`: everything before it has been emitted. */
  readonly positions = new Map<string, number>();
  /** Bounded mode: where each partition ends. */
  ends: Map<string, number> | undefined;
  /** Where the next fetch of each partition starts (after what is queued; skips control records). */
  private readonly fetchAt = new Map<string, number>();
  /** Partitions whose latest fetch found them at their end: the merge does not wait for them. */
  private readonly caughtUp = new Set<string>();
  /** Queue length at which a partition's next fetch starts in the background. */
  private readonly lowWater = new Map<string, number>();
  private prefetch: Prefetch | undefined;

  constructor(
    private readonly reader: () => KafkaReader,
    private readonly prepare: (m: PartitionFetch['messages'][number]) => PendingRecord,
    private readonly progress: Map<string, PartitionProgress>,
    private readonly options: QueueOptions,
  ) {
    this.merge = new TimestampMerge<PendingRecord>((p) => p.order);
  }

  /** Bounded mode: the partition has emitted everything up to its end. */
  finished(k: string): boolean {
    const end = this.ends?.get(k);
    return end !== undefined && (this.positions.get(k) ?? 0) >= end && this.merge.queued(k) === 0;
  }

  private nextFetch(k: string): number {
    return this.fetchAt.get(k) ?? this.positions.get(k) ?? 0;
  }

  private bytesPerPartition(count: number): number {
    return this.options.pacedFetchBytes ?? Math.max(64 << 10, Math.min(1 << 20, Math.floor(FETCH_BYTES / Math.max(1, count))));
  }

  /**
   * Queues a fetch's records (those before the bounded end) that started at offset `from`.
   * @returns false when the partition had data the fetch did not return (KIP-74).
   */
  private enqueue(f: PartitionFetch, from: number): boolean {
    const k = partitionKey(f.topic, f.partition);
    const end = this.ends?.get(k);
    const records = end === undefined ? f.messages : f.messages.filter((m) => m.offset < end);
    this.merge.push(k, records.map(this.prepare));
    const next = Math.max(from, end === undefined ? f.nextOffset : Math.min(end, f.nextOffset));
    this.fetchAt.set(k, next);
    this.lowWater.set(k, Math.floor(records.length / 2));
    const p = this.progress.get(k);
    if (p) p.end = end === undefined ? f.end : Math.min(end, f.end);
    if (records.length === 0 && from >= Math.min(end ?? Infinity, f.end)) this.caughtUp.add(k);
    else this.caughtUp.delete(k);
    // Nothing queued: the position may move past skipped offsets (control records, aborted data).
    if (this.merge.queued(k) === 0) this.positions.set(k, Math.max(this.positions.get(k) ?? 0, next));
    return records.length > 0 || next > from || this.caughtUp.has(k);
  }

  private async fetch(keys: readonly string[], waitMs: number): Promise<{ fetched: PartitionFetch[]; from: Map<string, number> }> {
    const from = new Map(keys.map((k) => [k, this.nextFetch(k)]));
    const at: TopicPartitionOffset[] = keys.map((k) => ({ ...splitPartitionKey(k), offset: from.get(k) ?? 0 }));
    return { fetched: await this.reader().fetch(at, waitMs, this.bytesPerPartition(keys.length)), from };
  }

  /** Queues what the background fetch brought (waiting for it if needed). @throws its failure. */
  async landPrefetch(): Promise<void> {
    const p = this.prefetch;
    if (!p) return;
    this.prefetch = undefined;
    const result = await p.done;
    if (result instanceof Error) throw result;
    for (const f of result) this.enqueue(f, p.from.get(partitionKey(f.topic, f.partition)) ?? 0);
  }

  /** Whether `k`'s next records are being fetched in the background. */
  prefetching(k: string): boolean {
    return this.prefetch?.keys.has(k) === true;
  }

  /**
   * After `k` emitted a record: when its queue is at its low-water mark, fetch it (and any other
   * active partition that is as low) in the background. One background fetch at a time.
   */
  afterEmit(k: string, active: () => readonly string[]): void {
    if (this.prefetch || this.merge.queued(k) > (this.lowWater.get(k) ?? 0) || this.caughtUp.has(k)) return;
    const end = this.ends?.get(k);
    if (end !== undefined && this.nextFetch(k) >= end) return;
    const keys = active().filter((x) => !this.caughtUp.has(x) && this.merge.queued(x) <= (this.lowWater.get(x) ?? 0) && (this.ends?.get(x) ?? Infinity) > this.nextFetch(x));
    if (keys.length === 0) return;
    const from = new Map(keys.map((x) => [x, this.nextFetch(x)]));
    const at: TopicPartitionOffset[] = keys.map((x) => ({ ...splitPartitionKey(x), offset: from.get(x) ?? 0 }));
    const done = this.reader()
      .fetch(at, 0, this.bytesPerPartition(keys.length))
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    this.prefetch = { keys: new Set(keys), from, done };
  }

  /** Fetches every partition of `active` whose queue is empty (a long poll when nothing is queued). */
  async refill(active: readonly string[]): Promise<void> {
    await this.landPrefetch();
    const empty = active.filter((k) => this.merge.queued(k) === 0);
    if (empty.length === 0) return;
    // Records already queued are not kept waiting for a long poll.
    const { fetched, from } = await this.fetch(empty, this.merge.size > 0 ? 0 : this.options.pollTimeout);
    const starved = fetched.filter((f) => !this.enqueue(f, from.get(partitionKey(f.topic, f.partition)) ?? 0)).map((f) => partitionKey(f.topic, f.partition));
    for (const k of starved) {
      const alone = await this.fetch([k], 0);
      for (const f of alone.fetched) this.enqueue(f, alone.from.get(k) ?? 0);
    }
  }

  /** Whether the merge must stop at `k` (empty, may still hold older records) to refill it. */
  blocks(k: string): boolean {
    return this.merge.queued(k) === 0 && !this.caughtUp.has(k) && !this.finished(k);
  }

  /** Records `k` emitted `offset`: its position moves past it (and past skipped offsets when drained). */
  emitted(k: string, offset: number): void {
    const next = this.merge.queued(k) === 0 ? Math.max(offset + 1, this.fetchAt.get(k) ?? 0) : offset + 1;
    this.positions.set(k, next);
  }

  /** Waits for a background fetch still running (before the reader closes). */
  async settle(): Promise<void> {
    await this.prefetch?.done;
    this.prefetch = undefined;
  }
}
