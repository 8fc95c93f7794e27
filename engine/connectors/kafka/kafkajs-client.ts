/**
 * The `KafkaClient` implemented with kafkajs 2.2.4 (the version package.json pins).
 *
 * Reading: kafkajs's public consumer only works with consumer groups (subscribe, rebalance,
 * seek after join), while Flink's `KafkaSource` assigns partitions itself and seeks to
 * checkpointed offsets. So the reader uses kafkajs's own cluster object (metadata, leaders,
 * connections, SASL/SSL) to send Fetch and ListOffsets requests, and kafkajs's `Batch` to drop
 * control records and aborted transactions (read_committed). Both are kafkajs internals, reached
 * here and nowhere else.
 *
 * Writing: kafkajs producers — idempotent (acks=all) for at-least-once, transactional for the
 * exactly-once sink. Retriable failures (broker restarting, leader moving) are retried with
 * backoff until `retryTimeoutMs`.
 */
import { createRequire } from 'node:module';
import type * as KafkaJsModule from 'kafkajs';
import type { Kafka, Message, Producer, RecordMetadata, SASLOptions } from 'kafkajs';

/** The kafkajs module, loaded by the caller on first use (a job without Kafka nodes never loads it). */
export type KafkaJs = typeof KafkaJsModule;
import type {
  Isolation,
  KafkaAdmin,
  KafkaClient,
  KafkaConnectionConfig,
  KafkaMessage,
  KafkaReader,
  KafkaTransactionalWriter,
  KafkaWriter,
  OffsetQuery,
  OutgoingMessage,
  PartitionFetch,
  ProduceResult,
  TopicPartitionOffset,
} from './client.ts';
import { retrying } from './retry.ts';

/** kafkajs `src/protocol/isolationLevel`. */
const ISOLATION_LEVEL = { read_uncommitted: 0, read_committed: 1 } as const;
const EARLIEST = -2;
const LATEST = -1;

interface RawMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[] | undefined>;
  isControlRecord?: boolean;
}
interface RawPartitionData {
  partition: number;
  highWatermark: string;
  abortedTransactions?: unknown[];
  messages: RawMessage[];
}
interface InternalBroker {
  fetch(request: {
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: RawPartitionData[] }[] }>;
}
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(query: { nodeId: string }): Promise<InternalBroker>;
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}
type CreateCluster = (options: { allowAutoTopicCreation: boolean; isolationLevel: number; metadataMaxAge?: number }) => InternalCluster;
type BatchClass = new (topic: string, fetchedOffset: string, data: RawPartitionData) => { messages: RawMessage[] };

const require = createRequire(import.meta.url);
const Batch = require('kafkajs/src/consumer/batch.js') as BatchClass;

/** kafkajs keeps its cluster factory under a private symbol; it is the only way to fetch by offset. */
function clusterFactory(kafka: Kafka): CreateCluster {
  const owner = kafka as unknown as Record<symbol, unknown>;
  const symbol = Object.getOwnPropertySymbols(owner).find((s) => s.description === 'private:Kafka:createCluster');
  const create = symbol === undefined ? undefined : owner[symbol];
  if (typeof create !== 'function') throw new Error('this kafkajs version does not expose its cluster factory; Tributary needs kafkajs 2.2.x');
  return create as CreateCluster;
}

function kafkaOf(lib: KafkaJs, config: KafkaConnectionConfig): Kafka {
  return new lib.Kafka({
    clientId: config.clientId ?? 'tributary',
    brokers: [...config.brokers],
    ssl: config.ssl,
    sasl: config.sasl as SASLOptions | undefined,
    connectionTimeout: 3000,
    logLevel: lib.logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
  });
}

function headersOf(raw: RawMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v === undefined) continue;
    out[k] = (Array.isArray(v) ? v[v.length - 1] : v)?.toString() ?? '';
  }
  return out;
}

class KafkajsReader implements KafkaReader {
  private readonly topics = new Set<string>();
  constructor(
    private readonly cluster: InternalCluster,
    private readonly isolation: Isolation,
    private readonly retryMs: number,
  ) {}

  private async target(topic: string): Promise<void> {
    if (this.topics.has(topic)) return;
    await this.cluster.addMultipleTargetTopics([...this.topics, topic]);
    this.topics.add(topic);
  }

  async partitions(topic: string): Promise<number[]> {
    return retrying(this.retryMs, `partitions of ${topic}`, async () => {
      await this.target(topic);
      return this.cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId).sort((a, b) => a - b);
    }, () => this.cluster.refreshMetadata());
  }

  async offsets(topic: string, query: OffsetQuery): Promise<Map<number, number>> {
    const partitions = (await this.partitions(topic)).map((partition) => ({ partition }));
    return retrying(this.retryMs, `offsets of ${topic}`, async () => {
      const request =
        query === 'earliest' || query === 'latest'
          ? { topic, partitions, fromTimestamp: query === 'earliest' ? EARLIEST : LATEST }
          : { topic, partitions, fromTimestamp: query.timestamp };
      const [result] = await this.cluster.fetchTopicsOffset([request]);
      const out = new Map<number, number>();
      for (const p of result?.partitions ?? []) out.set(p.partition, Number(p.offset));
      // A timestamp after the last record gives -1: start at the end.
      if (typeof query === 'object') {
        const latest = out.size > 0 && [...out.values()].some((o) => o < 0) ? await this.offsets(topic, 'latest') : undefined;
        for (const [p, o] of out) if (o < 0) out.set(p, latest?.get(p) ?? 0);
      }
      return out;
    }, () => this.cluster.refreshMetadata());
  }

  async fetch(positions: readonly TopicPartitionOffset[], maxWaitMs: number, maxBytesPerPartition = 1 << 20): Promise<PartitionFetch[]> {
    return retrying(this.retryMs, 'fetch', async () => {
      const byLeader = new Map<string, Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>>();
      for (const p of positions) {
        await this.target(p.topic);
        const leaders = this.cluster.findLeaderForPartitions(p.topic, [p.partition]);
        const nodeId = Object.keys(leaders)[0];
        if (nodeId === undefined) throw Object.assign(new Error(`no leader for ${p.topic}/${p.partition}`), { retriable: true });
        const topics = byLeader.get(nodeId) ?? new Map();
        byLeader.set(nodeId, topics);
        const list = topics.get(p.topic) ?? [];
        topics.set(p.topic, list);
        list.push({ partition: p.partition, fetchOffset: String(p.offset), maxBytes: maxBytesPerPartition });
      }
      const results = await Promise.all(
        [...byLeader].map(async ([nodeId, topics]) => {
          const broker = await this.cluster.findBroker({ nodeId });
          const request = [...topics].map(([topic, partitions]) => ({ topic, partitions }));
          const { responses } = await broker.fetch({
            maxWaitTime: maxWaitMs,
            minBytes: 1,
            maxBytes: 8 << 20,
            isolationLevel: ISOLATION_LEVEL[this.isolation],
            topics: request,
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
    }, () => this.cluster.refreshMetadata());
  }

  private decode(topic: string, fetchOffset: number, data: RawPartitionData): PartitionFetch {
    let next = fetchOffset;
    for (const m of data.messages) {
      const o = Number(m.offset);
      if (o >= next) next = o + 1;
    }
    const batch = new Batch(topic, String(fetchOffset), data);
    const messages: KafkaMessage[] = batch.messages.map((m) => ({
      topic,
      partition: data.partition,
      offset: Number(m.offset),
      key: m.key,
      value: m.value,
      timestamp: Number(m.timestamp),
      headers: headersOf(m.headers),
    }));
    return { topic, partition: data.partition, messages, nextOffset: next };
  }

  close(): Promise<void> {
    return this.cluster.disconnect();
  }
}

function toMessage(m: OutgoingMessage): Message {
  return { key: m.key, value: m.value, headers: m.headers, partition: m.partition };
}

function byTopic(messages: readonly OutgoingMessage[]): { topic: string; messages: Message[] }[] {
  const groups = new Map<string, Message[]>();
  for (const m of messages) {
    const list = groups.get(m.topic) ?? [];
    groups.set(m.topic, list);
    list.push(toMessage(m));
  }
  return [...groups].map(([topic, list]) => ({ topic, messages: list }));
}

/** Splits messages into produce requests well under the broker's 1 MiB `message.max.bytes` per batch. */
function chunks(messages: readonly OutgoingMessage[]): OutgoingMessage[][] {
  const out: OutgoingMessage[][] = [];
  let chunk: OutgoingMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = (m.value?.length ?? 0) + (m.key?.length ?? 0) + 64;
    if (chunk.length > 0 && (bytes + size > 256 * 1024 || chunk.length >= 2000)) {
      out.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += size;
  }
  if (chunk.length > 0) out.push(chunk);
  return out;
}

function results(metadata: RecordMetadata[]): ProduceResult[] {
  return metadata.map((r) => ({ topic: r.topicName, partition: r.partition, baseOffset: Number(r.baseOffset ?? -1) }));
}

class KafkajsWriter implements KafkaWriter {
  constructor(
    private readonly producer: Producer,
    private readonly retryMs: number,
  ) {}

  async send(messages: readonly OutgoingMessage[]): Promise<ProduceResult[]> {
    const out: ProduceResult[] = [];
    for (const chunk of chunks(messages))
      out.push(...(await retrying(this.retryMs, 'produce', async () => results(await this.producer.sendBatch({ topicMessages: byTopic(chunk), acks: -1 })))));
    return out;
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}

class KafkajsTransactionalWriter implements KafkaTransactionalWriter {
  constructor(
    private readonly producer: Producer,
    private readonly retryMs: number,
  ) {}

  async fence(): Promise<void> {
    await retrying(this.retryMs, 'init transactions', async () => {
      const tx = await this.producer.transaction();
      await tx.abort();
    });
  }

  async sendInTransaction(messages: readonly OutgoingMessage[]): Promise<ProduceResult[]> {
    const tx = await this.producer.transaction();
    try {
      const out: ProduceResult[] = [];
      for (const chunk of chunks(messages)) out.push(...results(await tx.sendBatch({ topicMessages: byTopic(chunk), acks: -1 })));
      await tx.commit();
      return out;
    } catch (error) {
      await tx.abort().catch(() => undefined);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}

class KafkajsAdmin implements KafkaAdmin {
  constructor(private readonly admin: ReturnType<Kafka['admin']>) {}

  listTopics(): Promise<string[]> {
    return this.admin.listTopics();
  }

  async partitionCount(topic: string): Promise<number> {
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    return topics[0]?.partitions.length ?? 0;
  }

  close(): Promise<void> {
    return this.admin.disconnect();
  }
}

/** The kafkajs implementation of `KafkaClient`. */
export function kafkajsClient(lib: KafkaJs, config: KafkaConnectionConfig): KafkaClient {
  const kafka = kafkaOf(lib, config);
  const retryMs = config.retryTimeoutMs ?? 60_000;
  return {
    async reader(isolation) {
      const cluster = clusterFactory(kafka)({ allowAutoTopicCreation: false, isolationLevel: ISOLATION_LEVEL[isolation], metadataMaxAge: 60_000 });
      await retrying(retryMs, 'connect', () => cluster.connect());
      return new KafkajsReader(cluster, isolation, retryMs);
    },
    async writer() {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: lib.Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      await retrying(retryMs, 'connect', () => producer.connect());
      return new KafkajsWriter(producer, retryMs);
    },
    async transactionalWriter(transactionalId) {
      const producer = kafka.producer({
        transactionalId,
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: lib.Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      await retrying(retryMs, 'connect', () => producer.connect());
      return new KafkajsTransactionalWriter(producer, retryMs);
    },
    async admin() {
      const admin = kafka.admin({ retry: { retries: 1 } });
      await admin.connect();
      return new KafkajsAdmin(admin);
    },
  };
}
