/** Small helpers the Kafka source and sink share: the client config of a node, partition keys. */
import type { KafkaConnectionConfig } from './client.ts';

export interface NodeConnection {
  brokers: string[];
  clientId: string;
  ssl?: KafkaConnectionConfig['ssl'];
  sasl?: KafkaConnectionConfig['sasl'];
  retryTimeout: number;
}

export function connectionOf(config: NodeConnection): KafkaConnectionConfig {
  return { brokers: config.brokers, clientId: config.clientId, ssl: config.ssl, sasl: config.sasl, retryTimeoutMs: config.retryTimeout };
}

/** `topic/partition`, the key of a partition in snapshots (topic names cannot contain `/`). */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

export function splitPartitionKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('/');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}
