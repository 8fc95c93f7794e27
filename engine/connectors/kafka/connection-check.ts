/**
 * The editor's "list topics" and "test connection" for Kafka nodes: connects with the node's
 * brokers and security settings, lists the topics and, when given one, checks that it exists.
 * Failures come back as one clear sentence (unreachable broker, unknown topic, authentication
 * failure), never as a stack trace.
 */
import { createKafkaClient, type KafkaConnectionConfig } from './client.ts';

export type KafkaCheckResult =
  | { ok: true; topics: string[]; partitions?: number }
  | { ok: false; error: string; topics?: string[] };

/** Turns a client error into what the user should do about it. */
export function describeKafkaError(error: unknown, brokers: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/SASL|authenticat|Authentication/i.test(message)) return `authentication failed at ${brokers.join(', ')}: ${message}`;
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection timeout|connect|broker.*not.*available|Failed to connect/i.test(message))
    return `cannot reach the broker at ${brokers.join(', ')}: ${message}`;
  if (/SSL|TLS|certificate/i.test(message)) return `TLS handshake with ${brokers.join(', ')} failed: ${message}`;
  return message;
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
    return { ok: false, error: describeKafkaError(error, config.brokers) };
  } finally {
    await admin?.close().catch(() => undefined);
  }
}
