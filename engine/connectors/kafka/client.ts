/**
 * The few Kafka calls the Kafka source and sink need, as an interface: assign-and-fetch reading
 * by explicit offsets (Flink's `KafkaSource` split readers use `assign` + `seek`, never consumer
 * groups), offset look-ups, plain and transactional produce, and a small admin API for the
 * editor. `kafkajs-client.ts` implements it with kafkajs; another client can replace it by
 * calling `setKafkaClientFactory`.
 */

/** TLS options as Node's `tls.connect` takes them: PEM text, files already read. */
export interface KafkaTlsOptions {
  rejectUnauthorized?: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  servername?: string;
}

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** How to reach the cluster; `ssl` and `sasl` are passed through to the client unchanged. */
export interface KafkaConnectionConfig {
  brokers: readonly string[];
  clientId?: string;
  /** `true` for TLS with the system CAs, or TLS options (custom CA, client certificate). */
  ssl?: boolean | KafkaTlsOptions;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  /** Give up on retriable failures (broker down, leader moving) after this long. Default 60 s. */
  retryTimeoutMs?: number;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  /** Offset of the next record to read (Kafka's "position"). */
  offset: number;
}

/** One record as read from Kafka. */
export interface KafkaMessage extends TopicPartition {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  /** The record's Kafka timestamp (CreateTime or LogAppendTime), epoch ms. */
  timestamp: number;
  headers: Record<string, string>;
}

/** What one fetch returned for one partition. */
export interface PartitionFetch extends TopicPartition {
  /** Committed (or, read_uncommitted, all) data records; control and aborted records removed. */
  messages: KafkaMessage[];
  /** Where the next fetch starts: after every offset this fetch covered, skipped records included. */
  nextOffset: number;
  /**
   * The partition's end as the broker reported it with this fetch: the last stable offset for
   * read_committed, else the high watermark. `end - position` is the consumer lag.
   */
  end: number;
}

/** A start or end position: the earliest or latest offset, or the first at/after a timestamp. */
export type OffsetQuery = 'earliest' | 'latest' | { timestamp: number };

export type Isolation = 'read_committed' | 'read_uncommitted';

export interface KafkaReader {
  /** Names of every topic in the cluster, internal ones (`__consumer_offsets`) left out. */
  listTopics(): Promise<string[]>;
  /**
   * Partition ids of `topic`, from fresh metadata when `refresh` (partition discovery), else
   * from what the client has cached. @throws Error when the topic does not exist.
   */
  partitions(topic: string, refresh?: boolean): Promise<number[]>;
  /** Offsets of every partition of `topic` (`latest` = end offset, the last stable one for read_committed). */
  offsets(topic: string, query: OffsetQuery): Promise<Map<number, number>>;
  /** One fetch from each partition at its position; waits up to `maxWaitMs` for data. */
  fetch(positions: readonly TopicPartitionOffset[], maxWaitMs: number, maxBytesPerPartition?: number): Promise<PartitionFetch[]>;
  /**
   * Commits `offsets` (next offset to read) for `groupId` as a standalone member (generation -1,
   * no member id), as Flink's `KafkaSourceReader` does after a checkpoint: for monitoring only,
   * the group never rebalances anything. @throws Error when the commit fails.
   */
  commitOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void>;
  close(): Promise<void>;
}

export interface OutgoingMessage {
  topic: string;
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
  partition?: number;
}

/** Where a produce request put records: the base offset of the batch in each partition. */
export interface ProduceResult extends TopicPartition {
  baseOffset: number;
}

export interface KafkaWriter {
  /** Sends and waits for the acknowledgement (acks=all, idempotent). */
  send(messages: readonly OutgoingMessage[]): Promise<ProduceResult[]>;
  close(): Promise<void>;
}

export interface KafkaTransactionalWriter {
  /**
   * Registers the transactional id with the coordinator, which aborts any transaction a
   * previous producer with the same id left open and fences that producer.
   */
  fence(): Promise<void>;
  /** Sends `messages` in one transaction and commits it; aborts and throws on failure. */
  sendInTransaction(messages: readonly OutgoingMessage[]): Promise<ProduceResult[]>;
  close(): Promise<void>;
}

export interface KafkaAdmin {
  listTopics(): Promise<string[]>;
  /** Partition count of `topic`. @throws Error when it does not exist. */
  partitionCount(topic: string): Promise<number>;
  close(): Promise<void>;
}

export interface KafkaClient {
  reader(isolation: Isolation): Promise<KafkaReader>;
  writer(): Promise<KafkaWriter>;
  transactionalWriter(transactionalId: string): Promise<KafkaTransactionalWriter>;
  admin(): Promise<KafkaAdmin>;
}

export type KafkaClientFactory = (config: KafkaConnectionConfig) => KafkaClient;

let factory: KafkaClientFactory | undefined;
let defaultFactory: Promise<KafkaClientFactory> | undefined;

/** Replaces the client implementation (e.g. another library); `undefined` restores kafkajs. */
export function setKafkaClientFactory(next: KafkaClientFactory | undefined): void {
  factory = next;
}

/** A client for `config`, from the factory set with `setKafkaClientFactory` or kafkajs. */
export async function createKafkaClient(config: KafkaConnectionConfig): Promise<KafkaClient> {
  if (factory) return factory(config);
  // kafkajs loads on first use: a job without Kafka nodes never pays for it.
  defaultFactory ??= Promise.all([import('kafkajs'), import('./kafkajs-client.ts')]).then(([lib, m]) => (c: KafkaConnectionConfig) => m.kafkajsClient(lib, c));
  return (await defaultFactory)(config);
}
