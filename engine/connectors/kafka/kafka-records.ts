/**
 * A fetched Kafka record made ready for the source's merge by event time: its value decoded
 * (Flink's `DeserializationSchema`), `_kafka` metadata attached and its event timestamp
 * assigned — or, when the value cannot be read or the time cannot be taken, the reason it goes
 * to `errors`. Decoding happens when the fetch arrives, because the merge needs the timestamps;
 * counting and emitting happen when the record's turn comes.
 */
import type { KafkaSourceConfig } from '../../nodes/kafkaSource/spec.ts';
import { expressionTimestampAssigner, fieldTimestampAssigner, type TimestampAssigner } from '../../runtime/event-time.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';
import type { DataRecord } from '../../runtime/record.ts';
import type { KafkaMessage } from './client.ts';
import { valueDecoder } from './value-format.ts';

/** What code and event-time expressions see on each record (field `metadataField`). */
export interface KafkaRecordMetadata {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  /** Kafka timestamp, epoch ms. */
  timestamp: number;
  headers: Record<string, string>;
}

/**
 * A record waiting for its turn. `order` is what the merge sorts by: the event timestamp, or
 * the Kafka timestamp for processing time and for errors. `timestamp` is undefined in
 * processing-time mode (it is the wall clock at emission).
 */
export type PendingRecord =
  | { kind: 'record'; offset: number; order: number; row: DataRecord; timestamp: number | undefined; message: KafkaMessage }
  | { kind: 'error'; offset: number; order: number; reason: string; message: KafkaMessage };

function timestampAssigner(ctx: OperatorContext<KafkaSourceConfig>): TimestampAssigner | 'kafka' | 'processing' {
  const time = ctx.config.time;
  if (time.mode === 'kafka' || time.mode === 'processing') return time.mode;
  if (time.mode === 'event') return fieldTimestampAssigner(time.field, time.format);
  return expressionTimestampAssigner(ctx.userCode<(e: DataRecord) => unknown>('time'));
}

/** A function that readies each fetched record (user time expressions run under the watchdog). */
export function recordPreparer(ctx: OperatorContext<KafkaSourceConfig>): (m: KafkaMessage) => PendingRecord {
  const decode = valueDecoder(ctx.config);
  const assign = timestampAssigner(ctx);
  const meta = ctx.config.metadataField;
  return (m) => {
    const decoded = decode(m.value);
    if ('reason' in decoded) return { kind: 'error', offset: m.offset, order: m.timestamp, reason: decoded.reason, message: m };
    const row = decoded.row;
    if (meta !== '') {
      const md: KafkaRecordMetadata = { topic: m.topic, partition: m.partition, offset: m.offset, key: m.key === null ? null : m.key.toString('utf8'), timestamp: m.timestamp, headers: m.headers };
      row[meta] = md;
    }
    if (assign === 'kafka') return { kind: 'record', offset: m.offset, order: m.timestamp, row, timestamp: m.timestamp, message: m };
    if (assign === 'processing') return { kind: 'record', offset: m.offset, order: m.timestamp, row, timestamp: undefined, message: m };
    try {
      ctx.guard.enter();
      const ts = assign(row);
      ctx.guard.exit();
      return { kind: 'record', offset: m.offset, order: ts, row, timestamp: ts, message: m };
    } catch (e) {
      ctx.guard.exit();
      return { kind: 'error', offset: m.offset, order: m.timestamp, reason: (e as Error).message, message: m };
    }
  };
}
