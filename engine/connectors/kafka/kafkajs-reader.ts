/**
 * `KafkaReader` with kafkajs: assign-and-fetch by explicit offsets, offset look-ups, topic and
 * partition discovery, and standalone offset commits, through the kafkajs internals behind
 * `kafkajs-internals.ts` (kafkajs's public consumer cannot read without a consumer group).
 * Retriable failures are retried until the connection's `retryTimeout`.
 */
import type { Isolation, KafkaMessage, KafkaReader, OffsetQuery, PartitionFetch, TopicPartitionOffset } from './client.ts';
import {
  checkBroker,
  committedMessages,
  EARLIEST_TIMESTAMP,
  ISOLATION_LEVEL,
  LATEST_TIMESTAMP,
  type InternalCluster,
  type RawMessage,
  type RawPartitionData,
} from './kafkajs-internals.ts';
import { retrying, type RetryPolicy } from './retry.ts';

function headersOf(raw: RawMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v === undefined) continue;
    out[k] = (Array.isArray(v) ? v[v.length - 1] : v)?.toString() ?? '';
  }
  return out;
}

type FetchPartition = { partition: number; fetchOffset: string; maxBytes: number };

export class KafkajsReader implements KafkaReader {
  private readonly topics = new Set<string>();
  private readonly refresh = (): Promise<void> => this.cluster.refreshMetadata();

  constructor(
    private readonly cluster: InternalCluster,
    private readonly isolation: Isolation,
    private readonly policy: RetryPolicy,
  ) {}

  private async target(topic: string): Promise<void> {
    if (this.topics.has(topic)) return;
    await this.cluster.addMultipleTargetTopics([...this.topics, topic]);
    this.topics.add(topic);
  }

  async listTopics(): Promise<string[]> {
    return retrying(this.policy, 'listing topics', async () => {
      const { topicMetadata } = await this.cluster.metadata();
      return topicMetadata.map((t) => t.topic).filter((t) => !t.startsWith('__')).sort();
    });
  }

  async partitions(topic: string, refresh = false): Promise<number[]> {
    return retrying(this.policy, `reading the partitions of ${topic}`, async () => {
      const known = this.topics.has(topic);
      await this.target(topic);
      if (refresh && known) await this.cluster.refreshMetadata();
      return this.cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId).sort((a, b) => a - b);
    }, this.refresh);
  }

  async offsets(topic: string, query: OffsetQuery): Promise<Map<number, number>> {
    const partitions = (await this.partitions(topic)).map((partition) => ({ partition }));
    return retrying(this.policy, `reading the offsets of ${topic}`, async () => {
      const fromTimestamp = query === 'earliest' ? EARLIEST_TIMESTAMP : query === 'latest' ? LATEST_TIMESTAMP : query.timestamp;
      const [result] = await this.cluster.fetchTopicsOffset([{ topic, partitions, fromTimestamp }]);
      const out = new Map<number, number>();
      for (const p of result?.partitions ?? []) out.set(p.partition, Number(p.offset));
      // A timestamp after the last record gives -1: start at the end.
      if (typeof query === 'object' && [...out.values()].some((o) => o < 0)) {
        const latest = await this.offsets(topic, 'latest');
        for (const [p, o] of out) if (o < 0) out.set(p, latest.get(p) ?? 0);
      }
      return out;
    }, this.refresh);
  }

  async fetch(positions: readonly TopicPartitionOffset[], maxWaitMs: number, maxBytesPerPartition = 1 << 20): Promise<PartitionFetch[]> {
    return retrying(this.policy, 'fetching records', async () => {
      const byLeader = new Map<string, Map<string, FetchPartition[]>>();
      for (const p of positions) {
        await this.target(p.topic);
        const nodeId = Object.keys(this.cluster.findLeaderForPartitions(p.topic, [p.partition]))[0];
        if (nodeId === undefined) throw Object.assign(new Error(`no leader for ${p.topic}/${p.partition}`), { retriable: true });
        const topics = byLeader.get(nodeId) ?? new Map<string, FetchPartition[]>();
        byLeader.set(nodeId, topics);
        const list = topics.get(p.topic) ?? [];
        topics.set(p.topic, list);
        list.push({ partition: p.partition, fetchOffset: String(p.offset), maxBytes: maxBytesPerPartition });
      }
      const results = await Promise.all(
        [...byLeader].map(async ([nodeId, topics]) => {
          const broker = checkBroker(await this.cluster.findBroker({ nodeId }));
          const { responses } = await broker.fetch({
            maxWaitTime: maxWaitMs,
            minBytes: 1,
            maxBytes: 8 << 20,
            isolationLevel: ISOLATION_LEVEL[this.isolation],
            topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
          });
          return responses.flatMap(({ topicName, partitions }) =>
            partitions.map((data) => {
              const fetchOffset = topics.get(topicName)?.find((q) => q.partition === data.partition)?.fetchOffset ?? '0';
              return this.decode(topicName, Number(fetchOffset), data);
            }),
          );
        }),
      );
      return results.flat();
    }, this.refresh);
  }

  private decode(topic: string, fetchOffset: number, data: RawPartitionData): PartitionFetch {
    let next = fetchOffset;
    for (const m of data.messages) {
      const o = Number(m.offset);
      if (o >= next) next = o + 1;
    }
    const messages: KafkaMessage[] = committedMessages(topic, fetchOffset, data).map((m) => ({
      topic,
      partition: data.partition,
      offset: Number(m.offset),
      key: m.key,
      value: m.value,
      timestamp: Number(m.timestamp),
      headers: headersOf(m.headers),
    }));
    const stable = data.lastStableOffset === undefined ? -1 : Number(data.lastStableOffset);
    const end = this.isolation === 'read_committed' && stable >= 0 ? stable : Number(data.highWatermark);
    return { topic, partition: data.partition, messages, nextOffset: next, end };
  }

  async commitOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const topics = new Map<string, { partition: number; offset: string }[]>();
    for (const o of offsets) topics.set(o.topic, [...(topics.get(o.topic) ?? []), { partition: o.partition, offset: String(o.offset) }]);
    await retrying(this.policy, `committing offsets of group ${groupId}`, async () => {
      const coordinator = checkBroker(await this.cluster.findGroupCoordinator({ groupId }));
      // Generation -1 and no member id: a standalone commit, as the Java consumer makes with
      // assign() (Flink's KafkaSourceReader); the broker accepts it while the group has no members.
      await coordinator.offsetCommit({ groupId, groupGenerationId: -1, memberId: '', topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) });
    });
  }

  close(): Promise<void> {
    return this.cluster.disconnect();
  }
}
