/**
 * Output rows as records: column name → the value's JSON form (`encodeValue`: timestamps as
 * ISO-8601 UTC with milliseconds and `Z`, DECIMAL as a string, BIGINT as a number when it is
 * safe, …), columns in the query's order. Window bounds repeat across keys, so timestamp texts
 * are cached (bounded).
 */
import type { DataRecord } from '../../../runtime/record.ts';
import { encodeValue, type SqlColumn, type SqlRow, type SqlType, type SqlValue } from '../../../sql/index.ts';

type Encode = (v: SqlValue) => unknown;

function encoderOf(type: SqlType): Encode {
  switch (type.kind) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'CHAR':
    case 'VARCHAR':
      return (v) => v;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const cache = new Map<number, string>();
      return (v) => {
        if (v === null) return null;
        let s = cache.get(v as number);
        if (s === undefined) {
          if (cache.size >= 4096) cache.clear();
          s = encodeValue(type, v) as string;
          cache.set(v as number, s);
        }
        return s;
      };
    }
    default:
      return (v) => encodeValue(type, v);
  }
}

/** A function from output rows to records. */
export function rowEncoder(fields: readonly SqlColumn[]): (row: SqlRow) => DataRecord {
  const names = fields.map((f) => f.name);
  const encoders = fields.map((f) => encoderOf(f.type));
  const n = names.length;
  return (row) => {
    const out: DataRecord = {};
    for (let i = 0; i < n; i++) out[names[i] as string] = (encoders[i] as Encode)(row[i] ?? null);
    return out;
  };
}
