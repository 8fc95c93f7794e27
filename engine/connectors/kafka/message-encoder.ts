/**
 * Turning a row into a Kafka message (Flink's `KafkaRecordSerializationSchema`): the value is
 * the node's code result, else `valueField`, else the whole row — objects as JSON, strings as
 * they are, null/undefined as a null value (a tombstone); the key comes from `key` (fields joined
 * with U+001F, or an expression), else null; the topic from `topicField` when the row has a
 * string there, else `topic`.
 */
import type { KafkaSinkConfig } from '../../nodes/kafkaSink/spec.ts';
import { expressionKeySelector, fieldKeySelector, type KeySelector } from '../../runtime/key-selector.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import { ownField } from '../../runtime/own-field.ts';
import type { DataRecord } from '../../runtime/record.ts';
import type { OutgoingMessage } from './client.ts';

function serialize(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export type MessageEncoder = (row: DataRecord) => OutgoingMessage;

export function messageEncoder(ctx: OperatorContext<KafkaSinkConfig>): MessageEncoder {
  const config = ctx.config;
  const spec = config.key;
  const key: KeySelector | undefined =
    spec === undefined ? undefined : 'fields' in spec ? fieldKeySelector(spec.fields) : expressionKeySelector(ctx.userCode<(e: DataRecord) => unknown>('key'));
  const code = ctx.hasUserCode() ? ctx.userCode<(e: DataRecord) => unknown>() : undefined;
  const valueField = config.valueField;
  const topicField = config.topicField;
  const guarded = <T>(fn: () => T): T => {
    ctx.guard.enter();
    try {
      return fn();
    } catch (error) {
      throw new Error(`node ${ctx.nodeId}: ${(error as Error).message}`, { cause: error });
    } finally {
      ctx.guard.exit();
    }
  };
  return (row) => {
    const value = code ? guarded(() => code(row)) : valueField !== undefined ? ownField(row, valueField) : row;
    const topicValue = topicField === undefined ? undefined : ownField(row, topicField);
    return {
      topic: typeof topicValue === 'string' && topicValue.length > 0 ? topicValue : config.topic,
      key: key ? guarded(() => key.key(row)) : null,
      value: serialize(value),
    };
  };
}
