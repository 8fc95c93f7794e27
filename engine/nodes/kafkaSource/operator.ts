/** `kafkaSource`: the Kafka connector's source (`engine/connectors/kafka/kafka-source.ts`). */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { kafkaSource } from '../../connectors/kafka/kafka-source.ts';
import type { KafkaSourceConfig } from './spec.ts';

export const kafkaSourceOperator: OperatorFactory<KafkaSourceConfig> = { kind: 'source', create: kafkaSource };
