/** `kafkaSink`: the Kafka connector's sink (`engine/connectors/kafka/kafka-sink.ts`). */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { kafkaSink } from '../../connectors/kafka/kafka-sink.ts';
import type { KafkaSinkConfig } from './spec.ts';

export const kafkaSinkOperator: OperatorFactory<KafkaSinkConfig> = { kind: 'operator', create: kafkaSink };
