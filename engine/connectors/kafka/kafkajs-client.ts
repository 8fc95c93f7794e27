/**
 * The `KafkaClient` implemented with kafkajs (see `kafkajs-internals.ts` for the versions it
 * supports).
 *
 * Reading (`kafkajs-reader.ts`): assign-and-fetch by offset through kafkajs internals, as
 * Flink's `KafkaSource` reads, isolated in `kafkajs-internals.ts`.
 *
 * Writing: kafkajs producers — idempotent (acks=all) for at-least-once, transactional for the
 * exactly-once sink. Retriable failures (broker restarting, leader moving) are retried with
 * backoff until `retryTimeoutMs`; what fails in the end names the connection and the cause.
 */
import type * as KafkaJsModule from 'kafkajs';
import type { Kafka, Message, Producer, RecordMetadata, SASLOptions } from 'kafkajs';

/** The kafkajs module, loaded by the caller on first use (a job without Kafka nodes never loads it). */
export type KafkaJs = typeof KafkaJsModule;
import type { KafkaAdmin, KafkaClient, KafkaConnectionConfig, KafkaTransactionalWriter, KafkaWriter, OutgoingMessage, ProduceResult } from './client.ts';
import { describeConnection } from './connection.ts';
import { createCluster, ISOLATION_LEVEL } from './kafkajs-internals.ts';
import { KafkajsReader } from './kafkajs-reader.ts';
import { kafkaError, retrying, type RetryPolicy } from './retry.ts';

function kafkaOf(lib: KafkaJs, config: KafkaConnectionConfig): Kafka {
  return new lib.Kafka({
    clientId: config.clientId ?? 'tributary',
    brokers: [...config.brokers],
    ssl: config.ssl,
    // kafkajs types each mechanism separately; these three take { mechanism, username, password }.
    sasl: config.sasl as SASLOptions | undefined,
    connectionTimeout: 3000,
    logLevel: lib.logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 2000 },
  });
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
    private readonly policy: RetryPolicy,
  ) {}

  async send(messages: readonly OutgoingMessage[]): Promise<ProduceResult[]> {
    const out: ProduceResult[] = [];
    for (const chunk of chunks(messages))
      out.push(...(await retrying(this.policy, 'producing records', async () => results(await this.producer.sendBatch({ topicMessages: byTopic(chunk), acks: -1 })))));
    return out;
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}

class KafkajsTransactionalWriter implements KafkaTransactionalWriter {
  constructor(
    private readonly producer: Producer,
    private readonly policy: RetryPolicy,
  ) {}

  async fence(): Promise<void> {
    await retrying(this.policy, 'initializing transactions', async () => {
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
      throw kafkaError(this.policy.connection, 'committing a transaction', error);
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
  const policy: RetryPolicy = { timeoutMs: config.retryTimeoutMs ?? 60_000, connection: describeConnection(config) };
  return {
    async reader(isolation) {
      const cluster = createCluster(kafka, { allowAutoTopicCreation: false, isolationLevel: ISOLATION_LEVEL[isolation], metadataMaxAge: 60_000 });
      await retrying(policy, 'connecting', () => cluster.connect());
      return new KafkajsReader(cluster, isolation, policy);
    },
    async writer() {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: lib.Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      await retrying(policy, 'connecting', () => producer.connect());
      return new KafkajsWriter(producer, policy);
    },
    async transactionalWriter(transactionalId) {
      const producer = kafka.producer({
        transactionalId,
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: lib.Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: false,
      });
      await retrying(policy, 'connecting', () => producer.connect());
      return new KafkajsTransactionalWriter(producer, policy);
    },
    async admin() {
      const admin = kafka.admin({ retry: { retries: 1 } });
      try {
        await admin.connect();
      } catch (error) {
        throw kafkaError(policy.connection, 'connecting', error);
      }
      return new KafkajsAdmin(admin);
    },
  };
}
