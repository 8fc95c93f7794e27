/**
 * SQL values to and from JSON, for input records, output records and literals in a plan.
 *
 * Output (`encodeValue`): timestamps (TIMESTAMP and TIMESTAMP_LTZ) as ISO-8601 UTC with
 * milliseconds and `Z` (`2001-01-01T06:00:00.000Z`), DECIMAL as a string with exactly its
 * scale's digits (`"12.50"`), DATE as `yyyy-MM-dd`, TIME as `HH:mm:ss[.SSS]`, BINARY as base64,
 * BIGINT as a number when it is a safe integer (|v| ≤ 2^53 - 1) and as a string of digits
 * otherwise (JSON readers would round it), FLOAT/DOUBLE as numbers except NaN and ±Infinity,
 * which JSON cannot hold (`"NaN"`, `"Infinity"`, `"-Infinity"`) — FLOAT as its shortest
 * decimal (`0.3`) —, ARRAY as an array, ROW as an
 * object by field name, MAP as an object when its keys are strings and as `[key, value]` pairs
 * otherwise. Everything else is the natural JSON value.
 *
 * Input (`decodeValue`) accepts those forms back, and the forms sources produce: numbers or
 * numeric strings for numerics, epoch milliseconds or ISO strings (with or without a zone; no
 * zone reads as UTC) for timestamps, any primitive for strings (as Flink's JSON format reads a
 * number into a STRING field). A value that does not fit its type throws `SqlRuntimeError`.
 */
import { SqlRuntimeError } from '../runtime-error.ts';
import { decimalFromDouble, fitDecimal, formatDecimal, parseDecimalText } from './decimal.ts';
import { formatType, isCharacter, type SqlType } from './sql-type.ts';
import { formatDate, formatIsoTimestamp, formatTime, parseDate, parseTime, MS_PER_DAY } from './temporal.ts';
import { isDecimalValue, type SqlValue } from './values.ts';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const INT_RANGE: Record<string, [number, number]> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
};
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The shortest decimal that reads back as the same 32-bit float (`0.3`, not
 * `0.30000001192092896`), as Java's `Float.toString` prints it.
 */
export function shortestFloat(f: number): number {
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

/** The JSON form of `value` of `type` (see the file header). */
export function encodeValue(type: SqlType, value: SqlValue): JsonValue {
  if (value === null) return null;
  switch (type.kind) {
    case 'BIGINT': {
      const b = value as bigint;
      return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : b.toString();
    }
    case 'FLOAT':
    case 'DOUBLE': {
      const d = value as number;
      if (!Number.isFinite(d)) return String(d);
      return type.kind === 'FLOAT' ? shortestFloat(d) : d;
    }
    case 'DECIMAL':
      return formatDecimal(value as { unscaled: bigint; scale: number });
    case 'BINARY':
    case 'VARBINARY':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'DATE':
      return formatDate(value as number);
    case 'TIME': {
      const t = value as number;
      return formatTime(t, t % 1000 !== 0 ? Math.max(3, type.precision) : type.precision);
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return formatIsoTimestamp(value as number);
    case 'ARRAY':
      return (value as readonly SqlValue[]).map((v) => encodeValue(type.element, v));
    case 'ROW': {
      const out: Record<string, JsonValue> = {};
      const vs = value as readonly SqlValue[];
      type.fields.forEach((f, i) => (out[f.name] = encodeValue(f.type, vs[i] ?? null)));
      return out;
    }
    case 'MAP': {
      const m = value as ReadonlyMap<SqlValue, SqlValue>;
      if (isCharacter(type.key)) {
        const out: Record<string, JsonValue> = {};
        for (const [k, v] of m) out[k as string] = encodeValue(type.value, v);
        return out;
      }
      return [...m].map(([k, v]) => [encodeValue(type.key, k), encodeValue(type.value, v)]);
    }
    default:
      return value as JsonValue;
  }
}

function bad(type: SqlType, raw: unknown, why = ''): never {
  const shown = typeof raw === 'string' ? `'${raw}'` : JSON.stringify(raw);
  throw new SqlRuntimeError(`Cannot read ${shown} as ${formatType(type)}${why === '' ? '' : `: ${why}`}.`);
}

function integer(type: SqlType, raw: unknown): number {
  const n = typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n)) bad(type, raw);
  const [lo, hi] = INT_RANGE[type.kind]!;
  if (n < lo || n > hi) bad(type, raw, 'out of range');
  return n;
}

function timestamp(type: SqlType, raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw)) return Math.trunc(raw);
  if (typeof raw !== 'string') bad(type, raw);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(raw.trim());
  if (m === null) bad(type, raw, 'expected ISO-8601 like 2001-01-01T06:00:00.000Z or epoch milliseconds');
  const days = parseDate(m[1]!);
  const time = m[2] === undefined ? 0 : parseTime(m[2]);
  if (days === null || time === null) bad(type, raw);
  let ms = days * MS_PER_DAY + time;
  const zone = m[3];
  if (zone !== undefined && zone !== 'Z') {
    const z = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
    ms -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  return ms;
}

/**
 * The SQL value of JSON `raw` for a column of `type`; `undefined` and `null` are NULL.
 * @throws SqlRuntimeError when the value does not fit the type (a NOT NULL column given null
 *   included), naming the value and the type.
 */
export function decodeValue(type: SqlType, raw: unknown): SqlValue {
  if (raw === null || raw === undefined) {
    if (!type.nullable) bad(type, null, 'the column is NOT NULL');
    return null;
  }
  switch (type.kind) {
    case 'BOOLEAN':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
      return bad(type, raw);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return integer(type, raw);
    case 'BIGINT': {
      if (typeof raw === 'bigint') return BigInt.asIntN(64, raw) === raw ? raw : bad(type, raw.toString(), 'out of range');
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return BigInt(raw);
      if (typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw)) {
        const b = BigInt(raw.trim());
        return BigInt.asIntN(64, b) === b ? b : bad(type, raw, 'out of range');
      }
      return bad(type, raw);
    }
    case 'FLOAT':
    case 'DOUBLE': {
      const d = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (Number.isNaN(d) && raw !== 'NaN') bad(type, raw);
      return type.kind === 'FLOAT' ? Math.fround(d) : d;
    }
    case 'DECIMAL': {
      const v = typeof raw === 'number' ? decimalFromDouble(raw) : typeof raw === 'string' ? parseDecimalText(raw) : isDecimalValue(raw as SqlValue) ? (raw as { unscaled: bigint; scale: number }) : null;
      if (v === null) bad(type, raw);
      const fitted = fitDecimal(v, type.precision, type.scale);
      return fitted ?? bad(type, raw, 'too many digits');
    }
    case 'CHAR':
    case 'VARCHAR':
      return typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    case 'BINARY':
    case 'VARBINARY':
      if (raw instanceof Uint8Array) return raw;
      return typeof raw === 'string' ? new Uint8Array(Buffer.from(raw, 'base64')) : bad(type, raw);
    case 'DATE': {
      const d = typeof raw === 'string' ? parseDate(raw) : null;
      return d ?? bad(type, raw, 'expected yyyy-MM-dd');
    }
    case 'TIME': {
      const t = typeof raw === 'string' ? parseTime(raw) : typeof raw === 'number' ? raw : null;
      return t ?? bad(type, raw, 'expected HH:mm:ss');
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return timestamp(type, raw);
    case 'INTERVAL_DAY_TIME':
    case 'INTERVAL_YEAR_MONTH':
      return typeof raw === 'number' ? raw : bad(type, raw);
    case 'ARRAY':
      return Array.isArray(raw) ? raw.map((v) => decodeValue(type.element, v)) : bad(type, raw);
    case 'ROW': {
      if (Array.isArray(raw)) return type.fields.map((f, i) => decodeValue(f.type, raw[i]));
      if (typeof raw !== 'object') return bad(type, raw);
      const o = raw as Record<string, unknown>;
      return type.fields.map((f) => decodeValue(f.type, o[f.name]));
    }
    case 'MAP': {
      const m = new Map<SqlValue, SqlValue>();
      if (Array.isArray(raw)) for (const [k, v] of raw as [unknown, unknown][]) m.set(decodeValue(type.key, k), decodeValue(type.value, v));
      else if (typeof raw === 'object') for (const [k, v] of Object.entries(raw as object)) m.set(decodeValue(type.key, k), decodeValue(type.value, v));
      else bad(type, raw);
      return m;
    }
    default:
      return bad(type, raw);
  }
}
