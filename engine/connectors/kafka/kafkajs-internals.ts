/**
 * The one place Tributary reaches into kafkajs internals. kafkajs's public consumer only reads
 * through consumer groups (subscribe, rebalance, seek after join), while Flink's `KafkaSource`
 * assigns partitions itself, seeks to checkpointed offsets and commits offsets without joining
 * a group. That takes two internals:
 *
 * 1. the cluster factory kafkajs keeps under the private symbol `private:Kafka:createCluster`:
 *    metadata, partition leaders and connections (with SASL and TLS), whose brokers send the
 *    Fetch, ListOffsets, FindCoordinator and OffsetCommit requests;
 * 2. `kafkajs/src/consumer/batch.js`, which drops control records and the records of aborted
 *    transactions from a fetch (read_committed).
 *
 * Both are private API that any kafkajs release may change, so this module refuses kafkajs
 * versions it was not tested with (`SUPPORTED_KAFKAJS_VERSIONS`; each has a run of
 * test/kafka/kafkajs-adapter.test.ts against a real broker) and checks the shape of what it
 * gets, failing with a message that says which internal is missing rather than misbehaving.
 * Adding a version: install it, run that test, add it to the list.
 */
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';

/** kafkajs releases the adapter has been tested with (test/kafka/kafkajs-adapter.test.ts). */
export const SUPPORTED_KAFKAJS_VERSIONS: readonly string[] = ['2.2.4'];

/** kafkajs `src/protocol/isolationLevel`. */
export const ISOLATION_LEVEL = { read_uncommitted: 0, read_committed: 1 } as const;
/** ListOffsets' special timestamps (Kafka protocol). */
export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;

export interface RawMessage {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, Buffer | Buffer[] | undefined>;
  isControlRecord?: boolean;
}

/** One partition of a Fetch response, as kafkajs decodes it. */
export interface RawPartitionData {
  partition: number;
  errorCode?: number;
  highWatermark: string;
  lastStableOffset?: string;
  abortedTransactions?: unknown[];
  messages: RawMessage[];
}

export interface FetchRequest {
  maxWaitTime: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
}

export interface OffsetCommitRequest {
  groupId: string;
  groupGenerationId: number;
  memberId: string;
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

/** The methods of kafkajs's `Broker` the reader uses. */
export interface InternalBroker {
  fetch(request: FetchRequest): Promise<{ responses: { topicName: string; partitions: RawPartitionData[] }[] }>;
  offsetCommit(request: OffsetCommitRequest): Promise<{ responses: { topic: string; partitions: { partition: number; errorCode: number }[] }[] }>;
}

/** The methods of kafkajs's `Cluster` the reader uses. */
export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  metadata(options?: { topics?: string[] }): Promise<{ topicMetadata: { topic: string }[] }>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number; leader: number }[];
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(query: { nodeId: string }): Promise<InternalBroker>;
  findGroupCoordinator(query: { groupId: string }): Promise<InternalBroker>;
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

export interface ClusterOptions {
  allowAutoTopicCreation: boolean;
  isolationLevel: number;
  metadataMaxAge?: number;
}

type CreateCluster = (options: ClusterOptions) => InternalCluster;
type BatchClass = new (topic: string, fetchedOffset: string, data: RawPartitionData) => { messages: RawMessage[] };

const CLUSTER_METHODS = ['connect', 'disconnect', 'refreshMetadata', 'metadata', 'addMultipleTargetTopics', 'findTopicPartitionMetadata', 'findLeaderForPartitions', 'findBroker', 'findGroupCoordinator', 'fetchTopicsOffset'] as const;
const BROKER_METHODS = ['fetch', 'offsetCommit'] as const;

const require = createRequire(import.meta.url);

/** The installed kafkajs's version, from its package.json. */
export function installedKafkajsVersion(): string {
  return (require('kafkajs/package.json') as { version: string }).version;
}

/** @throws Error when `version` is not one the adapter was tested with. */
export function checkKafkajsVersion(version: string): void {
  if (!SUPPORTED_KAFKAJS_VERSIONS.includes(version))
    throw new Error(
      `kafkajs ${version} is not supported: Tributary reads Kafka through two kafkajs internals (the cluster factory and the record batch decoder), tested with kafkajs ${SUPPORTED_KAFKAJS_VERSIONS.join(', ')}; install one of those`,
    );
}

let batchClass: BatchClass | undefined;

/** kafkajs's `Batch` (internal 2), loaded after the version check. */
function batch(): BatchClass {
  if (batchClass) return batchClass;
  checkKafkajsVersion(installedKafkajsVersion());
  const loaded = require('kafkajs/src/consumer/batch.js') as unknown;
  if (typeof loaded !== 'function') throw new Error('kafkajs internal src/consumer/batch.js is not the Batch class this adapter knows');
  batchClass = loaded as BatchClass;
  return batchClass;
}

function missing(object: object, methods: readonly string[]): string[] {
  return methods.filter((m) => typeof (object as Record<string, unknown>)[m] !== 'function');
}

/** @throws Error naming the internal methods a broker object lacks. */
export function checkBroker(broker: InternalBroker): InternalBroker {
  const gone = missing(broker, BROKER_METHODS);
  if (gone.length > 0) throw new Error(`kafkajs internal Broker lacks ${gone.join(', ')}`);
  return broker;
}

/**
 * A kafkajs cluster (internal 1) for `kafka`, the client's own connections and security.
 * @throws Error when kafkajs is an unsupported version or its cluster lacks a method used here.
 */
export function createCluster(kafka: Kafka, options: ClusterOptions): InternalCluster {
  checkKafkajsVersion(installedKafkajsVersion());
  const owner = kafka as unknown as Record<symbol, unknown>;
  const symbol = Object.getOwnPropertySymbols(owner).find((s) => s.description === 'private:Kafka:createCluster');
  const create = symbol === undefined ? undefined : owner[symbol];
  if (typeof create !== 'function') throw new Error('kafkajs internal private:Kafka:createCluster is missing');
  const cluster = (create as CreateCluster)(options);
  const gone = missing(cluster, CLUSTER_METHODS);
  if (gone.length > 0) throw new Error(`kafkajs internal Cluster lacks ${gone.join(', ')}`);
  return cluster;
}

/**
 * The data records of one fetched partition: records before `fetchOffset` (a compressed batch
 * can start earlier), control records and aborted transactions' records removed.
 */
export function committedMessages(topic: string, fetchOffset: number, data: RawPartitionData): RawMessage[] {
  const Batch = batch();
  return new Batch(topic, String(fetchOffset), data).messages;
}
