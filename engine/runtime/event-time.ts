/**
 * Reading a record's event time, in epoch milliseconds. Accepted values: a number (epoch ms,
 * or seconds with `epochSeconds`), an ISO-8601 string (read as UTC when it has no zone, so a
 * run gives the same result on every machine), or `yyyy/MM/dd HH:mm[:ss]` (read as UTC).
 */
import type { TimeFormat } from '../pipeline/nodes/common.ts';
import type { Row } from './row.ts';

const SLASHED = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

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
    const m = SLASHED.exec(value);
    if (m) return Date.UTC(+(m[1] as string), +(m[2] as string) - 1, +(m[3] as string), +(m[4] as string), +(m[5] as string), m[6] ? +m[6] : 0);
    if (format === 'yyyy/MM/dd HH:mm') return undefined;
  }
  const ms = Date.parse(ISO_NO_ZONE.test(value) ? (value.includes('T') ? `${value}Z` : `${value}T00:00:00Z`) : value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Extracts a record's timestamp, or throws an Error whose message says why not. */
export type TimestampAssigner = (row: Row) => number;

export function fieldTimestampAssigner(field: string, format: TimeFormat): TimestampAssigner {
  return (row) => {
    const value = row[field];
    const ms = parseEventTime(value, format);
    if (ms === undefined)
      throw new Error(value === undefined ? `no field "${field}" for the event time` : `field "${field}" is not a time (${format}): ${JSON.stringify(value)}`);
    return ms;
  };
}

export function expressionTimestampAssigner(fn: (event: Row) => unknown): TimestampAssigner {
  return (row) => {
    const value = fn(row);
    const ms = value instanceof Date ? value.getTime() : parseEventTime(value, 'auto');
    if (ms === undefined) throw new Error(`the event-time expression returned ${JSON.stringify(value)}, not a time`);
    return ms;
  };
}
