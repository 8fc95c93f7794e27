/**
 * Retrying a Kafka call through transient failures — a broker restarting, a leader moving, a
 * connection reset — with exponential backoff (250 ms doubling to 2 s) until `timeoutMs` has
 * passed, like the Java client's `retries` + `delivery.timeout.ms`. Failures that cannot get
 * better (authentication, unknown topic, bad request) are thrown at once.
 */

const PERMANENT = /SASL|[Aa]uthenticat|UNKNOWN_TOPIC|does not host this topic-partition|INVALID_|TOPIC_AUTHORIZATION|not a valid|NonRetriable/;

function retriable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.name} ${error.message} ${(error as { type?: string }).type ?? ''}`;
  if (PERMANENT.test(text) && !/KafkaJSConnection|ECONNREFUSED|ECONNRESET/.test(text)) return false;
  const flagged = (error as { retriable?: boolean }).retriable;
  return flagged === true || /KafkaJS(Connection|RequestTimeout|NumberOfRetriesExceeded|BrokerNotFound|LockTimeout|TopicMetadataNotLoaded|StaleTopicMetadataAssignment|ConnectionClosed)|ECONNREFUSED|ECONNRESET|EPIPE|Closed connection|NOT_LEADER|LEADER_NOT_AVAILABLE/.test(text);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call` until it succeeds, retrying retriable failures until `timeoutMs` (then throws
 * the last failure, naming `what`). `recover` runs before each retry (e.g. refresh metadata);
 * its own failure is ignored.
 */
export async function retrying<T>(timeoutMs: number, what: string, call: () => Promise<T>, recover?: () => Promise<void>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 250;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!retriable(error) || Date.now() + delay > deadline) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`Kafka ${what}: ${message}`, { cause: error });
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
      if (recover) await recover().catch(() => undefined);
    }
  }
}
