/**
 * `kafkaSink`: writes like Flink's `KafkaSink` with `DeliveryGuarantee.AT_LEAST_ONCE` or
 * `EXACTLY_ONCE` (see `engine/connectors/kafka/kafka-sink.ts` for how exactly-once survives
 * crashes with kafkajs).
 */
import { z } from 'zod';
import { KeySpec } from '../../pipeline/config-schemas.ts';
import type { NodeTypeSpec } from '../../pipeline/node-spec.ts';
import { connection, KAFKA_SECURITY_CAPABILITIES } from '../common/kafka-config.ts';
import { SINK_IN } from '../common/ports.ts';
import { str } from '../common/looks.ts';

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
  capabilities: { connectionTest: { system: 'kafka', topicField: 'topic', multipleTopics: false }, expressionFields: ['key'], ...KAFKA_SECURITY_CAPABILITIES },
  look: { icon: 'send', summary: (c) => [str(c.topic), str(c.delivery)].filter(Boolean).join(' · ') },
  code: {
    kind: 'expression',
    params: ['event'],
    required: false,
    template: 'event',
    contract: '(event) => value: an object (written as JSON) or a string; used instead of the whole record',
  },
};
