/**
 * Kafka node types. `kafkaSource` reads one or several topics like Flink's `KafkaSource`:
 * offsets live in checkpoints (never consumer-group commits), watermarks are generated per
 * partition and combined by minimum with idle partitions left out, and `stopAtEnd` makes it
 * bounded (Flink's `setBounded(OffsetsInitializer.latest())`). `kafkaSink` writes like Flink's
 * `KafkaSink` with `DeliveryGuarantee.AT_LEAST_ONCE` or `EXACTLY_ONCE` (see
 * `engine/connectors/kafka/kafka-sink.ts` for how exactly-once survives crashes with kafkajs).
 */
import { z } from 'zod';
import { Duration, KeySpec, TimeSpec, WatermarkSpec } from './common.ts';
import { ANY_KIND, ERRORS, type InputPortSpec, type NodeTypeSpec } from '../node-spec.ts';

/** Brokers and security, passed through to the Kafka client. */
const connection = {
  brokers: z.array(z.string().min(1)).min(1).describe('bootstrap servers, host:port'),
  clientId: z.string().min(1).default('tributary').describe('client id sent to the brokers'),
  ssl: z
    .union([
      z.boolean(),
      z.object({
        rejectUnauthorized: z.boolean().optional(),
        ca: z.string().optional().describe('CA certificate (PEM)'),
        cert: z.string().optional().describe('client certificate (PEM)'),
        key: z.string().optional().describe('client key (PEM)'),
        servername: z.string().optional(),
      }),
    ])
    .optional()
    .describe('TLS: true, or options passed to the client'),
  sasl: z
    .object({
      mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
      username: z.string(),
      password: z.string(),
    })
    .optional()
    .describe('SASL authentication, passed to the client'),
  retryTimeout: Duration.default(60_000).describe('keep retrying an unreachable broker this long before the run fails'),
};

/** Where a fresh run starts reading (a restore always resumes at the checkpointed offsets). */
export const KafkaStartPosition = z.union([
  z.enum(['earliest', 'latest']),
  z.object({ timestamp: z.union([z.number().int(), z.string().min(1)]).describe('first record at or after this time (epoch ms or ISO-8601)') }),
  z.object({
    offsets: z
      .record(z.string(), z.record(z.string(), z.number().int().nonnegative()))
      .describe('{ topic: { partition: offset } }; partitions not listed start at the earliest offset'),
  }),
]);
export type KafkaStartPosition = z.output<typeof KafkaStartPosition>;

/** Event time: the `TimeSpec` modes, or `kafka` for the record's Kafka timestamp. */
export const KafkaTimeSpec = z.discriminatedUnion('mode', [...TimeSpec.options, z.object({ mode: z.literal('kafka') })]);
export type KafkaTimeSpec = z.output<typeof KafkaTimeSpec>;

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
  outputs: [{ id: 'out', label: 'out', kind: 'records' }, ERRORS],
  config: KafkaSourceConfig,
  defaults: KafkaSourceConfig.parse({ brokers: ['127.0.0.1:9092'], topics: ['events'] }),
};

const SINK_IN: InputPortSpec = { id: 'in', label: 'in', accepts: ANY_KIND, multiple: true };

export const KafkaSinkConfig = z.object({
  ...connection,
  topic: z.string().min(1).describe('topic to write (unless `topicField` names another per record)'),
  topicField: z.string().min(1).optional().describe("field holding a record's topic; records without it go to `topic`"),
  key: KeySpec.optional().describe('message key: fields (joined with U+001F) or an expression; none: null key'),
  valueField: z.string().min(1).optional().describe('write only this field as the value (default: the whole record, or the code)'),
  delivery: z.enum(['at-least-once', 'exactly-once']).default('at-least-once'),
  transactionalId: z.string().min(1).optional().describe('exactly-once: transactional id and sink id (default tributary-<node id>)'),
});
export type KafkaSinkConfig = z.output<typeof KafkaSinkConfig>;

export const kafkaSinkSpec: NodeTypeSpec<KafkaSinkConfig> = {
  type: 'kafkaSink',
  version: 1,
  category: 'sink',
  label: 'Kafka sink',
  description:
    "Writes records to Kafka like Flink's KafkaSink. Value: the record as JSON, a field, or the node's code; key from fields or an expression; topic per record optional. `at-least-once`: idempotent producer, unacknowledged records kept in the checkpoint and re-sent after a restore. `exactly-once`: each checkpoint epoch's output is kept in the checkpoint and committed in one Kafka transaction once the checkpoint completes; records carry `tributary-sink`/`tributary-epoch` headers so a restore learns which epochs are committed (read_committed readers see every record once).",
  inputs: [SINK_IN],
  outputs: [],
  config: KafkaSinkConfig,
  defaults: KafkaSinkConfig.parse({ brokers: ['127.0.0.1:9092'], topic: 'results' }),
  code: {
    kind: 'expression',
    params: ['event'],
    required: false,
    template: 'event',
    contract: '(event) => value: an object (written as JSON) or a string; used instead of the whole record',
  },
};
