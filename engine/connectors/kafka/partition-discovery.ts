/**
 * Which partitions a Kafka source reads, as Flink's `KafkaSourceEnumerator` discovers them: every
 * partition of the listed `topics`, or of every topic whose whole name matches `topicPattern`
 * (Java's `Pattern.matcher(topic).matches()`; internal topics such as `__consumer_offsets` never
 * match). Called at start and then every `partition.discovery.interval`; partitions only ever get
 * added (a topic that disappears is not dropped, as in Flink).
 */
import type { KafkaReader, TopicPartition } from './client.ts';

export interface Subscription {
  topics?: readonly string[];
  topicPattern?: string;
}

export class PartitionDiscovery {
  private readonly pattern: RegExp | undefined;

  constructor(
    private readonly reader: KafkaReader,
    private readonly subscription: Subscription,
  ) {
    this.pattern = subscription.topicPattern === undefined ? undefined : new RegExp(`^(?:${subscription.topicPattern})$`);
  }

  /** Whether `topic` is subscribed. */
  matches(topic: string): boolean {
    return this.pattern ? this.pattern.test(topic) : (this.subscription.topics ?? []).includes(topic);
  }

  /**
   * Every subscribed partition, from fresh metadata when `refresh` (later discoveries).
   * @throws Error when a listed topic does not exist (a pattern matching nothing is no error).
   */
  async partitions(refresh: boolean): Promise<TopicPartition[]> {
    const topics = this.pattern ? (await this.reader.listTopics()).filter((t) => this.matches(t)) : [...(this.subscription.topics ?? [])];
    const out: TopicPartition[] = [];
    for (const topic of topics) for (const partition of await this.reader.partitions(topic, refresh)) out.push({ topic, partition });
    return out;
  }
}
