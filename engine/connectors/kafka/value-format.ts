/**
 * Turning a Kafka record's value into a row (Flink's `DeserializationSchema`): `json` — a JSON
 * object; `csv` — one delimited line read with the configured column names and types (the
 * file source's casting rules); `raw` — the value as a UTF-8 string in field `value`. A value
 * that cannot be read gives a reason instead, and the source sends it to `errors`.
 */
import { parse } from 'csv-parse/sync';
import type { KafkaSourceConfig } from '../../nodes/kafkaSource/spec.ts';
import type { DataRecord } from '../../runtime/record.ts';
import { CastFailure, csvCast } from '../record-formats.ts';

export type Decoded = { row: DataRecord } | { reason: string };

export type ValueDecoder = (value: Buffer | null) => Decoded;

function decodeJson(value: Buffer | null): Decoded {
  if (value === null) return { reason: 'null value (tombstone)' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { reason: 'the value must be a JSON object' };
  return { row: parsed as DataRecord };
}

function csvDecoder(options: NonNullable<KafkaSourceConfig['csv']>): ValueDecoder {
  const cast = csvCast(options.types);
  return (value) => {
    if (value === null) return { reason: 'null value (tombstone)' };
    let rows: DataRecord[];
    try {
      rows = parse(value.toString('utf8'), { columns: options.columns, delimiter: options.delimiter, cast, skip_empty_lines: true }) as DataRecord[];
    } catch (error) {
      return { reason: `malformed CSV: ${(error as Error).message}` };
    }
    const row = rows[0];
    if (rows.length !== 1 || row === undefined) return { reason: `malformed CSV: expected one line, got ${rows.length}` };
    for (const v of Object.values(row)) if (v instanceof CastFailure) return { reason: `malformed CSV: ${v.message}` };
    return { row };
  };
}

/** The decoder for the source's `format`. @throws Error for `csv` without `csv.columns`. */
export function valueDecoder(config: KafkaSourceConfig): ValueDecoder {
  switch (config.format) {
    case 'json':
      return decodeJson;
    case 'raw':
      return (value) => ({ row: { value: value === null ? null : value.toString('utf8') } });
    case 'csv':
      if (!config.csv) throw new Error('format "csv" needs "csv": { "columns": [...] } (Kafka values have no header line)');
      return csvDecoder(config.csv);
  }
}
