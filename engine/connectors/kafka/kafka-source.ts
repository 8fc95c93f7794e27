/**
 * The `kafkaSource` node, after Flink's `KafkaSource`: every partition of the subscribed topics
 * (a list, or a pattern) is assigned to this source and read by offset, no consumer group
 * membership. Its checkpointed state is the next offset of every partition (plus, in bounded
 * mode, the end offsets fixed at the first start, and the per-partition watermark state); a
 * restore seeks there, so records after the checkpoint are read again and the sinks' two-phase
 * commit makes that exactly-once. Partitions absent from a restored checkpoint, and partitions
 * discovered later (every `partitionDiscoveryInterval`, unbounded mode only), start at their
 * earliest offset, as Flink does (FLIP-288).
 *
 * Fetched records wait in per-partition queues and leave through a merge by event time
 * (`partition-queues.ts`): a partition's queue is refilled before the merge moves past it,
 * unless the partition is at its end. So partitions advance together in event time, and the
 * watermark (the minimum over partitions) moves steadily instead of in bursts. Barriers enter
 * between records (`ctx.boundary()`), so a checkpoint's offsets always match what has been
 * emitted; at those boundaries the source also waits out backpressure from downstream, so it
 * fetches only as fast as the pipeline drains. After each completed checkpoint the offsets are
 * committed to `groupId` (monitoring only: Kafka tooling then shows the lag).
 */
import type { KafkaSourceConfig } from '../../nodes/kafkaSource/spec.ts';
import type { PartitionProgress } from '../../runtime/metrics.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { SourceOperator } from '../../runtime/operator.ts';
import { createKafkaClient, type KafkaReader, type OffsetQuery, type TopicPartition } from './client.ts';
import { connectionOf, partitionKey, splitPartitionKey } from './connection.ts';
import { recordPreparer, type PendingRecord } from './kafka-records.ts';
import { AUTO_COMMIT_INTERVAL_MS, OffsetCommitter } from './offset-commits.ts';
import { PartitionDiscovery } from './partition-discovery.ts';
import { PartitionQueues } from './partition-queues.ts';
import { PartitionWatermarks, type PartitionWatermarksSnapshot } from './partition-watermarks.ts';

/**
 * Per-partition fetch size when paced, so partitions interleave finely in event time. (A record
 * batch larger than this still comes whole; the merge interleaves it all the same.)
 */
const PACED_FETCH_BYTES = 32 * 1024;
/** Records between chunk boundaries (barriers, backpressure, pause). */
const CHUNK = 512;

export interface KafkaSourceSnapshot {
  /** Next offset to read, by `topic/partition`. */
  positions: Record<string, number>;
  /** Bounded mode: where each partition ends, fixed when the run first started. */
  ends?: Record<string, number>;
  watermarks: PartitionWatermarksSnapshot;
}

function startQuery(config: KafkaSourceConfig): OffsetQuery {
  const s = config.startFrom;
  if (s === 'earliest' || s === 'latest') return s;
  if ('timestamp' in s) {
    const ms = typeof s.timestamp === 'number' ? s.timestamp : Date.parse(s.timestamp);
    if (Number.isNaN(ms)) throw new Error(`startFrom.timestamp "${String(s.timestamp)}" is not a time`);
    return { timestamp: ms };
  }
  return 'earliest';
}

export function kafkaSource(ctx: OperatorContext<KafkaSourceConfig>): SourceOperator {
  const config = ctx.config;
  const prepare = recordPreparer(ctx);
  const watermarks = new PartitionWatermarks(ctx, config.watermarks);
  let reader: KafkaReader | undefined;
  let discovery: PartitionDiscovery | undefined;
  let restored: KafkaSourceSnapshot | undefined;
  const progressOf = new Map<string, PartitionProgress>();
  ctx.metrics.partitions = progressOf;
  // `--speed N` replays at N × event time (from the first record), as the file source does;
  // for demos and crash tests. The default reads as fast as the broker delivers.
  const speed = ctx.speed;
  const paced = speed !== undefined && speed !== 'max';
  const queues = new PartitionQueues(() => reader as KafkaReader, prepare, progressOf, { pacedFetchBytes: paced ? PACED_FETCH_BYTES : undefined, pollTimeout: config.pollTimeout });
  const { merge, positions } = queues;
  const starts = new Map<string, number>();
  const discoveryMs = config.stopAtEnd ? 0 : config.partitionDiscoveryInterval;
  let discoveredAt = 0;
  const committer =
    config.groupId === undefined || !config.commitOffsetsOnCheckpoint
      ? undefined
      : new OffsetCommitter(() => reader, config.groupId, ctx.log, (committed) => {
          for (const [k, offset] of Object.entries(committed)) {
            const p = progressOf.get(k);
            if (p) p.committed = offset;
          }
        });
  let autoCommittedAt = 0;

  /** Adds partitions not read yet, starting at `start` (or the restored/explicit offset). */
  async function assign(found: readonly TopicPartition[], initial: boolean): Promise<string[]> {
    const r = reader as KafkaReader;
    const fresh = found.filter((tp) => !positions.has(partitionKey(tp.topic, tp.partition)));
    const explicit = typeof config.startFrom === 'object' && 'offsets' in config.startFrom ? config.startFrom.offsets : undefined;
    const added: string[] = [];
    for (const topic of new Set(fresh.map((tp) => tp.topic))) {
      const mine = fresh.filter((tp) => tp.topic === topic);
      const unknown = mine.filter((tp) => restored?.positions[partitionKey(topic, tp.partition)] === undefined);
      // A fresh run's first partitions start at startFrom; later ones, and partitions missing
      // from a restored checkpoint, at the earliest offset (Flink's FLIP-288).
      const query: OffsetQuery = initial && !restored ? startQuery(config) : 'earliest';
      const initialOffsets = unknown.length === 0 ? new Map<number, number>() : await r.offsets(topic, query);
      const needEnds = config.stopAtEnd && mine.some((tp) => restored?.ends?.[partitionKey(topic, tp.partition)] === undefined);
      const latest = needEnds ? await r.offsets(topic, 'latest') : undefined;
      for (const { partition } of mine) {
        const k = partitionKey(topic, partition);
        const at = restored?.positions[k] ?? (initial ? explicit?.[topic]?.[String(partition)] : undefined) ?? initialOffsets.get(partition) ?? 0;
        positions.set(k, at);
        starts.set(k, at);
        progressOf.set(k, { topic, partition, offset: at, end: null, committed: null });
        watermarks.add(k);
        queues.ends?.set(k, restored?.ends?.[k] ?? latest?.get(partition) ?? 0);
        added.push(k);
      }
    }
    return added;
  }

  async function discover(now: number): Promise<void> {
    if (discoveryMs <= 0 || now - discoveredAt < discoveryMs || !discovery) return;
    discoveredAt = now;
    const added = await assign(await discovery.partitions(true), false);
    if (added.length > 0) ctx.log(`discovered ${added.length} new partition${added.length === 1 ? '' : 's'} (${added.join(', ')}), reading from the earliest offset`);
  }

  function emit(p: PendingRecord, k: string): void {
    const m = p.message;
    ctx.metrics.in++;
    if (p.kind === 'error') {
      ctx.error(p.reason, { topic: m.topic, partition: m.partition, offset: m.offset, raw: m.value === null ? null : m.value.toString('utf8') }, m.timestamp);
    } else {
      ctx.metrics.accepted++;
      const now = ctx.clock.now();
      watermarks.emit(k, p.row, p.timestamp ?? now, now);
    }
    queues.emitted(k, p.offset);
  }

  let paceStart: { wall: number; event: number } | undefined;
  /** Waits, checkpointing meanwhile, until replay reaches `ts`. @returns false when stopped. */
  async function pace(ts: number): Promise<boolean> {
    if (!paced) return true;
    const clock = ctx.clock;
    paceStart ??= { wall: clock.now(), event: ts };
    const due = paceStart.wall + (ts - paceStart.event) / speed;
    for (let wait = due - clock.now(); wait > 0; wait = due - clock.now()) {
      await clock.sleep(Math.min(wait, config.watermarks.interval));
      if (!(await between())) return false;
    }
    return true;
  }

  function progress(): void {
    for (const [k, p] of progressOf) p.offset = positions.get(k) ?? p.offset;
    if (!queues.ends) return;
    let done = 0;
    let total = 0;
    for (const [k, end] of queues.ends) {
      const start = starts.get(k) ?? 0;
      total += Math.max(0, end - start);
      done += Math.max(0, Math.min(end, positions.get(k) ?? 0) - start);
    }
    ctx.metrics.progress = total === 0 ? 1 : done / total;
  }

  async function between(): Promise<boolean> {
    watermarks.tick();
    progress();
    const now = ctx.clock.now();
    if (committer && !ctx.checkpointing && now - autoCommittedAt >= AUTO_COMMIT_INTERVAL_MS) {
      autoCommittedAt = now;
      committer.commit(Object.fromEntries(positions));
    }
    return ctx.boundary();
  }

  return {
    restoreState(state) {
      restored = state as KafkaSourceSnapshot;
      watermarks.restore(restored.watermarks);
    },
    async open() {
      const client = await createKafkaClient(connectionOf(config, ctx.resolvePath));
      reader = await client.reader(config.isolation);
      discovery = new PartitionDiscovery(reader, { topics: config.topics, topicPattern: config.topicPattern });
      const found = await discovery.partitions(false);
      const dropped = Object.keys(restored?.positions ?? {}).filter((k) => !discovery?.matches(splitPartitionKey(k).topic));
      if (dropped.length > 0) ctx.log(`restore: not reading ${dropped.join(', ')} any more (no longer subscribed)`);
      if (config.stopAtEnd) queues.ends = new Map();
      await assign(found, true);
      discoveredAt = ctx.clock.now();
      if (found.length === 0) ctx.log(`no partitions match yet; looking again every ${discoveryMs} ms`);
    },
    async run() {
      ctx.metrics.progress = queues.ends ? 0 : undefined;
      let active: string[] = [];
      const activeNow = (): readonly string[] => active;
      for (;;) {
        await discover(ctx.clock.now());
        active = [...positions.keys()].filter((k) => {
          if (!queues.finished(k)) return true;
          watermarks.finish(k);
          return false;
        });
        if (queues.ends && active.length === 0) break;
        if (active.length === 0) {
          // Nothing subscribed yet (a pattern that matches no topic): wait for discovery.
          await ctx.clock.sleep(config.pollTimeout);
          if (!(await between())) return;
          continue;
        }
        await queues.refill(active);
        // Emit in event-time order until a partition that may still hold older records runs dry.
        let sinceBoundary = 0;
        for (let next = merge.peek(); next; next = merge.peek()) {
          const p = next.item;
          if (p.kind === 'record' && p.timestamp !== undefined && !(await pace(p.timestamp))) return;
          merge.pop();
          emit(p, next.input);
          queues.afterEmit(next.input, activeNow);
          if (++sinceBoundary >= CHUNK) {
            sinceBoundary = 0;
            if (!(await between())) return;
          }
          if (queues.blocks(next.input)) {
            if (!queues.prefetching(next.input)) break;
            await queues.landPrefetch();
            if (queues.blocks(next.input)) break;
          }
        }
        if (!(await between())) return;
      }
      if (!(await ctx.boundary({ ending: true }))) return;
      ctx.metrics.progress = 1;
      watermarks.end();
    },
    snapshotState(checkpointId): KafkaSourceSnapshot {
      const snapshot: KafkaSourceSnapshot = {
        positions: Object.fromEntries(positions),
        ends: queues.ends ? Object.fromEntries(queues.ends) : undefined,
        watermarks: watermarks.snapshot(),
      };
      committer?.checkpointTaken(checkpointId, snapshot.positions);
      return snapshot;
    },
    notifyCheckpointComplete(checkpointId) {
      committer?.checkpointComplete(checkpointId);
    },
    async close() {
      if (committer && !ctx.checkpointing && reader) committer.commit(Object.fromEntries(positions));
      await queues.settle();
      await committer?.settled();
      await reader?.close().catch(() => undefined);
    },
  };
}
