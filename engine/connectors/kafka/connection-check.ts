/**
 * The editor's "list topics" and "test connection" for Kafka nodes: connects with the node's
 * brokers and security settings, lists the topics and, when given one, checks that it exists.
 * Failures come back as one line naming the connection and the cause (unreachable broker,
 * unknown topic, wrong password, untrusted or expired certificate), never as a stack trace.
 */
import { createKafkaClient, type KafkaConnectionConfig } from './client.ts';
import { describeConnection } from './connection.ts';
import { kafkaFailure } from './kafka-errors.ts';

export type KafkaCheckResult =
  | { ok: true; topics: string[]; partitions?: number }
  | { ok: false; error: string; topics?: string[] };

/** `Kafka at <connection>: <cause>` for a client error (see `kafka-errors.ts`). */
export function describeKafkaError(error: unknown, config: Pick<KafkaConnectionConfig, 'brokers' | 'ssl' | 'sasl'>): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('Kafka at ')) return message;
  return `Kafka at ${describeConnection(config)}: ${kafkaFailure(error).cause}`;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Connection timeout: no answer within ${ms} ms while ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Connects, lists topics, and checks `topic` when given.
 * @param timeoutMs how long to wait for the cluster, in ms (default 8000)
 */
export async function checkKafkaConnection(config: KafkaConnectionConfig, topic?: string, timeoutMs = 8000): Promise<KafkaCheckResult> {
  if (config.brokers.length === 0) return { ok: false, error: 'no brokers given (host:port, e.g. 127.0.0.1:9092)' };
  let admin: Awaited<ReturnType<Awaited<ReturnType<typeof createKafkaClient>>['admin']>> | undefined;
  try {
    const client = await createKafkaClient({ ...config, clientId: config.clientId ?? 'tributary-editor', retryTimeoutMs: Math.min(timeoutMs, config.retryTimeoutMs ?? timeoutMs) });
    admin = await withTimeout(client.admin(), timeoutMs, 'connecting');
    const topics = (await withTimeout(admin.listTopics(), timeoutMs, 'listing topics')).filter((t) => !t.startsWith('__')).sort();
    if (topic === undefined || topic === '') return { ok: true, topics };
    if (!topics.includes(topic)) return { ok: false, error: `topic "${topic}" does not exist on ${config.brokers.join(', ')}`, topics };
    return { ok: true, topics, partitions: await withTimeout(admin.partitionCount(topic), timeoutMs, 'reading the topic') };
  } catch (error) {
    return { ok: false, error: describeKafkaError(error, config) };
  } finally {
    await admin?.close().catch(() => undefined);
  }
}
