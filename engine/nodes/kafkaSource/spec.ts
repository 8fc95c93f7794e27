/**
 * `kafkaSource`: reads one or several topics like Flink's `KafkaSource`: offsets live in
 * checkpoints (never consumer-group commits), watermarks are generated per partition and
 * combined by minimum with idle partitions left out, and `stopAtEnd` makes it bounded (Flink's
 * `setBounded(OffsetsInitializer.latest())`).
 */
import { z } from 'zod';
import { Duration, WatermarkSpec } from '../../pipeline/config-schemas.ts';
import { ERRORS, type NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { connection, KafkaStartPosition, KafkaTimeSpec } from '../common/kafka-config.ts';
import { SOURCE_OUT } from '../common/ports.ts';
import { csvColumns, SchemaDeclaration, schemaField } from '../common/schema.ts';

export const KafkaSourceConfig = z.object({
  ...connection,
  topics: z.array(z.string().min(1)).min(1).describe('topics to read'),
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
});
export type KafkaSourceConfig = z.output<typeof KafkaSourceConfig>;

export const kafkaSourceSpec: NodeTypeSpec<KafkaSourceConfig> = {
  type: 'kafkaSource',
  version: 1,
  category: 'source',
  label: 'Kafka source',
  description:
    "Reads Kafka topics like Flink's KafkaSource: partitions are assigned, not group-managed; offsets are checkpointed and restored (consumer groups are not used). Watermarks are generated per partition and combined by minimum, idle partitions excluded after `idleTimeout`. Values are JSON, CSV or raw strings; a value that cannot be read goes to `errors` with topic, partition and offset. Each record gets `_kafka: { topic, partition, offset, key, timestamp, headers }`. `stopAtEnd` reads up to the end offsets seen at start, then emits the final watermark.",
  inputs: [],
  outputs: [SOURCE_OUT, ERRORS],
  config: KafkaSourceConfig,
  defaults: KafkaSourceConfig.parse({ brokers: ['127.0.0.1:9092'], topics: ['events'] }),
  capabilities: {
    connectionTest: { system: 'kafka', topicField: 'topics', multipleTopics: true },
    expressionFields: ['time'],
    // `schema`, else a CSV value's columns (untyped ones are strings); `_kafka` only when declared.
    declaredSchema: (c) => {
      const csv = (c as KafkaSourceConfig).format === 'csv' ? (c as KafkaSourceConfig).csv : undefined;
      return schemaField(c) ?? (csv ? { field: 'csv.columns', columns: csvColumns(csv.columns, csv.types ?? {}) } : undefined);
    },
  },
  look: { icon: '⇉', summary: (c) => (Array.isArray(c.topics) ? c.topics.join(', ') : '') },
};
