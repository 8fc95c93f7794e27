/**
 * `kafkaSource`: reads topics (a list, or every topic matching `topicPattern`) like Flink's
 * `KafkaSource`: offsets live in checkpoints, and are committed to `groupId` after each completed
 * checkpoint only for monitoring; new partitions and topics are discovered every
 * `partitionDiscoveryInterval`; watermarks are generated per partition and combined by minimum
 * with idle partitions left out; `stopAtEnd` makes it bounded (Flink's
 * `setBounded(OffsetsInitializer.latest())`, which also turns discovery off).
 */
import { z } from 'zod';
import { Duration, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { connection, KAFKA_SECURITY_CAPABILITIES, KafkaStartPosition, KafkaTimeSpec } from '../common/kafka-config.ts';
import { SOURCE_OUT } from '../common/ports.ts';
import { csvColumns, SchemaDeclaration, schemaField } from '../common/schema.ts';

function validPattern(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export const KafkaSourceConfig = z.object({
  ...connection,
  topics: z.array(z.string().min(1)).min(1).optional().describe('topics to read (or give topicPattern)'),
  topicPattern: z
    .string()
    .min(1)
    .refine(validPattern, 'not a valid regular expression')
    .optional()
    .describe('read every topic whose whole name matches this regular expression (Flink’s setTopicPattern); new ones are discovered'),
  partitionDiscoveryInterval: Duration.default(300_000).describe('look for new partitions and matching topics this often (Flink’s partition.discovery.interval.ms); 0: never. Off with stopAtEnd'),
  groupId: z.string().min(1).optional().describe('consumer group the checkpointed offsets are committed to, for monitoring (kafka-consumer-groups shows lag); none: no commits'),
  commitOffsetsOnCheckpoint: z.boolean().default(true).describe('with groupId: commit offsets after each completed checkpoint (Flink’s commit.offsets.on.checkpoint)'),
  startFrom: KafkaStartPosition.default('earliest'),
  format: z.enum(['json', 'csv', 'raw']).default('json').describe('record value: a JSON object, one CSV line, or a string'),
  csv: z
    .object({
      columns: z.array(z.string().min(1)).min(1).describe('column names, in order (Kafka values have no header line)'),
      delimiter: z.string().length(1).default(','),
      types: z.record(z.string(), z.enum(['string', 'number', 'integer', 'boolean', 'json'])).optional(),
    })
    .optional(),
  metadataField: z
    .string()
    .default('_kafka')
    .describe('field that receives { topic, partition, offset, key, timestamp, headers }; empty: none'),
  isolation: z.enum(['read_committed', 'read_uncommitted']).default('read_committed'),
  stopAtEnd: z.boolean().default(false).describe('bounded: read up to the end offsets seen at start, then end with the final watermark'),
  pollTimeout: Duration.default(500).describe('how long a fetch waits for new records'),
  time: KafkaTimeSpec.default({ mode: 'kafka' }),
  watermarks: WatermarkSpec.prefault({}),
  schema: SchemaDeclaration.optional(),
}).superRefine((c, ctx) => {
  if ((c.topics === undefined) === (c.topicPattern === undefined))
    ctx.addIssue({ code: 'custom', path: [c.topics === undefined ? 'topics' : 'topicPattern'], message: 'give either topics or topicPattern (one of them)' });
});
export type KafkaSourceConfig = z.output<typeof KafkaSourceConfig>;

export const kafkaSourceSpec: NodeTypeSpec<KafkaSourceConfig> = {
  type: 'kafkaSource',
  version: 1,
  category: 'source',
  label: 'Kafka source',
  description:
    "Reads Kafka topics (a list or a `topicPattern`) like Flink's KafkaSource: partitions are assigned, not group-managed; offsets are checkpointed and restored, and committed to `groupId` after each checkpoint for monitoring only. New partitions and topics are discovered every `partitionDiscoveryInterval`. Partitions are read interleaved by event time. Watermarks are generated per partition and combined by minimum, idle partitions excluded after `idleTimeout`. Values are JSON, CSV or raw strings; a value that cannot be read goes to `errors` with topic, partition and offset. Each record gets `_kafka: { topic, partition, offset, key, timestamp, headers }`. `stopAtEnd` reads up to the end offsets seen at start, then emits the final watermark.",
  inputs: [],
  outputs: [SOURCE_OUT, ERRORS],
  config: KafkaSourceConfig,
  defaults: KafkaSourceConfig.parse({ brokers: ['127.0.0.1:9092'], topics: ['events'] }),
  capabilities: {
    connectionTest: { system: 'kafka', topicField: 'topics', multipleTopics: true },
    expressionFields: ['time'],
    ...KAFKA_SECURITY_CAPABILITIES,
    // `schema`, else a CSV value's columns (untyped ones are strings); `_kafka` only when declared.
    declaredSchema: (c) => {
      const csv = (c as KafkaSourceConfig).format === 'csv' ? (c as KafkaSourceConfig).csv : undefined;
      return schemaField(c) ?? (csv ? { field: 'csv.columns', columns: csvColumns(csv.columns, csv.types ?? {}) } : undefined);
    },
  },
  look: { icon: 'radio-tower', summary: (c) => (Array.isArray(c.topics) ? c.topics.join(', ') : typeof c.topicPattern === 'string' ? `/${c.topicPattern}/` : '') },
};
