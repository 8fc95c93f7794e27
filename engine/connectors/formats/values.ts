/**
 * Values decoded from binary formats made JSON-like, since records are plain data that cross
 * threads, checkpoints and the studio as JSON: 64-bit integers become numbers when they are
 * safe integers (|n| ≤ 2^53 − 1) and decimal strings otherwise (as Flink's JSON format would
 * lose nothing), timestamps become epoch milliseconds (the engine's event-time unit), bytes
 * become base64 strings (Flink's JSON format for BYTES), maps become objects.
 */
import type { DataRecord } from '../../runtime/record.ts';

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** `value` as JSON-like data (see the file header). Plain numbers, strings, booleans and null pass as they are. */
export function plainValue(value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
    case 'object': {
      if (value === null) return null;
      if (value instanceof Date) return value.getTime();
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      if (Array.isArray(value)) return value.map(plainValue);
      if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plainValue(v)]));
      return plainRecord(value as Record<string, unknown>);
    }
    case 'undefined':
      return null;
    default:
      return value;
  }
}

/** A decoded row as a `DataRecord`; a row with only plain fields is returned as it is. */
export function plainRecord(row: Record<string, unknown>): DataRecord {
  let copy: DataRecord | undefined;
  for (const key in row) {
    const v = row[key];
    const t = typeof v;
    if (t === 'number' || t === 'string' || t === 'boolean' || v === null) continue;
    copy ??= { ...row };
    copy[key] = plainValue(v);
  }
  return copy ?? row;
}
