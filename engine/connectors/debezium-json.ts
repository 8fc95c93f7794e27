/**
 * Debezium JSON change events, decoded as Flink's `debezium-json` format
 * (`DebeziumJsonDeserializationSchema`) does: `op` `c` (create) and `r` (snapshot read) give
 * `+I` of `after`; `u` gives `-U` of `before` then `+U` of `after`; `d` gives `-D` of `before`.
 * An envelope written with its schema (`{ "schema": …, "payload": { … } }`, Debezium's
 * `value.converter.schemas.enable`) is unwrapped; one whose `payload` is null is a tombstone and
 * skipped, as Flink skips empty messages. The event time is `source.ts_ms` (when the change
 * happened in the database; Flink's `value.source.timestamp` metadata), unless the source
 * reads its own `time` from the rows. A missing `before` on an update or delete (a Postgres
 * table without `REPLICA IDENTITY FULL`), an unknown `op` or a missing row is an error naming
 * what is wrong, as Flink's messages do; Flink fails the job there, Tributary sends the event
 * to `errors` and goes on.
 */
import type { DecodedChange } from './source-emitter.ts';
import type { DataRecord } from '../runtime/record.ts';
import { withKind } from '../runtime/changelog/row-kind.ts';

function isObject(v: unknown): v is DataRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The reason an envelope lacks the row image its `op` needs. */
function missing(name: 'before' | 'after', value: unknown, op: string): string {
  return (
    `the "${name}" field of a Debezium "${op}" event is ${value === undefined ? 'missing' : JSON.stringify(value)}` +
    (name === 'before' ? ' (a Postgres table needs REPLICA IDENTITY FULL for its old rows)' : '')
  );
}

/**
 * Decodes one Debezium JSON envelope into its changes (rows carry their `RowKind`).
 * @param sourceTime take `source.ts_ms` as the event time (else the caller's `time` applies)
 * @returns the changes, `null` for a tombstone, or the reason the envelope is unusable
 */
export function decodeDebezium(envelope: DataRecord, sourceTime: boolean): DecodedChange {
  let e = envelope;
  if ('payload' in e && 'schema' in e) {
    if (e.payload === null) return null;
    if (!isObject(e.payload)) return 'the "payload" of a Debezium envelope with a schema must be an object';
    e = e.payload;
  }
  let timestamp: number | undefined;
  if (sourceTime) {
    const ts = isObject(e.source) ? e.source.ts_ms : undefined;
    if (typeof ts !== 'number' || !Number.isFinite(ts)) return 'no "source.ts_ms" (epoch ms) for the event time: set the source\'s "time" to read it from the rows';
    timestamp = ts;
  }
  const { before, after, op } = e;
  switch (op) {
    case 'c':
    case 'r':
      return isObject(after) ? { rows: [after], timestamp } : missing('after', after, op);
    case 'u':
      if (!isObject(before)) return missing('before', before, op);
      return isObject(after) ? { rows: [withKind(before, '-U'), withKind(after, '+U')], timestamp } : missing('after', after, op);
    case 'd':
      return isObject(before) ? { rows: [withKind(before, '-D')], timestamp } : missing('before', before, op);
    default:
      return `unknown Debezium "op" ${JSON.stringify(op) ?? 'undefined'} (expected c, r, u or d)`;
  }
}
