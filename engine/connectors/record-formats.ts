/**
 * Turning file contents into records: JSON Lines (one object per line), CSV values (typed
 * columns; the records themselves come from `csv-records.ts`) and JSON arrays. A record that
 * cannot be read becomes a `BadRecord` with its line number and reason; reading goes on.
 */
import { extname } from 'node:path';
import type { CastingContext } from 'csv-parse';
import type { DataRecord } from '../runtime/record.ts';

export type RecordFormat = 'jsonl' | 'csv' | 'json';

export interface ReadRecord {
  row: DataRecord;
  line: number;
}

export interface BadRecord {
  line: number;
  reason: string;
  raw: string;
}

/** `auto` resolved by extension: `.jsonl`/`.ndjson`, `.csv`/`.tsv`, `.json`. @throws Error for others. */
export function resolveFormat(path: string, format: 'auto' | RecordFormat): RecordFormat {
  if (format !== 'auto') return format;
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.json') return 'json';
  throw new Error(`cannot tell the format of ${path} from its extension; set "format" to jsonl, csv or json`);
}

/** Parses one JSON Lines line. Blank lines are skipped (`undefined`). */
export function parseJsonLine(text: string, line: number): ReadRecord | BadRecord | undefined {
  if (text.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (text.trim().length === 0) return undefined;
    return { line, reason: `malformed JSON: ${(error as Error).message}`, raw: text };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { line, reason: 'a line must hold a JSON object', raw: text };
  return { row: value as DataRecord, line };
}

export type ColumnType = 'string' | 'number' | 'integer' | 'boolean' | 'json';

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A field value that does not fit its column's type. csv-parse treats an exception thrown by
 * `cast` as fatal (the parser stops), so `csvCast` returns this marker instead and the reader
 * turns the record into a `BadRecord`.
 */
export class CastFailure {
  constructor(readonly message: string) {}
}

/**
 * A csv-parse `cast` function: listed columns get their type (a value that does not fit
 * becomes a `CastFailure`, making the record an error), others become numbers when they look
 * like numbers. Empty fields are null.
 */
export function csvCast(types: Record<string, ColumnType> = {}) {
  return (value: string, context: CastingContext): unknown => {
    if (context.header) return value;
    const column = String(context.column);
    // Own keys only: a column named `constructor` has no type unless one is listed for it.
    const type = Object.hasOwn(types, column) ? types[column] : undefined;
    if (value === '') return null;
    switch (type) {
      case 'string':
        return value;
      case 'number':
      case 'integer': {
        const n = Number(value);
        if (!NUMBER.test(value.trim()) || (type === 'integer' && !Number.isInteger(n)))
          return new CastFailure(`column "${column}" expects ${type === 'integer' ? 'an integer' : 'a number'}, got "${value}"`);
        return n;
      }
      case 'boolean':
        if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
        return new CastFailure(`column "${column}" expects true or false, got "${value}"`);
      case 'json':
        try {
          return JSON.parse(value) as unknown;
        } catch (error) {
          return new CastFailure(`column "${column}" expects JSON: ${(error as Error).message}`);
        }
      default:
        return NUMBER.test(value) ? Number(value) : value;
    }
  };
}

export function isBad(r: ReadRecord | BadRecord): r is BadRecord {
  return 'reason' in r;
}
