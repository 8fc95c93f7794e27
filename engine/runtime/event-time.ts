/**
 * Reading a record's event time, in epoch milliseconds. Accepted values: a number (epoch ms,
 * or seconds with `epochSeconds`), an ISO-8601 string (read as UTC when it has no zone, so a
 * run gives the same result on every machine), or `yyyy/MM/dd HH:mm[:ss]` (read as UTC).
 */
import type { TimeFormat } from '../pipeline/config-schemas.ts';
import { inheritable, own } from './own-field.ts';
import type { DataRecord } from './record.ts';

const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** `yyyy/MM/dd HH:mm[:ss]` without a regex (the flights' format; on the replay hot path). */
function parseSlashed(s: string): number | undefined {
  if ((s.length !== 16 && s.length !== 19) || s.charCodeAt(4) !== 47 || s.charCodeAt(7) !== 47 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58)
    return undefined;
  if (s.length === 19 && s.charCodeAt(16) !== 58) return undefined;
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = s.length === 19 ? digits(s, 17, 2) : 0;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59)) return undefined;
  const ms = Date.UTC(digits(s, 0, 4), month - 1, day, hour, minute, second);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Parses one time value.
 * @returns epoch ms, or `undefined` when the value is not a time in `format`.
 */
export function parseEventTime(value: unknown, format: TimeFormat = 'auto'): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return format === 'epochSeconds' ? value * 1000 : value;
  }
  if (typeof value !== 'string' || format === 'epochMillis' || format === 'epochSeconds') {
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return parseEventTime(Number(value), format);
    return undefined;
  }
  if (format !== 'iso') {
    const ms = parseSlashed(value);
    if (ms !== undefined || format === 'yyyy/MM/dd HH:mm') return ms;
  }
  const ms = Date.parse(ISO_NO_ZONE.test(value) ? (value.includes('T') ? `${value}Z` : `${value}T00:00:00Z`) : value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Extracts a record's timestamp, or throws an Error whose message says why not. */
export type TimestampAssigner = (row: DataRecord) => number;

export function fieldTimestampAssigner(field: string, format: TimeFormat): TimestampAssigner {
  const mayInherit = inheritable(field);
  return (row) => {
    const value = own(row, field, row[field], mayInherit);
    const ms = parseEventTime(value, format);
    if (ms === undefined)
      throw new Error(value === undefined ? `no field "${field}" for the event time` : `field "${field}" is not a time (${format}): ${JSON.stringify(value)}`);
    return ms;
  };
}

export function expressionTimestampAssigner(fn: (event: DataRecord) => unknown): TimestampAssigner {
  return (row) => {
    const value = fn(row);
    const ms = value instanceof Date ? value.getTime() : parseEventTime(value, 'auto');
    if (ms === undefined) throw new Error(`the event-time expression returned ${JSON.stringify(value)}, not a time`);
    return ms;
  };
}
