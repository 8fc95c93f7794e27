/**
 * Retrying a Kafka call through transient failures — a broker restarting, a leader moving, a
 * connection reset — with exponential backoff (250 ms doubling to 2 s) until `timeoutMs` has
 * passed, like the Java client's `retries` + `delivery.timeout.ms`. Failures that cannot get
 * better (authentication, TLS certificates, unknown topic, bad request) are thrown at once.
 * Whatever is thrown in the end is a `KafkaError`: one line naming the connection and the cause.
 */
import { kafkaFailure, type KafkaFailureKind } from './kafka-errors.ts';

const PERMANENT = /UNKNOWN_TOPIC|does not host this topic-partition|INVALID_|TOPIC_AUTHORIZATION|GROUP_AUTHORIZATION|not a valid|NonRetriable/;

/** A Kafka failure after retries: `Kafka at <connection>: <cause>`. */
export class KafkaError extends Error {
  constructor(
    message: string,
    readonly kind: KafkaFailureKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KafkaError';
  }
}

/** Which connection, and how long to keep trying. */
export interface RetryPolicy {
  timeoutMs: number;
  /** `describeConnection(config)`: named in the final error. */
  connection: string;
}

function retriable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (kafkaFailure(error).permanent) return false;
  const text = `${error.name} ${error.message} ${(error as { type?: string }).type ?? ''}`;
  if (PERMANENT.test(text) && !/KafkaJSConnection|ECONNREFUSED|ECONNRESET/.test(text)) return false;
  const flagged = (error as { retriable?: boolean }).retriable;
  return flagged === true || /KafkaJS(Connection|RequestTimeout|NumberOfRetriesExceeded|BrokerNotFound|LockTimeout|TopicMetadataNotLoaded|StaleTopicMetadataAssignment|ConnectionClosed)|ECONNREFUSED|ECONNRESET|EPIPE|Closed connection|NOT_LEADER|LEADER_NOT_AVAILABLE|COORDINATOR_NOT_AVAILABLE|NOT_COORDINATOR|COORDINATOR_LOAD_IN_PROGRESS/.test(text);
}

/** The final error of `what` on `connection`: authentication, TLS and unreachable causes stand alone. */
export function kafkaError(connection: string, what: string, error: unknown): KafkaError {
  if (error instanceof KafkaError) return error;
  const f = kafkaFailure(error);
  const cause = f.kind === 'other' ? `${what} failed: ${f.cause}` : f.cause;
  return new KafkaError(`Kafka at ${connection}: ${cause}`, f.kind, { cause: error });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, retrying retriable failures until `policy.timeoutMs`.
 * `recover` runs before each retry (e.g. refresh metadata); its own failure is ignored.
 * @throws KafkaError naming the connection and the cause.
 */
export async function retrying<T>(policy: RetryPolicy, what: string, call: () => Promise<T>, recover?: () => Promise<void>): Promise<T> {
  const deadline = Date.now() + policy.timeoutMs;
  let delay = 250;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!retriable(error) || Date.now() + delay > deadline) throw kafkaError(policy.connection, what, error);
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
      if (recover) await recover().catch(() => undefined);
    }
  }
}
